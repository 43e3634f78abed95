#include <string>

#include "campaign/reader.hpp"
#include "magnete/lead.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

using detail::ObjectReader;
using detail::Reader;

constexpr std::size_t kText = LeadLimits::kMaxStringLength;

std::optional<TimeMs> read_time(ObjectReader& o, const std::string& key, bool required) {
  auto text = o.string(key, required, 40);
  if (!text) return std::nullopt;
  auto time = parse_time(*text);
  if (!time)
    o.error(key,
            "expected an RFC 3339 time such as \"2026-11-22T09:30:00Z\", got \"" + *text + "\"");
  return time;
}

std::optional<ConsentRecord> read_consent(Reader& reader, const Json& v, const std::string& p) {
  ObjectReader c(reader, v, p, {"id", "granted", "text", "version", "locale", "at"});
  if (!c.ok()) return std::nullopt;
  ConsentRecord record;
  if (auto id = c.identifier("id", true)) record.id = *id;
  if (auto granted = c.boolean("granted")) {
    record.granted = *granted;
  } else if (!c.has("granted")) {
    c.error("granted", "required, expected true or false");
  }
  if (auto t = c.string("text", false, kText)) record.text = *t;
  if (auto version = c.string("version", false, 64)) record.version = *version;
  if (auto locale = c.string("locale", false, 10)) record.locale = *locale;
  record.at = read_time(c, "at", false).value_or(0);
  return record;
}

std::optional<Event> read_event(Reader& reader, const Json& v, const std::string& p) {
  ObjectReader e(reader, v, p, {"type", "at", "value"});
  if (!e.ok()) return std::nullopt;
  Event event;
  if (auto type = e.identifier("type", true)) event.type = *type;
  event.at = read_time(e, "at", false).value_or(0);
  if (const Json* value = e.get("value")) {
    if (value->is_number()) {
      event.value = value->dump();
    } else if (auto s = detail::read_string(reader, *value, e.path("value"), 2000)) {
      event.value = *s;
    }
  }
  return event;
}

}  // namespace

EventResult parse_event(const Json& document) {
  EventResult result;
  Reader reader(result.errors);
  auto event = read_event(reader, document, "");
  if (result.errors.empty()) result.event = std::move(event);
  return result;
}

ConsentResult parse_consent(const Json& document) {
  ConsentResult result;
  Reader reader(result.errors);
  auto record = read_consent(reader, document, "");
  if (result.errors.empty()) result.consent = std::move(record);
  return result;
}

LeadResult parse_lead_document(const Json& document) {
  LeadResult result;
  Reader reader(result.errors);
  ObjectReader o(reader, document, "",
                 {"schema", "id", "campaign", "submitted_at", "locale", "contact", "consents",
                  "attribution", "quiz", "events", "assessment", "meta", "converted"});
  if (!o.ok()) return result;
  Lead lead;
  if (auto schema = o.string("schema", false, 20); schema && *schema != "magnete-v1") {
    o.error("schema", "expected \"magnete-v1\", got \"" + *schema + "\"");
  }
  if (auto id = o.string("id", false, LeadLimits::kMaxIdLength)) {
    if (id->empty()) o.error("id", "expected a non-empty id");
    lead.id = *id;
  }
  if (const Json* campaign = o.get("campaign")) {
    ObjectReader c(reader, *campaign, "campaign", {"id", "version", "variant"});
    if (auto id = c.identifier("id", true)) lead.campaign_id = *id;
    if (auto version = c.string("version", true, 64)) lead.campaign_version = *version;
    if (auto variant = c.string("variant", false, 64)) lead.variant = *variant;
  }
  lead.submitted_at = read_time(o, "submitted_at", false);
  if (auto locale = o.string("locale", false, 10)) lead.locale = *locale;
  if (const Json* contact = o.get("contact")) {
    if (!contact->is_object()) {
      o.error("contact", "expected an object of field values, got " + text::describe(*contact));
    } else if (contact->size() > LeadLimits::kMaxContactFields) {
      o.error("contact",
              "at most " + std::to_string(LeadLimits::kMaxContactFields) + " fields allowed");
    } else {
      for (auto it = contact->begin(); it != contact->end(); ++it) {
        std::string p = detail::join_path("contact", it.key());
        if (it->is_object()) {
          reader.error(p, "expected a string, a number, a boolean or an array of strings");
          continue;
        }
        if (it->is_string()) {
          if (!detail::read_string(reader, *it, p, kText)) continue;
        }
        if (it->is_array()) {
          bool ok = it->size() <= 100;
          for (const auto& v : *it)
            ok = ok && v.is_string() && v.get_ref<const std::string&>().size() <= 500;
          if (!ok) {
            reader.error(p, "expected an array of at most 100 short strings");
            continue;
          }
        }
        lead.contact[it.key()] = *it;
      }
    }
  }
  o.array("consents", false, 50, [&](const Json& v, const std::string& p) {
    if (auto record = read_consent(reader, v, p)) lead.consents.push_back(std::move(*record));
  });
  o.array("events", false, LeadLimits::kMaxEvents, [&](const Json& v, const std::string& p) {
    if (auto event = read_event(reader, v, p)) lead.events.push_back(std::move(*event));
  });
  if (const Json* quiz = o.get("quiz")) {
    ObjectReader q(reader, *quiz, "quiz", {"answers", "outcome"});
    if (const Json* answers = q.get("answers")) {
      if (!answers->is_object() || answers->size() > 200) {
        q.error("answers", "expected {\"<question id>\": [\"<answer id>\", ...]}");
      } else {
        for (auto it = answers->begin(); it != answers->end(); ++it) {
          std::string p = detail::join_path("quiz.answers", it.key());
          std::vector<std::string> ids;
          Json list = it->is_string() ? Json::array({*it}) : *it;
          bool ok = list.is_array() && list.size() <= 50;
          for (const auto& a : list) {
            ok = ok && a.is_string() && detail::is_identifier(a.get<std::string>());
            if (ok) ids.push_back(a.get<std::string>());
          }
          if (!ok) {
            reader.error(p, "expected an answer id or an array of answer ids");
            continue;
          }
          lead.quiz[it.key()] = std::move(ids);
        }
      }
    }
  }
  // A free-form object of at most `limit` bytes as JSON text.
  auto free_form = [&](const char* key, std::size_t limit, Json& out) {
    const Json* value = o.get(key);
    if (value == nullptr) return;
    if (!value->is_object()) {
      o.error(key, "expected an object");
      return;
    }
    const std::size_t bytes = value->dump(-1, ' ', false, Json::error_handler_t::replace).size();
    if (bytes > limit) {
      o.error(key, "expected at most " + std::to_string(limit) + " bytes as JSON, got " +
                       std::to_string(bytes));
      return;
    }
    out = *value;
  };
  free_form("attribution", LeadLimits::kMaxAttributionBytes, lead.attribution);
  free_form("meta", LeadLimits::kMaxMetaBytes, lead.meta);
  if (const Json* assessment = o.get("assessment")) {
    if (!assessment->is_object())
      o.error("assessment", "expected an object");
    else
      lead.assessment = *assessment;
  }
  if (const Json* converted = o.get("converted")) {
    if (converted->is_boolean())
      lead.converted = converted->get<bool>();
    else if (converted->is_number_integer() && (*converted == 0 || *converted == 1))
      lead.converted = *converted == 1;
    else
      o.error("converted", "expected true or false, got " + text::describe(*converted));
  }
  if (result.errors.empty()) result.lead = std::move(lead);
  return result;
}

TimeMs assessment_time(const Lead& lead) {
  if (lead.submitted_at) return *lead.submitted_at;
  TimeMs latest = 0;
  for (const auto& e : lead.events) latest = e.at > latest ? e.at : latest;
  return latest;
}

LeadResult parse_lead(std::string_view text) {
  LeadResult result;
  if (text.size() > LeadLimits::kMaxBytes) {
    result.errors.push_back({"", "the lead is " + std::to_string(text.size()) + " bytes; at most " +
                                     std::to_string(LeadLimits::kMaxBytes) + " allowed"});
    return result;
  }
  ParsedJson parsed = parse_json(text);
  if (!parsed.ok()) {
    result.errors.push_back({"", parsed.error});
    return result;
  }
  return parse_lead_document(parsed.value);
}

}  // namespace magnete
