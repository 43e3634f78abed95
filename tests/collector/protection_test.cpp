// POST /v1/leads protections (CORS by campaign, rate limit, honeypot, time-to-submit), the
// funnel of GET /v1/stats and the dashboard's files.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "campaigns.hpp"
#include "client_address.hpp"
#include "dashboard.hpp"
#include "rate_limit.hpp"
#include "seed_leads.hpp"
#include "service.hpp"

namespace magnete::collector {
namespace {

using magnete::testing::at;
using magnete::testing::build_lead;
using magnete::testing::seed_example;
using magnete::testing::SeedLead;

constexpr const char* kToken = "s3cret";

std::string header(const Response& r, const std::string& name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return "";
}

class Protection : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = magnete::testing::unique_temp_dir("magnete-protection");
    ASSERT_TRUE(campaigns_.load_dir(magnete::testing::source_path("demo/campaigns")));
    config_.token = kToken;
    config_.rate_limit = 0;
    config_.min_submit_ms = 1500;
    config_.allowed_origins = {"https://partner.example"};
    open();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void open() {
    service_.reset();
    store_ = open_store("", dir_.string());
    service_ = std::make_unique<Service>(config_, campaigns_, *store_, [this] { return now_; });
  }
  Response post(const OrderedJson& body, const std::string& origin = "",
                const std::string& ip = "10.0.0.1") {
    Request r;
    r.body = body.dump();
    r.remote_addr = ip;
    r.origin = origin;
    r.host = "leads.example:8080";
    return service_->post_lead(r);
  }
  Json stats(const std::string& campaign = "") {
    Request r;
    r.authorization = std::string("Bearer ") + kToken;
    if (!campaign.empty()) r.query["campaign"] = campaign;
    Response response = service_->stats(r);
    EXPECT_EQ(response.status, 200) << response.body;
    return Json::parse(response.body, nullptr, false);
  }

  std::filesystem::path dir_;
  CampaignRegistry campaigns_;
  Config config_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Service> service_;
  TimeMs now_ = at("2026-11-22T10:00:00Z");
};

TEST_F(Protection, SameOriginAndConfiguredOriginsGetCorsHeaders) {
  Response same = post(build_lead(seed_example("a")), "http://leads.example:8080");
  EXPECT_EQ(same.status, 201) << same.body;
  EXPECT_EQ(header(same, "Access-Control-Allow-Origin"), "http://leads.example:8080");
  Response partner = post(build_lead(seed_example("b")), "https://partner.example");
  EXPECT_EQ(partner.status, 201) << partner.body;
  EXPECT_EQ(header(partner, "Access-Control-Allow-Origin"), "https://partner.example");
  EXPECT_EQ(header(partner, "Vary"), "Origin");
}

TEST_F(Protection, AnUnknownOriginIsRefusedAndNothingStored) {
  Response r = post(build_lead(seed_example("c")), "https://evil.example");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("\"path\":\"Origin\""), std::string::npos) << r.body;
  EXPECT_EQ(header(r, "Access-Control-Allow-Origin"), "");
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(Protection, RequestsWithoutAnOriginAreServerToServerAndAllowed) {
  EXPECT_EQ(post(build_lead(seed_example("d"))).status, 201);
}

TEST_F(Protection, PreflightAnswersAllowedOriginsOnly) {
  Request r;
  r.origin = "https://partner.example";
  Response ok = service_->preflight(r);
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Methods"), "POST, OPTIONS");
  EXPECT_EQ(header(ok, "Access-Control-Allow-Headers"), "Content-Type");
  r.origin = "https://evil.example";
  EXPECT_EQ(service_->preflight(r).status, 403);
}

TEST_F(Protection, APreflightWithoutAnOriginIsRefused) {
  Request r;
  Response refused = service_->preflight(r);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("\"path\":\"Origin\""), std::string::npos) << refused.body;
  EXPECT_EQ(header(refused, "Access-Control-Allow-Origin"), "");
}

// delivery.allowed_origins of a campaign opens the door to that campaign's leads only.
TEST_F(Protection, ACampaignsAllowedOriginsOpenItsOwnLeadsOnly) {
  Json document = Json::parse(
      magnete::testing::read_text(magnete::testing::source_path("demo/campaigns/seed-b2b.json")),
      nullptr, false);
  ASSERT_TRUE(document.is_object());
  document["delivery"]["allowed_origins"] = {"https://shop.example"};
  CampaignResult shop = parse_campaign_document(document);
  ASSERT_TRUE(shop.ok());
  CampaignRegistry registry;
  registry.add(std::make_shared<const Campaign>(std::move(*shop.campaign)));
  registry.add(campaigns_.find("fitness-launch", "1"));
  ASSERT_EQ(registry.size(), 2u);
  config_.allowed_origins.clear();
  Service service(config_, registry, *store_, [this] { return now_; });
  auto send = [&](const OrderedJson& body) {
    Request r;
    r.body = body.dump();
    r.remote_addr = "10.0.0.1";
    r.origin = "https://shop.example";
    r.host = "leads.example:8080";
    return service.post_lead(r);
  };

  Response own = send(build_lead(seed_example("shop-1")));
  EXPECT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(header(own, "Access-Control-Allow-Origin"), "https://shop.example");
  EXPECT_EQ(header(own, "Access-Control-Expose-Headers"), "Retry-After, Idempotent-Replay");

  OrderedJson other = build_lead(seed_example("shop-2"));
  other["campaign"]["id"] = "fitness-launch";
  Response refused = send(other);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("for campaign fitness-launch"), std::string::npos) << refused.body;
  EXPECT_FALSE(store_->find("shop-2").has_value());

  // A preflight carries no body: an origin any campaign lists is let through to the POST.
  Request preflight;
  preflight.origin = "https://shop.example";
  EXPECT_EQ(service.preflight(preflight).status, 204);
  preflight.origin = "https://evil.example";
  EXPECT_EQ(service.preflight(preflight).status, 403);
}

TEST_F(Protection, RateLimitAnswers429WithRetryAfterPerAddress) {
  config_.rate_limit = 3;
  open();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(post(build_lead(seed_example("r" + std::to_string(i)))).status, 201);
  Response limited = post(build_lead(seed_example("r3")));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(header(limited, "Retry-After"), "20");  // one request every 20 s at 3 a minute
  EXPECT_EQ(post(build_lead(seed_example("other-ip")), "", "10.0.0.2").status, 201);
  now_ += 20'000;
  EXPECT_EQ(post(build_lead(seed_example("r3"))).status, 201);
  EXPECT_EQ(store_->count(), 5);
}

TEST(RateLimiter, RefillsContinuouslyUpToTheBurst) {
  RateLimiter limiter(60);  // one a second
  for (int i = 0; i < 60; ++i) EXPECT_EQ(limiter.acquire("x", 0), 0);
  EXPECT_EQ(limiter.acquire("x", 0), 1);
  EXPECT_EQ(limiter.acquire("x", 999), 1);
  EXPECT_EQ(limiter.acquire("x", 1000), 0);
  for (int i = 0; i < 60; ++i) limiter.acquire("y", 0);
  EXPECT_EQ(limiter.acquire("y", 3'600'000), 0);  // an hour later: full again, not 3600
  int allowed = 0;
  for (int i = 0; i < 100; ++i) allowed += limiter.acquire("y", 3'600'000) == 0;
  EXPECT_EQ(allowed, 59);
  EXPECT_EQ(RateLimiter(0).acquire("z", 0), 0);  // 0: no limit
}

OrderedJson with_meta(OrderedJson lead, const Json& meta) {
  lead["meta"] = meta;
  return lead;
}

TEST_F(Protection, AFilledHoneypotIsStoredAsRejectedAndAnswered2xx) {
  Response r = post(with_meta(build_lead(seed_example("bot1")),
                              {{"hp", "http://spam.example"}, {"elapsed_ms", 9000}}));
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("\"status\":\"rejected\""), std::string::npos);
  auto row = store_->find("bot1");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->status, "rejected");
  EXPECT_EQ(row->reason, "bot: the hidden honeypot field was filled");
  EXPECT_EQ(row->reason_code, "honeypot");
  // The same id again: the same answer, still one row.
  EXPECT_EQ(post(with_meta(build_lead(seed_example("bot1")), {{"hp", ""}})).status, 202);
  EXPECT_EQ(store_->count(), 1);
}

TEST_F(Protection, ASubmissionFasterThanAPersonIsRejected) {
  Response fast =
      post(with_meta(build_lead(seed_example("fast")), {{"hp", ""}, {"elapsed_ms", 400}}));
  EXPECT_EQ(fast.status, 202);
  EXPECT_EQ(store_->find("fast")->reason,
            "bot: sent 400 ms after the form appeared (minimum 1500)");
  EXPECT_EQ(store_->find("fast")->reason_code, "too_fast");
  Response human =
      post(with_meta(build_lead(seed_example("human")), {{"hp", ""}, {"elapsed_ms", 12000}}));
  EXPECT_EQ(human.status, 201);
  EXPECT_EQ(store_->find("human")->status, "accepted");
}

// A page that skips the widget sends no signals, or malformed ones: a suspicion, not a pass.
// Stored as rejected with the reason, answered 202 as any bot.
TEST_F(Protection, AMissingOrMalformedBotSignalIsRejectedAsABot) {
  struct Case {
    const char* id;
    OrderedJson lead;
    const char* reason;
  };
  OrderedJson no_meta = build_lead(seed_example("no-meta"));
  no_meta.erase("meta");
  std::vector<Case> cases = {
      {"no-meta", no_meta, "bot: meta.hp (the hidden honeypot field) is missing"},
      {"empty-meta", with_meta(build_lead(seed_example("empty-meta")), Json::object()),
       "bot: meta.hp (the hidden honeypot field) is missing"},
      {"no-elapsed", with_meta(build_lead(seed_example("no-elapsed")), {{"hp", ""}}),
       "bot: meta.elapsed_ms (the time from the form's appearance to sending) is missing"},
      {"elapsed-text",
       with_meta(build_lead(seed_example("elapsed-text")), {{"hp", ""}, {"elapsed_ms", "9000"}}),
       "bot: meta.elapsed_ms is not a number of milliseconds from 0 to 31536000000"},
      {"elapsed-negative",
       with_meta(build_lead(seed_example("elapsed-negative")), {{"hp", ""}, {"elapsed_ms", -1}}),
       "bot: meta.elapsed_ms is not a number of milliseconds from 0 to 31536000000"},
      {"hp-number",
       with_meta(build_lead(seed_example("hp-number")), {{"hp", 0}, {"elapsed_ms", 9000}}),
       "bot: meta.hp (the hidden honeypot field) is not a string"},
  };
  for (const auto& c : cases) {
    Response r = post(c.lead);
    EXPECT_EQ(r.status, 202) << c.id << ": " << r.body;
    auto row = store_->find(c.id);
    ASSERT_TRUE(row.has_value()) << c.id;
    EXPECT_EQ(row->status, "rejected") << c.id;
    EXPECT_EQ(row->reason, c.reason) << c.id;
  }
  EXPECT_EQ(stats()["rejected"]["missing_signal"], static_cast<int>(cases.size()));
}

// Behind a reverse proxy every request comes from the proxy's address: one client used the
// whole limit and locked everyone out. With --trust-proxy the client named by the proxy is.
TEST_F(Protection, BehindATrustedProxyTheRateLimitIsPerClientNotSiteWide) {
  config_.rate_limit = 3;
  config_.trusted_proxies = {*parse_cidr("10.0.0.0/8"), *parse_cidr("::1/128")};
  open();
  auto via_proxy = [&](const std::string& id, const std::string& proxy,
                       const std::string& forwarded_for) {
    Request r;
    r.body = build_lead(seed_example(id)).dump();
    r.remote_addr = proxy;
    r.x_forwarded_for = forwarded_for;
    return service_->post_lead(r);
  };
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(via_proxy("a" + std::to_string(i), "10.0.0.1", "198.51.100.1").status, 201);
  }
  EXPECT_EQ(via_proxy("a3", "10.0.0.1", "198.51.100.1").status, 429);
  // Another visitor through the same proxy, or through the IPv6 one, is not held back.
  EXPECT_EQ(via_proxy("b0", "10.0.0.1", "198.51.100.2").status, 201);
  EXPECT_EQ(via_proxy("c0", "::1", "2001:db8::7").status, 201);
  // A client cannot escape its limit by writing its own X-Forwarded-For in front.
  EXPECT_EQ(via_proxy("a4", "10.0.0.1", "203.0.113.77, 198.51.100.1").status, 429);
  // From a peer that is not trusted, X-Forwarded-For is the client's word: ignored.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        via_proxy("d" + std::to_string(i), "203.0.113.5", "192.0.2." + std::to_string(i)).status,
        201);
  }
  EXPECT_EQ(via_proxy("d3", "203.0.113.5", "192.0.2.99").status, 429);
  // Forwarded (RFC 7239) when the proxy writes that instead.
  Request r;
  r.body = build_lead(seed_example("e0")).dump();
  r.remote_addr = "10.0.0.1";
  r.forwarded = "for=198.51.100.1;proto=https";
  EXPECT_EQ(service_->post_lead(r).status, 429);
  EXPECT_EQ(service_->client_of(r), "198.51.100.1");
}

TEST_F(Protection, StatsCountTheFunnelBandsScoresVariantsAndSources) {
  SeedLead cold;  // email + privacy only: stage lead, score 0
  cold.id = "cold";
  post(build_lead(cold));
  OrderedJson hot = build_lead(seed_example("hot"));  // score 44: mql, hot
  hot["attribution"]["utm"] = {{"source", "newsletter"}};
  post(hot);
  post(with_meta(build_lead(seed_example("bot")), {{"hp", "x"}}));
  Json s = stats("seed-b2b");
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(
      s["funnel"].dump(),
      R"([{"step":"received","count":3},{"step":"accepted","count":2},{"step":"lead","count":2},)"
      R"({"step":"mql","count":1},{"step":"sql","count":0}])");
  EXPECT_EQ(s["rejected"]["honeypot"], 1);
  EXPECT_EQ(s["bands"].dump(), R"({"cold":1,"warm":0,"hot":1})");
  EXPECT_EQ(s["scores"].dump(), R"([{"from":0,"to":10,"count":1},{"from":40,"to":50,"count":1}])");
  EXPECT_EQ(s["variants"].dump(), R"j([{"variant":"(none)","leads":2,"qualified":1,"rate":0.5}])j");
  EXPECT_EQ(
      s["sources"].dump(),
      R"([{"source":"direct","leads":1,"qualified":0,"rate":0},{"source":"newsletter","leads":1,"qualified":1,"rate":1}])");
  EXPECT_EQ(s["views"], 3);
  EXPECT_EQ(s["verified"], 2);
}

// The stats count a rejection by its stored code: a reason reworded (or translated) counts the
// same, and a reason without a code is "other", whatever its text says.
TEST_F(Protection, StatsCountRejectionsByTheirCodeNeverTheirWording) {
  post(with_meta(build_lead(seed_example("bot")), {{"hp", "x"}}));
  post(with_meta(build_lead(seed_example("fast")), {{"hp", ""}, {"elapsed_ms", 10}}));
  StoredLead reworded = *store_->find("fast");
  reworded.id = "reworded";
  reworded.reason = "robot: inviato troppo presto";
  ASSERT_TRUE(store_->insert(reworded));
  StoredLead uncoded = reworded;
  uncoded.id = "uncoded";
  uncoded.reason = "bot: the hidden honeypot field was filled";
  uncoded.reason_code = "";
  ASSERT_TRUE(store_->insert(uncoded));
  EXPECT_EQ(stats("seed-b2b")["rejected"].dump(), R"({"honeypot":1,"other":1,"too_fast":2})");
}

TEST_F(Protection, StatsNeedTheToken) {
  Request r;
  r.authorization = "Bearer wrong";
  EXPECT_EQ(service_->stats(r).status, 401);
}

TEST_F(Protection, StatsRefuseABadDateNamingIt) {
  Request r;
  r.authorization = std::string("Bearer ") + kToken;
  r.query["since"] = "yesterday";
  Response bad = service_->stats(r);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"path\":\"since\""), std::string::npos) << bad.body;
  r.query = {{"until", "2026-13-01"}};
  EXPECT_EQ(service_->stats(r).status, 400);
  r.query = {{"since", "2026-11-01"}, {"until", "2026-12-01T00:00:00Z"}};
  EXPECT_EQ(service_->stats(r).status, 200);
}

TEST_F(Protection, StatsAreForbiddenWithoutAConfiguredToken) {
  config_.token.clear();
  open();
  Request r;
  r.authorization = "Bearer ";
  Response forbidden = service_->stats(r);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_NE(forbidden.body.find("--token"), std::string::npos) << forbidden.body;
}

TEST(Dashboard, ServesItsThreeFilesCompiledIn) {
  for (const char* name : {"index.html", "dashboard.js", "dashboard.css"}) {
    const DashboardFile* file = dashboard_file(name);
    ASSERT_NE(file, nullptr) << name;
    EXPECT_GT(file->content.size(), 500u) << name;
  }
  EXPECT_EQ(dashboard_file("../store.cpp"), nullptr);
  // Lead data is visitor text: the dashboard builds DOM with textContent, never innerHTML.
  EXPECT_EQ(std::string(dashboard_file("dashboard.js")->content).find(".innerHTML"),
            std::string::npos);
  EXPECT_EQ(std::string(dashboard_file("dashboard.js")->content).find("insertAdjacentHTML"),
            std::string::npos);
}

}  // namespace
}  // namespace magnete::collector
