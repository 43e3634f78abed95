// The HubSpot Forms API v3 submission body, a mapping of the magnete-v1 lead. Shape and types
// from HubSpot's reference, "Submit data to a form (unauthenticated)",
// https://developers.hubspot.com/docs/api-reference/legacy/marketing/forms/v3-legacy/submit-data-unauthenticated
// (same body for .../secure/submit/...):
//   {"submittedAt": "<string>", "fields": [{"objectTypeId", "name", "value"}: strings],
//    "context": {"hutk", "ipAddress", "pageName", "pageUri", "pageId", ...: strings},
//    "legalConsentOptions": {"consent": {"consentToProcess": bool, "text": string,
//        "communications": [{"value": bool, "subscriptionTypeId": integer, "text": string}]}}}
// "submittedAt: string — A millisecond timestamp representing the time of the form submission"
// (https://developers.hubspot.com/docs/methods/forms/submit_form_v3). Contact objects are
// objectTypeId "0-1". Multiple checkbox values are one string separated by ";"
// (https://developers.hubspot.com/docs/faq/how-do-i-set-multiple-values-for-checkbox-properties).
// Unauthenticated submissions may carry only fields the HubSpot form lists, else the error
// FIELD_NOT_IN_FORM_DEFINITION
// (https://developers.hubspot.com/changelog/amendment-to-forms-api-submission-validation,
// https://legacydocs.hubspot.com/docs/methods/forms/v2/submit_form): hence delivery.hubspot.fields
// may rename a field or leave it out (false).
#include <string>

#include "magnete/payload.hpp"

namespace magnete {
namespace {

// HubSpot's objectTypeId for contacts (the reference's examples; the hubpost npm package lists
// contact 0-1, company 0-2, deal 0-3, ticket 0-5).
constexpr const char* kContactObject = "0-1";

// The assessment values sent when delivery.hubspot.fields does not say otherwise.
const char* default_hubspot_name(const std::string& key) {
  if (key == "score") return "magnete_score";
  if (key == "grade") return "magnete_grade";
  if (key == "band") return "magnete_band";
  if (key == "stage") return "magnete_stage";
  return nullptr;
}

// The text in the visitor's locale, else the campaign's default, else any.
std::string localized(const LocalizedText& text, const std::string& locale,
                      const std::string& default_locale) {
  auto it = text.find(locale);
  if (it == text.end()) it = text.find(default_locale);
  if (it == text.end()) it = text.begin();
  return it == text.end() ? std::string() : it->second;
}

const ConsentRecord* find_record(const Lead& lead, const std::string& id) {
  const ConsentRecord* found = nullptr;
  for (const auto& record : lead.consents) {
    if (record.id == id) found = &record;  // the latest decision wins
  }
  return found;
}

// The exact text the visitor saw: the record's, else the campaign's in the lead's locale.
std::string consent_text(const Campaign& campaign, const Lead& lead, const Consent& consent,
                         const ConsentRecord* record) {
  if (record != nullptr && !record->text.empty()) return record->text;
  return localized(consent.text, lead.locale, campaign.default_locale);
}

OrderedJson legal_consent_options(const Campaign& campaign, const Delivery& vendor,
                                  const Lead& lead) {
  bool any_required = false, all_granted = true;
  std::string text;
  for (const auto& consent : campaign.consents) {
    if (!consent.required) continue;
    const ConsentRecord* record = find_record(lead, consent.id);
    all_granted = all_granted && record != nullptr && record->granted;
    // Several required consents: their texts, one per line, in campaign order.
    text += (any_required ? "\n" : "") + consent_text(campaign, lead, consent, record);
    any_required = true;
  }
  if (!any_required) return OrderedJson();  // no consent to process asked: nothing to prove
  OrderedJson consent = OrderedJson::object();
  consent["consentToProcess"] = all_granted;
  consent["text"] = text;
  OrderedJson communications = OrderedJson::array();
  for (const auto& c : campaign.consents) {
    if (c.required) continue;
    auto it = vendor.hubspot_subscriptions.find(c.id);
    if (it == vendor.hubspot_subscriptions.end() || it->second <= 0) continue;
    const ConsentRecord* record = find_record(lead, c.id);
    OrderedJson item = OrderedJson::object();
    item["value"] = record != nullptr && record->granted;  // never ticked: not granted
    item["subscriptionTypeId"] = it->second;
    item["text"] = consent_text(campaign, lead, c, record);
    communications.push_back(std::move(item));
  }
  consent["communications"] = std::move(communications);
  OrderedJson out = OrderedJson::object();
  out["consent"] = std::move(consent);
  return out;
}

OrderedJson context(const Lead& lead) {
  OrderedJson out = OrderedJson::object();
  auto copy = [&](const char* from, const char* to) {
    auto it = lead.attribution.find(from);
    if (it != lead.attribution.end() && it->is_string() &&
        !it->get_ref<const std::string&>().empty()) {
      out[to] = it->get_ref<const std::string&>();
    }
  };
  copy("hutk", "hutk");  // the hubspotutk cookie, when the host page passes it on
  copy("page_title", "pageName");
  copy("page_url", "pageUri");
  return out;
}

}  // namespace

// Shared by the vendor formats (hubspot.cpp, salesforce.cpp).

const std::vector<std::string>& assessment_route_keys() {
  static const std::vector<std::string> keys = {"score", "fit",   "engagement", "grade",
                                                "band",  "stage", "outcome",    "segments"};
  return keys;
}

std::string form_text(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return value.get_ref<const std::string&>();
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      auto milli = milli_from_json(value);  // exact for every number a field check stores
      return milli ? milli_to_string(*milli) : value.dump();
    }
    case Json::value_t::array: {
      std::string out;
      for (std::size_t i = 0; i < value.size(); ++i)
        out += (i == 0 ? "" : ";") + form_text(value[i]);
      return out;
    }
    case Json::value_t::null:
      return "";
    default:
      return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

std::string assessment_text(const Assessment& assessment, std::string_view key) {
  if (key == "score") return milli_to_string(assessment.score);
  if (key == "fit") return milli_to_string(assessment.fit);
  if (key == "engagement") return milli_to_string(assessment.engagement);
  if (key == "grade") return assessment.grade;
  if (key == "band") return assessment.band;
  if (key == "stage") return assessment.stage;
  if (key == "outcome") return assessment.outcome;
  if (key == "segments") {
    std::string out;
    for (std::size_t i = 0; i < assessment.segments.size(); ++i) {
      out += (i == 0 ? "" : ";") + assessment.segments[i];
    }
    return out;
  }
  return "";
}

OrderedJson to_delivery_format(const Campaign& campaign, const Lead& lead,
                               const Assessment& assessment) {
  OrderedJson out = OrderedJson::object();
  switch (campaign.delivery.format) {
    case Delivery::Format::kHubspot:
      out["format"] = "hubspot";
      out["content_type"] = "application/json";
      out["body"] = to_hubspot(campaign, lead, assessment);
      break;
    case Delivery::Format::kSalesforce:
      out["format"] = "salesforce";
      out["content_type"] = "application/x-www-form-urlencoded";
      out["body"] = form_urlencode(to_salesforce_fields(campaign, lead, assessment));
      break;
    case Delivery::Format::kMagneteV1:
    case Delivery::Format::kWebhook:
      out["format"] =
          campaign.delivery.format == Delivery::Format::kWebhook ? "webhook" : "magnete-v1";
      out["content_type"] = "application/json";
      out["body"] = to_magnete_v1(campaign, lead, assessment);
      break;
  }
  return out;
}

std::vector<FieldRoute> hubspot_routes(const Campaign& campaign) {
  return hubspot_routes(campaign, campaign.delivery);
}

std::vector<FieldRoute> hubspot_routes(const Campaign& campaign, const Delivery& vendor) {
  const auto& mapping = vendor.hubspot_fields;
  std::vector<FieldRoute> out;
  for (const auto& field : campaign.fields) {
    auto it = mapping.find(field.name);
    if (it == mapping.end()) {
      out.push_back({FieldRoute::Source::kField, field.name, field.name, ""});
    } else if (!it->second.empty()) {
      out.push_back({FieldRoute::Source::kField, field.name, it->second, it->first});
    }
  }
  for (const auto& key : assessment_route_keys()) {
    auto it = mapping.find("assessment." + key);
    if (it != mapping.end()) {
      if (!it->second.empty())
        out.push_back({FieldRoute::Source::kAssessment, key, it->second, it->first});
    } else if (const char* name = default_hubspot_name(key)) {
      out.push_back({FieldRoute::Source::kAssessment, key, name, ""});
    }
  }
  return out;
}

OrderedJson to_hubspot(const Campaign& campaign, const Lead& lead, const Assessment& assessment) {
  return to_hubspot(campaign, campaign.delivery, lead, assessment);
}

OrderedJson to_hubspot(const Campaign& campaign, const Delivery& vendor, const Lead& lead,
                       const Assessment& assessment) {
  OrderedJson out = OrderedJson::object();
  out["submittedAt"] = std::to_string(lead.submitted_at.value_or(assessment.at));
  OrderedJson fields = OrderedJson::array();
  auto add = [&](const std::string& name, std::string value) {
    OrderedJson item = OrderedJson::object();
    item["objectTypeId"] = kContactObject;
    item["name"] = name;
    item["value"] = std::move(value);
    fields.push_back(std::move(item));
  };
  for (const auto& route : hubspot_routes(campaign, vendor)) {
    if (route.source == FieldRoute::Source::kField) {
      auto it = lead.contact.find(route.name);
      if (it == lead.contact.end() || it->second.is_null()) continue;  // not given: not sent
      add(route.target, form_text(it->second));
    } else {
      std::string value = assessment_text(assessment, route.name);
      if (!value.empty()) add(route.target, std::move(value));
    }
  }
  out["fields"] = std::move(fields);
  OrderedJson ctx = context(lead);
  if (!ctx.empty()) out["context"] = std::move(ctx);
  OrderedJson legal = legal_consent_options(campaign, vendor, lead);
  if (!legal.is_null()) out["legalConsentOptions"] = std::move(legal);
  return out;
}

}  // namespace magnete
