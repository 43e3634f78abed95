#pragma once
/// Lead payloads in each delivery format, all built from the same Lead and Assessment.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/json.hpp"
#include "magnete/lead.hpp"

namespace magnete {

/// The magnete-v1 JSON payload (see README, "The lead payload").
OrderedJson to_magnete_v1(const Campaign& campaign, const Lead& lead, const Assessment& assessment);

/// Where one value of the lead goes in a vendor format: a HubSpot field or a Web-to-Lead
/// parameter. Built from delivery.<vendor>.fields; the campaign parser checks the same routes.
struct FieldRoute {
  enum class Source { kField, kAssessment, kConsent };
  Source source = Source::kField;
  std::string name;    ///< field name, assessment key ("score", ...) or consent id
  std::string target;  ///< the vendor's field name
  std::string key;     ///< the mapping key that chose the target, "" for a default
};

/// The assessment values a mapping may route as "assessment.<key>": score, fit, engagement,
/// grade, band, stage, outcome, segments.
const std::vector<std::string>& assessment_route_keys();

/// A contact value as form text: strings as they are, numbers as their shortest decimal
/// ("34.5"), booleans "true"/"false", arrays joined with ";" (HubSpot's multi-checkbox
/// value), null "".
std::string form_text(const Json& value);

/// One assessment value as text ("26", "B", "mql", segments joined with ";"); "" when unset.
std::string assessment_text(const Assessment& assessment, std::string_view key);

/// HubSpot fields, in body order: every contact field in campaign order under its own name
/// (or delivery.hubspot.fields' name), then the assessment: magnete_score, magnete_grade,
/// magnete_band, magnete_stage by default, other assessment keys only when mapped.
std::vector<FieldRoute> hubspot_routes(const Campaign& campaign);
/// The same for a vendor configuration other than campaign.delivery (a forward destination).
std::vector<FieldRoute> hubspot_routes(const Campaign& campaign, const Delivery& vendor);

/// The HubSpot Forms API v3 submission body (POST https://api.hsforms.com/submissions/v3/
/// integration/submit/{portal_id}/{form_id}): submittedAt, fields, context,
/// legalConsentOptions. See src/core/payload/hubspot.cpp for the mapping and its source.
OrderedJson to_hubspot(const Campaign& campaign, const Lead& lead, const Assessment& assessment);
/// The same, configured by `vendor` (its hubspot fields and subscriptions) instead of
/// campaign.delivery.
OrderedJson to_hubspot(const Campaign& campaign, const Delivery& vendor, const Lead& lead,
                       const Assessment& assessment);

/// Salesforce Web-to-Lead's standard parameter names (those of the form Salesforce generates):
/// a campaign field with one of these names passes through unmapped.
bool is_salesforce_standard_field(std::string_view name);

/// Web-to-Lead parameters, in body order: contact fields mapped by delivery.salesforce.fields or
/// passing through under a standard name (others are left out), then "consent.<id>" and
/// "assessment.<key>" mappings. No "oid": see to_salesforce_fields().
std::vector<FieldRoute> salesforce_routes(const Campaign& campaign);
std::vector<FieldRoute> salesforce_routes(const Campaign& campaign, const Delivery& vendor);

/// True when no "assessment.<key>" is mapped: the assessment then travels as one line of
/// `description`.
bool salesforce_assessment_in_description(const Campaign& campaign);
bool salesforce_assessment_in_description(const Delivery& vendor);

/// One form parameter: name and value.
using FormField = std::pair<std::string, std::string>;

/// The Web-to-Lead form as ordered (name, value) pairs, "oid" first; a multi-valued field
/// repeats its name. POST to https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8
std::vector<FormField> to_salesforce_fields(const Campaign& campaign, const Lead& lead,
                                            const Assessment& assessment);
/// The same, configured by `vendor` (its oid and salesforce fields) instead of campaign.delivery.
std::vector<FormField> to_salesforce_fields(const Campaign& campaign, const Delivery& vendor,
                                            const Lead& lead, const Assessment& assessment);

/// application/x-www-form-urlencoded text of the pairs, by the WHATWG URL Standard's serializer:
/// UTF-8 bytes, space as '+', ASCII alphanumerics and `*-._` kept, all else %XX (upper case).
std::string form_urlencode(const std::vector<FormField>& fields);

/// The lead in the campaign's delivery format: {"format", "content_type", "body"}. The body is
/// an object for "magnete-v1", "webhook" (the same magnete-v1 JSON) and "hubspot", and the
/// urlencoded text for "salesforce".
OrderedJson to_delivery_format(const Campaign& campaign, const Lead& lead,
                               const Assessment& assessment);

/// Whether the campaign's delivery rule sends this lead ("all", or a minimum stage).
bool should_deliver(const Campaign& campaign, const Assessment& assessment);
/// Whether `rule` (campaign.delivery or a forward destination's) sends this lead.
bool should_deliver(const Campaign& campaign, const Delivery& rule, const Assessment& assessment);

/// Ids of the campaign's triggers whose every condition holds now (score_at_least, band,
/// stage reached or passed, event seen at least once), in campaign order.
std::vector<std::string> active_triggers(const Campaign& campaign, const Assessment& assessment,
                                         const Lead& lead);

}  // namespace magnete
