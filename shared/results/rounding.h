#pragma once

#include <nlohmann/json.hpp>

namespace soundings {

// Rounds a report figure to `decimals` places (0 to 9), halves away from zero.
//
// Figures are means and percentages of small whole numbers, so many land exactly on a half
// (3.245 is 649 / 200). Two sums of the same answers in another order can differ in their last
// bit and would then round to 3.24 one way and 3.25 the other. Rounding first to six places
// beyond those shown removes that noise, so the same answers always print the same figure.
double RoundForReport(double value, int decimals);

/// A figure as JSON rounded by RoundForReport: an integer when `decimals` is 0 (a count is
/// written 922, never 922.0), null when not finite.
nlohmann::json JsonNumber(double value, int decimals);

/// A figure as JSON to `digits` significant digits (p-values: 0.0001234, not 0.0001); null when
/// not finite.
nlohmann::json JsonSignificant(double value, int digits);

}  // namespace soundings
