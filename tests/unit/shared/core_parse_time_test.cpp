// The one strict integer parser and the one set of RFC 3339 helpers (shared/core).
#include <chrono>
#include <cstdint>

#include <gtest/gtest.h>

#include "shared/core/parse_int.h"
#include "shared/core/time.h"

namespace soundings {
namespace {

TEST(ParseInteger, ReadsTheWholeTextAsADecimalNumber) {
  EXPECT_EQ(ParseInteger("12"), 12);
  EXPECT_EQ(ParseInteger("-7"), -7);
  EXPECT_EQ(ParseInteger<int>("0"), 0);
  EXPECT_EQ(ParseInteger("9223372036854775807"), INT64_MAX);
}

TEST(ParseInteger, RefusesAnythingButOneWholeNumber) {
  for (const char* text :
       {"", "12x", "x12", " 12", "12 ", "+12", "1e3", "1.0", "-", "0x10", "9223372036854775808"}) {
    EXPECT_FALSE(ParseInteger(text).has_value()) << '"' << text << '"';
  }
}

TEST(ParseInteger, KeepsToTheGivenRange) {
  EXPECT_FALSE(ParseInteger<int>("0", 1).has_value());
  EXPECT_EQ(ParseInteger<int>("1", 1), 1);
  EXPECT_FALSE(ParseInteger<int>("31", 1, 30).has_value());
  EXPECT_FALSE(ParseInteger<unsigned>("-1").has_value());
  EXPECT_FALSE(ParseInteger<int>("4294967296").has_value());
}

TEST(Rfc3339, FormatsWholeSecondsInUtcAndReadsThemBack) {
  const auto time = std::chrono::sys_days(std::chrono::year{2026} / 11 / 28) +
                    std::chrono::hours(9) + std::chrono::minutes(15) +
                    std::chrono::milliseconds(1500);
  EXPECT_EQ(FormatRfc3339(time), "2026-11-28T09:15:01Z");
  EXPECT_EQ(ParseRfc3339("2026-11-28T09:15:01Z"), std::chrono::floor<std::chrono::seconds>(time));
  EXPECT_EQ(ParseRfc3339("2026-11-28t09:15:01.999z"), ParseRfc3339("2026-11-28T09:15:01Z"));
  EXPECT_EQ(ParseRfc3339("2024-02-29T00:00:00Z").has_value(), true);
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("1970-01-01T00:00:00Z")), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2200-12-31T23:59:59Z")), "2200-12-31T23:59:59Z");
}

TEST(Rfc3339, RefusesWhatIsNotAnRfc3339UtcTime) {
  for (const char* text :
       {"", "2026-11-28", "2026-11-28T09:15:01", "2026-11-28T09:15:01+01:00",
        "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-11-28T24:00:00Z", "2026-11-28T09:60:00Z", "2026-11-28T09:15:01.Z",
        "+026-11-28T09:15:01Z", "2026-+1-28T09:15:01Z", "2026-11-28T09:15:01Zx",
        // Outside what a system_clock time point holds (found by the sync batch fuzzer).
        "5847-11-28T09:01:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z", "2201-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(text).has_value()) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace soundings
