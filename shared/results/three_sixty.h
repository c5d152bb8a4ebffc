#pragma once
// 360 grouping: one subject's responses split by rater group and "all others" (everyone but
// self), the self-others gap, blind spots, hidden strengths, strengths and development areas.
// Raw numbers only: SuppressionEngine::Show360 (suppression.h) decides what a report may show.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/answers/answers.h"
#include "shared/results/statistics.h"
#include "shared/templates/model.h"

namespace soundings {

/// The rater group whose answers are the subject's own.
inline constexpr const char* kSelfGroup = "self";

/// One response to a 360 about one subject.
struct RaterResponse {
  std::string rater_group;
  Answers answers;
};

/// Summaries of one item or competency by rater group and for everyone but self.
struct GroupSummaries {
  std::map<std::string, Summary> by_group;  // every rater group of the template, even if empty
  Summary all_others;                       // every response whose group is not "self"
};

/// All the raw numbers of one subject's 360.
struct Stats360 {
  std::vector<std::string> groups;       // rater group ids in template order
  std::map<std::string, int> responses;  // group id -> responses received
  int all_others_responses = 0;
  std::vector<std::string> item_keys;       // scored items ("item" or "item.row") in template order
  std::vector<std::string> competency_ids;  // competency sections in template order
  std::map<std::string, GroupSummaries> items;
  std::map<std::string, GroupSummaries> competencies;
};

/// Summaries by group and all others of every scored item and competency section (sections with
/// `competency` true whose scales can be pooled; others are left out). Responses from groups the
/// template does not define count only towards all others. Never fails.
Stats360 Compute360(const Template& tmpl, const std::vector<RaterResponse>& responses);

/// How self's rating compares with all others' on one item or competency.
enum class GapKind {
  kNone,
  kBlindSpot,       // self rates at least `threshold` above all others
  kHiddenStrength,  // self rates at least `threshold` below all others
};

/// The self-others comparison of one item or competency, in scale points.
struct Gap {
  std::string key;  // item key or competency section id
  bool competency = false;
  double self = 0;
  double others = 0;
  double gap = 0;  // self - others
  double threshold = 0;
  GapKind kind = GapKind::kNone;
};

/// A third of the scale's range, (max - min) / 3: the default blind-spot threshold in points.
double DefaultGapThreshold(const Scale& scale);

/// Classifies self - others against `threshold` (points, > 0): kBlindSpot when self >= others +
/// threshold, kHiddenStrength when self <= others - threshold; a tiny tolerance absorbs rounding.
GapKind ClassifyGap(double self, double others, double threshold);

/// The gap of every item and competency of `stats` with both a self mean and an all-others mean,
/// items first, in template order; `threshold` (points) overrides each scale's default.
std::vector<Gap> Gaps(const Template& tmpl, const Stats360& stats,
                      std::optional<double> threshold = std::nullopt);

/// One entry of a ranking by others' ratings.
struct Ranked {
  std::string key;
  double others_mean = 0;
  double others_favourable_pct = 0;
};

/// The `count` best (descending) or worst (ascending) of `entries` by others' mean; ties go to
/// the higher (or lower) % favourable, then to the earlier entry. Never fails.
std::vector<Ranked> RankByOthers(std::vector<Ranked> entries, int count, bool best_first);

/// Items of `stats` with an all-others mean, in template order, for RankByOthers.
std::vector<Ranked> RankableItems(const Stats360& stats);

/// The top `count` items by all others' mean: the subject's strengths.
std::vector<Ranked> TopStrengths(const Stats360& stats, int count = 5);

/// The bottom `count` items by all others' mean: the subject's development areas.
std::vector<Ranked> DevelopmentAreas(const Stats360& stats, int count = 5);

}  // namespace soundings
