#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "magnete/json.hpp"

namespace magnete {

/// One problem with an input, pointing at where it is: `scoring.engagement[3].points`, or line
/// 12 of a history file. A host that acts on a kind of problem reads its `code`, never the
/// message (which is for people, and may change).
struct Error {
  std::string path;      ///< dotted JSON path (or a row's column), empty for the whole input
  std::string message;   ///< what was expected, and what was found
  std::string code;      ///< a stable reason ("consent_required", "too_fast", ...), or empty
  std::size_t line = 0;  ///< the input's line (history files), 0 when the input has none
};
using Errors = std::vector<Error>;

/// "line 12: path: message", leaving out what the error does not have.
std::string to_string(const Error& error);
/// {"path", "message"}, then "code" and "line" when the error has them.
OrderedJson to_json(const Error& error);
OrderedJson to_json(const Errors& errors);

}  // namespace magnete
