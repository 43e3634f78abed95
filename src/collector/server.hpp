#pragma once
// cpp-httplib adapter: routes, static files, limits.
#include <memory>
#include <string_view>

#include "service.hpp"

namespace httplib {
class Server;
}

namespace magnete::collector {

/// Whether an Accept-Encoding value (RFC 9110 12.5.3) admits a content coding ("gzip", "br"):
/// the coding (for gzip also "x-gzip") or "*" listed with a q-value above zero; refusing it by
/// name ("gzip;q=0") wins over "*".
bool accepts_encoding(std::string_view accept_encoding, std::string_view coding);

/// A configured httplib server for the service (not yet listening).
std::unique_ptr<httplib::Server> make_server(Service& service);

}  // namespace magnete::collector
