// The scoring table of the seeds (DOMAIN §3.2, seeds/003 section 3.2), reproduced exactly by
// demo/campaigns/seed-b2b.json: every row on its own, then all of them together.
#include <gtest/gtest.h>

#include <memory>

#include "magnete/engine.hpp"
#include "support.hpp"

namespace magnete {
namespace {

constexpr TimeMs kNow = 1795333066000;  // 2026-11-22T07:37:46Z

class SeedTable : public ::testing::Test {
 protected:
  void SetUp() override {
    CampaignResult result =
        parse_campaign(testing::read_text(testing::source_path("demo/campaigns/seed-b2b.json")));
    ASSERT_TRUE(result.ok());
    campaign_ = std::make_shared<const Campaign>(std::move(*result.campaign));
    engine_ = std::make_unique<Engine>(campaign_);
  }
  void field(const char* name, const Json& value) {
    FieldCheck check = engine_->set_field(name, value);
    ASSERT_TRUE(check.ok) << name << ": " << check.code;
  }
  void events(const char* type, int count) {
    for (int i = 0; i < count; ++i)
      ASSERT_TRUE(engine_->add_event({type, kNow - 1000, ""}).empty());
  }
  Assessment assess() { return engine_->assess(kNow); }
  // Points the named rule gave (0 when it is not in the breakdown).
  Milli points(const Assessment& a, const std::string& rule) {
    for (const auto& r : a.breakdown) {
      if (r.id == rule) return r.points;
    }
    return 0;
  }

  std::shared_ptr<const Campaign> campaign_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(SeedTable, AgeGivesOnePointPerYearAbove25) {
  field("age", "40");
  EXPECT_EQ(assess().fit, 15 * kMilli);
}

TEST_F(SeedTable, AgeAt25OrBelowGivesNothing) {
  field("age", 25);
  EXPECT_EQ(assess().fit, 0);
  field("age", "25,9");  // whole years only
  EXPECT_EQ(assess().fit, 0);
  field("age", 26);
  EXPECT_EQ(assess().fit, 1 * kMilli);
}

TEST_F(SeedTable, TargetSectorGivesFive) {
  field("sector", "wellness");
  EXPECT_EQ(points(assess(), "target_sector"), 5 * kMilli);
  field("sector", "retail");
  EXPECT_EQ(points(assess(), "target_sector"), 0);
}

TEST_F(SeedTable, MoreThan50EmployeesGivesThree) {
  field("company_size", 50);
  EXPECT_EQ(points(assess(), "company_over_50"), 0);
  field("company_size", 51);
  EXPECT_EQ(points(assess(), "company_over_50"), 3 * kMilli);
}

TEST_F(SeedTable, DecisionMakingTitleGivesTwoInItalianAndEnglish) {
  for (const char* title : {"CEO", "Founder & CEO", "Titolare", "Direttore Generale",
                            "direttrice vendite", "Head of Marketing", "Responsabile acquisti",
                            "Amministratore Delegato", "Managing Director", "TITOLÀRE"}) {
    field("job_title", title);
    EXPECT_EQ(points(assess(), "decision_maker"), 2 * kMilli) << title;
  }
  for (const char* title :
       {"Impiegato", "Marketing assistant", "Stagista", "Directory editor", "Proceed"}) {
    field("job_title", title);
    EXPECT_EQ(points(assess(), "decision_maker"), 0) << title;
  }
}

TEST_F(SeedTable, EachEngagementRowGivesItsPointsPerOccurrence) {
  struct Row {
    const char* event;
    const char* rule;
    int count;
    Milli expected;
  };
  const Row rows[] = {{"page_view", "website_visit", 3, 6 * kMilli},
                      {"ad_click", "ad_click", 2, 6 * kMilli},
                      {"newsletter_signup", "newsletter_signup", 2, 5 * kMilli},  // "5 punti": once
                      {"webinar_attended", "webinar_attended", 2, 20 * kMilli},
                      {"download", "guide_download", 2, 10 * kMilli},
                      {"video_play", "video_view", 3, 6 * kMilli},
                      {"share", "social_share", 2, 6 * kMilli},
                      {"form_submit", "form_completion", 2, 14 * kMilli}};
  for (const auto& row : rows) {
    SetUp();
    events(row.event, row.count);
    Assessment a = assess();
    EXPECT_EQ(points(a, row.rule), row.expected) << row.event;
    EXPECT_EQ(a.engagement, row.expected) << row.event;
  }
}

TEST_F(SeedTable, NewsletterSignupIsReportedAsCapped) {
  events("newsletter_signup", 2);
  Assessment a = assess();
  ASSERT_EQ(a.breakdown.size(), 1u);
  EXPECT_EQ(a.breakdown[0].count, 2);
  EXPECT_TRUE(a.breakdown[0].capped);
}

TEST_F(SeedTable, ScoreIsFitPlusEngagementForAWholeLead) {
  // fit: age 40 -> 15, fitness 5, 120 employees 3, "Direttore marketing" 2 = 25
  field("age", 40);
  field("sector", "fitness");
  field("company_size", 120);
  field("job_title", "Direttore marketing");
  // engagement: 3 visits 6, 1 ad click 3, newsletter 5, webinar 10, 2 downloads 10,
  // 1 video 2, 1 share 3, 1 form 7 = 46
  events("page_view", 3);
  events("ad_click", 1);
  events("newsletter_signup", 1);
  events("webinar_attended", 1);
  events("download", 2);
  events("video_play", 1);
  events("share", 1);
  events("form_submit", 1);
  Assessment a = assess();
  EXPECT_EQ(a.fit, 25 * kMilli);
  EXPECT_EQ(a.engagement, 46 * kMilli);
  EXPECT_EQ(a.score, 71 * kMilli);
  EXPECT_EQ(a.grade, "A");   // fit 25 >= 20
  EXPECT_EQ(a.band, "hot");  // score 71 >= 40
}

TEST_F(SeedTable, UnknownEventsScoreNothing) {
  events("pricing_view", 5);
  EXPECT_EQ(assess().score, 0);
}

}  // namespace
}  // namespace magnete
