// The requests of a campaign's "forward" destinations: the collector sends them from its outbox
// (src/collector/forwarder.cpp), signing webhooks there (the signature depends on the time and a
// secret, neither of which the core has).
#include "magnete/forward.hpp"

#include "magnete/payload.hpp"
#include "payload/writers.hpp"

namespace magnete {

std::string hubspot_submit_url(const std::string& portal_id, const std::string& form_id) {
  // Both are identifiers (the schema's pattern): nothing in them needs escaping in a path.
  return "https://api.hsforms.com/submissions/v3/integration/submit/" + portal_id + "/" + form_id;
}

ForwardRequest forward_request(const Campaign& campaign, const ForwardDestination& destination,
                               const Lead& lead, const Assessment& assessment) {
  const Delivery& d = destination.delivery;
  ForwardRequest out;
  out.destination = destination.id;
  out.url = d.endpoint;
  out.headers = d.headers;
  out.timeout_ms = d.timeout_ms;
  switch (d.format) {
    case Delivery::Format::kHubspot:
      out.format = "hubspot";
      out.content_type = "application/json";
      out.body = to_hubspot(campaign, d, lead, assessment)
                     .dump(-1, ' ', false, Json::error_handler_t::replace);
      break;
    case Delivery::Format::kSalesforce:
      out.format = "salesforce";
      out.content_type = "application/x-www-form-urlencoded";
      out.body = form_urlencode(to_salesforce_fields(campaign, d, lead, assessment));
      break;
    case Delivery::Format::kMagneteV1:  // not a forward format (the parser refuses it)
    case Delivery::Format::kWebhook: {
      out.format = "webhook";
      out.content_type = "application/json";
      util::JsonWriter w;
      write_magnete_v1(w, campaign, lead, assessment);
      out.body = std::move(w.text());
      out.headers["Idempotency-Key"] = lead.id;
      out.secret = destination.secret;
      break;
    }
  }
  return out;
}

std::vector<ForwardRequest> forward_requests(const Campaign& campaign, const Lead& lead,
                                             const Assessment& assessment) {
  std::vector<ForwardRequest> out;
  for (const auto& destination : campaign.forward) {
    if (should_deliver(campaign, destination.delivery, assessment))
      out.push_back(forward_request(campaign, destination, lead, assessment));
  }
  return out;
}

OrderedJson to_json(const ForwardRequest& request) {
  OrderedJson out = OrderedJson::object();
  out["format"] = request.format;
  out["url"] = request.url;
  out["content_type"] = request.content_type;
  out["body"] = request.body;
  OrderedJson headers = OrderedJson::object();
  for (const auto& [name, value] : request.headers) headers[name] = value;
  out["headers"] = std::move(headers);
  out["timeout_ms"] = request.timeout_ms;
  out["secret"] = request.secret;
  return out;
}

bool read_forward_request(const Json& json, ForwardRequest& out) {
  if (!json.is_object()) return false;
  auto text = [&](const char* key, std::string& to) {
    auto it = json.find(key);
    if (it == json.end() || !it->is_string()) return false;
    to = it->get<std::string>();
    return true;
  };
  if (!text("format", out.format) || !text("url", out.url) ||
      !text("content_type", out.content_type) || !text("body", out.body) ||
      !text("secret", out.secret))
    return false;
  auto timeout = json.find("timeout_ms");
  if (timeout == json.end() || !timeout->is_number_integer()) return false;
  out.timeout_ms = timeout->get<std::int64_t>();
  auto headers = json.find("headers");
  if (headers == json.end() || !headers->is_object()) return false;
  out.headers.clear();
  for (auto it = headers->begin(); it != headers->end(); ++it) {
    if (!it->is_string()) return false;
    out.headers[it.key()] = it->get<std::string>();
  }
  return true;
}

}  // namespace magnete
