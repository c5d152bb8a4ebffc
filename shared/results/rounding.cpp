#include "shared/results/rounding.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace soundings {

double RoundForReport(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  const double factor = std::pow(10.0, std::clamp(decimals, 0, 9));
  const double scaled = std::round(value * factor * 1e6) / 1e6;
  return std::round(scaled) / factor;
}

nlohmann::json JsonNumber(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  const double rounded = RoundForReport(value, decimals);
  if (decimals <= 0 && std::fabs(rounded) < 9e15) return static_cast<std::int64_t>(rounded);
  return rounded;
}

nlohmann::json JsonSignificant(double value, int digits) {
  if (!std::isfinite(value)) return nullptr;
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", std::clamp(digits, 1, 17), value);
  return std::strtod(buffer, nullptr);
}

}  // namespace soundings
