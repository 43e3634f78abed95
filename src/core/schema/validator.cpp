#include "schema/validator.hpp"

#include <vector>

#include "util/text.hpp"

namespace magnete::schema {
namespace {

const Json kEmpty = Json::object();

#if MAGNETE_LEAN
// The lean build reports no path (campaign/reader.hpp), so it builds none.
template <class... Parts>
std::string index_path(const Parts&...) {
  return {};
}
template <class... Parts>
std::string join_path(const Parts&...) {
  return {};
}
#else
using detail::index_path;
using detail::join_path;
#endif

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

bool is_type(const Json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (!value.is_number_float()) return false;
    // A whole float (5.0) is an integer; the range check comes first, because casting a
    // double outside long long's range is undefined (tests/fuzz found 1e300).
    double d = value.get<double>();
    return d > -9e15 && d < 9e15 && d == static_cast<double>(static_cast<long long>(d));
  }
  if (type == "null") return value.is_null();
  return false;
}

bool type_matches(const Json& value, const Json& schema) {
  const Json* type = member(schema, "type");
  if (type == nullptr) {
    if (const Json* c = member(schema, "const")) return *c == value;
    return true;
  }
  if (type->is_string()) return is_type(value, type->get_ref<const std::string&>());
  for (const auto& t : *type) {
    if (t.is_string() && is_type(value, t.get_ref<const std::string&>())) return true;
  }
  return false;
}

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':';
}

bool identifier(const std::string& s) { return detail::is_identifier(s); }

bool letters(const std::string& s, std::size_t min, std::size_t max, bool dash) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (dash && c == '-'))) return false;
  }
  return true;
}

// Named formats: what each accepts, and how messages name it.
struct Format {
  const char* name;
  const char* description;  // "expected <description>, got ..."
  const char* short_name;   // "required, expected <short name>"
};
constexpr Format kFormats[] = {
    {"identifier", "an identifier of 1 to 64 letters, digits, '_', '-', '.' or ':'",
     "an identifier"},
    {"locale", "a locale code such as \"it\" or \"en-GB\"", "a locale code"},
    {"country", "an ISO 3166 country code such as \"IT\"", "a country code"},
    {"endpoint", "an http(s):// URL or a path starting with /", "an endpoint URL"},
    {"condition",
     "\"email\", \"phone\", \"quiz\", \"consent:<id>\", \"field:<name>\" or \"event:<type>\"",
     "a condition"},
    {"date-time", "an RFC 3339 time such as \"2026-11-22T09:30:00Z\"", "a time"},
};

const Format* find_format(const Json& schema) {
  const Json* f = member(schema, "format");
  if (f == nullptr || !f->is_string()) return nullptr;
  for (const auto& format : kFormats) {
    if (f->get_ref<const std::string&>() == format.name) return &format;
  }
  return nullptr;
}

bool format_ok(const char* name, const std::string& s) {
  std::string_view n(name);
  if (n == "identifier") return identifier(s);
  if (n == "locale") return letters(s, 2, 10, true);
  if (n == "country")
    return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
  if (n == "endpoint") {
    return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0 ||
           (s.size() > 1 && s[0] == '/' && s[1] != '/');
  }
  if (n == "condition") {
    if (s == "email" || s == "phone" || s == "quiz") return true;
    auto colon = s.find(':');
    if (colon == std::string::npos) return false;
    std::string kind = s.substr(0, colon), rest = s.substr(colon + 1);
    bool known = kind == "consent" || kind == "field" || kind == "event";
    bool name_ok = !rest.empty();
    for (char c : rest) name_ok = name_ok && is_identifier_char(c);
    return known && name_ok;
  }
  if (n == "date-time") return parse_time(s).has_value();
  return true;
}

[[maybe_unused]] std::string quoted_list(const Json& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i].dump();
  }
  return out;
}

// The schema's own message for a failed minProperties, maxProperties or anyOf, else `fallback`.
[[maybe_unused]] std::string x_message(const Json& schema, std::string fallback) {
  const Json* message = member(schema, "x-message");
  return message ? message->get<std::string>() : fallback;
}

// "expected \"a\", \"b\" or \"c\", got \"x\"; did you mean \"a\"?"
[[maybe_unused]] std::string not_in_enum(const Json& options, const Json& value) {
  std::string message = "expected " + quoted_list(options) + ", got " + text::describe(value);
  if (value.is_string()) {
    std::vector<std::string> names;
    for (const auto& option : options) {
      if (option.is_string()) names.push_back(option.get<std::string>());
    }
    std::string hint = text::nearest(value.get<std::string>(), names);
    if (!hint.empty()) message += "; did you mean \"" + hint + "\"?";
  }
  return message;
}

// "unknown key; did you mean \"scoring\"?", then the schema's word on any unknown key there
// (x-unknown), when it has one.
[[maybe_unused]] std::string unknown_key(const std::string& key, const Json& schema,
                                         const Json& properties) {
  std::vector<std::string> known;
  for (auto it = properties.begin(); it != properties.end(); ++it) known.push_back(it.key());
  std::string hint = text::nearest(key, known);
  std::string out = hint.empty() ? "unknown key" : "unknown key; did you mean \"" + hint + "\"?";
  const Json* why = member(schema, "x-unknown");
  return why ? out + " (" + why->get<std::string>() + ")" : out;
}

// "an integer from 1 to 10", "a number above 0", ...
[[maybe_unused]] std::string range_text(const Json& schema, const Json* min, const Json* max,
                                        const Json* above) {
  auto number = [](const Json& v) { return milli_to_string(milli_from_json(v).value_or(0)); };
  std::string what =
      member(schema, "type") && *member(schema, "type") == "integer" ? "an integer" : "a number";
  if (min && max) return what + " from " + number(*min) + " to " + number(*max);
  if (min) return what + " of at least " + number(*min);
  if (max) return what + " of at most " + number(*max);
  if (above) return what + " above " + number(*above);
  return "a number from -1000000000000 to 1000000000000";
}

}  // namespace

const Json& Validator::resolve(const Json& schema) const {
  const Json* s = &schema;
  // $ref chains are short; the bound guards against a cycle in a hand-edited schema.
  for (int hops = 0; hops < 8; ++hops) {
    const Json* ref = member(*s, "$ref");
    if (ref == nullptr || !ref->is_string()) return *s;
    const std::string& target = ref->get_ref<const std::string&>();
    const std::string prefix = "#/$defs/";
    const Json* defs = member(root_, "$defs");
    const Json* def = defs != nullptr && target.rfind(prefix, 0) == 0
                          ? member(*defs, target.substr(prefix.size()).c_str())
                          : nullptr;
    if (def == nullptr) return kEmpty;
    s = def;
  }
  return *s;
}

void Validator::validate_def(const Json& value, const char* name, detail::Reader& reader,
                             const std::string& path) const {
  const Json* defs = member(root_, "$defs");
  const Json* def = defs != nullptr ? member(*defs, name) : nullptr;
  check(value, def != nullptr ? *def : kEmpty, path, reader);
}

std::string Validator::expected(const Json& schema_in) const {
  const Json& schema = resolve(schema_in);
  if (const Json* x = member(schema, "x-expected"); x && x->is_string())
    return x->get<std::string>();
  if (const Format* f = find_format(schema)) return f->short_name;
  if (const Json* e = member(schema, "enum"); e && e->is_array()) return quoted_list(*e);
  const Json* type = member(schema, "type");
  auto name = [](const std::string& t) -> std::string {
    if (t == "object") return "an object";
    if (t == "array") return "an array";
    if (t == "string") return "a string";
    if (t == "integer") return "an integer";
    if (t == "number") return "a number";
    if (t == "boolean") return "true or false";
    return t;
  };
  if (type != nullptr && type->is_string()) return name(type->get<std::string>());
  if (type != nullptr && type->is_array()) {
    std::string out;
    for (std::size_t i = 0; i < type->size(); ++i) {
      out += (i == 0 ? "" : " or ") + name((*type)[i].get<std::string>());
    }
    return out;
  }
  return "a value";
}

void Validator::check(const Json& value, const Json& schema_in, const std::string& path,
                      detail::Reader& reader) const {
  const Json& schema = resolve(schema_in);
  if (const Json* one_of = member(schema, "oneOf")) {
    for (const auto& branch : *one_of) {
      if (type_matches(value, resolve(branch))) {
        check(value, branch, path, reader);
        return;
      }
    }
    MAGNETE_CAMPAIGN_ERROR(reader, path,
                           "expected " + expected(schema) + ", got " + text::describe(value));
    return;
  }
  if (!type_matches(value, schema)) {
    if (const Format* f = find_format(schema); f && value.is_string() == false) {
      MAGNETE_CAMPAIGN_ERROR(
          reader, path,
          "expected " + std::string(f->short_name) + " (a string), got " + text::describe(value));
    } else {
      MAGNETE_CAMPAIGN_ERROR(reader, path,
                             "expected " + expected(schema) + ", got " + text::describe(value));
    }
    return;
  }
  if (const Json* e = member(schema, "enum")) {
    bool found = false;
    for (const auto& option : *e) found = found || option == value;
    if (!found) {
      MAGNETE_CAMPAIGN_ERROR(reader, path, not_in_enum(*e, value));
      return;
    }
  }
  if (value.is_object()) {
    const Json& properties = member(schema, "properties") ? *member(schema, "properties") : kEmpty;
    const Json* additional = member(schema, "additionalProperties");
    const Json* names = member(schema, "propertyNames");
    for (auto it = value.begin(); it != value.end(); ++it) {
      std::string member_path = join_path(path, it.key());
      if (names != nullptr) {
        const Format* f = find_format(resolve(*names));
        if (f != nullptr && !format_ok(f->name, it.key())) {
          MAGNETE_CAMPAIGN_ERROR(reader, member_path, "expected " + std::string(f->description));
          continue;
        }
      }
      auto property = properties.find(it.key());
      if (property != properties.end()) {
        if (!it->is_null()) check(*it, *property, member_path, reader);  // null: not given
      } else if (additional != nullptr && additional->is_boolean() && !additional->get<bool>()) {
        MAGNETE_CAMPAIGN_ERROR(reader, member_path, unknown_key(it.key(), schema, properties));
      } else if (additional != nullptr && additional->is_object()) {
        check(*it, *additional, member_path, reader);
      }
    }
    if (const Json* required = member(schema, "required")) {
      for (const auto& name : *required) {
        const std::string& key = name.get_ref<const std::string&>();
        auto it = value.find(key);
        if (it == value.end() || it->is_null()) {
          MAGNETE_CAMPAIGN_ERROR(
              reader, join_path(path, key),
              "required, expected " +
                  (properties.contains(key) ? expected(properties[key]) : "a value"));
        }
      }
    }
    const Json* min_p = member(schema, "minProperties");
    const Json* max_p = member(schema, "maxProperties");
    if ((min_p && value.size() < min_p->get<std::size_t>()) ||
        (max_p && value.size() > max_p->get<std::size_t>())) {
      MAGNETE_CAMPAIGN_ERROR(
          reader, path,
          x_message(schema, "expected " + std::string(min_p ? "at least " + min_p->dump() : "") +
                                (min_p && max_p ? " and " : "") +
                                (max_p ? "at most " + max_p->dump() : "") + " members"));
    }
    if (const Json* any_of = member(schema, "anyOf")) {
      bool satisfied = false;
      for (const auto& branch : *any_of) {
        bool all = true;
        if (const Json* required = member(branch, "required")) {
          for (const auto& key : *required) {
            auto it = value.find(key.get<std::string>());
            all = all && it != value.end() && !it->is_null();
          }
        }
        satisfied = satisfied || all;
      }
      if (!satisfied)
        MAGNETE_CAMPAIGN_ERROR(reader, path, x_message(schema, "expected more members"));
    }
    return;
  }
  if (value.is_array()) {
    if (const Json* max = member(schema, "maxItems");
        max && value.size() > max->get<std::size_t>()) {
      MAGNETE_CAMPAIGN_ERROR(
          reader, path,
          "at most " + max->dump() + " items allowed, got " + std::to_string(value.size()));
      return;
    }
    if (const Json* min = member(schema, "minItems");
        min && value.size() < min->get<std::size_t>()) {
      MAGNETE_CAMPAIGN_ERROR(reader, path,
                             min->get<std::size_t>() == 1
                                 ? "expected at least one item"
                                 : "expected at least " + min->dump() + " items");
    }
    if (const Json* items = member(schema, "items")) {
      for (std::size_t i = 0; i < value.size(); ++i)
        check(value[i], *items, index_path(path, i), reader);
    }
    return;
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (const Format* f = find_format(schema); f && !format_ok(f->name, s)) {
      MAGNETE_CAMPAIGN_ERROR(
          reader, path,
          "expected " + std::string(f->description) + ", got " + text::describe(value));
      return;
    }
    std::size_t length = text::length(s);
    if (const Json* max = member(schema, "maxLength"); max && length > max->get<std::size_t>()) {
      MAGNETE_CAMPAIGN_ERROR(
          reader, path,
          "at most " + max->dump() + " characters allowed, got " + std::to_string(length));
    }
    if (const Json* min = member(schema, "minLength"); min && length < min->get<std::size_t>()) {
      MAGNETE_CAMPAIGN_ERROR(reader, path,
                             min->get<std::size_t>() == 1
                                 ? "expected a non-empty string"
                                 : "expected at least " + min->dump() + " characters");
    }
    return;
  }
  if (value.is_number()) {
    auto number = milli_from_json(value);
    const Json* min = member(schema, "minimum");
    const Json* max = member(schema, "maximum");
    const Json* above = member(schema, "exclusiveMinimum");
    bool bad = !number;
    if (number && min) bad = bad || *number < milli_from_json(*min).value_or(0);
    if (number && max) bad = bad || *number > milli_from_json(*max).value_or(0);
    if (number && above) bad = bad || *number <= milli_from_json(*above).value_or(0);
    if (bad) {
      if (const Json* x = member(schema, "x-expected"); x && x->is_string()) {
        MAGNETE_CAMPAIGN_ERROR(
            reader, path, "expected " + x->get<std::string>() + ", got " + text::describe(value));
        return;
      }
      MAGNETE_CAMPAIGN_ERROR(
          reader, path,
          "expected " + range_text(schema, min, max, above) + ", got " + text::describe(value));
    }
  }
}

}  // namespace magnete::schema
