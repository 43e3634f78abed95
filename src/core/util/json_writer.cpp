#include "util/json_writer.hpp"

#include "magnete/json.hpp"

namespace magnete::util {

void JsonWriter::comma() {
  if (!first_) out_ += ',';
  first_ = false;
}

JsonWriter& JsonWriter::open(char bracket) {
  comma();
  out_ += bracket;
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  out_ += bracket;
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(const char* name) {
  comma();
  out_ += '"';
  out_ += name;  // the core's own keys: nothing to escape
  out_ += "\":";
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(const OrderedJson& json) {
  return raw(json.dump(-1, ' ', false, OrderedJson::error_handler_t::replace));
}

JsonWriter& JsonWriter::str(std::string_view text) { return value(OrderedJson(std::string(text))); }

JsonWriter& JsonWriter::number(std::int64_t n) { return value(OrderedJson(n)); }

JsonWriter& JsonWriter::boolean(bool value) { return raw(value ? "true" : "false"); }

JsonWriter& JsonWriter::null() { return raw("null"); }

JsonWriter& JsonWriter::raw(std::string_view json) {
  comma();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& values) {
  open('[');
  for (const auto& value : values) str(value);
  return close(']');
}

JsonWriter& JsonWriter::member(std::string_view name) {
  str(name);
  out_ += ':';
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::object(const std::map<std::string, std::string>& members) {
  open('{');
  for (const auto& [name, text] : members) member(name).str(text);
  return close('}');
}

}  // namespace magnete::util
