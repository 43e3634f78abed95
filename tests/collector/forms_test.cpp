// POST /v1/forms/<campaign id> and GET /v1/forms/<id>/thanks (src/collector/forms.cpp): the
// pre-rendered form posted without script. The form files are the hand-made samples of
// tests/collector/forms/ (written by the renderer's conventions, src/collector/form_page.hpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "campaigns.hpp"
#include "collector/seed_leads.hpp"
#include "magnete/payload.hpp"
#include "service.hpp"
#include "store.hpp"
#include "support.hpp"

namespace magnete::collector {
namespace {

using magnete::testing::at;
using Pairs = std::vector<FormField>;

constexpr const char* kShop = "https://shop.example";
constexpr const char* kPage = "https://shop.example/ebook/?utm_source=news&utm_campaign=autunno";
constexpr const char* kToken = "forms-token";

std::string header(const Response& r, const std::string& name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return "";
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The seed-b2b form as a visitor fills it: fit 5 (age 30) + 5 (fitness) + 3 (120 employees)
// + 2 (founder) = 15, grade B.
Pairs seed_form(const std::string& locale = "it") {
  return {{"mg_version", "1"},
          {"mg_locale", locale},
          {"mg_variant", ""},
          {"mg_hp", ""},
          {"email", " Mario.Rossi@Example.COM "},
          {"first_name", "Mario"},
          {"job_title", "Founder & CEO"},
          {"sector", "fitness"},
          {"company_size", "120"},
          {"age", "30"},
          {"consent:privacy", "on"}};
}

Pairs with(Pairs pairs, const std::string& name, const std::string& value) {
  Pairs out;
  for (auto& pair : pairs) {
    if (pair.first != name) out.push_back(std::move(pair));
  }
  if (!value.empty()) out.emplace_back(name, value);
  return out;
}

// The fitness campaign's form: the quiz answered, variant "guide".
Pairs fitness_form() {
  return {{"mg_version", "1"},
          {"mg_locale", "it"},
          {"mg_variant", "guide"},
          {"mg_hp", ""},
          {"quiz:goal", "tone_up"},
          {"quiz:frequency", "one_two"},
          {"quiz:place", "home"},
          {"quiz:obstacles", "time"},
          {"quiz:obstacles", "know_how"},
          {"email", "sara@libero.it"},
          {"age", "29"},
          {"city", "milano"},
          {"smartphone", "ios"},
          {"consent:privacy", "on"},
          {"consent:marketing", "on"}};
}

class FormsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = magnete::testing::unique_temp_dir("magnete-forms");
    ASSERT_TRUE(campaigns_.load_dir(magnete::testing::source_path("demo/campaigns")));
    config_.rate_limit = 0;
    config_.token = kToken;
    config_.forms_dir = magnete::testing::source_path("tests/collector/forms");
    config_.allowed_origins = {kShop};
    open();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void open(const CampaignRegistry* registry = nullptr) {
    service_.reset();
    store_ = open_store("", dir_.string());
    ASSERT_TRUE(store_->ok()) << store_->error();
    service_ = std::make_unique<Service>(config_, registry ? *registry : campaigns_, *store_,
                                         [this] { return now_; });
  }

  Request form_request(const Pairs& pairs, const std::string& origin = kShop,
                       const std::string& referer = kPage) {
    Request r;
    r.body = form_urlencode(pairs);
    r.remote_addr = "10.0.0.9";
    r.origin = origin;
    r.referer = referer;
    r.host = "leads.example:8080";
    return r;
  }
  Response post(const Pairs& pairs, const std::string& campaign = "seed-b2b",
                const std::string& origin = kShop, const std::string& referer = kPage) {
    return service_->post_form(campaign, form_request(pairs, origin, referer));
  }
  Response thanks(const std::string& campaign, std::map<std::string, std::string> query) {
    Request r;
    r.query = std::move(query);
    return service_->form_thanks(campaign, r);
  }
  std::vector<StoredLead> stored() { return store_->list({}); }
  Json exported(std::map<std::string, std::string> query = {}) {
    Request r;
    r.authorization = std::string("Bearer ") + kToken;
    r.query = std::move(query);
    Response response = service_->get_leads(r);
    EXPECT_EQ(response.status, 200) << response.body;
    return Json::parse(response.body, nullptr, false);
  }

  // seed-b2b as a registry of its own, changed by `edit` (a campaign without content, ...).
  std::unique_ptr<CampaignRegistry> seed_changed(const std::function<void(Json&)>& edit) {
    Json document = Json::parse(
        magnete::testing::read_text(magnete::testing::source_path("demo/campaigns/seed-b2b.json")),
        nullptr, false);
    edit(document);
    CampaignResult result = parse_campaign_document(document);
    EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
    auto registry = std::make_unique<CampaignRegistry>();
    if (result.ok()) registry->add(std::make_shared<const Campaign>(std::move(*result.campaign)));
    return registry;
  }

  std::filesystem::path dir_;
  CampaignRegistry campaigns_;
  Config config_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Service> service_;
  TimeMs now_ = at("2026-11-22T10:00:00Z");
};

// --- A valid form: stored, scored, 303 ---------------------------------------------------------

TEST_F(FormsTest, AValidFormIsScoredStoredAsCapturedWithoutScriptAndSentToTheAsset) {
  Response response = post(seed_form());
  ASSERT_EQ(response.status, 303) << response.body;
  // content.url "/ebook/lead-scoring-ebook.html", resolved against the page the form was on.
  EXPECT_EQ(header(response, "Location"), "https://shop.example/ebook/lead-scoring-ebook.html");
  EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");

  auto rows = stored();
  ASSERT_EQ(rows.size(), 1u);
  const StoredLead& row = rows[0];
  EXPECT_EQ(row.channel, "form");
  EXPECT_EQ(row.status, "accepted");
  EXPECT_TRUE(row.verified);
  EXPECT_EQ(row.reason, "");
  EXPECT_EQ(row.campaign_id, "seed-b2b");
  EXPECT_EQ(row.campaign_version, "1");
  EXPECT_EQ(row.received_at, "2026-11-22T10:00:00.000Z");
  EXPECT_EQ(row.submitted_at, "2026-11-22T10:00:00.000Z");
  EXPECT_EQ(row.email, "Mario.Rossi@example.com");
  EXPECT_EQ(row.source, "news");
  EXPECT_EQ(row.views, 1);
  EXPECT_EQ(row.http_status, 303);
  // A random UUID, version 4.
  ASSERT_EQ(row.id.size(), 36u) << row.id;
  EXPECT_EQ(row.id[14], '4');
  EXPECT_NE(std::string("89ab").find(row.id[19]), std::string::npos) << row.id;

  // The server's assessment, by the seed table: fit 15; a page view 2 and the form 7.
  Json server = Json::parse(row.server_assessment, nullptr, false);
  EXPECT_EQ(server["fit"], 15);
  EXPECT_EQ(server["engagement"], 9);
  EXPECT_EQ(server["score"], 24);
  EXPECT_EQ(server["grade"], "B");
  EXPECT_EQ(server["band"], "warm");
  EXPECT_EQ(server["stage"], "lead");
  EXPECT_EQ(row.client_assessment, "");
  EXPECT_DOUBLE_EQ(row.score, 24.0);
  EXPECT_EQ(row.stage, "lead");

  // The consent proof: the exact text of the form's locale, its version, the time.
  Json consents = Json::parse(row.consents, nullptr, false);
  ASSERT_EQ(consents.size(), 2u) << row.consents;
  EXPECT_EQ(consents[0]["id"], "privacy");
  EXPECT_EQ(consents[0]["granted"], true);
  EXPECT_EQ(consents[0]["text"],
            "Ho letto l'informativa privacy e acconsento al trattamento dei miei dati per ricevere "
            "l'ebook.");
  EXPECT_EQ(consents[0]["version"], "2026-01");
  EXPECT_EQ(consents[0]["locale"], "it");
  EXPECT_EQ(consents[0]["at"], "2026-11-22T10:00:00.000Z");
  EXPECT_EQ(consents[1]["id"], "marketing");
  EXPECT_EQ(consents[1]["granted"], false);

  // The payload is the magnete-v1 lead the core builds, with the page's attribution.
  Json payload = Json::parse(row.payload, nullptr, false);
  EXPECT_EQ(payload["schema"], "magnete-v1");
  EXPECT_EQ(payload["id"], row.id);
  EXPECT_EQ(payload["locale"], "it");
  EXPECT_EQ(payload["contact"]["company_size"], 120);
  EXPECT_EQ(payload["attribution"]["page_url"], kPage);
  EXPECT_EQ(payload["attribution"]["utm"].dump(), R"({"source":"news","campaign":"autunno"})");
  EXPECT_EQ(payload["events"].dump(),
            R"([{"type":"page_view","at":"2026-11-22T10:00:00.000Z","value":"/ebook/"},)"
            R"({"type":"form_submit","at":"2026-11-22T10:00:00.000Z"}])");
  EXPECT_EQ(payload["meta"]["hp"], "");
  EXPECT_EQ(payload["assessment"], server);
}

TEST_F(FormsTest, TheLeadShowsInTheExportAsCapturedWithoutScript) {
  Request widget;
  widget.body = magnete::testing::build_lead(magnete::testing::seed_example("by-script")).dump();
  ASSERT_EQ(service_->post_lead(widget).status, 201);
  now_ += 60'000;
  ASSERT_EQ(post(seed_form()).status, 303);

  Json all = exported();
  ASSERT_EQ(all["count"], 2) << all.dump();
  const Json& form = all["leads"][0];  // newest first
  EXPECT_EQ(form["channel"], "form");
  EXPECT_EQ(form["status"], "accepted");
  EXPECT_EQ(form["verified"], true);
  EXPECT_EQ(form["score"], 24);
  EXPECT_EQ(form["contact"]["first_name"], "Mario");
  EXPECT_EQ(form["assessment"]["stage"], "lead");
  EXPECT_TRUE(form["client_assessment"].is_null());
  EXPECT_EQ(all["leads"][1]["channel"], "script");

  Json forms = exported({{"channel", "form"}});
  ASSERT_EQ(forms["count"], 1);
  EXPECT_EQ(forms["leads"][0]["id"], form["id"]);

  Request csv;
  csv.authorization = std::string("Bearer ") + kToken;
  csv.query = {{"format", "csv"}};
  Response table = service_->get_leads(csv);
  ASSERT_EQ(table.status, 200);
  EXPECT_NE(table.body.find(",reason,channel,forwarding\r\n"), std::string::npos) << table.body;
  EXPECT_NE(table.body.find(form["id"].get<std::string>() + ",2026-11-22T10:01:00.000Z"),
            std::string::npos);
  EXPECT_NE(table.body.find(",accepted,,form,\r\n"), std::string::npos) << table.body;
  EXPECT_NE(table.body.find(",accepted,,script,\r\n"), std::string::npos) << table.body;
}

TEST_F(FormsTest, WithoutAnAssetTheVisitorGoesToTheThankYouPage) {
  auto registry = seed_changed([](Json& c) {
    c.erase("content");
    c["success_text"]["en"] = "Thanks! <b>Your</b> ebook & more are on the way.";
    c["variants"] = Json::parse(R"([{"id": "a", "weight": 1},
                                    {"id": "b", "weight": 1, "overrides": {"success_text": {"en": "B thanks you."}}}])");
  });
  open(registry.get());
  Response response = post(seed_form("en"));
  ASSERT_EQ(response.status, 303) << response.body;
  // Relative to /v1/forms/seed-b2b: /v1/forms/seed-b2b/thanks?...
  EXPECT_EQ(header(response, "Location"), "./seed-b2b/thanks?version=1&locale=en");
  EXPECT_EQ(stored().size(), 1u);

  Response page = thanks("seed-b2b", {{"version", "1"}, {"locale", "en"}});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(
      page.body,
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>Get the ebook: lead scoring in "
      "practice</title>"
      "</head><body><main><h1>Get the ebook: lead scoring in practice</h1>"
      "<p>Thanks! &lt;b&gt;Your&lt;/b&gt; ebook &amp; more are on the "
      "way.</p></main></body></html>");

  // The variant's text, in the variant's thank-you page; Italian by default.
  Response b = post(with(seed_form("en"), "mg_variant", "b"));
  EXPECT_EQ(header(b, "Location"), "./seed-b2b/thanks?version=1&locale=en&variant=b");
  EXPECT_NE(thanks("seed-b2b", {{"version", "1"}, {"locale", "en"}, {"variant", "b"}})
                .body.find("<p>B thanks you.</p>"),
            std::string::npos);
  Response italian = thanks("seed-b2b", {{"version", "1"}, {"locale", "fr"}});
  EXPECT_NE(italian.body.find("<html lang=\"it\">"), std::string::npos);
  EXPECT_NE(italian.body.find("<p>Grazie! Il tuo ebook è pronto.</p>"), std::string::npos)
      << italian.body;
  EXPECT_EQ(thanks("seed-b2b", {{"version", "7"}}).status, 404);
}

TEST_F(FormsTest, QuizAnswersAndTheVariantAreStoredAndScored) {
  Response response = post(fitness_form(), "fitness-launch");
  ASSERT_EQ(response.status, 303) << response.body;
  EXPECT_EQ(header(response, "Location"), "https://shop.example/fitness/guida-salute.html");
  auto rows = stored();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].variant, "guide");
  Json payload = Json::parse(rows[0].payload, nullptr, false);
  EXPECT_EQ(payload["campaign"]["variant"], "guide");
  EXPECT_EQ(
      payload["quiz"]["answers"].dump(),
      R"({"goal":["tone_up"],"frequency":["one_two"],"place":["home"],"obstacles":["time","know_how"]})");
  EXPECT_EQ(payload["quiz"]["outcome"], "strength");
  Json server = Json::parse(rows[0].server_assessment, nullptr, false);
  EXPECT_EQ(server["outcome"], "strength");
  EXPECT_EQ(server["fit"], 12);  // age 18-45, Milano, a smartphone
}

// --- Bad input: the form back -------------------------------------------------------------------

TEST_F(FormsTest, BadInputGetsTheFormBackFilledEscapedWithTheCoresMessages) {
  Pairs pairs = with(with(with(seed_form(), "email", "mario@gmial"), "company_size", "dieci"),
                     "consent:privacy", "");
  pairs = with(pairs, "first_name", "\"><script>alert(1)</script>");
  pairs = with(pairs, "consent:marketing", "on");
  Response response = post(pairs);
  ASSERT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(response, "Content-Security-Policy"), "script-src 'none'; object-src 'none'");
  const std::string& page = response.body;
  EXPECT_EQ(
      page.rfind(
          "<!doctype html><html lang=\"it\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\"><base href=\"https://shop.example/ebook/"
          "?utm_source=news&amp;utm_campaign=autunno\"><title>Scarica l&#39;ebook: il lead scoring "
          "in "
          "pratica</title></head><body><magnete-widget campaign=\"seed-b2b\" locale=\"it\" "
          "static=\"\">",
          0),
      0u)
      << page;
  EXPECT_EQ(page.substr(page.size() - 31), "</magnete-widget></body></html>");
  // The values as sent, escaped; the script stays text.
  EXPECT_EQ(count(page, "<script"), 0u);
  EXPECT_NE(page.find(R"(value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")"),
            std::string::npos);
  EXPECT_NE(
      page.find(
          R"(name="email" aria-describedby="mg-email-error" aria-required="true" type="email" inputmode="email" autocomplete="email" spellcheck="false" value="mario@gmial" aria-invalid="true">)"
          R"(<p class="mg-error" data-for="email" id="mg-email-error">Inserisci un indirizzo email valido, come nome@esempio.it.</p>)"),
      std::string::npos)
      << page;
  EXPECT_NE(page.find(R"(value="Founder &amp; CEO")"), std::string::npos);
  EXPECT_NE(page.find(R"(<option value="fitness" selected="">Fitness</option>)"),
            std::string::npos);
  EXPECT_NE(
      page.find(
          R"(<p class="mg-error" data-for="company_size" id="mg-company_size-error">Inserisci un numero.</p>)"),
      std::string::npos);
  EXPECT_NE(
      page.find(
          R"(name="consent:privacy" aria-describedby="mg-consent-privacy-error" aria-required="true" aria-invalid="true">)"),
      std::string::npos)
      << page;
  EXPECT_NE(
      page.find(
          R"(<p class="mg-error" data-for="consent:privacy" id="mg-consent-privacy-error">Per continuare devi accettare.</p>)"),
      std::string::npos);
  EXPECT_NE(
      page.find(
          R"(name="consent:marketing" aria-describedby="mg-consent-marketing-error" checked="">)"),
      std::string::npos);
  EXPECT_NE(
      page.find(
          R"(<p class="mg-status" role="status" aria-live="polite">Controlla i campi evidenziati.</p>)"),
      std::string::npos);
  // The page it came from travels with the form, for the second post.
  EXPECT_NE(
      page.find(
          R"(<input type="hidden" name="mg_page" value="https://shop.example/ebook/?utm_source=news&amp;utm_campaign=autunno">)"),
      std::string::npos);
  EXPECT_TRUE(stored().empty());
}

TEST_F(FormsTest, TheEnglishFormGetsTheEnglishFileAndMessages) {
  Response response = post(with(seed_form("en"), "email", ""));
  ASSERT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(response.body.find("<title>Get the ebook: lead scoring in practice</title>"),
            std::string::npos);
  EXPECT_NE(response.body.find(">Work email</label>"), std::string::npos);
  EXPECT_NE(response.body.find(R"(id="mg-email-error">This field is required.</p>)"),
            std::string::npos);
  EXPECT_NE(response.body.find(">Please check the highlighted fields.</p>"), std::string::npos);
}

TEST_F(FormsTest, ARepeatedNameIsAnErrorNamingTheField) {
  Pairs pairs = seed_form();
  pairs.emplace_back("email", "other@example.com");
  pairs.emplace_back("shoe_size", "42");  // unknown names are ignored
  Response response = post(pairs);
  ASSERT_EQ(response.status, 400);
  EXPECT_NE(response.body.find(R"(id="mg-email-error">Questo campo accetta un solo valore.</p>)"),
            std::string::npos)
      << response.body;
  EXPECT_EQ(count(response.body, "class=\"mg-error\" data-for=\"email\" id=\"mg-email-error\">"),
            1u);
  EXPECT_EQ(post(with(seed_form(), "shoe_size", "42")).status, 303);
}

TEST_F(FormsTest, TheVariantsFileIsPreferredElseThePlainOne) {
  Pairs incomplete = with(fitness_form(), "quiz:place", "");
  Response guide = post(incomplete, "fitness-launch");
  ASSERT_EQ(guide.status, 400);
  EXPECT_NE(guide.body.find(">Scarica la guida e il piano</button>"),
            std::string::npos);  // fitness-launch.it.guide.html
  EXPECT_NE(
      guide.body.find(
          R"(<p class="mg-error" data-for="quiz:place" id="mg-quiz-place-error">Scegli una risposta.</p>)"),
      std::string::npos)
      << guide.body;
  EXPECT_NE(guide.body.find(R"(name="quiz:goal" value="tone_up" checked="">)"), std::string::npos);
  EXPECT_NE(guide.body.find(R"(name="quiz:obstacles" value="know_how" checked="">)"),
            std::string::npos);
  EXPECT_NE(guide.body.find(R"(name="quiz:place" value="home" aria-invalid="true">)"),
            std::string::npos);
  EXPECT_NE(guide.body.find(R"(value="ios" aria-describedby="mg-smartphone-error" checked="">)"),
            std::string::npos);
  // The title as the variant shows it.
  EXPECT_NE(guide.body.find("<title>Qual è l&#39;allenamento giusto per te?</title>"),
            std::string::npos);

  Response plan = post(with(incomplete, "mg_variant", "plan"), "fitness-launch");
  ASSERT_EQ(plan.status, 400);
  EXPECT_NE(plan.body.find(">Mostrami il mio piano</button>"),
            std::string::npos);  // fitness-launch.it.html
  EXPECT_TRUE(stored().empty());
}

TEST_F(FormsTest, WithoutAFormFileAPlainPageListsEachErrorWithItsLabel) {
  config_.forms_dir.clear();
  open();
  Response response = post(with(with(seed_form(), "email", "mario@"), "consent:privacy", ""));
  ASSERT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(
      response.body,
      "<!doctype html><html lang=\"it\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>Scarica l&#39;ebook: il lead scoring "
      "in pratica"
      "</title></head><body><main><h1>Scarica l&#39;ebook: il lead scoring in pratica</h1>"
      "<p>Controlla i campi evidenziati.</p><ul>"
      "<li>Email di lavoro: Inserisci un indirizzo email valido, come nome@esempio.it.</li>"
      "<li>Ho letto l&#39;informativa privacy e acconsento al trattamento dei miei dati per "
      "ricevere "
      "l&#39;ebook.: Per continuare devi accettare.</li></ul>"
      "<p><a href=\"https://shop.example/ebook/?utm_source=news&amp;utm_campaign=autunno\">Torna "
      "al modulo</a>"
      "</p></main></body></html>");
}

TEST_F(FormsTest, TheSecondPostFromTheFilledFormKeepsTheFirstPage) {
  Response first = post(with(seed_form(), "email", "mario@"));
  ASSERT_EQ(first.status, 400);
  // The browser posts the filled form from the collector's own page, with the page it carries.
  Pairs again = seed_form();
  again.emplace_back("mg_page", kPage);
  Response second = post(again, "seed-b2b", "http://leads.example:8080",
                         "http://leads.example:8080/v1/forms/seed-b2b");
  ASSERT_EQ(second.status, 303) << second.body;
  EXPECT_EQ(header(second, "Location"), "https://shop.example/ebook/lead-scoring-ebook.html");
  Json payload = Json::parse(stored().at(0).payload, nullptr, false);
  EXPECT_EQ(payload["attribution"]["page_url"], kPage);
  EXPECT_EQ(stored().at(0).source, "news");
}

TEST_F(FormsTest, APageFromAnOriginNotAllowedIsNeverWhereTheVisitorIsSent) {
  // No Origin (not a browser), a Referer from elsewhere: the asset on the collector's origin.
  Response r = post(seed_form(), "seed-b2b", "", "https://evil.example/page");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(header(r, "Location"), "/ebook/lead-scoring-ebook.html");
  // An allowed Origin, a Referer from elsewhere (or a forged mg_page): the Origin's.
  r = post(with(seed_form(), "mg_page", "https://evil.example/x"), "seed-b2b", kShop,
           "https://evil.example/page");
  EXPECT_EQ(header(r, "Location"), "https://shop.example/ebook/lead-scoring-ebook.html");
  // No Referer at all (Referrer-Policy: no-referrer): the Origin's.
  r = post(seed_form(), "seed-b2b", kShop, "");
  EXPECT_EQ(header(r, "Location"), "https://shop.example/ebook/lead-scoring-ebook.html");
  // Neither: the collector's own origin.
  r = post(seed_form(), "seed-b2b", "", "");
  EXPECT_EQ(header(r, "Location"), "/ebook/lead-scoring-ebook.html");
  EXPECT_EQ(stored().size(), 4u);
  // The form refilled from an untrusted page links to no page.
  Response bad = post(with(seed_form(), "email", ""), "seed-b2b", "", "https://evil.example/page");
  EXPECT_EQ(bad.body.find("evil.example"), std::string::npos) << bad.body;
}

TEST_F(FormsTest, HiddenFieldsTakeThePagesQueryWhenTheFormLeavesThemEmpty) {
  auto registry = seed_changed([](Json& c) {
    c["fields"].push_back({{"name", "utm_campaign"}, {"type", "hidden"}});
    c["fields"].push_back({{"name", "partner"}, {"type", "hidden"}});
  });
  open(registry.get());
  Pairs pairs = seed_form();
  pairs.emplace_back("utm_campaign", "");
  pairs.emplace_back("partner", "from-the-form");
  ASSERT_EQ(post(pairs, "seed-b2b", kShop, std::string(kPage) + "&partner=from-the-page").status,
            303);
  Json payload = Json::parse(stored().at(0).payload, nullptr, false);
  EXPECT_EQ(payload["contact"]["utm_campaign"], "autunno");
  EXPECT_EQ(payload["contact"]["partner"], "from-the-form");
}

// The renderer's own output (web/prerender.mjs --forms demo/campaigns, copied to
// tests/collector/prerendered/): attributes in its order, the widget's whole view.
TEST_F(FormsTest, TheRenderersOwnMarkupComesBackFilled) {
  config_.forms_dir = magnete::testing::source_path("tests/collector/prerendered");
  open();
  Pairs seed =
      with(with(with(seed_form(), "email", "franco@gmial"), "job_title", "<b>Titolare</b>"),
           "consent:privacy", "");
  Response response = post(seed);
  ASSERT_EQ(response.status, 400);
  const std::string& page = response.body;
  EXPECT_NE(
      page.find(
          R"(<body><magnete-widget campaign="/campaigns/seed-b2b.json" static=""><template shadowrootmode="open">)"),
      std::string::npos);
  EXPECT_NE(
      page.find(
          R"(<form action="/v1/forms/seed-b2b" method="post" part="form" novalidate="" class="mg-form">)"
          R"(<input type="hidden" name="mg_page" value="https://shop.example/ebook/?utm_source=news&amp;utm_campaign=autunno">)"
          R"(<input value="1" name="mg_version" type="hidden">)"),
      std::string::npos)
      << page;
  EXPECT_NE(
      page.find(
          R"(<input spellcheck="false" autocomplete="email" inputmode="email" type="email" aria-required="true" )"
          R"(aria-describedby="mg-email-error" name="email" id="mg-email" value="franco@gmial" aria-invalid="true">)"),
      std::string::npos)
      << page;
  EXPECT_NE(
      page.find(
          R"(<p id="mg-email-error" data-for="email" class="mg-error">Inserisci un indirizzo email valido, come nome@esempio.it.</p>)"),
      std::string::npos);
  EXPECT_NE(page.find(R"(name="job_title" id="mg-job_title" value="&lt;b&gt;Titolare&lt;/b&gt;">)"),
            std::string::npos);
  EXPECT_NE(
      page.find(
          R"(<input aria-required="true" aria-describedby="mg-consent-privacy-error" name="consent:privacy" id="mg-consent-privacy" type="checkbox" aria-invalid="true">)"),
      std::string::npos);
  EXPECT_NE(
      page.find(
          R"(<p id="mg-consent-privacy-error" data-for="consent:privacy" class="mg-error">Per continuare devi accettare.</p>)"),
      std::string::npos);
  EXPECT_NE(page.find(R"(<option value="fitness" selected="">Fitness</option>)"),
            std::string::npos);
  EXPECT_NE(
      page.find(
          R"(<p aria-live="polite" role="status" class="mg-status">Controlla i campi evidenziati.</p>)"),
      std::string::npos);
  EXPECT_EQ(count(page, "<b>"), 0u);

  Pairs fitness =
      with(with(with(fitness_form(), "quiz:place", ""), "mg_variant", ""), "city", "roma");
  Response quiz = post(fitness, "fitness-launch");
  ASSERT_EQ(quiz.status, 400);
  EXPECT_NE(
      quiz.body.find(
          R"(<input aria-describedby="mg-q0-error" value="tone_up" name="quiz:goal" id="mg-q0-a1" type="radio" checked="">)"),
      std::string::npos)
      << quiz.body;
  EXPECT_NE(
      quiz.body.find(
          R"(<input aria-describedby="mg-q2-error" value="home" name="quiz:place" id="mg-q2-a0" type="radio" aria-invalid="true">)"),
      std::string::npos);
  EXPECT_NE(
      quiz.body.find(
          R"(<p id="mg-q2-error" data-for="quiz:place" class="mg-error">Scegli una risposta.</p>)"),
      std::string::npos);
  EXPECT_NE(quiz.body.find(R"(<option value="roma" selected="">Roma</option>)"), std::string::npos);
  EXPECT_NE(quiz.body.find(R"(value="sara@libero.it")"), std::string::npos);
  EXPECT_TRUE(stored().empty());
}

// --- Bots, refusals, limits ---------------------------------------------------------------------

TEST_F(FormsTest, AFilledHoneypotIsStoredAsRejectedAndAnsweredAsASuccess) {
  Response valid = post(with(seed_form(), "mg_hp", "http://spam.example"));
  ASSERT_EQ(valid.status, 303);
  EXPECT_EQ(header(valid, "Location"), "https://shop.example/ebook/lead-scoring-ebook.html");
  // Invalid too: a bot learns nothing from the answer.
  Response invalid = post(with(with(seed_form(), "mg_hp", "x"), "email", "not an email"));
  ASSERT_EQ(invalid.status, 303);
  auto rows = stored();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.status, "rejected");
    EXPECT_EQ(row.reason, "bot: the hidden honeypot field was filled");
    EXPECT_EQ(row.reason_code, "honeypot");
    EXPECT_EQ(row.channel, "form");
  }
  const StoredLead& scored = rows[0].email.empty() ? rows[1] : rows[0];
  const StoredLead& raw = rows[0].email.empty() ? rows[0] : rows[1];
  EXPECT_EQ(Json::parse(scored.payload, nullptr, false)["meta"]["hp"], "http://spam.example");
  EXPECT_FALSE(scored.server_assessment.empty());
  EXPECT_NE(raw.payload.find(R"(["email","not an email"])"), std::string::npos) << raw.payload;
}

TEST_F(FormsTest, AnUnknownCampaignOrVersionIs404AndNothingIsStored) {
  for (const auto& [campaign, pairs] : std::vector<std::pair<std::string, Pairs>>{
           {"no-such-campaign", seed_form()},
           {"seed-b2b", with(seed_form(), "mg_version", "9")},
           {"seed-b2b", with(seed_form(), "mg_version", "")}}) {
    Response r = post(pairs, campaign);
    EXPECT_EQ(r.status, 404) << campaign;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_NE(r.body.find("<h1>Questo modulo non è disponibile al momento.</h1>"),
              std::string::npos)
        << r.body;
    EXPECT_NE(r.body.find("is not known to this collector."), std::string::npos);
  }
  Response escaped = post(with(seed_form(), "mg_version", "<img src=x onerror=alert(1)>"));
  EXPECT_EQ(escaped.body.find("<img"), std::string::npos) << escaped.body;
  EXPECT_TRUE(stored().empty());
}

TEST_F(FormsTest, AnOriginNotAllowedIs403AndNothingIsStored) {
  Response r = post(seed_form(), "seed-b2b", "https://evil.example");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Origin https://evil.example may not post campaign seed-b2b"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(post(seed_form(), "seed-b2b", "null").status, 403);
  EXPECT_TRUE(stored().empty());
  // The collector's own pages, and the configured origins, may.
  EXPECT_EQ(post(seed_form(), "seed-b2b", "http://leads.example:8080").status, 303);
  EXPECT_EQ(post(seed_form(), "seed-b2b", kShop).status, 303);
}

TEST_F(FormsTest, TheRateLimitIsThatOfLeadsPerAddress) {
  config_.rate_limit = 2;
  open();
  Request widget = form_request({});
  widget.body = magnete::testing::build_lead(magnete::testing::seed_example("rl-1")).dump();
  ASSERT_EQ(service_->post_lead(widget).status, 201);
  ASSERT_EQ(post(seed_form()).status, 303);
  Response limited = post(seed_form());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(header(limited, "Retry-After"), "30");
  EXPECT_EQ(limited.content_type, "text/html; charset=utf-8");
  EXPECT_NE(limited.body.find("Troppi invii da questa connessione"), std::string::npos)
      << limited.body;
  now_ += 30'000;
  EXPECT_EQ(post(seed_form()).status, 303);
}

TEST_F(FormsTest, ABodyOverTheLimitIs413) {
  Pairs pairs = seed_form();
  pairs.emplace_back("padding", std::string(config_.max_body_bytes, 'x'));
  Response r = post(pairs);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(stored().empty());
}

}  // namespace
}  // namespace magnete::collector
