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
    Json r = call(session.add_event(R"({"type":"page_view","at":"2026-11-22T09:00:00Z","value":")" + value + "\"}"));
    ASSERT_EQ(r["ok"], true) << r.dump();
  }
  Json built = call(session.build_payload(R"({"id":"big"})", "2026-11-22T09:30:00Z"));
  ASSERT_EQ(built["ok"], false) << built.dump().substr(0, 200);
  EXPECT_EQ(built["errors"][0]["path"], "events");
  EXPECT_NE(built["errors"][0]["message"].get<std::string>().find("at most 50000 can be sent"), std::string::npos);
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
  EXPECT_EQ(call(mql.build_payload(R"({"id":"b"})", "2026-11-22T09:30:00Z"))["deliver"], false);
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
      R"({"ok":false,"errors":[{"path":"consents.privacy","message":"required consent \"privacy\" )"
      R"(is not granted","code":"consent_required"}]})");

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
