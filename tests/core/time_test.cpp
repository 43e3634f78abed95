#include "magnete/time.hpp"

#include <gtest/gtest.h>

namespace magnete {
namespace {

TEST(Time, ParsesUtcWithMilliseconds) {
  EXPECT_EQ(parse_time("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_time("2026-11-22T07:37:46.123Z"), 1795333066123);
}

TEST(Time, AppliesTheZoneOffset) {
  EXPECT_EQ(parse_time("2026-11-22T08:37:46+01:00"), parse_time("2026-11-22T07:37:46Z"));
  EXPECT_EQ(parse_time("2026-11-22T02:07:46-05:30"), parse_time("2026-11-22T07:37:46Z"));
}

TEST(Time, AcceptsABareDateAsMidnightUtc) {
  EXPECT_EQ(parse_time("2026-11-22"), parse_time("2026-11-22T00:00:00Z"));
}

TEST(Time, RejectsWhatIsNotRfc3339) {
  for (const char* bad :
       {"", "2026-13-01", "2026-02-30", "2026-11-22T25:00:00Z", "2026-11-22T07:37:46", "22/11/2026",
        "2026-11-22T07:37Z", "1969-12-31T23:59:59Z", "2026-11-22T07:37:46Zjunk"}) {
    EXPECT_FALSE(parse_time(bad).has_value()) << bad;
  }
}

TEST(Time, LeapDayOnlyInLeapYears) {
  EXPECT_TRUE(parse_time("2028-02-29").has_value());
  EXPECT_FALSE(parse_time("2026-02-29").has_value());
  EXPECT_TRUE(parse_time("2000-02-29").has_value());
  EXPECT_FALSE(parse_time("2100-02-29").has_value());
}

TEST(Time, FormatsAndRoundTrips) {
  EXPECT_EQ(format_time(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_time(1795333066123), "2026-11-22T07:37:46.123Z");
  for (TimeMs t : {TimeMs{951782400000}, TimeMs{4102444799999}, TimeMs{1}}) {
    EXPECT_EQ(parse_time(format_time(t)), t);
  }
}

}  // namespace
}  // namespace magnete
