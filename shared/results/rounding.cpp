#include "shared/results/rounding.h"

#include <algorithm>
#include <cmath>

namespace soundings {

double RoundForReport(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  const double factor = std::pow(10.0, std::clamp(decimals, 0, 9));
  const double scaled = std::round(value * factor * 1e6) / 1e6;
  return std::round(scaled) / factor;
}

}  // namespace soundings
