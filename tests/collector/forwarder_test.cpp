// The forwarder (src/collector/forwarder.cpp): outbox entries from the core's forward requests,
// the retry policy, webhook signatures, and delivery to a fake CRM, with and without faults.
#include "forwarder.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "collector/seed_leads.hpp"
#include "fake_crm.hpp"
#include "magnete/engine.hpp"

namespace magnete::collector {
namespace {

using testing::FakeCrm;
using testing::Fault;

constexpr TimeMs kNow = 1795333066000;  // 2026-11-22T07:37:46Z
const char* kSecret = "whsec_test";

RetryPolicy policy() {
  RetryPolicy p;
  p.base_ms = 2'000;
  p.cap_ms = 60'000;
  p.max_attempts = 5;
  p.retry_after_cap_ms = 600'000;
  return p;
}
const Random kMax = [](TimeMs max) { return max; };
const Random kZero = [](TimeMs) { return TimeMs{0}; };

SendResult status(int code, std::string retry_after = "") {
  return {code, code >= 300 ? "refused" : "", std::move(retry_after)};
}

TEST(RetryPolicy, TwoHundredsAreSentAndOtherFourHundredsAreFinal) {
  OutboxAttempt sent = next_attempt(policy(), status(204), 1, kNow, kMax);
  EXPECT_EQ(sent.status, "sent");
  EXPECT_EQ(sent.http_status, 204);
  EXPECT_EQ(sent.at, kNow);
  for (int code : {400, 401, 403, 404, 410, 422}) {
    OutboxAttempt dead = next_attempt(policy(), status(code), 1, kNow, kMax);
    EXPECT_EQ(dead.status, "dead") << code;
    EXPECT_EQ(dead.error, "HTTP " + std::to_string(code) + ": refused");
  }
  EXPECT_EQ(next_attempt(policy(), status(301), 1, kNow, kMax).status, "dead");
}

TEST(RetryPolicy, FiveHundredsAndNoAnswerBackOffExponentiallyWithFullJitter) {
  SendResult refused{0, "Could not establish connection", ""};
  // The ceiling doubles from base: 2, 4, 8, 16 s; the random source picks in [0, ceiling].
  for (std::int64_t attempt = 1; attempt <= 4; ++attempt) {
    TimeMs ceiling = 2'000 << (attempt - 1);
    OutboxAttempt a = next_attempt(policy(), refused, attempt, kNow, kMax);
    EXPECT_EQ(a.status, "pending");
    EXPECT_EQ(a.next_attempt_at, kNow + ceiling);
    EXPECT_EQ(a.error, "Could not establish connection");
    EXPECT_EQ(next_attempt(policy(), status(502), attempt, kNow, kZero).next_attempt_at, kNow);
  }
  TimeMs asked = -1;
  next_attempt(policy(), status(500), 3, kNow, [&](TimeMs max) {
    asked = max;
    return max / 2;
  });
  EXPECT_EQ(asked, 8'000);
  RetryPolicy many = policy();
  many.max_attempts = 100;
  EXPECT_EQ(next_attempt(many, status(500), 80, kNow, kMax).next_attempt_at, kNow + 60'000);  // cap
}

TEST(RetryPolicy, AfterTheMaximumAttemptsTheEntryIsDeadWithItsLastError) {
  OutboxAttempt last = next_attempt(policy(), status(503), 5, kNow, kMax);
  EXPECT_EQ(last.status, "dead");
  EXPECT_EQ(last.error, "HTTP 503: refused (after 5 attempts)");
  SendResult timeout{0, "Read timeout", ""};
  EXPECT_EQ(next_attempt(policy(), timeout, 5, kNow, kMax).error,
            "Read timeout (after 5 attempts)");
  EXPECT_EQ(next_attempt(policy(), status(429, "1"), 5, kNow, kMax).status, "dead");
}

TEST(RetryPolicy, FourOhEightAndFourTwentyNineHonourRetryAfterCapped) {
  EXPECT_EQ(next_attempt(policy(), status(429, "30"), 1, kNow, kMax).next_attempt_at,
            kNow + 30'000);
  EXPECT_EQ(next_attempt(policy(), status(408, "7"), 2, kNow, kMax).next_attempt_at, kNow + 7'000);
  EXPECT_EQ(next_attempt(policy(), status(503, "5"), 1, kNow, kMax).next_attempt_at, kNow + 5'000);
  // An HTTP-date: 2026-11-22T07:38:46Z is a minute after kNow.
  EXPECT_EQ(next_attempt(policy(), status(429, "Sun, 22 Nov 2026 07:38:46 GMT"), 1, kNow, kMax)
                .next_attempt_at,
            kNow + 60'000);
  EXPECT_EQ(next_attempt(policy(), status(429, "86400"), 1, kNow, kMax).next_attempt_at,
            kNow + 600'000);  // capped
  // No Retry-After, or one that is not a number nor a date: the backoff.
  EXPECT_EQ(next_attempt(policy(), status(429), 2, kNow, kMax).next_attempt_at, kNow + 4'000);
  EXPECT_EQ(next_attempt(policy(), status(429, "soon"), 1, kNow, kMax).next_attempt_at,
            kNow + 2'000);
  EXPECT_EQ(next_attempt(policy(), status(429, "1"), 1, kNow, kMax).status, "pending");
}

TEST(RetryAfter, DeltaSecondsOrAnImfFixdate) {
  EXPECT_EQ(parse_retry_after("120", kNow), 120'000);
  EXPECT_EQ(parse_retry_after("0", kNow), 0);
  EXPECT_EQ(parse_retry_after("Sun, 22 Nov 2026 07:37:56 GMT", kNow), 10'000);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", kNow), 0);  // past
  EXPECT_FALSE(parse_retry_after("", kNow));
  EXPECT_FALSE(parse_retry_after("-1", kNow));
  EXPECT_FALSE(parse_retry_after("1.5", kNow));
  EXPECT_FALSE(parse_retry_after("Sun, 22 Foo 2026 07:37:56 GMT", kNow));
  EXPECT_FALSE(parse_retry_after("Sunday, 22-Nov-26 07:37:56 GMT", kNow));
}

// RFC 4231 section 4.3, test case 2.
TEST(WebhookSignature, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignature, IsStripesSchemeOverTimestampDotBody) {
  // Python: hmac.new(b"whsec_test", b'1795333066.{"id":"lead-1"}', hashlib.sha256).hexdigest()
  EXPECT_EQ(webhook_signature(kSecret, 1795333066, R"({"id":"lead-1"})"),
            "t=1795333066,v1=70fada3e531bd063f60ccb7602b18b42c8b412b872b85618a5ef56909e383e70");
}

// --- against the fake CRM ------------------------------------------------------------------

// A campaign forwarding every lead to the fake's three receivers.
std::shared_ptr<const Campaign> forwarding_campaign(const FakeCrm& crm) {
  std::string text = R"({
    "id": "fwd", "version": "1",
    "fields": [{"name": "email", "type": "email", "required": true, "label": "Email"},
               {"name": "first_name", "type": "text", "label": "Name"}],
    "consents": [{"id": "privacy", "required": true, "version": "1", "text": "I agree."}],
    "scoring": {"engagement": [{"id": "visit", "event": "page_view", "points": 5}],
                "stages": [{"id": "lead", "require": ["email", "consent:privacy"]},
                           {"id": "mql", "min_score": 5}]},
    "forward": [
      {"id": "crm", "format": "hubspot", "endpoint": ")" +
                     crm.url("/hubspot/submit/1/2") + R"(",
       "hubspot": {"portal_id": "1", "form_id": "2"}},
      {"id": "sf", "format": "salesforce", "endpoint": ")" +
                     crm.url("/salesforce/w2l?encoding=UTF-8") +
                     R"(", "salesforce": {"oid": "00D1"}},
      {"id": "hook", "format": "webhook", "endpoint": ")" +
                     crm.url("/webhook/in") + R"(", "secret": "hook", "when": "qualified"}]})";
  CampaignResult result = parse_campaign(text);
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  return std::make_shared<const Campaign>(std::move(*result.campaign));
}

struct Arrival {
  Lead lead;
  Assessment assessment;
};

Arrival arrival(const std::shared_ptr<const Campaign>& campaign, int n, int views = 1) {
  Engine engine(campaign);
  EXPECT_TRUE(engine.set_field("email", "lead" + std::to_string(n) + "@example.com", "en").ok);
  EXPECT_TRUE(engine.set_field("first_name", "Zoë", "en").ok);
  EXPECT_TRUE(engine.set_consent({"privacy", true, "I agree.", "1", "en", kNow}).empty());
  for (int i = 0; i < views; ++i) engine.add_event({"page_view", kNow + i, "/"});
  Arrival a{engine.lead(), {}};
  a.lead.id = "lead-" + std::to_string(n);
  a.lead.submitted_at = kNow + 1000;
  a.assessment = engine.assess(kNow + 1000);
  return a;
}

// A real store (SQLite) in a folder of its own; add() stores a lead with its outbox entries.
class TestOutbox {
 public:
  TestOutbox()
      : dir_(magnete::testing::unique_temp_dir("magnete-forward")),
        store_(open_store("", dir_.string())) {
    EXPECT_TRUE(store_->ok()) << store_->error();
  }
  ~TestOutbox() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Store* operator->() { return store_.get(); }
  operator Store&() { return *store_; }
  void add(const std::vector<OutboxEntry>& entries) {
    ASSERT_FALSE(entries.empty());
    StoredLead row;
    row.id = entries[0].lead_id;
    row.campaign_id = entries[0].campaign_id;
    row.campaign_version = "1";
    row.received_at = "2026-11-22T07:37:47.000Z";
    row.status = "accepted";
    row.verified = true;
    ASSERT_TRUE(store_->insert(row, entries)) << row.id;
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

ForwarderOptions fast_options(std::vector<std::string>* log = nullptr) {
  ForwarderOptions o;
  o.workers = 4;
  o.batch = 20;
  o.poll_ms = 5;
  o.retry.base_ms = 5;
  o.retry.cap_ms = 50;
  o.retry.retry_after_cap_ms = 20;
  o.retry.max_attempts = 100;
  o.secrets = {{"hook", kSecret}};
  auto mutex = std::make_shared<std::mutex>();
  if (log != nullptr) {
    o.log = [log, mutex](const std::string& line) {
      std::lock_guard<std::mutex> lock(*mutex);
      log->push_back(line);
    };
  }
  return o;
}

TEST(OutboxEntries, OnePerDestinationTheServersAssessmentMeetsDueAtOnce) {
  FakeCrm crm(kSecret);
  auto campaign = forwarding_campaign(crm);
  Arrival mql = arrival(campaign, 1);
  ASSERT_EQ(mql.assessment.stage, "mql");
  std::vector<OutboxEntry> entries = outbox_entries(*campaign, mql.lead, mql.assessment, kNow);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[2].destination, "hook");
  for (const auto& e : entries) {
    EXPECT_EQ(e.lead_id, "lead-1");
    EXPECT_EQ(e.campaign_id, "fwd");
    EXPECT_EQ(e.status, "pending");
    EXPECT_EQ(e.attempts, 0);
    EXPECT_EQ(e.next_attempt_at, kNow);
    ForwardRequest request;
    ASSERT_TRUE(read_forward_request(Json::parse(e.request), request)) << e.request;
  }
  EXPECT_EQ(Json::parse(entries[2].request)["secret"], "hook");  // the name, never the secret
  EXPECT_EQ(entries[2].request.find(kSecret), std::string::npos);
  Arrival lead = arrival(campaign, 2, 0);
  ASSERT_EQ(lead.assessment.stage, "lead");
  EXPECT_EQ(outbox_entries(*campaign, lead.lead, lead.assessment, kNow).size(), 2u);
}

TEST(Forwarder, DeliversEachDestinationOnceInItsDocumentedShape) {
  FakeCrm crm(kSecret);
  crm.require_consent(true);
  auto campaign = forwarding_campaign(crm);
  TestOutbox outbox;
  for (int n = 0; n < 5; ++n) {
    Arrival a = arrival(campaign, n);
    outbox.add(outbox_entries(*campaign, a.lead, a.assessment, kNow));
  }
  std::vector<std::string> log;
  Forwarder forwarder(outbox, fast_options(&log));
  EXPECT_EQ(forwarder.drain(), 15u);
  EXPECT_TRUE(crm.refused().empty()) << crm.refused()[0];
  for (const char* kind : {"hubspot", "salesforce", "webhook"}) {
    auto accepted = crm.accepted(kind);
    EXPECT_EQ(accepted.size(), 5u) << kind;
    for (const auto& [lead, count] : accepted) EXPECT_EQ(count, 1) << kind << " " << lead;
  }
  auto counts = outbox->outbox_counts("fwd");
  EXPECT_EQ(counts["sent"], 15);
  EXPECT_EQ(counts["pending"] + counts["dead"], 0);
  EXPECT_EQ(outbox->outbox_of("lead-3")[0].last_status, 200);
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(forwarder.drain(), 0u);
}

TEST(Forwarder, AFinalRefusalAndAMissingSecretAreDeadLettersLoggedOnOneLine) {
  FakeCrm crm(kSecret);
  auto campaign = forwarding_campaign(crm);
  TestOutbox outbox;
  Arrival a = arrival(campaign, 1);
  std::vector<OutboxEntry> entries = outbox_entries(*campaign, a.lead, a.assessment, kNow);
  Json broken = Json::parse(entries[1].request);
  broken["body"] = "email=x%40example.com";  // no oid
  entries[1].request = broken.dump();
  outbox.add(entries);
  std::vector<std::string> log;
  ForwarderOptions options = fast_options(&log);
  options.secrets.clear();
  Forwarder forwarder(outbox, options);
  forwarder.drain();
  auto counts = outbox->outbox_counts("");
  EXPECT_EQ(counts["sent"], 1);
  EXPECT_EQ(counts["dead"], 2);
  std::vector<OutboxEntry> of = outbox->outbox_of("lead-1");
  EXPECT_EQ(of[1].status, "dead");
  EXPECT_EQ(of[1].last_status, 400);
  EXPECT_EQ(of[1].last_error, "HTTP 400: oid is not the first, non-empty parameter");
  EXPECT_EQ(of[1].attempts, 1);
  EXPECT_EQ(of[2].last_error, "no secret \"hook\" in the collector's configuration");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].find('\n'), std::string::npos);
  EXPECT_NE(log[0].find("lead lead-1"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find("destination sf"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find("HTTP 400"), std::string::npos) << log[0];
}

TEST(Forwarder, TheLongestTimeoutACampaignMayAskForFitsInTheLease) {
  FakeCrm crm(kSecret);
  auto campaign = forwarding_campaign(crm);
  TestOutbox outbox;
  Arrival a = arrival(campaign, 1);
  std::vector<OutboxEntry> entries = outbox_entries(*campaign, a.lead, a.assessment, kNow);
  for (auto& entry : entries) {
    Json request = Json::parse(entry.request);
    request["timeout_ms"] = kMaxRequestTimeoutMs;  // the schema's maximum
    entry.request = request.dump();
  }
  outbox.add(entries);
  ForwarderOptions options = fast_options();
  options.lease_ms = 1'000;  // too short for three such timeouts: raised to kMinLeaseMs
  Forwarder forwarder(outbox, options);
  EXPECT_EQ(forwarder.drain(), 3u);
  EXPECT_EQ(outbox->outbox_counts("fwd")["sent"], 3);
}

TEST(Forwarder, StoppingGivesBackWhatItsWorkersClaimedAndDidNotSend) {
  FakeCrm crm(kSecret);
  auto campaign = forwarding_campaign(crm);
  TestOutbox outbox;
  Arrival a = arrival(campaign, 1);
  outbox.add(outbox_entries(*campaign, a.lead, a.assessment, kNow));
  ForwarderOptions options = fast_options();
  options.workers = 2;
  Forwarder forwarder(outbox, options);
  // As a worker thread holds a batch when stop() cuts it short.
  ASSERT_EQ(outbox->claim_due(kNow, 2, forwarder.worker_id(2), kMinLeaseMs).size(), 2u);
  forwarder.stop();
  EXPECT_EQ(outbox->claim_due(kNow, 10, "another-collector", kMinLeaseMs).size(), 3u);
}

TEST(Forwarder, WorkerIdsAreUniqueAcrossForwardersOfAProcess) {
  TestOutbox outbox;
  ForwarderOptions options;
  options.workers = 3;
  Forwarder a(outbox, options), b(outbox, options);
  std::set<std::string> ids;
  for (std::size_t i = 0; i <= 3; ++i) {
    ids.insert(a.worker_id(i));
    ids.insert(b.worker_id(i));
  }
  EXPECT_EQ(ids.size(), 8u);
  EXPECT_NE(a.worker_id(1).find(":" + std::to_string(getpid()) + ":"), std::string::npos);
}

// 1,000 leads to three destinations through a CRM that is down at first, then answers 500s,
// 429s with Retry-After, hangs past the client's timeout and loses answers: nothing is lost,
// the webhook sees no duplicate, HubSpot and Salesforce no more than the answers lost, nothing
// stays pending, and the only dead letters are the requests the CRM refuses for good.
TEST(ForwarderUnderFaults, EveryLeadReachesEveryDestinationAndOnlyFinalRefusalsAreDead) {
  FakeCrm crm(kSecret, 20261122);
  auto campaign = forwarding_campaign(crm);
  TestOutbox outbox;
  constexpr int kLeads = 1000;
  std::set<std::string> broken_leads;
  for (int n = 0; n < kLeads; ++n) {
    Arrival a = arrival(campaign, n);
    std::vector<OutboxEntry> entries = outbox_entries(*campaign, a.lead, a.assessment, kNow);
    for (auto& e : entries) {
      Json request = Json::parse(e.request);
      request["timeout_ms"] = 200;  // the hangs last longer
      if (n % 200 == 7 && e.destination == "sf") {
        request["body"] = "email=broken%40example.com";  // no oid: a final 400
        broken_leads.insert(e.lead_id);
      }
      e.request = request.dump();
    }
    outbox.add(entries);
  }
  crm.set_hang_ms(400);
  crm.set_retry_after("1");  // capped to 20 ms by the policy
  crm.set_odds({0.05, 0.05, 0.003, 0.02});
  crm.down();
  std::vector<std::string> log;
  Forwarder forwarder(outbox, fast_options(&log));
  forwarder.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // refused meanwhile
  crm.up();
  // Wait until nothing is pending (the bound only stops a broken build from hanging).
  for (int i = 0; i < 3000 && outbox->outbox_counts("fwd")["pending"] > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  forwarder.stop();

  auto counts = outbox->outbox_counts("fwd");
  EXPECT_EQ(counts["pending"], 0);
  EXPECT_EQ(counts["dead"], static_cast<std::int64_t>(broken_leads.size()));
  EXPECT_EQ(counts["sent"], 3 * kLeads - static_cast<std::int64_t>(broken_leads.size()));
  for (const auto& e : outbox->outbox({"fwd", "dead", "", 10'000})) {
    EXPECT_EQ(e.destination, "sf");
    EXPECT_EQ(e.last_status, 400);
    EXPECT_EQ(broken_leads.count(e.lead_id), 1u) << e.lead_id;
  }
  EXPECT_EQ(log.size(), broken_leads.size());

  for (const char* kind : {"hubspot", "salesforce", "webhook"}) {
    auto accepted = crm.accepted(kind);
    int expected =
        std::string(kind) == "salesforce" ? kLeads - static_cast<int>(broken_leads.size()) : kLeads;
    EXPECT_EQ(static_cast<int>(accepted.size()), expected) << kind << ": leads lost";
    int duplicates = 0;
    for (const auto& [lead, count] : accepted) duplicates += count - 1;
    if (std::string(kind) == "webhook") {
      EXPECT_EQ(duplicates, 0);
    } else {
      EXPECT_LE(duplicates, crm.lost_answers(kind)) << kind;
    }
  }
  EXPECT_EQ(crm.refused().size(), broken_leads.size());
  // Each fault was met (the test would prove little otherwise).
  EXPECT_GT(crm.faults(Fault::kError500), 0);
  EXPECT_GT(crm.faults(Fault::kTooMany), 0);
  EXPECT_GT(crm.faults(Fault::kHang), 0);
  EXPECT_GT(crm.faults(Fault::kLoseAnswer), 0);
  EXPECT_GT(crm.lost_answers("webhook") + crm.webhook_replays(), 0);
}

}  // namespace
}  // namespace magnete::collector
