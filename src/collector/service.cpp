#include "service.hpp"

#include "forwarder.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string_view>

#include "bearer.hpp"
#include "magnete/engine.hpp"
#include "magnete/lead_checks.hpp"

namespace magnete::collector {
namespace {

Response json_response(int status, const OrderedJson& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  return r;
}

Response errors_response(int status, const Errors& errors) {
  OrderedJson body = OrderedJson::object();
  body["ok"] = false;
  body["errors"] = to_json(errors);
  return json_response(status, body);
}

std::string query_value(const Request& request, const std::string& key) {
  auto it = request.query.find(key);
  return it == request.query.end() ? "" : it->second;
}

}  // namespace

Response error_response(int status, const std::string& path, const std::string& message) {
  return errors_response(status, {{path, message}});
}

std::string csv_cell(const std::string& value) {
  constexpr std::string_view kFormula = "=+-@\t\r", kSplits = ";\t\r\n";
  auto formula = [&](char c) { return kFormula.find(c) != std::string_view::npos; };
  auto splits = [&](char c) { return kSplits.find(c) != std::string_view::npos; };
  std::string v;
  v.reserve(value.size() + 2);
  bool piece_start = true;  // at the start of the cell, or of a piece a spreadsheet may split off
  std::size_t piece = 0;    // where the current piece begins in v
  for (char c : value) {
    if (piece_start && c != ' ' && formula(c)) v.insert(piece, 1, '\'');
    if (c != ' ') piece_start = false;
    v += c;
    if (splits(c)) {
      piece_start = true;
      piece = v.size();
    }
  }
  bool quote = v.find_first_of(",\"\r\n';\t") != std::string::npos;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

double clamped_score(double score) {
  constexpr double kLimit = 1e12;
  if (std::isnan(score)) return 0;
  return std::min(kLimit, std::max(-kLimit, score));
}

std::string lead_source(const Json& attribution) {
  if (!attribution.is_object()) return "direct";
  auto utm = attribution.find("utm");
  if (utm != attribution.end() && utm->is_object()) {
    auto source = utm->find("source");
    if (source != utm->end() && source->is_string() &&
        !source->get_ref<const std::string&>().empty()) {
      return source->get<std::string>().substr(0, 100);
    }
  }
  auto referrer = attribution.find("referrer");
  if (referrer != attribution.end() && referrer->is_string()) {
    const std::string& r = referrer->get_ref<const std::string&>();
    auto start = r.find("://");
    if (start != std::string::npos) {
      std::string host = r.substr(start + 3);
      host = host.substr(0, host.find_first_of("/?#"));
      if (!host.empty()) return host.substr(0, 100);
    }
  }
  return "direct";
}

std::string consents_json(const Lead& lead) {
  OrderedJson consents = OrderedJson::array();
  for (const auto& c : lead.consents) {
    consents.push_back({{"id", c.id},
                        {"granted", c.granted},
                        {"text", c.text},
                        {"version", c.version},
                        {"locale", c.locale},
                        {"at", format_time(c.at)}});
  }
  return consents.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

Service::Service(Config config, const CampaignRegistry& campaigns, Store& store, Clock clock)
    : config_(std::move(config)),
      campaigns_(campaigns),
      store_(store),
      clock_(std::move(clock)),
      limiter_(config_.rate_limit),
      quota_(config_.daily_quota, store) {
  origins_.insert(config_.allowed_origins.begin(), config_.allowed_origins.end());
  for (const auto& campaign : campaigns_.all()) {
    origins_.insert(campaign->delivery.allowed_origins.begin(),
                    campaign->delivery.allowed_origins.end());
  }
}

// Same origin (the demo pages the collector serves itself), or listed: globally for the
// preflight, which carries no body; for a POST, by its campaign or globally.
bool Service::origin_allowed(const Request& request, const Campaign* campaign) const {
  if (request.origin.empty()) return true;  // not a browser's cross-origin request
  if (!request.host.empty() &&
      (request.origin == "http://" + request.host || request.origin == "https://" + request.host)) {
    return true;
  }
  if (std::find(config_.allowed_origins.begin(), config_.allowed_origins.end(), request.origin) !=
      config_.allowed_origins.end()) {
    return true;
  }
  if (campaign == nullptr) return origins_.count(request.origin) != 0;
  const auto& list = campaign->delivery.allowed_origins;
  return std::find(list.begin(), list.end(), request.origin) != list.end();
}

void Service::add_cors(const Request& request, Response& response) const {
  if (request.origin.empty() || !origin_allowed(request, nullptr)) return;
  response.headers.emplace_back("Access-Control-Allow-Origin", request.origin);
  response.headers.emplace_back("Access-Control-Expose-Headers", "Retry-After, Idempotent-Replay");
  response.headers.emplace_back("Vary", "Origin");
}

Response Service::preflight(const Request& request) {
  Response r;
  if (request.origin.empty() || !origin_allowed(request, nullptr)) {
    r = error_response(403, "Origin", "origin \"" + request.origin + "\" is not allowed");
    return r;
  }
  r.status = 204;
  add_cors(request, r);
  r.headers.emplace_back("Access-Control-Allow-Methods", "POST, OPTIONS");
  r.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type");
  r.headers.emplace_back("Access-Control-Max-Age", "600");
  return r;
}

Response Service::post_lead(const Request& request) {
  Response response = handle_post(request);
  add_cors(request, response);
  return response;
}

Response Service::healthz() {
  OrderedJson body = OrderedJson::object();
  body["ok"] = store_.ok();
  body["campaigns"] = campaigns_.size();
  body["leads"] = store_.count();
  body["store"] = store_.backend();
  OrderedJson outbox = OrderedJson::object();
  for (const auto& [status, n] : store_.outbox_counts("")) outbox[status] = n;
  body["outbox"] = std::move(outbox);
  return json_response(store_.ok() ? 200 : 503, body);
}

namespace {

// One outbox entry as GET /v1/leads and GET /v1/outbox show it (the request it sends is left
// out: the body is the lead again, and the headers may hold a destination's credentials).
OrderedJson entry_json(const OutboxEntry& e, bool with_lead) {
  OrderedJson item = OrderedJson::object();
  if (with_lead) {
    item["lead_id"] = e.lead_id;
    item["campaign"] = e.campaign_id;
  }
  item["destination"] = e.destination;
  item["status"] = e.status;
  item["attempts"] = e.attempts;
  item["last_status"] = e.last_status;
  item["last_error"] = e.last_error;
  if (e.status == "pending") item["next_attempt_at"] = format_time(e.next_attempt_at);
  item["created_at"] = e.created_at;
  item["updated_at"] = e.updated_at;
  return item;
}

}  // namespace

Response Service::get_outbox(const Request& request) {
  Response denied;
  if (unauthorized(request, denied)) return denied;
  OutboxQuery q;
  q.campaign = query_value(request, "campaign");
  q.status = query_value(request, "status");
  q.destination = query_value(request, "destination");
  if (!q.status.empty() && q.status != "pending" && q.status != "sent" && q.status != "dead") {
    return error_response(400, "status",
                          "expected \"pending\", \"sent\" or \"dead\", got \"" + q.status + "\"");
  }
  std::string limit = query_value(request, "limit");
  if (!limit.empty()) {
    auto n = parse_decimal(limit);
    if (!n || *n % 1000 != 0 || *n < 1000 || *n > 100'000'000) {
      return error_response(400, "limit", "expected an integer from 1 to 100000");
    }
    q.limit = static_cast<std::size_t>(*n / 1000);
  }
  OrderedJson body = OrderedJson::object();
  body["ok"] = true;
  OrderedJson counts = OrderedJson::object();
  for (const auto& [status, n] : store_.outbox_counts(q.campaign)) counts[status] = n;
  body["counts"] = std::move(counts);
  OrderedJson items = OrderedJson::array();
  for (const auto& e : store_.outbox(q)) items.push_back(entry_json(e, true));
  body["entries"] = std::move(items);
  return json_response(200, body);
}

Response Service::replay_outbox(const Request& request) {
  Response denied;
  if (unauthorized(request, denied)) return denied;
  std::string campaign = query_value(request, "campaign");
  OrderedJson body = OrderedJson::object();
  body["ok"] = true;
  body["replayed"] = store_.replay_dead(campaign, clock_());
  return json_response(200, body);
}

namespace {

Response replay_of(const StoredLead& existing) {
  Response replay;
  replay.status = existing.http_status;
  replay.body = existing.response;
  replay.headers.emplace_back("Idempotent-Replay", "true");
  return replay;
}

// "1" or "1, 2": the versions of a campaign id the collector holds.
std::string versions_of(const CampaignRegistry& campaigns, const std::string& id) {
  std::string out;
  for (const auto& campaign : campaigns.all()) {
    if (campaign->id != id) continue;
    if (!out.empty()) out += ", ";
    out += campaign->version;
  }
  return out;
}

}  // namespace

std::string Service::client_of(const Request& request) const {
  if (config_.trusted_proxies.empty()) return request.remote_addr;
  return client_address(request.remote_addr, request.x_forwarded_for, request.forwarded,
                        config_.trusted_proxies);
}

Response Service::handle_post(const Request& request) {
  const TimeMs now = clock_();
  if (std::int64_t wait = limiter_.acquire(client_of(request), now); wait > 0) {
    Response r = error_response(
        429, "", "too many leads from this address; retry in " + std::to_string(wait) + " s");
    r.headers.emplace_back("Retry-After", std::to_string(wait));
    return r;
  }
  if (request.body.size() > config_.max_body_bytes) {
    return error_response(413, "",
                          "the body is " + std::to_string(request.body.size()) +
                              " bytes; at most " + std::to_string(config_.max_body_bytes) +
                              " allowed");
  }
  LeadResult parsed = parse_lead(request.body);
  if (!parsed.ok()) return errors_response(400, parsed.errors);
  Lead& lead = *parsed.lead;
  Errors missing;
  if (lead.id.empty())
    missing.push_back({"id", "required, expected the lead's id (the idempotency key)"});
  if (lead.campaign_id.empty()) missing.push_back({"campaign", "required, expected {id, version}"});
  if (!lead.submitted_at)
    missing.push_back({"submitted_at", "required, expected an RFC 3339 time"});
  if (!missing.empty()) return errors_response(400, missing);

  // A lead is scored with its campaign's file, or not taken: a campaign the collector does not
  // hold has no rules to check the lead against, and a client's score is never stored.
  std::shared_ptr<const Campaign> campaign =
      campaigns_.find(lead.campaign_id, lead.campaign_version);
  if (campaign == nullptr) {
    const std::string held = versions_of(campaigns_, lead.campaign_id);
    return error_response(
        400, "campaign",
        "unknown campaign " + lead.campaign_id + " version " + lead.campaign_version +
            (held.empty() ? ": this collector holds no campaign of that id"
                          : ": this collector holds version(s) " + held + " of it") +
            " (its file goes in the collector's --campaigns folder)");
  }
  if (!origin_allowed(request, campaign.get())) {
    return error_response(403, "Origin",
                          "origin \"" + request.origin + "\" is not allowed for campaign " +
                              lead.campaign_id + "; add it to delivery.allowed_origins");
  }

  // The same id again: the original answer, and nothing new stored.
  if (auto existing = store_.find(lead.id)) return replay_of(*existing);

  Engine engine(campaign);
  Errors errors = engine.load(lead);
  // DOMAIN: "No consent, no lead": the core's one rule, as the widget applies it.
  Errors no_consent = missing_required_consents(*campaign, lead);
  if (!errors.empty() || !no_consent.empty()) {
    errors.insert(errors.end(), no_consent.begin(), no_consent.end());  // each with its code
    return errors_response(400, errors);
  }
  // Events that cannot have happened when they say (in the future, or before the form
  // appeared) are left out of the score, and counted.
  std::size_t dropped = drop_events_outside(lead, event_window(lead, now));
  std::unique_ptr<Engine> kept;
  if (dropped > 0) {
    kept = std::make_unique<Engine>(campaign);
    kept->load(lead);  // the same lead, less some events: nothing new to refuse
  }
  const Engine& scored = kept ? *kept : engine;

  if (auto resets = quota_.take(campaign->id, now)) {
    Response r = error_response(429, "campaign",
                                "campaign " + campaign->id + " has reached its quota of " +
                                    std::to_string(quota_.per_day()) +
                                    " leads today (UTC); it resets at " + format_time(*resets));
    r.headers.emplace_back("Retry-After", std::to_string((*resets - now + 999) / 1000));
    return r;
  }

  StoredLead row;
  row.id = lead.id;
  row.campaign_id = lead.campaign_id;
  row.campaign_version = lead.campaign_version;
  row.variant = lead.variant;
  row.received_at = format_time(now);
  row.submitted_at = format_time(*lead.submitted_at);
  row.payload = request.body;
  row.client_assessment = lead.assessment ? lead.assessment->dump() : "";
  row.status = "accepted";
  row.dropped_events = static_cast<std::int64_t>(dropped);
  row.consents = consents_json(lead);
  row.source = lead_source(lead.attribution);
  for (const auto& e : lead.events) row.views += e.type == "page_view";

  // The stored score is always the collector's own. "verified": the client's assessment is
  // the one the collector computes from the same lead, and nothing in it had to be dropped;
  // it proves the arithmetic and the timestamps consistent, not that the events happened.
  Assessment assessment = scored.assess(*lead.submitted_at);
  OrderedJson server = to_json(assessment);
  row.server_assessment = server.dump();
  row.verified = dropped == 0 && lead.assessment.has_value() &&
                 canonical_dump(server) == canonical_dump(*lead.assessment);
  if (dropped > 0) {
    const EventWindow window = event_window(lead, now);
    row.reason = std::to_string(dropped) + " event(s) dated outside the lead's time window (" +
                 format_time(window.from) + " to " + format_time(window.to) +
                 ") were left out of the score";
    row.reason_code = "events_outside_window";
  } else if (!row.verified) {
    row.reason = lead.assessment ? "the client's assessment differs from the collector's"
                                 : "the lead carried no assessment";
    row.reason_code = lead.assessment ? "assessment_differs" : "no_assessment";
  }
  for (const auto& f : campaign->fields) {
    auto it = scored.lead().contact.find(f.name);
    if (f.type == FieldType::kEmail && it != scored.lead().contact.end() && row.email.empty()) {
      row.email = it->second.get<std::string>();
    }
  }
  row.stage = assessment.stage;
  row.band = assessment.band;
  row.grade = assessment.grade;
  row.score = static_cast<double>(assessment.score) / 1000.0;

  OrderedJson body = OrderedJson::object();
  body["ok"] = true;
  body["id"] = lead.id;
  body["verified"] = row.verified;
  if (!row.verified) body["reason"] = row.reason;
  if (dropped > 0) body["dropped_events"] = dropped;
  body["assessment"] = std::move(server);
  // Bots without a captcha: a filled honeypot, a form sent faster than a person can, or
  // signals missing or malformed (core: bot_suspicion). The lead is stored as rejected (never
  // silently dropped) and answered 2xx, so a bot learns nothing and a wrongly flagged person
  // loses nothing.
  if (auto bot = bot_suspicion(lead, config_.min_submit_ms)) {
    row.status = "rejected";
    row.reason = bot->message;
    row.reason_code = bot->code;
    body["status"] = "rejected";
    row.http_status = 202;
  } else {
    body["status"] = "accepted";
    row.http_status = 201;
  }
  row.response = body.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  // Forwarded, with the collector's score, only when verified: a lead whose client claimed
  // another assessment, or that had events dropped, stays here for a person to look at.
  std::vector<OutboxEntry> outbox;
  if (row.status == "accepted" && row.verified) {
    outbox = outbox_entries(*campaign, scored.lead(), assessment, now);
  }
  if (!store_.insert(row, outbox)) {
    quota_.give_back(campaign->id, now);
    // Lost a race with the same id, or the disk failed: answer from what is stored.
    if (auto existing = store_.find(lead.id)) return replay_of(*existing);
    return error_response(503, "", "the lead could not be stored; retry later");
  }
  Response response;
  response.status = row.http_status;
  response.body = row.response;
  return response;
}

bool Service::authorized(const Request& request) const {
  return !config_.token.empty() &&
         constant_time_equal(bearer_token(request.authorization), config_.token);
}

// The answer for a request without the right bearer token, or null when it has it.
namespace {

// since/until of a query, as stored times; false (and `error`) for a bad one.
bool read_dates(const Request& request, LeadQuery& q, Response& error) {
  for (const char* key : {"since", "until"}) {
    std::string value = query_value(request, key);
    if (value.empty()) continue;
    auto time = parse_time(value);
    if (!time) {
      error =
          error_response(400, key, "expected an RFC 3339 time or a date, got \"" + value + "\"");
      return false;
    }
    (std::string(key) == "since" ? q.since : q.until) = format_time(*time);
  }
  return true;
}

}  // namespace

Response* Service::unauthorized(const Request& request, Response& out) {
  if (config_.token.empty()) {
    out = error_response(403, "", "lead export is disabled: start the collector with --token");
    return &out;
  }
  // Guessing the token: after kAuthFailuresPerMinute failures an address waits, whatever it
  // sends, so a guess costs seconds, not microseconds.
  const std::string client = client_of(request);
  const TimeMs now = clock_();
  if (std::int64_t wait = auth_failures_.peek(client, now); wait > 0) {
    out = error_response(429, "Authorization",
                         "too many failed authentications from this address; retry in " +
                             std::to_string(wait) + " s");
    out.headers.emplace_back("Retry-After", std::to_string(wait));
    return &out;
  }
  if (!authorized(request)) {
    auth_failures_.acquire(client, now);
    out = error_response(401, "Authorization", "expected \"Bearer <token>\"");
    out.headers.emplace_back("WWW-Authenticate", "Bearer");
    return &out;
  }
  return nullptr;
}

Response Service::get_leads(const Request& request) {
  Response denied;
  if (unauthorized(request, denied)) return denied;
  LeadQuery q;
  q.campaign = query_value(request, "campaign");
  q.stage = query_value(request, "stage");
  q.status = query_value(request, "status");
  q.channel = query_value(request, "channel");
  if (!q.channel.empty() && q.channel != "script" && q.channel != "form") {
    return error_response(400, "channel",
                          "expected \"script\" or \"form\", got \"" + q.channel + "\"");
  }
  Response bad;
  if (!read_dates(request, q, bad)) return bad;
  std::string limit = query_value(request, "limit");
  if (!limit.empty()) {
    auto n = parse_decimal(limit);
    if (!n || *n % 1000 != 0 || *n < 1000 || *n > 100'000'000) {
      return error_response(400, "limit", "expected an integer from 1 to 100000");
    }
    q.limit = static_cast<std::size_t>(*n / 1000);
  }
  std::string format = query_value(request, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    return error_response(400, "format", "expected \"json\" or \"csv\", got \"" + format + "\"");
  }
  std::vector<StoredLead> leads = store_.list(q);
  // Every listed lead's forwarding, read in one query.
  std::vector<std::string> ids;
  ids.reserve(leads.size());
  for (const auto& l : leads) ids.push_back(l.id);
  std::map<std::string, std::vector<OutboxEntry>> outbox;
  for (auto& e : store_.outbox_of_leads(ids)) outbox[e.lead_id].push_back(std::move(e));
  const std::vector<OutboxEntry> none;
  const auto outbox_of = [&](const std::string& id) -> const std::vector<OutboxEntry>& {
    const auto found = outbox.find(id);
    return found == outbox.end() ? none : found->second;
  };
  if (format == "csv") {
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body =
        "id,received_at,submitted_at,campaign_id,campaign_version,variant,email,score,grade,band,"
        "stage,verified,status,reason,channel,forwarding\r\n";
    for (const auto& l : leads) {
      std::string forwarding;  // "crm:sent hook:dead"
      for (const auto& e : outbox_of(l.id)) {
        forwarding += (forwarding.empty() ? "" : " ") + e.destination + ":" + e.status;
      }
      r.body +=
          csv_cell(l.id) + "," + csv_cell(l.received_at) + "," + csv_cell(l.submitted_at) + "," +
          csv_cell(l.campaign_id) + "," + csv_cell(l.campaign_version) + "," + csv_cell(l.variant) +
          "," + csv_cell(l.email) + "," +
          milli_to_string(
              static_cast<Milli>(clamped_score(l.score) * 1000.0 + (l.score >= 0 ? 0.5 : -0.5))) +
          "," + csv_cell(l.grade) + "," + csv_cell(l.band) + "," + csv_cell(l.stage) + "," +
          (l.verified ? "true" : "false") + "," + csv_cell(l.status) + "," + csv_cell(l.reason) +
          "," + csv_cell(l.channel) + "," + csv_cell(forwarding) + "\r\n";
    }
    return r;
  }
  OrderedJson body = OrderedJson::object();
  body["ok"] = true;
  OrderedJson items = OrderedJson::array();
  for (const auto& l : leads) {
    OrderedJson item = OrderedJson::object();
    item["id"] = l.id;
    item["received_at"] = l.received_at;
    item["submitted_at"] = l.submitted_at;
    item["campaign"] = {
        {"id", l.campaign_id}, {"version", l.campaign_version}, {"variant", l.variant}};
    item["email"] = l.email;
    // The contact as received (names, company, phone): without it the export loses the lead.
    OrderedJson payload = OrderedJson::parse(l.payload, nullptr, false);
    OrderedJson contact = OrderedJson::object();
    if (payload.is_object() && payload.contains("contact") && payload["contact"].is_object()) {
      contact = std::move(payload["contact"]);
    }
    item["contact"] = std::move(contact);
    item["status"] = l.status;
    item["reason"] = l.reason;
    item["channel"] = l.channel;
    item["verified"] = l.verified;
    item["dropped_events"] = l.dropped_events;
    item["stage"] = l.stage;
    item["band"] = l.band;
    item["grade"] = l.grade;
    item["score"] = clamped_score(l.score);
    item["assessment"] = l.server_assessment.empty()
                             ? OrderedJson()
                             : OrderedJson::parse(l.server_assessment, nullptr, false);
    item["client_assessment"] = l.client_assessment.empty()
                                    ? OrderedJson()
                                    : OrderedJson::parse(l.client_assessment, nullptr, false);
    item["consents"] = OrderedJson::parse(l.consents, nullptr, false);
    OrderedJson forwarding = OrderedJson::array();
    for (const auto& e : outbox_of(l.id)) forwarding.push_back(entry_json(e, false));
    item["forwarding"] = std::move(forwarding);
    items.push_back(std::move(item));
  }
  body["count"] = items.size();
  body["leads"] = std::move(items);
  return json_response(200, body);
}

Response Service::stats(const Request& request) {
  Response denied;
  if (unauthorized(request, denied)) return denied;
  LeadQuery q;
  q.campaign = query_value(request, "campaign");
  Response bad;
  if (!read_dates(request, q, bad)) return bad;
  std::vector<StoredLead> leads = store_.summaries(q);

  // The stage ladder: the campaign's when one is named, else every campaign's stages in the
  // order they first appear. A lead "reached" a stage when its campaign ranks its own stage
  // at or above it; "qualified" is the core's one meaning (Campaign::qualified).
  std::vector<std::string> ladder;
  for (const auto& campaign : campaigns_.all()) {
    if (!q.campaign.empty() && campaign->id != q.campaign) continue;
    for (const auto& stage : campaign->scoring.stages) {
      if (std::find(ladder.begin(), ladder.end(), stage.id) == ladder.end())
        ladder.push_back(stage.id);
    }
  }
  auto reached = [&](const StoredLead& l, const std::string& stage) {
    auto campaign = campaigns_.find(l.campaign_id, l.campaign_version);
    if (campaign == nullptr) return l.stage == stage;
    std::size_t want = campaign->stage_rank(stage);
    return want > 0 && campaign->stage_rank(l.stage) >= want;
  };
  auto qualified = [&](const StoredLead& l) {
    auto campaign = campaigns_.find(l.campaign_id, l.campaign_version);
    return campaign != nullptr && campaign->qualified(l.stage);
  };

  std::int64_t accepted = 0, verified = 0, views = 0;
  std::map<std::string, std::int64_t> rejected, bands;
  std::vector<std::int64_t> stage_counts(ladder.size(), 0);
  std::map<std::int64_t, std::int64_t> scores;  // bucket start (10 points wide) -> leads
  struct Split {
    std::int64_t leads = 0, qualified = 0;
  };
  std::map<std::string, Split> variants, sources;
  for (const auto& l : leads) {
    if (l.status != "accepted") {
      ++rejected[l.reason_code.empty() ? "other" : l.reason_code];  // the code, never the prose
      continue;
    }
    ++accepted;
    verified += l.verified;
    views += l.views;
    if (!l.band.empty()) ++bands[l.band];
    for (std::size_t i = 0; i < ladder.size(); ++i) stage_counts[i] += reached(l, ladder[i]);
    const double score = clamped_score(l.score);
    auto bucket = static_cast<std::int64_t>(score >= 0 ? score / 10 : (score - 9.999) / 10) * 10;
    ++scores[bucket];
    bool q_lead = qualified(l);
    Split& v = variants[l.variant.empty() ? "(none)" : l.variant];
    ++v.leads;
    v.qualified += q_lead;
    Split& src = sources[l.source.empty() ? "direct" : l.source];
    ++src.leads;
    src.qualified += q_lead;
  }
  auto rate = [](std::int64_t part, std::int64_t whole) {
    // Three decimals, rounded half up, in integers: the same text everywhere.
    return whole == 0 ? OrderedJson() : milli_to_json((part * 2000 + whole) / (2 * whole));
  };
  OrderedJson out = OrderedJson::object();
  out["ok"] = true;
  out["campaign"] = q.campaign.empty() ? OrderedJson() : OrderedJson(q.campaign);
  OrderedJson funnel = OrderedJson::array();
  funnel.push_back({{"step", "received"}, {"count", static_cast<std::int64_t>(leads.size())}});
  funnel.push_back({{"step", "accepted"}, {"count", accepted}});
  for (std::size_t i = 0; i < ladder.size(); ++i)
    funnel.push_back({{"step", ladder[i]}, {"count", stage_counts[i]}});
  out["funnel"] = std::move(funnel);
  out["verified"] = verified;
  out["views"] = views;
  out["rejected"] = rejected;
  OrderedJson band_json = OrderedJson::object();
  for (const char* band : {"cold", "warm", "hot"}) band_json[band] = bands[band];
  out["bands"] = std::move(band_json);
  OrderedJson score_json = OrderedJson::array();
  for (const auto& [from, count] : scores)
    score_json.push_back({{"from", from}, {"to", from + 10}, {"count", count}});
  out["scores"] = std::move(score_json);
  auto splits = [&](const std::map<std::string, Split>& by, const char* key) {
    OrderedJson list = OrderedJson::array();
    for (const auto& [name, split] : by) {
      list.push_back({{key, name},
                      {"leads", split.leads},
                      {"qualified", split.qualified},
                      {"rate", rate(split.qualified, split.leads)}});
    }
    return list;
  };
  out["variants"] = splits(variants, "variant");
  out["sources"] = splits(sources, "source");
  return json_response(200, out);
}

}  // namespace magnete::collector
