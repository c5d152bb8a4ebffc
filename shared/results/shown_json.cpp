#include "shared/results/shown_json.h"

#include <algorithm>

namespace soundings {

namespace {

constexpr int kMeanDecimals = 2;
constexpr int kPercentDecimals = 1;

// The smallest N among suppressed values, for the footnote; 0 when nothing is suppressed.
class FootnoteTracker {
 public:
  void See(const CellValue& value) {
    if (value.suppressed())
      m_minimum = m_minimum == 0 ? value.minimum() : std::min(m_minimum, value.minimum());
  }
  void See(const ShownSummary& summary) {
    for (const CellValue* v :
         {&summary.n, &summary.mean, &summary.sd, &summary.favourable_pct, &summary.not_applicable})
      See(*v);
    for (const auto& [point, count] : summary.distribution) See(count);
  }
  void AddTo(nlohmann::json& out) const {
    if (m_minimum > 0) out["footnote"] = CellValue::Footnote(m_minimum);
  }

 private:
  int m_minimum = 0;
};

nlohmann::json GroupsJson(const ShownGroups& groups, FootnoteTracker& footnote) {
  nlohmann::json by_group = nlohmann::json::object();
  for (const auto& [id, summary] : groups.by_group) {
    by_group[id] = ToJson(summary);
    footnote.See(summary);
  }
  footnote.See(groups.all_others);
  return {{"by_group", by_group}, {"all_others", ToJson(groups.all_others)}};
}

nlohmann::json RankedJson(const std::vector<Ranked>& ranked) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : ranked)
    out.push_back({{"key", r.key},
                   {"others_mean", r.others_mean},
                   {"others_favourable_pct", r.others_favourable_pct}});
  return out;
}

}  // namespace

const char* ToString(GapKind kind) {
  switch (kind) {
    case GapKind::kNone:
      return "none";
    case GapKind::kBlindSpot:
      return "blind_spot";
    case GapKind::kHiddenStrength:
      return "hidden_strength";
  }
  return "none";
}

nlohmann::json ToJson(const ShownSummary& summary) {
  nlohmann::json distribution = nlohmann::json::array();
  for (const auto& [point, count] : summary.distribution)
    distribution.push_back({{"point", point}, {"count", count.ToJson()}});
  return {{"n", summary.n.ToJson()},
          {"mean", summary.mean.ToJson(kMeanDecimals)},
          {"sd", summary.sd.ToJson(kMeanDecimals)},
          {"favourable_pct", summary.favourable_pct.ToJson(kPercentDecimals)},
          {"not_applicable", summary.not_applicable.ToJson()},
          {"distribution", distribution}};
}

nlohmann::json ToJson(const Shown360& report) {
  FootnoteTracker footnote;
  nlohmann::json items = nlohmann::json::object();
  for (const auto& key : report.item_keys) items[key] = GroupsJson(report.items.at(key), footnote);
  nlohmann::json competencies = nlohmann::json::object();
  for (const auto& id : report.competency_ids)
    competencies[id] = GroupsJson(report.competencies.at(id), footnote);
  nlohmann::json gaps = nlohmann::json::array();
  for (const auto& g : report.gaps)
    gaps.push_back({{"key", g.key},
                    {"competency", g.competency},
                    {"self", g.self},
                    {"others", g.others},
                    {"gap", g.gap},
                    {"threshold", g.threshold},
                    {"kind", ToString(g.kind)}});
  nlohmann::json out = {{"groups", report.groups},
                        {"responses", report.responses},
                        {"item_keys", report.item_keys},
                        {"competency_ids", report.competency_ids},
                        {"items", items},
                        {"competencies", competencies},
                        {"gaps", gaps},
                        {"strengths", RankedJson(report.strengths)},
                        {"development_areas", RankedJson(report.development_areas)}};
  footnote.AddTo(out);
  return out;
}

nlohmann::json ToJson(const ShownCrossTab& table) {
  FootnoteTracker footnote;
  auto list = [&](const std::vector<CellValue>& values) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : values) {
      footnote.See(v);
      out.push_back(v.ToJson());
    }
    return out;
  };
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& row : table.cells) cells.push_back(list(row));
  nlohmann::json out = {{"row_values", table.row_values},
                        {"column_values", table.column_values},
                        {"cells", cells},
                        {"row_totals", list(table.row_totals)},
                        {"column_totals", list(table.column_totals)},
                        {"total", list(table.total).at(0)}};
  if (table.test) {
    out["test"] = {{"statistic", table.test->statistic},
                   {"df", table.test->df},
                   {"p_value", table.test->p_value},
                   {"small_expected", table.test->small_expected}};
  } else {
    out["test"] = nullptr;
  }
  footnote.AddTo(out);
  return out;
}

nlohmann::json ToJson(const ShownDistribution& distribution) {
  FootnoteTracker footnote;
  nlohmann::json counts = nlohmann::json::array();
  for (std::size_t i = 0; i < distribution.values.size() && i < distribution.counts.size(); ++i) {
    footnote.See(distribution.counts[i]);
    counts.push_back(
        {{"value", distribution.values[i]}, {"count", distribution.counts[i].ToJson()}});
  }
  nlohmann::json out = {{"counts", counts}, {"total", nullptr}};
  if (!distribution.total.empty()) {
    footnote.See(distribution.total[0]);
    out["total"] = distribution.total[0].ToJson();
  }
  footnote.AddTo(out);
  return out;
}

nlohmann::json ToJson(const ShownComments& comments) {
  nlohmann::json out = {
      {"group", comments.group}, {"count", comments.count.ToJson()}, {"comments", comments.texts}};
  FootnoteTracker footnote;
  footnote.See(comments.count);
  footnote.AddTo(out);
  return out;
}

}  // namespace soundings
