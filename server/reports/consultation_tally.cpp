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
  return id == kVenueSegment || id == kAreaSegment || id == kSettlementSegment;
}

void AddInto(std::vector<int>& into, const std::vector<int>& counts) {
  for (std::size_t i = 0; i < into.size() && i < counts.size(); ++i) into[i] += counts[i];
}

}  // namespace

Template SegmentedTemplate(const Template& base, const std::vector<VenueRow>& venues) {
  Template out = base;
  std::set<std::string> venue_ids, areas, settlements;
  for (const auto& v : venues) {
    venue_ids.insert(v.id);
    if (!v.area.empty()) areas.insert(v.area);
    if (!v.settlement.empty()) settlements.insert(v.settlement);
  }
  Section section;
  section.id = "@segments";
  section.items = {SingleChoice(kAllSegment, {"all"}), SingleChoice(kVenueSegment, venue_ids),
                   SingleChoice(kAreaSegment, areas),
                   SingleChoice(kSettlementSegment, settlements)};
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
        // Categories as BuildContingencyTable makes them; an item it refuses (a likert item of an
        // unknown scale) has no distribution on the plain path either.
        auto table = BuildContingencyTable(m_tmpl, item.id, kAllSegment, {});
        if (!table || m_question_index.contains(item.id)) continue;
        m_question_index[item.id] = m_questions.size();
        m_questions.push_back(item.id);
        m_categories.push_back(table->row_values);
        if (item.type != ItemType::kLikert) m_segments.push_back(m_questions.size() - 1);
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
    for (std::size_t segment : m_segments) {
      m_pairs[q].emplace_back(m_categories[q].size(),
                              std::vector<int>(m_categories[segment].size(), 0));
    }
  }
}

void ConsultationCounts::Add(const std::vector<ReportResponse>& responses) {
  if (responses.empty()) return;
  std::vector<Answers> answers;
  answers.reserve(responses.size());
  std::set<std::string> stored_venues;
  for (const auto& r : responses) {
    Answers a = r.answers;
    a[kAllSegment] = "all";
    a[kStoredVenue] = r.venue_id;
    answers.push_back(std::move(a));
    stored_venues.insert(r.venue_id);
    ++m_venue_responses[r.venue_id];
    ++m_by_day[r.completed_at.substr(0, 10)];
    ++m_responses;
  }
  m_tmpl.sections.back().items.back() = SingleChoice(kStoredVenue, stored_venues);
  const ResponseRefs refs = RefsOf(answers);

  // The categories come from BuildContingencyTable itself, so an answer falls in the same one
  // as on the plain path.
  for (std::size_t q = 0; q < m_questions.size(); ++q) {
    const std::string& question = m_questions[q];
    if (auto all = BuildContingencyTable(m_tmpl, question, kAllSegment, refs)) {
      for (std::size_t row = 0; row < all->counts.size() && row < m_all[q].size(); ++row) {
        m_all[q][row] += all->counts[row][0];
      }
    }
    if (auto venue = BuildContingencyTable(m_tmpl, question, kStoredVenue, refs)) {
      for (std::size_t column = 0; column < venue->column_values.size(); ++column) {
        std::vector<int> counts;
        bool any = false;
        for (const auto& row : venue->counts) {
          counts.push_back(row[column]);
          any = any || row[column] != 0;
        }
        if (!any) continue;
        auto [at, added] = m_by_venue[q].try_emplace(venue->column_values[column],
                                                     std::vector<int>(m_categories[q].size(), 0));
        AddInto(at->second, counts);
      }
    }
    for (std::size_t k = 0; k < m_segments.size(); ++k) {
      auto table = BuildContingencyTable(m_tmpl, question, m_questions[m_segments[k]], refs);
      if (!table) continue;
      for (std::size_t row = 0; row < table->counts.size() && row < m_pairs[q][k].size(); ++row) {
        AddInto(m_pairs[q][k][row], table->counts[row]);
      }
    }
  }

  for (auto& [id, counts] : m_picks) {
    const Item* item = m_tmpl.FindItem(id);
    if (item == nullptr) continue;
    for (const auto& a : answers) {
      auto it = a.find(id);
      if (it == a.end()) continue;
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
  std::set<std::string> seen;  // a venue id listed twice is one venue, as on the plain path
  for (const auto& v : venues) {
    if (!seen.insert(v.id).second) continue;
    const std::string& category = segment == kVenueSegment  ? v.id
                                  : segment == kAreaSegment ? v.area
                                                            : v.settlement;
    if (category.empty() && segment != kVenueSegment) continue;
    auto at = std::find(values.begin(), values.end(), category);
    if (at == values.end()) continue;
    int count = 0;
    if (per_venue == nullptr) {
      auto found = m_venue_responses.find(v.id);
      if (found != m_venue_responses.end()) count = found->second;
    } else {
      auto found = per_venue->find(v.id);
      if (found != per_venue->end() && row < found->second.size()) count = found->second[row];
    }
    columns[static_cast<std::size_t>(at - values.begin())] += count;
  }
  return columns;
}

std::optional<RawDistribution> ConsultationCounts::Distribution(const Template& segmented,
                                                                const std::vector<VenueRow>& venues,
                                                                const std::string& item_id) const {
  const Item* item = segmented.FindItem(item_id);
  if (item == nullptr) return std::nullopt;
  RawDistribution out;
  if (IsVenueSegment(item_id) || item_id == kAllSegment) {
    for (const auto& o : item->options) out.values.push_back(o.value);
    if (item_id == kAllSegment) {
      out.counts = {static_cast<int>(m_responses)};
    } else {
      out.counts = VenueColumns(out.values, venues, item_id, nullptr, 0);
    }
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
  // them: BuildContingencyTable over no responses.
  auto table = BuildContingencyTable(segmented, question, segment, {});
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
      table->counts[row] = {m_all[qi][row]};
    }
    return table;
  }
  for (std::size_t k = 0; k < m_segments.size(); ++k) {
    if (m_questions[m_segments[k]] != segment) continue;
    if (m_categories[m_segments[k]] != table->column_values) break;
    table->counts = m_pairs[qi][k];
    return table;
  }
  return Problem{segment, "this segment is not counted for cross-tabs"};
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
