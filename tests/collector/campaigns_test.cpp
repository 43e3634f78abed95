#include "campaigns.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "collector/seed_leads.hpp"
#include "support.hpp"

namespace magnete::collector {
namespace {

std::string joined(const CampaignRegistry& registry) {
  std::string out;
  for (const auto& e : registry.errors()) out += e + "\n";
  return out;
}

class CollectorCampaignFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = magnete::testing::unique_temp_dir("magnete-campaigns");
    seed_ = OrderedJson::parse(
        magnete::testing::read_text(magnete::testing::source_path("demo/campaigns/seed-b2b.json")));
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
  OrderedJson seed_;
};

TEST(CollectorCampaigns, LoadsTheDemoCampaigns) {
  CampaignRegistry registry;
  ASSERT_TRUE(registry.load_dir(magnete::testing::source_path("demo/campaigns")))
      << joined(registry);
  EXPECT_TRUE(registry.errors().empty());
  EXPECT_GE(registry.size(), 1u);
  auto seed = registry.find("seed-b2b", "1");
  ASSERT_NE(seed, nullptr);
  EXPECT_EQ(seed->id, "seed-b2b");
  EXPECT_EQ(seed->version, "1");
  EXPECT_EQ(registry.find("seed-b2b", "2"), nullptr);
  EXPECT_EQ(registry.find("seed-b2c", "1"), nullptr);
  EXPECT_EQ(registry.all().size(), registry.size());
}

TEST(CollectorCampaigns, MissingFolderIsAnError) {
  CampaignRegistry registry;
  const std::string missing = "/nonexistent/magnete/campaigns";
  EXPECT_FALSE(registry.load_dir(missing));
  ASSERT_EQ(registry.errors().size(), 1u);
  EXPECT_EQ(registry.errors()[0].rfind(missing + ": ", 0), 0u) << registry.errors()[0];
  EXPECT_EQ(registry.size(), 0u);
}

TEST(CollectorCampaigns, AFileIsNotAFolder) {
  CampaignRegistry registry;
  EXPECT_FALSE(registry.load_dir(magnete::testing::source_path("demo/campaigns/seed-b2b.json")));
  EXPECT_EQ(registry.size(), 0u);
}

TEST_F(CollectorCampaignFolder, BrokenCampaignIsReportedAsFilePathMessage) {
  write("a-seed.json", seed_.dump(2));
  OrderedJson broken = seed_;
  broken["id"] = "broken";
  broken["scoring"]["engagement"][0]["points"] = "five";
  std::string broken_path = write("b-broken.json", broken.dump(2));

  CampaignRegistry registry;
  EXPECT_FALSE(registry.load_dir(dir_.string()));
  ASSERT_EQ(registry.errors().size(), 1u) << joined(registry);
  EXPECT_EQ(registry.errors()[0].rfind(
                broken_path + ": scoring.engagement[0].points: expected a number", 0),
            0u)
      << registry.errors()[0];
  // The good campaign beside it still loads.
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_NE(registry.find("seed-b2b", "1"), nullptr);
  EXPECT_EQ(registry.find("broken", "1"), nullptr);
}

TEST_F(CollectorCampaignFolder, EveryErrorOfEveryFileIsReported) {
  OrderedJson two_errors = seed_;
  two_errors["scorng"] = OrderedJson::object();
  two_errors["scoring"]["engagement"][1]["points"] = "three";
  std::string first = write("first.json", two_errors.dump());
  std::string second = write("second.json", "{\n  \"id\": \"x\",\n  oops\n}");

  CampaignRegistry registry;
  EXPECT_FALSE(registry.load_dir(dir_.string()));
  std::string all = joined(registry);
  EXPECT_NE(all.find(first + ": scorng: unknown key; did you mean \"scoring\"?"), std::string::npos)
      << all;
  EXPECT_NE(all.find(first + ": scoring.engagement[1].points: expected a number"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(second + ": line 3, column "), std::string::npos) << all;
  EXPECT_EQ(registry.size(), 0u);
}

TEST_F(CollectorCampaignFolder, TheSameIdAndVersionTwiceIsAnError) {
  write("a.json", seed_.dump());
  std::string copy = write("b.json", seed_.dump(2));
  OrderedJson v2 = seed_;
  v2["version"] = "2";
  write("c.json", v2.dump());

  CampaignRegistry registry;
  EXPECT_FALSE(registry.load_dir(dir_.string()));
  ASSERT_EQ(registry.errors().size(), 1u) << joined(registry);
  EXPECT_EQ(registry.errors()[0].rfind(copy + ": ", 0), 0u) << registry.errors()[0];
  EXPECT_NE(registry.errors()[0].find("seed-b2b"), std::string::npos);
  EXPECT_NE(registry.errors()[0].find("twice"), std::string::npos);
  EXPECT_EQ(registry.size(), 2u);
  EXPECT_NE(registry.find("seed-b2b", "2"), nullptr);
}

TEST_F(CollectorCampaignFolder, OnlyJsonFilesAreRead) {
  write("seed.json", seed_.dump());
  write("README.md", "# campaigns\n");
  write("seed.json.bak", "{ not json");
  CampaignRegistry registry;
  EXPECT_TRUE(registry.load_dir(dir_.string())) << joined(registry);
  EXPECT_EQ(registry.size(), 1u);
}

}  // namespace
}  // namespace magnete::collector
