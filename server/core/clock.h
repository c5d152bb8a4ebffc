#pragma once
// Time comes in through this interface so expiry, sessions and sign-in slowing are testable
// without sleeping. FormatRfc3339 and ParseRfc3339 are the shared ones (shared/core/time.h).

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "shared/core/time.h"

namespace soundings::server {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

/// A clock tests move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : m_now(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(TimePoint::duration(m_now.load())); }
  void Advance(std::chrono::seconds by) {
    m_now += std::chrono::duration_cast<TimePoint::duration>(by).count();
  }

 private:
  std::atomic<TimePoint::duration::rep> m_now;
};

// The shared helpers, also reachable as server::FormatRfc3339 and server::ParseRfc3339.
using soundings::FormatRfc3339;
using soundings::ParseRfc3339;

}  // namespace soundings::server
