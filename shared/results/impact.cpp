#include "shared/results/impact.h"

#include <cmath>
#include <limits>

#include "shared/results/distributions.h"
#include "shared/results/rounding.h"

namespace soundings {

namespace {

double Round2(double x) { return RoundForReport(x, 2); }

nlohmann::json IntervalJson(const std::optional<MeanInterval>& interval) {
  if (!interval) return nullptr;
  return {{"low", Round2(interval->low)}, {"high", Round2(interval->high)}};
}

nlohmann::json SideJson(const ShownSummary& side, const std::optional<MeanInterval>& interval) {
  return {{"n", side.n.ToJson()},
          {"mean", side.mean.ToJson(2)},
          {"sd", side.sd.ToJson(2)},
          {"favourable_pct", side.favourable_pct.ToJson(1)},
          {"interval", IntervalJson(interval)}};
}

// The interval of a side from its shown n, mean and sd; nullopt when any is not shown.
std::optional<MeanInterval> ShownInterval(const ShownSummary& side) {
  if (!side.n.shown() || !side.mean.shown() || !side.sd.shown()) return std::nullopt;
  return MeanInterval95(*side.mean.value(), *side.sd.value(),
                        static_cast<int>(std::lround(*side.n.value())));
}

}  // namespace

double TQuantile975(int df) {
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  return StudentTQuantile(0.975, df);
}

std::optional<MeanInterval> MeanInterval95(double mean, double sd, int n) {
  if (n < 2 || sd < 0 || !std::isfinite(mean) || !std::isfinite(sd)) return std::nullopt;
  const double half = TQuantile975(n - 1) * sd / std::sqrt(static_cast<double>(n));
  return MeanInterval{mean - half, mean + half};
}

const char* ToString(ChangeVerdict verdict) {
  switch (verdict) {
    case ChangeVerdict::kNotAssessed:
      return "not_assessed";
    case ChangeVerdict::kWithinNoise:
      return "within_noise";
    case ChangeVerdict::kImproved:
      return "improved";
    case ChangeVerdict::kDeclined:
      return "declined";
  }
  return "not_assessed";
}

ChangeVerdict CompareIntervals(const MeanInterval& baseline, const MeanInterval& current) {
  if (current.low > baseline.high) return ChangeVerdict::kImproved;
  if (current.high < baseline.low) return ChangeVerdict::kDeclined;
  return ChangeVerdict::kWithinNoise;
}

ShownChange CompareShown(const ShownSummary& baseline, const ShownSummary& current) {
  ShownChange out{baseline,
                  current,
                  std::nullopt,
                  std::nullopt,
                  std::nullopt,
                  std::nullopt,
                  ChangeVerdict::kNotAssessed};
  // A suppressed side wins over a not-defined one, so the change reads "fewer than N*".
  for (const bool suppressed_only : {true, false}) {
    for (const ShownSummary* side : {&baseline, &current}) {
      const bool hides = suppressed_only ? side->mean.suppressed() : !side->mean.shown();
      if (hides && !out.hidden_by) out.hidden_by = side->mean;
    }
  }
  if (out.hidden_by) return out;
  out.change = *current.mean.value() - *baseline.mean.value();
  out.baseline_interval = ShownInterval(baseline);
  out.current_interval = ShownInterval(current);
  if (out.baseline_interval && out.current_interval) {
    out.verdict = CompareIntervals(*out.baseline_interval, *out.current_interval);
  }
  return out;
}

nlohmann::json ToJson(const ShownChange& change) {
  nlohmann::json value;
  if (change.change) {
    value = {{"value", Round2(*change.change)}};
  } else if (change.hidden_by) {
    value = change.hidden_by->ToJson(2);
  } else {
    value = {{"value", nullptr}, {"status", "not_defined"}};
  }
  return {{"baseline", SideJson(change.baseline, change.baseline_interval)},
          {"current", SideJson(change.current, change.current_interval)},
          {"change", value},
          {"verdict", ToString(change.verdict)}};
}

}  // namespace soundings
