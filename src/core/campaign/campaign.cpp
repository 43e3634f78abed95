#include "magnete/campaign.hpp"

namespace magnete {

std::string_view to_string(FieldType type) {
  switch (type) {
    case FieldType::kText:
      return "text";
    case FieldType::kEmail:
      return "email";
    case FieldType::kTel:
      return "tel";
    case FieldType::kNumber:
      return "number";
    case FieldType::kSelect:
      return "select";
    case FieldType::kRadio:
      return "radio";
    case FieldType::kCheckbox:
      return "checkbox";
    case FieldType::kTextarea:
      return "textarea";
    case FieldType::kHidden:
      return "hidden";
  }
  return "text";
}

std::string_view to_string(FitOp op) {
  switch (op) {
    case FitOp::kEq:
      return "eq";
    case FitOp::kIn:
      return "in";
    case FitOp::kGt:
      return "gt";
    case FitOp::kGte:
      return "gte";
    case FitOp::kLt:
      return "lt";
    case FitOp::kLte:
      return "lte";
    case FitOp::kBetween:
      return "between";
    case FitOp::kPerUnitOver:
      return "per_unit_over";
    case FitOp::kContainsAny:
      return "contains_any";
    case FitOp::kPresent:
      return "present";
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
  for (const auto& v : variants) {
    if (v.id == variant_id) return &v;
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

namespace {

const LocalizedText* own_text(const Campaign& c, std::string_view key) {
  return key == "title"          ? &c.title
         : key == "submit_label" ? &c.submit_label
         : key == "success_text" ? &c.success_text
                                 : nullptr;
}

}  // namespace

std::string Campaign::variant_text(std::string_view key, std::string_view variant_id,
                                   std::string_view locale) const {
  const Variant* v = find_variant(variant_id);
  const LocalizedText* shown = nullptr;
  if (v != nullptr) {
    shown = key == "title"          ? &v->title
            : key == "submit_label" ? &v->submit_label
            : key == "success_text" ? &v->success_text
                                    : nullptr;
  }
  if (shown == nullptr || shown->empty()) shown = own_text(*this, key);
  return shown == nullptr ? std::string() : text_in(*shown, locale);
}

bool Campaign::show_variant(std::string_view variant_id) {
  for (auto& v : variants) {
    if (v.id != variant_id) continue;
    // Moved, not copied: the variant's own texts are then the campaign's (variant_text agrees).
    if (!v.title.empty()) title = std::move(v.title);
    if (!v.submit_label.empty()) submit_label = std::move(v.submit_label);
    if (!v.success_text.empty()) success_text = std::move(v.success_text);
    variant = v.id;
    return true;
  }
  return false;
}

std::size_t Campaign::stage_rank(std::string_view stage) const {
  for (std::size_t i = 0; i < scoring.stages.size(); ++i) {
    if (scoring.stages[i].id == stage) return i + 1;
  }
  return 0;
}

const std::string& Campaign::qualifying_stage() const {
  static const std::string kNone;
  const auto& ladder = scoring.stages;
  if (ladder.empty()) return kNone;
  for (const auto& stage : ladder) {
    if (stage.id == "mql") return stage.id;
  }
  return ladder[ladder.size() >= 2 ? 1 : 0].id;
}

bool Campaign::qualified(std::string_view stage) const {
  std::size_t want = stage_rank(qualifying_stage());
  return want > 0 && stage_rank(stage) >= want;
}

std::vector<std::string> Campaign::required_consents() const {
  std::vector<std::string> ids;
  for (const auto& consent : consents) {
    if (consent.required) ids.push_back(consent.id);
  }
  return ids;
}

}  // namespace magnete
