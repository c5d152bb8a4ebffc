#pragma once
// Tests of association for cross-tabs: chi-square with Cramér's V and an explicit "expected
// counts too small" state for a question against a segment, and for a scale or numeric question
// the mean per segment with a 95 % t interval, a one-way ANOVA and Welch's ANOVA. The caller
// applies filters before and suppression after: these functions take the whole (unsuppressed)
// table and return only the statistic. docs/results-maths.md, "Tests of association".

#include <optional>
#include <string>
#include <vector>

#include "shared/core/error.h"
#include "shared/results/impact.h"
#include "shared/results/statistics.h"
#include "shared/templates/model.h"

namespace soundings {

/// Whether a test could be computed and trusted.
enum class TestState {
  kComputed,                // the statistic and its p-value hold
  kExpectedCountsTooSmall,  // chi-square: Cochran's rule fails, so the p-value is not trustworthy
  kNotEnoughData,           // fewer than two non-empty groups, or no degrees of freedom left
  kNoVariance,              // ANOVA: every answer within each group is the same
};

/// "computed", "expected_counts_too_small", "not_enough_data", "no_variance".
const char* ToString(TestState state);

/// The chi-square test of a cross-tab with its state; `chi_square` is set whenever the statistic
/// could be computed (also when expected counts are too small, for the caller's own use).
struct CrossTabTest {
  TestState state = TestState::kNotEnoughData;
  std::optional<ChiSquareResult> chi_square;
};

/// Tests `counts` ([row][column], the unsuppressed table): kComputed when Cochran's rule holds,
/// kExpectedCountsTooSmall when not, kNotEnoughData when fewer than 2 non-empty rows or columns.
/// Fails only for a ragged table or a negative count.
Result<CrossTabTest> TestCrossTab(const std::vector<std::vector<int>>& counts);

/// One segment's values of a scale or numeric question.
struct GroupMean {
  std::string segment;
  int n = 0;
  double sum = 0;
  std::optional<double> mean;              // nullopt when n == 0
  std::optional<double> sd;                // sample sd; nullopt when n < 2
  std::optional<MeanInterval> interval95;  // mean ± t(0.975, n - 1) sd / √n; nullopt when n < 2
};

/// Classic one-way ANOVA (equal variances assumed).
struct AnovaResult {
  double f = 0;
  int df_between = 0;  // groups - 1
  int df_within = 0;   // N - groups
  double p_value = 1;
  double eta_squared = 0;  // between sum of squares / total sum of squares
};

/// Welch's one-way ANOVA (unequal variances), as R's oneway.test(var.equal = FALSE).
struct WelchResult {
  double f = 0;
  double df1 = 0;
  double df2 = 0;  // not whole in general
  double p_value = 1;
};

/// Means per segment and the tests across them. Groups with no values are listed (n 0) but take
/// no part in the tests.
struct MeansComparison {
  std::vector<GroupMean> groups;
  TestState anova_state = TestState::kNotEnoughData;
  std::optional<AnovaResult> anova;
  // Welch needs every non-empty group to have n >= 2 and sd > 0; otherwise its state says why.
  TestState welch_state = TestState::kNotEnoughData;
  std::optional<WelchResult> welch;
};

/// Means, intervals, ANOVA and Welch of `values[g]` for segment `segments[g]`. Fails when the two
/// lists differ in length or a value is not finite.
Result<MeansComparison> CompareMeans(const std::vector<std::string>& segments,
                                     const std::vector<std::vector<double>>& values);

/// A scale or numeric question's values split by a segment's categories.
struct SegmentedValues {
  std::vector<std::string> segments;        // the segment's categories, template order
  std::vector<std::vector<double>> values;  // parallel to segments
  std::string question_kind;                // "scale", "item" (a scored item) or "number"
};

/// The values of `question` by the categories of `segment_id` (single_choice, yes_no or likert;
/// see CrossTabCategoriesOf) over responses answering both. `question` is a section id (its scale
/// score, ScaleOf's default missing rule), a scored item key ("item" or "item.row", reverse items
/// flipped), or a `number` or `rating` item id. Fails when either id is unknown or unsuitable.
Result<SegmentedValues> ValuesBySegment(const Template& tmpl, const std::string& question,
                                        const std::string& segment_id,
                                        const ResponseRefs& responses,
                                        bool include_withheld = false);

}  // namespace soundings
