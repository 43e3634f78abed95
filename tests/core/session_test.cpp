#include "magnete/session.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support.hpp"

namespace magnete {
namespace {

Json call(const std::string& text) { return Json::parse(text, nullptr, false); }

TEST(Session, AnInvalidCampaignAnswersEveryCallWithAnError) {
  Session session(R"({"id": "x"})");
  EXPECT_EQ(call(session.status())["ok"], false);
  Json field = call(session.set_field("email", "\"a@b.it\"", "it"));
  EXPECT_EQ(field["ok"], false);
  EXPECT_EQ(field["errors"][0]["path"], "campaign");
}

TEST(Session, ALeadTooLargeToSendIsRefusedWithItsSize) {
  Session session(testing::read_text(testing::source_path("demo/campaigns/seed-b2b.json")));
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
    s->set_consent(R"({"id":"privacy","granted":true,"text":"ok","version":"2026-01","locale":"it","at":"2026-11-22T09:00:00Z"})");
  }
  EXPECT_EQ(call(all.build_payload(R"({"id":"a"})", "2026-11-22T09:30:00Z"))["deliver"], true);
  EXPECT_EQ(call(mql.build_payload(R"({"id":"b"})", "2026-11-22T09:30:00Z"))["deliver"], false);
}

}  // namespace
}  // namespace magnete
