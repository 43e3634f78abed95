#include <string>

#include "magnete/contact.hpp"
#include "util/text.hpp"

namespace magnete {
namespace {

FieldCheck fail(std::string code, std::string_view locale) {
  FieldCheck out;
  out.message = message_for(code, locale);
  out.code = std::move(code);
  return out;
}

FieldCheck pass(Json value) {
  FieldCheck out;
  out.ok = true;
  out.value = std::move(value);
  return out;
}

// Visible text: valid UTF-8, trimmed, control characters refused (newlines only in textareas).
std::optional<std::string> clean_text(const Json& raw, bool multiline) {
  std::string s;
  if (raw.is_string()) {
    s = raw.get<std::string>();
  } else if (raw.is_number()) {
    s = raw.dump();
  } else {
    return std::nullopt;
  }
  if (!text::valid_utf8(s)) return std::nullopt;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || u == 0x7F) {
      if (c == '\t') continue;
      return std::nullopt;
    }
  }
  return text::trim(s);
}

bool truthy(const Json& raw, bool& value) {
  if (raw.is_boolean()) {
    value = raw.get<bool>();
    return true;
  }
  if (raw.is_string()) {
    std::string s = text::lower_ascii(text::trim(raw.get<std::string>()));
    if (s == "true" || s == "on" || s == "1" || s == "yes") {
      value = true;
      return true;
    }
    if (s == "false" || s == "off" || s == "0" || s == "no" || s.empty()) {
      value = false;
      return true;
    }
  }
  return false;
}

bool is_option(const Field& field, const std::string& value) {
  for (const auto& option : field.options) {
    if (option.value == value) return true;
  }
  return false;
}

}  // namespace

FieldCheck check_field(const Field& field, const Json& raw, std::string_view default_country,
                       std::string_view locale) {
  bool empty = raw.is_null() || (raw.is_string() && text::trim(raw.get<std::string>()).empty()) ||
               (raw.is_array() && raw.empty());
  if (field.type == FieldType::kCheckbox && field.options.empty()) {
    bool ticked = false;
    if (!empty && !truthy(raw, ticked)) return fail("checkbox_invalid", locale);
    if (field.required && !ticked) return fail("required", locale);
    return pass(Json(ticked));
  }
  if (empty) return field.required ? fail("required", locale) : pass(Json());

  switch (field.type) {
    case FieldType::kEmail: {
      if (!raw.is_string()) return fail("email_invalid", locale);
      EmailCheck email = check_email(raw.get<std::string>());
      if (!email.valid) {
        FieldCheck out = fail(email.code, locale);
        out.suggestion = email.suggestion;
        return out;
      }
      FieldCheck out = pass(Json(email.normalized));
      out.suggestion = email.suggestion;
      out.disposable = email.disposable;
      return out;
    }
    case FieldType::kTel: {
      if (!raw.is_string()) return fail("phone_invalid", locale);
      PhoneCheck phone = normalize_phone(raw.get<std::string>(), default_country);
      return phone.valid ? pass(Json(phone.e164)) : fail(phone.code, locale);
    }
    case FieldType::kNumber: {
      auto value = milli_from_json(raw);
      if (!value) return fail("number_invalid", locale);
      if (field.min && *value < *field.min) return fail("too_small", locale);
      if (field.max && *value > *field.max) return fail("too_large", locale);
      return pass(Json(milli_to_json(*value)));
    }
    case FieldType::kSelect:
    case FieldType::kRadio: {
      auto value = clean_text(raw, false);
      if (!value || !is_option(field, *value)) return fail("option_invalid", locale);
      return pass(Json(*value));
    }
    case FieldType::kCheckbox: {  // with options: the ticked values, in the campaign's order
      if (!raw.is_array() && !raw.is_string()) return fail("option_invalid", locale);
      Json given = raw.is_array() ? raw : Json::array({raw});
      Json out = Json::array();
      for (const auto& option : field.options) {
        for (const auto& v : given) {
          if (v.is_string() && v.get_ref<const std::string&>() == option.value) {
            out.push_back(option.value);
            break;
          }
        }
      }
      if (out.size() != given.size()) return fail("option_invalid", locale);
      return pass(std::move(out));
    }
    case FieldType::kText:
    case FieldType::kTextarea:
    case FieldType::kHidden: {
      auto value = clean_text(raw, field.type == FieldType::kTextarea);
      if (!value) return fail("text_invalid", locale);
      if (value->empty()) return field.required ? fail("required", locale) : pass(Json());
      std::size_t length = text::length(*value);
      if (length > field.max_length) return fail("too_long", locale);
      if (field.min_length && length < *field.min_length) return fail("too_short", locale);
      return pass(Json(*value));
    }
  }
  return fail("text_invalid", locale);
}

}  // namespace magnete
