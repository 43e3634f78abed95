// Two magnete-collector processes (MAGNETE_BIN_DIR) on one PostgreSQL database, with data
// folders of their own: leads posted to either are listed by both, and a lead posted to both
// is stored once (the second answer is the first one's replay).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "collector/postgres_server.hpp"
#include "collector_process.hpp"
#include "seed_leads.hpp"

namespace magnete::collector {
namespace {

namespace fs = std::filesystem;

constexpr const char* kToken = "two-collectors-token-0001";

// build/bin/magnete-collector on `store`, its own data folder and a free port; killed at the end.
class Collector {
 public:
  Collector(const std::string& store, const fs::path& data)
      : port_(magnete::testing::free_port()), log_(data) {
    log_ += ".log";
    std::vector<std::string> args = {
        "--port",      std::to_string(port_),
        "--data",      data.string(),
        "--store",     store,
        "--campaigns", magnete::testing::source_path("demo/campaigns")};
    args.insert(args.end(), {"--token", kToken, "--rate-limit", "0", "--min-submit-ms", "0"});
    pid_ = magnete::testing::spawn_collector(args, "", log_.string());
    if (pid_ < 0) return;
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1);
    client.set_read_timeout(5);
    for (int i = 0; i < 300; ++i) {  // up to a minute on a busy machine
      if (auto res = client.Get("/healthz"); res && res->status == 200) return;
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "the collector ended at start: " << log();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "the collector did not answer /healthz: " << log();
  }
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;
  ~Collector() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string log() const { return magnete::testing::read_text(log_.string()); }

 private:
  pid_t pid_ = -1;
  int port_;
  fs::path log_;
};

httplib::Result post_lead(const Collector& collector, const std::string& id) {
  httplib::Client client("127.0.0.1", collector.port());
  client.set_read_timeout(10);
  return client.Post("/v1/leads",
                     magnete::testing::build_lead(magnete::testing::seed_example(id)).dump(),
                     "application/json");
}

// The ids /v1/leads lists, and how many times each.
std::map<std::string, int> listed(const Collector& collector) {
  httplib::Client client("127.0.0.1", collector.port());
  client.set_read_timeout(10);
  auto res = client.Get("/v1/leads?limit=100000",
                        httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}});
  std::map<std::string, int> ids;
  if (!res || res->status != 200) {
    ADD_FAILURE() << "GET /v1/leads: " << (res ? res->body : httplib::to_string(res.error()));
    return ids;
  }
  Json body = Json::parse(res->body, nullptr, false);
  for (const auto& lead : body["leads"]) ++ids[lead["id"].get<std::string>()];
  return ids;
}

TEST(TwoCollectors, ShareOneDatabaseAndStoreALeadPostedToBothOnce) {
  const std::string uri = magnete::testing::postgres_uri();
  ASSERT_FALSE(uri.empty());
  auto dir = magnete::testing::unique_temp_dir("magnete-two");
  {
    Collector a(uri, dir / "a"), b(uri, dir / "b");
    ASSERT_TRUE(a.running() && b.running());

    constexpr int kLeads = 40;
    std::map<std::string, int> expected;
    for (int i = 0; i < kLeads; ++i) {
      const std::string id = "two-" + std::to_string(i);
      auto res = post_lead(i % 2 == 0 ? a : b, id);
      ASSERT_TRUE(res) << httplib::to_string(res.error());
      EXPECT_EQ(res->status, 201) << id << ": " << res->body;
      expected[id] = 1;
    }
    // One id posted to a, then to b: b answers with a's answer, as a replay.
    auto first = post_lead(a, "two-both");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 201) << first->body;
    auto again = post_lead(b, "two-both");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, first->status);
    EXPECT_EQ(again->body, first->body);
    EXPECT_EQ(again->get_header_value("Idempotent-Replay"), "true");
    expected["two-both"] = 1;
    // And ids posted to both at the same moment, from two threads.
    for (int i = 0; i < 10; ++i) {
      const std::string id = "two-race-" + std::to_string(i);
      int statuses[2] = {0, 0};
      std::thread to_a([&] {
        if (auto res = post_lead(a, id)) statuses[0] = res->status;
      });
      std::thread to_b([&] {
        if (auto res = post_lead(b, id)) statuses[1] = res->status;
      });
      to_a.join();
      to_b.join();
      EXPECT_EQ(statuses[0], 201) << id;
      EXPECT_EQ(statuses[1], 201) << id;
      expected[id] = 1;
    }

    EXPECT_EQ(listed(a), expected);
    EXPECT_EQ(listed(b), expected);
    EXPECT_EQ(a.log().find("PostgreSQL:"), std::string::npos) << a.log();
    EXPECT_EQ(b.log().find("PostgreSQL:"), std::string::npos) << b.log();
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace magnete::collector
