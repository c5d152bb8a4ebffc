#pragma once
// Time comes in through this interface so idle timeouts, the thank-you pause and sync backoff
// are testable without sleeping.

#include <chrono>
#include <string>

#include "shared/core/time.h"  // FormatRfc3339, shared with the server

namespace soundings::kiosk {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  /// Monotonic time for timers; never jumps when the wall clock is corrected.
  virtual SteadyTime Now() const = 0;
  /// Wall-clock time for the timestamps that travel to the server.
  virtual WallTime WallNow() const = 0;
};

class SystemClock final : public Clock {
 public:
  SteadyTime Now() const override { return std::chrono::steady_clock::now(); }
  WallTime WallNow() const override { return std::chrono::system_clock::now(); }
};

/// A clock that moves only when told to: tests and screenshots use it.
class ManualClock final : public Clock {
 public:
  SteadyTime Now() const override { return m_steady; }
  WallTime WallNow() const override { return m_wall; }
  void Advance(std::chrono::milliseconds by) {
    m_steady += by;
    m_wall += by;
  }

 private:
  SteadyTime m_steady{std::chrono::hours(1000)};
  WallTime m_wall{std::chrono::seconds(1'795'000'000)};  // late November 2026
};

// The shared helper, also reachable as kiosk::FormatRfc3339.
using soundings::FormatRfc3339;

}  // namespace soundings::kiosk
