// The collector decides nothing of its own about a lead: what is "qualified" and what consent
// is required are the core's, as the widget gets them (Session, the calls of the wasm module).
// Leads built from the parity fixtures' campaign (tests/fixtures/qualification) by a Session, as
// the widget builds them, are posted; the stats count as qualified exactly the leads the core
// called qualified, and a lead without the required consent is refused with the core's code.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "campaigns.hpp"
#include "collector/seed_leads.hpp"
#include "magnete/session.hpp"
#include "service.hpp"
#include "store.hpp"
#include "support.hpp"

namespace magnete::collector {
namespace {

constexpr const char* kToken = "core-decisions-token";

Json parse(const std::string& text) { return Json::parse(text, nullptr, false); }

class CoreDecisions : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = magnete::testing::unique_temp_dir("magnete-core-decisions");
    campaign_text_ = magnete::testing::read_text(
        magnete::testing::source_path("tests/fixtures/qualification/campaign.json"));
    CampaignResult parsed = parse_campaign(campaign_text_);
    ASSERT_TRUE(parsed.ok());
    campaigns_.add(std::make_shared<const Campaign>(std::move(*parsed.campaign)));
    Config config;
    config.rate_limit = 0;
    config.data_dir = dir_.string();
    config.token = kToken;
    store_ = open_store("", dir_.string());
    ASSERT_TRUE(store_->ok()) << store_->error();
    service_ = std::make_unique<Service>(config, campaigns_, *store_,
                                         [] { return *parse_time("2026-11-22T10:00:00Z"); });
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  /// A lead as the widget builds it: email, the consent, `visits` page views and the size.
  Json widget_lead(const std::string& id, int visits, const std::string& size,
                   bool consent = true) {
    Session session(campaign_text_);
    session.set_field("email", R"("ada@example.com")", "en");
    if (!size.empty()) session.set_field("size", size, "en");
    if (consent) {
      session.set_consent(R"({"id":"privacy","granted":true,"text":"I agree.","version":"1",)"
                          R"("locale":"en","at":"2026-11-22T09:00:00Z"})");
    }
    for (int i = 0; i < visits; ++i)
      session.add_event(R"({"type":"page_view","at":"2026-11-22T09:00:01Z"})");
    return parse(session.build_payload(
        R"({"id":")" + id + R"(","locale":"en","meta":{"hp":"","elapsed_ms":9000}})",
        "2026-11-22T09:01:00Z"));
  }

  Response post(const std::string& body) {
    Request request;
    request.body = body;
    request.remote_addr = "127.0.0.1";
    return service_->post_lead(request);
  }

  std::filesystem::path dir_;
  std::string campaign_text_;
  CampaignRegistry campaigns_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Service> service_;
};

TEST_F(CoreDecisions, TheStatsCountAsQualifiedTheLeadsTheCoreCalledQualified) {
  // Stages lead, mql (15 points), sql (25 points, grade A): qualified from mql.
  struct Case {
    const char* id;
    int visits;
    const char* size;
  };
  int qualified = 0;
  for (const Case& c : {Case{"lead-only", 0, ""}, Case{"mql", 3, ""}, Case{"sql", 3, "80"},
                        Case{"lead-big", 0, "80"}}) {
    Json built = widget_lead(c.id, c.visits, c.size);
    ASSERT_EQ(built["ok"], true) << built.dump();
    qualified += built["qualified"].get<bool>() ? 1 : 0;
    Response stored = post(built["payload"].dump());
    ASSERT_EQ(stored.status, 201) << stored.body;
    EXPECT_EQ(parse(stored.body)["verified"], true) << stored.body;
  }
  EXPECT_EQ(qualified, 2);  // "mql" and "sql"; "lead-big" (10 points) is a lead
  Request request;
  request.authorization = std::string("Bearer ") + kToken;
  request.query = {{"campaign", "qualification"}};
  Json stats = parse(service_->stats(request).body);
  ASSERT_EQ(stats["ok"], true) << stats.dump();
  EXPECT_EQ(stats["variants"][0]["leads"], 4);
  EXPECT_EQ(stats["variants"][0]["qualified"], qualified);
}

TEST_F(CoreDecisions, ALeadWithoutTheRequiredConsentIsRefusedWithTheCoresCode) {
  Json refused = widget_lead("no-consent", 3, "", false);
  EXPECT_EQ(refused["code"], "consent_required") << refused.dump();
  EXPECT_EQ(refused["errors"][0]["path"], "consents.privacy");
  // The same lead, built with the consent and then stripped of it, as a client could post it.
  Json built = widget_lead("no-consent", 3, "");
  Json lead = built["payload"];
  lead["consents"] = Json::array();
  Response response = post(lead.dump());
  EXPECT_EQ(response.status, 400) << response.body;
  Json body = parse(response.body);
  ASSERT_EQ(body["errors"].size(), 1u) << response.body;
  EXPECT_EQ(body["errors"][0]["path"], refused["errors"][0]["path"]);
  EXPECT_EQ(body["errors"][0]["code"], "consent_required");
  EXPECT_EQ(body["errors"][0]["message"], refused["errors"][0]["message"]);
}

}  // namespace
}  // namespace magnete::collector
