#include "magnete/campaign.hpp"
#include "magnete/lead.hpp"

namespace magnete {

Errors missing_required_consents(const Campaign& campaign, const Lead& lead) {
  Errors errors;
  for (const auto& consent : campaign.consents) {
    if (!consent.required) continue;
    // The latest decision wins: a consent granted then withdrawn is not granted.
    bool granted = false;
    for (const auto& record : lead.consents) {
      if (record.id == consent.id) granted = record.granted;
    }
    if (!granted) {
      errors.push_back({"consents." + consent.id,
                        "required consent \"" + consent.id + "\" is not granted",
                        std::string(kConsentRequired)});
    }
  }
  return errors;
}

}  // namespace magnete
