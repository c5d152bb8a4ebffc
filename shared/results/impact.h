#pragma once
// Impact over time: one competency (or item) of this campaign against the same of a baseline
// campaign of the same programme, with a 95 % interval of each mean and a verdict on whether the
// change is larger than the noise (the two intervals do not overlap). Works on what the
// SuppressionEngine lets a report show, so a suppressed side makes the change suppressed too.
// docs/results-maths.md, "Impact over time", has the rule and a worked example.

#include <optional>

#include <nlohmann/json.hpp>

#include "shared/results/statistics.h"
#include "shared/results/suppression.h"

namespace soundings {

/// The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1), exact to double
/// precision (StudentTQuantile); NaN when df < 1.
double TQuantile975(int df);

/// A closed interval of means, in scale points.
struct MeanInterval {
  double low = 0;
  double high = 0;
};

/// mean ± t(0.975, n - 1) · sd / √n; nullopt when n < 2 or sd < 0 (an sd of one answer does not
/// exist, so neither does its interval).
std::optional<MeanInterval> MeanInterval95(double mean, double sd, int n);

/// Whether a change is larger than the noise.
enum class ChangeVerdict {
  kNotAssessed,  // a side is hidden or has no interval (fewer than 2 answers)
  kWithinNoise,  // the two 95 % intervals overlap
  kImproved,     // this campaign's interval lies wholly above the baseline's
  kDeclined,     // this campaign's interval lies wholly below the baseline's
};

/// "not_assessed", "within_noise", "improved", "declined".
const char* ToString(ChangeVerdict verdict);

/// Compares two intervals: kImproved when current.low > baseline.high, kDeclined when
/// current.high < baseline.low, kWithinNoise otherwise (touching intervals overlap).
ChangeVerdict CompareIntervals(const MeanInterval& baseline, const MeanInterval& current);

/// One competency or item compared across two campaigns, from shown values only.
struct ShownChange {
  ShownSummary baseline;
  ShownSummary current;
  /// current - baseline in scale points, only when both means are shown.
  std::optional<double> change;
  /// The side that hides the change: a copy of its suppressed mean (reads "fewer than N*"), or
  /// of a not-defined mean when neither side is suppressed but one has no answers.
  std::optional<CellValue> hidden_by;
  std::optional<MeanInterval> baseline_interval;
  std::optional<MeanInterval> current_interval;
  ChangeVerdict verdict = ChangeVerdict::kNotAssessed;
};

/// The change between two summaries as the engine showed them (each already suppressed on its
/// own): computed from shown n, mean and sd only. Never fails.
ShownChange CompareShown(const ShownSummary& baseline, const ShownSummary& current);

/// {"baseline": {"n", "mean", "sd", "interval"}, "current": {...}, "change": CellValue JSON,
/// "verdict": "..."}: the change is {"value": x} (2 decimals) when both sides are shown and
/// otherwise the hiding side's CellValue JSON ("fewer than N*" when suppressed). Never fails.
nlohmann::json ToJson(const ShownChange& change);

}  // namespace soundings
