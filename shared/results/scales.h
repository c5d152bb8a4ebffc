#pragma once
// Scale scores: a section marked "scale_score" (or a competency) is one scale, and each
// respondent gets a scale score, the mean of their item scores with reverse-keyed items flipped.
// Pure maths over answers and templates, no suppression: the caller shows the figures through
// SuppressionEngine. docs/results-maths.md, "Scales", has the formulas and the missing-item rule.

#include <optional>
#include <string>
#include <vector>

#include "shared/core/error.h"
#include "shared/results/statistics.h"
#include "shared/templates/model.h"

namespace soundings {

/// The fewest of `items` scored items a respondent must have scored for a scale score: half of
/// them, rounded up (1 of 1, 1 of 2, 2 of 3, 3 of 6).
int DefaultMinAnswered(int items);

/// A section's scored items as one scale.
struct ScaleItems {
  const Section* section = nullptr;
  std::vector<ScoredItem> items;  // template order
  int min_answered = 1;           // a respondent needs this many scored items for a score
};

/// The scale of `section_id` with `min_answered` (DefaultMinAnswered when not given, clamped to
/// 1..items). Fails when the section is unknown, has no scored items, or mixes scales with
/// different points. Any section with scored items is accepted; reports use Section::IsScale().
Result<ScaleItems> ScaleOf(const Template& tmpl, const std::string& section_id,
                           std::optional<int> min_answered = std::nullopt);

/// One respondent's scale score: the mean of their scores on the scale's items ("na" and
/// unanswered left out); nullopt when fewer than scale.min_answered are scored.
std::optional<double> ScaleScoreOf(const ScaleItems& scale, const Answers& answers);

/// ScaleScoreOf for each response, parallel to `responses`.
std::vector<std::optional<double>> ScaleScores(const ScaleItems& scale,
                                               const ResponseRefs& responses);

/// The nearest point of `scale` to `score`, a half-way score going to the higher point: how a
/// scale score is placed in the distribution.
double NearestPoint(const Scale& scale, double score);

/// Alpha of the scale without one item, over the same complete cases as the scale's alpha.
struct AlphaIfDeleted {
  std::string key;
  std::optional<double> alpha;  // nullopt when undefined (fewer than 2 items remain, ...)
  /// Pearson correlation of the item with the sum of the other items (corrected item-total);
  /// nullopt when either does not vary.
  std::optional<double> item_rest_correlation;
};

/// Everything results say about one scale.
struct ScaleStatistics {
  std::string section_id;
  std::vector<std::string> item_keys;
  std::vector<bool> reverse_scored;  // parallel to item_keys
  int min_answered = 1;
  /// n, sum, mean, sd over respondents' scale scores; distribution and favourable / unfavourable
  /// over those scores placed at their NearestPoint (answers == n).
  Summary scores;
  int too_few_items = 0;  // respondents with some scores on the scale but fewer than min_answered
  Share top2;             // respondents whose score is placed on the two most favourable points
  Share bottom2;          // ... on the two least favourable points
  std::optional<double> alpha;  // Cronbach's alpha, listwise
  int alpha_n = 0;              // complete cases (every item scored) alpha is computed over
  std::vector<AlphaIfDeleted> if_deleted;  // parallel to item_keys
};

/// The statistics of one scale over `responses`; fails as ScaleOf does.
Result<ScaleStatistics> SummariseScale(const Template& tmpl, const std::string& section_id,
                                       const ResponseRefs& responses,
                                       std::optional<int> min_answered = std::nullopt);

/// Every section of `tmpl` for which Section::IsScale() holds and ScaleOf succeeds, summarised, in
/// template order. Never fails.
std::vector<ScaleStatistics> SummariseScales(const Template& tmpl, const ResponseRefs& responses);

/// Pearson's correlation of two equally long series; nullopt when they differ in length, have
/// fewer than 2 values, or either does not vary.
std::optional<double> PearsonCorrelation(const std::vector<double>& x,
                                         const std::vector<double>& y);

}  // namespace soundings
