// POST /v1/forms/<campaign id>: the pre-rendered form, posted without script (its script was
// blocked or failed). The core builds the lead (lead_from_form), applies the required-consent
// rule and scores it; this route only reads HTTP and answers a browser: 303 to the asset or a
// thank-you page, or the form back with the core's messages.
//
// The request (the contract with web/prerender.mjs), application/x-www-form-urlencoded:
// mg_version, mg_locale, mg_variant, mg_hp (the honeypot), the fields by name,
// "consent:<id>" = "on", "quiz:<question id>" = answer id. The form filled again by this route
// also carries mg_page, the page the form was first posted from (its Referer), so that the
// second post keeps the page's attribution and asset URL.
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "form_page.hpp"
#include "forwarder.hpp"
#include "magnete/engine.hpp"
#include "magnete/form.hpp"
#include "magnete/payload.hpp"
#include "service.hpp"
#include "url.hpp"

namespace magnete::collector {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr std::size_t kMaxFormFileBytes = 1024 * 1024;
constexpr std::size_t kMaxPageUrl = 2000;  // as the widget's tracker caps page_url
constexpr const char* kHoneypotReason = "bot: the hidden honeypot field was filled";

std::string first(const Pairs& pairs, std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) return value;
  }
  return "";
}

// The language of a page written before the campaign is known (form_message() reads it so).
std::string page_lang(std::string_view locale) { return locale.substr(0, 2) == "it" ? "it" : "en"; }

// A browser shows these answers: it must not sniff them as anything else, and no script runs
// in them, should a text ever get past its escaping.
void page_headers(Response& response) {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Content-Security-Policy", "script-src 'none'; object-src 'none'");
}

Response html_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  page_headers(r);
  return r;
}

// A page that says why the form was not taken: the visitor's words, then the site owner's.
Response refusal(int status, std::string_view locale, std::string_view code,
                 const std::string& detail) {
  const std::string lang = page_lang(locale);
  const std::string heading = form_message(code, lang);
  return html_response(status, html_page(lang, heading, "", message_body(heading, {detail})));
}

// A version 4 UUID (RFC 9562): the lead's id, since a form without script brings none.
std::string random_uuid() {
  std::random_device device;
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    std::uint32_t v = device();
    for (std::size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<unsigned char>(v >> (8 * k));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

// At most `n` code points of UTF-8 text (the widget slices its values likewise).
std::string cut(std::string_view text, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t points = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && points++ == n) break;
  }
  return std::string(text.substr(0, i));
}

// web/src/tracker.js currentTouch(): the page, and the UTM parameters of its query.
Json attribution_of(const Url& page, const std::string& page_url) {
  Json utm = Json::object();
  Pairs query = parse_urlencoded(page.query);
  for (const char* key : {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"}) {
    std::string value = first(query, key);
    if (!value.empty()) utm[std::string(key).substr(4)] = cut(value, 200);
  }
  Json out = Json::object();
  out["page_url"] = cut(page_url, kMaxPageUrl);
  out["landing_page"] = out["page_url"];
  out["utm"] = std::move(utm);
  return out;
}

// The renderer's file for this form: <dir>/<id>.<locale>.<variant>.html, else
// <dir>/<id>.<locale>.html.
std::optional<std::string> read_form_file(const std::string& dir, const std::string& id,
                                          const std::string& locale, const std::string& variant) {
  namespace fs = std::filesystem;
  if (dir.empty()) return std::nullopt;
  for (const std::string& part : {id, locale, variant}) {
    if (part.find_first_of(std::string("/\\\0", 3)) != std::string::npos) return std::nullopt;
  }
  std::vector<std::string> names;
  if (!variant.empty()) names.push_back(id + "." + locale + "." + variant + ".html");
  names.push_back(id + "." + locale + ".html");
  for (const auto& name : names) {
    fs::path path = fs::path(dir) / name;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > kMaxFormFileBytes || ec)
      continue;
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.bad()) return text;
  }
  return std::nullopt;
}

// Where a visitor goes once the form is taken: the campaign's asset, resolved against the
// page the form was on (as the widget's link resolves it), else the collector's thank-you page.
std::string success_location(const Campaign& campaign, const std::string& locale,
                             const std::string& variant, const std::optional<Url>& base) {
  if (campaign.content && !campaign.content->url.empty()) {
    const std::string scheme = scheme_of(campaign.content->url);
    if (scheme.empty() || scheme == "http" || scheme == "https") {
      Url root;  // no page known: the collector's own origin
      root.path = "/";
      return header_safe_url(resolve_reference(base ? *base : root, campaign.content->url));
    }
  }
  std::vector<FormField> query = {{"version", campaign.version}, {"locale", locale}};
  if (!variant.empty()) query.emplace_back("variant", variant);
  // Relative to /v1/forms/<id>, so it holds behind a proxy's path prefix; "./" keeps an id
  // with ':' from reading as a scheme.
  return "./" + campaign.id + "/thanks?" + form_urlencode(query);
}

}  // namespace

Response Service::post_form(const std::string& campaign_id, const Request& request) {
  if (request.body.size() > config_.max_body_bytes) {
    return refusal(413, "en", "form_too_large",
                   "The form is " + std::to_string(request.body.size()) + " bytes; at most " +
                       std::to_string(config_.max_body_bytes) + " are taken.");
  }
  Pairs pairs = parse_urlencoded(request.body);
  const std::string version = first(pairs, "mg_version");
  const std::string asked_locale = first(pairs, "mg_locale");
  if (std::int64_t wait = limiter_.acquire(client_of(request), clock_()); wait > 0) {
    Response r =
        refusal(429, asked_locale, "form_too_frequent",
                "Too many forms from this address; retry in " + std::to_string(wait) + " s.");
    r.headers.emplace_back("Retry-After", std::to_string(wait));
    return r;
  }
  std::shared_ptr<const Campaign> campaign = campaigns_.find(campaign_id, version);
  if (campaign == nullptr) {
    return refusal(
        404, asked_locale, "form_unavailable",
        "Campaign " + campaign_id + " version " + version + " is not known to this collector.");
  }
  if (!origin_allowed(request, campaign.get())) {
    return refusal(403, asked_locale, "form_unavailable",
                   "Origin " + request.origin + " may not post campaign " + campaign_id +
                       ": add it to delivery.allowed_origins.");
  }
  const std::string locale = campaign->locale_for(asked_locale);
  const std::string asked_variant = first(pairs, "mg_variant");
  const std::string variant = campaign->find_variant(asked_variant) != nullptr ? asked_variant : "";
  const TimeMs now = clock_();

  // The page the form was on: the one this route's own form names, else the Referer. It is the
  // base of the page's relative URLs (the asset, the form's stylesheet) only when the campaign
  // may be posted from its origin, so that no one can send a visitor elsewhere through us.
  std::string page_url = first(pairs, "mg_page");
  std::optional<Url> page = parse_http_url(page_url);
  if (!page) {
    page_url = request.referer;
    page = parse_http_url(page_url);
  }
  if (!page) page_url.clear();
  bool trusted = false;
  if (page) {
    Request probe;
    probe.origin = origin_of(*page);
    probe.host = request.host;
    trusted = origin_allowed(probe, campaign.get());
  }
  std::optional<Url> base = trusted ? page : parse_http_url(request.origin);

  // Hidden fields carry what the page knows: the form's value, else the page URL's query
  // parameter of the field's name (as the widget fills them, web/src/controller.js).
  if (page) {
    Pairs query = parse_urlencoded(page->query);
    for (const auto& field : campaign->fields) {
      if (field.type != FieldType::kHidden || !first(pairs, field.name).empty()) continue;
      std::string value = first(query, field.name);
      if (value.empty()) continue;
      bool replaced = false;
      for (auto& pair : pairs) {
        if (pair.first == field.name && !replaced) {
          pair.second = value;
          replaced = true;
        }
      }
      if (!replaced) pairs.emplace_back(field.name, value);
    }
  }

  FormLeadResult built = lead_from_form(*campaign, pairs, locale, variant, now);
  const std::string honeypot = first(pairs, "mg_hp");
  if (!built.ok() && honeypot.empty()) {
    return form_errors(*campaign, pairs, built.errors, locale, variant, trusted ? page_url : "");
  }

  StoredLead row;
  row.id = random_uuid();
  row.campaign_id = campaign->id;
  row.campaign_version = campaign->version;
  row.variant = variant;
  row.received_at = format_time(now);
  row.submitted_at = row.received_at;
  row.channel = "form";
  row.status = "accepted";
  OrderedJson answer = OrderedJson::object();
  answer["ok"] = true;
  answer["id"] = row.id;
  std::vector<OutboxEntry> outbox;  // to the campaign's forward destinations, as /v1/leads does
  if (built.ok()) {
    Lead& lead = *built.lead;
    lead.id = row.id;
    lead.attribution = page ? attribution_of(*page, page_url) : Json::object();
    lead.meta = Json{{"hp", honeypot}};
    // The visitor saw the page, then sent the form (the widget records both).
    if (page)
      lead.events.insert(lead.events.begin(), Event{"page_view", now, cut(page->path, 500)});
    Engine engine(campaign);
    if (Errors errors = engine.load(lead); !errors.empty()) {
      return refusal(500, locale, "form_unavailable",
                     "The core refused its own lead: " + to_string(errors[0]));
    }
    Assessment assessment = engine.assess(now);
    OrderedJson server = to_json(assessment);
    row.payload = to_magnete_v1(*campaign, engine.lead(), assessment)
                      .dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
    row.server_assessment = server.dump();
    // Scored here from what the visitor sent: there is no client assessment to compare.
    row.verified = true;
    row.consents = consents_json(engine.lead());
    row.source = lead_source(lead.attribution);
    for (const auto& e : lead.events) row.views += e.type == "page_view";
    for (const auto& f : campaign->fields) {
      auto it = engine.lead().contact.find(f.name);
      if (f.type == FieldType::kEmail && it != engine.lead().contact.end() && row.email.empty()) {
        row.email = it->second.get<std::string>();
      }
    }
    row.stage = assessment.stage;
    row.band = assessment.band;
    row.grade = assessment.grade;
    row.score = static_cast<double>(assessment.score) / 1000.0;
    answer["assessment"] = std::move(server);
    if (honeypot.empty()) outbox = outbox_entries(*campaign, engine.lead(), assessment, now);
  } else {
    // A bot's form that is not even valid: kept as it came, for the record.
    OrderedJson sent = OrderedJson::array();
    for (const auto& [name, value] : pairs) sent.push_back(OrderedJson::array({name, value}));
    row.payload = OrderedJson{{"form", std::move(sent)}}.dump(
        -1, ' ', false, OrderedJson::error_handler_t::replace);
    row.consents = "[]";
  }
  // A filled honeypot: stored as rejected and answered as a success, as /v1/leads does. A
  // form without script has no time to submit (nothing measures it) and no events but the
  // two this route adds: the honeypot is its only bot signal, and its events need no window.
  if (!honeypot.empty()) {
    row.status = "rejected";
    row.reason = kHoneypotReason;
    row.reason_code = "honeypot";
  }
  const std::string location = success_location(*campaign, locale, variant, base);
  answer["status"] = row.status;
  answer["verified"] = row.verified;
  answer["channel"] = row.channel;
  answer["location"] = location;
  row.http_status = 303;
  row.response = answer.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  if (auto resets = quota_.take(campaign->id, now)) {
    Response r = refusal(429, locale, "form_unavailable",
                         "Campaign " + campaign->id + " has reached its quota of " +
                             std::to_string(quota_.per_day()) +
                             " leads today (UTC); it resets at " + format_time(*resets) + ".");
    r.headers.emplace_back("Retry-After", std::to_string((*resets - now + 999) / 1000));
    return r;
  }
  if (!store_.insert(row, outbox)) {
    quota_.give_back(campaign->id, now);
    return refusal(503, locale, "form_unavailable", "The lead could not be stored; retry later.");
  }
  Response response = html_response(303, "");
  response.headers.emplace_back("Location", location);
  return response;
}

Response Service::form_errors(const Campaign& campaign, const Pairs& pairs, const Errors& errors,
                              const std::string& locale, const std::string& variant,
                              const std::string& page) const {
  std::string title = campaign.variant_text("title", variant, locale);
  if (title.empty()) title = campaign.id;
  const std::string summary = form_message("fix_errors", locale);
  if (auto markup = read_form_file(config_.forms_dir, campaign.id, locale, variant)) {
    FormFill fill;
    // Every control of the campaign, with what was sent for it (none: not sent).
    for (const auto& field : campaign.fields) fill.values[field.name];
    for (const auto& consent : campaign.consents) fill.values["consent:" + consent.id];
    if (campaign.quiz) {
      for (const auto& question : campaign.quiz->questions) fill.values["quiz:" + question.id];
    }
    for (const auto& [name, value] : pairs) {
      auto it = fill.values.find(name);
      if (it != fill.values.end()) it->second.push_back(value);
    }
    for (const auto& e : errors) {
      if (e.path.empty())
        fill.messages.push_back(e.message);
      else
        fill.errors.emplace(e.path, e.message);
    }
    fill.summary = summary;
    if (!page.empty()) fill.hidden = {{"mg_page", page}};
    if (auto filled = fill_form(*markup, fill)) {
      return html_response(400, html_page(locale, title, page, *filled));
    }
  }
  // No form file, or not one written as the renderer writes them: the errors, listed.
  std::vector<std::string> items;
  for (const auto& e : errors) {
    items.push_back(e.path.empty()
                        ? e.message
                        : form_control_label(campaign, e.path, locale) + ": " + e.message);
  }
  return html_response(400, html_page(locale, title, "",
                                      message_body(title, {summary}, items, page,
                                                   form_message("back_to_form", locale))));
}

Response Service::form_thanks(const std::string& campaign_id, const Request& request) {
  auto query = [&](const char* key) {
    auto it = request.query.find(key);
    return it == request.query.end() ? std::string() : it->second;
  };
  std::shared_ptr<const Campaign> campaign = campaigns_.find(campaign_id, query("version"));
  if (campaign == nullptr) {
    return refusal(404, query("locale"), "form_unavailable",
                   "Campaign " + campaign_id + " version " + query("version") +
                       " is not known to this collector.");
  }
  const std::string locale = campaign->locale_for(query("locale"));
  const std::string variant =
      campaign->find_variant(query("variant")) != nullptr ? query("variant") : "";
  std::string title = campaign->variant_text("title", variant, locale);
  if (title.empty()) title = campaign->id;
  std::string text = campaign->variant_text("success_text", variant, locale);
  if (text.empty()) text = form_message("success", locale);
  return html_response(200, html_page(locale, title, "", message_body(title, {text})));
}

}  // namespace magnete::collector
