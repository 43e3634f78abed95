// What is PostgreSQL's own in the shared store (the rest is store_test.cpp's suite, which it
// passes as SQLite does): messages that never show the password, tables created by two
// collectors at once, a connection the server dropped made again, and two stores, as two
// collectors, claiming from one outbox from many threads, every entry once.
#include "postgres_store.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "collector/postgres_server.hpp"

namespace magnete::collector {
namespace {

TEST(PostgresStore, RedactsThePasswordOfAUri) {
  EXPECT_EQ(PostgresStore::redact("postgresql://magnete:s3cr%40t@db.example:5432/leads"),
            "postgresql://magnete:***@db.example:5432/leads");
  EXPECT_EQ(PostgresStore::redact("postgres://db.example/leads?user=m&password=s3cret&x=1"),
            "postgres://db.example/leads?user=m&password=***&x=1");
  EXPECT_EQ(PostgresStore::redact("postgresql://magnete@db.example/leads"),
            "postgresql://magnete@db.example/leads");
  EXPECT_EQ(PostgresStore::redact("postgresql:///leads?host=/run/postgresql"),
            "postgresql:///leads?host=/run/postgresql");
}

TEST(PostgresStore, AServerThatDoesNotAnswerIsAnErrorWithoutThePassword) {
  // Port 1: nothing listens there; the connection is refused at once.
  auto store = open_store("postgresql://magnete:s3cret@127.0.0.1:1/leads", "unused");
  EXPECT_EQ(store->backend(), "postgresql");
  EXPECT_FALSE(store->ok());
  EXPECT_EQ(store->error().rfind("--store postgresql://magnete:***@127.0.0.1:1/leads: cannot "
                                 "connect: ",
                                 0),
            0u)
      << store->error();
  EXPECT_EQ(store->error().find("s3cret"), std::string::npos) << store->error();
  EXPECT_FALSE(open_store("postgres://127.0.0.1:1/leads", "unused")->ok());
}

TEST(PostgresStore, CollectorsStartingAtOnceBothCreateTheTables) {
  const std::string uri = magnete::testing::postgres_uri();
  ASSERT_FALSE(uri.empty());
  constexpr int kStores = 4;
  std::vector<std::unique_ptr<PostgresStore>> stores(kStores);
  std::vector<std::thread> threads;
  for (int i = 0; i < kStores; ++i) {
    threads.emplace_back([&, i] { stores[i] = std::make_unique<PostgresStore>(uri, 2); });
  }
  for (auto& t : threads) t.join();
  for (const auto& store : stores) {
    EXPECT_TRUE(store->ok()) << store->error();
    EXPECT_EQ(store->count(), 0);
  }
}

StoredLead lead_with_id(const std::string& id) {
  StoredLead lead;
  lead.id = id;
  lead.campaign_id = "seed-b2b";
  lead.campaign_version = "1";
  lead.received_at = "2026-11-22T10:00:00.000Z";
  lead.submitted_at = "2026-11-22T09:59:00.000Z";
  lead.status = "accepted";
  lead.payload = "{}";
  lead.http_status = 201;
  lead.response = R"({"ok":true})";
  return lead;
}

TEST(PostgresStore, AConnectionTheServerDroppedIsMadeAgain) {
  const std::string uri = magnete::testing::postgres_uri();
  ASSERT_FALSE(uri.empty());
  PostgresStore store(uri, 2);
  ASSERT_TRUE(store.ok()) << store.error();
  ASSERT_TRUE(store.insert(lead_with_id("before")));
  // As a restart or an administrator would: every connection of the store ended.
  PGconn* admin = PQconnectdb(uri.c_str());
  PGresult* r = PQexec(admin,
                       "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                       "application_name = 'magnete-collector' AND datname = current_database()");
  ASSERT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(admin);
  EXPECT_EQ(std::string(PQgetvalue(r, 0, 0)), "1");
  PQclear(r);
  // Gone for good before the next call, which then meets the broken connection for certain.
  for (int i = 0; i < 250; ++i) {
    r = PQexec(admin,
               "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = "
               "'magnete-collector' AND datname = current_database()");
    bool gone = PQresultStatus(r) == PGRES_TUPLES_OK && std::string(PQgetvalue(r, 0, 0)) == "0";
    PQclear(r);
    if (gone) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  PQfinish(admin);
  EXPECT_EQ(store.count(), 1);  // a read: tried again on a new connection
  EXPECT_TRUE(store.insert(lead_with_id("after")));
  EXPECT_EQ(store.count(), 2);
}

// Two stores (two pools, as two collectors) and 4 threads each, claiming from one outbox of
// 2,000 entries at once and recording each claimed entry sent: each entry is claimed, and
// recorded, exactly once.
TEST(PostgresStore, TwoCollectorsClaimEveryEntryExactlyOnce) {
  constexpr int kLeads = 1000;  // two destinations each
  constexpr int kEntries = 2 * kLeads;
  constexpr int kThreadsPerStore = 4;
  const std::string uri = magnete::testing::postgres_uri();
  ASSERT_FALSE(uri.empty());
  PostgresStore first(uri, 4), second(uri, 4);
  ASSERT_TRUE(first.ok()) << first.error();
  ASSERT_TRUE(second.ok()) << second.error();
  {
    std::vector<std::thread> writers;
    std::atomic<int> written{0};
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        PostgresStore& store = t % 2 == 0 ? first : second;
        for (int i = t; i < kLeads; i += 8) {
          OutboxEntry crm, hook;
          crm.destination = "crm";
          hook.destination = "hook";
          crm.request = hook.request = "{}";
          crm.next_attempt_at = hook.next_attempt_at = i;  // every one due, in a known order
          written += store.insert(lead_with_id("lead-" + std::to_string(i)), {crm, hook});
        }
      });
    }
    for (auto& w : writers) w.join();
    ASSERT_EQ(written.load(), kLeads);
  }

  std::vector<std::vector<std::int64_t>> sent(2 * kThreadsPerStore);
  std::atomic<int> refused{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 2 * kThreadsPerStore; ++w) {
    workers.emplace_back([&, w] {
      PostgresStore& store = w % 2 == 0 ? first : second;
      const std::string worker = "collector-" + std::to_string(w % 2) + "/" + std::to_string(w);
      for (;;) {
        // A lease far longer than the test: an entry is never claimed twice for a lapsed one.
        auto claimed = store.claim_due(kEntries, 16, worker, 3'600'000);
        if (claimed.empty()) return;  // every pending entry is held by another worker, or sent
        for (const auto& e : claimed) {
          OutboxAttempt attempt;
          attempt.status = "sent";
          attempt.http_status = 200;
          attempt.at = 1'000'000;
          if (store.record_attempt(e.id, worker, attempt)) {
            sent[w].push_back(e.id);
          } else {
            ++refused;
          }
        }
      }
    });
  }
  for (auto& w : workers) w.join();

  std::map<std::int64_t, int> times;
  std::size_t busy_workers = 0;
  for (const auto& ids : sent) {
    for (auto id : ids) ++times[id];
    busy_workers += !ids.empty();
  }
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(times.size(), static_cast<std::size_t>(kEntries));
  for (const auto& [id, n] : times) EXPECT_EQ(n, 1) << "entry " << id << " sent " << n << " times";
  EXPECT_EQ(first.outbox_counts(""),
            (std::map<std::string, std::int64_t>{{"dead", 0}, {"pending", 0}, {"sent", kEntries}}));
  EXPECT_GT(busy_workers, 1u) << "one worker took everything: nothing ran at once";
}

}  // namespace
}  // namespace magnete::collector
