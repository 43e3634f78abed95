#include <set>
#include <string>

#include "magnete/json.hpp"
#include "util/text.hpp"

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

// Builds the document and records the first syntax error: one parser instantiation does
// both jobs (a second, error-only pass would cost the wasm build a second parser).
class DomSax {
 public:
  explicit DomSax(Json& root) : dom_(root, false) {}
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) {
    return dom_.number_float(v, s);
  }
  bool string(Json::string_t& v) { return dom_.string(v); }
  bool binary(Json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return dom_.start_object(n); }
  bool key(Json::string_t& v) { return dom_.key(v); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t n) { return dom_.start_array(n); }
  bool end_array() { return dom_.end_array(); }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& ex) {
    offset = at;
    message = ex.what();
    return false;
  }

  std::string message;
  std::size_t offset = 0;

 private:
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
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
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        out.error =
            position(text, i) + ": nesting deeper than " + std::to_string(max_depth) + " levels";
        return out;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  DomSax sax(out.value);
  if (Json::sax_parse(text, &sax) && sax.message.empty()) return out;
  std::string what = sax.message;
  // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error
  // while parsing value - ..." -> keep what follows the position.
  auto colon = what.find(": ", what.find("column"));
  std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  // nlohmann quotes the last bytes read, which may be the ill-formed UTF-8 it refused: replace
  // them with U+FFFD so the message can itself travel as JSON (tests/fuzz, lead_fuzzer: a
  // lead `{"id":"\xC3("}` made assess_lead_json and `magnete score` throw while dumping it).
  detail = text::to_valid_utf8(detail);
  out.error = position(text, sax.offset > 0 ? sax.offset - 1 : 0) + ": invalid JSON, " + detail;
  out.value = Json();
  return out;
}

std::string canonical_dump(const Json& value) {
  if (value.is_object()) {
    // A std::set<std::string> orders the keys: the campaign parser has that type already,
    // where a std::sort of its own would cost the wasm build ~0.6 KB (gzip).
    std::set<std::string> keys;
    for (auto it = value.begin(); it != value.end(); ++it) keys.insert(it.key());
    std::string out = "{";
    for (const std::string& key : keys) {
      if (out.size() > 1) out += ',';
      out += Json(key).dump(-1, ' ', false, Json::error_handler_t::replace);
      out += ':';
      out += canonical_dump(value.find(key).value());
    }
    return out + "}";
  }
  if (value.is_array()) {
    std::string out = "[";
    for (const auto& element : value) {
      if (out.size() > 1) out += ',';
      out += canonical_dump(element);
    }
    return out + "]";
  }
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace magnete
