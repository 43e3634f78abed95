#pragma once
// The shared store: PostgreSQL through libpq (--store postgresql://...), which several collectors
// use at once. The same semantics as SqliteStore, which the same suite checks
// (tests/collector/store_test.cpp); claim_due is exclusive across processes (FOR UPDATE SKIP
// LOCKED). Text columns are COLLATE "C", so that orderings are SQLite's (bytes); PostgreSQL's
// text holds no NUL byte, so a value with one is a failed write here, where SQLite keeps it.
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "store.hpp"

struct pg_conn;

namespace magnete::collector {

class PostgresStore final : public Store {
 public:
  /// Connects to `uri` (a libpq connection URI) and creates the tables if missing; up to
  /// `connections` connections, opened as threads need them, each used by one thread at a time.
  explicit PostgresStore(std::string uri, std::size_t connections = 8);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  bool ok() const override { return ok_; }
  const std::string& error() const override { return error_; }
  std::string backend() const override { return "postgresql"; }

  std::optional<StoredLead> find(const std::string& id) override;
  bool insert(const StoredLead& lead, const std::vector<OutboxEntry>& outbox = {}) override;
  std::vector<StoredLead> list(const LeadQuery& query) override;
  std::vector<StoredLead> summaries(const LeadQuery& query) override;
  std::int64_t count() override;
  std::int64_t count_received(const std::string& campaign_id, const std::string& since,
                              const std::string& until) override;

  std::vector<OutboxEntry> claim_due(TimeMs now, std::size_t limit, const std::string& worker,
                                     TimeMs lease_ms) override;
  bool record_attempt(std::int64_t entry_id, const std::string& worker,
                      const OutboxAttempt& attempt) override;
  std::int64_t release(const std::string& worker) override;
  std::vector<OutboxEntry> outbox_of_leads(const std::vector<std::string>& lead_ids) override;
  std::vector<OutboxEntry> outbox(const OutboxQuery& query) override;
  std::map<std::string, std::int64_t> outbox_counts(const std::string& campaign) override;
  std::int64_t replay_dead(const std::string& campaign, TimeMs now) override;

  /// The URI with its password, if any, replaced by "***": for messages.
  static std::string redact(const std::string& uri);

 private:
  class Connection;  // one borrowed from the pool, given back when it goes out of scope
  pg_conn* connect() const;
  pg_conn* take();
  void give_back(pg_conn* conn);

  std::string uri_;
  std::size_t capacity_;
  bool ok_ = false;
  std::string error_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<pg_conn*> idle_;
  std::size_t open_ = 0;  ///< connections made, idle or borrowed
};

}  // namespace magnete::collector
