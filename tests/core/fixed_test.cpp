#include "magnete/fixed.hpp"

#include <gtest/gtest.h>

namespace magnete {
namespace {

TEST(Fixed, ParsesPlainDecimalsAsMilli) {
  EXPECT_EQ(parse_decimal("34"), 34000);
  EXPECT_EQ(parse_decimal("-2.5"), -2500);
  EXPECT_EQ(parse_decimal(" 7.125 "), 7125);
  EXPECT_EQ(parse_decimal("+0.001"), 1);
}

TEST(Fixed, AcceptsTheItalianDecimalComma) { EXPECT_EQ(parse_decimal("34,5"), 34500); }

TEST(Fixed, RoundsTheFourthDecimalHalfAwayFromZero) {
  EXPECT_EQ(parse_decimal("1.0005"), 1001);
  EXPECT_EQ(parse_decimal("1.0004"), 1000);
  EXPECT_EQ(parse_decimal("-1.0005"), -1001);
}

TEST(Fixed, RejectsWhatIsNotAPlainDecimal) {
  for (const char* bad :
       {"", " ", "1e3", "0x10", "12abc", "1.2.3", "--1", ".", "trenta", "1 000"}) {
    EXPECT_FALSE(parse_decimal(bad).has_value()) << bad;
  }
}

TEST(Fixed, RejectsMagnitudesBeyondTheStatedLimit) {
  EXPECT_TRUE(parse_decimal("1000000000000").has_value());
  EXPECT_FALSE(parse_decimal("10000000000000").has_value());
  EXPECT_FALSE(parse_decimal("99999999999999999999999").has_value());
}

TEST(Fixed, ConvertsJsonNumbersAndStrings) {
  EXPECT_EQ(milli_from_json(Json(25)), 25000);
  EXPECT_EQ(milli_from_json(Json(2.5)), 2500);
  EXPECT_EQ(milli_from_json(Json("3,25")), 3250);
  EXPECT_FALSE(milli_from_json(Json(true)).has_value());
  EXPECT_FALSE(milli_from_json(Json(1e300)).has_value());
}

TEST(Fixed, WritesWholeNumbersAsIntegersAndOthersAsShortDecimals) {
  EXPECT_EQ(milli_to_json(12000).dump(), "12");
  EXPECT_EQ(milli_to_json(12500).dump(), "12.5");
  EXPECT_EQ(milli_to_json(-125).dump(), "-0.125");
  EXPECT_EQ(milli_to_string(12500), "12.5");
  EXPECT_EQ(milli_to_string(-125), "-0.125");
  EXPECT_EQ(milli_to_string(0), "0");
}

}  // namespace
}  // namespace magnete
