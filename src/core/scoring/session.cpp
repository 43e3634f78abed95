#include "magnete/session.hpp"

#include <vector>

#include "campaign/reader.hpp"
#include "magnete/payload.hpp"

namespace magnete {
namespace {

std::string ok() { return R"({"ok":true})"; }

std::string failure(const Errors& errors) {
  OrderedJson out = OrderedJson::object();
  out["ok"] = false;
  out["errors"] = to_json(errors);
  return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

// Errors that share one reason code: {"path", "message", "code"} each.
std::string failure(const Errors& errors, std::string_view code) {
  OrderedJson list = to_json(errors);
  for (auto& e : list) e["code"] = code;
  OrderedJson out = OrderedJson::object();
  out["ok"] = false;
  out["errors"] = std::move(list);
  return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string no_campaign() { return failure({{"campaign", "the campaign is not valid; see status()"}}); }

#if MAGNETE_LEAN
// The lean module's answer for a campaign it does not take: an invalid one (whose errors it does
// not build) or one with a vendor format (which it does not build). The host loads the full
// module (wasm/CMakeLists.txt), which answers the same calls in full; web/src/engine.js does.
const char kNeedsFullCore[] =
    R"({"ok":false,"code":"needs_full_core","errors":[{"path":"","message":"this campaign needs the full core (magnete-core-full.wasm): it is not valid, or its delivery format is a vendor's"}]})";
#endif

std::optional<TimeMs> time_arg(std::string_view iso, Errors& errors, const char* name) {
  auto t = parse_time(iso);
  if (!t) errors.push_back({name, "expected an RFC 3339 time, got \"" + std::string(iso.substr(0, 40)) + "\""});
  return t;
}

}  // namespace

Session::Session(std::string_view campaign_text) {
  auto campaign = std::make_shared<Campaign>();
  campaign_errors_ = read_campaign(campaign_text, *campaign);
  if (campaign_errors_.empty()) engine_.emplace(std::move(campaign));
}

std::string Session::status() const {
#if MAGNETE_LEAN
  if (!engine_) return kNeedsFullCore;
#endif
  if (!engine_) return failure(campaign_errors_);
  OrderedJson out = OrderedJson::object();
  out["ok"] = true;
  const Campaign& c = engine_->campaign();
  out["campaign"] = {{"id", c.id}, {"version", c.version}, {"model_hash", c.model_hash}};
  return out.dump();
}

std::string Session::set_field(std::string_view name, std::string_view value_json, std::string_view locale) {
  if (!engine_) return no_campaign();
  ParsedJson value = parse_json(value_json);
  if (!value.ok()) return failure({{"value", value.error}});
  FieldCheck check = engine_->set_field(name, value.value, locale);
  OrderedJson out = OrderedJson::object();
  out["ok"] = check.ok;
  if (check.ok) {
    out["value"] = check.value;
  } else {
    out["code"] = check.code;
    out["message"] = check.message;
  }
  out["suggestion"] = check.suggestion;
  out["disposable"] = check.disposable;
  return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string Session::set_consent(std::string_view record_json) {
  if (!engine_) return no_campaign();
  ParsedJson value = parse_json(record_json);
  if (!value.ok()) return failure({{"", value.error}});
  ConsentResult record = parse_consent(value.value);
  if (!record.consent) return failure(record.errors);
  Errors errors = engine_->set_consent(*record.consent);
  return errors.empty() ? ok() : failure(errors);
}

std::string Session::add_event(std::string_view event_json) {
  if (!engine_) return no_campaign();
  ParsedJson value = parse_json(event_json);
  if (!value.ok()) return failure({{"", value.error}});
  EventResult event = parse_event(value.value);
  if (!event.event) return failure(event.errors);
  Errors errors = engine_->add_event(*event.event);
  return errors.empty() ? ok() : failure(errors);
}

std::string Session::answer(std::string_view question, std::string_view answers_json,
                            std::string_view locale) {
  if (!engine_) return no_campaign();
  ParsedJson value = parse_json(answers_json);
  if (!value.ok()) return failure({{"answers", value.error}});
  std::vector<std::string> ids;
  bool shape = value.value.is_array();
  for (const auto& a : value.value) {
    shape = shape && a.is_string();
    if (shape) ids.push_back(a.get<std::string>());
  }
  if (!shape) return failure({{"answers", "expected an array of answer ids"}});
  Errors errors = engine_->answer(question, ids);
  if (!errors.empty()) return failure(errors);
  if (ids.empty()) {
    for (const auto& q : engine_->campaign().quiz->questions) {
      if (q.id != question || !q.required) continue;
      OrderedJson out = OrderedJson::object();
      out["ok"] = false;
      out["code"] = "answer_required";
      out["message"] = message_for("answer_required", locale.empty() ? engine_->campaign().default_locale : locale);
      return out.dump();
    }
  }
  return ok();
}

std::string Session::assess(std::string_view now_iso) const {
  if (!engine_) return no_campaign();
  Errors errors;
  auto now = time_arg(now_iso, errors, "now");
  if (!now) return failure(errors);
  Assessment assessment = engine_->assess(*now);
  OrderedJson out = OrderedJson::object();
  out["ok"] = true;
  out["assessment"] = to_json(assessment);
  out["triggers"] = active_triggers(engine_->campaign(), assessment, engine_->lead());
  out["deliver"] = should_deliver(engine_->campaign(), assessment);
  return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string Session::build_payload(std::string_view meta_json, std::string_view submitted_at_iso) const {
  if (!engine_) return no_campaign();
  Errors errors;
  auto at = time_arg(submitted_at_iso, errors, "submitted_at");
  if (!at) return failure(errors);
  ParsedJson value = parse_json(meta_json);
  if (!value.ok()) return failure({{"meta", value.error}});
  LeadResult meta = parse_lead_document(value.value);
  if (!meta.lead) return failure(meta.errors);
  if (meta.lead->id.empty()) return failure({{"id", "required, expected the lead's id"}});
  const Campaign& campaign = engine_->campaign();
  Lead lead = engine_->lead_for(*meta.lead, *at);
  // No consent, no lead: the browser builds nothing the collector would refuse.
  if (Errors missing = missing_required_consents(campaign, lead); !missing.empty()) {
    return failure(missing, kConsentRequired);
  }
  Assessment assessment = engine_->assess(*at);
  OrderedJson out = OrderedJson::object();
  out["ok"] = true;
  out["deliver"] = should_deliver(campaign, assessment);
  out["payload"] = to_magnete_v1(campaign, lead, assessment);
  std::size_t bytes = out["payload"].dump(-1, ' ', false, OrderedJson::error_handler_t::replace).size();
  // A vendor format also carries its body: {"format", "content_type", "body"}. For magnete-v1
  // and webhook the payload is the body, and the result stays as it was.
#if !MAGNETE_LEAN  // the lean module takes no campaign with a vendor format
  if (campaign.delivery.format == Delivery::Format::kHubspot ||
      campaign.delivery.format == Delivery::Format::kSalesforce) {
    OrderedJson delivered = to_delivery_format(campaign, lead, assessment);
    const OrderedJson& body = delivered["body"];
    bytes = body.is_string() ? body.get_ref<const std::string&>().size() : body.dump().size();
    for (auto it = delivered.begin(); it != delivered.end(); ++it) out[it.key()] = std::move(*it);
  }
#endif
  if (bytes > LeadLimits::kMaxSendBytes) {
    return failure({{"events", "the lead is " + std::to_string(bytes) + " bytes; at most " +
                                   std::to_string(LeadLimits::kMaxSendBytes) +
                                   " can be sent (browsers cap keepalive bodies at 64 KB)"}});
  }
  return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string validate_campaign_json(std::string_view campaign_text) { return Session(campaign_text).status(); }

}  // namespace magnete
