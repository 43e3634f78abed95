#pragma once
/// What the collector sends to each of a campaign's "forward" destinations for one lead: the
/// same HubSpot, Salesforce and magnete-v1 builders as the "delivery" section, configured by the
/// destination. Not in the lean wasm module: the browser posts magnete-v1 to the collector only.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/lead.hpp"

namespace magnete {

/// Web-to-Lead's documented URL (Salesforce Help, "Generate Leads from Your Website").
inline constexpr const char* kSalesforceWebToLeadUrl =
    "https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8";

/// HubSpot Forms API v3's unauthenticated submit URL for a form:
/// https://api.hsforms.com/submissions/v3/integration/submit/{portal_id}/{form_id}
std::string hubspot_submit_url(const std::string& portal_id, const std::string& form_id);

/// One request to one destination, everything but the time-dependent signature.
struct ForwardRequest {
  std::string destination;  ///< the destination's id
  std::string format;       ///< "hubspot", "salesforce" or "webhook"
  std::string url;
  std::string content_type;  ///< application/json or application/x-www-form-urlencoded
  std::string body;          ///< JSON text, or the urlencoded form
  /// The campaign's headers, then for a webhook Idempotency-Key: <lead id> (a receiver that
  /// dedupes by it sees each lead once however often it is retried).
  std::map<std::string, std::string> headers;
  std::int64_t timeout_ms = 10'000;
  std::string secret;  ///< webhook: the NAME of the collector's secret that signs it; else ""
};

/// The requests for every destination whose "when" this assessment meets (should_deliver: the
/// one meaning of "qualified"), in campaign order. The assessment should be the collector's own.
/// A webhook's body is the magnete-v1 payload, byte for byte what to_magnete_v1() holds.
std::vector<ForwardRequest> forward_requests(const Campaign& campaign, const Lead& lead,
                                             const Assessment& assessment);

/// The request for one destination, whatever its "when".
ForwardRequest forward_request(const Campaign& campaign, const ForwardDestination& destination,
                               const Lead& lead, const Assessment& assessment);

/// {"format", "url", "content_type", "body", "headers", "timeout_ms", "secret"}: how the
/// collector's outbox keeps a request (body as text), and reads it back.
OrderedJson to_json(const ForwardRequest& request);
/// The request back from to_json()'s object; false when `json` does not have that shape.
bool read_forward_request(const Json& json, ForwardRequest& out);

}  // namespace magnete
