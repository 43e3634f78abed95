// Salesforce Web-to-Lead, a mapping of the magnete-v1 lead: the form a browser would POST to
// https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8. Parameter names are
// those of the form Salesforce generates (Setup > Web-to-Lead): hidden "oid" (the org id),
// first_name, last_name, email, company, city, state, salutation, title, url (older forms: URL),
// phone, mobile, fax, street, zip, country, description, lead_source, industry, rating, revenue,
// employees, Campaign_ID, member_status, and checkboxes emailOptOut, faxOptOut, doNotCall sent
// as value "1" when ticked; custom fields appear under their 15-character id ("00N...").
// Source: generated forms kept in public repositories (the generator's header, oid, retURL and
// encoding=UTF-8 action in e.g. PavelBondarenko/SuccessCars index.php; a form generated with
// every standard field gave the list above). Last Name and Company are the fields Salesforce
// itself requires
// (https://micropyramid.com/blog/how-to-configure-web-to-lead-generation-in-salesforce/).
//
// The mapping (delivery.salesforce.fields) chooses, for each campaign field, a parameter name or
// false; an unmapped field passes through only under a standard name, others stay in the
// magnete-v1 payload. A ticked single checkbox is "1" and an unticked one is left out, a
// multi-choice field repeats its name once per value: what a browser sends for the generated
// checkboxes and multi-select picklists. The assessment goes to custom fields named by
// "assessment.<key>" mappings; without any, to one line of `description`, after the
// visitor's own description text when a field maps there.
#include <algorithm>
#include <string>
#include <string_view>

#include "magnete/payload.hpp"

namespace magnete {
namespace {

const std::vector<std::string> kStandardFields = {
    "salutation", "first_name",  "last_name",     "title",       "company",   "email",    "phone",
    "mobile",     "fax",         "url",           "URL",         "street",    "city",     "state",
    "zip",        "country",     "description",   "lead_source", "industry",  "rating",   "revenue",
    "employees",  "Campaign_ID", "member_status", "emailOptOut", "faxOptOut", "doNotCall"};

constexpr const char* kDescription = "description";

// "Magnete: score 26 (fit 14, engagement 12), grade B, band warm, stage mql": English and fixed,
// like the rest of the payload, so that a sales team reads the same words in every locale.
std::string assessment_line(const Assessment& a) {
  std::string out = "Magnete: score " + assessment_text(a, "score") + " (fit " +
                    assessment_text(a, "fit") + ", engagement " + assessment_text(a, "engagement") +
                    ")";
  for (std::string_view key : {"grade", "band", "stage", "outcome", "segments"}) {
    std::string value = assessment_text(a, key);
    if (value.empty()) continue;
    out += ", ";
    out += key == "outcome" ? std::string_view("quiz outcome") : key;
    out += " " + value;
  }
  return out;
}

bool granted(const Lead& lead, const std::string& id) {
  bool out = false;
  for (const auto& record : lead.consents) {
    if (record.id == id) out = record.granted;  // the latest decision wins
  }
  return out;
}

// WHATWG URL Standard, "application/x-www-form-urlencoded serializing" (urlencoded byte
// serializer): 0x20 -> '+'; *, -, ., _, ASCII digits and letters as they are; every other
// byte percent-encoded with upper-case hex digits.
void append_urlencoded(std::string& out, const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool kept = (byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z') ||
                (byte >= 'a' && byte <= 'z') || byte == '*' || byte == '-' || byte == '.' ||
                byte == '_';
    if (kept) {
      out += c;
    } else if (byte == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
}

}  // namespace

bool is_salesforce_standard_field(std::string_view name) {
  return std::find(kStandardFields.begin(), kStandardFields.end(), name) != kStandardFields.end();
}

bool salesforce_assessment_in_description(const Campaign& campaign) {
  return salesforce_assessment_in_description(campaign.delivery);
}

bool salesforce_assessment_in_description(const Delivery& vendor) {
  for (const auto& [key, target] : vendor.salesforce_fields) {
    if (key.rfind("assessment.", 0) == 0) return false;  // mapped, even to false: the user chose
  }
  return true;
}

std::vector<FieldRoute> salesforce_routes(const Campaign& campaign) {
  return salesforce_routes(campaign, campaign.delivery);
}

std::vector<FieldRoute> salesforce_routes(const Campaign& campaign, const Delivery& vendor) {
  const auto& mapping = vendor.salesforce_fields;
  std::vector<FieldRoute> out;
  for (const auto& field : campaign.fields) {
    auto it = mapping.find(field.name);
    if (it != mapping.end()) {
      if (!it->second.empty())
        out.push_back({FieldRoute::Source::kField, field.name, it->second, it->first});
    } else if (is_salesforce_standard_field(field.name)) {
      out.push_back({FieldRoute::Source::kField, field.name, field.name, ""});
    }
  }
  for (const auto& consent : campaign.consents) {
    auto it = mapping.find("consent." + consent.id);
    if (it != mapping.end() && !it->second.empty()) {
      out.push_back({FieldRoute::Source::kConsent, consent.id, it->second, it->first});
    }
  }
  for (const auto& key : assessment_route_keys()) {
    auto it = mapping.find("assessment." + key);
    if (it != mapping.end() && !it->second.empty()) {
      out.push_back({FieldRoute::Source::kAssessment, key, it->second, it->first});
    }
  }
  return out;
}

std::vector<FormField> to_salesforce_fields(const Campaign& campaign, const Lead& lead,
                                            const Assessment& assessment) {
  return to_salesforce_fields(campaign, campaign.delivery, lead, assessment);
}

std::vector<FormField> to_salesforce_fields(const Campaign& campaign, const Delivery& vendor,
                                            const Lead& lead, const Assessment& assessment) {
  std::vector<FormField> out;
  out.emplace_back("oid", vendor.salesforce_oid);
  std::string line =
      salesforce_assessment_in_description(vendor) ? assessment_line(assessment) : "";
  bool line_sent = line.empty();
  for (const auto& route : salesforce_routes(campaign, vendor)) {
    switch (route.source) {
      case FieldRoute::Source::kField: {
        auto it = lead.contact.find(route.name);
        if (it == lead.contact.end() || it->second.is_null()) break;
        const Json& value = it->second;
        if (route.target == kDescription && !line_sent) {
          std::string text = form_text(value);
          out.emplace_back(route.target, text.empty() ? line : text + "\n" + line);
          line_sent = true;
        } else if (value.is_boolean()) {
          if (value.get<bool>()) out.emplace_back(route.target, "1");
        } else if (value.is_array()) {
          for (const auto& item : value) out.emplace_back(route.target, form_text(item));
        } else {
          out.emplace_back(route.target, form_text(value));
        }
        break;
      }
      case FieldRoute::Source::kConsent:
        if (granted(lead, route.name)) out.emplace_back(route.target, "1");
        break;
      case FieldRoute::Source::kAssessment: {
        std::string value = assessment_text(assessment, route.name);
        if (!value.empty()) out.emplace_back(route.target, std::move(value));
        break;
      }
    }
  }
  if (!line_sent) out.emplace_back(kDescription, line);
  return out;
}

std::string form_urlencode(const std::vector<FormField>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += '&';
    append_urlencoded(out, fields[i].first);
    out += '=';
    append_urlencoded(out, fields[i].second);
  }
  return out;
}

}  // namespace magnete
