#include "magnete/campaign.hpp"

namespace magnete {

std::string_view to_string(FieldType type) {
  switch (type) {
    case FieldType::kText: return "text";
    case FieldType::kEmail: return "email";
    case FieldType::kTel: return "tel";
    case FieldType::kNumber: return "number";
    case FieldType::kSelect: return "select";
    case FieldType::kRadio: return "radio";
    case FieldType::kCheckbox: return "checkbox";
    case FieldType::kTextarea: return "textarea";
    case FieldType::kHidden: return "hidden";
  }
  return "text";
}

std::string_view to_string(FitOp op) {
  switch (op) {
    case FitOp::kEq: return "eq";
    case FitOp::kIn: return "in";
    case FitOp::kGt: return "gt";
    case FitOp::kGte: return "gte";
    case FitOp::kLt: return "lt";
    case FitOp::kLte: return "lte";
    case FitOp::kBetween: return "between";
    case FitOp::kPerUnitOver: return "per_unit_over";
    case FitOp::kContainsAny: return "contains_any";
    case FitOp::kPresent: return "present";
  }
  return "eq";
}

const Field* Campaign::find_field(std::string_view name) const {
  for (const auto& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

const Consent* Campaign::find_consent(std::string_view consent_id) const {
  for (const auto& consent : consents) {
    if (consent.id == consent_id) return &consent;
  }
  return nullptr;
}

const Variant* Campaign::find_variant(std::string_view variant_id) const {
  for (const auto& variant : variants) {
    if (variant.id == variant_id) return &variant;
  }
  return nullptr;
}

std::string Campaign::locale_for(std::string_view requested) const {
  auto offered = [&](std::string_view locale) {
    for (const auto& l : locales) {
      if (l == locale) return true;
    }
    return false;
  };
  if (!requested.empty() && offered(requested)) return std::string(requested);
  std::string_view language = requested.substr(0, requested.find('-'));
  if (!language.empty() && offered(language)) return std::string(language);
  return default_locale;
}

std::string Campaign::text_in(const LocalizedText& text, std::string_view locale) const {
  // web/src/i18n.js pick(): the locale, its language, the fallback, else any text.
  for (std::string_view key :
       {locale, locale.substr(0, locale.find('-')), std::string_view(default_locale)}) {
    auto it = text.find(std::string(key));
    if (it != text.end()) return it->second;
  }
  return text.empty() ? std::string() : text.begin()->second;
}

std::string Campaign::variant_text(std::string_view key, std::string_view variant_id,
                                   std::string_view locale) const {
  if (const Variant* variant = find_variant(variant_id);
      variant != nullptr && variant->overrides.is_object()) {
    auto it = variant->overrides.find(std::string(key));
    if (it != variant->overrides.end()) {
      // The override is shown as written: a string is the default locale's text.
      LocalizedText override_text;
      if (it->is_string()) override_text[default_locale] = it->get<std::string>();
      if (it->is_object()) {
        for (auto entry = it->begin(); entry != it->end(); ++entry) {
          if (entry->is_string()) override_text[entry.key()] = entry->get<std::string>();
        }
      }
      if (!override_text.empty()) return text_in(override_text, locale);
    }
  }
  const LocalizedText* own = key == "title"          ? &title
                             : key == "submit_label" ? &submit_label
                             : key == "success_text" ? &success_text
                                                     : nullptr;
  return own == nullptr ? std::string() : text_in(*own, locale);
}

std::size_t Campaign::stage_rank(std::string_view stage) const {
  for (std::size_t i = 0; i < scoring.stages.size(); ++i) {
    if (scoring.stages[i].id == stage) return i + 1;
  }
  return 0;
}

}  // namespace magnete
