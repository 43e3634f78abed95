#include "magnete/session.hpp"

#include <vector>

#include "campaign/reader.hpp"
#include "magnete/payload.hpp"
#include "payload/writers.hpp"
#include "util/json_writer.hpp"

namespace magnete {
namespace {

std::string ok() { return R"({"ok":true})"; }

// {"ok":false,"code","errors":[{"path","message","code"?,"line"?}]}: the answer's code is its first
// error's, when it has one (as to_json(Error) writes each).
std::string failure(const Errors& errors) {
  util::JsonWriter w;
  w.open('{').key("ok").boolean(false);
  if (!errors.empty() && !errors[0].code.empty()) w.key("code").str(errors[0].code);
  w.key("errors").open('[');
  for (const auto& e : errors) {
    w.open('{').key("path").str(e.path).key("message").str(e.message);
    if (!e.code.empty()) w.key("code").str(e.code);
    if (e.line != 0) w.key("line").number(static_cast<std::int64_t>(e.line));
    w.close('}');
  }
  return std::move(w.close(']').close('}').text());
}

const char* format_name(Delivery::Format format) {
  switch (format) {
    case Delivery::Format::kHubspot:
      return "hubspot";
    case Delivery::Format::kSalesforce:
      return "salesforce";
    case Delivery::Format::kWebhook:
      return "webhook";
    case Delivery::Format::kMagneteV1:
      break;
  }
  return "magnete-v1";
}

std::string no_campaign() {
  return failure({{"campaign", "the campaign is not valid; see status()"}});
}

#if MAGNETE_LEAN
// The lean module's answer for a campaign it does not take: an invalid one (whose errors it does
// not build) or one with a vendor format (which it does not build). The host loads the full
// module (wasm/CMakeLists.txt), which answers the same calls in full; web/src/engine.js does.
// The code is the answer (README, "Architecture"): the message only names the module, as every
// byte here is on every visitor's first use.
const char kNeedsFullCore[] =
    R"({"ok":false,"code":"needs_full_core","errors":[{"path":"","message":"needs the full core: magnete-core-full.wasm"}]})";
#endif

std::optional<TimeMs> time_arg(std::string_view iso, Errors& errors, const char* name) {
  auto t = parse_time(iso);
  if (!t)
    errors.push_back(
        {name, "expected an RFC 3339 time, got \"" + std::string(iso.substr(0, 40)) + "\""});
  return t;
}

}  // namespace

Session::Session(std::string_view campaign_text, std::string_view variant) {
  auto campaign = std::make_shared<Campaign>();
  campaign_errors_ = read_campaign(campaign_text, *campaign);
  if (campaign_errors_.empty() && !variant.empty() && !campaign->show_variant(variant)) {
#if MAGNETE_LEAN  // the full module says which variants there are (status: needs_full_core)
    campaign_errors_.emplace_back();
#else
    std::string offered;
    for (const auto& v : campaign->variants)
      offered += (offered.empty() ? "\"" : ", \"") + v.id + "\"";
    campaign_errors_.push_back({"variant",
                                "unknown variant \"" + std::string(variant) +
                                    "\"; variants: " + (offered.empty() ? "none" : offered),
                                "variant_unknown"});
#endif
  }
  if (campaign_errors_.empty()) engine_.emplace(std::move(campaign));
}

std::string Session::status() const {
#if MAGNETE_LEAN
  if (!engine_) return kNeedsFullCore;
#endif
  if (!engine_) return failure(campaign_errors_);
  const Campaign& c = engine_->campaign();
  util::JsonWriter w;
  w.open('{').key("ok").boolean(true);
  w.key("campaign").open('{').key("id").str(c.id).key("version").str(c.version);
  w.key("model_hash").str(c.model_hash).close('}');
  w.key("variant").str(c.variant).key("variants").open('[');
  for (const auto& v : c.variants)
    w.open('{').key("id").str(v.id).key("weight").number(v.weight).close('}');
  w.close(']').key("locales").strings(c.locales).key("default_locale").str(c.default_locale);
  w.key("texts").open('{').key("title").object(c.title).key("submit_label").object(c.submit_label);
  w.key("success_text").object(c.success_text).close('}');
  w.key("steps").open('[');
  for (const auto& step : c.steps) w.strings(step);
  w.close(']').key("quiz");
  if (c.quiz)
    w.open('{')
        .key("gate")
        .str(c.quiz->gate == Quiz::Gate::kNone ? "none" : "before_result")
        .close('}');
  else
    w.null();
  w.key("required_consents").strings(c.required_consents());
  w.key("qualifying_stage").str_or_null(c.qualifying_stage()).key("delivery");
  const Delivery& d = c.delivery;
  if (d.endpoint.empty()) {
    w.null();
  } else {
    w.open('{').key("url").str(d.endpoint).key("format").str(format_name(d.format));
    w.key("headers").object(d.headers).key("timeout_ms").number(d.timeout_ms).close('}');
  }
  return std::move(w.close('}').text());
}

std::string Session::set_field(std::string_view name, std::string_view value_json,
                               std::string_view locale) {
  if (!engine_) return no_campaign();
  ParsedJson value = parse_json(value_json);
  if (!value.ok()) return failure({{"value", value.error}});
  FieldCheck check = engine_->set_field(name, value.value, locale);
  util::JsonWriter w;
  w.open('{').key("ok").boolean(check.ok);
  if (check.ok)
    w.key("value").value(check.value);
  else
    w.key("code").str(check.code).key("message").str(check.message);
  w.key("suggestion").str(check.suggestion).key("disposable").boolean(check.disposable);
  return std::move(w.close('}').text());
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
      util::JsonWriter w;
      w.open('{').key("ok").boolean(false).key("code").str("answer_required").key("message");
      w.str(message_for("answer_required",
                        locale.empty() ? engine_->campaign().default_locale : locale));
      return std::move(w.close('}').text());
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
  const Campaign& campaign = engine_->campaign();
  util::JsonWriter w;
  w.open('{').key("ok").boolean(true).key("assessment");
  write_assessment(w, assessment);
  w.key("triggers").strings(active_triggers(campaign, assessment, engine_->lead()));
  w.key("deliver").boolean(should_deliver(campaign, assessment));
  w.key("qualified").boolean(campaign.qualified(assessment.stage));
  return std::move(w.close('}').text());
}

std::string Session::build_payload(std::string_view meta_json,
                                   std::string_view submitted_at_iso) const {
  if (!engine_) return no_campaign();
  Errors errors;
  auto at = time_arg(submitted_at_iso, errors, "submitted_at");
  if (!at) return failure(errors);
  ParsedJson value = parse_json(meta_json);
  if (!value.ok()) return failure({{"meta", value.error}});
  const Campaign& campaign = engine_->campaign();
  // The campaign and its variant are the session's: the host need not say them.
  if (value.value.is_object()) {
    Json& named = value.value["campaign"] = Json::object();
    named["id"] = campaign.id;
    named["version"] = campaign.version;
  }
  LeadResult meta = parse_lead_document(value.value);
  if (!meta.lead) return failure(meta.errors);
  if (meta.lead->id.empty()) return failure({{"id", "required, expected the lead's id"}});
  meta.lead->variant = campaign.variant;
  Lead lead = engine_->lead_for(*meta.lead, *at);
  // No consent, no lead: the browser builds nothing the collector would refuse.
  if (Errors missing = missing_required_consents(campaign, lead); !missing.empty()) {
    return failure(missing);
  }
  Assessment assessment = engine_->assess(*at);
  bool deliver = should_deliver(campaign, assessment);
  util::JsonWriter payload;
  write_magnete_v1(payload, campaign, lead, assessment);
  const std::string& payload_text = payload.text();
  // The body in the delivery format: magnete-v1 and webhook send the payload itself.
  std::string content_type = "application/json";
  std::string body = payload_text;
#if !MAGNETE_LEAN  // the lean module takes no campaign with a vendor format
  if (campaign.delivery.format == Delivery::Format::kHubspot ||
      campaign.delivery.format == Delivery::Format::kSalesforce) {
    OrderedJson delivered = to_delivery_format(campaign, lead, assessment);
    const OrderedJson& vendor = delivered["body"];
    content_type = delivered["content_type"].get<std::string>();
    body = vendor.is_string() ? vendor.get<std::string>()
                              : vendor.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  }
#endif
  if (body.size() > LeadLimits::kMaxSendBytes) {
    return failure({{"events",
                     "the lead is " + std::to_string(body.size()) + " bytes; at most " +
                         std::to_string(LeadLimits::kMaxSendBytes) +
                         " can be sent (browsers cap keepalive bodies at 64 KB)",
                     "lead_too_large"}});
  }
  // The answer is written as text: the payload once as an object (for the widget's event) and,
  // when there is something to send, the request with its body.
  util::JsonWriter w;
  w.open('{').key("ok").boolean(true).key("deliver").boolean(deliver);
  w.key("qualified").boolean(campaign.qualified(assessment.stage)).key("payload").raw(payload_text);
  const Delivery& d = campaign.delivery;
  w.key("request");
  if (!deliver || d.endpoint.empty()) {
    w.null();
  } else {
    w.open('{')
        .key("url")
        .str(d.endpoint)
        .key("content_type")
        .str(content_type)
        .key("body")
        .str(body);
    w.key("headers").object(d.headers).key("timeout_ms").number(d.timeout_ms).close('}');
  }
  return std::move(w.close('}').text());
}

std::string validate_campaign_json(std::string_view campaign_text) {
  return Session(campaign_text).status();
}

}  // namespace magnete
