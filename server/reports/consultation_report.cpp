// Consultation results and cross-tabs (ReportService::Consultation, CrossTab): per question
// distributions, over time, by venue and area, from the campaign's tally or, on the plain path,
// every answer.
#include <algorithm>
#include <cmath>

#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/reports/report_service.h"
#include "shared/results/shown_json.h"
#include "shared/results/statistics.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

namespace {

// The segments consultation reports add (kAllSegment, kVenueSegment...) are in
// consultation_tally.h.
constexpr const char* kEqualityModule = "equality-monitoring";

}  // namespace

namespace {

// Every response's answers with its venue, area and settlement filled in as answers to the
// segments of SegmentedTemplate (the plain path).
std::vector<Answers> SegmentAnswers(const std::vector<ReportResponse>& responses,
                                    const std::vector<VenueRow>& venues) {
  std::map<std::string, const VenueRow*> venue_by_id;
  for (const auto& v : venues) venue_by_id[v.id] = &v;
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
    }
    out.push_back(std::move(a));
  }
  return out;
}

// The public name of a segment ("venue_area") to the id used inside the segmented template.
std::string SegmentItemId(const std::string& segment) {
  if (segment == "venue") return kVenueSegment;
  if (segment == "venue_area") return kAreaSegment;
  if (segment == "venue_settlement") return kSettlementSegment;
  return segment;
}

bool CrossTabulable(const Item& item) {
  return item.type == ItemType::kSingleChoice || item.type == ItemType::kYesNo ||
         item.type == ItemType::kLikert;
}

// The distribution of one item of `segmented` over every answer (the plain path); nullopt for
// items that have none (text, numbers, ranking).
std::optional<ShownDistribution> DistributionOf(const SuppressionEngine& engine,
                                                const Template& segmented,
                                                const std::vector<Answers>& answers,
                                                const Item& item) {
  std::vector<std::string> values;
  std::vector<int> counts;
  if (CrossTabulable(item)) {
    auto table = BuildContingencyTable(segmented, item.id, kAllSegment, RefsOf(answers));
    if (!table) return std::nullopt;
    values = table->row_values;
    for (const auto& row : table->counts) counts.push_back(row.empty() ? 0 : row[0]);
  } else if (item.type == ItemType::kRating) {
    for (int v = 0; v <= 10; ++v) values.push_back(std::to_string(v));
    counts.assign(values.size(), 0);
    for (const auto& a : answers) {
      auto it = a.find(item.id);
      if (it == a.end() || !it->second.is_number()) continue;
      const double v = it->second.get<double>();
      if (v >= 0 && v <= 10 && v == std::floor(v)) ++counts[static_cast<std::size_t>(v)];
    }
  } else if (item.type == ItemType::kMultipleChoice) {
    for (const auto& o : item.options) values.push_back(o.value);
    counts.assign(values.size(), 0);
    for (const auto& a : answers) {
      auto it = a.find(item.id);
      if (it == a.end() || !it->second.is_array()) continue;
      for (const auto& pick : it->second) {
        if (!pick.is_string()) continue;
        auto at = std::find(values.begin(), values.end(), pick.get<std::string>());
        if (at != values.end()) ++counts[static_cast<std::size_t>(at - values.begin())];
      }
    }
  } else {
    return std::nullopt;
  }
  return engine.Distribution(values, counts);
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

  std::optional<ShownDistribution> Distribution(const SuppressionEngine& engine,
                                                const std::string& item_id) const {
    const Item* item = segmented.FindItem(item_id);
    if (item == nullptr) return std::nullopt;
    if (!counts) return DistributionOf(engine, segmented, answers, *item);
    auto raw = counts->Distribution(segmented, venues, item_id);
    if (!raw) return std::nullopt;
    return engine.Distribution(raw->values, raw->counts);
  }
  Result<ContingencyTable> Table(const std::string& question, const std::string& segment) const {
    if (!counts) return BuildContingencyTable(segmented, question, segment, RefsOf(answers));
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

  json questions = json::array();
  json segments = json::array();
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      auto distribution = in.Distribution(m_engine, item.id);
      if (!distribution) continue;
      questions.push_back({{"id", item.id},
                           {"section", section.id},
                           {"type", ToString(item.type)},
                           {"text", item.Wording("", Language(tmpl), "")},
                           {"cross_tabulable", CrossTabulable(item)},
                           {"distribution", ToJson(*distribution)}});
      if (item.type == ItemType::kSingleChoice || item.type == ItemType::kYesNo) {
        segments.push_back(
            {{"id", item.id}, {"equality_monitoring", section.module == kEqualityModule}});
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
  for (const std::string name : {"venue", "venue_area", "venue_settlement"}) {
    auto distribution = in.Distribution(m_engine, SegmentItemId(name));
    if (distribution) venue_segments[name] = ToJson(*distribution);
  }
  std::map<std::string, std::string> names;
  for (const auto& v : in.venues) names[v.id] = v.name;
  json venue_names = json::object();
  for (const auto& [id, name] : names) venue_names[id] = name;
  json segment_list = {{{"id", "venue"}, {"equality_monitoring", false}},
                       {{"id", "venue_area"}, {"equality_monitoring", false}},
                       {{"id", "venue_settlement"}, {"equality_monitoring", false}}};
  for (auto& s : segments) segment_list.push_back(s);
  return json{{"campaign", CampaignJson(in.campaign)},
              {"questions", questions},
              {"over_time", ToJson(m_engine.Distribution(days, day_counts))},
              {"by_venue", venue_segments.value("venue", json())},
              {"venue_names", venue_names},
              {"segments", segment_list},
              {"segment_distributions", venue_segments}};
}

ServiceResult<json> ReportService::CrossTab(const Principal& who, const std::string& campaign_id,
                                            const std::string& question,
                                            const std::string& segment) {
  if (!who.Allows(Permission::kReportsConsultation)) {
    return Forbidden("Managers see 360 reports, not consultations.");
  }
  auto data = ConsultationData(campaign_id);
  if (!data) return data.error();
  const ConsultationInputs& in = **data;
  const Template& tmpl = in.tmpl();

  Problems problems;
  const Item* question_item = question.starts_with("@") ? nullptr : tmpl.FindItem(question);
  if (question_item == nullptr || !CrossTabulable(*question_item)) {
    problems.push_back(
        {"question", "must be a single_choice, yes_no or likert item of " + tmpl.id});
  }
  const std::string segment_id = SegmentItemId(segment);
  const Item* segment_item = segment.starts_with("@") ? nullptr : in.segmented.FindItem(segment_id);
  if (segment_item == nullptr || segment_item->type == ItemType::kLikert ||
      !CrossTabulable(*segment_item)) {
    problems.push_back({"segment",
                        "must be venue, venue_area, venue_settlement or a "
                        "single_choice or yes_no item of " +
                            tmpl.id});
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request",
                        "The cross-tab needs a question and a segment.", problems};
  }
  auto table = in.Table(question, segment_id);
  if (!table) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request", table.ErrorText(),
                        table.problems()};
  }
  // The margins are published elsewhere as the question's and the segment's distributions:
  // hand them over so this table and those agree and cannot be subtracted from each other.
  auto rows = in.Distribution(m_engine, question_item->id);
  auto columns = in.Distribution(m_engine, segment_item->id);
  const ShownCrossTab shown =
      m_engine.CrossTab(*table, rows ? &*rows : nullptr, columns ? &*columns : nullptr);
  json out = ToJson(shown);
  out["campaign"] = CampaignJson(in.campaign);
  out["question"] = {{"id", question}, {"text", question_item->Wording("", Language(tmpl), "")}};
  out["segment"] = segment;
  return out;
}

}  // namespace soundings::server
