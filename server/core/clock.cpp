#include "server/core/clock.h"

#include <cstdio>

#include "shared/sync/protocol.h"

namespace soundings::server {

std::string FormatRfc3339(TimePoint time) {
  const auto days = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::hh_mm_ss hms(std::chrono::floor<std::chrono::seconds>(time - days));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buffer;
}

std::optional<TimePoint> ParseRfc3339(const std::string& text) {
  if (!sync::IsRfc3339Utc(text)) return std::nullopt;
  const int year = std::stoi(text.substr(0, 4));
  const unsigned month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const unsigned day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  const auto days = std::chrono::sys_days(std::chrono::year{year} / std::chrono::month{month} /
                                          std::chrono::day{day});
  return TimePoint(days) + std::chrono::hours(std::stoi(text.substr(11, 2))) +
         std::chrono::minutes(std::stoi(text.substr(14, 2))) +
         std::chrono::seconds(std::stoi(text.substr(17, 2)));
}

}  // namespace soundings::server
