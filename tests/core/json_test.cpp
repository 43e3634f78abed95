// The JSON front door against the public JSONTestSuite (nst/JSONTestSuite): every y_ case
// is accepted, every n_ case rejected with a positioned message, no i_ case crashes.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "magnete/campaign.hpp"
#include "magnete/json.hpp"
#include "magnete/lead.hpp"
#include "support.hpp"

namespace magnete {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> suite_files(const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& entry :
       fs::directory_iterator(testing::corpus_path("JSONTestSuite/test_parsing"))) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) out.push_back(entry.path());
  }
  return out;
}

TEST(JsonTestSuite, AcceptsEveryValidDocument) {
  auto files = suite_files("y_");
  ASSERT_GT(files.size(), 90u);
  for (const auto& file : files) {
    ParsedJson parsed = parse_json(testing::read_text(file.string()));
    EXPECT_TRUE(parsed.ok()) << file.filename() << ": " << parsed.error;
  }
}

TEST(JsonTestSuite, RejectsEveryInvalidDocumentWithItsPosition) {
  auto files = suite_files("n_");
  ASSERT_GT(files.size(), 180u);
  for (const auto& file : files) {
    ParsedJson parsed = parse_json(testing::read_text(file.string()));
    EXPECT_FALSE(parsed.ok()) << file.filename();
    EXPECT_NE(parsed.error.find("line "), std::string::npos)
        << file.filename() << ": " << parsed.error;
  }
}

TEST(JsonTestSuite, CampaignAndLeadParsersNeverCrashOnAnyCase) {
  for (const auto& prefix : {"y_", "n_", "i_"}) {
    for (const auto& file : suite_files(prefix)) {
      std::string text = testing::read_text(file.string());
      CampaignResult campaign = parse_campaign(text);
      LeadResult lead = parse_lead(text);
      // None of these documents is a campaign; every one must say why.
      EXPECT_FALSE(campaign.ok()) << file.filename();
      EXPECT_FALSE(campaign.errors.empty()) << file.filename();
      if (!lead.ok()) {
        EXPECT_FALSE(lead.errors.empty()) << file.filename();
      }
    }
  }
}

TEST(Json, RefusesNestingDeeperThanTheLimit) {
  std::string deep(65, '[');
  deep += std::string(65, ']');
  ParsedJson parsed = parse_json(deep);
  EXPECT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error.find("nesting deeper than 64"), std::string::npos) << parsed.error;
  EXPECT_TRUE(parse_json(std::string(64, '[') + std::string(64, ']')).ok());
}

TEST(Json, BracketsInsideStringsDoNotCountAsNesting) {
  std::string text = "{\"a\":\"" + std::string(200, '[') + "\\\"\"}";
  EXPECT_TRUE(parse_json(text).ok()) << parse_json(text).error;
}

TEST(Json, SyntaxErrorsNameLineAndColumn) {
  ParsedJson parsed = parse_json("{\n  \"id\": \"x\",\n  \"version\": tru\n}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error.rfind("line 3, column", 0), 0u) << parsed.error;
}

}  // namespace
}  // namespace magnete
