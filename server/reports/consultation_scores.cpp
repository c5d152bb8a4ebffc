// Consultation scores (ReportService::ConsultationScores, ConsultationScoresCsv): per scored item
// n, mean, sd and top-2 / bottom-2 shares with Wilson intervals, per number item its summary, per
// scale section its scale score and Cronbach's alpha, for everyone or per value of a segment.
// The maths is shared/results (statistics.h, scales.h, association.h); this file groups the
// respondents, asks the engine which groups may be shown, and writes JSON and CSV.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/reports/report_service.h"
#include "server/services/csv.h"
#include "shared/results/association.h"
#include "shared/results/scales.h"
#include "shared/results/statistics.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

namespace {

constexpr const char* kAllGroup = "all";
constexpr const char* kNotAnswered = "not_answered";
constexpr const char* kFlippedNote =
    "Reverse-keyed: shown flipped, so a higher score is more favourable.";

// Respondents a figure is given for: everyone, or one value of the segment.
struct Group {
  std::string value;  // kAllGroup, a segment value, or kNotAnswered
  std::string label;
  ResponseRefs refs;
};

ServiceError BadSegment(const Template& tmpl) {
  return ServiceError{ErrorKind::kBadRequest,
                      "invalid_request",
                      "The segment is not one scores can be split by.",
                      {{"segment",
                        "must be venue, venue_area, venue_settlement, venue_ward or a "
                        "single_choice, yes_no or likert item of " +
                            tmpl.id}}};
}

// The groups of `segment` with their respondents, in a stable order, "not answered" last; one
// group of everyone when `segment` is empty.
ServiceResult<std::vector<Group>> GroupsOf(const Template& tmpl,
                                           const std::vector<ReportResponse>& responses,
                                           const std::vector<VenueRow>& venues,
                                           const std::string& segment) {
  std::vector<Group> groups;
  Group not_answered{kNotAnswered, "Not answered", {}};
  if (segment.empty()) {
    Group all{kAllGroup, "All respondents", {}};
    for (const auto& r : responses) all.refs.push_back(&r.answers);
    groups.push_back(std::move(all));
    return groups;
  }
  if (segment == "venue" || segment == "venue_area" || segment == "venue_settlement" ||
      segment == "venue_ward") {
    auto field = [&](const VenueRow& v) -> const std::string& {
      if (segment == "venue") return v.id;
      if (segment == "venue_area") return v.area;
      if (segment == "venue_settlement") return v.settlement;
      return v.ward;
    };
    std::map<std::string, std::size_t> index;
    std::map<std::string, const VenueRow*> by_id;
    std::set<std::string> values;
    for (const auto& v : venues) {
      by_id[v.id] = &v;
      if (!field(v).empty()) values.insert(field(v));
    }
    for (const auto& value : values) {
      std::string label = value;
      if (segment == "venue") label = by_id.at(value)->name;
      index[value] = groups.size();
      groups.push_back({value, label, {}});
    }
    for (const auto& r : responses) {
      auto venue = by_id.find(r.venue_id);
      auto group = venue == by_id.end() ? index.end() : index.find(field(*venue->second));
      if (group == index.end()) {
        not_answered.refs.push_back(&r.answers);
      } else {
        groups[group->second].refs.push_back(&r.answers);
      }
    }
    groups.push_back(std::move(not_answered));
    return groups;
  }
  const Item* item = tmpl.FindItem(segment);
  if (item == nullptr || (item->type != ItemType::kSingleChoice && item->type != ItemType::kYesNo &&
                          item->type != ItemType::kLikert)) {
    return BadSegment(tmpl);
  }
  // "Prefer not to say" and "not applicable" are groups of their own: they answered, unlike
  // those who skipped the question.
  auto categories = CrossTabCategoriesOf(tmpl, segment, true);
  if (!categories) return BadSegment(tmpl);
  const std::string language = Language(tmpl);
  std::vector<std::string> labels;
  if (item->type == ItemType::kSingleChoice) {
    for (const auto& option : item->options) labels.push_back(Pick(option.label, language));
  } else if (item->type == ItemType::kYesNo) {
    labels = {"Yes", "No"};
  } else if (const Scale* scale = tmpl.FindScale(item->scale)) {
    for (const auto& point : scale->points) labels.push_back(Pick(point.label, language));
    if (scale->not_applicable) labels.push_back(Pick(*scale->not_applicable, language));
  }
  for (std::size_t i = 0; i < categories->values.size(); ++i) {
    const std::string& value = categories->values[i];
    std::string label = i < labels.size() ? labels[i] : value;
    if (value == kPreferNotToSay) label = "Prefer not to say";
    groups.push_back({value, label.empty() ? value : label, {}});
  }
  for (const auto& r : responses) {
    auto at = categories->IndexOf(r.answers);
    if (at) {
      groups[*at].refs.push_back(&r.answers);
    } else {
      not_answered.refs.push_back(&r.answers);
    }
  }
  groups.push_back(std::move(not_answered));
  return groups;
}

// Which groups' figures may be shown, from how many respondents each has for one figure: a group
// under the cell minimum is hidden, and when that leaves a single hidden group among those that
// answered, the next smallest is hidden too, so no hidden group's figures are the whole (shown
// unsegmented) minus the others. The engine decides, as for a 360's rater groups (Show360).
// `empty[g]` says group g gave no answer at all (none scored, none "not applicable"), when that
// differs from ns[g] == 0.
std::vector<CellValue> Gates(const SuppressionEngine& engine, const std::vector<int>& ns,
                             bool segmented, const std::vector<bool>& empty = {}) {
  const int minimum = engine.policy().cell_minimum;
  std::vector<ProtectedCount> counts;
  AdditiveRelation whole;
  int total = 0;
  for (std::size_t g = 0; g < ns.size(); ++g) {
    const int n = ns[g];
    // A group where nobody answered has nothing to protect and cannot protect another.
    counts.push_back({n, minimum, g < empty.size() ? empty[g] : n == 0});
    whole.members.push_back(static_cast<int>(counts.size() - 1));
    total += n;
  }
  if (!segmented) return engine.Protect(counts, {});
  whole.total = static_cast<int>(counts.size());
  ProtectedCount all{total, minimum, false};
  // The unsegmented view shows the whole when it reaches the minimum: never one to hide here.
  if (total >= minimum) all.published = ProtectedCount::Published::kShown;
  counts.push_back(all);
  auto gates = engine.Protect(counts, {whole}, AuditDepth::kEquations);
  gates.pop_back();
  return gates;
}

// Every figure of a group as the engine allows: shown with the group, hidden whole with it.
class Figures {
 public:
  explicit Figures(const SuppressionEngine& engine)
      : m_engine(engine),
        m_zero(engine.Protect({{0, 0, true}}, {}).front()),
        m_hidden(engine.Protect({{0, engine.policy().cell_minimum, false}}, {}).front()) {}

  // A gate that hides every figure behind it, reading like any suppressed value.
  const CellValue& Hidden() const { return m_hidden; }

  // A figure of the group whose size is `gate`. Only the engine makes cells: gate / gate × value
  // is the value when the group is shown, and hidden exactly like the gate when it is not.
  CellValue Of(const CellValue& gate, std::optional<double> value) {
    NoteSuppressed(gate, m_minimums);
    if (gate.shown() && value) return m_engine.Ratio(gate, gate, *value);
    if (gate.shown()) return m_engine.Ratio(gate, m_zero);  // not defined (sd of one answer)
    return m_engine.Ratio(gate, gate);
  }
  json Share(const CellValue& gate, const soundings::Share& share) {
    std::optional<double> low;
    std::optional<double> high;
    if (share.interval) {
      low = share.interval->low;
      high = share.interval->high;
    }
    return {{"count", Of(gate, share.count).ToJson(0)},
            {"proportion", Of(gate, share.proportion).ToJson(4)},
            {"low", Of(gate, low).ToJson(4)},
            {"high", Of(gate, high).ToJson(4)}};
  }
  const std::set<int>& minimums() const { return m_minimums; }

 private:
  const SuppressionEngine& m_engine;
  CellValue m_zero;
  CellValue m_hidden;
  std::set<int> m_minimums;
};

std::vector<int> SizesOf(const std::vector<Group>& groups,
                         const std::function<int(std::size_t)>& n) {
  std::vector<int> out;
  out.reserve(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) out.push_back(n(g));
  return out;
}

// Whether every count an item's figures are made of reaches the minimum in one group: each answer
// point, and "not applicable" where the scale offers it. A mean is n x mean = the sum of point x
// count, a top-2 share the sum of two counts, n the total less "not applicable": beside a
// distribution or cross-tab hiding one of those counts, each is one more equation that would
// give it away (issue 13 item 7). So an item's figures are shown only where none is hidden.
bool EveryCountReaches(const Summary& summary, const Scale& scale, int minimum) {
  for (const auto& [point, count] : summary.distribution) {
    if (count < minimum) return false;
  }
  return !scale.not_applicable || summary.not_applicable >= minimum;
}

json ItemsJson(const Template& tmpl, const std::vector<Group>& groups, bool segmented,
               const SuppressionEngine& engine, Figures& figures) {
  std::vector<std::vector<ItemScores>> scores;  // [group][item]
  scores.reserve(groups.size());
  for (const auto& group : groups) scores.push_back(ScoreItems(tmpl, group.refs));
  const auto items = ScoredItemsOf(tmpl);
  json out = json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ScoredItem& scored = items[i];
    std::vector<bool> empty;
    empty.reserve(scores.size());
    for (const auto& group_scores : scores) {
      empty.push_back(group_scores[i].summary.n == 0 &&
                      group_scores[i].summary.not_applicable == 0);
    }
    auto gates =
        Gates(engine, SizesOf(groups, [&](std::size_t g) { return scores[g][i].summary.n; }),
              segmented, empty);
    json by_group = json::array();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const ItemScores& s = scores[g][i];
      const CellValue& gate =
          EveryCountReaches(s.summary, *scored.scale, engine.policy().cell_minimum)
              ? gates[g]
              : figures.Hidden();
      by_group.push_back({{"group", groups[g].value},
                          {"n", figures.Of(gate, s.summary.n).ToJson(0)},
                          {"mean", figures.Of(gate, s.summary.mean).ToJson(2)},
                          {"sd", figures.Of(gate, s.summary.sd).ToJson(2)},
                          {"not_applicable", figures.Of(gate, s.summary.not_applicable).ToJson(0)},
                          {"top2", figures.Share(gate, s.top2)},
                          {"bottom2", figures.Share(gate, s.bottom2)}});
    }
    json entry = {
        {"key", scored.key},
        {"item", scored.item->id},
        {"row", scored.row != nullptr ? json(scored.row->id) : json()},
        {"section", scored.section->id},
        {"text", ItemLabel(tmpl, scored.key, "")},
        {"scale",
         {{"id", scored.scale->id}, {"min", scored.scale->Min()}, {"max", scored.scale->Max()}}},
        {"reverse_scored", scored.reverse_scored},
        {"groups", by_group}};
    if (scored.reverse_scored) entry["note"] = kFlippedNote;
    out.push_back(entry);
  }
  return out;
}

// A number item's answers of one group: n, mean and sd (CompareMeans) and median, min, max.
struct NumberSummary {
  int n = 0;
  std::optional<double> mean, sd, median, min, max;
};

NumberSummary SummariseNumbers(std::vector<double> values) {
  NumberSummary out;
  out.n = static_cast<int>(values.size());
  if (values.empty()) return out;
  if (auto means = CompareMeans({kAllGroup}, {values}); means && !means->groups.empty()) {
    out.mean = means->groups.front().mean;
    out.sd = means->groups.front().sd;
  }
  std::sort(values.begin(), values.end());
  const std::size_t half = values.size() / 2;
  out.median = values.size() % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2;
  out.min = values.front();
  out.max = values.back();
  return out;
}

json NumbersJson(const Template& tmpl, const std::vector<Group>& groups, bool segmented,
                 const SuppressionEngine& engine, Figures& figures) {
  json out = json::array();
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      if (item.type != ItemType::kNumber) continue;
      std::vector<NumberSummary> summaries;
      for (const auto& group : groups) {
        std::vector<double> values;
        for (const Answers* answers : group.refs) {
          auto it = answers->find(item.id);
          if (it != answers->end() && it->second.is_number()) {
            values.push_back(it->second.get<double>());
          }
        }
        summaries.push_back(SummariseNumbers(std::move(values)));
      }
      auto gates =
          Gates(engine, SizesOf(groups, [&](std::size_t g) { return summaries[g].n; }), segmented);
      json by_group = json::array();
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const NumberSummary& s = summaries[g];
        by_group.push_back({{"group", groups[g].value},
                            {"n", figures.Of(gates[g], s.n).ToJson(0)},
                            {"mean", figures.Of(gates[g], s.mean).ToJson(2)},
                            {"sd", figures.Of(gates[g], s.sd).ToJson(2)},
                            {"median", figures.Of(gates[g], s.median).ToJson(2)},
                            {"min", figures.Of(gates[g], s.min).ToJson(2)},
                            {"max", figures.Of(gates[g], s.max).ToJson(2)}});
      }
      out.push_back({{"id", item.id},
                     {"section", section.id},
                     {"text", item.Wording("", Language(tmpl), "")},
                     {"integer", item.integer},
                     {"groups", by_group}});
    }
  }
  return out;
}

json ScalesJson(const Template& tmpl, const std::vector<Group>& groups, bool segmented,
                const SuppressionEngine& engine, Figures& figures) {
  std::vector<std::vector<ScaleStatistics>> stats;  // [group][scale], template order
  stats.reserve(groups.size());
  for (const auto& group : groups) stats.push_back(SummariseScales(tmpl, group.refs));
  json out = json::array();
  const std::size_t scales = stats.empty() ? 0 : stats.front().size();
  for (std::size_t s = 0; s < scales; ++s) {
    const ScaleStatistics& first = stats.front()[s];
    std::vector<bool> empty;
    empty.reserve(stats.size());
    for (const auto& group_stats : stats) {
      empty.push_back(group_stats[s].scores.n == 0 && group_stats[s].too_few_items == 0);
    }
    auto gates = Gates(engine, SizesOf(groups, [&](std::size_t g) { return stats[g][s].scores.n; }),
                       segmented, empty);
    json by_group = json::array();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const ScaleStatistics& st = stats[g][s];
      const CellValue& gate = gates[g];
      // The scale scores placed at their nearest points are counts like any distribution's:
      // protected by the cell rule (within a shown group), and the top-2 / bottom-2 shares, sums
      // of those counts, shown only when none of them is hidden.
      std::vector<std::string> points;
      std::vector<int> counts;
      for (const auto& [point, count] : st.scores.distribution) {
        points.push_back(std::to_string(point));
        counts.push_back(count);
      }
      const auto shown = engine.Distribution(points, counts);
      bool every_count_shown = gate.shown();
      json distribution = json::array();
      std::size_t at = 0;
      for (const auto& [point, count] : st.scores.distribution) {
        const CellValue& cell = shown.counts[at++];
        every_count_shown = every_count_shown && cell.shown();
        distribution.push_back(
            {{"point", point}, {"count", figures.Of(gate.shown() ? cell : gate, count).ToJson(0)}});
      }
      const CellValue& shares_gate = every_count_shown ? gate : figures.Hidden();
      json items = json::array();
      for (const auto& deleted : st.if_deleted) {
        items.push_back(
            {{"key", deleted.key},
             {"alpha_if_deleted", figures.Of(gate, deleted.alpha).ToJson(3)},
             {"item_rest_correlation", figures.Of(gate, deleted.item_rest_correlation).ToJson(3)}});
      }
      by_group.push_back({{"group", groups[g].value},
                          {"n", figures.Of(gate, st.scores.n).ToJson(0)},
                          {"mean", figures.Of(gate, st.scores.mean).ToJson(2)},
                          {"sd", figures.Of(gate, st.scores.sd).ToJson(2)},
                          {"too_few_items", figures.Of(gate, st.too_few_items).ToJson(0)},
                          {"distribution", distribution},
                          {"top2", figures.Share(shares_gate, st.top2)},
                          {"bottom2", figures.Share(shares_gate, st.bottom2)},
                          {"alpha",
                           {{"value", figures.Of(gate, st.alpha).ToJson(3)},
                            {"n", figures.Of(gate, st.alpha_n).ToJson(0)}}},
                          {"items", items}});
    }
    json items = json::array();
    for (std::size_t i = 0; i < first.item_keys.size(); ++i) {
      const bool reversed = i < first.reverse_scored.size() && first.reverse_scored[i];
      json item = {{"key", first.item_keys[i]},
                   {"text", ItemLabel(tmpl, first.item_keys[i], "")},
                   {"reverse_scored", reversed}};
      if (reversed) item["note"] = kFlippedNote;
      items.push_back(item);
    }
    out.push_back({{"section", first.section_id},
                   {"title", SectionTitle(tmpl, first.section_id)},
                   {"min_answered", first.min_answered},
                   {"items", items},
                   {"groups", by_group}});
  }
  return out;
}

// What the cache must see change: the responses and template (Fingerprint), the campaign's
// header (its state, dates), the minimum in force and the venues (a venue segment's groups and
// labels).
std::string ScoresStamp(const std::string& fingerprint, const CampaignRow& campaign,
                        const SuppressionEngine& engine, const std::vector<VenueRow>& venues) {
  json stamp = json::array({fingerprint, CampaignJson(campaign), engine.policy().cell_minimum});
  for (const auto& v : venues) stamp.push_back({v.id, v.name, v.area, v.settlement, v.ward});
  return stamp.dump();
}

// One figure of the scores JSON as a CSV cell: the number, "not defined", or "fewer than N"
// (never blank or 0 for a hidden one); "" for a figure the row's kind does not have.
std::string CellText(const json& cell) {
  if (!cell.is_object()) return "";
  const std::string status = cell.value("status", "");
  if (status == "suppressed") return "fewer than " + std::to_string(cell.value("threshold", 0));
  if (status == "not_defined") return "not defined";
  const json& value = cell.value("value", json());
  if (value.is_number_integer()) return value.dump();
  if (!value.is_number()) return "";
  // Already rounded to the figure's places: print it without trailing zeros (3, not 3.0).
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.12g", value.get<double>());
  return buffer;
}

const json& Field(const json& object, const std::string& name) {
  static const json kNone;
  if (!object.is_object()) return kNone;
  auto it = object.find(name);
  return it == object.end() ? kNone : *it;
}

}  // namespace

ServiceResult<json> ReportService::ConsultationScores(const Principal& who,
                                                      const std::string& campaign_id,
                                                      const std::string& segment) {
  if (!who.Allows(Permission::kReportsConsultation)) {
    return Forbidden("Managers see 360 reports, not consultations.");
  }
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if ((*campaign)->kind != "consultation") return WrongKind(**campaign, "a consultation");
  auto venues = m_store.Venues();
  if (!venues) return StorageError(venues.error());
  const SuppressionEngine& engine = EngineFor(**campaign);
  auto fingerprint = Fingerprint(**campaign, std::nullopt);
  if (!fingerprint) return fingerprint.error();
  const std::string stamp = ScoresStamp(*fingerprint, **campaign, engine, *venues);
  const std::string cache_key = "consultation_scores:" + campaign_id + "?" + segment;
  if (auto cached = Cached(cache_key, stamp)) return *cached;

  auto data = Load(campaign_id);
  if (!data) return data.error();
  const Template& tmpl = data->tmpl();
  auto groups = GroupsOf(tmpl, data->responses, *venues, segment);
  if (!groups) return groups.error();
  const bool segmented = !segment.empty();
  Figures figures(engine);
  json group_list = json::array();
  for (const auto& g : *groups) group_list.push_back({{"value", g.value}, {"label", g.label}});
  json out = {{"campaign", CampaignJson(data->campaign)},
              {"segment", segmented ? json(segment) : json()},
              {"cell_minimum", engine.policy().cell_minimum},
              {"groups", group_list},
              {"items", ItemsJson(tmpl, *groups, segmented, engine, figures)},
              {"numbers", NumbersJson(tmpl, *groups, segmented, engine, figures)},
              {"scales", ScalesJson(tmpl, *groups, segmented, engine, figures)}};
  AddFootnotes(out, figures.minimums());
  Remember(cache_key, stamp, out);
  return out;
}

ServiceResult<ExportFile> ReportService::ConsultationScoresCsv(const Principal& who,
                                                               const std::string& campaign_id,
                                                               const std::string& segment) {
  auto report = ConsultationScores(who, campaign_id, segment);
  if (!report) return report.error();
  const json& scores = *report;
  std::map<std::string, std::string> labels;
  for (const auto& g : scores.at("groups")) labels[g.at("value")] = g.at("label");

  ExportFile file;
  file.filename = campaign_id + "-scores" + (segment.empty() ? "" : "-by-" + segment) + ".csv";
  file.content_type = "text/csv; charset=utf-8";
  file.body =
      "\xEF\xBB\xBF" +
      CsvLine({"segment",      "group",          "group_label", "kind",          "key",
               "text",         "reverse_scored", "n",           "mean",          "sd",
               "top2_share",   "top2_low",       "top2_high",   "bottom2_share", "bottom2_low",
               "bottom2_high", "alpha",          "alpha_n",     "median",        "min",
               "max"});
  const std::string segment_name = segment.empty() ? "all" : segment;
  auto write = [&](const char* kind, const std::string& key, const std::string& text, bool reversed,
                   const json& group) {
    const json& top2 = Field(group, "top2");
    const json& bottom2 = Field(group, "bottom2");
    const json& alpha = Field(group, "alpha");
    const std::string value = group.at("group");
    file.body += CsvLine({segment_name,
                          value,
                          labels[value],
                          kind,
                          key,
                          text,
                          reversed ? "yes" : "no",
                          CellText(Field(group, "n")),
                          CellText(Field(group, "mean")),
                          CellText(Field(group, "sd")),
                          CellText(Field(top2, "proportion")),
                          CellText(Field(top2, "low")),
                          CellText(Field(top2, "high")),
                          CellText(Field(bottom2, "proportion")),
                          CellText(Field(bottom2, "low")),
                          CellText(Field(bottom2, "high")),
                          CellText(Field(alpha, "value")),
                          CellText(Field(alpha, "n")),
                          CellText(Field(group, "median")),
                          CellText(Field(group, "min")),
                          CellText(Field(group, "max"))});
  };
  for (const auto& g : scores.at("groups")) {
    const std::string value = g.at("value");
    auto each = [&](const char* kind, const json& list, const std::string& id_field,
                    const std::string& text_field) {
      for (const auto& entry : list) {
        for (const auto& group : entry.at("groups")) {
          if (group.at("group") != value) continue;
          write(kind, entry.at(id_field), entry.at(text_field),
                entry.value("reverse_scored", false), group);
        }
      }
    };
    each("item", scores.at("items"), "key", "text");
    each("number", scores.at("numbers"), "id", "text");
    each("scale", scores.at("scales"), "section", "title");
  }
  return file;
}

}  // namespace soundings::server
