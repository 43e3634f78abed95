#pragma once
// JSON text written in order, value by value: the answers the wasm modules build field by field
// (Session::status, the ready request). Writing text costs the modules far less code than
// building an OrderedJson to dump it (each initializer list and container conversion is code of
// its own: README, "Budgets"), and strings are escaped by nlohmann's serializer, so the bytes
// are those dump() writes.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/json.hpp"

namespace magnete::util {

class JsonWriter {
 public:
  /// `{` or `[`; `}` or `]`.
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  /// An object's key; its value follows.
  JsonWriter& key(const char* name);
  /// A key that is data (a field name, a question id): escaped.
  JsonWriter& member(std::string_view name);
  JsonWriter& str(std::string_view text);
  JsonWriter& number(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  /// A value already written as JSON text.
  JsonWriter& raw(std::string_view json);
  /// A JSON value, as dump() writes it (ill-formed UTF-8 replaced).
  JsonWriter& value(const OrderedJson& json);
  /// ["a", "b"]
  JsonWriter& strings(const std::vector<std::string>& values);
  /// {"k": "v", ...} in the map's order.
  JsonWriter& object(const std::map<std::string, std::string>& members);
  /// A string, or null when it is empty.
  JsonWriter& str_or_null(std::string_view text) { return text.empty() ? null() : str(text); }

  std::string& text() { return out_; }

 private:
  void comma();
  std::string out_;
  bool first_ = true;  // no comma before the next value
};

}  // namespace magnete::util
