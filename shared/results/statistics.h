#pragma once
// The aggregation maths of results: pure functions over answers and templates, no database and no
// suppression. Nothing here may be shown to a person directly: every number a report or export
// shows goes through SuppressionEngine (suppression.h) first. docs/results-maths.md has the
// formulas and conventions.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/answers/answers.h"
#include "shared/core/error.h"
#include "shared/templates/model.h"

namespace soundings {

/// The responses a statistic is computed over; pointers so callers can filter without copying.
using ResponseRefs = std::vector<const Answers*>;

/// Pointers to every element of `responses`, which must outlive the result.
ResponseRefs RefsOf(const std::vector<Answers>& responses);

/// Counts and moments of scored answers (scores are favourable-oriented: reverse items flipped).
struct Summary {
  int n = 0;               // respondents with a score (N/A and missing answers left out)
  int answers = 0;         // scores in `distribution`; equals n for one item, more for a section
  int not_applicable = 0;  // "na" answers: counted here, never scored
  double sum = 0;          // sum of the n respondent scores
  std::optional<double> mean;  // nullopt when n == 0
  std::optional<double> sd;    // sample standard deviation (divisor n - 1); nullopt when n < 2
  std::map<double, int> distribution;    // every point of the scale (zeros included) -> answers
  std::optional<double> favourable_pct;  // percent (0..100) of `answers` on the top two points
  int favourable = 0;    // answers on the top two points (the top one on a scale of one point)
  int unfavourable = 0;  // answers on the bottom two points
};

/// One thing that gets a score: a likert item ("key" = item id) or a matrix row ("item.row").
struct ScoredItem {
  std::string key;
  const Section* section = nullptr;
  const Item* item = nullptr;
  const MatrixRow* row = nullptr;  // null for likert items
  const Scale* scale = nullptr;
  bool reverse_scored = false;
};

/// Every likert item and matrix row of `section` whose scale exists, in template order.
std::vector<ScoredItem> ScoredItemsOf(const Template& tmpl, const Section& section);

/// Every likert item and matrix row of `tmpl`, in template order.
std::vector<ScoredItem> ScoredItemsOf(const Template& tmpl);

/// The scored item with this key ("item" or "item.row"); nullopt when there is none.
std::optional<ScoredItem> FindScoredItem(const Template& tmpl, const std::string& key);

/// Whether two scales have the same point values in the same order (their scores can be pooled).
bool ScalesHaveSamePoints(const Scale& a, const Scale& b);

/// `min + max - value` on `scale`: how reverse-scored answers are turned round.
double FlipScore(const Scale& scale, double value);

/// The favourable-oriented score of a raw answer value; nullopt for null, "na", a non-number or a
/// value that is not a point of `scale`.
std::optional<double> ScoreValue(const Scale& scale, bool reverse_scored,
                                 const nlohmann::json& value);

/// The raw answer `answers` holds for `scored` (the row's entry for a matrix row), or null.
const nlohmann::json& RawAnswer(const ScoredItem& scored, const Answers& answers);

/// The score of `scored` in one response; nullopt when unanswered, "na" or invalid.
std::optional<double> ScoreOf(const ScoredItem& scored, const Answers& answers);

/// Whether the response answered `scored` with "na".
bool IsNotApplicable(const ScoredItem& scored, const Answers& answers);

/// Summary of already-scored values on `scale`; values that are not points of the scale are left
/// out. Never fails: an empty input gives n == 0 and no mean.
Summary SummariseScores(const Scale& scale, const std::vector<double>& scores,
                        int not_applicable = 0);

/// Summary of one scored item over `responses`; fails when `key` names no likert item or matrix
/// row.
Result<Summary> SummariseItem(const Template& tmpl, const std::string& key,
                              const ResponseRefs& responses);

/// Summary of a section: n, mean and sd over respondents' section scores (each the mean of their
/// scores in the section); distribution and % favourable over all scores pooled. Fails when the
/// section is unknown, has no scored items, or mixes scales with different points.
Result<Summary> SummariseSection(const Template& tmpl, const std::string& section_id,
                                 const ResponseRefs& responses);

/// Cronbach's alpha of `cases` (one row of k item scores per case); nullopt when k < 2, fewer
/// than 2 cases, rows of different lengths, or zero variance of the totals.
std::optional<double> CronbachAlpha(const std::vector<std::vector<double>>& cases);

/// Cronbach's alpha of a section's scored items over the complete cases among `responses` (every
/// item scored); nullopt when the section is unknown or alpha is undefined (see CronbachAlpha).
std::optional<double> SectionAlpha(const Template& tmpl, const std::string& section_id,
                                   const ResponseRefs& responses);

/// A closed interval of proportions (0..1).
struct Interval {
  double low = 0;
  double high = 0;
};

/// z for a two-sided 95 % interval.
inline constexpr double kZ95 = 1.959963984540054;

/// Wilson score interval for `successes` out of `n`; nullopt when n <= 0 or successes is not in
/// 0..n.
std::optional<Interval> WilsonInterval(int successes, int n, double z = kZ95);

/// A share of respondents with its 95 % Wilson interval.
struct Share {
  int count = 0;
  int n = 0;
  std::optional<double> proportion;  // count / n (0..1); nullopt when n == 0
  std::optional<Interval> interval;  // Wilson 95 %; nullopt when n == 0
};

/// `count` out of `n` with its Wilson 95 % interval; an empty share when n <= 0 or count is not
/// in 0..n.
Share ShareOf(int count, int n);

/// What an officer sees of one scored item: n, mean and sd of its (reverse-flipped) scores, the
/// distribution, and the top-two and bottom-two shares of those who scored it, with intervals.
struct ItemScores {
  std::string key;              // "item" or "item.row"
  bool reverse_scored = false;  // scores (and the distribution's points) are already flipped
  Summary summary;
  Share top2;     // scores on the two most favourable points, of summary.n
  Share bottom2;  // scores on the two least favourable points, of summary.n
};

/// ItemScores of the scored item `key` over `responses`; fails when `key` names no likert item or
/// matrix row. "na" and unanswered are left out of n exactly as in SummariseItem.
Result<ItemScores> ScoreItem(const Template& tmpl, const std::string& key,
                             const ResponseRefs& responses);

/// ItemScores of every scored item of `tmpl`, in template order. Never fails.
std::vector<ItemScores> ScoreItems(const Template& tmpl, const ResponseRefs& responses);

/// Q(a, x), the regularised upper incomplete gamma function; NaN when a <= 0 or x < 0.
double RegularisedUpperGamma(double a, double x);

/// P(X >= statistic) for X chi-square with `df` degrees of freedom; NaN when df < 1.
double ChiSquarePValue(double statistic, int df);

/// Pearson's chi-square test of independence (no continuity correction).
struct ChiSquareResult {
  double statistic = 0;
  int df = 0;
  double p_value = 1;
  int total = 0;         // N, the sum of the table
  double cramers_v = 0;  // sqrt(statistic / (N (min(rows, columns) - 1))), over the kept table
  double min_expected = 0;
  double share_expected_below_5 = 0;  // fraction (0..1) of cells with expected count < 5
  int cells_expected_below_1 = 0;
  // Cochran's rule: no expected count below 1 and at most 20 % of them below 5. When it fails
  // the p-value is not trustworthy: reports say "expected counts too small" instead of a result.
  bool cochran_met = true;
  // Warn when any expected count is below 5 (which covers Cochran's "more than 20 % below 5");
  // min_expected and share_expected_below_5 let a caller apply Cochran's rule instead.
  bool small_expected = false;
  std::vector<std::vector<double>> expected;  // over the rows and columns kept
  std::vector<int> rows_kept;                 // indices of non-empty rows of the input
  std::vector<int> columns_kept;              // indices of non-empty columns of the input
};

/// The chi-square test of a table of counts; empty rows and columns are left out. Fails when rows
/// differ in length, a count is negative, or fewer than 2 non-empty rows or columns remain.
Result<ChiSquareResult> ChiSquareTest(const std::vector<std::vector<int>>& table);

/// The categories of a single_choice, yes_no or likert item for cross-tabulation, and which one
/// an answer falls in.
struct CrossTabCategories {
  std::vector<std::string> values;  // in template order
  const Item* item = nullptr;

  /// The category of the item's answer in `answers`; nullopt when unanswered or not a category.
  std::optional<std::string> Of(const Answers& answers) const;
  /// The index in `values` of the answer's category; nullopt as for Of.
  std::optional<std::size_t> IndexOf(const Answers& answers) const;
};

/// The categories of item `id` (see BuildContingencyTable); fails when the id is unknown or the
/// item is of another type.
Result<CrossTabCategories> CrossTabCategoriesOf(const Template& tmpl, const std::string& id,
                                                bool include_withheld);

/// Counts of a question's answers (rows) against a segment's answers (columns).
struct ContingencyTable {
  std::vector<std::string> row_values;     // categories of the question, in template order
  std::vector<std::string> column_values;  // categories of the segment, in template order
  std::vector<std::vector<int>> counts;    // [row][column]
};

/// Cross-tabulates `question_id` against `segment_id` over responses answering both. Categories:
/// single_choice options, yes_no "yes"/"no", likert points (raw values, as numbers in text);
/// "prefer_not_to_say" and "na" are a category only when `include_withheld`. Fails when either id
/// is unknown or of another type.
Result<ContingencyTable> BuildContingencyTable(const Template& tmpl, const std::string& question_id,
                                               const std::string& segment_id,
                                               const ResponseRefs& responses,
                                               bool include_withheld = false);

}  // namespace soundings
