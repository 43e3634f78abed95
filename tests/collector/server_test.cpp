#include "server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "campaigns.hpp"
#include "collector/seed_leads.hpp"
#include "magnete/payload.hpp"
#include "service.hpp"
#include "store.hpp"
#include "support.hpp"

namespace magnete::collector {
namespace {

using magnete::testing::build_lead;
using magnete::testing::seed_example;

constexpr const char* kToken = "server-test-token";
// The 8-byte header of an empty WebAssembly module.
const std::string kWasmBytes("\0asm\x01\0\0\0", 8);

Json parse_body(const std::string& body) {
  Json json = Json::parse(body, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << body;
  return json;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    dir_ = magnete::testing::unique_temp_dir("magnete-server");
    fs::create_directories(dir_ / "data");
    fs::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "x.wasm", std::ios::binary) << kWasmBytes;
    std::ofstream(dir_ / "web" / "app.js", std::ios::binary) << "export const x = 1;\n";

    Config config;
    config.data_dir = (dir_ / "data").string();
    config.static_dir = magnete::testing::source_path("demo");
    config.web_dir = (dir_ / "web").string();
    config.token = kToken;
    config.forms_dir = magnete::testing::source_path("tests/collector/forms");
    configure(config);
    ASSERT_TRUE(campaigns_.load_dir(magnete::testing::source_path("demo/campaigns")));
    store_ = open_store("", config.data_dir);
    ASSERT_TRUE(store_->ok()) << store_->error();
    service_ = std::make_unique<Service>(
        config, campaigns_, *store_, [] { return magnete::testing::at("2026-11-22T10:00:00Z"); });
    server_ = make_server(*service_);
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(server_->is_running());
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    service_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  /// A fixture's own settings, over the ones above.
  virtual void configure(Config&) {}

  std::unique_ptr<httplib::Client> client() {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5);
    c->set_read_timeout(10);
    return c;
  }

  std::filesystem::path dir_;
  CampaignRegistry campaigns_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServerTest, HealthzAnswersJson) {
  auto res = client()->Get("/healthz");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  Json body = parse_body(res->body);
  EXPECT_EQ(body["ok"], true);
  EXPECT_EQ(body["campaigns"], campaigns_.size());
  EXPECT_EQ(body["leads"], 0);
}

TEST_F(ServerTest, PostedLeadRoundTripsThroughTheExport) {
  auto c = client();
  const std::string lead = build_lead(seed_example("lead-http")).dump();
  auto posted = c->Post("/v1/leads", lead, "application/json");
  ASSERT_TRUE(posted) << httplib::to_string(posted.error());
  EXPECT_EQ(posted->status, 201) << posted->body;
  Json answer = parse_body(posted->body);
  EXPECT_EQ(answer["verified"], true);
  EXPECT_EQ(answer["assessment"]["score"], 44);
  EXPECT_FALSE(posted->has_header("Idempotent-Replay"));

  auto again = c->Post("/v1/leads", lead, "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(again->body, posted->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replay"), "true");

  auto refused = c->Get("/v1/leads");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(refused->get_header_value("WWW-Authenticate"), "Bearer");

  httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kToken}};
  auto exported = c->Get("/v1/leads?campaign=seed-b2b&stage=mql", auth);
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->status, 200) << exported->body;
  EXPECT_EQ(exported->get_header_value("Cache-Control"), "no-store");
  Json body = parse_body(exported->body);
  ASSERT_EQ(body["count"], 1);
  EXPECT_EQ(body["leads"][0]["id"], "lead-http");
  EXPECT_EQ(body["leads"][0]["email"], "mario.rossi@example.com");

  // Query parameters reach the service: another stage filters the lead out, csv is csv.
  auto none = c->Get("/v1/leads?stage=sql", auth);
  ASSERT_TRUE(none);
  EXPECT_EQ(parse_body(none->body)["count"], 0);
  auto csv = c->Get("/v1/leads?format=csv", auth);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.rfind("id,received_at,", 0), 0u);
  EXPECT_NE(csv->body.find("\r\nlead-http,"), std::string::npos) << csv->body;
}

TEST_F(ServerTest, InvalidLeadIs400WithJsonErrors) {
  auto res = client()->Post("/v1/leads", "{\"id\": 1", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(parse_body(res->body)["ok"], false);
}

TEST_F(ServerTest, BodyOverSixtyFourKilobytesIs413WithJson) {
  auto c = client();
  auto just_over = c->Post("/v1/leads", std::string(64 * 1024 + 1, ' '), "application/json");
  ASSERT_TRUE(just_over) << httplib::to_string(just_over.error());
  EXPECT_EQ(just_over->status, 413);
  EXPECT_EQ(parse_body(just_over->body)["ok"], false);

  auto far_over = client()->Post("/v1/leads", std::string(256 * 1024, ' '), "application/json");
  ASSERT_TRUE(far_over) << httplib::to_string(far_over.error());
  EXPECT_EQ(far_over->status, 413);
  EXPECT_EQ(parse_body(far_over->body)["ok"], false);
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServerTest, ServesTheEbookPageFromTheStaticFolder) {
  auto res = client()->Get("/ebook/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->body,
            magnete::testing::read_text(magnete::testing::source_path("demo/ebook/index.html")));
}

TEST_F(ServerTest, ServesWasmFromTheWebFolderAsApplicationWasm) {
  auto c = client();
  auto wasm = c->Get("/dist/x.wasm");
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->status, 200);
  EXPECT_EQ(wasm->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm->body, kWasmBytes);

  auto js = c->Get("/dist/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript");
}

TEST(AcceptsEncoding, ReadsCodingsAndQValuesAsRfc9110Says) {
  for (const char* yes : {"gzip", "gzip, deflate, br", "br;q=1.0, GZIP ; q=0.5", "*", "x-gzip",
                          "identity, *;q=0.1", "deflate,gzip;q=0.001"}) {
    EXPECT_TRUE(accepts_encoding(yes, "gzip")) << yes;
  }
  for (const char* no : {"", "identity", "br", "gzip;q=0", "gzip; q=0.000", "*;q=0", "*, gzip;q=0",
                         "deflate, br;q=1", "gzipper"}) {
    EXPECT_FALSE(accepts_encoding(no, "gzip")) << no;
  }
  EXPECT_TRUE(accepts_encoding("gzip, deflate, br", "br"));
  EXPECT_FALSE(accepts_encoding("gzip, deflate, br;q=0", "br"));
  EXPECT_FALSE(accepts_encoding("x-gzip", "br"));
}

TEST_F(ServerTest, APrecompressedFileIsSentAsIsInTheBestCodingTheClientAccepts) {
  // Stand for zopfli's and brotli's output: the server must send these bytes untouched.
  const std::string gzipped = "\x1f\x8b gzip bytes", brotli = "brotli bytes";
  std::ofstream(dir_ / "web" / "app.js.gz", std::ios::binary) << gzipped;
  std::ofstream(dir_ / "web" / "app.js.br", std::ios::binary) << brotli;
  auto c = client();
  c->set_decompress(false);
  auto get = [&](const char* accept) {
    auto res = c->Get("/dist/app.js", {{"Accept-Encoding", accept}});
    EXPECT_TRUE(res) << accept;
    EXPECT_EQ(res->status, 200) << accept;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/javascript") << accept;
    EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding") << accept;
    return std::pair{res->get_header_value("Content-Encoding"), res->body};
  };
  EXPECT_EQ(get("gzip, deflate, br"), std::pair(std::string("br"), brotli));
  EXPECT_EQ(get("gzip, deflate"), std::pair(std::string("gzip"), gzipped));
  EXPECT_EQ(get("br;q=0, gzip"), std::pair(std::string("gzip"), gzipped));
  // A client that takes neither gets the file itself.
  EXPECT_EQ(get("identity"), std::pair(std::string(), std::string("export const x = 1;\n")));

  // A precompressed file older than its source is stale (a rebuild that left it): not sent.
  namespace fs = std::filesystem;
  const auto earlier = fs::last_write_time(dir_ / "web" / "app.js") - std::chrono::hours(1);
  fs::last_write_time(dir_ / "web" / "app.js.br", earlier);
  EXPECT_EQ(get("gzip, br"), std::pair(std::string("gzip"), gzipped));
  fs::last_write_time(dir_ / "web" / "app.js.gz", earlier);
  EXPECT_NE(get("gzip").second, gzipped);
}

TEST_F(ServerTest, APrecompressedFileIsNotReachedOutsideTheWebFolder) {
  std::ofstream(dir_ / "secret.js", std::ios::binary) << "secret";
  std::ofstream(dir_ / "secret.js.gz", std::ios::binary) << "secret";
  auto c = client();
  c->set_decompress(false);
  for (const char* path :
       {"/dist/../secret.js", "/dist/..%2fsecret.js", "/dist/%2e%2e/secret.js"}) {
    auto res = c->Get(path, {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(res) << path;
    EXPECT_NE(res->status, 200) << path;
    EXPECT_EQ(res->body.find("secret"), std::string::npos) << path;
  }
}

TEST_F(ServerTest, UnknownPathIs404WithAJsonError) {
  auto c = client();
  for (const char* path : {"/no/such/page", "/dist/missing.wasm", "/v2/leads"}) {
    auto res = c->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    Json body = parse_body(res->body);
    EXPECT_EQ(body["ok"], false) << path;
    EXPECT_EQ(body["errors"][0]["message"], "not found") << path;
  }
}

TEST_F(ServerTest, PathsOutsideTheServedFoldersAreNotServed) {
  auto c = client();
  for (const char* path : {"/../CMakeLists.txt", "/dist/../../../CMakeLists.txt",
                           "/dist/..%2f..%2f..%2fCMakeLists.txt", "/../../../../etc/passwd"}) {
    auto res = c->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_NE(res->status, 200) << path;
    EXPECT_EQ(res->body.find("project(magnete"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace magnete::collector

namespace magnete::collector {
namespace {

TEST_F(ServerTest, PreflightFromTheSameOriginIsAnsweredOverHttp) {
  std::string origin = "http://127.0.0.1:" + std::to_string(port_);
  auto res = client()->Options(
      "/v1/leads", httplib::Headers{{"Origin", origin}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), origin);
  auto evil = client()->Options("/v1/leads", httplib::Headers{{"Origin", "https://evil.example"}});
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 403);
  EXPECT_EQ(evil->get_header_value("Access-Control-Allow-Origin"), "");
}

TEST_F(ServerTest, TheDashboardIsServedWithAStrictPolicy) {
  auto page = client()->Get("/dashboard/");
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>Magnete collector dashboard</title>"), std::string::npos);
  // frame-ancestors: no other page may frame the dashboard and its token prompt.
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  auto script = client()->Get("/dashboard/dashboard.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto redirect = client()->Get("/dashboard");
  ASSERT_TRUE(redirect);
  EXPECT_EQ(redirect->status, 301);
  auto missing = client()->Get("/dashboard/nope.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

// The default limit (60 a minute, in a burst of as many), over the wire: the 61st post is 429
// with Retry-After, and a page on another origin may read that header.
TEST_F(ServerTest, TooManyPostsAre429WithRetryAfterReadableCrossOrigin) {
  auto c = client();
  httplib::Headers origin = {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}};
  for (int i = 0; i < 60; ++i) {
    auto res = c->Post("/v1/leads", origin, "{}", "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 400) << i;
  }
  auto limited =
      c->Post("/v1/leads", origin, build_lead(seed_example("lead-61")).dump(), "application/json");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "1");
  EXPECT_EQ(limited->get_header_value("Access-Control-Allow-Origin"), origin.begin()->second);
  EXPECT_EQ(limited->get_header_value("Access-Control-Expose-Headers"),
            "Retry-After, Idempotent-Replay");
  EXPECT_EQ(parse_body(limited->body)["ok"], false);
  EXPECT_EQ(store_->count(), 0);
}

// A bot's lead over the wire: 202, and it is stored as rejected.
TEST_F(ServerTest, AFilledHoneypotIs202AndStoredAsRejected) {
  OrderedJson lead = build_lead(seed_example("lead-bot"));
  lead["meta"] = {{"hp", "http://spam.example"}};
  auto res = client()->Post("/v1/leads", lead.dump(), "text/plain");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 202) << res->body;
  EXPECT_EQ(parse_body(res->body)["status"], "rejected");
  auto row = store_->find("lead-bot");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->status, "rejected");
}

TEST_F(ServerTest, StatsAnswerOverHttpWithTheToken) {
  auto res = client()->Get("/v1/stats",
                           httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(parse_body(res->body)["funnel"][0]["step"], "received");
}

// --- The pre-rendered form, posted without script ---------------------------------------------

// What a browser sends for the seed-b2b form: urlencoded, with the page's Origin and Referer.
struct FormPost {
  std::string body;
  httplib::Headers headers;
};

FormPost seed_form_post(int port, const std::string& email) {
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  return {form_urlencode({{"mg_version", "1"},
                          {"mg_locale", "it"},
                          {"mg_variant", ""},
                          {"mg_hp", ""},
                          {"email", email},
                          {"first_name", "Zoë <b>"},
                          {"sector", "fitness"},
                          {"consent:privacy", "on"}}),
          {{"Origin", origin}, {"Referer", origin + "/ebook/?utm_source=news"}}};
}

TEST_F(ServerTest, AFormPostedWithoutScriptIsStoredAndAnswered303ToTheAsset) {
  FormPost form = seed_form_post(port_, "mario@example.it");
  auto res = client()->Post("/v1/forms/seed-b2b", form.headers, form.body,
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"),
            "http://127.0.0.1:" + std::to_string(port_) + "/ebook/lead-scoring-ebook.html");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");

  auto exported =
      client()->Get("/v1/leads?channel=form",
                    httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_TRUE(exported);
  Json body = parse_body(exported->body);
  ASSERT_EQ(body["count"], 1) << exported->body;
  const Json& lead = body["leads"][0];
  EXPECT_EQ(lead["channel"], "form");
  EXPECT_EQ(lead["email"], "mario@example.it");
  EXPECT_EQ(lead["contact"]["first_name"], "Zoë <b>");
  EXPECT_EQ(lead["assessment"]["fit"], 5);
  EXPECT_EQ(lead["assessment"]["engagement"], 9);  // the page view and the form
  EXPECT_EQ(lead["verified"], true);
}

TEST_F(ServerTest, AFormWithErrorsComesBackAsHtmlFilledWithTheMessages) {
  FormPost form = seed_form_post(port_, "mario@");
  auto res = client()->Post("/v1/forms/seed-b2b", form.headers, form.body,
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(res->body.find(R"(<magnete-widget campaign="seed-b2b" locale="it" static="">)"),
            std::string::npos);
  EXPECT_NE(res->body.find(R"(value="Zoë &lt;b&gt;")"), std::string::npos);
  EXPECT_NE(res->body.find(">Inserisci un indirizzo email valido, come nome@esempio.it.</p>"),
            std::string::npos);
  EXPECT_EQ(store_->count(), 0);
}

TEST_F(ServerTest, TheThankYouPageIsServed) {
  auto res = client()->Get("/v1/forms/seed-b2b/thanks?version=1&locale=en");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("<p>Thank you! Your ebook is ready.</p>"), std::string::npos)
      << res->body;
}

TEST_F(ServerTest, FormAnswersAreHtmlEvenWhenTheServerRefusesBeforeTheRoute) {
  auto big = client()->Post("/v1/forms/seed-b2b", std::string(256 * 1024, 'x'),
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(big) << httplib::to_string(big.error());
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(big->body.find("The form is too large to send."), std::string::npos) << big->body;
  auto just_over = client()->Post("/v1/forms/seed-b2b", std::string(64 * 1024 + 1, 'x'),
                                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(just_over);
  EXPECT_EQ(just_over->status, 413);
  EXPECT_EQ(just_over->get_header_value("Content-Type"), "text/html; charset=utf-8");

  auto get = client()->Get("/v1/forms/seed-b2b");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 404);
  EXPECT_EQ(get->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(store_->count(), 0);
}

// --- Every answer, and what the static folders may send ---------------------------------------

// Bytes sent as they are on a connection of its own; the answer, read until the server closes
// or 30 s have passed.
std::string raw_exchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    for (const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
         std::chrono::steady_clock::now() < until;) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return answer;
}

TEST_F(ServerTest, EveryAnswerSaysNosniff) {
  auto c = client();
  for (const char* path : {"/healthz", "/no/such/page", "/ebook/", "/dist/app.js", "/dist/x.wasm",
                           "/dashboard/", "/v1/leads", "/v1/forms/seed-b2b/thanks?version=1"}) {
    auto res = c->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res->get_header_value_count("X-Content-Type-Options"), 1u) << path;
  }
  auto post = c->Post("/v1/leads", "{", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->get_header_value("X-Content-Type-Options"), "nosniff");
  auto big = c->Post("/v1/leads", std::string(70'000, ' '), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->get_header_value("X-Content-Type-Options"), "nosniff");
  // Refused before any route: a request line that is not HTTP.
  const std::string bad = raw_exchange(port_, "NONSENSE\r\n\r\n");
  EXPECT_EQ(bad.rfind("HTTP/1.1 400 ", 0), 0u) << bad;
  EXPECT_NE(bad.find("X-Content-Type-Options: nosniff"), std::string::npos) << bad;
}

// cpp-httplib read a POST without Content-Length until the client closed, which a client
// waiting for its answer never does, then answered 404 "not found" after its 5 s read timeout.
TEST_F(ServerTest, APostWithoutContentLengthIs400NamingIt) {
  const std::string answer = raw_exchange(
      port_,
      "POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\r\n{}");
  EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_NE(
      answer.find(
          R"j({"ok":false,"errors":[{"path":"Content-Length","message":"required: a POST must say its body's length (or be sent with Transfer-Encoding: chunked)"}]})j"),
      std::string::npos)
      << answer;
  EXPECT_EQ(store_->count(), 0);
  // A browser shows the form route's answers: the same refusal as a page.
  const std::string form =
      raw_exchange(port_, "POST /v1/forms/seed-b2b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nemail=x");
  EXPECT_EQ(form.rfind("HTTP/1.1 400 ", 0), 0u) << form;
  EXPECT_NE(form.find("Content-Type: text/html; charset=utf-8"), std::string::npos) << form;
  EXPECT_NE(form.find("Content-Length required: a POST must say its body"), std::string::npos)
      << form;
  // Chunked is a length of its own: read, parsed, refused for what it is.
  const std::string chunked =
      raw_exchange(port_,
                   "POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
                   "chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.rfind("HTTP/1.1 400 ", 0), 0u) << chunked;
  EXPECT_NE(chunked.find("\"path\":\"id\""), std::string::npos) << chunked;
}

// A static folder holding what must never be sent: a dotfile, a git folder, symbolic links out.
class StaticFolderTest : public ServerTest {
 protected:
  void configure(Config& config) override {
    namespace fs = std::filesystem;
    site_ = magnete::testing::unique_temp_dir("magnete-site");
    fs::create_directories(site_ / "www" / ".git");
    std::ofstream(site_ / "www" / "index.html") << "<p>home</p>";
    std::ofstream(site_ / "www" / ".env") << "TOKEN=secret-env";
    std::ofstream(site_ / "www" / ".git" / "config") << "[remote] secret-git";
    std::ofstream(site_ / "outside.txt") << "secret-outside";
    fs::create_symlink(site_ / "outside.txt", site_ / "www" / "leak.txt");
    fs::create_directory_symlink(site_, site_ / "www" / "up");
    config.static_dir = (site_ / "www").string();
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::error_code ec;
    std::filesystem::remove_all(site_, ec);
  }
  std::filesystem::path site_;
};

TEST_F(StaticFolderTest, DotfilesSymlinksOutAndNulBytesAre404) {
  auto c = client();
  auto home = c->Get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_EQ(home->body, "<p>home</p>");
  for (const char* path :
       {"/.env", "/.git/config", "/%2egit/config", "/leak.txt", "/up/outside.txt",
        "/index.html%00.js", "/index.html%00.wasm", "/dist/app.js%00.wasm"}) {
    auto res = c->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    EXPECT_EQ(res->body.find("secret"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("<p>home</p>"), std::string::npos) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
}

// The default --static (demo) missing, as from another working folder: the routes still answer.
class NoStaticFolderTest : public ServerTest {
 protected:
  void configure(Config& config) override { config.static_dir = "/nonexistent/magnete-site"; }
};

TEST_F(NoStaticFolderTest, TheRoutesStillAnswer) {
  auto c = client();
  auto health = c->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto page = c->Get("/index.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
}

}  // namespace
}  // namespace magnete::collector
