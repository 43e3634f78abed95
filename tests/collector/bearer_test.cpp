// The export's bearer token: src/collector/bearer.cpp.
#include "bearer.hpp"

#include <gtest/gtest.h>

namespace magnete::collector {
namespace {

TEST(Bearer, TheSchemeIsReadInAnyCase) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer abc"), "abc");
  EXPECT_EQ(bearer_token("BEARER abc"), "abc");
  EXPECT_EQ(bearer_token("bEaReR abc"), "abc");
  for (const char* no : {"", "Bearer", "Bearer ", "Basic abc", "Bearerabc", "Bear abc", "abc"}) {
    EXPECT_EQ(bearer_token(no), "") << no;
  }
}

TEST(Bearer, TokensCompareEqualOnlyWhenEqual) {
  EXPECT_TRUE(constant_time_equal("s3cret-token-of-16", "s3cret-token-of-16"));
  EXPECT_TRUE(constant_time_equal("", ""));
  for (const char* guess :
       {"", "s", "s3cret-token-of-1", "s3cret-token-of-16x", "S3cret-token-of-16",
        "s3cret-token-of-17", "s3cret-token-of-16s3cret-token-of-16"}) {
    EXPECT_FALSE(constant_time_equal(guess, "s3cret-token-of-16")) << guess;
  }
  EXPECT_FALSE(constant_time_equal("x", ""));
}

}  // namespace
}  // namespace magnete::collector
