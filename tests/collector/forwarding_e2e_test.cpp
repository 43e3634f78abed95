// Forwarding end to end: the real magnete-collector (MAGNETE_BIN_DIR) takes leads over HTTP and
// forwards them from its outbox to a fake CRM (HubSpot Forms v3, Salesforce Web-to-Lead, a signed
// webhook) that misbehaves on purpose. Killed with SIGKILL halfway; two collectors sharing one
// PostgreSQL outbox; dead letters shown and replayed, over HTTP and with --replay; a webhook
// secret nobody holds stops the start.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "collector/postgres_server.hpp"
#include "collector_process.hpp"
#include "fake_crm.hpp"
#include "seed_leads.hpp"
#include "url.hpp"

namespace magnete::collector {
namespace {

namespace fs = std::filesystem;
using testing::FakeCrm;
using testing::Fault;

constexpr const char* kToken = "forwarding-e2e-token-0001";
constexpr const char* kSecret = "whsec_e2e_0123456789abcdef";
constexpr const char* kEmailDomain = "@example.com";
// The config file's forward_workers, and ForwarderOptions::batch (main.cpp keeps its default):
// at most this many claims are held when the collector is killed.
constexpr int kWorkers = 4;
constexpr int kBatch = 20;

// --- the collector's folders and process ----------------------------------------------------

// The fake CRM's three receivers as a campaign's "forward" section, every lead to each; the
// webhook signs with the collector's secret `secret_name`. 1 s timeouts (the schema's least),
// shorter than the fake's hangs. The campaign's optional "marketing" consent stays out of
// HubSpot (no subscription type to send it as).
OrderedJson forward_section(const FakeCrm& crm, const std::string& secret_name = "hook") {
  OrderedJson forward = OrderedJson::array();
  forward.push_back(
      {{"id", "crm"},
       {"format", "hubspot"},
       {"when", "all"},
       {"endpoint", crm.url("/hubspot/submit/1/2")},
       {"timeout_ms", 1000},
       {"hubspot",
        {{"portal_id", "1"}, {"form_id", "2"}, {"subscriptions", {{"marketing", false}}}}}});
  forward.push_back({{"id", "sf"},
                     {"format", "salesforce"},
                     {"when", "all"},
                     {"endpoint", crm.url("/salesforce/w2l?encoding=UTF-8")},
                     {"timeout_ms", 1000},
                     {"salesforce", {{"oid", "00D1"}}}});
  forward.push_back({{"id", "hook"},
                     {"format", "webhook"},
                     {"when", "all"},
                     {"endpoint", crm.url("/webhook/in")},
                     {"timeout_ms", 1000},
                     {"secret", secret_name}});
  return forward;
}

// A test's folder: campaigns/ holds the demo's seed-b2b campaign (the one build_lead() scores)
// with `forward` added, config.json the webhook secret and a fast forwarder.
struct Site {
  fs::path dir, campaigns, config;

  Site(const std::string& prefix, const OrderedJson& forward)
      : dir(magnete::testing::unique_temp_dir(prefix)),
        campaigns(dir / "campaigns"),
        config(dir / "config.json") {
    OrderedJson campaign = OrderedJson::parse(
        magnete::testing::read_text(magnete::testing::source_path("demo/campaigns/seed-b2b.json")));
    campaign["forward"] = forward;
    fs::create_directories(campaigns);
    std::ofstream(campaigns / "seed-b2b.json") << campaign.dump(2);
    OrderedJson settings = {{"secrets", {{"hook", kSecret}}},
                            {"forward_workers", kWorkers},
                            {"forward_poll_ms", 20},
                            {"forward_backoff_ms", 50}};
    std::ofstream(config) << settings.dump(2);
  }
  ~Site() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  /// The flags of a collector on the data folder `data` (and PostgreSQL `store`, if any).
  std::vector<std::string> flags(const std::string& data, const std::string& store = "") const {
    std::vector<std::string> out = {"--data",      (dir / data).string(),
                                    "--campaigns", campaigns.string(),
                                    "--config",    config.string()};
    if (!store.empty()) out.insert(out.end(), {"--store", store});
    return out;
  }
};

// The collector listening on a free port, its stdout and stderr in <log>.out and <log>.err;
// killed with SIGKILL at the end unless stopped before.
class Collector {
 public:
  Collector(std::vector<std::string> flags, const fs::path& log_base)
      : port_(magnete::testing::free_port()), log_(log_base.string()) {
    flags.insert(flags.end(), {"--port", std::to_string(port_), "--token", kToken, "--rate-limit",
                               "0", "--min-submit-ms", "0"});
    pid_ = magnete::testing::spawn_collector(flags, log_ + ".out", log_ + ".err");
    if (pid_ < 0) return;
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1);
    client.set_read_timeout(5);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto res = client.Get("/healthz"); res && res->status == 200) return;
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "the collector ended at start: " << log();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the collector did not answer /healthz within 60 s: " << log();
  }
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;
  ~Collector() { stop(SIGKILL); }

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string log() const { return magnete::testing::read_text(log_ + ".err"); }

  /// Sends `signal` and waits for the end; the wait status.
  int stop(int signal) {
    if (pid_ <= 0) return 0;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  int port_;
  std::string log_;
  pid_t pid_ = -1;
};

// What a run of the collector to its end (--replay, a refused start) printed, and its exit code.
struct Finished {
  int exit_code = -1;
  std::string out, err;
};

Finished run_to_end(const std::vector<std::string>& flags, const fs::path& log_base) {
  Finished result;
  const std::string out = log_base.string() + ".out", err = log_base.string() + ".err";
  pid_t pid = magnete::testing::spawn_collector(flags, out, err);
  if (pid < 0) return result;
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (waitpid(pid, &status, WNOHANG) != pid) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "magnete-collector did not end within 60 s";
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = magnete::testing::read_text(out);
  result.err = magnete::testing::read_text(err);
  return result;
}

// --- HTTP ------------------------------------------------------------------------------------

const httplib::Headers& authorization() {
  static const httplib::Headers headers = {{"Authorization", std::string("Bearer ") + kToken}};
  return headers;
}

// GET `path` with the token: its JSON body, or null after ADD_FAILURE.
Json get_json(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10);
  auto res = client.Get(path, authorization());
  if (!res || res->status != 200) {
    ADD_FAILURE() << "GET " << path << ": "
                  << (res ? std::to_string(res->status) + " " + res->body
                          : httplib::to_string(res.error()));
    return Json();
  }
  return Json::parse(res->body, nullptr, false);
}

// /healthz's outbox counts.
std::map<std::string, std::int64_t> outbox_counts(int port) {
  std::map<std::string, std::int64_t> counts;
  Json health = get_json(port, "/healthz");
  if (!health.is_object() || !health["outbox"].is_object()) return counts;
  for (const auto& [status, n] : health["outbox"].items()) counts[status] = n.get<std::int64_t>();
  return counts;
}

// Polls `done` every `poll_ms` until it holds, or `seconds` pass (a bound for a broken build
// only).
bool eventually(const std::function<bool()>& done, int seconds, int poll_ms = 50) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms));
  }
  return true;
}

// Waits until nothing is pending in the outbox; false after ADD_FAILURE naming what still is.
bool wait_until_forwarded(int port, int seconds = 120) {
  if (eventually([&] { return outbox_counts(port)["pending"] == 0; }, seconds)) return true;
  Json pending = get_json(port, "/v1/outbox?status=pending&limit=5");
  ADD_FAILURE() << "entries still pending after " << seconds << " s: " << pending.dump();
  return false;
}

// Lead `id`, its email <id>@example.com (HubSpot and Salesforce know a lead by it), with
// `views` page views so that the scores differ from lead to lead.
std::string lead_body(const std::string& id, int views) {
  magnete::testing::SeedLead spec = magnete::testing::seed_example(id);
  spec.contact["email"] = id + kEmailDomain;
  spec.events[0].second = views;  // page_view
  return magnete::testing::build_lead(spec).dump();
}

// The collector's answer to a lead: its assessment when acknowledged with 2xx, else null (and
// `answered` false when no answer came: the connection refused or cut).
Json post_lead(httplib::Client& client, const std::string& id, int views, bool& answered) {
  auto res = client.Post("/v1/leads", lead_body(id, views), "application/json");
  answered = static_cast<bool>(res);
  if (!res) return Json();
  EXPECT_EQ(res->status, 201) << id << ": " << res->body;
  Json body = Json::parse(res->body, nullptr, false);
  if (res->status / 100 != 2 || !body.is_object()) return Json();
  EXPECT_EQ(body.value("verified", false), true) << id << ": " << res->body;
  return body["assessment"];
}

// The leads acknowledged (id -> the assessment the collector answered with) and those whose
// post got no answer, across posting threads and collector runs.
struct Posted {
  std::mutex mutex;
  std::map<std::string, Json> acknowledged;
  std::vector<std::string> unanswered;
  std::atomic<int> next{0};

  std::size_t count() {
    std::lock_guard<std::mutex> lock(mutex);
    return acknowledged.size();
  }
  void record(const std::string& id, bool answered, Json assessment) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!answered) {
      unanswered.push_back(id);
    } else if (!assessment.is_null()) {
      acknowledged[id] = std::move(assessment);
    }
  }
};

std::string lead_id(int n) { return "e2e-" + std::to_string(n); }
int views_of(int n) { return n % 6; }

// Posts leads next..total-1 from `threads` threads, lead n to ports[n % ports.size()], until
// every one is taken; a thread whose post gets no answer (the collector killed) records the id
// and stops.
std::vector<std::thread> start_posting(std::vector<int> ports, int total, int threads,
                                       Posted& posted) {
  std::vector<std::thread> posters;
  for (int t = 0; t < threads; ++t) {
    posters.emplace_back([ports, total, &posted] {
      std::map<int, std::unique_ptr<httplib::Client>> clients;
      for (int n = posted.next++; n < total; n = posted.next++) {
        int port = ports[static_cast<std::size_t>(n) % ports.size()];
        auto& client = clients[port];
        if (!client) {
          client = std::make_unique<httplib::Client>("127.0.0.1", port);
          client->set_connection_timeout(2);
          client->set_read_timeout(10);
        }
        bool answered = false;
        Json assessment = post_lead(*client, lead_id(n), views_of(n), answered);
        posted.record(lead_id(n), answered, std::move(assessment));
        if (!answered) return;
      }
    });
  }
  return posters;
}

void join(std::vector<std::thread>& threads) {
  for (auto& t : threads) t.join();
  threads.clear();
}

// The lead id a destination kind knows a lead by: its email for HubSpot and Salesforce.
std::string id_of(const std::string& kind, const std::string& key) {
  if (kind == "webhook") return key;
  return key.substr(0, key.size() - std::string(kEmailDomain).size());
}

// Deliveries per lead id at a kind.
std::map<std::string, int> accepted_ids(const FakeCrm& crm, const std::string& kind) {
  std::map<std::string, int> out;
  for (const auto& [key, count] : crm.accepted(kind)) out[id_of(kind, key)] += count;
  return out;
}

// The score a destination's body carried, as text ("44"); "" when none.
std::string score_in(const std::string& kind, const std::string& body) {
  if (kind == "salesforce") {
    // No mapping for the assessment: one line of description, "Magnete: score 44 (fit ...".
    for (const auto& [name, value] : parse_urlencoded(body)) {
      const std::string prefix = "Magnete: score ";
      if (name == "description" && value.rfind(prefix, 0) == 0)
        return value.substr(prefix.size(), value.find(' ', prefix.size()) - prefix.size());
    }
    return "";
  }
  Json doc = Json::parse(body, nullptr, false);
  if (kind == "webhook") return doc["assessment"]["score"].dump();
  for (const auto& f : doc["fields"]) {
    if (f["name"] == "magnete_score") return f["value"].get<std::string>();
  }
  return "";
}

TEST(ForwardingE2e, NothingAcknowledgedIsLostThroughFaultsAndKill9) {
  constexpr int kLeads = 1000, kPosters = 4;
  FakeCrm crm(kSecret, 20261122);
  crm.require_consent(true);
  crm.set_hang_ms(1500);  // past the destinations' 1 s timeout
  crm.set_retry_after("1");
  crm.set_odds({0.04, 0.03, 0.003, 0.02});
  Site site("magnete-e2e", forward_section(crm));
  Posted posted;
  std::size_t unanswered_at_kill = 0;
  {
    Collector first(site.flags("data"), site.dir / "first");
    ASSERT_TRUE(first.running());
    auto posters = start_posting({first.port()}, kLeads, kPosters, posted);
    auto reached = [&](std::size_t n) {
      return eventually([&] { return posted.count() >= n || posted.next >= kLeads; }, 60, 2);
    };
    EXPECT_TRUE(reached(150)) << "150 leads were not acknowledged within 60 s";
    // A moment of connections refused, while the posts go on (down() waits for a hang).
    std::thread outage([&crm] {
      crm.down();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      crm.up();
    });
    EXPECT_TRUE(reached(kLeads / 2)) << "half the leads were not acknowledged within 60 s";
    first.stop(SIGKILL);  // halfway, with posts and sends in flight
    outage.join();
    join(posters);
  }
  ASSERT_LT(posted.count(), static_cast<std::size_t>(kLeads)) << "the kill came after the end";
  Collector second(site.flags("data"), site.dir / "second");
  ASSERT_TRUE(second.running());
  {
    // The posts the kill left unanswered, again with the same ids, as the widget's outbox does:
    // stored before the kill or not, each is acknowledged (the stored answer replayed) once.
    httplib::Client client("127.0.0.1", second.port());
    client.set_read_timeout(10);
    std::vector<std::string> unanswered;
    std::swap(unanswered, posted.unanswered);
    unanswered_at_kill = unanswered.size();
    for (const auto& id : unanswered) {
      bool answered = false;
      Json assessment = post_lead(client, id, views_of(std::stoi(id.substr(4))), answered);
      EXPECT_TRUE(answered) << id;
      posted.record(id, answered, std::move(assessment));
    }
  }
  auto posters = start_posting({second.port()}, kLeads, kPosters, posted);
  join(posters);
  EXPECT_TRUE(posted.unanswered.empty());
  ASSERT_EQ(posted.count(), static_cast<std::size_t>(kLeads));
  ASSERT_TRUE(wait_until_forwarded(second.port()));

  auto counts = outbox_counts(second.port());
  EXPECT_EQ(counts["dead"], 0) << get_json(second.port(), "/v1/outbox?status=dead&limit=5");
  EXPECT_EQ(counts["sent"], 3 * kLeads);
  for (const char* kind : {"hubspot", "salesforce", "webhook"}) {
    std::map<std::string, int> accepted = accepted_ids(crm, kind);
    std::map<std::string, std::string> bodies = crm.bodies(kind);
    int lost = 0, duplicates = 0, wrong_scores = 0;
    for (const auto& [id, assessment] : posted.acknowledged) {
      auto it = accepted.find(id);
      if (it == accepted.end()) {
        ++lost;
        ADD_FAILURE() << kind << ": lead " << id << " was acknowledged and never delivered";
        continue;
      }
      duplicates += it->second - 1;
      // The collector's own score, as it answered it, is what the destination received.
      std::string key = std::string(kind) == "webhook" ? id : id + kEmailDomain;
      std::string score = score_in(kind, bodies[key]);
      if (score != assessment["score"].dump()) {
        ++wrong_scores;
        ADD_FAILURE() << kind << ": lead " << id << " carried score " << score
                      << ", the collector answered " << assessment["score"].dump();
      }
      if (std::string(kind) == "webhook") {
        EXPECT_EQ(Json::parse(bodies[key], nullptr, false)["assessment"], assessment) << id;
      }
    }
    EXPECT_EQ(accepted.size(), posted.acknowledged.size()) << kind << ": deliveries of leads "
                                                           << "never acknowledged";
    if (std::string(kind) == "webhook") {
      // The receiver dedupes by Idempotency-Key: each lead once, however often it came.
      EXPECT_EQ(duplicates, 0);
      int raw = static_cast<int>(accepted.size()) + crm.webhook_replays();
      EXPECT_GE(raw, static_cast<int>(accepted.size()));
      EXPECT_GE(crm.webhook_replays(), crm.lost_answers("webhook"));
    } else {
      // At least once: an answer lost after the vendor took the lead brings it again, and so
      // may a send under way at the kill (each worker sends its claimed batch one by one).
      EXPECT_LE(duplicates, crm.lost_answers(kind) + kWorkers * kBatch) << kind;
    }
    std::fprintf(stderr, "[          ] %s: %zu leads, %d lost, %d duplicates (%d answers lost)\n",
                 kind, accepted.size(), lost, duplicates, crm.lost_answers(kind));
    EXPECT_EQ(wrong_scores, 0) << kind;
  }
  EXPECT_TRUE(crm.refused().empty()) << crm.refused()[0];
  // Each fault was met (the test would prove little otherwise).
  EXPECT_GT(crm.faults(Fault::kError500), 0);
  EXPECT_GT(crm.faults(Fault::kTooMany), 0);
  EXPECT_GT(crm.faults(Fault::kHang), 0);
  EXPECT_GT(crm.faults(Fault::kLoseAnswer), 0);
  std::fprintf(stderr,
               "[          ] %d leads, %zu posts unanswered at the kill; the CRM saw %d requests: "
               "%d 500s, %d 429s, %d hangs, %d answers lost, %d webhook replays\n",
               kLeads, unanswered_at_kill, crm.requests(), crm.faults(Fault::kError500),
               crm.faults(Fault::kTooMany), crm.faults(Fault::kHang),
               crm.faults(Fault::kLoseAnswer), crm.webhook_replays());
}

TEST(ForwardingE2e, TwoCollectorsOnPostgresqlShareTheOutbox) {
  constexpr int kLeads = 400, kPosters = 4;
  const std::string uri = magnete::testing::postgres_uri();
  ASSERT_FALSE(uri.empty());
  FakeCrm crm(kSecret, 4242);
  crm.require_consent(true);
  crm.set_retry_after("1");
  crm.set_odds({0.05, 0.03, 0, 0});  // refusals to retry; no answer lost, no hang
  Site site("magnete-e2e-pg", forward_section(crm));
  Collector a(site.flags("a", uri), site.dir / "a"), b(site.flags("b", uri), site.dir / "b");
  ASSERT_TRUE(a.running() && b.running());
  Posted posted;
  auto posters = start_posting({a.port(), b.port()}, kLeads, kPosters, posted);
  join(posters);
  EXPECT_TRUE(posted.unanswered.empty());
  ASSERT_EQ(posted.count(), static_cast<std::size_t>(kLeads));
  ASSERT_TRUE(wait_until_forwarded(a.port()));

  auto counts = outbox_counts(b.port());  // one outbox, whichever collector shows it
  EXPECT_EQ(counts["pending"], 0);
  EXPECT_EQ(counts["dead"], 0);
  EXPECT_EQ(counts["sent"], 3 * kLeads);
  // SKIP LOCKED keeps the two forwarders apart: with no answer lost, each lead reached each
  // destination exactly once, HubSpot and Salesforce included. (Which collector sent a request
  // is not observable at the CRM: the requests carry nothing of their sender.)
  for (const char* kind : {"hubspot", "salesforce", "webhook"}) {
    std::map<std::string, int> accepted = accepted_ids(crm, kind);
    EXPECT_EQ(accepted.size(), static_cast<std::size_t>(kLeads)) << kind;
    for (const auto& [id, assessment] : posted.acknowledged) {
      EXPECT_EQ(accepted[id], 1) << kind << ": lead " << id;
    }
  }
  EXPECT_EQ(crm.webhook_replays(), 0);
  EXPECT_TRUE(crm.refused().empty()) << crm.refused()[0];
  EXPECT_GT(crm.faults(Fault::kError500), 0);
  EXPECT_GT(crm.faults(Fault::kTooMany), 0);
  EXPECT_EQ(a.log().find("PostgreSQL:"), std::string::npos) << a.log();
  EXPECT_EQ(b.log().find("PostgreSQL:"), std::string::npos) << b.log();
}

// The ids of the dead letters GET /v1/outbox?status=dead lists, checking that each is the
// Salesforce destination's, refused with 400 and the CRM's words.
std::vector<std::string> dead_letters(int port) {
  std::vector<std::string> ids;
  Json dead = get_json(port, "/v1/outbox?status=dead");
  for (const auto& e : dead["entries"]) {
    EXPECT_EQ(e["destination"], "sf") << e.dump();
    EXPECT_EQ(e["status"], "dead") << e.dump();
    EXPECT_EQ(e["last_status"], 400) << e.dump();
    EXPECT_EQ(e["last_error"], "HTTP 400: refused by the test") << e.dump();
    ids.push_back(e["lead_id"].get<std::string>());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Posts leads first..last-1 to a collector, each acknowledged.
void post_leads(int port, int first, int last) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10);
  for (int n = first; n < last; ++n) {
    bool answered = false;
    Json assessment = post_lead(client, lead_id(n), views_of(n), answered);
    EXPECT_TRUE(answered && !assessment.is_null()) << lead_id(n);
  }
}

TEST(ForwardingE2e, DeadLettersAreVisibleAndReplayed) {
  FakeCrm crm(kSecret);
  crm.refuse("salesforce");  // a final refusal: dead at once
  Site site("magnete-e2e-dead", forward_section(crm));
  const std::vector<std::string> three = {lead_id(0), lead_id(1), lead_id(2)};
  {
    Collector collector(site.flags("data"), site.dir / "collector");
    ASSERT_TRUE(collector.running());
    const int port = collector.port();
    post_leads(port, 0, 3);
    ASSERT_TRUE(eventually(
        [&] {
          auto counts = outbox_counts(port);
          return counts["dead"] == 3 && counts["pending"] == 0;
        },
        60))
        << "no 3 dead letters within 60 s: " << get_json(port, "/v1/outbox").dump();
    EXPECT_EQ(dead_letters(port), three);
    // GET /v1/leads: each lead's forwarding, the Salesforce entry dead, the others sent.
    Json leads = get_json(port, "/v1/leads");
    ASSERT_EQ(leads["leads"].size(), 3u) << leads.dump();
    for (const auto& lead : leads["leads"]) {
      std::map<std::string, std::string> statuses;
      for (const auto& e : lead["forwarding"]) {
        statuses[e["destination"].get<std::string>()] = e["status"].get<std::string>();
        if (e["destination"] == "sf") {
          EXPECT_EQ(e["last_status"], 400) << e.dump();
        }
      }
      std::map<std::string, std::string> expected = {
          {"crm", "sent"}, {"sf", "dead"}, {"hook", "sent"}};
      EXPECT_EQ(statuses, expected) << lead.dump();
    }
    EXPECT_NE(collector.log().find("dead letter: lead " + lead_id(0)), std::string::npos)
        << collector.log();

    // (a) Salesforce takes leads again; POST /v1/outbox/replay to the running collector.
    crm.refuse("");
    httplib::Client client("127.0.0.1", port);
    auto replay = client.Post("/v1/outbox/replay", authorization(), "", "application/json");
    ASSERT_TRUE(replay) << httplib::to_string(replay.error());
    ASSERT_EQ(replay->status, 200) << replay->body;
    EXPECT_EQ(Json::parse(replay->body, nullptr, false)["replayed"], 3) << replay->body;
    ASSERT_TRUE(eventually(
        [&] {
          auto counts = outbox_counts(port);
          return counts["dead"] == 0 && counts["pending"] == 0;
        },
        60))
        << "the replayed letters were not sent within 60 s: " << get_json(port, "/v1/outbox");
    std::map<std::string, int> once = {{lead_id(0), 1}, {lead_id(1), 1}, {lead_id(2), 1}};
    EXPECT_EQ(accepted_ids(crm, "salesforce"), once);

    // (b) More dead letters; --replay refuses the folder of a running collector, naming the
    // route that does the same.
    crm.refuse("salesforce");
    post_leads(port, 3, 5);
    ASSERT_TRUE(eventually([&] { return outbox_counts(port)["dead"] == 2; }, 60))
        << get_json(port, "/v1/outbox").dump();
    std::vector<std::string> flags = site.flags("data");
    flags.push_back("--replay");
    Finished refused = run_to_end(flags, site.dir / "replay-refused");
    EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
    EXPECT_NE(refused.err.find("POST /v1/outbox/replay"), std::string::npos) << refused.err;
    EXPECT_EQ(outbox_counts(port)["dead"], 2);
    // SIGTERM stops it in order: the listening ends, the forwarder's sends finish, exit 0.
    int status = collector.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << collector.log();
  }
  crm.refuse("");
  std::vector<std::string> flags = site.flags("data");
  flags.push_back("--replay");
  Finished replayed = run_to_end(flags, site.dir / "replay");
  EXPECT_EQ(replayed.exit_code, 0) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("2 dead letter(s) sent again"), std::string::npos) << replayed.out;
  EXPECT_NE(replayed.out.find(", 0 dead"), std::string::npos) << replayed.out;
  std::map<std::string, int> all;
  for (int n = 0; n < 5; ++n) all[lead_id(n)] = 1;
  EXPECT_EQ(accepted_ids(crm, "salesforce"), all);
  EXPECT_EQ(accepted_ids(crm, "hubspot"), all);
  EXPECT_EQ(accepted_ids(crm, "webhook"), all);
}

TEST(ForwardingE2e, AMissingWebhookSecretStopsTheStart) {
  FakeCrm crm(kSecret);
  Site site("magnete-e2e-secret", forward_section(crm, "e2e-missing"));
  unsetenv("MAGNETE_SECRET_E2E_MISSING");
  std::vector<std::string> flags = site.flags("data");
  flags.insert(flags.end(), {"--port", std::to_string(magnete::testing::free_port())});
  Finished refused = run_to_end(flags, site.dir / "refused");
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("campaign seed-b2b"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("destination \"hook\""), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("MAGNETE_SECRET_E2E_MISSING"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(site.dir / "data" / "magnete.db")) << "nothing is opened before";

  // The same secret from the environment: it starts.
  setenv("MAGNETE_SECRET_E2E_MISSING", kSecret, 1);
  {
    Collector collector(site.flags("data"), site.dir / "started");
    EXPECT_TRUE(collector.running());
  }
  unsetenv("MAGNETE_SECRET_E2E_MISSING");
}

}  // namespace
}  // namespace magnete::collector
