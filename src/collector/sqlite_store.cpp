#include "sqlite_store.hpp"
#include "store_rows.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace magnete::collector {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS leads (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  campaign_version TEXT NOT NULL,
  variant TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL DEFAULT '',
  band TEXT NOT NULL DEFAULT '',
  grade TEXT NOT NULL DEFAULT '',
  score REAL NOT NULL DEFAULT 0,
  verified INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  client_assessment TEXT NOT NULL DEFAULT '',
  server_assessment TEXT NOT NULL DEFAULT '',
  consents TEXT NOT NULL DEFAULT '[]',
  payload TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  response TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  views INTEGER NOT NULL DEFAULT 0,
  channel TEXT NOT NULL DEFAULT 'script',
  reason_code TEXT NOT NULL DEFAULT '',
  dropped_events INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS leads_by_campaign ON leads (campaign_id, received_at);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  lead_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  destination TEXT NOT NULL,
  request TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  claimed_by TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (lead_id, destination)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS outbox_by_campaign ON outbox (campaign_id, status);
)sql";

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return stmt_ != nullptr; }
  void bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind(int index, int value) { sqlite3_bind_int64(stmt_, index, value); }
  int step() { return sqlite3_step(stmt_); }
  std::string text(int column) const {
    const unsigned char* t = sqlite3_column_text(stmt_, column);
    return t == nullptr
               ? ""
               : std::string(reinterpret_cast<const char*>(t),
                             static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool boolean(int column) const { return integer(column) != 0; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

SqliteStore::SqliteStore(const std::string& data_dir) {
  std::string path = data_dir + "/magnete.db";
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    error_ =
        "cannot open " + path + ": " + (db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close(db_);
    db_ = nullptr;
    return;
  }
  sqlite3_busy_timeout(db_, 5000);
  // WAL with synchronous=FULL: a lead acknowledged with 2xx is on disk, even after kill -9
  // or a power cut.
  // A claim found at open is a process's that ended without recording its attempt (kill -9):
  // the folder is one collector's (main.cpp takes DATA/magnete.lock before opening the store),
  // so its entries are due again now, not when the lease (5 minutes) runs out.
  if (!exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=FULL") || !exec(kSchema) ||
      !migrate() ||
      !exec("UPDATE outbox SET claimed_by = '', lease_until = 0 "
            "WHERE status = 'pending' AND claimed_by <> ''")) {
    sqlite3_close(db_);
    db_ = nullptr;
  }
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

// Databases made by an earlier version lack the newer columns: add them. Every lead stored
// before the form route came from the widget's script; none had events dropped.
bool SqliteStore::migrate() {
  bool has_source = false, has_channel = false, has_code = false, has_dropped = false;
  {
    Statement s(db_, "SELECT name FROM pragma_table_info('leads')");
    while (s.step() == SQLITE_ROW) {
      has_source = has_source || s.text(0) == "source";
      has_channel = has_channel || s.text(0) == "channel";
      has_code = has_code || s.text(0) == "reason_code";
      has_dropped = has_dropped || s.text(0) == "dropped_events";
    }
  }
  if (!has_source && !(exec("ALTER TABLE leads ADD COLUMN source TEXT NOT NULL DEFAULT ''") &&
                       exec("ALTER TABLE leads ADD COLUMN views INTEGER NOT NULL DEFAULT 0"))) {
    return false;
  }
  if (!has_channel &&
      !exec("ALTER TABLE leads ADD COLUMN channel TEXT NOT NULL DEFAULT 'script'")) {
    return false;
  }
  // Rows stored before reasons had codes get theirs once, from the only texts those versions
  // wrote for a bot; from then on the code is stored with the row and nothing reads the prose.
  if (!has_code &&
      !(exec("ALTER TABLE leads ADD COLUMN reason_code TEXT NOT NULL DEFAULT ''") &&
        exec("UPDATE leads SET reason_code = CASE WHEN reason LIKE '%honeypot%' THEN 'honeypot' "
             "WHEN reason LIKE '%ms after the form appeared%' THEN 'too_fast' ELSE '' END "
             "WHERE status = 'rejected'"))) {
    return false;
  }
  return has_dropped ||
         exec("ALTER TABLE leads ADD COLUMN dropped_events INTEGER NOT NULL DEFAULT 0");
}

bool SqliteStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    error_ = message != nullptr ? message : "sqlite error";
    sqlite3_free(message);
    return false;
  }
  return true;
}

std::optional<StoredLead> SqliteStore::find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_, (std::string("SELECT ") + kLeadColumns + " FROM leads WHERE id = ?").c_str());
  s.bind(1, id);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  return lead_from_row(s);
}

bool SqliteStore::insert_lead(const StoredLead& lead) {
  Statement s(db_, (std::string("INSERT OR IGNORE INTO leads (") + kLeadColumns +
                    ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                       .c_str());
  if (!s.ok()) return false;
  s.bind(1, lead.id);
  s.bind(2, lead.campaign_id);
  s.bind(3, lead.campaign_version);
  s.bind(4, lead.variant);
  s.bind(5, lead.received_at);
  s.bind(6, lead.submitted_at);
  s.bind(7, lead.email);
  s.bind(8, lead.stage);
  s.bind(9, lead.band);
  s.bind(10, lead.grade);
  s.bind(11, lead.score);
  s.bind(12, static_cast<std::int64_t>(lead.verified));
  s.bind(13, lead.status);
  s.bind(14, lead.reason);
  s.bind(15, lead.client_assessment);
  s.bind(16, lead.server_assessment);
  s.bind(17, lead.consents);
  s.bind(18, lead.payload);
  s.bind(19, static_cast<std::int64_t>(lead.http_status));
  s.bind(20, lead.response);
  s.bind(21, lead.source);
  s.bind(22, lead.views);
  s.bind(23, lead.channel);
  s.bind(24, lead.reason_code);
  s.bind(25, lead.dropped_events);
  return s.step() == SQLITE_DONE && sqlite3_changes(db_) == 1;
}

bool SqliteStore::insert(const StoredLead& lead, const std::vector<OutboxEntry>& outbox) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (outbox.empty()) return insert_lead(lead);  // one statement: its own transaction
  // BEGIN IMMEDIATE: the write lock at once, so that the lead and its outbox are one commit.
  if (!exec("BEGIN IMMEDIATE")) return false;
  bool ok = insert_lead(lead);
  for (std::size_t i = 0; ok && i < outbox.size(); ++i) {
    const OutboxEntry& e = outbox[i];
    Statement s(db_,
                "INSERT INTO outbox (lead_id, campaign_id, destination, request, status, attempts, "
                "next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,'pending',0,?,?,?)");
    const std::string& created = e.created_at.empty() ? lead.received_at : e.created_at;
    s.bind(1, lead.id);
    s.bind(2, lead.campaign_id);
    s.bind(3, e.destination);
    s.bind(4, e.request);
    s.bind(5, e.next_attempt_at);
    s.bind(6, created);
    s.bind(7, created);
    ok = s.ok() && s.step() == SQLITE_DONE;
  }
  if (ok && exec("COMMIT")) return true;
  exec("ROLLBACK");
  return false;
}

std::vector<StoredLead> SqliteStore::list(const LeadQuery& q) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string sql = std::string("SELECT ") + kLeadColumns +
                    " FROM leads WHERE (?1 = '' OR campaign_id = ?1) AND (?2 = '' OR stage = ?2)"
                    " AND (?3 = '' OR status = ?3) AND (?4 = '' OR received_at >= ?4)"
                    " AND (?5 = '' OR received_at < ?5) AND (?7 = '' OR channel = ?7)"
                    " ORDER BY received_at DESC, id LIMIT ?6";
  Statement s(db_, sql.c_str());
  s.bind(1, q.campaign);
  s.bind(2, q.stage);
  s.bind(3, q.status);
  s.bind(4, q.since);
  s.bind(5, q.until);
  s.bind(6, static_cast<std::int64_t>(q.limit));
  s.bind(7, q.channel);
  std::vector<StoredLead> out;
  while (s.step() == SQLITE_ROW) out.push_back(lead_from_row(s));
  return out;
}

std::vector<StoredLead> SqliteStore::summaries(const LeadQuery& q) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(
      db_,
      "SELECT id, campaign_id, campaign_version, variant, received_at, submitted_at, email, stage, "
      "band, grade, score, verified, status, reason, '', '', '', '', http_status, '', source, "
      "views, "
      "channel, reason_code, dropped_events FROM leads WHERE (?1 = '' OR campaign_id = ?1) "
      "AND (?2 = '' OR received_at >= ?2) AND (?3 = '' OR received_at < ?3) "
      "ORDER BY received_at, id");
  s.bind(1, q.campaign);
  s.bind(2, q.since);
  s.bind(3, q.until);
  std::vector<StoredLead> out;
  while (s.step() == SQLITE_ROW) out.push_back(lead_from_row(s));
  return out;
}

std::int64_t SqliteStore::count_received(const std::string& campaign_id, const std::string& since,
                                         const std::string& until) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Read through the index leads_by_campaign (campaign_id, received_at).
  Statement s(db_,
              "SELECT COUNT(*) FROM leads WHERE campaign_id = ? AND received_at >= ? "
              "AND received_at < ?");
  s.bind(1, campaign_id);
  s.bind(2, since);
  s.bind(3, until);
  return s.step() == SQLITE_ROW ? s.integer(0) : 0;
}

std::int64_t SqliteStore::count() {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_, "SELECT COUNT(*) FROM leads");
  return s.step() == SQLITE_ROW ? s.integer(0) : 0;
}

std::vector<OutboxEntry> SqliteStore::claim_due(TimeMs now, std::size_t limit,
                                                const std::string& worker, TimeMs lease_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  // One connection behind one mutex, and the data folder locked to one collector (data_lock):
  // the UPDATE alone makes the claim exclusive.
  Statement s(db_, (std::string("UPDATE outbox SET claimed_by = ?1, lease_until = ?2 WHERE id IN "
                                "(SELECT id FROM outbox WHERE status = 'pending' AND "
                                "next_attempt_at <= ?3 AND (claimed_by = '' OR lease_until <= ?3) "
                                "ORDER BY next_attempt_at, id LIMIT ?4) RETURNING ") +
                    kOutboxColumns)
                       .c_str());
  s.bind(1, worker);
  s.bind(2, now + lease_ms);
  s.bind(3, now);
  s.bind(4, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> out;
  while (s.step() == SQLITE_ROW) out.push_back(entry_from_row(s));
  std::sort(out.begin(), out.end(), [](const OutboxEntry& a, const OutboxEntry& b) {
    return a.next_attempt_at != b.next_attempt_at ? a.next_attempt_at < b.next_attempt_at
                                                  : a.id < b.id;
  });
  return out;
}

bool SqliteStore::record_attempt(std::int64_t entry_id, const std::string& worker,
                                 const OutboxAttempt& attempt) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_,
              "UPDATE outbox SET status = ?1, attempts = attempts + 1, next_attempt_at = ?2, "
              "last_status = ?3, last_error = ?4, updated_at = ?5, claimed_by = '', "
              "lease_until = 0 WHERE id = ?6 AND claimed_by = ?7 AND status = 'pending'");
  s.bind(1, attempt.status);
  s.bind(2, attempt.next_attempt_at);
  s.bind(3, attempt.http_status);
  s.bind(4, attempt.error);
  s.bind(5, format_time(attempt.at));
  s.bind(6, entry_id);
  s.bind(7, worker);
  return s.step() == SQLITE_DONE && sqlite3_changes(db_) == 1;
}

std::int64_t SqliteStore::release(const std::string& worker) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_,
              "UPDATE outbox SET claimed_by = '', lease_until = 0 WHERE claimed_by = ?1 AND "
              "status = 'pending'");
  s.bind(1, worker);
  return s.step() == SQLITE_DONE ? sqlite3_changes(db_) : 0;
}

std::vector<OutboxEntry> SqliteStore::outbox_of_leads(const std::vector<std::string>& lead_ids) {
  if (lead_ids.empty()) return {};
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_, (std::string("SELECT ") + kOutboxColumns +
                    " FROM outbox WHERE lead_id IN (SELECT value FROM json_each(?1))"
                    " ORDER BY lead_id, id")
                       .c_str());
  s.bind(1, id_list(lead_ids));
  std::vector<OutboxEntry> out;
  while (s.step() == SQLITE_ROW) out.push_back(entry_from_row(s));
  return out;
}

std::vector<OutboxEntry> SqliteStore::outbox(const OutboxQuery& q) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_, (std::string("SELECT ") + kOutboxColumns +
                    " FROM outbox WHERE (?1 = '' OR campaign_id = ?1) AND (?2 = '' OR status = ?2)"
                    " AND (?3 = '' OR destination = ?3) ORDER BY updated_at DESC, id DESC LIMIT ?4")
                       .c_str());
  s.bind(1, q.campaign);
  s.bind(2, q.status);
  s.bind(3, q.destination);
  s.bind(4, static_cast<std::int64_t>(q.limit));
  std::vector<OutboxEntry> out;
  while (s.step() == SQLITE_ROW) out.push_back(entry_from_row(s));
  return out;
}

std::map<std::string, std::int64_t> SqliteStore::outbox_counts(const std::string& campaign) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_,
              "SELECT status, COUNT(*) FROM outbox WHERE (?1 = '' OR campaign_id = ?1) "
              "GROUP BY status");
  s.bind(1, campaign);
  std::map<std::string, std::int64_t> out{{"pending", 0}, {"sent", 0}, {"dead", 0}};
  while (s.step() == SQLITE_ROW) out[s.text(0)] = s.integer(1);
  return out;
}

std::int64_t SqliteStore::replay_dead(const std::string& campaign, TimeMs now) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement s(db_,
              "UPDATE outbox SET status = 'pending', next_attempt_at = ?1, claimed_by = '', "
              "lease_until = 0, updated_at = ?2 WHERE status = 'dead' AND "
              "(?3 = '' OR campaign_id = ?3)");
  s.bind(1, now);
  s.bind(2, format_time(now));
  s.bind(3, campaign);
  return s.step() == SQLITE_DONE ? sqlite3_changes(db_) : 0;
}

}  // namespace magnete::collector
