#include "shared/core/time.h"

#include <cctype>
#include <cstdio>

#include "shared/core/parse_int.h"

namespace soundings {

std::string FormatRfc3339(WallClockTime time) {
  const auto days = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::hh_mm_ss hms(std::chrono::floor<std::chrono::seconds>(time - days));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buffer;
}

std::optional<WallClockTime> ParseRfc3339(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS[.f+]Z; a leap second (:60) reads as the next minute's first.
  if (text.size() < 20) return std::nullopt;
  const std::string_view view(text);
  // Years a system_clock time point holds everywhere: libstdc++ counts nanoseconds in 64 bits,
  // which reach from 1677 to 2262 only; a year beyond would overflow (the fuzzer sent 5847).
  const auto year = ParseInteger<int>(view.substr(0, 4), kFirstRfc3339Year, kLastRfc3339Year);
  const auto month = ParseInteger<unsigned>(view.substr(5, 2), 1, 12);
  const auto day = ParseInteger<unsigned>(view.substr(8, 2), 1, 31);
  const auto hour = ParseInteger<int>(view.substr(11, 2), 0, 23);
  const auto minute = ParseInteger<int>(view.substr(14, 2), 0, 59);
  const auto second = ParseInteger<int>(view.substr(17, 2), 0, 60);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':' ||
      !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[5])) ||
      !std::isdigit(static_cast<unsigned char>(text[8])) ||
      !std::isdigit(static_cast<unsigned char>(text[11])) ||
      !std::isdigit(static_cast<unsigned char>(text[14])) ||
      !std::isdigit(static_cast<unsigned char>(text[17]))) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  if (pos + 1 != text.size() || (text[pos] != 'Z' && text[pos] != 'z')) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{*month},
                                         std::chrono::day{*day}};
  if (!date.ok()) return std::nullopt;
  return WallClockTime(std::chrono::sys_days(date)) + std::chrono::hours(*hour) +
         std::chrono::minutes(*minute) + std::chrono::seconds(*second);
}

}  // namespace soundings
