#pragma once
// Time comes in through this interface so expiry, sessions and sign-in slowing are testable
// without sleeping.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

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

/// "2026-11-28T09:15:00Z" (whole seconds, UTC).
std::string FormatRfc3339(TimePoint time);
/// Parses RFC 3339 UTC ("...Z", optional fraction ignored); nullopt when malformed.
std::optional<TimePoint> ParseRfc3339(const std::string& text);

}  // namespace soundings::server
