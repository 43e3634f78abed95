#pragma once
/// A lead from a form posted without script: the pre-rendered <form method="post"> a visitor
/// submits when the widget's script is blocked or failed. The host decodes the body
/// (application/x-www-form-urlencoded) into (name, value) pairs; the core checks them with the
/// same code the Engine runs for the widget and builds the Lead, or says what is wrong with
/// each control, in the visitor's language.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/campaign.hpp"
#include "magnete/error.hpp"
#include "magnete/lead.hpp"
#include "magnete/payload.hpp"
#include "magnete/time.hpp"

namespace magnete {

struct FormLimits {
  /// Pairs per form; the host caps the body's bytes too (the collector: 64 KB).
  static constexpr std::size_t kMaxPairs = 1000;
};

struct FormLeadResult {
  std::optional<Lead> lead;
  /// Per control: the path is the control's name (a field's name, "consent:<id>",
  /// "quiz:<question id>"; "" for the whole form) and the message is the visitor's, in the
  /// form's locale (form_message()).
  Errors errors;
  bool ok() const { return lead.has_value(); }
};

/// The lead a form posted: the campaign's fields by name (one value each; a checkbox field with
/// options repeats its name once per ticked option; a single checkbox sends "on" when ticked),
/// "consent:<id>" = "on" for each ticked consent, "quiz:<question id>" = answer id (repeated
/// for a multiple-choice question). Unknown names are ignored; a name repeated where one value
/// is expected is an error naming it.
///
/// Each field goes through check_field() (as Engine::set_field), each answer through the
/// Engine's quiz check; a required question left unanswered and a required consent not ticked
/// (missing_required_consents()) are errors. Every consent shown gets a record: its exact
/// text in the locale, its version, the locale and `now`. The form's submission is the event
/// "form_submit" at `now`, as the widget records it.
///
/// `locale` and `variant` are the form's (Campaign::locale_for() resolves the locale; a variant
/// the campaign does not list is dropped). The lead has no id, attribution or meta: the
/// host's parts.
FormLeadResult lead_from_form(const Campaign& campaign, const std::vector<FormField>& pairs,
                              std::string_view locale, std::string_view variant, TimeMs now);

/// A form's words in "it" or "en" (anything else: en), as message_for() words a field's: its
/// codes (value_repeated; fix_errors, the summary; success; form_unavailable, form_too_large,
/// form_too_frequent; back_to_form), else message_for()'s.
std::string form_message(std::string_view code, std::string_view locale);

/// What a visitor reads as the name of a form control, in a locale: a field's label, a
/// consent's text, a quiz question's text; the name itself when the campaign has no text.
std::string form_control_label(const Campaign& campaign, std::string_view name,
                               std::string_view locale);

}  // namespace magnete
