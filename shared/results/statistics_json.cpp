#include "shared/results/statistics_json.h"

#include "shared/results/rounding.h"

namespace soundings {

namespace {

constexpr int kMeanDecimals = 2;
constexpr int kProportionDecimals = 4;
constexpr int kStatisticDecimals = 3;
constexpr int kPValueDigits = 4;

nlohmann::json Optional(const std::optional<double>& value, int decimals) {
  return value ? JsonNumber(*value, decimals) : nlohmann::json(nullptr);
}

nlohmann::json DistributionJson(const std::map<double, int>& distribution) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [point, count] : distribution) {
    const bool whole = point == static_cast<double>(static_cast<long long>(point));
    out.push_back({{"point", JsonNumber(point, whole ? 0 : 4)}, {"count", count}});
  }
  return out;
}

nlohmann::json IntervalOrNull(const std::optional<MeanInterval>& interval) {
  if (!interval) return nullptr;
  return {{"low", JsonNumber(interval->low, kMeanDecimals)},
          {"high", JsonNumber(interval->high, kMeanDecimals)}};
}

}  // namespace

nlohmann::json ToJson(const Interval& interval, int decimals) {
  return {{"low", JsonNumber(interval.low, decimals)},
          {"high", JsonNumber(interval.high, decimals)}};
}

nlohmann::json ToJson(const Share& share) {
  return {{"count", share.count},
          {"n", share.n},
          {"proportion", Optional(share.proportion, kProportionDecimals)},
          {"interval", share.interval ? ToJson(*share.interval) : nlohmann::json(nullptr)}};
}

nlohmann::json ToJson(const ItemScores& item) {
  return {{"key", item.key},
          {"reverse_scored", item.reverse_scored},
          {"n", item.summary.n},
          {"mean", Optional(item.summary.mean, kMeanDecimals)},
          {"sd", Optional(item.summary.sd, kMeanDecimals)},
          {"not_applicable", item.summary.not_applicable},
          {"distribution", DistributionJson(item.summary.distribution)},
          {"top2", ToJson(item.top2)},
          {"bottom2", ToJson(item.bottom2)}};
}

nlohmann::json ToJson(const ScaleStatistics& scale) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < scale.item_keys.size(); ++i) {
    const bool reversed = i < scale.reverse_scored.size() && scale.reverse_scored[i];
    nlohmann::json item = {{"key", scale.item_keys[i]}, {"reverse_scored", reversed}};
    if (i < scale.if_deleted.size()) {
      item["alpha_if_deleted"] = Optional(scale.if_deleted[i].alpha, kStatisticDecimals);
      item["item_rest_correlation"] =
          Optional(scale.if_deleted[i].item_rest_correlation, kStatisticDecimals);
    }
    items.push_back(std::move(item));
  }
  return {{"section", scale.section_id},
          {"min_answered", scale.min_answered},
          {"n", scale.scores.n},
          {"mean", Optional(scale.scores.mean, kMeanDecimals)},
          {"sd", Optional(scale.scores.sd, kMeanDecimals)},
          {"too_few_items", scale.too_few_items},
          {"distribution", DistributionJson(scale.scores.distribution)},
          {"top2", ToJson(scale.top2)},
          {"bottom2", ToJson(scale.bottom2)},
          {"alpha", {{"value", Optional(scale.alpha, kStatisticDecimals)}, {"n", scale.alpha_n}}},
          {"items", items}};
}

nlohmann::json ToJson(const CrossTabTest& test) {
  nlohmann::json out = {{"test", "chi_square"}, {"state", ToString(test.state)}};
  if (!test.chi_square) return out;
  const ChiSquareResult& chi = *test.chi_square;
  out["min_expected"] = JsonNumber(chi.min_expected, kMeanDecimals);
  out["share_expected_below_5"] = JsonNumber(chi.share_expected_below_5, kStatisticDecimals);
  if (test.state != TestState::kComputed) return out;
  out["statistic"] = JsonNumber(chi.statistic, kStatisticDecimals);
  out["df"] = chi.df;
  out["p_value"] = JsonSignificant(chi.p_value, kPValueDigits);
  out["cramers_v"] = JsonNumber(chi.cramers_v, kStatisticDecimals);
  out["n"] = chi.total;
  return out;
}

nlohmann::json ToJson(const MeansComparison& means) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : means.groups)
    groups.push_back({{"segment", g.segment},
                      {"n", g.n},
                      {"mean", Optional(g.mean, kMeanDecimals)},
                      {"sd", Optional(g.sd, kMeanDecimals)},
                      {"interval", IntervalOrNull(g.interval95)}});
  nlohmann::json anova = {{"state", ToString(means.anova_state)}};
  if (means.anova && means.anova_state == TestState::kComputed) {
    anova["f"] = JsonNumber(means.anova->f, kStatisticDecimals);
    anova["df_between"] = means.anova->df_between;
    anova["df_within"] = means.anova->df_within;
    anova["p_value"] = JsonSignificant(means.anova->p_value, kPValueDigits);
    anova["eta_squared"] = JsonNumber(means.anova->eta_squared, kStatisticDecimals);
  }
  nlohmann::json welch = {{"state", ToString(means.welch_state)}};
  if (means.welch && means.welch_state == TestState::kComputed) {
    welch["f"] = JsonNumber(means.welch->f, kStatisticDecimals);
    welch["df1"] = JsonNumber(means.welch->df1, 0);
    welch["df2"] = JsonNumber(means.welch->df2, kMeanDecimals);
    welch["p_value"] = JsonSignificant(means.welch->p_value, kPValueDigits);
  }
  return {{"groups", groups}, {"anova", anova}, {"welch", welch}};
}

nlohmann::json ToJson(const ThemeResult& themes) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& theme : themes.themes) {
    nlohmann::json keyphrases = nlohmann::json::array();
    for (const auto& k : theme.keyphrases)
      keyphrases.push_back({{"text", k.text},
                            {"stem", k.stem},
                            {"comments", k.comments},
                            {"weight", JsonNumber(k.weight, kStatisticDecimals)}});
    list.push_back({{"id", theme.id},
                    {"size", static_cast<int>(theme.comment_ids.size())},
                    {"keyphrases", keyphrases},
                    {"comments", theme.comment_ids}});
  }
  return {{"language", themes.language},
          {"stemmer", themes.stemmer},
          {"vocabulary", themes.vocabulary},
          {"themes", list},
          {"other", themes.other}};
}

nlohmann::json ToJson(const RedactedText& redacted) {
  nlohmann::json counts = nlohmann::json::object();
  for (RedactionKind kind : {RedactionKind::kEmail, RedactionKind::kPhone, RedactionKind::kPostcode,
                             RedactionKind::kName})
    counts[ToString(kind)] = redacted.Count(kind);
  return {{"text", redacted.text}, {"redacted", counts}};
}

}  // namespace soundings
