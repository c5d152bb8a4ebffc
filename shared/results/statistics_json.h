#pragma once
// JSON of the statistics of item scores, scales, tests of association and themes, as the API
// and exports return them. Counts are JSON integers; means and sds 2 decimals, proportions and
// their intervals 4, alpha, correlations, Cramér's V and test statistics 3, p-values 4
// significant digits. These are the figures before suppression: the caller decides what of them
// a person may see (a scale's figures only above the minimum, a test only for a table it shows)
// and passes only that on. docs/results-maths.md has each figure's formula.

#include <nlohmann/json.hpp>

#include "shared/results/association.h"
#include "shared/results/scales.h"
#include "shared/results/statistics.h"
#include "shared/results/themes.h"
#include "shared/text/redaction.h"

namespace soundings {

/// {"low", "high"} to `decimals` places.
nlohmann::json ToJson(const Interval& interval, int decimals = 4);

/// {"count", "n", "proportion", "interval": {"low", "high"}}; proportion and interval null when
/// n is 0.
nlohmann::json ToJson(const Share& share);

/// {"key", "reverse_scored", "n", "mean", "sd", "not_applicable", "distribution": [{"point",
/// "count"}], "top2": Share, "bottom2": Share}; mean and sd null when undefined.
nlohmann::json ToJson(const ItemScores& item);

/// {"section", "min_answered", "n", "mean", "sd", "too_few_items", "distribution", "top2",
/// "bottom2", "alpha": {"value", "n"}, "items": [{"key", "reverse_scored", "alpha_if_deleted",
/// "item_rest_correlation"}]}.
nlohmann::json ToJson(const ScaleStatistics& scale);

/// {"test": "chi_square", "state", "min_expected", "share_expected_below_5"} and, only when the
/// state is "computed", "statistic", "df", "p_value", "cramers_v", "n".
nlohmann::json ToJson(const CrossTabTest& test);

/// {"groups": [{"segment", "n", "mean", "sd", "interval"}], "anova": {"state", "f", "df_between",
/// "df_within", "p_value", "eta_squared"}, "welch": {"state", "f", "df1", "df2", "p_value"}}; a
/// test's figures are present only when its state is "computed".
nlohmann::json ToJson(const MeansComparison& means);

/// {"language", "stemmer", "vocabulary", "themes": [{"id", "size", "keyphrases": [{"text",
/// "stem", "comments", "weight"}], "comments": [ids]}], "other": [ids]}.
nlohmann::json ToJson(const ThemeResult& themes);

/// {"text", "redacted": {"email", "phone", "postcode", "name"}} (counts).
nlohmann::json ToJson(const RedactedText& redacted);

}  // namespace soundings
