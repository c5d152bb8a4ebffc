#pragma once
// The one set of wall-clock text helpers: RFC 3339 in UTC with whole seconds, the form every
// stored and exchanged timestamp takes ("2026-11-28T09:15:00Z"), for the server and the kiosk.

#include <chrono>
#include <optional>
#include <string>

namespace soundings {

/// A point on the system clock (UTC).
using WallClockTime = std::chrono::system_clock::time_point;

/// "2026-11-28T09:15:00Z" (whole seconds, UTC; a fraction is dropped).
std::string FormatRfc3339(WallClockTime time);
/// RFC 3339 UTC ("...Z", optional fraction ignored); nullopt when malformed or not a real date.
std::optional<WallClockTime> ParseRfc3339(const std::string& text);
/// The years ParseRfc3339 accepts; any other is not a time this system can hold.
inline constexpr int kFirstRfc3339Year = 1970;
inline constexpr int kLastRfc3339Year = 2200;

}  // namespace soundings
