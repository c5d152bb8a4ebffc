#include "server/reports/consultation_tally.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "server/reports/report_internals.h"
#include "server/reports/report_service.h"

namespace soundings::server {

namespace {

// The venue id a response was stored with, as a segment of the folding template only: its options
// are the venue ids of the responses being added, so every stored id gets a column.
constexpr const char* kStoredVenue = "@stored_venue";

Item SingleChoice(const std::string& id, const std::set<std::string>& values) {
  Item item;
  item.id = id;
  item.type = ItemType::kSingleChoice;
  for (const auto& v : values) item.options.push_back({v, {{"en", v}}});
  return item;
}

bool CrossTabulable(const Item& item) {
  return item.type == ItemType::kSingleChoice || item.type == ItemType::kYesNo ||
         item.type == ItemType::kLikert;
}

bool IsVenueSegment(const std::string& id) {
  return id == kVenueSegment || id == kAreaSegment || id == kSettlementSegment ||
         id == kWardSegment;
}

// The category a venue falls in for a venue segment; "" (not answered) when it has none.
const std::string& VenueCategory(const VenueRow& venue, const std::string& segment) {
  if (segment == kVenueSegment) return venue.id;
  if (segment == kAreaSegment) return venue.area;
  if (segment == kSettlementSegment) return venue.settlement;
  return venue.ward;
}

}  // namespace

bool IsWithheldCategory(const std::string& value) {
  return value == kPreferNotToSay || value == kNotApplicable || value == kNotAnswered;
}

Result<CrossTabCategories> MarginCategories(const Template& tmpl, const std::string& id) {
  auto categories = CrossTabCategoriesOf(tmpl, id, true);
  if (!categories) return categories;
  categories->values.emplace_back(kNotAnswered);
  return categories;
}

std::size_t MarginIndex(const CrossTabCategories& categories, const Answers& answers) {
  auto index = categories.IndexOf(answers);
  // An answer literally "not_answered" is no answer either: it lands in the same last category.
  return index ? *index : categories.values.size() - 1;
}

Result<ContingencyTable> MarginTable(const Template& tmpl, const std::string& question,
                                     const std::string& segment, const ResponseRefs& answers) {
  auto rows = MarginCategories(tmpl, question);
  auto columns = MarginCategories(tmpl, segment);
  Problems problems = rows.problems();
  problems.insert(problems.end(), columns.problems().begin(), columns.problems().end());
  if (!problems.empty()) return problems;
  ContingencyTable table;
  table.row_values = rows->values;
  table.column_values = columns->values;
  table.counts.assign(table.row_values.size(), std::vector<int>(table.column_values.size(), 0));
  for (const Answers* a : answers)
    ++table.counts[MarginIndex(*rows, *a)][MarginIndex(*columns, *a)];
  return table;
}

void DropEmptyNotAnswered(RawDistribution& distribution) {
  if (distribution.values.empty() || distribution.values.back() != kNotAnswered) return;
  if (distribution.counts.size() == distribution.values.size() && distribution.counts.back() != 0)
    return;
  distribution.values.pop_back();
  distribution.counts.resize(distribution.values.size());
}

void DropEmptyNotAnswered(ContingencyTable& table) {
  if (!table.row_values.empty() && table.row_values.back() == kNotAnswered &&
      std::all_of(table.counts.back().begin(), table.counts.back().end(),
                  [](int c) { return c == 0; })) {
    table.row_values.pop_back();
    table.counts.pop_back();
  }
  if (!table.column_values.empty() && table.column_values.back() == kNotAnswered &&
      std::all_of(table.counts.begin(), table.counts.end(),
                  [](const std::vector<int>& row) { return row.empty() || row.back() == 0; })) {
    table.column_values.pop_back();
    for (auto& row : table.counts) {
      if (!row.empty()) row.pop_back();
    }
  }
}

Template SegmentedTemplate(const Template& base, const std::vector<VenueRow>& venues) {
  Template out = base;
  std::set<std::string> venue_ids, areas, settlements, wards;
  for (const auto& v : venues) {
    venue_ids.insert(v.id);
    if (!v.area.empty()) areas.insert(v.area);
    if (!v.settlement.empty()) settlements.insert(v.settlement);
    if (!v.ward.empty()) wards.insert(v.ward);
  }
  Section section;
  section.id = "@segments";
  section.items = {SingleChoice(kAllSegment, {"all"}), SingleChoice(kVenueSegment, venue_ids),
                   SingleChoice(kAreaSegment, areas), SingleChoice(kSettlementSegment, settlements),
                   SingleChoice(kWardSegment, wards)};
  out.sections.push_back(std::move(section));
  return out;
}

ConsultationCounts::ConsultationCounts(const Template& tmpl) : m_tmpl(tmpl) {
  Section section;
  section.id = "@tally";
  section.items = {SingleChoice(kAllSegment, {"all"}), SingleChoice(kStoredVenue, {})};
  m_tmpl.sections.push_back(std::move(section));
  for (const auto& s : tmpl.sections) {
    for (const auto& item : s.items) {
      if (CrossTabulable(item)) {
        // An item MarginCategories refuses (a likert item of an unknown scale) has no
        // distribution on the plain path either.
        auto categories = MarginCategories(m_tmpl, item.id);
        if (!categories || m_question_index.contains(item.id)) continue;
        m_question_index[item.id] = m_questions.size();
        m_questions.push_back(item.id);
        m_categories.push_back(categories->values);
      } else if (item.type == ItemType::kRating) {
        m_picks.try_emplace(item.id, std::vector<int>(11, 0));
      } else if (item.type == ItemType::kMultipleChoice) {
        m_picks.try_emplace(item.id, std::vector<int>(item.options.size(), 0));
      }
    }
  }
  m_all.resize(m_questions.size());
  m_by_venue.resize(m_questions.size());
  m_pairs.resize(m_questions.size());
  for (std::size_t q = 0; q < m_questions.size(); ++q) {
    m_all[q].assign(m_categories[q].size(), 0);
    for (std::size_t k = q + 1; k < m_questions.size(); ++k) {
      m_pairs[q].emplace_back(m_categories[q].size(), std::vector<int>(m_categories[k].size(), 0));
    }
  }
}

void ConsultationCounts::Add(const std::vector<ReportResponse>& responses) {
  if (responses.empty()) return;
  // The categories come from MarginCategories itself, so an answer falls in the same one as on
  // the plain path.
  std::vector<CrossTabCategories> categories;
  categories.reserve(m_questions.size());
  for (const auto& question : m_questions) {
    auto c = MarginCategories(m_tmpl, question);
    categories.push_back(c ? *c : CrossTabCategories{m_categories[categories.size()], nullptr});
  }
  std::vector<std::size_t> index(m_questions.size(), 0);
  for (const auto& r : responses) {
    ++m_venue_responses[r.venue_id];
    ++m_by_day[r.completed_at.substr(0, 10)];
    ++m_responses;
    for (std::size_t q = 0; q < m_questions.size(); ++q) {
      index[q] = categories[q].item == nullptr ? m_categories[q].size() - 1
                                               : MarginIndex(categories[q], r.answers);
      ++m_all[q][index[q]];
      auto [at, added] =
          m_by_venue[q].try_emplace(r.venue_id, std::vector<int>(m_categories[q].size(), 0));
      ++at->second[index[q]];
    }
    for (std::size_t q = 0; q < m_questions.size(); ++q) {
      for (std::size_t k = q + 1; k < m_questions.size(); ++k) {
        ++m_pairs[q][k - q - 1][index[q]][index[k]];
      }
    }
    for (auto& [id, counts] : m_picks) {
      const Item* item = m_tmpl.FindItem(id);
      auto it = r.answers.find(id);
      if (item == nullptr || it == r.answers.end()) continue;
      if (item->type == ItemType::kRating) {
        if (!it->second.is_number()) continue;
        const double v = it->second.get<double>();
        if (v >= 0 && v <= 10 && v == std::floor(v)) ++counts[static_cast<std::size_t>(v)];
      } else if (it->second.is_array()) {
        for (const auto& pick : it->second) {
          if (!pick.is_string()) continue;
          for (std::size_t o = 0; o < item->options.size(); ++o) {
            if (item->options[o].value == pick.get<std::string>()) {
              ++counts[o];
              break;
            }
          }
        }
      }
    }
  }
}

std::vector<int> ConsultationCounts::VenueColumns(
    const std::vector<std::string>& values, const std::vector<VenueRow>& venues,
    const std::string& segment, const std::map<std::string, std::vector<int>>* per_venue,
    std::size_t row) const {
  std::vector<int> columns(values.size(), 0);
  // A venue id listed twice is one venue (the first), as on the plain path.
  std::map<std::string, const VenueRow*> venue_by_id;
  for (const auto& v : venues) venue_by_id.try_emplace(v.id, &v);
  auto add = [&](const std::string& stored, int count) {
    std::string category = kNotAnswered;
    auto venue = venue_by_id.find(stored);
    if (venue != venue_by_id.end() && !VenueCategory(*venue->second, segment).empty()) {
      category = VenueCategory(*venue->second, segment);
    }
    auto at = std::find(values.begin(), values.end(), category);
    if (at != values.end()) columns[static_cast<std::size_t>(at - values.begin())] += count;
  };
  if (per_venue == nullptr) {
    for (const auto& [stored, count] : m_venue_responses) add(stored, count);
  } else {
    for (const auto& [stored, counts] : *per_venue) {
      if (row < counts.size()) add(stored, counts[row]);
    }
  }
  return columns;
}

std::optional<RawDistribution> ConsultationCounts::Distribution(const Template& segmented,
                                                                const std::vector<VenueRow>& venues,
                                                                const std::string& item_id) const {
  const Item* item = segmented.FindItem(item_id);
  if (item == nullptr) return std::nullopt;
  RawDistribution out;
  if (item_id == kAllSegment) {
    out.values = {"all"};
    out.counts = {static_cast<int>(m_responses)};
    return out;
  }
  if (IsVenueSegment(item_id)) {
    for (const auto& o : item->options) out.values.push_back(o.value);
    out.values.emplace_back(kNotAnswered);
    out.counts = VenueColumns(out.values, venues, item_id, nullptr, 0);
    return out;
  }
  if (CrossTabulable(*item)) {
    auto q = m_question_index.find(item_id);
    if (q == m_question_index.end()) return std::nullopt;
    return RawDistribution{m_categories[q->second], m_all[q->second]};
  }
  auto picks = m_picks.find(item_id);
  if (picks == m_picks.end()) return std::nullopt;
  if (item->type == ItemType::kRating) {
    for (int v = 0; v <= 10; ++v) out.values.push_back(std::to_string(v));
  } else {
    for (const auto& o : item->options) out.values.push_back(o.value);
  }
  out.counts = picks->second;
  out.counts.resize(out.values.size(), 0);
  return out;
}

Result<ContingencyTable> ConsultationCounts::Table(const Template& segmented,
                                                   const std::vector<VenueRow>& venues,
                                                   const std::string& question,
                                                   const std::string& segment) const {
  // The categories, and the errors for ids that cannot be cross-tabulated, as the plain path has
  // them: MarginTable over no responses.
  auto table = MarginTable(segmented, question, segment, {});
  if (!table) return table;
  auto q = m_question_index.find(question);
  if (q == m_question_index.end() || m_categories[q->second] != table->row_values) {
    return Problem{question, "this question is not counted for cross-tabs"};
  }
  const std::size_t qi = q->second;
  if (IsVenueSegment(segment)) {
    for (std::size_t row = 0; row < table->row_values.size(); ++row) {
      table->counts[row] =
          VenueColumns(table->column_values, venues, segment, &m_by_venue[qi], row);
    }
    return table;
  }
  if (segment == kAllSegment) {
    for (std::size_t row = 0; row < table->row_values.size(); ++row) {
      table->counts[row] = {m_all[qi][row], 0};  // "all", then nobody not answered
    }
    return table;
  }
  auto k = m_question_index.find(segment);
  if (k == m_question_index.end() || k->second == qi ||
      m_categories[k->second] != table->column_values) {
    return Problem{segment, "this segment is not counted for cross-tabs"};
  }
  const std::size_t ki = k->second;
  if (qi < ki) {
    table->counts = m_pairs[qi][ki - qi - 1];
  } else {
    const auto& pair = m_pairs[ki][qi - ki - 1];  // [segment category][question category]
    for (std::size_t r = 0; r < table->row_values.size(); ++r) {
      for (std::size_t c = 0; c < table->column_values.size(); ++c)
        table->counts[r][c] = pair[c][r];
    }
  }
  return table;
}

// ---- ReportService's tally of each consultation ----

ServiceResult<std::shared_ptr<const ConsultationCounts>> ReportService::Tallied(
    const CampaignRow& campaign, const std::shared_ptr<const TemplateVersions>& templates,
    const std::string& fingerprint) {
  if (!m_use_aggregates) return std::shared_ptr<const ConsultationCounts>();
  std::shared_ptr<ConsultationTally> tally;
  {
    std::lock_guard lock(m_mutex);
    auto& slot = m_tallies[campaign.id];
    if (!slot) slot = std::make_shared<ConsultationTally>();
    tally = slot;
  }
  // Single flight: the first reader folds the new responses in; the readers queued behind it
  // then find none and share the same counts.
  std::lock_guard lock(tally->mutex);
  const std::string key =
      campaign.template_id + "@" + std::to_string(campaign.template_version) + "|" + fingerprint;
  for (int attempt = 0; attempt < 2; ++attempt) {
    // A template version added since: answers map differently, so count afresh.
    if (!tally->counts || tally->key != key) {
      tally->counts = std::make_shared<ConsultationCounts>(*templates->current);
      tally->key = key;
    }
    bool complete = false;
    const bool recount = tally->reads++ % kRecountEvery == 0 || attempt > 0;
    while (true) {
      auto page =
          m_store.ResponsesAfter(campaign.id, tally->counts->last_row(), m_tally_page, recount);
      if (!page) return StorageError(page.error());
      if (!page->has_value()) {  // a store that cannot tell new responses apart
        tally->counts.reset();
        return std::shared_ptr<const ConsultationCounts>();
      }
      NewResponses& got = **page;
      if (!got.responses.empty()) {
        // Readers may still be using the counts they were handed: change a copy (O(counts),
        // once per fold). use_count() would not do: it does not order their reads before our
        // writes.
        tally->counts = std::make_shared<ConsultationCounts>(*tally->counts);
        std::vector<ReportResponse> mapped;
        mapped.reserve(got.responses.size());
        for (auto& [row, r] : got.responses) {
          report_internals::MapToCurrent(*templates, r);
          mapped.push_back(std::move(r));
        }
        tally->counts->Add(mapped);
        tally->counts->set_last_row(got.responses.back().first);
      }
      if (got.responses.size() < static_cast<std::size_t>(m_tally_page)) {
        // Rows only ever added: nothing counted may lie beyond the store's highest row, and
        // (checked every kRecountEvery reads) the campaign has as many as were counted.
        complete =
            tally->counts->last_row() <= got.highest_row &&
            (!got.campaign_responses || *got.campaign_responses == tally->counts->responses());
        break;
      }
    }
    if (complete) return std::shared_ptr<const ConsultationCounts>(tally->counts);
    // Fewer or more responses than counted: rows were removed or renumbered behind the store's
    // back (a restored backup, say). Count everything afresh once.
    tally->counts.reset();
  }
  return std::shared_ptr<const ConsultationCounts>();  // the plain path, this time
}

}  // namespace soundings::server
