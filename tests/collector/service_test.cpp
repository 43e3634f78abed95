#include "service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "campaigns.hpp"
#include "collector/seed_leads.hpp"
#include "sqlite_store.hpp"
#include "support.hpp"

namespace magnete::collector {
namespace {

using magnete::testing::at;
using magnete::testing::build_lead;
using magnete::testing::kPrivacyTextEn;
using magnete::testing::seed_example;
using magnete::testing::SeedLead;

constexpr const char* kToken = "s3cret-token";
constexpr const char* kCsvHeader =
    "id,received_at,submitted_at,campaign_id,campaign_version,variant,email,score,grade,band,"
    "stage,verified,status,reason,channel,forwarding";

Json parse_body(const Response& response) {
  Json body = Json::parse(response.body, nullptr, false);
  EXPECT_FALSE(body.is_discarded()) << response.body;
  return body;
}

std::string header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

/// The paths of a {"ok":false,"errors":[...]} body.
std::vector<std::string> error_paths(const Response& response) {
  std::vector<std::string> paths;
  Json body = parse_body(response);
  if (!body.is_object() || !body.contains("errors")) return paths;
  for (const auto& e : body["errors"]) paths.push_back(e.value("path", "?"));
  return paths;
}

std::string error_messages(const Response& response) {
  std::string out;
  Json body = parse_body(response);
  if (!body.is_object() || !body.contains("errors")) return out;
  for (const auto& e : body["errors"])
    out += e.value("path", "") + ": " + e.value("message", "") + "\n";
  return out;
}

bool has_path(const Response& response, const std::string& path) {
  for (const auto& p : error_paths(response)) {
    if (p == path) return true;
  }
  return false;
}

/// RFC 4180: records of fields; quoted fields may hold commas, CR, LF and doubled quotes.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, in_record = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    in_record = true;
    if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      in_record = false;
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_FALSE(in_record) << "the last record does not end with CRLF";
  return records;
}

/// How the CSV export must show a value (OWASP CSV injection): a quote mark before a formula
/// character (= + - @ TAB CR) that begins the value or a piece of it a spreadsheet may split
/// off (after ; TAB CR LF), spaces between allowed.
std::string defused(const std::string& value) {
  const std::string formula = "=+-@\t\r", splits = ";\t\r\n";
  std::string out;
  std::size_t i = 0;
  while (i <= value.size()) {
    // One piece: up to and including the next split character.
    std::size_t end = value.find_first_of(splits, i);
    end = end == std::string::npos ? value.size() : end + 1;
    std::string piece = value.substr(i, end - i);
    const std::size_t first = piece.find_first_not_of(' ');
    if (first != std::string::npos && formula.find(piece[first]) != std::string::npos) out += '\'';
    out += piece;
    if (end == value.size()) break;
    i = end;
  }
  return out;
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Most tests post many leads from one address: no rate limit unless a test sets one.
    config_.rate_limit = 0;
    dir_ = magnete::testing::unique_temp_dir("magnete-service");
    ASSERT_TRUE(campaigns_.load_dir(magnete::testing::source_path("demo/campaigns")));
    open(kToken);
  }

  void TearDown() override {
    close();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void open(const std::string& token) {
    close();
    Config config = config_;
    config.data_dir = dir_.string();
    config.token = token;
    store_ = open_store("", dir_.string());
    ASSERT_TRUE(store_->ok()) << store_->error();
    service_ = std::make_unique<Service>(config, campaigns_, *store_, [this] { return now_; });
  }

  void close() {
    service_.reset();
    store_.reset();
  }

  Config config_;

  Response post(const std::string& body) {
    Request request;
    request.body = body;
    request.remote_addr = "127.0.0.1";
    return service_->post_lead(request);
  }
  Response post(const OrderedJson& body) { return post(body.dump()); }

  Response get(std::map<std::string, std::string> query,
               const std::string& authorization = std::string("Bearer ") + kToken) {
    Request request;
    request.authorization = authorization;
    request.query = std::move(query);
    return service_->get_leads(request);
  }

  /// The ids of a JSON export, in its order.
  std::vector<std::string> exported_ids(std::map<std::string, std::string> query) {
    Response response = get(std::move(query));
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> ids;
    Json body = parse_body(response);
    for (const auto& lead : body["leads"]) ids.push_back(lead["id"].get<std::string>());
    return ids;
  }

  std::filesystem::path dir_;
  CampaignRegistry campaigns_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Service> service_;
  TimeMs now_ = at("2026-11-22T10:00:00Z");
};

// --- POST /v1/leads -------------------------------------------------------------------------

TEST_F(ServiceTest, ValidLeadIsAcceptedVerifiedAndStoredOnce) {
  OrderedJson lead = build_lead(seed_example("lead-0001"));
  Response response = post(lead);

  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.content_type, "application/json");
  Json body = parse_body(response);
  EXPECT_EQ(body["ok"], true);
  EXPECT_EQ(body["id"], "lead-0001");
  EXPECT_EQ(body["verified"], true);
  EXPECT_FALSE(body.contains("reason"));
  // The server's own assessment, by the seed table (see seed_example).
  const Json& a = body["assessment"];
  EXPECT_EQ(a["score"], 44);
  EXPECT_EQ(a["fit"], 15);
  EXPECT_EQ(a["engagement"], 29);
  EXPECT_EQ(a["grade"], "B");
  EXPECT_EQ(a["band"], "hot");
  EXPECT_EQ(a["stage"], "mql");
  EXPECT_EQ(a, Json::parse(lead["assessment"].dump()));

  ASSERT_EQ(store_->count(), 1);
  auto row = store_->find("lead-0001");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->email, "mario.rossi@example.com");
  EXPECT_EQ(row->stage, "mql");
  EXPECT_EQ(row->grade, "B");
  EXPECT_EQ(row->band, "hot");
  EXPECT_DOUBLE_EQ(row->score, 44.0);
  EXPECT_TRUE(row->verified);
  EXPECT_EQ(row->status, "accepted");
  EXPECT_EQ(row->campaign_id, "seed-b2b");
  EXPECT_EQ(row->campaign_version, "1");
  EXPECT_EQ(row->received_at, "2026-11-22T10:00:00.000Z");
  EXPECT_EQ(row->submitted_at, "2026-11-22T09:30:00.000Z");
  EXPECT_EQ(row->payload, lead.dump());
  Json consents = Json::parse(row->consents, nullptr, false);
  ASSERT_TRUE(consents.is_array()) << row->consents;
  ASSERT_EQ(consents.size(), 1u);
  EXPECT_EQ(consents[0]["id"], "privacy");
  EXPECT_EQ(consents[0]["granted"], true);
  EXPECT_EQ(consents[0]["text"], kPrivacyTextEn);
  EXPECT_EQ(consents[0]["version"], "2026-01");
  EXPECT_EQ(consents[0]["locale"], "en");
  EXPECT_EQ(consents[0]["at"], "2026-11-22T09:29:00.000Z");
}

TEST_F(ServiceTest, NewsletterCountsOnceAndWebinarsEachTime) {
  SeedLead spec = seed_example("lead-capped");
  spec.events = {{"newsletter_signup", 4}, {"webinar_attended", 2}};
  Response response = post(build_lead(spec));
  ASSERT_EQ(response.status, 201) << response.body;
  const Json a = parse_body(response)["assessment"];
  EXPECT_EQ(a["engagement"], 25);  // 5 once + 2 x 10
  EXPECT_EQ(a["score"], 40);
  EXPECT_EQ(a["band"], "hot");
}

TEST_F(ServiceTest, LeadAtExactlyTheSqlThresholdIsSql) {
  SeedLead spec = seed_example("lead-sql");
  // fit 15 + engagement 2x2 + 2x3 + 10 + 5 + 5 = 30: score 45, grade B: sql.
  spec.events = {{"page_view", 2},
                 {"ad_click", 2},
                 {"webinar_attended", 1},
                 {"download", 1},
                 {"newsletter_signup", 1}};
  Response response = post(build_lead(spec));
  ASSERT_EQ(response.status, 201) << response.body;
  Json body = parse_body(response);
  EXPECT_EQ(body["verified"], true);
  EXPECT_EQ(body["assessment"]["score"], 45);
  EXPECT_EQ(body["assessment"]["stage"], "sql");
  EXPECT_EQ(store_->find("lead-sql")->stage, "sql");
}

TEST_F(ServiceTest, SameIdAgainReplaysTheFirstAnswer) {
  std::string lead = build_lead(seed_example("lead-dup")).dump();
  Response first = post(lead);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(header(first, "Idempotent-Replay"), "");

  now_ += 5000;
  Response second = post(lead);
  EXPECT_EQ(second.status, first.status);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(header(second, "Idempotent-Replay"), "true");
  EXPECT_EQ(store_->count(), 1);
  EXPECT_EQ(store_->find("lead-dup")->received_at, "2026-11-22T10:00:00.000Z");
}

TEST_F(ServiceTest, SameIdWithADifferentBodyKeepsTheFirstLead) {
  Response first = post(build_lead(seed_example("lead-dup")));
  ASSERT_EQ(first.status, 201) << first.body;

  SeedLead other = seed_example("lead-dup");
  other.contact["email"] = "someone.else@example.org";
  other.events = {{"webinar_attended", 5}};
  Response second = post(build_lead(other));
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(header(second, "Idempotent-Replay"), "true");
  EXPECT_EQ(store_->count(), 1);
  EXPECT_EQ(store_->find("lead-dup")->email, "mario.rossi@example.com");
  EXPECT_DOUBLE_EQ(store_->find("lead-dup")->score, 44.0);
}

TEST_F(ServiceTest, InvalidJsonNamesLineAndColumn) {
  Response response = post(std::string("{\n  \"id\": \"lead-1\",\n  \"campaign\": oops\n}"));
  EXPECT_EQ(response.status, 400);
  Json body = parse_body(response);
  EXPECT_EQ(body["ok"], false);
  ASSERT_EQ(body["errors"].size(), 1u);
  std::string message = body["errors"][0]["message"];
  EXPECT_NE(message.find("line 3, column "), std::string::npos) << message;
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServiceTest, EmptyAndNonObjectBodiesAreRefused) {
  for (const char* text : {"", "[]", "42", "\"lead\"", "null"}) {
    Response response = post(std::string(text));
    EXPECT_EQ(response.status, 400) << text;
    EXPECT_EQ(parse_body(response)["ok"], false) << text;
  }
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServiceTest, WrongTypesNameTheirJsonPath) {
  OrderedJson base = build_lead(seed_example());
  struct Case {
    const char* path;
    OrderedJson lead;
  };
  std::vector<Case> cases;
  {
    OrderedJson lead = base;
    lead["contact"] = "mario.rossi@example.com";
    cases.push_back({"contact", lead});
  }
  {
    OrderedJson lead = base;
    lead["events"][0]["at"] = "yesterday";
    cases.push_back({"events[0].at", lead});
  }
  {
    OrderedJson lead = base;
    lead["events"][2]["type"] = 7.5;
    cases.push_back({"events[2].type", lead});
  }
  {
    OrderedJson lead = base;
    lead["consents"] = "privacy";
    cases.push_back({"consents", lead});
  }
  {
    OrderedJson lead = base;
    lead["consents"][0]["granted"] = "yes";
    cases.push_back({"consents[0].granted", lead});
  }
  {
    OrderedJson lead = base;
    lead["submitted_at"] = "22/11/2026";
    cases.push_back({"submitted_at", lead});
  }
  {
    OrderedJson lead = base;
    lead["contact"]["age"] = OrderedJson{{"years", 30}};
    cases.push_back({"contact.age", lead});
  }
  for (const auto& c : cases) {
    Response response = post(c.lead);
    EXPECT_EQ(response.status, 400) << c.path;
    EXPECT_TRUE(has_path(response, c.path)) << c.path << " not in\n" << error_messages(response);
  }
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServiceTest, MissingIdCampaignAndSubmittedAtAreEachNamed) {
  Response all = post(std::string(R"({"contact": {"email": "mario.rossi@example.com"}})"));
  EXPECT_EQ(all.status, 400);
  EXPECT_TRUE(has_path(all, "id")) << error_messages(all);
  EXPECT_TRUE(has_path(all, "campaign")) << error_messages(all);
  EXPECT_TRUE(has_path(all, "submitted_at")) << error_messages(all);

  OrderedJson base = build_lead(seed_example());
  for (const char* key : {"id", "campaign", "submitted_at"}) {
    OrderedJson lead = base;
    lead.erase(key);
    Response response = post(lead);
    EXPECT_EQ(response.status, 400) << key;
    EXPECT_EQ(error_paths(response), std::vector<std::string>{key}) << error_messages(response);
  }
  OrderedJson empty_id = base;
  empty_id["id"] = "";
  EXPECT_TRUE(has_path(post(empty_id), "id"));
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServiceTest, InvalidEmailIsRefusedNamingContactEmail) {
  for (const char* email : {"mario.rossi@", "mario rossi@example.com", "@example.com", "mario"}) {
    OrderedJson lead = build_lead(seed_example());
    lead["contact"]["email"] = email;
    Response response = post(lead);
    EXPECT_EQ(response.status, 400) << email;
    EXPECT_TRUE(has_path(response, "contact.email")) << email << "\n" << error_messages(response);
  }
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServiceTest, UnknownContactFieldIsRefused) {
  OrderedJson lead = build_lead(seed_example());
  lead["contact"]["shoe_size"] = 43;
  Response response = post(lead);
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(has_path(response, "contact.shoe_size")) << error_messages(response);
}

TEST_F(ServiceTest, MissingOrRefusedRequiredConsentIsRefused) {
  OrderedJson base = build_lead(seed_example());
  OrderedJson no_consents = base;
  no_consents["consents"] = OrderedJson::array();
  OrderedJson refused = base;
  refused["consents"][0]["granted"] = false;
  OrderedJson only_marketing = base;
  only_marketing["consents"][0]["id"] = "marketing";
  OrderedJson absent = base;
  absent.erase("consents");
  const std::vector<std::pair<const char*, OrderedJson>> cases = {
      {"no consents", no_consents},
      {"privacy refused", refused},
      {"only marketing", only_marketing},
      {"consents absent", absent}};
  for (const auto& [name, lead] : cases) {
    Response response = post(lead);
    EXPECT_EQ(response.status, 400) << name;
    // The core's rule (missing_required_consents), as the widget's build_payload applies it.
    EXPECT_TRUE(has_path(response, "consents.privacy")) << name << "\n" << error_messages(response);
    EXPECT_NE(
        response.body.find(
            R"("message":"required consent \"privacy\" is not granted","code":"consent_required")"),
        std::string::npos)
        << name << "\n"
        << response.body;
  }
  // Granted, then withdrawn in the same lead: the latest decision wins.
  OrderedJson withdrawn = base;
  withdrawn["consents"].push_back(base["consents"][0]);
  withdrawn["consents"][1]["granted"] = false;
  Response response = post(withdrawn);
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_TRUE(has_path(response, "consents.privacy")) << error_messages(response);
  EXPECT_EQ(store_->count(), 0);
}

// Events that no rule scores, inside the lead's window, until its body is `bytes` long.
void pad_with_events(OrderedJson& lead, std::size_t bytes) {
  const OrderedJson event = {{"type", "padding"}, {"at", "2026-11-22T09:29:00Z"}, {"value", ""}};
  const std::size_t base = lead.dump().size();
  lead["events"].push_back(event);
  const std::size_t per_event = lead.dump().size() - base;  // with an empty value
  lead["events"].erase(lead["events"].size() - 1);
  const std::size_t count = (bytes - base + per_event + 2000 - 1) / (per_event + 2000);
  std::size_t left = bytes - base - count * per_event;
  for (std::size_t i = 0; i < count; ++i) {
    OrderedJson e = event;
    e["value"] = std::string(std::min<std::size_t>(left, 2000), 'x');
    left -= e["value"].get_ref<const std::string&>().size();
    lead["events"].push_back(std::move(e));
  }
}

TEST_F(ServiceTest, BodyUpToSixtyFourKilobytesIsAcceptedAndOneByteMoreIs413) {
  OrderedJson lead = build_lead(seed_example("lead-big"));
  OrderedJson exact_lead = lead;
  pad_with_events(exact_lead, 65536);
  std::string exact = exact_lead.dump();
  ASSERT_EQ(exact.size(), 65536u);

  // The larger body first: refused before anything is parsed or stored.
  pad_with_events(lead, 65537);
  ASSERT_EQ(lead.dump().size(), 65537u);
  Response too_big = post(lead);
  EXPECT_EQ(too_big.status, 413) << too_big.body;
  EXPECT_EQ(parse_body(too_big)["ok"], false);
  EXPECT_EQ(store_->count(), 0);

  Response fits = post(exact);
  EXPECT_EQ(fits.status, 201) << fits.body;
  EXPECT_EQ(store_->count(), 1);

  Response huge = post(std::string(1 << 20, ' '));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(store_->count(), 1);
}

TEST_F(ServiceTest, TamperedAssessmentIsStoredUnverifiedWithReason) {
  OrderedJson lead = build_lead(seed_example("lead-tampered"));
  lead["assessment"]["score"] = 99;
  lead["assessment"]["stage"] = "sql";
  Response response = post(lead);
  ASSERT_EQ(response.status, 201) << response.body;
  Json body = parse_body(response);
  EXPECT_EQ(body["verified"], false);
  EXPECT_FALSE(body["reason"].get<std::string>().empty());
  EXPECT_EQ(body["assessment"]["score"], 44);

  auto row = store_->find("lead-tampered");
  ASSERT_TRUE(row.has_value());
  EXPECT_FALSE(row->verified);
  EXPECT_NE(row->reason.find("differs"), std::string::npos) << row->reason;
  EXPECT_EQ(row->reason_code, "assessment_differs");
  // What is stored as the score is the collector's, never the client's claim.
  EXPECT_DOUBLE_EQ(row->score, 44.0);
  EXPECT_EQ(row->stage, "mql");
  EXPECT_EQ(Json::parse(row->client_assessment)["score"], 99);
}

TEST_F(ServiceTest, LeadWithoutAssessmentIsStoredUnverified) {
  OrderedJson lead = build_lead(seed_example("lead-bare"));
  lead.erase("assessment");
  Response response = post(lead);
  ASSERT_EQ(response.status, 201) << response.body;
  Json body = parse_body(response);
  EXPECT_EQ(body["verified"], false);
  EXPECT_EQ(body["assessment"]["score"], 44);
  auto row = store_->find("lead-bare");
  ASSERT_TRUE(row.has_value());
  EXPECT_FALSE(row->verified);
  EXPECT_NE(row->reason.find("no assessment"), std::string::npos) << row->reason;
  EXPECT_EQ(row->reason_code, "no_assessment");
  EXPECT_EQ(row->stage, "mql");
}

// A campaign the collector does not hold has no rules to check the lead against: the lead is
// refused, naming the campaign and version, and nothing of the client's claim is stored.
TEST_F(ServiceTest, AnUnknownCampaignOrVersionIsRefusedNamingItAndNothingIsStored) {
  OrderedJson other_campaign = build_lead(seed_example("lead-other"));
  other_campaign["campaign"]["id"] = "spring-sale";
  other_campaign["consents"] = OrderedJson::array();  // no consent: once stored all the same
  Response first = post(other_campaign);
  EXPECT_EQ(first.status, 400) << first.body;
  EXPECT_EQ(error_messages(first),
            "campaign: unknown campaign spring-sale version 1: this collector holds no campaign of "
            "that id (its file goes in the collector's --campaigns folder)\n");

  OrderedJson other_version = build_lead(seed_example("lead-v9"));
  other_version["campaign"]["version"] = "9";
  other_version["assessment"]["score"] = 99;
  Response second = post(other_version);
  EXPECT_EQ(second.status, 400) << second.body;
  EXPECT_EQ(error_messages(second),
            "campaign: unknown campaign seed-b2b version 9: this collector holds version(s) 1 of "
            "it (its file goes in the collector's --campaigns folder)\n");
  EXPECT_EQ(store_->count(), 0);
  // The stats of the real campaign see nothing of it.
  Request stats;
  stats.authorization = std::string("Bearer ") + kToken;
  EXPECT_EQ(parse_body(service_->stats(stats))["funnel"][0]["count"], 0);
}

// --- GET /v1/leads ---------------------------------------------------------------------------

TEST_F(ServiceTest, ExportIsForbiddenWithoutAConfiguredToken) {
  open("");
  ASSERT_EQ(post(build_lead(seed_example())).status, 201);
  for (const char* authorization : {"", "Bearer ", "Bearer anything"}) {
    Response response = get({}, authorization);
    EXPECT_EQ(response.status, 403) << authorization;
    EXPECT_EQ(parse_body(response)["ok"], false);
    EXPECT_EQ(response.body.find("mario"), std::string::npos);
  }
}

TEST_F(ServiceTest, ExportWithAWrongTokenIs401WithWwwAuthenticate) {
  ASSERT_EQ(post(build_lead(seed_example())).status, 201);
  for (const std::string& authorization :
       {std::string(""), std::string("Bearer wrong"), std::string(kToken),
        std::string("Basic ") + kToken, std::string("Bearer ") + kToken + "x",
        std::string("Bearer  ") + kToken}) {
    Response response = get({}, authorization);
    EXPECT_EQ(response.status, 401) << authorization;
    EXPECT_EQ(header(response, "WWW-Authenticate"), "Bearer") << authorization;
    EXPECT_EQ(response.body.find("mario"), std::string::npos);
  }
}

TEST_F(ServiceTest, ExportReturnsTheStoredLeadsAsJson) {
  OrderedJson lead = build_lead(seed_example("lead-a"));
  ASSERT_EQ(post(lead).status, 201);
  now_ += 60'000;
  SeedLead cold;
  cold.id = "lead-b";
  cold.contact["email"] = "Anna.Bianchi@Example.COM";
  ASSERT_EQ(post(build_lead(cold)).status, 201);

  Response response = get({});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/json");
  Json body = parse_body(response);
  EXPECT_EQ(body["ok"], true);
  EXPECT_EQ(body["count"], 2);
  ASSERT_EQ(body["leads"].size(), 2u);
  // Newest first.
  const Json& b = body["leads"][0];
  const Json& a = body["leads"][1];
  EXPECT_EQ(b["id"], "lead-b");
  EXPECT_EQ(b["email"], "Anna.Bianchi@example.com");
  EXPECT_EQ(b["stage"], "lead");
  EXPECT_EQ(b["score"], 0);
  EXPECT_EQ(a["id"], "lead-a");
  EXPECT_EQ(a["received_at"], "2026-11-22T10:00:00.000Z");
  EXPECT_EQ(a["submitted_at"], "2026-11-22T09:30:00.000Z");
  EXPECT_EQ(a["campaign"]["id"], "seed-b2b");
  EXPECT_EQ(a["campaign"]["version"], "1");
  EXPECT_EQ(a["email"], "mario.rossi@example.com");
  EXPECT_EQ(a["status"], "accepted");
  EXPECT_EQ(a["channel"], "script");
  EXPECT_EQ(a["verified"], true);
  EXPECT_EQ(a["stage"], "mql");
  EXPECT_EQ(a["grade"], "B");
  EXPECT_EQ(a["band"], "hot");
  EXPECT_EQ(a["score"], 44);
  EXPECT_EQ(a["assessment"], Json::parse(lead["assessment"].dump()));
  EXPECT_EQ(a["client_assessment"], Json::parse(lead["assessment"].dump()));
  EXPECT_EQ(a["consents"][0]["text"], kPrivacyTextEn);
  ASSERT_TRUE(a.contains("contact")) << "the export must carry the contact the visitor gave";
  EXPECT_EQ(a["contact"].value("first_name", ""), "Mario");
  EXPECT_EQ(a["contact"].value("job_title", ""), "Founder & CEO");
  EXPECT_EQ(a["contact"].value("age", 0), 30);
}

TEST_F(ServiceTest, ExportFiltersByCampaignAndStage) {
  ASSERT_EQ(post(build_lead(seed_example("mql-1"))).status, 201);
  SeedLead plain;
  plain.id = "lead-1";
  ASSERT_EQ(post(build_lead(plain)).status, 201);

  using Ids = std::vector<std::string>;
  EXPECT_EQ(exported_ids({{"campaign", "seed-b2b"}}), (Ids{"lead-1", "mql-1"}));
  EXPECT_EQ(exported_ids({{"campaign", "nobody"}}), Ids{});
  EXPECT_EQ(exported_ids({{"stage", "mql"}}), (Ids{"mql-1"}));
  EXPECT_EQ(exported_ids({{"stage", "lead"}}), (Ids{"lead-1"}));
  EXPECT_EQ(exported_ids({{"campaign", "seed-b2b"}, {"stage", "mql"}}), (Ids{"mql-1"}));
  EXPECT_EQ(exported_ids({{"limit", "1"}}).size(), 1u);
}

TEST_F(ServiceTest, ExportFiltersByReceivedTime) {
  now_ = at("2026-11-22T10:00:00Z");
  ASSERT_EQ(post(build_lead(seed_example("first"))).status, 201);
  now_ = at("2026-11-23T10:00:00Z");
  ASSERT_EQ(post(build_lead(seed_example("second"))).status, 201);
  now_ = at("2026-11-24T10:00:00Z");
  ASSERT_EQ(post(build_lead(seed_example("third"))).status, 201);

  using Ids = std::vector<std::string>;
  EXPECT_EQ(exported_ids({{"since", "2026-11-23T10:00:00Z"}}), (Ids{"third", "second"}));
  EXPECT_EQ(exported_ids({{"until", "2026-11-23T10:00:00Z"}}), (Ids{"first"}));
  EXPECT_EQ(exported_ids({{"since", "2026-11-23"}, {"until", "2026-11-24"}}), (Ids{"second"}));
  EXPECT_EQ(exported_ids({{"since", "2026-11-23T11:00:00+01:00"}}), (Ids{"third", "second"}));
  EXPECT_EQ(exported_ids({{"since", "2026-12-01"}}), Ids{});
}

TEST_F(ServiceTest, ExportRefusesBadParametersNamingThem) {
  struct Case {
    const char* key;
    const char* value;
  };
  for (const Case& c : {Case{"since", "yesterday"}, Case{"since", "2026-11-31"},
                        Case{"until", "2026/11/22"}, Case{"format", "xml"}, Case{"limit", "0"},
                        Case{"limit", "ten"}, Case{"limit", "1.5"}, Case{"channel", "email"}}) {
    Response response = get({{c.key, c.value}});
    EXPECT_EQ(response.status, 400) << c.key << "=" << c.value;
    EXPECT_EQ(error_paths(response), std::vector<std::string>{c.key}) << error_messages(response);
  }
}

TEST_F(ServiceTest, CsvExportHasAHeaderAndQuotesPerRfc4180) {
  const std::vector<std::string> ids = {"plain-1", "with,comma", "with \"quotes\"", "two\r\nlines",
                                        "semi;colon"};
  for (const auto& id : ids) {
    ASSERT_EQ(post(build_lead(seed_example(id))).status, 201) << id;
  }
  Response response = get({{"format", "csv"}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(response.body.rfind(std::string(kCsvHeader) + "\r\n", 0), 0u) << response.body;
  EXPECT_NE(response.body.find("\r\n\"with,comma\","), std::string::npos);
  EXPECT_NE(response.body.find("\r\n\"with \"\"quotes\"\"\","), std::string::npos);

  auto records = parse_csv(response.body);
  ASSERT_EQ(records.size(), ids.size() + 1);
  std::set<std::string> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 16u) << "record " << i;
    seen.insert(records[i][0]);
    EXPECT_EQ(records[i][1], "2026-11-22T10:00:00.000Z");
    EXPECT_EQ(records[i][3], "seed-b2b");
    EXPECT_EQ(records[i][6], "mario.rossi@example.com");
    EXPECT_EQ(records[i][7], "44");
    EXPECT_EQ(records[i][10], "mql");
    EXPECT_EQ(records[i][11], "true");
    EXPECT_EQ(records[i][12], "accepted");
    EXPECT_EQ(records[i][14], "script");
  }
  EXPECT_EQ(seen, std::set<std::string>(ids.begin(), ids.end()));
}

TEST_F(ServiceTest, CsvExportDefusesFormulas) {
  const std::vector<std::string> ids = {"=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3",
                                        "@SUM(A1:A9)", "=1,2"};
  for (const auto& id : ids) {
    ASSERT_EQ(post(build_lead(seed_example(id))).status, 201) << id;
  }
  Response response = get({{"format", "csv"}});
  ASSERT_EQ(response.status, 200);
  auto records = parse_csv(response.body);
  ASSERT_EQ(records.size(), ids.size() + 1);
  std::set<std::string> seen;
  for (const auto& record : records) {
    for (const auto& cell : record) {
      ASSERT_FALSE(!cell.empty() && std::string("=+-@").find(cell[0]) != std::string::npos)
          << "a spreadsheet would run " << cell;
    }
    seen.insert(record[0]);
  }
  for (const auto& id : ids) EXPECT_EQ(seen.count("'" + id), 1u) << id;
}

// Italian Excel splits on ';' (its list separator), and TAB may split too: a formula after
// one, or after leading spaces, ran as a formula although the cell was quoted for ','.
TEST_F(ServiceTest, CsvExportDefusesFormulasAfterSeparatorsAndLeadingSpaces) {
  const std::vector<std::string> ids = {"x;=HYPERLINK(\"http://evil.example\")",
                                        "x\t=1+1",
                                        " =1+1",
                                        "   @SUM(A1)",
                                        "a; -2+3",
                                        "a;b;+1",
                                        "ok;fine",
                                        "line\n=cmd",
                                        "2026-11-22 -> fine"};
  for (const auto& id : ids) ASSERT_EQ(post(build_lead(seed_example(id))).status, 201) << id;
  Response response = get({{"format", "csv"}});
  ASSERT_EQ(response.status, 200);
  auto records = parse_csv(response.body);
  ASSERT_EQ(records.size(), ids.size() + 1);
  std::set<std::string> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const std::string& cell = records[i][0];
    seen.insert(cell);
    // However a spreadsheet splits the cell (';', TAB, CR, LF), no piece starts a formula.
    std::size_t start = 0;
    while (start <= cell.size()) {
      std::size_t end = cell.find_first_of(";\t\r\n", start);
      std::string piece =
          cell.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const std::size_t first = piece.find_first_not_of(' ');
      EXPECT_FALSE(first != std::string::npos &&
                   std::string("=+-@").find(piece[first]) != std::string::npos)
          << "a spreadsheet would run " << piece << " in " << cell;
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  EXPECT_EQ(seen.count("x;'=HYPERLINK(\"http://evil.example\")"), 1u);
  EXPECT_EQ(seen.count("x\t'=1+1"), 1u);
  EXPECT_EQ(seen.count("' =1+1"), 1u);
  EXPECT_EQ(seen.count("'   @SUM(A1)"), 1u);
  EXPECT_EQ(seen.count("a;' -2+3"), 1u);
  EXPECT_EQ(seen.count("a;b;'+1"), 1u);
  EXPECT_EQ(seen.count("ok;fine"), 1u);
  EXPECT_EQ(seen.count("line\n'=cmd"), 1u);
  EXPECT_EQ(seen.count("2026-11-22 -> fine"), 1u);
}

// A database from before the collector scored every lead itself may hold a client's score,
// any double: converted to an integer it overflowed (undefined behaviour; in practice a
// negative figure in the export).
TEST_F(ServiceTest, AForgedHugeScoreIsClampedInTheExportsAndTheStats) {
  for (const auto& [id, score] : {std::pair{"huge", 1e300}, std::pair{"tiny", -1e300}}) {
    StoredLead row;
    row.id = id;
    row.campaign_id = "seed-b2b";
    row.campaign_version = "1";
    row.received_at = "2026-11-22T10:00:00.000Z";
    row.submitted_at = row.received_at;
    row.status = "accepted";
    row.stage = "sql";
    row.score = score;
    row.consents = "[]";
    row.payload = "{}";
    row.response = "{}";
    ASSERT_TRUE(store_->insert(row));
  }
  auto records = parse_csv(get({{"format", "csv"}}).body);
  ASSERT_EQ(records.size(), 3u);
  std::map<std::string, std::string> scores;
  for (std::size_t i = 1; i < records.size(); ++i) scores[records[i][0]] = records[i][7];
  EXPECT_EQ(scores["huge"], "1000000000000");
  EXPECT_EQ(scores["tiny"], "-1000000000000");
  Json body = parse_body(get({}));
  for (const auto& lead : body["leads"]) {
    EXPECT_EQ(std::abs(lead["score"].get<double>()), 1e12) << lead["id"];
  }
  Request stats;
  stats.authorization = std::string("Bearer ") + kToken;
  Json s = parse_body(service_->stats(stats));
  EXPECT_EQ(s["scores"].dump(), R"([{"from":-1000000000000,"to":-999999999990,"count":1},)"
                                R"({"from":1000000000000,"to":1000000000010,"count":1}])");
}

// --- What "verified" means, and the events' time window ---------------------------------------

OrderedJson with_events_at(OrderedJson lead, const char* type, const char* at, int times) {
  for (int i = 0; i < times; ++i)
    lead["events"].push_back({{"type", type}, {"at", at}, {"value", ""}});
  return lead;
}

// Echoing the collector's own assessment back, with invented events dated in year 9999: the
// arithmetic agrees, but the events cannot have happened yet. They are left out of the score
// and counted, and the lead is not verified.
TEST_F(ServiceTest, EventsFromTheFutureAreDroppedCountedAndTheLeadIsNotVerified) {
  OrderedJson forged = with_events_at(build_lead(seed_example("forged-1")), "webinar_attended",
                                      "9999-12-31T00:00:00Z", 500);
  Response first = post(forged);
  ASSERT_EQ(first.status, 201) << first.body;
  Json answer = parse_body(first);
  EXPECT_EQ(answer["assessment"]["score"], 44);  // the seed example's own events only
  EXPECT_EQ(answer["dropped_events"], 500);
  EXPECT_EQ(answer["verified"], false);

  // The same lead again under a new id, now carrying the collector's answer as its claim.
  OrderedJson echo = forged;
  echo["id"] = "forged-2";
  echo["assessment"] = OrderedJson::parse(answer["assessment"].dump());
  Response second = post(echo);
  ASSERT_EQ(second.status, 201) << second.body;
  Json echoed = parse_body(second);
  EXPECT_EQ(echoed["verified"], false);
  EXPECT_EQ(echoed["reason"],
            "500 event(s) dated outside the lead's time window (2026-11-22T07:25:00.000Z to "
            "2026-11-22T10:05:00.000Z) were left out of the score");
  auto row = store_->find("forged-2");
  ASSERT_TRUE(row.has_value());
  EXPECT_DOUBLE_EQ(row->score, 44.0);
  EXPECT_EQ(row->dropped_events, 500);
  EXPECT_EQ(row->reason_code, "events_outside_window");

  // GET /v1/leads shows the count.
  Json exported = parse_body(get({}));
  for (const auto& lead : exported["leads"]) EXPECT_EQ(lead["dropped_events"], 500) << lead["id"];
}

// Events dated before the form appeared (submitted_at minus meta.elapsed_ms, less 5 minutes)
// go too; a returning visitor's earlier visits count from attribution.first_touch.at.
TEST_F(ServiceTest, EventsBeforeTheFormAppearedAreDroppedUnlessAnEarlierVisitExplainsThem) {
  OrderedJson quick = build_lead(seed_example("quick"));
  quick["meta"]["elapsed_ms"] = 60'000;  // the form on screen for a minute; events an hour old
  Response response = post(quick);
  ASSERT_EQ(response.status, 201) << response.body;
  Json body = parse_body(response);
  EXPECT_EQ(body["dropped_events"], 8);
  EXPECT_EQ(body["verified"], false);
  EXPECT_EQ(body["assessment"]["engagement"], 0);

  OrderedJson returning = build_lead(seed_example("returning"));
  returning["meta"]["elapsed_ms"] = 60'000;
  returning["attribution"]["first_touch"] = {{"at", "2026-11-20T09:00:00.000Z"}};
  Response back = post(returning);
  ASSERT_EQ(back.status, 201) << back.body;
  Json again = parse_body(back);
  EXPECT_FALSE(again.contains("dropped_events"));
  EXPECT_EQ(again["verified"], true);
  EXPECT_EQ(again["assessment"]["score"], 44);
  EXPECT_EQ(store_->find("returning")->dropped_events, 0);
}

// --- Free-form parts and the daily quota -------------------------------------------------------

TEST_F(ServiceTest, MetaAndAttributionBeyondTheirStatedSizesAreRefusedNamingThem) {
  OrderedJson big_meta = build_lead(seed_example("big-meta"));
  big_meta["meta"]["note"] = std::string(2000, 'x');
  Response meta = post(big_meta);
  EXPECT_EQ(meta.status, 400) << meta.body;
  EXPECT_EQ(error_paths(meta), std::vector<std::string>{"meta"}) << error_messages(meta);
  EXPECT_NE(error_messages(meta).find("expected at most 1024 bytes as JSON"), std::string::npos);

  OrderedJson big_attribution = build_lead(seed_example("big-attribution"));
  big_attribution["attribution"]["note"] = std::string(40'000, 'x');
  Response attribution = post(big_attribution);
  EXPECT_EQ(attribution.status, 400) << attribution.body;
  EXPECT_EQ(error_paths(attribution), std::vector<std::string>{"attribution"});
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServiceTest, ACampaignsDailyQuotaAnswers429NamingItAndWhenItResets) {
  config_.daily_quota = 2;
  open(kToken);
  ASSERT_EQ(post(build_lead(seed_example("q1"))).status, 201);
  OrderedJson bot = build_lead(seed_example("q2"));
  bot["meta"]["hp"] = "spam";  // a rejected bot's row takes storage too
  ASSERT_EQ(post(bot).status, 202);
  Response full = post(build_lead(seed_example("q3")));
  EXPECT_EQ(full.status, 429) << full.body;
  EXPECT_EQ(error_messages(full),
            "campaign: campaign seed-b2b has reached its quota of 2 leads today (UTC); it resets "
            "at 2026-11-23T00:00:00.000Z\n");
  EXPECT_EQ(header(full, "Retry-After"), "50400");  // 14 hours
  // A lead already stored is still answered as the first time.
  EXPECT_EQ(header(post(build_lead(seed_example("q1"))), "Idempotent-Replay"), "true");
  EXPECT_EQ(store_->count(), 2);
  // A restart keeps counting what is stored; the next UTC day starts afresh.
  open(kToken);
  EXPECT_EQ(post(build_lead(seed_example("q3"))).status, 429);
  now_ = at("2026-11-23T00:00:01Z");
  EXPECT_EQ(post(build_lead(seed_example("q3"))).status, 201);
}

// --- The export's token ---------------------------------------------------------------------

TEST_F(ServiceTest, TheBearerSchemeIsReadInAnyCase) {
  ASSERT_EQ(post(build_lead(seed_example())).status, 201);
  for (const char* scheme : {"Bearer ", "bearer ", "BEARER ", "bEaReR "}) {
    EXPECT_EQ(get({}, std::string(scheme) + kToken).status, 200) << scheme;
  }
}

TEST_F(ServiceTest, FailedAuthenticationsAreThrottledPerAddressWith429AndRetryAfter) {
  auto get_from = [&](const std::string& address, const std::string& authorization) {
    Request request;
    request.remote_addr = address;
    request.authorization = authorization;
    return service_->get_leads(request);
  };
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(get_from("198.51.100.9", "Bearer guess-" + std::to_string(i)).status, 401);
  Response throttled = get_from("198.51.100.9", "Bearer guess-10");
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_EQ(header(throttled, "Retry-After"), "6");  // 10 a minute: one every 6 s
  EXPECT_EQ(error_messages(throttled),
            "Authorization: too many failed authentications from this address; retry in 6 s\n");
  // While throttled, even the right token waits: guessing gains nothing by being right.
  EXPECT_EQ(get_from("198.51.100.9", std::string("Bearer ") + kToken).status, 429);
  // Another address is not held back, and the stats share the throttle.
  EXPECT_EQ(get_from("198.51.100.10", std::string("Bearer ") + kToken).status, 200);
  Request stats;
  stats.remote_addr = "198.51.100.9";
  stats.authorization = std::string("Bearer ") + kToken;
  EXPECT_EQ(service_->stats(stats).status, 429);
  now_ += 6000;
  EXPECT_EQ(get_from("198.51.100.9", std::string("Bearer ") + kToken).status, 200);
}

TEST_F(ServiceTest, NaughtyStringsRoundTripAsFirstName) {
  Json strings = Json::parse(
      magnete::testing::read_text(magnete::testing::corpus_path("naughty-strings/blns.json")),
      nullptr, false);
  ASSERT_TRUE(strings.is_array());
  ASSERT_GT(strings.size(), 400u);
  const Field* first_name = magnete::testing::seed_campaign()->find_field("first_name");
  ASSERT_NE(first_name, nullptr);

  std::map<std::string, Json> expected;  // lead id -> first_name as posted (null: none)
  std::set<std::string> csv_ids;
  std::size_t accepted = 0, refused = 0;
  for (std::size_t i = 0; i < strings.size(); ++i) {
    const std::string s = strings[i].get<std::string>();
    // The string also goes into the id (when short enough), which the CSV export shows.
    std::string id = (s.size() <= 100 ? s : std::string("long")) + " #" + std::to_string(i);
    FieldCheck check = check_field(*first_name, Json(s), "", "en");
    SeedLead spec = seed_example(id);
    // The client scores what the core keeps (trimmed; nothing for blank), but posts the raw
    // string, as a page that skipped the widget's normalisation would.
    if (check.ok && !check.value.is_null())
      spec.contact["first_name"] = check.value;
    else
      spec.contact.erase("first_name");
    OrderedJson lead = build_lead(spec);
    lead["contact"]["first_name"] = s;
    Response response = post(lead);
    if (check.ok) {
      ASSERT_EQ(response.status, 201) << "#" << i << " " << s << "\n" << response.body;
      expected[id] = Json(s);
      csv_ids.insert(defused(id));
      ++accepted;
    } else {
      // Control characters or more than max_length: refused, naming the field.
      EXPECT_EQ(response.status, 400) << "#" << i << " " << s;
      EXPECT_TRUE(has_path(response, "contact.first_name")) << error_messages(response);
      ++refused;
    }
  }
  EXPECT_GT(accepted, 400u);
  EXPECT_GT(refused, 0u);
  ASSERT_EQ(store_->count(), static_cast<std::int64_t>(accepted));

  Response json_export = get({{"limit", "100000"}});
  ASSERT_EQ(json_export.status, 200);
  Json body = parse_body(json_export);
  ASSERT_EQ(body["leads"].size(), accepted);
  for (const auto& lead : body["leads"]) {
    const std::string id = lead["id"];
    ASSERT_EQ(expected.count(id), 1u) << id;
    ASSERT_TRUE(lead.contains("contact") && lead["contact"].is_object()) << id;
    EXPECT_EQ(lead["contact"].value("first_name", Json()), expected[id]) << id;
    EXPECT_EQ(lead["verified"], true) << id;
  }

  Response csv_export = get({{"limit", "100000"}, {"format", "csv"}});
  ASSERT_EQ(csv_export.status, 200);
  auto records = parse_csv(csv_export.body);
  ASSERT_EQ(records.size(), accepted + 1);
  std::set<std::string> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 16u) << "record " << i << ": " << records[i][0];
    seen.insert(records[i][0]);
  }
  EXPECT_EQ(seen, csv_ids);
}

// --- GET /healthz and durability --------------------------------------------------------------

TEST_F(ServiceTest, HealthzReportsOkAndCounts) {
  Response empty = service_->healthz();
  EXPECT_EQ(empty.status, 200);
  Json body = parse_body(empty);
  EXPECT_EQ(body["ok"], true);
  EXPECT_EQ(body["campaigns"], campaigns_.size());
  EXPECT_EQ(body["leads"], 0);

  ASSERT_EQ(post(build_lead(seed_example("lead-1"))).status, 201);
  ASSERT_EQ(post(build_lead(seed_example("lead-2"))).status, 201);
  ASSERT_EQ(post(build_lead(seed_example("lead-2"))).status, 201);  // a replay adds nothing
  EXPECT_EQ(parse_body(service_->healthz())["leads"], 2);
}

// A store that cannot write: the lead is answered 503 (the widget retries it later, under the
// same id), never 2xx, and /healthz tells the load balancer.
TEST_F(ServiceTest, AStoreThatCannotWriteAnswers503AndHealthzSaysSo) {
  close();
  SqliteStore broken((dir_ / "no-such-folder").string());
  ASSERT_FALSE(broken.ok());
  Service service(config_, campaigns_, broken, [this] { return now_; });
  Request request;
  request.body = build_lead(seed_example("lead-lost")).dump();
  request.remote_addr = "127.0.0.1";
  Response response = service.post_lead(request);
  EXPECT_EQ(response.status, 503) << response.body;
  Json body = parse_body(response);
  EXPECT_EQ(body["ok"], false);
  EXPECT_EQ(body["errors"][0]["message"], "the lead could not be stored; retry later");
  Response health = service.healthz();
  EXPECT_EQ(health.status, 503);
  EXPECT_EQ(parse_body(health)["ok"], false);
}

TEST_F(ServiceTest, AcknowledgedLeadSurvivesReopeningTheStore) {
  Response first = post(build_lead(seed_example("lead-durable")));
  ASSERT_EQ(first.status, 201);
  open(kToken);  // destroys the Service and the Store, then opens the same folder again

  EXPECT_EQ(store_->count(), 1);
  auto row = store_->find("lead-durable");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->email, "mario.rossi@example.com");
  EXPECT_EQ(row->response, first.body);
  Response again = post(build_lead(seed_example("lead-durable")));
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(header(again, "Idempotent-Replay"), "true");
  EXPECT_EQ(exported_ids({}), std::vector<std::string>{"lead-durable"});
}

TEST_F(ServiceTest, AcknowledgedLeadSurvivesAProcessThatDiesWithoutClosing) {
  close();
  const std::string dir = dir_.string();
  const std::string body = build_lead(seed_example("lead-crash")).dump();
  // The child answers 201 and ends at once, as with kill -9: no destructor, no checkpoint.
  auto post_and_die = [&] {
    auto* store = new SqliteStore(dir);
    auto* service =
        new Service(Config{}, campaigns_, *store, [] { return at("2026-11-22T10:00:00Z"); });
    Request request;
    request.body = body;
    std::_Exit(service->post_lead(request).status == 201 ? 0 : 1);
  };
  EXPECT_EXIT(post_and_die(), ::testing::ExitedWithCode(0), "");
  open(kToken);
  auto row = store_->find("lead-crash");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->stage, "mql");
}

// --- The forwarding outbox: GET /v1/leads, GET /v1/outbox, POST /v1/outbox/replay ------------

TEST_F(ServiceTest, TheOutboxShowsWithEachLeadAndItsDeadLettersCanBeReplayed) {
  ASSERT_EQ(post(build_lead(seed_example("lead-0001"))).status, 201);
  // An entry as the service writes it with a lead of a campaign that forwards, stored directly.
  StoredLead row = *store_->find("lead-0001");
  row.id = "lead-0002";
  OutboxEntry crm, hook;
  crm.destination = "crm";
  crm.request = R"({"format":"hubspot"})";
  hook.destination = "hook";
  hook.request = R"({"format":"webhook","headers":{"Authorization":"Bearer crm-key"}})";
  ASSERT_TRUE(store_->insert(row, {crm, hook}));
  auto claimed = store_->claim_due(now_, 10, "w", 60'000);
  ASSERT_EQ(claimed.size(), 2u);
  OutboxAttempt refused{"dead", 0, 400, "HTTP 400: FIELD_NOT_IN_FORM_DEFINITION", now_};
  OutboxAttempt sent{"sent", 0, 204, "", now_};
  ASSERT_TRUE(store_->record_attempt(claimed[0].id, "w", refused));
  ASSERT_TRUE(store_->record_attempt(claimed[1].id, "w", sent));

  Json leads = parse_body(get({}));
  ASSERT_EQ(leads["count"], 2);
  for (const auto& lead : leads["leads"]) {
    if (lead["id"] == "lead-0001") {
      EXPECT_EQ(lead["forwarding"], Json::array());  // its campaign forwards nowhere
      continue;
    }
    ASSERT_EQ(lead["forwarding"].size(), 2u);
    EXPECT_EQ(lead["forwarding"][0]["destination"], "crm");
    EXPECT_EQ(lead["forwarding"][0]["status"], "dead");
    EXPECT_EQ(lead["forwarding"][0]["attempts"], 1);
    EXPECT_EQ(lead["forwarding"][0]["last_status"], 400);
    EXPECT_EQ(lead["forwarding"][0]["last_error"], "HTTP 400: FIELD_NOT_IN_FORM_DEFINITION");
    EXPECT_EQ(lead["forwarding"][1]["status"], "sent");
  }
  Response csv = get({{"format", "csv"}});
  EXPECT_NE(csv.body.find(",script,crm:dead hook:sent\r\n"), std::string::npos) << csv.body;

  Request request;
  request.authorization = std::string("Bearer ") + kToken;
  request.query = {{"status", "dead"}};
  Json outbox = parse_body(service_->get_outbox(request));
  EXPECT_EQ(outbox["counts"], Json::parse(R"({"dead":1,"pending":0,"sent":1})"));
  ASSERT_EQ(outbox["entries"].size(), 1u);
  EXPECT_EQ(outbox["entries"][0]["lead_id"], "lead-0002");
  EXPECT_EQ(outbox["entries"][0]["campaign"], "seed-b2b");
  // The request it sends is not shown: its headers may hold a destination's credentials.
  EXPECT_EQ(outbox.dump().find("crm-key"), std::string::npos);
  EXPECT_EQ(parse_body(service_->healthz())["outbox"]["dead"], 1);

  request.query = {{"status", "lost"}};
  Response bad = service_->get_outbox(request);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("expected \\\"pending\\\""), std::string::npos) << bad.body;

  Request anonymous;
  EXPECT_EQ(service_->replay_outbox(anonymous).status, 401);
  EXPECT_EQ(store_->outbox_counts("").at("dead"), 1);
  request.query = {};
  Json replayed = parse_body(service_->replay_outbox(request));
  EXPECT_EQ(replayed["replayed"], 1);
  EXPECT_EQ(store_->outbox_counts("").at("pending"), 1);
  EXPECT_EQ(store_->claim_due(now_, 10, "w", 60'000).size(), 1u);
}

}  // namespace
}  // namespace magnete::collector
