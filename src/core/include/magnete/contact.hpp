#pragma once
/// Contact validation and normalisation: what a real mail server accepts, phone numbers
/// to E.164, every field trimmed and capped.
#include <string>
#include <string_view>

#include "magnete/campaign.hpp"
#include "magnete/json.hpp"

namespace magnete {

struct EmailCheck {
  bool valid = false;
  std::string normalized;  ///< trimmed, domain lower-cased
  std::string code;        ///< why not valid: "email_invalid", "email_too_long", ...
  std::string suggestion;  ///< "mario@gmail.com" for "mario@gmial.com", else empty
  bool disposable = false;
};
EmailCheck check_email(std::string_view text);

struct PhoneCheck {
  bool valid = false;
  std::string e164;  ///< "+393331234567"
  std::string code;  ///< "phone_invalid", "phone_country_unknown", ...
};
/// `default_country` is an ISO 3166 alpha-2 code used when the number has no + prefix.
PhoneCheck normalize_phone(std::string_view text, std::string_view default_country);

/// The outcome of checking one form value against its field.
struct FieldCheck {
  bool ok = false;
  Json value;              ///< normalised value to store (null when the field is empty)
  std::string code;        ///< machine-readable reason, e.g. "required", "email_invalid"
  std::string message;     ///< in the requested locale (it, en)
  std::string suggestion;  ///< email typo fix, when any
  bool disposable = false;
};
FieldCheck check_field(const Field& field, const Json& raw, std::string_view default_country,
                       std::string_view locale);

/// A human message for a reason code, in "it" or "en" (anything else falls back to en).
std::string message_for(std::string_view code, std::string_view locale);

}  // namespace magnete
