#pragma once
/// The JSON types the core speaks. `Json` (sorted keys) for input, `OrderedJson` (insertion
/// order) for everything the core writes, so output bytes are fixed by the code, not by a map.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace magnete {
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

/// Nesting limit for every JSON input: deeper documents are refused before parsing.
inline constexpr std::size_t kMaxJsonDepth = 64;

struct ParsedJson {
  Json value;
  std::string error;  ///< empty on success, else "line 3, column 7: <what was expected>"
  bool ok() const { return error.empty(); }
};

/// Parses JSON text without exceptions; syntax errors name the line and column.
ParsedJson parse_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);
}  // namespace magnete
