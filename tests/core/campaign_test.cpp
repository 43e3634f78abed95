// Campaign's lookups and texts (src/core/campaign/campaign.cpp): the locale and variant a form
// was shown in, and its texts as the widget picks them (web/src/i18n.js pick()).
#include <gtest/gtest.h>

#include <string>

#include "magnete/campaign.hpp"

namespace magnete {
namespace {

Campaign parsed(const std::string& text) {
  CampaignResult result = parse_campaign(text);
  EXPECT_TRUE(result.ok()) << (result.errors.empty() ? "" : to_string(result.errors[0]));
  return result.ok() ? *result.campaign : Campaign();
}

const char* kTwoLocales = R"json({
  "id": "c", "version": "1", "default_locale": "it", "locales": ["it", "en", "en-GB"],
  "title": {"it": "Titolo", "en": "Title", "en-GB": "Title (UK)"},
  "success_text": {"it": "Grazie", "en": "Thanks"},
  "submit_label": "Invia",
  "fields": [{"name": "email", "type": "email"}],
  "variants": [{"id": "a", "weight": 1},
               {"id": "b", "weight": 1, "overrides": {"success_text": {"en": "Cheers"}, "title": "Altro"}}]})json";

TEST(Campaign, LocaleForIsTheOfferedLocaleItsLanguageOrTheDefault) {
  Campaign c = parsed(kTwoLocales);
  EXPECT_EQ(c.locale_for("en"), "en");
  EXPECT_EQ(c.locale_for("en-GB"), "en-GB");
  EXPECT_EQ(c.locale_for("en-US"), "en");
  EXPECT_EQ(c.locale_for("fr"), "it");
  EXPECT_EQ(c.locale_for(""), "it");
  EXPECT_EQ(c.locale_for("../../etc/passwd"), "it");
}

TEST(Campaign, TextInFallsBackToTheLanguageThenTheDefaultLocale) {
  Campaign c = parsed(kTwoLocales);
  EXPECT_EQ(c.text_in(c.title, "en-GB"), "Title (UK)");
  EXPECT_EQ(c.text_in(c.success_text, "en-GB"), "Thanks");
  EXPECT_EQ(c.text_in(c.success_text, "de"), "Grazie");
  EXPECT_EQ(c.text_in(c.submit_label, "en"), "Invia");  // a bare string is the default locale's
  EXPECT_EQ(c.text_in(LocalizedText{{"fr", "Merci"}}, "en"), "Merci");
  EXPECT_EQ(c.text_in(LocalizedText{}, "en"), "");
}

TEST(Campaign, VariantTextIsTheVariantsOverrideElseTheCampaigns) {
  Campaign c = parsed(kTwoLocales);
  EXPECT_EQ(c.variant_text("success_text", "b", "en"), "Cheers");
  EXPECT_EQ(c.variant_text("success_text", "b", "it"), "Cheers");  // the override has only en
  EXPECT_EQ(c.variant_text("title", "b", "en"), "Altro");
  EXPECT_EQ(c.variant_text("success_text", "a", "en"), "Thanks");
  EXPECT_EQ(c.variant_text("success_text", "", "en"), "Thanks");
  EXPECT_EQ(c.variant_text("success_text", "nope", "it"), "Grazie");
  EXPECT_EQ(c.variant_text("submit_label", "b", "en"), "Invia");
  EXPECT_EQ(c.variant_text("not_a_text", "", "en"), "");
  ASSERT_NE(c.find_variant("b"), nullptr);
  EXPECT_EQ(c.find_variant("c"), nullptr);
}

}  // namespace
}  // namespace magnete
