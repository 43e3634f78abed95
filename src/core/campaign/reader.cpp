#include "campaign/reader.hpp"

#include <string>

#include "util/text.hpp"

namespace magnete::detail {

std::string join_path(const std::string& path, const std::string& key) {
  if (key.empty()) return path;
  return path.empty() ? key : path + "." + key;
}

std::string join_path(const std::string& path, const char* key) {
  return join_path(path, std::string(key));
}

std::string index_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > CampaignLimits::kMaxIdLength) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

void Reader::error(const std::string& path, const std::string& message) {
  // Stated limit on the report itself: a hostile file cannot make it grow without bound.
  constexpr std::size_t kMaxErrors = 200;
  if (errors_.size() < kMaxErrors) {
    errors_.push_back({path, message});
  } else if (errors_.size() == kMaxErrors) {
    errors_.push_back({"", "too many errors; the first 200 are listed"});
  }
}

void Reader::error(const std::string& path, const char* message) {
  error(path, std::string(message));
}

void Reader::invalid() { error(std::string(), std::string()); }

std::string ObjectReader::describe(const Json& value) { return text::describe(value); }

ObjectReader::ObjectReader(Reader& reader, const Json& value, std::string path,
                           std::initializer_list<const char*> known)
    : reader_(reader), value_(value), path_(std::move(path)) {
  if (!value_.is_object()) {
    reader_.error(path_, "expected an object, got " + describe(value_));
    ok_ = false;
    return;
  }
  std::vector<std::string> names(known.begin(), known.end());
  for (auto it = value_.begin(); it != value_.end(); ++it) {
    bool found = false;
    for (const auto& name : names) found = found || name == it.key();
    if (found) continue;
    std::string message = "unknown key";
    std::string suggestion = text::nearest(it.key(), names);
    if (!suggestion.empty()) message += "; did you mean \"" + suggestion + "\"?";
    reader_.error(join_path(path_, it.key()), message);
  }
}

const Json* ObjectReader::get(const std::string& key) const {
  if (!ok_) return nullptr;
  auto it = value_.find(key);
  // null is "not given": optional members may be written as null (the payload does).
  return it == value_.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::string> read_string(Reader& reader, const Json& value, const std::string& path,
                                       std::size_t max_length) {
  if (!value.is_string()) {
    reader.error(path, "expected a string, got " + text::describe(value));
    return std::nullopt;
  }
  const auto& s = value.get_ref<const std::string&>();
  if (!text::valid_utf8(s)) {
    reader.error(path, "expected UTF-8 text, got invalid bytes");
    return std::nullopt;
  }
  if (text::length(s) > max_length) {
    reader.error(path, "at most " + std::to_string(max_length) + " characters allowed, got " +
                           std::to_string(text::length(s)));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> ObjectReader::string(const std::string& key, bool required,
                                                std::size_t max_length) {
  const Json* value = get(key);
  if (value == nullptr) {
    if (required && ok_) error(key, "required, expected a string");
    return std::nullopt;
  }
  return read_string(reader_, *value, path(key), max_length);
}

std::optional<std::string> ObjectReader::identifier(const std::string& key, bool required) {
  const Json* value = get(key);
  if (value == nullptr) {
    if (required && ok_) error(key, "required, expected an identifier");
    return std::nullopt;
  }
  std::string s;
  if (value->is_string()) {
    s = value->get<std::string>();
  } else if (value->is_number_integer()) {
    s = value->dump();
  } else {
    error(key, "expected an identifier (a string), got " + describe(*value));
    return std::nullopt;
  }
  if (!is_identifier(s)) {
    error(key, "expected an identifier of 1 to 64 letters, digits, '_', '-', '.' or ':', got " +
                   describe(*value));
    return std::nullopt;
  }
  return s;
}

std::optional<bool> ObjectReader::boolean(const std::string& key) {
  const Json* value = get(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    error(key, "expected true or false, got " + describe(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<Milli> ObjectReader::number(const std::string& key, bool required, Milli min,
                                          Milli max) {
  const Json* value = get(key);
  if (value == nullptr) {
    if (required && ok_) error(key, "required, expected a number");
    return std::nullopt;
  }
  if (!value->is_number()) {
    error(key, "expected a number, got " + describe(*value));
    return std::nullopt;
  }
  auto milli = milli_from_json(*value);
  if (!milli || *milli < min || *milli > max) {
    error(key, "expected a number from " + milli_to_string(min) + " to " + milli_to_string(max) +
                   ", got " + describe(*value));
    return std::nullopt;
  }
  return milli;
}

std::optional<std::int64_t> ObjectReader::integer(const std::string& key, bool required,
                                                  std::int64_t min, std::int64_t max) {
  const Json* value = get(key);
  if (value == nullptr) {
    if (required && ok_) error(key, "required, expected an integer");
    return std::nullopt;
  }
  std::optional<std::int64_t> result;
  if (value->is_number_unsigned()) {
    auto u = value->get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(INT64_MAX)) result = static_cast<std::int64_t>(u);
  } else if (value->is_number_integer()) {
    result = value->get<std::int64_t>();
  } else if (value->is_number_float()) {
    double d = value->get<double>();
    if (d >= -9e15 && d <= 9e15 && static_cast<double>(static_cast<std::int64_t>(d)) == d) {
      result = static_cast<std::int64_t>(d);
    }
  }
  if (!result) {
    error(key, "expected an integer, got " + describe(*value));
    return std::nullopt;
  }
  if (*result < min || *result > max) {
    error(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                   ", got " + describe(*value));
    return std::nullopt;
  }
  return result;
}

LocalizedText ObjectReader::text(const std::string& key, bool required,
                                 const std::string& default_locale, std::size_t max_length) {
  LocalizedText out;
  const Json* value = get(key);
  if (value == nullptr) {
    if (required && ok_) error(key, "required, expected text or {\"<locale>\": text}");
    return out;
  }
  if (value->is_string()) {
    if (auto s = read_string(reader_, *value, path(key), max_length)) out[default_locale] = *s;
    return out;
  }
  if (!value->is_object()) {
    error(key, "expected text or {\"<locale>\": text}, got " + describe(*value));
    return out;
  }
  if (value->size() > CampaignLimits::kMaxLocales) {
    error(key, "at most " + std::to_string(CampaignLimits::kMaxLocales) + " locales allowed");
    return out;
  }
  for (auto it = value->begin(); it != value->end(); ++it) {
    const std::string& locale = it.key();
    bool locale_ok = locale.size() >= 2 && locale.size() <= 10;
    for (char c : locale) {
      locale_ok = locale_ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-');
    }
    if (!locale_ok) {
      reader_.error(join_path(path(key), locale),
                    "expected a locale code such as \"it\" or \"en-GB\"");
      continue;
    }
    if (auto s = read_string(reader_, *it, join_path(path(key), locale), max_length)) {
      out[locale] = *s;
    }
  }
  if (required && out.empty() && value->empty()) error(key, "expected at least one locale's text");
  return out;
}

}  // namespace magnete::detail
