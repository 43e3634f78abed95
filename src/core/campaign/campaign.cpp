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

std::size_t Campaign::stage_rank(std::string_view stage) const {
  for (std::size_t i = 0; i < scoring.stages.size(); ++i) {
    if (scoring.stages[i].id == stage) return i + 1;
  }
  return 0;
}

}  // namespace magnete
