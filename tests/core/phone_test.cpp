#include <gtest/gtest.h>

#include "magnete/contact.hpp"

namespace magnete {
namespace {

TEST(Phone, ItalianMobileWithoutPrefixUsesTheDefaultCountry) {
  PhoneCheck check = normalize_phone("333 123 4567", "IT");
  ASSERT_TRUE(check.valid);
  EXPECT_EQ(check.e164, "+393331234567");
}

TEST(Phone, ItalianLandlineKeepsItsLeadingZero) {
  EXPECT_EQ(normalize_phone("02 1234 5678", "IT").e164, "+390212345678");
  EXPECT_EQ(normalize_phone("(06) 123.4567", "IT").e164, "+39061234567");
}

TEST(Phone, AcceptsInternationalForms) {
  EXPECT_EQ(normalize_phone("+39 333 123 4567", "IT").e164, "+393331234567");
  EXPECT_EQ(normalize_phone("0039 333 1234567", "IT").e164, "+393331234567");
  EXPECT_EQ(normalize_phone("+44 (0)20 7946 0958", "IT").e164, "+442079460958");
  EXPECT_EQ(normalize_phone("+1 415-555-2671", "IT").e164, "+14155552671");
}

TEST(Phone, DropsTheTrunkZeroWhereTheCountryDoes) {
  EXPECT_EQ(normalize_phone("020 7946 0958", "GB").e164, "+442079460958");
  EXPECT_EQ(normalize_phone("06 12 34 56 78", "FR").e164, "+33612345678");
  EXPECT_EQ(normalize_phone("1 (415) 555-2671", "US").e164, "+14155552671");
}

TEST(Phone, DefaultsToItalyWhenNoCountryIsGiven) {
  EXPECT_EQ(normalize_phone("3331234567", "").e164, "+393331234567");
}

TEST(Phone, GivesAReasonForEveryRejection) {
  EXPECT_EQ(normalize_phone("333-CALL-ME", "IT").code, "phone_invalid");
  EXPECT_EQ(normalize_phone("12345", "IT").code, "phone_too_short");
  EXPECT_EQ(normalize_phone("+39 333 1234 5678 90", "IT").code, "phone_too_long");
  EXPECT_EQ(normalize_phone("+0 333", "IT").code, "phone_invalid");
  EXPECT_EQ(normalize_phone("333 123 4567", "ZZ").code, "phone_country_unknown");
  EXPECT_EQ(normalize_phone("  ", "IT").code, "required");
  EXPECT_EQ(normalize_phone("+1234567890123456", "IT").code, "phone_too_long");
}

}  // namespace
}  // namespace magnete
