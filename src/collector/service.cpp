#include "service.hpp"

#include <memory>

#include "magnete/engine.hpp"

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

// RFC 4180 cell; a leading = + - @ is defused so spreadsheets do not run it as a formula.
std::string csv_cell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v = "'" + v;
  }
  bool quote = v.find_first_of(",\"\r\n'") != std::string::npos;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string query_value(const Request& request, const std::string& key) {
  auto it = request.query.find(key);
  return it == request.query.end() ? "" : it->second;
}

}  // namespace

Response error_response(int status, const std::string& path, const std::string& message) {
  return errors_response(status, {{path, message}});
}

Service::Service(Config config, const CampaignRegistry& campaigns, Store& store, Clock clock)
    : config_(std::move(config)), campaigns_(campaigns), store_(store), clock_(std::move(clock)) {}

Response Service::healthz() {
  OrderedJson body = OrderedJson::object();
  body["ok"] = store_.ok();
  body["campaigns"] = campaigns_.size();
  body["leads"] = store_.count();
  return json_response(store_.ok() ? 200 : 503, body);
}

Response Service::post_lead(const Request& request) {
  if (request.body.size() > config_.max_body_bytes) {
    return error_response(413, "", "the body is " + std::to_string(request.body.size()) +
                                       " bytes; at most " + std::to_string(config_.max_body_bytes) + " allowed");
  }
  LeadResult parsed = parse_lead(request.body);
  if (!parsed.ok()) return errors_response(400, parsed.errors);
  Lead& lead = *parsed.lead;
  Errors missing;
  if (lead.id.empty()) missing.push_back({"id", "required, expected the lead's id (the idempotency key)"});
  if (lead.campaign_id.empty()) missing.push_back({"campaign", "required, expected {id, version}"});
  if (!lead.submitted_at) missing.push_back({"submitted_at", "required, expected an RFC 3339 time"});
  if (!missing.empty()) return errors_response(400, missing);

  // The same id again: the original answer, and nothing new stored.
  if (auto existing = store_.find(lead.id)) {
    Response replay;
    replay.status = existing->http_status;
    replay.body = existing->response;
    replay.headers.emplace_back("Idempotent-Replay", "true");
    return replay;
  }

  StoredLead row;
  row.id = lead.id;
  row.campaign_id = lead.campaign_id;
  row.campaign_version = lead.campaign_version;
  row.variant = lead.variant;
  row.received_at = format_time(clock_());
  row.submitted_at = format_time(*lead.submitted_at);
  row.payload = request.body;
  row.client_assessment = lead.assessment ? lead.assessment->dump() : "";
  row.status = "accepted";

  OrderedJson consents = OrderedJson::array();
  for (const auto& c : lead.consents) {
    consents.push_back({{"id", c.id}, {"granted", c.granted}, {"text", c.text}, {"version", c.version},
                        {"locale", c.locale}, {"at", format_time(c.at)}});
  }
  row.consents = consents.dump();

  OrderedJson body = OrderedJson::object();
  body["ok"] = true;
  body["id"] = lead.id;
  std::shared_ptr<const Campaign> campaign = campaigns_.find(lead.campaign_id, lead.campaign_version);
  if (campaign == nullptr) {
    row.verified = false;
    row.reason = "unknown campaign " + lead.campaign_id + " version " + lead.campaign_version;
    if (lead.assessment) {
      const Json& a = *lead.assessment;
      if (a.contains("stage") && a["stage"].is_string()) row.stage = a["stage"].get<std::string>();
      if (a.contains("score") && a["score"].is_number()) row.score = a["score"].get<double>();
    }
    body["verified"] = false;
    body["reason"] = row.reason;
  } else {
    Engine engine(campaign);
    Errors errors = engine.load(lead);
    // DOMAIN: "No consent, no lead": a required consent must travel granted with the lead.
    for (const auto& consent : campaign->consents) {
      if (!consent.required) continue;
      bool granted = false;
      for (const auto& c : lead.consents) granted = granted || (c.id == consent.id && c.granted);
      if (!granted) errors.push_back({"consents", "required consent \"" + consent.id + "\" is not granted"});
    }
    if (!errors.empty()) return errors_response(400, errors);
    Assessment assessment = engine.assess(*lead.submitted_at);
    OrderedJson server = to_json(assessment);
    row.server_assessment = server.dump();
    row.verified = lead.assessment.has_value() && canonical_dump(server) == canonical_dump(*lead.assessment);
    if (!row.verified) {
      row.reason = lead.assessment ? "the client's assessment differs from the collector's"
                                   : "the lead carried no assessment";
    }
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
    body["verified"] = row.verified;
    if (!row.verified) body["reason"] = row.reason;
    body["assessment"] = std::move(server);
  }
  row.http_status = 201;
  row.response = body.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  if (!store_.insert(row)) {
    // Lost a race with the same id, or the disk failed: answer from what is stored.
    if (auto existing = store_.find(lead.id)) {
      Response replay;
      replay.status = existing->http_status;
      replay.body = existing->response;
      replay.headers.emplace_back("Idempotent-Replay", "true");
      return replay;
    }
    return error_response(503, "", "the lead could not be stored; retry later");
  }
  Response response;
  response.status = row.http_status;
  response.body = row.response;
  return response;
}

bool Service::authorized(const Request& request) const {
  return !config_.token.empty() && request.authorization == "Bearer " + config_.token;
}

Response Service::get_leads(const Request& request) {
  if (config_.token.empty()) {
    return error_response(403, "", "lead export is disabled: start the collector with --token");
  }
  if (!authorized(request)) {
    Response r = error_response(401, "Authorization", "expected \"Bearer <token>\"");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  LeadQuery q;
  q.campaign = query_value(request, "campaign");
  q.stage = query_value(request, "stage");
  q.status = query_value(request, "status");
  for (const char* key : {"since", "until"}) {
    std::string value = query_value(request, key);
    if (value.empty()) continue;
    auto time = parse_time(value);
    if (!time) return error_response(400, key, "expected an RFC 3339 time or a date, got \"" + value + "\"");
    (std::string(key) == "since" ? q.since : q.until) = format_time(*time);
  }
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
  if (format == "csv") {
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = "id,received_at,submitted_at,campaign_id,campaign_version,variant,email,score,grade,band,stage,verified,status,reason\r\n";
    for (const auto& l : leads) {
      r.body += csv_cell(l.id) + "," + csv_cell(l.received_at) + "," + csv_cell(l.submitted_at) + "," +
                csv_cell(l.campaign_id) + "," + csv_cell(l.campaign_version) + "," + csv_cell(l.variant) +
                "," + csv_cell(l.email) + "," + milli_to_string(static_cast<Milli>(l.score * 1000.0 + (l.score >= 0 ? 0.5 : -0.5))) +
                "," + csv_cell(l.grade) + "," + csv_cell(l.band) + "," + csv_cell(l.stage) + "," +
                (l.verified ? "true" : "false") + "," + csv_cell(l.status) + "," + csv_cell(l.reason) + "\r\n";
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
    item["campaign"] = {{"id", l.campaign_id}, {"version", l.campaign_version}, {"variant", l.variant}};
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
    item["verified"] = l.verified;
    item["stage"] = l.stage;
    item["band"] = l.band;
    item["grade"] = l.grade;
    item["score"] = l.score;
    item["assessment"] = l.server_assessment.empty() ? OrderedJson() : OrderedJson::parse(l.server_assessment, nullptr, false);
    item["client_assessment"] = l.client_assessment.empty() ? OrderedJson() : OrderedJson::parse(l.client_assessment, nullptr, false);
    item["consents"] = OrderedJson::parse(l.consents, nullptr, false);
    items.push_back(std::move(item));
  }
  body["count"] = items.size();
  body["leads"] = std::move(items);
  return json_response(200, body);
}

}  // namespace magnete::collector
