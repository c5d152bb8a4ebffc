// Consultation results and cross-tabs (ReportService::Consultation, CrossTab): per question
// distributions, over time, by venue and area, from the campaign's tally or, on the plain path,
// every answer.
#include <algorithm>
#include <cmath>

#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/reports/report_service.h"
#include "shared/results/association.h"
#include "shared/results/scales.h"
#include "shared/results/shown_json.h"
#include "shared/results/statistics.h"
#include "shared/results/statistics_json.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

namespace {

// Every response's answers with its venue, area, settlement and ward filled in as answers to the
// segments of SegmentedTemplate (the plain path). A venue id listed twice is its first venue, as
// in the tally.
std::vector<Answers> SegmentAnswers(const std::vector<ReportResponse>& responses,
                                    const std::vector<VenueRow>& venues) {
  std::map<std::string, const VenueRow*> venue_by_id;
  for (const auto& v : venues) venue_by_id.try_emplace(v.id, &v);
  std::vector<Answers> out;
  out.reserve(responses.size());
  for (const auto& r : responses) {
    Answers a = r.answers;
    a[kAllSegment] = "all";
    auto venue = venue_by_id.find(r.venue_id);
    if (venue != venue_by_id.end()) {
      a[kVenueSegment] = venue->second->id;
      if (!venue->second->area.empty()) a[kAreaSegment] = venue->second->area;
      if (!venue->second->settlement.empty()) a[kSettlementSegment] = venue->second->settlement;
      if (!venue->second->ward.empty()) a[kWardSegment] = venue->second->ward;
    }
    out.push_back(std::move(a));
  }
  return out;
}

const std::vector<std::string>& VenueSegmentNames() {
  static const std::vector<std::string> names = {"venue", "venue_area", "venue_settlement",
                                                 "venue_ward"};
  return names;
}

// The public name of a segment ("venue_area") to the id used inside the segmented template.
std::string SegmentItemId(const std::string& segment) {
  if (segment == "venue") return kVenueSegment;
  if (segment == "venue_area") return kAreaSegment;
  if (segment == "venue_settlement") return kSettlementSegment;
  if (segment == "venue_ward") return kWardSegment;
  return segment;
}

bool CrossTabulable(const Item& item) {
  return item.type == ItemType::kSingleChoice || item.type == ItemType::kYesNo ||
         item.type == ItemType::kLikert;
}

// The distribution of one item of `segmented` over every answer (the plain path); nullopt for
// items that have none (text, numbers, ranking). Cross-tabulable items and segments count over
// MarginCategories, so "not answered" is a category of its own.
std::optional<RawDistribution> RawDistributionOf(const Template& segmented,
                                                 const ResponseRefs& answers, const Item& item) {
  RawDistribution out;
  if (CrossTabulable(item)) {
    auto categories = MarginCategories(segmented, item.id);
    if (!categories) return std::nullopt;
    out.values = categories->values;
    out.counts.assign(out.values.size(), 0);
    for (const Answers* a : answers) ++out.counts[MarginIndex(*categories, *a)];
    if (item.id == kAllSegment) {
      out.values.pop_back();
      out.counts.pop_back();
    }
  } else if (item.type == ItemType::kRating) {
    for (int v = 0; v <= 10; ++v) out.values.push_back(std::to_string(v));
    out.counts.assign(out.values.size(), 0);
    for (const Answers* a : answers) {
      auto it = a->find(item.id);
      if (it == a->end() || !it->second.is_number()) continue;
      const double v = it->second.get<double>();
      if (v >= 0 && v <= 10 && v == std::floor(v)) ++out.counts[static_cast<std::size_t>(v)];
    }
  } else if (item.type == ItemType::kMultipleChoice) {
    for (const auto& o : item.options) out.values.push_back(o.value);
    out.counts.assign(out.values.size(), 0);
    for (const Answers* a : answers) {
      auto it = a->find(item.id);
      if (it == a->end() || !it->second.is_array()) continue;
      for (const auto& pick : it->second) {
        if (!pick.is_string()) continue;
        auto at = std::find(out.values.begin(), out.values.end(), pick.get<std::string>());
        if (at != out.values.end()) ++out.counts[static_cast<std::size_t>(at - out.values.begin())];
      }
    }
  } else {
    return std::nullopt;
  }
  return out;
}

}  // namespace

// What a consultation report or cross-tab is made from: the campaign's counts (the tally, kept
// up to date with only the responses stored since the last read) or, on the plain path, every
// answer. Both give the same numbers (tests/unit/server/consultation_tally_test.cpp).
struct ReportService::ConsultationInputs {
  CampaignRow campaign;
  std::shared_ptr<const TemplateVersions> templates;
  std::vector<VenueRow> venues;
  Template segmented;  // the campaign's version with the report's segments (SegmentedTemplate)
  std::shared_ptr<const ConsultationCounts> counts;  // nullptr: the plain path
  std::vector<Answers> answers;                      // plain path: every response, segmented
  std::map<std::string, int> answers_by_day;         // plain path

  const Template& tmpl() const { return *templates->current; }

  // A distribution as the report publishes it: a kNotAnswered that counts nobody left out.
  std::optional<RawDistribution> Raw(const std::string& item_id) const {
    const Item* item = segmented.FindItem(item_id);
    if (item == nullptr) return std::nullopt;
    auto raw = counts ? counts->Distribution(segmented, venues, item_id)
                      : RawDistributionOf(segmented, RefsOf(answers), *item);
    if (raw) DropEmptyNotAnswered(*raw);
    return raw;
  }
  std::optional<ShownDistribution> Distribution(const SuppressionEngine& engine,
                                                const std::string& item_id) const {
    auto raw = Raw(item_id);
    if (!raw) return std::nullopt;
    return engine.Distribution(raw->values, raw->counts);
  }
  // Over MarginCategories, before DropEmptyNotAnswered.
  Result<ContingencyTable> Table(const std::string& question, const std::string& segment) const {
    if (!counts) return MarginTable(segmented, question, segment, RefsOf(answers));
    return counts->Table(segmented, venues, question, segment);
  }
  const std::map<std::string, int>& ByDay() const {
    return counts ? counts->by_day() : answers_by_day;
  }
};

ServiceResult<std::shared_ptr<const ReportService::ConsultationInputs>>
ReportService::ConsultationData(const std::string& campaign_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if ((*campaign)->kind != "consultation") return WrongKind(**campaign, "a consultation");
  auto in = std::make_shared<ConsultationInputs>();
  in->campaign = **campaign;
  std::string fingerprint;
  auto templates = Templates(in->campaign.template_id, in->campaign.template_version, &fingerprint);
  if (!templates) return templates.error();
  in->templates = *templates;
  auto venues = m_store.Venues();
  if (!venues) return StorageError(venues.error());
  in->venues = std::move(*venues);
  in->segmented = SegmentedTemplate(in->tmpl(), in->venues);
  auto counts = Tallied(in->campaign, in->templates, fingerprint);
  if (!counts) return counts.error();
  in->counts = *counts;
  if (!in->counts) {
    auto data = Load(campaign_id);
    if (!data) return data.error();
    // Mapped on the versions just loaded, which may be newer than the segmented template's.
    in->templates = data->templates;
    in->segmented = SegmentedTemplate(in->tmpl(), in->venues);
    in->answers = SegmentAnswers(data->responses, in->venues);
    for (const auto& r : data->responses) ++in->answers_by_day[r.completed_at.substr(0, 10)];
  }
  return std::shared_ptr<const ConsultationInputs>(std::move(in));
}

ServiceResult<json> ReportService::Consultation(const Principal& who,
                                                const std::string& campaign_id) {
  if (!who.Allows(Permission::kReportsConsultation)) {
    return Forbidden("Managers see 360 reports, not consultations.");
  }
  auto data = ConsultationData(campaign_id);
  if (!data) return data.error();
  const ConsultationInputs& in = **data;
  const Template& tmpl = in.tmpl();
  const SuppressionEngine& engine = EngineFor(in.campaign);

  json questions = json::array();
  json segments = json::array();
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      auto distribution = in.Distribution(engine, item.id);
      if (!distribution) continue;
      questions.push_back({{"id", item.id},
                           {"section", section.id},
                           {"type", ToString(item.type)},
                           {"text", item.Wording("", Language(tmpl), "")},
                           {"cross_tabulable", CrossTabulable(item)},
                           {"distribution", ToJson(*distribution)}});
      if (CrossTabulable(item)) {
        segments.push_back({{"id", item.id},
                            {"type", ToString(item.type)},
                            {"equality_monitoring", section.equality_monitoring}});
      }
    }
  }

  std::vector<std::string> days;
  std::vector<int> day_counts;
  for (const auto& [day, count] : in.ByDay()) {
    days.push_back(day);
    day_counts.push_back(count);
  }
  json venue_segments = json::object();
  for (const std::string& name : VenueSegmentNames()) {
    auto distribution = in.Distribution(engine, SegmentItemId(name));
    if (distribution) venue_segments[name] = ToJson(*distribution);
  }
  std::map<std::string, std::string> names;
  for (const auto& v : in.venues) names[v.id] = v.name;
  json venue_names = json::object();
  for (const auto& [id, name] : names) venue_names[id] = name;
  json segment_list = json::array();
  for (const std::string& name : VenueSegmentNames()) {
    segment_list.push_back({{"id", name}, {"type", "venue"}, {"equality_monitoring", false}});
  }
  // Sections a cross-tab may take as its question: a scale's mean score per segment.
  json scales = json::array();
  for (const auto& section : tmpl.sections) {
    if (section.IsScale() && ScaleOf(tmpl, section.id).ok()) {
      scales.push_back({{"id", section.id}, {"text", Pick(section.title, Language(tmpl))}});
    }
  }
  for (auto& s : segments) segment_list.push_back(s);
  return json{{"campaign", CampaignJson(in.campaign)},
              {"questions", questions},
              {"over_time", ToJson(engine.Distribution(days, day_counts))},
              {"by_venue", venue_segments.value("venue", json())},
              {"venue_names", venue_names},
              {"segments", segment_list},
              {"scales", scales},
              {"segment_distributions", venue_segments}};
}

namespace {

using Published = ProtectedCount::Published;

// What another view decided about the same count: shown (public anyway), hidden there (so hidden
// here from the start), or nothing to go by (a shown figure that differs is not the same count).
Published PublishedOf(const CellValue& value, int count) {
  if (value.shown()) return *value.value() == count ? Published::kShown : Published::kNo;
  return value.suppressed() ? Published::kHidden : Published::kNo;
}

// A table's counts in the engine's layout: cells row-major, row totals, column totals, total.
std::vector<int> Flatten(const ContingencyTable& table) {
  const std::size_t rows = table.row_values.size();
  const std::size_t columns = table.column_values.size();
  std::vector<int> out(rows * columns + rows + columns + 1, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const int v = table.counts[r][c];
      out[r * columns + c] = v;
      out[rows * columns + r] += v;
      out[rows * columns + rows + c] += v;
      out.back() += v;
    }
  }
  return out;
}

std::vector<CellValue> Flatten(const ShownCrossTab& shown) {
  std::vector<CellValue> out;
  for (const auto& row : shown.cells) out.insert(out.end(), row.begin(), row.end());
  out.insert(out.end(), shown.row_totals.begin(), shown.row_totals.end());
  out.insert(out.end(), shown.column_totals.begin(), shown.column_totals.end());
  out.insert(out.end(), shown.total.begin(), shown.total.end());
  return out;
}

// Rows and columns add up to their totals, and both to the grand total, of the table at `at`.
void AddTableRelations(std::vector<AdditiveRelation>& relations, int at, std::size_t rows,
                       std::size_t columns) {
  const int r_n = static_cast<int>(rows);
  const int c_n = static_cast<int>(columns);
  const int grand = at + r_n * c_n + r_n + c_n;
  AdditiveRelation by_rows{grand, {}};
  AdditiveRelation by_columns{grand, {}};
  for (int r = 0; r < r_n; ++r) {
    AdditiveRelation row{at + r_n * c_n + r, {}};
    for (int c = 0; c < c_n; ++c) row.members.push_back(at + r * c_n + c);
    relations.push_back(std::move(row));
    by_rows.members.push_back(at + r_n * c_n + r);
  }
  for (int c = 0; c < c_n; ++c) {
    AdditiveRelation column{at + r_n * c_n + r_n + c, {}};
    for (int r = 0; r < r_n; ++r) column.members.push_back(at + r * c_n + c);
    relations.push_back(std::move(column));
    by_columns.members.push_back(at + r_n * c_n + r_n + c);
  }
  relations.push_back(std::move(by_rows));
  relations.push_back(std::move(by_columns));
}

// Margins of a part published by another view (empty: none).
struct PartMargins {
  std::vector<CellValue> rows;
  std::vector<CellValue> columns;
  std::vector<CellValue> total;  // zero or one element
};

// Tables that add up, count by count, to `whole` (already shown as `whole_shown`), protected
// together: each part's own rows and columns, and whole = sum of the parts, with what `whole`
// shows public and what it hides hidden from the start. So no part can be subtracted from the
// whole or from the other parts to give a hidden count away. Parts have the whole's shape.
std::vector<ShownCrossTab> ProtectParts(const SuppressionEngine& engine,
                                        const ShownCrossTab& whole_shown,
                                        const std::vector<ContingencyTable>& parts,
                                        const std::vector<PartMargins>& margins) {
  const std::size_t rows = whole_shown.row_values.size();
  const std::size_t columns = whole_shown.column_values.size();
  const std::size_t size = rows * columns + rows + columns + 1;
  const int minimum = engine.policy().cell_minimum;
  std::vector<std::vector<int>> flat;
  std::vector<int> whole(size, 0);
  for (const auto& part : parts) {
    flat.push_back(Flatten(part));
    for (std::size_t i = 0; i < size; ++i) whole[i] += flat.back()[i];
  }
  const std::vector<CellValue> shown = Flatten(whole_shown);
  std::vector<ProtectedCount> counts;
  for (std::size_t i = 0; i < size; ++i) {
    counts.push_back({whole[i], minimum, false,
                      i < shown.size() ? PublishedOf(shown[i], whole[i]) : Published::kNo});
  }
  for (std::size_t p = 0; p < parts.size(); ++p) {
    for (std::size_t i = 0; i < size; ++i) {
      Published published = Published::kNo;
      if (p < margins.size()) {
        const PartMargins& m = margins[p];
        const std::size_t cells = rows * columns;
        if (i >= cells && i < cells + rows && m.rows.size() == rows) {
          published = PublishedOf(m.rows[i - cells], flat[p][i]);
        } else if (i >= cells + rows && i < size - 1 && m.columns.size() == columns) {
          published = PublishedOf(m.columns[i - cells - rows], flat[p][i]);
        } else if (i == size - 1 && m.total.size() == 1) {
          published = PublishedOf(m.total[0], flat[p][i]);
        }
      }
      counts.push_back({flat[p][i], minimum, false, published});
    }
  }
  std::vector<AdditiveRelation> relations;
  for (std::size_t t = 0; t <= parts.size(); ++t) {
    AddTableRelations(relations, static_cast<int>(t * size), rows, columns);
  }
  for (std::size_t i = 0; i < size; ++i) {
    AdditiveRelation sum{static_cast<int>(i), {}};
    for (std::size_t p = 0; p < parts.size(); ++p)
      sum.members.push_back(static_cast<int>((p + 1) * size + i));
    relations.push_back(std::move(sum));
  }
  const auto values = engine.Protect(counts, relations, AuditDepth::kEquationsAndBounds);
  std::vector<ShownCrossTab> out;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const auto at = static_cast<long>((p + 1) * size);
    ShownCrossTab t;
    t.row_values = parts[p].row_values;
    t.column_values = parts[p].column_values;
    for (std::size_t r = 0; r < rows; ++r) {
      t.cells.emplace_back(values.begin() + at + static_cast<long>(r * columns),
                           values.begin() + at + static_cast<long>((r + 1) * columns));
    }
    const auto margins_at = at + static_cast<long>(rows * columns);
    t.row_totals.assign(values.begin() + margins_at,
                        values.begin() + margins_at + static_cast<long>(rows));
    t.column_totals.assign(values.begin() + margins_at + static_cast<long>(rows),
                           values.begin() + margins_at + static_cast<long>(rows + columns));
    t.total = {values[static_cast<std::size_t>(at) + size - 1]};
    out.push_back(std::move(t));
  }
  return out;
}

// `part` cut to the shape of `whole` (which may have left out an empty kNotAnswered row or
// column that the part, a subset of the same respondents, then has empty too).
void ShapeLike(ContingencyTable& part, const ContingencyTable& whole) {
  if (part.row_values.size() > whole.row_values.size()) {
    part.row_values.resize(whole.row_values.size());
    part.counts.resize(whole.row_values.size());
  }
  if (part.column_values.size() > whole.column_values.size()) {
    part.column_values.resize(whole.column_values.size());
    for (auto& row : part.counts) row.resize(whole.column_values.size());
  }
}

bool AnyHidden(const ShownCrossTab& shown) {
  const auto all = Flatten(shown);
  return std::any_of(all.begin(), all.end(), [](const CellValue& v) { return v.suppressed(); });
}

// Chi-square over the answers proper (withheld and not-answered rows and columns left out), from
// the unsuppressed table. With a hidden cell only the statistic, df and p: Cramér's V with the
// statistic gives N, the respondents answering both, which with the shown total would give the
// hidden withheld and not-answered counts away.
json TestJson(const ContingencyTable& table, bool cells_hidden) {
  std::vector<std::size_t> rows;
  std::vector<std::size_t> columns;
  for (std::size_t r = 0; r < table.row_values.size(); ++r)
    if (!IsWithheldCategory(table.row_values[r])) rows.push_back(r);
  for (std::size_t c = 0; c < table.column_values.size(); ++c)
    if (!IsWithheldCategory(table.column_values[c])) columns.push_back(c);
  std::vector<std::vector<int>> counts;
  for (std::size_t r : rows) {
    std::vector<int> row;
    row.reserve(columns.size());
    for (std::size_t c : columns) row.push_back(table.counts[r][c]);
    counts.push_back(std::move(row));
  }
  auto test = TestCrossTab(counts);
  json out = test ? ToJson(*test)
                  : json{{"test", "chi_square"}, {"state", ToString(TestState::kNotEnoughData)}};
  if (cells_hidden) {
    json kept = {{"test", "chi_square"}, {"state", out["state"]}};
    for (const char* key : {"statistic", "df", "p_value"}) {
      if (out.contains(key)) kept[key] = out[key];
    }
    out = std::move(kept);
  }
  out["cells_suppressed"] = cells_hidden;
  return out;
}

json TableJson(const ShownCrossTab& shown, const ContingencyTable& table) {
  json out = ToJson(shown);
  out["test"] = TestJson(table, AnyHidden(shown));
  return out;
}

// One `filter=id:value1,value2` restriction: respondents whose answer to `id` (an item or a
// venue segment) falls in one of `values` (categories of MarginCategories, "not_answered"
// included).
struct Filter {
  std::string name;  // as given
  std::string id;    // inside the segmented template
  std::vector<std::string> values;
};

// Answers of a template's sections on one respondent (the ResponseRefs of a view).
ResponseRefs Matching(const Template& segmented, const std::vector<Answers>& answers,
                      const std::vector<Filter>& filters, bool complement = false) {
  std::vector<std::pair<CrossTabCategories, std::vector<bool>>> tests;
  for (const auto& f : filters) {
    auto categories = MarginCategories(segmented, f.id);
    if (!categories) continue;
    std::vector<bool> allowed(categories->values.size(), false);
    for (std::size_t i = 0; i < categories->values.size(); ++i) {
      allowed[i] =
          std::find(f.values.begin(), f.values.end(), categories->values[i]) != f.values.end();
    }
    tests.emplace_back(*categories, std::move(allowed));
  }
  ResponseRefs out;
  for (const auto& a : answers) {
    bool match = true;
    for (const auto& [categories, allowed] : tests)
      match = match && allowed[MarginIndex(categories, a)];
    if (match != complement) out.push_back(&a);
  }
  return out;
}

}  // namespace

ServiceResult<json> ReportService::CrossTab(const Principal& who, const std::string& campaign_id,
                                            const std::string& question, const std::string& segment,
                                            const std::vector<std::string>& filters,
                                            const std::string& layer) {
  if (!who.Allows(Permission::kReportsConsultation)) {
    return Forbidden("Managers see 360 reports, not consultations.");
  }
  auto data = ConsultationData(campaign_id);
  if (!data) return data.error();
  const ConsultationInputs& in = **data;
  const Template& tmpl = in.tmpl();
  const SuppressionEngine& engine = EngineFor(in.campaign);

  // A name a segment, layer or filter may use: a venue segment or a cross-tabulable item.
  auto segment_like = [&](const std::string& name) -> const Item* {
    if (name.starts_with("@")) return nullptr;
    const Item* item = in.segmented.FindItem(SegmentItemId(name));
    return item != nullptr && CrossTabulable(*item) && item->id != kAllSegment ? item : nullptr;
  };
  const std::string segment_names =
      "venue, venue_area, venue_settlement, venue_ward or a single_choice, yes_no or likert item "
      "of " +
      tmpl.id;
  const std::string segment_rule = "must be " + segment_names;
  Problems problems;
  const Item* question_item = question.starts_with("@") ? nullptr : tmpl.FindItem(question);
  const Section* scale_section = nullptr;
  std::optional<ScaleItems> scale;
  if (question_item == nullptr && !question.starts_with("@")) {
    for (const auto& section : tmpl.sections) {
      if (section.id == question && section.IsScale()) scale_section = &section;
    }
    if (scale_section != nullptr) {
      auto of = ScaleOf(tmpl, question);
      if (of) scale = *of;
    }
  }
  if ((question_item == nullptr || !CrossTabulable(*question_item)) && !scale) {
    problems.push_back(
        {"question",
         "must be a single_choice, yes_no or likert item or a scale section of " + tmpl.id});
  }
  const Item* segment_item = segment_like(segment);
  if (segment_item == nullptr) {
    problems.push_back({"segment", segment_rule});
  } else if (segment == question) {
    problems.push_back({"segment", "must differ from the question"});
  }
  const Item* layer_item = nullptr;
  if (!layer.empty()) {
    layer_item = segment_like(layer);
    if (layer_item == nullptr) {
      problems.push_back({"layer", segment_rule});
    } else if (layer == segment || layer == question) {
      problems.push_back({"layer", "must differ from the question and the segment"});
    } else if (scale) {
      problems.push_back({"layer", "a scale's means are not layered; use a filter instead"});
    }
  }
  std::vector<Filter> parsed;
  for (const auto& raw : filters) {
    const auto colon = raw.find(':');
    Filter f;
    f.name = raw.substr(0, colon);
    const Item* item = colon == std::string::npos ? nullptr : segment_like(f.name);
    if (item == nullptr) {
      problems.push_back(
          {"filter", "\"" + raw + "\": must be id:value[,value...] where id is " + segment_names});
      continue;
    }
    f.id = item->id;
    auto categories = MarginCategories(in.segmented, f.id);
    std::string rest = raw.substr(colon + 1);
    std::size_t at = 0;
    while (at <= rest.size()) {
      const auto comma = rest.find(',', at);
      std::string value =
          rest.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      if (!categories || std::find(categories->values.begin(), categories->values.end(), value) ==
                             categories->values.end()) {
        problems.push_back({"filter", "\"" + value + "\" is not a category of " + f.name});
      } else {
        f.values.push_back(value);
      }
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    parsed.push_back(std::move(f));
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request",
                        "The cross-tab needs a question, a segment and well-formed filters.",
                        problems};
  }

  json filters_json = json::array();
  for (const auto& f : parsed) filters_json.push_back({{"id", f.name}, {"values", f.values}});
  json head = {{"campaign", CampaignJson(in.campaign)},
               {"segment", segment},
               {"filters", filters_json},
               {"layer", layer.empty() ? json() : json(layer)}};
  const std::string segment_id = segment_item->id;

  // The unfiltered item-by-item cross-tab comes from the tally. Its margins are published as the
  // question's and the segment's distributions: hand them over so they agree and cannot be
  // subtracted from each other.
  if (!scale && parsed.empty() && layer.empty()) {
    auto table = in.Table(question, segment_id);
    if (!table) {
      return ServiceError{ErrorKind::kBadRequest, "invalid_request", table.ErrorText(),
                          table.problems()};
    }
    DropEmptyNotAnswered(*table);
    auto rows = in.Distribution(engine, question_item->id);
    auto columns = in.Distribution(engine, segment_id);
    const ShownCrossTab shown =
        engine.CrossTab(*table, rows ? &*rows : nullptr, columns ? &*columns : nullptr);
    json out = TableJson(shown, *table);
    out.update(head);
    out["question"] = {{"id", question},
                       {"kind", "item"},
                       {"text", question_item->Wording("", Language(tmpl), "")}};
    return out;
  }

  // Everything else reads every answer (the tally keeps no filtered or three-way counts).
  std::vector<Answers> loaded;
  Template loaded_segmented;
  const Template* segmented = &in.segmented;
  const std::vector<Answers>* answers = &in.answers;
  if (in.counts) {
    auto responses = Load(campaign_id);
    if (!responses) return responses.error();
    loaded_segmented = SegmentedTemplate(*responses->templates->current, in.venues);
    loaded = SegmentAnswers(responses->responses, in.venues);
    segmented = &loaded_segmented;
    answers = &loaded;
  }
  const ResponseRefs all = RefsOf(*answers);
  const ResponseRefs chosen = Matching(*segmented, *answers, parsed);
  auto distribution = [&](const std::string& id, const ResponseRefs& over) {
    const Item* item = segmented->FindItem(id);
    auto raw = item != nullptr ? RawDistributionOf(*segmented, over, *item) : std::nullopt;
    if (!raw) raw = RawDistribution{};
    DropEmptyNotAnswered(*raw);
    return engine.Distribution(raw->values, raw->counts);
  };

  if (scale) {
    // Each respondent's scale score (ScaleScoreOf's missing-item rule) by the segment's category.
    auto categories = MarginCategories(*segmented, segment_id);
    auto of = ScaleOf(*segmented, question);
    if (!categories || !of) {
      return ServiceError{ErrorKind::kBadRequest,
                          "invalid_request",
                          "The scale or the segment cannot be read from the responses.",
                          {}};
    }
    std::vector<std::vector<double>> values(categories->values.size());
    for (const Answers* a : chosen) {
      auto score = ScaleScoreOf(*of, *a);
      if (score) values[MarginIndex(*categories, *a)].push_back(*score);
    }
    if (values.back().empty()) {
      values.pop_back();
      categories->values.pop_back();
    }
    std::vector<int> n;
    std::vector<std::string> answered_groups;
    std::vector<std::vector<double>> answered_values;
    for (std::size_t g = 0; g < values.size(); ++g) {
      n.push_back(static_cast<int>(values[g].size()));
      if (!IsWithheldCategory(categories->values[g])) {
        answered_groups.push_back(categories->values[g]);
        answered_values.push_back(values[g]);
      }
    }
    const ShownDistribution shown_n = engine.Distribution(categories->values, n);
    auto means = CompareMeans(categories->values, values);
    auto tests = CompareMeans(answered_groups, answered_values);
    if (!means || !tests) {
      return ServiceError{ErrorKind::kBadRequest, "invalid_request", means.ErrorText(), {}};
    }
    json means_json = ToJson(*means);
    bool any_hidden = false;
    for (std::size_t g = 0; g < means_json["groups"].size(); ++g) {
      json& group = means_json["groups"][g];
      const CellValue& count = shown_n.counts[g];
      group["n"] = count.ToJson();
      if (!count.shown()) {
        any_hidden = true;
        for (const char* key : {"mean", "sd", "interval"}) group[key] = count.ToJson();
        continue;
      }
      // As a CellValue reads: {"value": x}, or null with "not_defined" (sd of one score).
      for (const char* key : {"mean", "sd"}) {
        json number = {{"value", group[key]}};
        if (group[key].is_null()) number["status"] = "not_defined";
        group[key] = std::move(number);
      }
    }
    json tests_json = ToJson(*tests);
    json out = head;
    out["question"] = {{"id", question},
                       {"kind", "scale"},
                       {"text", Pick(scale_section->title, Language(tmpl))},
                       {"items", of->items.size()},
                       {"min_answered", of->min_answered}};
    out["means"] = {{"groups", means_json["groups"]}, {"total", shown_n.total[0].ToJson()}};
    // With a hidden group, ANOVA's df_within would give the scored respondents' count: Welch only.
    out["test"] = {{"welch", tests_json["welch"]},
                   {"anova", any_hidden ? json{{"state", "withheld"}} : tests_json["anova"]},
                   {"groups_suppressed", any_hidden}};
    return out;
  }

  // The cross-tab of `over`, shaped like the whole (the same rows and columns).
  auto table_of = [&](const std::string& q, const std::string& s, const ResponseRefs& over) {
    auto t = MarginTable(*segmented, q, s, over);
    return t ? *t : ContingencyTable{};
  };
  // The margins of one table per category of `split` among `base`, as the question-by-split
  // table, the segment-by-split table and the split's distribution show them on their own (in
  // the order of that distribution's values).
  auto margins_by = [&](const std::string& split, const ResponseRefs& base,
                        const ContingencyTable& shape) {
    auto by_split = [&](const std::string& id) {
      ContingencyTable t = table_of(id, split, base);
      DropEmptyNotAnswered(t);
      const ShownDistribution r = distribution(id, base);
      const ShownDistribution c = distribution(split, base);
      return engine.CrossTab(t, &r, &c);
    };
    const ShownCrossTab q_by = by_split(question);
    const ShownCrossTab s_by = by_split(segment_id);
    const ShownDistribution split_n = distribution(split, base);
    std::vector<PartMargins> margins(split_n.values.size());
    for (std::size_t l = 0; l < margins.size(); ++l) {
      margins[l].total = {split_n.counts[l]};
      if (l < q_by.column_values.size() && q_by.row_values == shape.row_values) {
        for (const auto& row : q_by.cells) margins[l].rows.push_back(row[l]);
      }
      if (l < s_by.column_values.size() && s_by.row_values == shape.column_values) {
        for (const auto& row : s_by.cells) margins[l].columns.push_back(row[l]);
      }
    }
    return margins;
  };
  ContingencyTable whole = table_of(question, segment_id, all);
  if (whole.row_values.empty()) {
    return ServiceError{ErrorKind::kBadRequest,
                        "invalid_request",
                        "The question or the segment cannot be read from the responses.",
                        {}};
  }
  // The tables of `base` split by the categories of `split` (a not-answered slice that holds
  // nobody left out), each shaped like `shape`, protected together with `shape_shown` (their
  // sum) and with each slice's margins as the question-by-split and segment-by-split tables show
  // them: so slices, the table they add up to and those tables cannot be played against each
  // other. A layer and a one-category filter are the same slice, so they read alike.
  struct Slices {
    std::vector<std::string> values;
    std::vector<ContingencyTable> tables;
    std::vector<ShownCrossTab> shown;
  };
  auto slices = [&](const std::string& split, const ResponseRefs& base,
                    const ContingencyTable& shape, const ShownCrossTab& shape_shown) {
    Slices out;
    auto categories = MarginCategories(*segmented, split);
    if (!categories) return out;
    std::vector<ResponseRefs> members(categories->values.size());
    for (const Answers* a : base) members[MarginIndex(*categories, *a)].push_back(a);
    if (members.back().empty()) {
      members.pop_back();
      categories->values.pop_back();
    }
    out.values = categories->values;
    for (const auto& m : members) {
      out.tables.push_back(table_of(question, segment_id, m));
      ShapeLike(out.tables.back(), shape);
    }
    out.shown = ProtectParts(engine, shape_shown, out.tables, margins_by(split, base, shape));
    return out;
  };

  DropEmptyNotAnswered(whole);
  const ShownDistribution whole_rows = distribution(question, all);
  const ShownDistribution whole_columns = distribution(segment_id, all);
  const ShownCrossTab whole_shown = engine.CrossTab(whole, &whole_rows, &whole_columns);
  ContingencyTable view = whole;
  ShownCrossTab shown = whole_shown;
  if (parsed.size() == 1 && parsed[0].values.size() == 1) {
    // One category of one segment: that slice of the unfiltered table.
    Slices by_filter = slices(parsed[0].id, all, whole, whole_shown);
    auto at = std::find(by_filter.values.begin(), by_filter.values.end(), parsed[0].values[0]);
    if (at == by_filter.values.end()) {
      // Nobody in that category: every count of the view is zero, hidden like any small count.
      view = table_of(question, segment_id, {});
      ShapeLike(view, whole);
      shown = ProtectParts(engine, whole_shown, {view, whole}, {})[0];
    } else {
      const auto i = static_cast<std::size_t>(at - by_filter.values.begin());
      view = by_filter.tables[i];
      shown = by_filter.shown[i];
    }
  } else if (!parsed.empty()) {
    // Any other filter: the view and everyone else, protected together against the unfiltered
    // table, so filtered minus unfiltered gives nothing hidden away. Its margins are its own
    // respondents'; it keeps the unfiltered table's rows and columns, since leaving out a line
    // of hidden zeros would tell that they are zeros.
    view = table_of(question, segment_id, chosen);
    ContingencyTable rest =
        table_of(question, segment_id, Matching(*segmented, *answers, parsed, true));
    ShapeLike(view, whole);
    ShapeLike(rest, whole);
    shown = ProtectParts(engine, whole_shown, {view, rest}, {})[0];
  }
  json out = TableJson(shown, view);
  out.update(head);
  out["question"] = {
      {"id", question}, {"kind", "item"}, {"text", question_item->Wording("", Language(tmpl), "")}};
  if (layer_item != nullptr) {
    const Slices layers = slices(layer_item->id, chosen, view, shown);
    json list = json::array();
    for (std::size_t l = 0; l < layers.shown.size(); ++l) {
      json one = TableJson(layers.shown[l], layers.tables[l]);
      one["value"] = layers.values[l];
      list.push_back(std::move(one));
    }
    out["layers"] = std::move(list);
  }
  return out;
}

}  // namespace soundings::server
