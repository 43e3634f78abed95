#pragma once
// A small checked reader over nlohmann::json that records every problem with its path and
// never throws (the wasm build has no exceptions). Used by the campaign and lead parsers.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "magnete/campaign.hpp"
#include "magnete/error.hpp"
#include "magnete/fixed.hpp"
#include "magnete/json.hpp"

// MAGNETE_LEAN builds the campaign checks of the lean wasm module (wasm/CMakeLists.txt): every
// check is made, but an error only records that the campaign is invalid; its path and message
// are never built (they are arguments of the macro below). The lean module then defers the
// campaign to the full one, which says what is wrong. Elsewhere MAGNETE_LEAN is 0.
#ifndef MAGNETE_LEAN
#define MAGNETE_LEAN 0
#endif
#if MAGNETE_LEAN
#define MAGNETE_CAMPAIGN_ERROR(reader, path, message) (reader).invalid()
#else
#define MAGNETE_CAMPAIGN_ERROR(reader, path, message) (reader).error(path, message)
#endif

namespace magnete::detail {

std::string join_path(const std::string& path, const std::string& key);
// Overloads for literals: the std::string is made once, here, not at every call site (wasm size).
std::string join_path(const std::string& path, const char* key);
std::string index_path(const std::string& path, std::size_t index);

/// Identifiers: letters, digits, '_', '-', '.', ':'; 1..64 characters.
bool is_identifier(const std::string& s);

class Reader {
 public:
  explicit Reader(Errors& errors) : errors_(errors) {}
  void error(const std::string& path, const std::string& message);
  void error(const std::string& path, const char* message);
  /// An error without its path or message (MAGNETE_CAMPAIGN_ERROR in the lean build).
  void invalid();
  Errors& errors() { return errors_; }

 private:
  Errors& errors_;
};

/// Reads the members of one JSON object; unknown members are errors with a suggestion.
class ObjectReader {
 public:
  ObjectReader(Reader& reader, const Json& value, std::string path,
               std::initializer_list<const char*> known);

  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }
  std::string path(const std::string& key) const { return join_path(path_, key); }
  const Json* get(const std::string& key) const;
  bool has(const std::string& key) const { return get(key) != nullptr; }
  void error(const std::string& key, const std::string& message) {
    reader_.error(path(key), message);
  }

  std::optional<std::string> string(const std::string& key, bool required,
                                    std::size_t max_length = CampaignLimits::kMaxLabelLength);
  /// An identifier (see is_identifier); a number is accepted and turned into text.
  std::optional<std::string> identifier(const std::string& key, bool required);
  std::optional<bool> boolean(const std::string& key);
  std::optional<Milli> number(const std::string& key, bool required, Milli min = -kMaxMilli,
                              Milli max = kMaxMilli);
  std::optional<std::int64_t> integer(const std::string& key, bool required,
                                      std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  /// A string (the default locale's text) or {"it": "...", "en": "..."}.
  LocalizedText text(const std::string& key, bool required, const std::string& default_locale,
                     std::size_t max_length = CampaignLimits::kMaxLabelLength);
  /// An array; calls each(element, element_path) for every element up to max_items.
  template <class Each>
  void array(const std::string& key, bool required, std::size_t max_items, Each each) {
    const Json* value = get(key);
    if (value == nullptr) {
      if (required) error(key, "required, expected an array");
      return;
    }
    if (!value->is_array()) {
      error(key, "expected an array, got " + describe(*value));
      return;
    }
    if (value->size() > max_items) {
      error(key, "at most " + std::to_string(max_items) + " items allowed, got " +
                     std::to_string(value->size()));
      return;
    }
    for (std::size_t i = 0; i < value->size(); ++i) each((*value)[i], index_path(path(key), i));
  }

 private:
  static std::string describe(const Json& value);
  Reader& reader_;
  const Json& value_;
  std::string path_;
  bool ok_ = true;
};

/// A string value checked for type, UTF-8 and length; records an error otherwise.
std::optional<std::string> read_string(Reader& reader, const Json& value, const std::string& path,
                                       std::size_t max_length);

}  // namespace magnete::detail
