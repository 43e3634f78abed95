// The one rule every host applies before a lead leaves the browser or is stored (DOMAIN: "No
// consent, no lead"): src/core/lead/required_consents.cpp.
#include <gtest/gtest.h>

#include <string>

#include "magnete/campaign.hpp"
#include "magnete/lead.hpp"

namespace magnete {
namespace {

Campaign two_required() {
  CampaignResult result = parse_campaign(R"({
    "id": "c", "version": "1",
    "fields": [{"name": "email", "type": "email", "required": true}],
    "consents": [{"id": "privacy", "required": true, "version": "1", "text": "P"},
                 {"id": "marketing", "required": false, "version": "1", "text": "M"},
                 {"id": "terms", "required": true, "version": "2", "text": "T"}]})");
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  return result.ok() ? *result.campaign : Campaign();
}

ConsentRecord record(const std::string& id, bool granted) {
  return {id, granted, "text", "1", "en", 0};
}

TEST(RequiredConsents, EveryRequiredConsentNotGrantedIsNamedInCampaignOrder) {
  Campaign campaign = two_required();
  Lead lead;
  Errors errors = missing_required_consents(campaign, lead);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(to_string(errors[0]), "consents.privacy: required consent \"privacy\" is not granted");
  EXPECT_EQ(to_string(errors[1]), "consents.terms: required consent \"terms\" is not granted");

  lead.consents = {record("terms", true), record("marketing", true), record("privacy", false)};
  errors = missing_required_consents(campaign, lead);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "consents.privacy");
}

TEST(RequiredConsents, GrantedRequiredConsentsPassWhateverTheOptionalOnesSay) {
  Campaign campaign = two_required();
  Lead lead;
  lead.consents = {record("privacy", true), record("terms", true), record("marketing", false)};
  EXPECT_TRUE(missing_required_consents(campaign, lead).empty());
}

TEST(RequiredConsents, TheLatestDecisionWinsAConsentWithdrawnIsNotGranted) {
  Campaign campaign = two_required();
  Lead lead;
  lead.consents = {record("privacy", true), record("terms", true), record("privacy", false)};
  Errors errors = missing_required_consents(campaign, lead);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "consents.privacy");
  lead.consents.push_back(record("privacy", true));
  EXPECT_TRUE(missing_required_consents(campaign, lead).empty());
}

TEST(RequiredConsents, ACampaignWithoutRequiredConsentsNeedsNone) {
  Campaign campaign = two_required();
  for (auto& consent : campaign.consents) consent.required = false;
  EXPECT_TRUE(missing_required_consents(campaign, Lead()).empty());
}

}  // namespace
}  // namespace magnete
