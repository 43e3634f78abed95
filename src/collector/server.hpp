#pragma once
// cpp-httplib adapter: routes, static files, limits.
#include <memory>

#include "service.hpp"

namespace httplib {
class Server;
}

namespace magnete::collector {

/// A configured httplib server for the service (not yet listening).
std::unique_ptr<httplib::Server> make_server(Service& service);

}  // namespace magnete::collector
