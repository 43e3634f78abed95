// The words of a form posted without script and of the collector's pages about it
// (src/core/lead/form_messages.cpp), in Italian and English.
#include <gtest/gtest.h>

#include "magnete/contact.hpp"
#include "magnete/form.hpp"

namespace magnete {
namespace {

TEST(FormMessages, EveryCodeHasItsItalianAndEnglishWords) {
  EXPECT_EQ(form_message("fix_errors", "it"), "Controlla i campi evidenziati.");
  EXPECT_EQ(form_message("fix_errors", "en"), "Please check the highlighted fields.");
  EXPECT_EQ(form_message("fix_errors", "it-CH"), "Controlla i campi evidenziati.");
  EXPECT_EQ(form_message("fix_errors", "de"), "Please check the highlighted fields.");
  for (const char* code : {"value_repeated", "fix_errors", "success", "form_unavailable",
                           "form_too_large", "form_too_frequent", "back_to_form"}) {
    EXPECT_NE(form_message(code, "it"), form_message(code, "en")) << code;
    EXPECT_NE(form_message(code, "en"), code) << code;
    // Only the form says them: the widget's table (in the browser's module) does not carry them.
    EXPECT_EQ(message_for(code, "en"), code) << code;
  }
}

TEST(FormMessages, AFieldsCodeIsWordedAsTheWidgetWordsIt) {
  EXPECT_EQ(form_message("required", "it"), message_for("required", "it"));
  EXPECT_EQ(form_message("consent_required", "en"), "Please accept to continue.");
  EXPECT_EQ(form_message("no_such_code", "en"), "no_such_code");
}

}  // namespace
}  // namespace magnete
