#include "magnete/error.hpp"

namespace magnete {

std::string to_string(const Error& error) {
  std::string out = error.line == 0 ? "" : "line " + std::to_string(error.line) + ": ";
  if (!error.path.empty()) out += error.path + ": ";
  return out + error.message;
}

OrderedJson to_json(const Error& error) {
  OrderedJson out = OrderedJson::object();
  out["path"] = error.path;
  out["message"] = error.message;
  if (!error.code.empty()) out["code"] = error.code;
  if (error.line != 0) out["line"] = error.line;
  return out;
}

OrderedJson to_json(const Errors& errors) {
  OrderedJson out = OrderedJson::array();
  for (const auto& error : errors) out.push_back(to_json(error));
  return out;
}

}  // namespace magnete
