#include <string>

#include "magnete/json.hpp"

namespace magnete {
namespace {

// Line and column (1-based, in bytes) of a byte offset.
std::string position(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Records the first syntax error; accepts everything else (the real parse comes after).
struct ErrorSax : nlohmann::json_sax<Json> {
  std::string message;
  std::size_t offset = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& ex) override {
    offset = at;
    message = ex.what();
    return false;
  }
};

}  // namespace

ParsedJson parse_json(std::string_view text, std::size_t max_depth) {
  ParsedJson out;
  // Depth first, by a byte scan: a deep document would otherwise cost stack in dump().
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\0') {  // never valid in JSON text, raw or in a string
      out.error = position(text, i) + ": invalid JSON, a NUL byte";
      return out;
    }
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        out.error = position(text, i) + ": nesting deeper than " + std::to_string(max_depth) +
                    " levels";
        return out;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  out.value = Json::parse(text, nullptr, false);
  if (!out.value.is_discarded()) return out;
  ErrorSax sax;
  Json::sax_parse(text, &sax);
  std::string what = sax.message;
  // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error
  // while parsing value - ..." -> keep what follows the position.
  auto colon = what.find(": ", what.find("column"));
  std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  // nlohmann quotes the last bytes read, which may be the ill-formed UTF-8 it refused: replace
  // them with U+FFFD so the message can itself travel as JSON (tests/fuzz, lead_fuzzer: a
  // lead `{"id":"\xC3("}` made assess_lead_json and `magnete score` throw while dumping it).
  Json clean = Json::parse(Json(detail).dump(-1, ' ', false, Json::error_handler_t::replace),
                           nullptr, false);
  if (clean.is_string()) detail = clean.get<std::string>();
  out.error = position(text, sax.offset > 0 ? sax.offset - 1 : 0) + ": invalid JSON, " + detail;
  out.value = Json();
  return out;
}

}  // namespace magnete
