#pragma once
// The one integer parser for input (URLs, flags, CSV, config): the whole text must be a decimal
// number in range, so "12x", " 12", "+12", "" and "1e3" are refused rather than read as far as
// they go (std::stoll reads "dev-12x" as 12 once the prefix is cut).

#include <charconv>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace soundings {

/// The whole of `text` as a decimal integer of type T (optional leading '-' for signed T);
/// nullopt when anything else is there or the value does not fit in [min, max].
template <std::integral T = std::int64_t>
std::optional<T> ParseInteger(std::string_view text, T min = std::numeric_limits<T>::min(),
                              T max = std::numeric_limits<T>::max()) {
  T value{};
  const char* end = text.data() + text.size();
  auto [next, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || next != end || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace soundings
