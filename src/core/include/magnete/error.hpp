#pragma once
#include <string>
#include <vector>

#include "magnete/json.hpp"

namespace magnete {

/// One problem with an input, pointing at where it is: `scoring.engagement[3].points`.
struct Error {
  std::string path;     ///< dotted JSON path, `line 12`, or empty for the whole input
  std::string message;  ///< what was expected, and what was found
};
using Errors = std::vector<Error>;

/// "path: message", or just the message when the path is empty.
std::string to_string(const Error& error);
/// {"path": ..., "message": ...}
OrderedJson to_json(const Error& error);
OrderedJson to_json(const Errors& errors);

}  // namespace magnete
