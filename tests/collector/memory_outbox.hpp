#pragma once
// TEMPORARY: an outbox in memory with the claim semantics of the Store interface landing on main
// (claims leased to one worker; an attempt recorded only by the worker holding the claim). Once
// main's store.hpp is merged the forwarder tests use open_store("", tmpdir) instead.
#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "outbox_store.hpp"

namespace magnete::collector::testing {

class MemoryOutbox : public OutboxStore {
 public:
  void add(std::vector<OutboxEntry> entries) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& e : entries) {
      e.id = static_cast<std::int64_t>(rows_.size()) + 1;
      rows_.push_back({std::move(e), "", 0});
    }
  }
  std::vector<OutboxEntry> claim_due(TimeMs now, std::size_t limit, const std::string& worker,
                                     TimeMs lease_ms) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<OutboxEntry> out;
    for (auto& row : rows_) {
      if (out.size() >= limit) break;
      if (row.entry.status != "pending" || row.entry.next_attempt_at > now) continue;
      if (!row.owner.empty() && row.lease_until > now) continue;
      row.owner = worker;
      row.lease_until = now + lease_ms;
      out.push_back(row.entry);
    }
    return out;
  }
  bool record_attempt(std::int64_t entry_id, const std::string& worker,
                      const OutboxAttempt& attempt) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (entry_id < 1 || entry_id > static_cast<std::int64_t>(rows_.size())) return false;
    Row& row = rows_[static_cast<std::size_t>(entry_id - 1)];
    if (row.owner != worker) return false;
    row.owner.clear();
    row.entry.status = attempt.status;
    row.entry.attempts += 1;
    row.entry.next_attempt_at = attempt.next_attempt_at;
    row.entry.last_status = attempt.http_status;
    row.entry.last_error = attempt.error;
    return true;
  }
  std::vector<OutboxEntry> outbox_of(const std::string& lead_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<OutboxEntry> out;
    for (const auto& row : rows_)
      if (row.entry.lead_id == lead_id) out.push_back(row.entry);
    return out;
  }
  std::vector<OutboxEntry> outbox(const OutboxQuery& q) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<OutboxEntry> out;
    for (const auto& row : rows_) {
      const OutboxEntry& e = row.entry;
      if ((!q.campaign.empty() && e.campaign_id != q.campaign) ||
          (!q.status.empty() && e.status != q.status) ||
          (!q.destination.empty() && e.destination != q.destination))
        continue;
      if (out.size() >= q.limit) break;
      out.push_back(e);
    }
    return out;
  }
  std::map<std::string, std::int64_t> outbox_counts(const std::string& campaign) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<std::string, std::int64_t> out;
    for (const auto& row : rows_)
      if (campaign.empty() || row.entry.campaign_id == campaign) ++out[row.entry.status];
    return out;
  }
  std::int64_t replay_dead(const std::string& campaign, TimeMs now) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::int64_t n = 0;
    for (auto& row : rows_) {
      if (row.entry.status != "dead" || (!campaign.empty() && row.entry.campaign_id != campaign))
        continue;
      row.entry.status = "pending";
      row.entry.attempts = 0;
      row.entry.next_attempt_at = now;
      ++n;
    }
    return n;
  }

 private:
  struct Row {
    OutboxEntry entry;
    std::string owner;
    TimeMs lease_until = 0;
  };
  std::mutex mutex_;
  std::vector<Row> rows_;
};

}  // namespace magnete::collector::testing
