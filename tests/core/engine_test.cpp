#include "magnete/engine.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "scoring/decay.hpp"

namespace magnete {
namespace {

constexpr TimeMs kDay = kMsPerDay;
constexpr TimeMs kNow = 1795333066000;

std::shared_ptr<const Campaign> campaign(const std::string& scoring_extra = "",
                                         const std::string& extra = "") {
  std::string text = R"({
    "id": "t", "version": "1",
    "fields": [{"name": "email", "type": "email", "required": true, "label": "Email"},
               {"name": "phone", "type": "tel", "label": "Phone"},
               {"name": "company", "type": "text", "label": "Company"},
               {"name": "size", "type": "number", "label": "Size", "min": 1},
               {"name": "tools", "type": "checkbox", "label": "Tools", "options": ["crm", "erp"]},
               {"name": "terms", "type": "checkbox", "label": "Terms"}],
    "consents": [{"id": "privacy", "required": true, "version": "1", "text": "ok"},
                 {"id": "marketing", "version": "1", "text": "news"}],
    "scoring": {
      "fit": [{"id": "big", "field": "size", "op": "between", "min": 50, "max": 500, "points": 10},
              {"id": "crm", "field": "tools", "op": "in", "values": ["crm"], "points": 4}],
      "engagement": [{"id": "visit", "event": "page_view", "points": 2, "max_points": 10},
                     {"id": "pricing", "event": "page_view", "points": 5, "filter": {"prefix": "/pricing"}},
                     {"id": "demo", "event": "demo_request", "points": 30, "max_count": 1},
                     {"id": "trial", "event": "trial_started", "points": 20}]
      )" + scoring_extra +
                     R"(,
      "grades": {"A": 14, "B": 10, "C": 4},
      "bands": {"warm": 20, "hot": 50},
      "stages": [{"id": "lead", "require": ["email", "consent:privacy"]},
                 {"id": "mql", "min_score": 20},
                 {"id": "sql", "min_score": 50, "min_grade": "B", "require": ["phone"]},
                 {"id": "pql", "require": ["event:trial_started"]}],
      "segments": [{"id": "crm_users", "fields": [{"field": "tools", "op": "in", "values": ["crm"]}]},
                   {"id": "hot_news", "band": "hot", "require": ["consent:marketing"]}]
    })" + extra + R"(
  })";
  CampaignResult result = parse_campaign(text);
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

ConsentRecord consent(const char* id, bool granted = true) {
  return {id, granted, "text", "1", "en", kNow};
}

TEST(Engine, InvalidValuesAreNotStoredAndSayWhy) {
  Engine engine(campaign());
  FieldCheck check = engine.set_field("email", "mario@", "it");
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.code, "email_invalid");
  EXPECT_EQ(check.message, "Inserisci un indirizzo email valido, come nome@esempio.it.");
  EXPECT_TRUE(engine.lead().contact.empty());
  EXPECT_EQ(engine.set_field("nope", "x").code, "field_unknown");
  EXPECT_EQ(engine.set_field("size", "0").code, "too_small");
  EXPECT_EQ(engine.set_field("tools", Json::array({"crm", "sap"})).code, "option_invalid");
}

TEST(Engine, EmptyValueClearsAField) {
  Engine engine(campaign());
  ASSERT_TRUE(engine.set_field("company", "ACME").ok);
  EXPECT_TRUE(engine.set_field("company", "   ").ok);
  EXPECT_EQ(engine.lead().contact.count("company"), 0u);
  EXPECT_EQ(engine.set_field("email", "").code, "required");
}

TEST(Engine, MaxPointsCapsARuleAndSaysSo) {
  Engine engine(campaign());
  for (int i = 0; i < 8; ++i) engine.add_event({"page_view", kNow, "/blog"});
  Assessment a = engine.assess(kNow);
  ASSERT_EQ(a.breakdown.size(), 1u);
  EXPECT_EQ(a.breakdown[0].points, 10 * kMilli);
  EXPECT_EQ(a.breakdown[0].count, 8);
  EXPECT_TRUE(a.breakdown[0].capped);
}

TEST(Engine, EventFilterMatchesTheValue) {
  Engine engine(campaign());
  engine.add_event({"page_view", kNow, "/pricing/pro"});
  engine.add_event({"page_view", kNow, "/blog/pricing"});
  Assessment a = engine.assess(kNow);
  EXPECT_EQ(a.engagement, (2 + 2 + 5) * kMilli);
}

TEST(Engine, MaxCountCountsOccurrencesOnce) {
  Engine engine(campaign());
  engine.add_event({"demo_request", kNow, ""});
  engine.add_event({"demo_request", kNow, ""});
  EXPECT_EQ(engine.assess(kNow).engagement, 30 * kMilli);
}

TEST(Engine, StagesClimbTheLadderWithReasons) {
  Engine engine(campaign());
  Assessment a = engine.assess(kNow);
  EXPECT_EQ(a.stage, "visitor");
  ASSERT_EQ(a.stages.size(), 4u);
  EXPECT_EQ(a.stages[0].reasons,
            (std::vector<std::string>{"no valid email", "consent \"privacy\" not granted"}));

  engine.set_field("email", "mario@acme.it");
  engine.set_consent(consent("privacy"));
  EXPECT_EQ(engine.assess(kNow).stage, "lead");

  engine.add_event({"demo_request", kNow, ""});
  a = engine.assess(kNow);
  EXPECT_EQ(a.stage, "mql");
  EXPECT_EQ(a.stages[2].reasons,
            (std::vector<std::string>{"score 30 is below 50", "grade F is below B",
                                      "no valid phone number"}));

  engine.set_field("size", 120);
  engine.set_field("phone", "333 1234567");
  engine.add_event({"trial_started", kNow, ""});
  a = engine.assess(kNow);
  EXPECT_EQ(a.score, 60 * kMilli);
  EXPECT_EQ(a.grade, "B");
  EXPECT_EQ(a.stage, "pql");
}

TEST(Engine, AStageAboveAnUnreachedOneIsNotReached) {
  Engine engine(campaign());
  engine.add_event({"trial_started", kNow, ""});
  Assessment a = engine.assess(kNow);
  EXPECT_EQ(a.stage, "visitor");
  EXPECT_FALSE(a.stages[3].reached);
  EXPECT_EQ(a.stages[3].reasons, (std::vector<std::string>{"a lower stage is not reached"}));
}

TEST(Engine, ARevokedConsentDropsTheStage) {
  Engine engine(campaign());
  engine.set_field("email", "mario@acme.it");
  engine.set_consent(consent("privacy"));
  EXPECT_EQ(engine.assess(kNow).stage, "lead");
  engine.set_consent(consent("privacy", false));
  EXPECT_EQ(engine.assess(kNow).stage, "visitor");
}

TEST(Engine, SegmentsTagMatchingLeads) {
  Engine engine(campaign());
  engine.set_field("tools", Json::array({"erp", "crm"}));
  engine.add_event({"demo_request", kNow, ""});
  engine.add_event({"trial_started", kNow, ""});
  Assessment a = engine.assess(kNow);
  EXPECT_EQ(a.segments, (std::vector<std::string>{"crm_users"}));
  engine.set_consent(consent("marketing"));
  EXPECT_EQ(engine.assess(kNow).segments, (std::vector<std::string>{"crm_users", "hot_news"}));
}

TEST(Engine, CompletenessIsTheShareOfOptionalFieldsFilled) {
  Engine engine(campaign());
  engine.set_field("email", "mario@acme.it");
  EXPECT_EQ(engine.assess(kNow).completeness, 0);
  engine.set_field("company", "ACME");
  engine.set_field("terms", false);                 // an unticked box is not filled
  EXPECT_EQ(engine.assess(kNow).completeness, 20);  // 1 of 5 optional fields
  engine.set_field("phone", "333 1234567");
  EXPECT_EQ(engine.assess(kNow).completeness, 40);
}

TEST(Engine, DecayHalvesPointsEveryHalfLife) {
  Engine engine(campaign(R"(, "decay": {"half_life_days": 30})"));
  engine.add_event({"demo_request", kNow - 30 * kDay, ""});
  EXPECT_EQ(engine.assess(kNow).engagement, 15 * kMilli);
  EXPECT_EQ(engine.assess(kNow + 30 * kDay).engagement, 7500);
  EXPECT_EQ(engine.assess(kNow - 30 * kDay).engagement, 30 * kMilli);
}

TEST(Engine, DecayWithMaxCountKeepsTheMostRecent) {
  Engine engine(campaign(R"(, "decay": {"half_life_days": 10})"));
  engine.add_event({"demo_request", kNow - 20 * kDay, ""});
  engine.add_event({"demo_request", kNow - 10 * kDay, ""});
  EXPECT_EQ(engine.assess(kNow).engagement, 15 * kMilli);
}

std::shared_ptr<const Campaign> bands_campaign(const std::string& decay = "") {
  CampaignResult result = parse_campaign(R"({"id": "bands", "version": "1",
    "fields": [{"name": "seconds", "type": "number", "label": "Seconds"}],
    "scoring": {
      "fit": [{"id": "short", "field": "seconds", "op": "between", "min": 10, "below": 60, "points": -2},
              {"id": "long", "field": "seconds", "op": "gte", "value": 60, "points": 6}],
      "engagement": [{"id": "one_visit", "event": "page_view", "points": -3, "at_least": 1, "at_most": 1},
                     {"id": "some_visits", "event": "page_view", "points": 4, "at_least": 3, "at_most": 5},
                     {"id": "many_visits", "event": "page_view", "points": 9, "at_least": 6}])" +
                                         decay + R"(}})");
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

TEST(Engine, CountBandsGiveTheirPointsOnceForACountInTheBand) {
  auto campaign = bands_campaign();
  auto engagement_after = [&](int visits) {
    Engine engine(campaign);
    for (int i = 0; i < visits; ++i) engine.add_event({"page_view", kNow, ""});
    return engine.assess(kNow).engagement;
  };
  EXPECT_EQ(engagement_after(0), 0);
  EXPECT_EQ(engagement_after(1), -3 * kMilli);
  EXPECT_EQ(engagement_after(2), 0);  // between the bands
  EXPECT_EQ(engagement_after(3), 4 * kMilli);
  EXPECT_EQ(engagement_after(5), 4 * kMilli);
  EXPECT_EQ(engagement_after(6), 9 * kMilli);
  EXPECT_EQ(engagement_after(40), 9 * kMilli);
}

TEST(Engine, HalfOpenBandsLeaveNoGapBetweenDecimals) {
  auto campaign = bands_campaign();
  auto fit_for = [&](const char* seconds) {
    Engine engine(campaign);
    EXPECT_TRUE(engine.set_field("seconds", seconds).ok);
    return engine.assess(kNow).fit;
  };
  EXPECT_EQ(fit_for("9.999"), 0);
  EXPECT_EQ(fit_for("10"), -2 * kMilli);
  EXPECT_EQ(fit_for("59.999"), -2 * kMilli);
  EXPECT_EQ(fit_for("60"), 6 * kMilli);
}

TEST(Engine, ACountBandDecaysWithItsLatestOccurrence) {
  Engine engine(bands_campaign(R"(, "decay": {"half_life_days": 10})"));
  for (int i = 0; i < 3; ++i)
    engine.add_event({"page_view", kNow - (30 - i * 10) * kDay, ""});  // latest 10 days ago
  EXPECT_EQ(engine.assess(kNow).engagement, 2 * kMilli);
}

TEST(Engine, DecayKeepsTheMostRecentWhateverOrderEventsArriveIn) {
  // A returning visitor's stored events are replayed after the page's first ones.
  Engine engine(campaign(R"(, "decay": {"half_life_days": 10})"));
  engine.add_event({"demo_request", kNow - 10 * kDay, ""});
  engine.add_event({"demo_request", kNow - 30 * kDay, ""});
  engine.add_event({"demo_request", kNow - 20 * kDay, ""});
  EXPECT_EQ(engine.assess(kNow).engagement, 15 * kMilli);

  Engine bands(bands_campaign(R"(, "decay": {"half_life_days": 10})"));
  for (int days : {10, 30, 20}) bands.add_event({"page_view", kNow - days * kDay, ""});
  EXPECT_EQ(bands.assess(kNow).engagement, 2 * kMilli);  // decayed from the latest, 10 days ago
}

TEST(Decay, IsCloseToTheExactExponential) {
  // 2^(-age/h) for fractional half-lives, against values computed offline.
  const TimeMs h = 1'000'000;
  struct Case {
    TimeMs age;
    double expected;
  };
  for (const auto& c :
       {Case{0, 1.0}, Case{250'000, 0.8408964152537145}, Case{500'000, 0.7071067811865476},
        Case{1'333'333, 0.3968502629920499}, Case{7'900'000, 0.004187373954880137}}) {
    double got =
        static_cast<double>(scoring::decay_factor_q30(c.age, h)) / static_cast<double>(1 << 30);
    EXPECT_NEAR(got, c.expected, 2e-5) << c.age;
  }
  EXPECT_EQ(scoring::decay_factor_q30(41 * h, h), 0);
}

TEST(Decay, NegativePointsDecayTowardZero) {
  EXPECT_EQ(scoring::decay(-10 * kMilli, 1000, 1000), -5 * kMilli);
  EXPECT_EQ(scoring::decay(10 * kMilli, 1000, 0), 10 * kMilli);
}

TEST(Engine, EventsBeyondTheStatedLimitAreRefused) {
  Engine engine(campaign());
  for (std::size_t i = 0; i < LeadLimits::kMaxEvents; ++i)
    ASSERT_TRUE(engine.add_event({"x", kNow, ""}).empty());
  Errors errors = engine.add_event({"x", kNow, ""});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "at most 1000 events are kept per lead");
}

TEST(Engine, LoadReportsEachBadValueWithItsLeadPath) {
  Engine engine(campaign());
  Lead lead;
  lead.contact["email"] = "nope";
  lead.contact["fax"] = "1";
  lead.consents.push_back(consent("newsletter"));
  lead.quiz["q"] = {"a"};
  Errors errors = engine.load(lead);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].path, "contact.email");
  EXPECT_EQ(errors[1].path, "contact.fax");
  EXPECT_EQ(errors[2].path, "consents[0].id");
  EXPECT_EQ(errors[3].path, "quiz.answers");
}

TEST(Engine, AssessmentJsonHasAFixedKeyOrder) {
  Engine engine(campaign());
  OrderedJson j = to_json(engine.assess(kNow));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"score", "fit", "engagement", "grade", "band", "stage",
                                            "segments", "completeness", "outcome", "breakdown",
                                            "stages", "model_hash", "at"}));
}

}  // namespace
}  // namespace magnete
