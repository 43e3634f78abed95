#include "sqlite_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include <sqlite3.h>

#include "collector/postgres_server.hpp"
#include "collector/seed_leads.hpp"
#include "postgres_store.hpp"

namespace magnete::collector {
namespace {

StoredLead make_row(const std::string& id, const std::string& received_at,
                    const std::string& stage = "mql") {
  StoredLead row;
  row.id = id;
  row.campaign_id = "seed-b2b";
  row.campaign_version = "1";
  row.variant = "b";
  row.received_at = received_at;
  row.submitted_at = "2026-11-22T09:30:00.000Z";
  row.email = "mario.rossi@example.com";
  row.stage = stage;
  row.band = "hot";
  row.grade = "B";
  row.score = 44.5;
  row.verified = true;
  row.status = "accepted";
  row.reason = "";
  row.client_assessment = R"({"score":44.5})";
  row.server_assessment = R"({"score":44.5})";
  row.consents = R"([{"id":"privacy","granted":true,"text":"Ho letto l'informativa…"}])";
  row.payload = R"({"id":")" + id + R"("})";
  row.http_status = 201;
  row.response = R"({"ok":true})";
  return row;
}

// A temporary data folder per test; SQLite's own tests (its file, its migrations of older
// databases) use it alone.
class CollectorSqliteStore : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = magnete::testing::unique_temp_dir("magnete-store"); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

// The suite every backend passes (store.hpp): SQLite in the data folder, PostgreSQL in a fresh
// database of the test server (postgres_server.hpp).
class CollectorStore : public CollectorSqliteStore,
                       public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    CollectorSqliteStore::SetUp();
    if (GetParam() == "postgresql") {
      uri_ = magnete::testing::postgres_uri();
      ASSERT_FALSE(uri_.empty());
    }
  }
  /// The store under test, on this test's data: opened again, it finds what it wrote.
  std::unique_ptr<Store> open() const {
    if (GetParam() == "postgresql") return std::make_unique<PostgresStore>(uri_);
    return std::make_unique<SqliteStore>(dir_.string());
  }
  std::string uri_;
};

TEST_F(CollectorSqliteStore, OpensAnEmptyDatabaseInTheDataFolder) {
  SqliteStore store(dir_.string());
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(store.count(), 0);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "magnete.db"));
  EXPECT_FALSE(store.find("nobody").has_value());
  EXPECT_TRUE(store.list({}).empty());
}

TEST_F(CollectorSqliteStore, AMissingFolderIsAnErrorNamingTheFile) {
  std::string missing = (dir_ / "no" / "such" / "folder").string();
  SqliteStore store(missing);
  EXPECT_FALSE(store.ok());
  EXPECT_NE(store.error().find(missing + "/magnete.db"), std::string::npos) << store.error();
}

TEST_P(CollectorStore, OpensEmpty) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  EXPECT_EQ(store->backend(), GetParam());
  EXPECT_EQ(store->count(), 0);
  EXPECT_FALSE(store->find("nobody").has_value());
  EXPECT_TRUE(store->list({}).empty());
  EXPECT_TRUE(store->summaries({}).empty());
  EXPECT_TRUE(store->outbox({}).empty());
  EXPECT_EQ(store->outbox_counts(""),
            (std::map<std::string, std::int64_t>{{"dead", 0}, {"pending", 0}, {"sent", 0}}));
}

TEST_P(CollectorStore, EveryColumnRoundTrips) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  StoredLead row = make_row("lead-1", "2026-11-22T10:00:00.000Z");
  const char reason[] = "with\0nul, quotes \" and ünïcödé";
  row.reason = std::string(reason, sizeof reason - 1);
  ASSERT_EQ(row.reason.size(), 34u);
  if (GetParam() == "postgresql") {
    // PostgreSQL's text holds no NUL byte (postgres_store.hpp): a failed write, nothing stored.
    EXPECT_FALSE(store->insert(row));
    EXPECT_EQ(store->count(), 0);
    row.reason.erase(4, 1);
  }
  ASSERT_TRUE(store->insert(row));
  auto found = store->find("lead-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, row.id);
  EXPECT_EQ(found->campaign_id, row.campaign_id);
  EXPECT_EQ(found->campaign_version, row.campaign_version);
  EXPECT_EQ(found->variant, row.variant);
  EXPECT_EQ(found->received_at, row.received_at);
  EXPECT_EQ(found->submitted_at, row.submitted_at);
  EXPECT_EQ(found->email, row.email);
  EXPECT_EQ(found->stage, row.stage);
  EXPECT_EQ(found->band, row.band);
  EXPECT_EQ(found->grade, row.grade);
  EXPECT_DOUBLE_EQ(found->score, 44.5);
  EXPECT_TRUE(found->verified);
  EXPECT_EQ(found->status, row.status);
  EXPECT_EQ(found->reason, row.reason);
  EXPECT_EQ(found->reason_code, "");  // the default
  EXPECT_EQ(found->client_assessment, row.client_assessment);
  EXPECT_EQ(found->server_assessment, row.server_assessment);
  EXPECT_EQ(found->consents, row.consents);
  EXPECT_EQ(found->payload, row.payload);
  EXPECT_EQ(found->http_status, 201);
  EXPECT_EQ(found->response, row.response);
  EXPECT_EQ(found->channel, "script");  // the default
  row.id = "lead-2";
  row.channel = "form";
  row.status = "rejected";
  row.reason_code = "too_fast";
  ASSERT_TRUE(store->insert(row));
  EXPECT_EQ(store->find("lead-2")->channel, "form");
  EXPECT_EQ(store->find("lead-2")->reason_code, "too_fast");
  EXPECT_EQ(store->summaries({}).at(1).reason_code, "too_fast");
}

TEST_P(CollectorStore, InsertingAnExistingIdChangesNothing) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  ASSERT_TRUE(store->insert(make_row("lead-1", "2026-11-22T10:00:00.000Z")));
  StoredLead other = make_row("lead-1", "2026-11-23T10:00:00.000Z", "sql");
  other.email = "someone.else@example.org";
  EXPECT_FALSE(store->insert(other));
  EXPECT_EQ(store->count(), 1);
  EXPECT_EQ(store->find("lead-1")->email, "mario.rossi@example.com");
  EXPECT_EQ(store->find("lead-1")->stage, "mql");
}

TEST_P(CollectorStore, ListsNewestFirstWithFiltersAndLimit) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  ASSERT_TRUE(store->insert(make_row("a", "2026-11-20T10:00:00.000Z", "lead")));
  ASSERT_TRUE(store->insert(make_row("b", "2026-11-21T10:00:00.000Z", "mql")));
  ASSERT_TRUE(store->insert(make_row("c", "2026-11-22T10:00:00.000Z", "sql")));
  auto ids = [&](const LeadQuery& q) {
    std::vector<std::string> out;
    for (const auto& l : store->list(q)) out.push_back(l.id);
    return out;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids({}), (Ids{"c", "b", "a"}));
  LeadQuery limited;
  limited.limit = 2;
  EXPECT_EQ(ids(limited), (Ids{"c", "b"}));
  LeadQuery window;
  window.since = "2026-11-21T10:00:00.000Z";
  window.until = "2026-11-22T10:00:00.000Z";
  EXPECT_EQ(ids(window), Ids{"b"});
  LeadQuery stage;
  stage.stage = "sql";
  EXPECT_EQ(ids(stage), Ids{"c"});
  LeadQuery campaign;
  campaign.campaign = "another";
  EXPECT_EQ(ids(campaign), Ids{});
}

TEST_P(CollectorStore, RowsSurviveClosingAndReopening) {
  {
    auto store = open();
    ASSERT_TRUE(store->ok()) << store->error();
    ASSERT_TRUE(store->insert(make_row("kept", "2026-11-22T10:00:00.000Z")));
  }
  auto reopened = open();
  ASSERT_TRUE(reopened->ok()) << reopened->error();
  EXPECT_EQ(reopened->count(), 1);
  ASSERT_TRUE(reopened->find("kept").has_value());
  EXPECT_EQ(reopened->find("kept")->response, R"({"ok":true})");
}

TEST_P(CollectorStore, CountsALeadsCampaignReceivedInAWindow) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  ASSERT_TRUE(store->insert(make_row("a", "2026-11-20T10:00:00.000Z")));
  ASSERT_TRUE(store->insert(make_row("b", "2026-11-21T10:00:00.000Z")));
  ASSERT_TRUE(store->insert(make_row("c", "2026-11-22T10:00:00.000Z")));
  EXPECT_EQ(
      store->count_received("seed-b2b", "2026-11-21T00:00:00.000Z", "2026-11-22T10:00:00.000Z"),
      1);  // until excluded
  EXPECT_EQ(
      store->count_received("seed-b2b", "2026-11-20T10:00:00.000Z", "2026-11-23T00:00:00.000Z"), 3);
  EXPECT_EQ(
      store->count_received("another", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"), 0);
}

TEST_P(CollectorStore, ListsByChannel) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  StoredLead widget = make_row("by-script", "2026-11-22T10:00:00.000Z");
  StoredLead form = make_row("by-form", "2026-11-22T10:01:00.000Z");
  form.channel = "form";
  ASSERT_TRUE(store->insert(widget));
  ASSERT_TRUE(store->insert(form));
  LeadQuery q;
  q.channel = "form";
  auto forms = store->list(q);
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].id, "by-form");
  q.channel = "script";
  EXPECT_EQ(store->list(q).at(0).id, "by-script");
  EXPECT_EQ(store->list({}).size(), 2u);
  EXPECT_EQ(store->summaries({}).at(1).channel, "form");
}

// A database written before the columns source, views and channel existed: opened, it gains
// them, its leads read as the widget's ("script"), and new leads go in.
TEST_F(CollectorSqliteStore, AnOlderDatabaseIsMigrated) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "magnete.db").string().c_str(), &db), SQLITE_OK);
    const char* old_schema = R"sql(
      CREATE TABLE leads (id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, campaign_version TEXT NOT NULL,
        variant TEXT NOT NULL DEFAULT '', received_at TEXT NOT NULL, submitted_at TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '', stage TEXT NOT NULL DEFAULT '', band TEXT NOT NULL DEFAULT '',
        grade TEXT NOT NULL DEFAULT '', score REAL NOT NULL DEFAULT 0, verified INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', client_assessment TEXT NOT NULL DEFAULT '',
        server_assessment TEXT NOT NULL DEFAULT '', consents TEXT NOT NULL DEFAULT '[]', payload TEXT NOT NULL,
        http_status INTEGER NOT NULL, response TEXT NOT NULL);
      INSERT INTO leads (id, campaign_id, campaign_version, received_at, submitted_at, status, payload,
        http_status, response) VALUES ('old-1', 'seed-b2b', '1', '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z', 'accepted', '{}', 201, '{}');)sql";
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, old_schema, nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }
  SqliteStore store(dir_.string());
  ASSERT_TRUE(store.ok()) << store.error();
  auto old = store.find("old-1");
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->channel, "script");
  EXPECT_EQ(old->source, "");
  StoredLead form = make_row("new-1", "2026-11-22T10:00:00.000Z");
  form.channel = "form";
  EXPECT_TRUE(store.insert(form));
  EXPECT_EQ(store.find("new-1")->channel, "form");
}

// A database of the version with source and views, before channel.
TEST_F(CollectorSqliteStore, ADatabaseWithoutTheChannelGainsIt) {
  {
    SqliteStore first(dir_.string());
    ASSERT_TRUE(first.insert(make_row("before", "2026-11-22T10:00:00.000Z")));
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "magnete.db").string().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "ALTER TABLE leads DROP COLUMN channel", nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  SqliteStore store(dir_.string());
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(store.find("before")->channel, "script");
}

// A database of the version before reasons had codes: it gains the column, and its bots' rows
// get the code of the only texts that version wrote for them, once; other rows get none.
TEST_F(CollectorSqliteStore, ADatabaseWithoutReasonCodesGainsThemFromItsBotsReasons) {
  {
    SqliteStore first(dir_.string());
    StoredLead honeypot = make_row("honeypot", "2026-11-22T10:00:00.000Z");
    honeypot.status = "rejected";
    honeypot.reason = "bot: the hidden honeypot field was filled";
    StoredLead fast = make_row("fast", "2026-11-22T10:01:00.000Z");
    fast.status = "rejected";
    fast.reason = "bot: sent 400 ms after the form appeared (minimum 1500)";
    StoredLead unverified = make_row("unverified", "2026-11-22T10:02:00.000Z");
    unverified.reason = "the lead carried no assessment";
    for (const auto& row : {honeypot, fast, unverified}) ASSERT_TRUE(first.insert(row));
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "magnete.db").string().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(
        sqlite3_exec(db, "ALTER TABLE leads DROP COLUMN reason_code", nullptr, nullptr, nullptr),
        SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  SqliteStore store(dir_.string());
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(store.find("honeypot")->reason_code, "honeypot");
  EXPECT_EQ(store.find("fast")->reason_code, "too_fast");
  EXPECT_EQ(store.find("unverified")->reason_code, "");
}

// The forwarding outbox (store.hpp): written with its lead, claimed by one worker at a time.
OutboxEntry entry_for(const std::string& destination, TimeMs due = 1000) {
  OutboxEntry e;
  e.destination = destination;
  e.request = R"({"format":"webhook","url":"http://127.0.0.1:9/hook"})";
  e.next_attempt_at = due;
  return e;
}

OutboxAttempt attempt(const std::string& status, int http_status, const std::string& error,
                      TimeMs at, TimeMs next = 0) {
  OutboxAttempt a;
  a.status = status;
  a.http_status = http_status;
  a.error = error;
  a.at = at;
  a.next_attempt_at = next;
  return a;
}

TEST_P(CollectorStore, ALeadAndItsOutboxAreWrittenTogether) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  ASSERT_TRUE(store->insert(make_row("lead-1", "2026-11-22T10:00:00.000Z"),
                            {entry_for("crm"), entry_for("hook")}));
  auto entries = store->outbox_of("lead-1");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].destination, "crm");
  EXPECT_EQ(entries[1].destination, "hook");
  for (const auto& e : entries) {
    EXPECT_EQ(e.lead_id, "lead-1");
    EXPECT_EQ(e.campaign_id, "seed-b2b");
    EXPECT_EQ(e.status, "pending");
    EXPECT_EQ(e.attempts, 0);
    EXPECT_EQ(e.request, R"({"format":"webhook","url":"http://127.0.0.1:9/hook"})");
    EXPECT_EQ(e.created_at, "2026-11-22T10:00:00.000Z");
  }
  // The same id again: refused, and no second outbox entry.
  EXPECT_FALSE(store->insert(make_row("lead-1", "2026-11-22T10:05:00.000Z"), {entry_for("crm")}));
  EXPECT_EQ(store->outbox_of("lead-1").size(), 2u);
  // Two entries for one destination of one lead: the whole lead is refused, nothing written.
  EXPECT_FALSE(store->insert(make_row("lead-2", "2026-11-22T10:00:00.000Z"),
                             {entry_for("crm"), entry_for("crm")}));
  EXPECT_FALSE(store->find("lead-2").has_value());
  EXPECT_TRUE(store->outbox_of("lead-2").empty());
  EXPECT_EQ(store->count(), 1);
}

TEST_P(CollectorStore, ReadsTheOutboxOfManyLeadsInOneQuery) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  // Ids that JSON must escape go through the one parameter the query takes.
  const std::vector<std::string> ids = {"lead-b", "lead-a", R"(quote"and\back)", "none"};
  ASSERT_TRUE(store->insert(make_row("lead-a", "2026-11-22T10:00:00.000Z"), {entry_for("crm")}));
  ASSERT_TRUE(store->insert(make_row("lead-b", "2026-11-22T10:01:00.000Z"),
                            {entry_for("crm"), entry_for("hook")}));
  ASSERT_TRUE(store->insert(make_row(ids[2], "2026-11-22T10:02:00.000Z"), {entry_for("hook")}));
  ASSERT_TRUE(store->insert(make_row("lead-c", "2026-11-22T10:03:00.000Z"), {entry_for("crm")}));
  std::vector<std::string> got;
  for (const auto& e : store->outbox_of_leads(ids)) got.push_back(e.lead_id + " " + e.destination);
  // By lead, then in order of insertion; "lead-c", not asked for, and "none" bring nothing.
  EXPECT_EQ(got, (std::vector<std::string>{"lead-a crm", "lead-b crm", "lead-b hook",
                                           std::string(ids[2]) + " hook"}));
  EXPECT_TRUE(store->outbox_of_leads({}).empty());
  EXPECT_EQ(store->outbox_of(ids[2]).size(), 1u);
}

TEST_P(CollectorStore, AReleasedClaimIsDueAgainAtOnceForAnyWorker) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  ASSERT_TRUE(store->insert(make_row("one", "2026-11-22T10:00:00.000Z"),
                            {entry_for("crm", 100), entry_for("hook", 100)}));
  auto claimed = store->claim_due(1000, 10, "stopping", 600'000);
  ASSERT_EQ(claimed.size(), 2u);
  OutboxAttempt sent;
  sent.status = "sent";
  sent.http_status = 200;
  sent.at = 1100;
  ASSERT_TRUE(store->record_attempt(claimed[0].id, "stopping", sent));
  EXPECT_EQ(store->release("someone-else"), 0);
  EXPECT_EQ(store->release("stopping"), 1);  // the one it had not sent; the sent one stays
  auto again = store->claim_due(1200, 10, "other", 600'000);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, claimed[1].id);
  EXPECT_EQ(again[0].attempts, 0);
  EXPECT_FALSE(store->record_attempt(claimed[1].id, "stopping", sent));
  EXPECT_EQ(store->outbox_counts("").at("sent"), 1);
}

TEST_P(CollectorStore, AnEntryIsClaimedByOneWorkerUntilItsLeaseRunsOut) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  ASSERT_TRUE(
      store->insert(make_row("early", "2026-11-22T10:00:00.000Z"), {entry_for("crm", 100)}));
  ASSERT_TRUE(
      store->insert(make_row("later", "2026-11-22T10:00:00.000Z"), {entry_for("crm", 5000)}));
  auto claimed = store->claim_due(1000, 10, "worker-a", 30'000);
  ASSERT_EQ(claimed.size(), 1u);  // "later" is not due yet
  EXPECT_EQ(claimed[0].lead_id, "early");
  EXPECT_TRUE(store->claim_due(1000, 10, "worker-b", 30'000).empty());  // held by worker-a
  // Both due now: worker-b gets only the one nobody holds.
  auto other = store->claim_due(6000, 10, "worker-b", 30'000);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].lead_id, "later");
  // worker-a's lease runs out at 31,000: then worker-b may take "early", and worker-a's late
  // answer is not recorded over it.
  auto taken = store->claim_due(31'000, 10, "worker-b", 30'000);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].lead_id, "early");
  EXPECT_FALSE(store->record_attempt(claimed[0].id, "worker-a", attempt("sent", 200, "", 31'500)));
  EXPECT_TRUE(store->record_attempt(taken[0].id, "worker-b", attempt("sent", 200, "", 31'600)));
  auto sent = store->outbox_of("early");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].status, "sent");
  EXPECT_EQ(sent[0].attempts, 1);
  EXPECT_EQ(sent[0].last_status, 200);
  EXPECT_EQ(sent[0].updated_at, "1970-01-01T00:00:31.600Z");
  // A sent entry is never claimed again, nor recorded again.
  EXPECT_TRUE(store->claim_due(10'000'000, 10, "worker-c", 30'000).size() == 1u);  // "later"
  EXPECT_FALSE(store->record_attempt(taken[0].id, "worker-b", attempt("sent", 200, "", 40'000)));
}

TEST_P(CollectorStore, ARetryWaitsItsTurnAndADeadLetterIsReplayed) {
  auto store = open();
  ASSERT_TRUE(store->ok()) << store->error();
  ASSERT_TRUE(store->insert(make_row("lead-1", "2026-11-22T10:00:00.000Z"), {entry_for("crm", 0)}));
  auto first = store->claim_due(1000, 10, "w", 30'000);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_TRUE(
      store->record_attempt(first[0].id, "w", attempt("pending", 503, "HTTP 503", 1100, 9000)));
  EXPECT_TRUE(store->claim_due(8999, 10, "w", 30'000).empty());
  auto second = store->claim_due(9000, 10, "w", 30'000);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempts, 1);
  EXPECT_EQ(second[0].last_error, "HTTP 503");
  ASSERT_TRUE(store->record_attempt(second[0].id, "w",
                                    attempt("dead", 400, "HTTP 400: FIELD_NOT_IN_FORM", 9100)));
  EXPECT_TRUE(store->claim_due(1'000'000, 10, "w", 30'000).empty());
  EXPECT_EQ(store->outbox_counts(""),
            (std::map<std::string, std::int64_t>{{"dead", 1}, {"pending", 0}, {"sent", 0}}));
  OutboxQuery dead;
  dead.status = "dead";
  auto letters = store->outbox(dead);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].last_error, "HTTP 400: FIELD_NOT_IN_FORM");
  EXPECT_EQ(letters[0].last_status, 400);
  EXPECT_EQ(store->replay_dead("another-campaign", 20'000), 0);
  EXPECT_EQ(store->replay_dead("seed-b2b", 20'000), 1);
  auto again = store->claim_due(20'000, 10, "w", 30'000);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);  // kept: the history of the entry stays
  EXPECT_EQ(store->outbox_counts("seed-b2b").at("pending"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CollectorStore, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

}  // namespace
}  // namespace magnete::collector
