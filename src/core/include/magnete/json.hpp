#pragma once
/// The JSON type the core speaks: nlohmann's ordered_json, for input and output alike. Objects
/// keep their keys in document (or insertion) order, so output bytes are fixed by the code;
/// one type, not two, keeps the wasm build one JSON implementation smaller.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace magnete {
using Json = nlohmann::ordered_json;
using OrderedJson = Json;

/// Nesting limit for every JSON input: deeper documents are refused before parsing.
inline constexpr std::size_t kMaxJsonDepth = 64;

struct ParsedJson {
  Json value;
  std::string error;  ///< empty on success, else "line 3, column 7: <what was expected>"
  bool ok() const { return error.empty(); }
};

/// Parses JSON text without exceptions; syntax errors name the line and column.
ParsedJson parse_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

/// Compact JSON with object keys sorted at every level: the same text for the same value,
/// whatever order the keys came in (model fingerprints, comparing assessments).
std::string canonical_dump(const Json& value);
}  // namespace magnete
