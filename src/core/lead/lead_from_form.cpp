#include <functional>
#include <map>

#include "magnete/contact.hpp"
#include "magnete/form.hpp"
#include "quiz/quiz.hpp"

namespace magnete {
namespace {

// The names of a form's controls besides the fields' own (the renderer writes them).
constexpr std::string_view kConsentPrefix = "consent:";
constexpr std::string_view kQuizPrefix = "quiz:";

using Values = std::map<std::string, std::vector<std::string>, std::less<>>;

const std::vector<std::string>* values_of(const Values& values, const std::string& name) {
  auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

}  // namespace

FormLeadResult lead_from_form(const Campaign& campaign, const std::vector<FormField>& pairs,
                              std::string_view locale, std::string_view variant, TimeMs now) {
  FormLeadResult result;
  const std::string lang = campaign.locale_for(locale);
  Errors& errors = result.errors;
  auto fail = [&](const std::string& name, std::string_view code) {
    errors.push_back({name, form_message(code, lang)});
  };
  if (pairs.size() > FormLimits::kMaxPairs) {
    fail("", "form_too_large");
    return result;
  }
  Values given;
  for (const auto& [name, value] : pairs) given[name].push_back(value);

  Lead lead;
  lead.campaign_id = campaign.id;
  lead.campaign_version = campaign.version;
  lead.locale = lang;
  if (campaign.find_variant(variant) != nullptr) lead.variant = std::string(variant);
  lead.submitted_at = now;

  for (const auto& field : campaign.fields) {
    const auto* values = values_of(given, field.name);
    Json raw;  // null: not sent (an unticked box, a field the form did not have)
    if (field.type == FieldType::kCheckbox && !field.options.empty()) {
      raw = Json::array();
      if (values != nullptr) {
        for (const auto& v : *values) raw.push_back(v);
      }
    } else if (values != nullptr) {
      if (values->size() > 1) {
        fail(field.name, "value_repeated");
        continue;
      }
      raw = values->front();
    }
    FieldCheck check = check_field(field, raw, campaign.default_country, lang);
    if (!check.ok) {
      errors.push_back({field.name, check.message});
      continue;
    }
    if (!check.value.is_null()) lead.contact[field.name] = std::move(check.value);
  }

  // Every consent shown is recorded, ticked or not, with the exact text of the form's locale
  // (as the widget records each box at submission). A box reads as a single checkbox does.
  Field box;
  box.type = FieldType::kCheckbox;
  for (const auto& consent : campaign.consents) {
    const std::string name = std::string(kConsentPrefix) + consent.id;
    const auto* values = values_of(given, name);
    bool granted = false;
    if (values != nullptr) {
      if (values->size() > 1) {
        fail(name, "value_repeated");
        continue;
      }
      FieldCheck tick = check_field(box, Json(values->front()), campaign.default_country, lang);
      if (!tick.ok) {
        errors.push_back({name, tick.message});
        continue;
      }
      granted = tick.value.get<bool>();
    }
    lead.consents.push_back(
        {consent.id, granted, campaign.text_in(consent.text, lang), consent.version, lang, now});
  }
  for (const auto& missing : missing_required_consents(campaign, lead)) {
    // "consents.<id>" -> the box's name; a box already in error is not named twice.
    const std::string name =
        std::string(kConsentPrefix) + missing.path.substr(missing.path.find('.') + 1);
    bool named = false;
    for (const auto& e : errors) named = named || e.path == name;
    if (!named) fail(name, kConsentRequired);
  }

  if (campaign.quiz) {
    for (const auto& question : campaign.quiz->questions) {
      const std::string name = std::string(kQuizPrefix) + question.id;
      const auto* values = values_of(given, name);
      std::vector<std::string> answers = values != nullptr ? *values : std::vector<std::string>();
      if (!question.multiple && answers.size() > 1) {
        fail(name, "value_repeated");
        continue;
      }
      // The Engine's check (Engine::answer); the widget asks again for a required question.
      if (!quiz::check_answer(*campaign.quiz, question.id, answers).empty()) {
        fail(name, "answer_invalid");
        continue;
      }
      if (answers.empty()) {
        if (question.required) fail(name, "answer_required");
        continue;
      }
      lead.quiz[question.id] = std::move(answers);
    }
  }

  if (!errors.empty()) return result;
  lead.events.push_back({"form_submit", now, ""});
  result.lead = std::move(lead);
  return result;
}

std::string form_control_label(const Campaign& campaign, std::string_view name,
                               std::string_view locale) {
  std::string label;
  if (const Field* field = campaign.find_field(name)) {
    label = campaign.text_in(field->label, locale);
  } else if (name.substr(0, kConsentPrefix.size()) == kConsentPrefix) {
    if (const Consent* consent = campaign.find_consent(name.substr(kConsentPrefix.size()))) {
      label = campaign.text_in(consent->text, locale);
    }
  } else if (name.substr(0, kQuizPrefix.size()) == kQuizPrefix && campaign.quiz) {
    for (const auto& question : campaign.quiz->questions) {
      if (question.id == name.substr(kQuizPrefix.size()))
        label = campaign.text_in(question.text, locale);
    }
  }
  return label.empty() ? std::string(name) : label;
}

}  // namespace magnete
