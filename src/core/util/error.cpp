#include "magnete/error.hpp"

namespace magnete {

std::string to_string(const Error& error) {
  return error.path.empty() ? error.message : error.path + ": " + error.message;
}

OrderedJson to_json(const Error& error) {
  OrderedJson out = OrderedJson::object();
  out["path"] = error.path;
  out["message"] = error.message;
  return out;
}

OrderedJson to_json(const Errors& errors) {
  OrderedJson out = OrderedJson::array();
  for (const auto& error : errors) out.push_back(to_json(error));
  return out;
}

}  // namespace magnete
