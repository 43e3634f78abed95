#include "magnete/session.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support.hpp"

namespace magnete {
namespace {

Json call(const std::string& text) { return Json::parse(text, nullptr, false); }

constexpr const char* kPrivacy =
    R"({"id":"privacy","granted":true,"text":"ok","version":"2026-01","locale":"it","at":"2026-11-22T09:00:00Z"})";

TEST(Session, AnInvalidCampaignAnswersEveryCallWithAnError) {
  Session session(R"({"id": "x"})");
  EXPECT_EQ(call(session.status())["ok"], false);
  Json field = call(session.set_field("email", "\"a@b.it\"", "it"));
  EXPECT_EQ(field["ok"], false);
  EXPECT_EQ(field["errors"][0]["path"], "campaign");
}

TEST(Session, ALeadTooLargeToSendIsRefusedWithItsSize) {
  Session session(testing::read_text(testing::source_path("demo/campaigns/seed-b2b.json")));
  // Granted, so that the size is what refuses it (without it, the consent would).
  session.set_consent(kPrivacy);
  std::string value(1500, 'x');
  for (int i = 0; i < 40; ++i) {
    Json r = call(session.add_event(R"({"type":"page_view","at":"2026-11-22T09:00:00Z","value":")" +
                                    value + "\"}"));
    ASSERT_EQ(r["ok"], true) << r.dump();
  }
  Json built = call(session.build_payload(R"({"id":"big"})", "2026-11-22T09:30:00Z"));
  ASSERT_EQ(built["ok"], false) << built.dump().substr(0, 200);
  EXPECT_EQ(built["errors"][0]["path"], "events");
  EXPECT_NE(built["errors"][0]["message"].get<std::string>().find("at most 50000 can be sent"),
            std::string::npos);
}

TEST(Session, BuildPayloadSaysWhetherTheCampaignDeliversThisLead) {
  std::string text = testing::read_text(testing::source_path("demo/campaigns/seed-b2b.json"));
  std::string only_mql = text;
  only_mql.replace(only_mql.find("\"when\": \"all\""), 13, "\"when\": \"mql\"");
  Session all(text), mql(only_mql);
  for (Session* s : {&all, &mql}) {
    s->set_field("email", "\"mario@acme.it\"", "it");
    s->set_consent(kPrivacy);
  }
  EXPECT_EQ(call(all.build_payload(R"({"id":"a"})", "2026-11-22T09:30:00Z"))["deliver"], true);
  Json held = call(mql.build_payload(R"({"id":"b"})", "2026-11-22T09:30:00Z"));
  EXPECT_EQ(held["deliver"], false);
  EXPECT_TRUE(held["request"].is_null()) << held.dump();  // nothing to send
}

// What the widget renders and sends comes from status(), resolved by the core.
TEST(Session, StatusResolvesWhatTheWidgetNeeds) {
  Session session(testing::read_text(testing::source_path("demo/campaigns/fitness.json")), "guide");
  Json status = call(session.status());
  ASSERT_EQ(status["ok"], true) << status.dump();
  EXPECT_EQ(status["variant"], "guide");
  EXPECT_EQ(status["variants"].dump(), R"([{"id":"plan","weight":50},{"id":"guide","weight":50}])");
  EXPECT_EQ(status["default_locale"], "it");
  EXPECT_EQ(status["texts"]["submit_label"]["en"], "Get the guide and the plan");
  EXPECT_EQ(status["quiz"]["gate"], "before_result");
  EXPECT_EQ(status["required_consents"].dump(), R"(["privacy"])");
  EXPECT_EQ(status["delivery"].dump(),
            R"({"url":"/v1/leads","format":"magnete-v1","headers":{},"timeout_ms":10000})");
  EXPECT_GE(status["steps"].size(), 1u);

  Session plain(testing::read_text(testing::source_path("demo/campaigns/fitness.json")));
  EXPECT_EQ(call(plain.status())["variant"], "");
  EXPECT_NE(call(plain.status())["texts"]["submit_label"]["en"], "Get the guide and the plan");
}

TEST(Session, AnUnknownVariantIsAnErrorOfTheCampaign) {
  Session session(testing::read_text(testing::source_path("demo/campaigns/fitness.json")), "nope");
  Json status = call(session.status());
  EXPECT_EQ(
      status.dump(),
      R"({"ok":false,"code":"variant_unknown","errors":[{"path":"variant","message":"unknown variant \"nope\"; )"
      R"(variants: \"plan\", \"guide\"","code":"variant_unknown"}]})");
}

TEST(Session, ThePayloadCarriesTheSessionsCampaignAndVariant) {
  Session session(testing::read_text(testing::source_path("demo/campaigns/fitness.json")), "guide");
  session.set_field("email", "\"mario@acme.it\"", "it");
  session.set_consent(
      R"({"id":"privacy","granted":true,"text":"ok","version":"2026-01","locale":"it",)"
      R"("at":"2026-11-22T09:00:00Z"})");
  Json built = call(session.build_payload(
      R"({"id":"x","campaign":{"id":"other","variant":"plan"}})", "2026-11-22T09:30:00Z"));
  ASSERT_EQ(built["ok"], true) << built.dump();
  EXPECT_EQ(built["payload"]["campaign"]["id"], "fitness-launch");
  EXPECT_EQ(built["payload"]["campaign"]["variant"], "guide");
}

// The browser builds no payload the collector would refuse: the same rule as POST /v1/leads
// (missing_required_consents), with its code, so the widget can say what is missing.
TEST(Session, BuildPayloadRefusesALeadWithoutTheRequiredConsent) {
  Session session(testing::read_text(testing::source_path("demo/campaigns/seed-b2b.json")));
  ASSERT_EQ(call(session.set_field("email", "\"mario@acme.it\"", "it"))["ok"], true);
  const char* meta = R"({"id":"lead-1","locale":"it"})";
  Json none = call(session.build_payload(meta, "2026-11-22T09:30:00Z"));
  EXPECT_EQ(
      none.dump(),
      R"({"ok":false,"code":"consent_required","errors":[{"path":"consents.privacy","message":)"
      R"("required consent \"privacy\" is not granted","code":"consent_required"}]})");

  // Shown and refused, or only the optional one: still refused.
  session.set_consent(
      R"({"id":"privacy","granted":false,"text":"ok","version":"2026-01","locale":"it","at":"2026-11-22T09:00:00Z"})");
  session.set_consent(
      R"({"id":"marketing","granted":true,"text":"ok","version":"2026-01","locale":"it","at":"2026-11-22T09:00:00Z"})");
  Json refused = call(session.build_payload(meta, "2026-11-22T09:30:00Z"));
  EXPECT_EQ(refused["ok"], false);
  ASSERT_EQ(refused["errors"].size(), 1u) << refused.dump();
  EXPECT_EQ(refused["errors"][0]["path"], "consents.privacy");
  EXPECT_EQ(refused["errors"][0]["code"], "consent_required");

  session.set_consent(kPrivacy);
  Json granted = call(session.build_payload(meta, "2026-11-22T09:30:00Z"));
  EXPECT_EQ(granted["ok"], true) << granted.dump();
}

TEST(Session, BuildPayloadNeedsNoConsentWhenTheCampaignRequiresNone) {
  std::string text = testing::read_text(testing::source_path("demo/campaigns/seed-b2b.json"));
  text.replace(text.find("\"required\": true, \"version\""), 16, "\"required\": false");
  Session session(text);
  ASSERT_EQ(call(session.status())["ok"], true) << session.status();
  Json built = call(session.build_payload(R"({"id":"lead-2"})", "2026-11-22T09:30:00Z"));
  EXPECT_EQ(built["ok"], true) << built.dump();
}

}  // namespace
}  // namespace magnete
