#pragma once
// The one suppression engine: every number a report, dashboard or export shows is a CellValue,
// and only SuppressionEngine can make one. It hides small groups (primary suppression) and then
// hides more (secondary suppression) until no hidden value can be worked out from the shown ones
// by subtraction from a total, from "all others", or from row and column margins.
// docs/results-maths.md has the rules and a worked example.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/results/statistics.h"
#include "shared/results/three_sixty.h"
#include "shared/templates/model.h"

namespace soundings {

class SuppressionEngine;

/// A number as a report may show it: the number itself, "not defined" (a standard deviation of
/// one answer), or suppressed, which renders "fewer than N*" and never as blank or 0. Only
/// SuppressionEngine constructs one, so a report cannot show a number the engine has not seen.
/// Every suppressed value reads alike, whether it is small itself or hidden to protect a small
/// one: telling them apart would tell a reader the second kind is at least N.
class CellValue {
 public:
  enum class State {
    kShown,
    kNotDefined,  // the statistic does not exist (sd of one answer, mean of none)
    kSuppressed,  // fewer than minimum() responses, or hidden so a smaller group cannot be worked
                  // out
  };

  /// Shown, not defined, or suppressed.
  State state() const { return m_state; }
  /// Whether the value may be shown as a number.
  bool shown() const { return m_state == State::kShown; }
  /// Whether the value is hidden to protect people.
  bool suppressed() const { return m_state == State::kSuppressed; }
  /// The number when shown(); nullopt otherwise (a suppressed value is not kept at all).
  std::optional<double> value() const {
    return shown() ? std::optional<double>(m_value) : std::nullopt;
  }
  /// The N of "fewer than N" when suppressed; 0 otherwise.
  int minimum() const { return m_minimum; }
  /// The number with `decimals` places, "not defined", or "fewer than N*"; never empty and never
  /// "0" for a suppressed value. Show Footnote(N) under any table holding a suppressed value.
  std::string Render(int decimals = 0) const;
  /// The footnote that "fewer than N*" refers to, as one sentence.
  static std::string Footnote(int minimum);
  /// {"value": x}, {"value": null, "status": "not_defined"}, or {"value": null, "status":
  /// "suppressed", "threshold": N, "text": Render()}.
  nlohmann::json ToJson(int decimals = 0) const;

  bool operator==(const CellValue&) const = default;

 private:
  friend class SuppressionEngine;
  friend class DisclosureSolution;  // disclosure.h: the same figures, protected across views
  CellValue(State state, double value, int minimum)
      : m_state(state), m_value(value), m_minimum(minimum) {}

  State m_state;
  double m_value;  // 0 unless shown
  int m_minimum;
};

/// The thresholds of suppression; values below 1 are treated as 1.
struct SuppressionPolicy {
  int cell_minimum = 5;        // cross-tab cells, margins and consultation distributions
  int all_others_minimum = 3;  // a 360's "all others" needs this many responses
  // Residents' comments on a consultation: a comment is attributed to a segment (or listed for a
  // filter) only when at least this many respondents of it commented.
  int comment_minimum = 5;
};

/// A count to protect and the minimum below which it is hidden. `known_elsewhere` marks a count
/// that people can learn anyway (a 360 group's zero responses, shown in "received vs invited"):
/// hiding it protects nothing, so it never counts as a protecting unknown.
struct ProtectedCount {
  int count = 0;
  int minimum = 1;
  bool known_elsewhere = false;
  /// What another view showing the same count decided: kShown counts are never chosen for
  /// secondary suppression here (they are public anyway), kHidden ones start hidden here too.
  enum class Published { kNo, kShown, kHidden } published = Published::kNo;
};

/// The count at index `total` equals the sum of the counts at indices `members`.
struct AdditiveRelation {
  int total = 0;
  std::vector<int> members;
};

/// What a reader could use besides the equations: that counts are whole numbers, at least 0.
/// Cross-tabs use both; 360 groups use equations only, because their counts are public and what
/// is protected are their answers.
enum class AuditDepth { kEquations, kEquationsAndBounds };

/// One summary (of an item or competency for one group) as a report may show it.
struct ShownSummary {
  CellValue n;
  CellValue mean;
  CellValue sd;
  CellValue favourable_pct;
  CellValue not_applicable;
  std::vector<std::pair<double, CellValue>> distribution;  // scale point -> answers
};

/// One item or competency of a 360 by group and for all others.
struct ShownGroups {
  std::map<std::string, ShownSummary> by_group;
  ShownSummary all_others;
};

/// A subject's 360 as a report may show it. Gaps and rankings use only shown values.
struct Shown360 {
  std::vector<std::string> groups;       // template order
  std::map<std::string, int> responses;  // responses received per group: counts are not secret
  std::vector<std::string> item_keys;
  std::vector<std::string> competency_ids;
  std::map<std::string, ShownGroups> items;
  std::map<std::string, ShownGroups> competencies;
  std::vector<Gap> gaps;                  // where self and all others are both shown
  std::vector<Ranked> strengths;          // top items by all others, among shown ones
  std::vector<Ranked> development_areas;  // bottom items by all others, among shown ones
};

/// A cross-tabulation as a report may show it; the test only when no cell is suppressed (a
/// statistic of a table with hidden cells could help work them out).
struct ShownCrossTab {
  std::vector<std::string> row_values;
  std::vector<std::string> column_values;
  std::vector<std::vector<CellValue>> cells;  // [row][column]
  std::vector<CellValue> row_totals;
  std::vector<CellValue> column_totals;
  std::vector<CellValue> total;  // exactly one element: the grand total
  std::optional<ChiSquareResult> test;
};

/// One question's distribution (consultations) as a report may show it.
struct ShownDistribution {
  std::vector<std::string> values;
  std::vector<CellValue> counts;
  std::vector<CellValue> total;  // exactly one element
};

/// The comments of one rater group: shown only from the group's comment_min_responses.
struct ShownComments {
  std::string group;
  CellValue count;  // comments shown, or "fewer than N" responses
  std::vector<std::string>
      texts;  // sorted, so their order says nothing about who wrote them; empty when hidden
};

struct CommentPlan;  // comment_plan.h

/// Decides what may be shown. Stateless apart from its policy; safe to share between threads.
class SuppressionEngine {
 public:
  /// An engine with `policy` (thresholds below 1 become 1).
  explicit SuppressionEngine(SuppressionPolicy policy = {});

  /// The thresholds in force (after raising any below 1 to 1).
  const SuppressionPolicy& policy() const { return m_policy; }

  /// The core: each count as shown or suppressed, after primary suppression (count < minimum)
  /// and as much secondary suppression as needed so that no hidden count that is not
  /// known_elsewhere can be worked out from `relations` (and, with kEquationsAndBounds, from the
  /// "fewer than N" bounds). Indices out of range in `relations` are ignored.
  std::vector<CellValue> Protect(const std::vector<ProtectedCount>& counts,
                                 const std::vector<AdditiveRelation>& relations,
                                 AuditDepth depth = AuditDepth::kEquationsAndBounds) const;

  /// A cross-tab with its margins, every cell and margin protected at policy().cell_minimum.
  /// When the row or column totals are also published as a distribution (the question's own
  /// counts, the segment's), pass those so both views agree and their union stays safe; a
  /// published distribution whose size or shown counts differ from the margins is ignored.
  ShownCrossTab CrossTab(const ContingencyTable& table,
                         const ShownDistribution* published_rows = nullptr,
                         const ShownDistribution* published_columns = nullptr) const;

  /// A distribution of counts with its total, protected at policy().cell_minimum. `values` and
  /// `counts` must be the same length; extra entries of either are ignored.
  ShownDistribution Distribution(const std::vector<std::string>& values,
                                 const std::vector<int>& counts) const;

  /// A subject's 360: per item and competency, each group below its template min_responses is
  /// hidden, all others below policy().all_others_minimum is hidden, and when exactly one
  /// non-self group that answered is hidden the smallest shown one is hidden too (or all others,
  /// when no other group can be). `gap_threshold` in points overrides a third of the range.
  Shown360 Show360(const Template& tmpl, const Stats360& stats,
                   std::optional<double> gap_threshold = std::nullopt, int ranked = 5) const;

  /// `texts` (the comments of `group_id` on one item) shown only when the group has at least its
  /// template comment_min_responses responses; an unknown group's comments are never shown.
  ShownComments Comments(const Template& tmpl, const std::string& group_id, int group_responses,
                         std::vector<std::string> texts) const;
  /// The comments of `group_id` under `plan` (comment_plan.h): its texts sorted when shown by
  /// name, else none with a count reading "fewer than N" (N as its hidden scores read, or its
  /// comment minimum).
  ShownComments Comments(const CommentPlan& plan, const std::string& group_id,
                         std::vector<std::string> texts) const;
  /// The pooled groups' comments under `plan` (group "pooled"), sorted so their order says
  /// nothing of who wrote which, or none with "fewer than pool_minimum" when the pool is withheld.
  ShownComments PooledComments(const CommentPlan& plan, std::vector<std::string> texts) const;

  /// part / whole * scale (100 for a percentage), shown only when both are shown and whole > 0;
  /// otherwise suppressed like the hidden one, or not defined.
  CellValue Ratio(const CellValue& part, const CellValue& whole, double scale = 100) const;

 private:
  ShownSummary ShowSummary(const Summary& summary, const CellValue& gate) const;

  SuppressionPolicy m_policy;
};

}  // namespace soundings
