#include "server.hpp"

#include <httplib.h>

#include "dashboard.hpp"

namespace magnete::collector {
namespace {

Request to_request(const httplib::Request& req) {
  Request out;
  out.body = req.body;
  out.remote_addr = req.remote_addr;
  out.authorization = req.get_header_value("Authorization");
  out.origin = req.get_header_value("Origin");
  out.host = req.get_header_value("Host");
  for (const auto& [key, value] : req.params) out.query[key] = value;
  return out;
}

void send(httplib::Response& res, const Response& response) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  res.set_header("Cache-Control", "no-store");
  res.set_content(response.body, response.content_type.c_str());
}

}  // namespace

std::unique_ptr<httplib::Server> make_server(Service& service) {
  auto server = std::make_unique<httplib::Server>();
  const Config& config = service.config();
  // One byte more than allowed reaches the handler, which answers 413 with a JSON body.
  server->set_payload_max_length(config.max_body_bytes + 1);
  // Headers and body go out as two writes: with Nagle's algorithm the body waits for the
  // client's delayed ACK, 40 ms per answer on a kept-alive connection (tests/bench/load.sh, 4
  // connections: 150 leads/s, p50 42 ms without this; 2,361 leads/s, p50 1.6 ms with it).
  server->set_tcp_nodelay(true);
  for (const auto& [ext, type] : std::initializer_list<std::pair<const char*, const char*>>{
           {"wasm", "application/wasm"}, {"mjs", "text/javascript"}, {"js", "text/javascript"},
           {"css", "text/css"}, {"json", "application/json"}, {"svg", "image/svg+xml"},
           {"html", "text/html; charset=utf-8"}, {"pdf", "application/pdf"}}) {
    server->set_file_extension_and_mimetype_mapping(ext, type);
  }
  server->Get("/healthz", [&service](const httplib::Request&, httplib::Response& res) {
    send(res, service.healthz());
  });
  server->Post("/v1/leads", [&service](const httplib::Request& req, httplib::Response& res) {
    send(res, service.post_lead(to_request(req)));
  });
  server->Options("/v1/leads", [&service](const httplib::Request& req, httplib::Response& res) {
    send(res, service.preflight(to_request(req)));
  });
  server->Get("/v1/leads", [&service](const httplib::Request& req, httplib::Response& res) {
    send(res, service.get_leads(to_request(req)));
  });
  server->Get("/v1/stats", [&service](const httplib::Request& req, httplib::Response& res) {
    send(res, service.stats(to_request(req)));
  });
  // The dashboard: static files compiled in; every figure comes from the token-protected API.
  server->Get("/dashboard", [](const httplib::Request&, httplib::Response& res) {
    res.status = 301;
    res.set_header("Location", "/dashboard/");
  });
  server->Get(R"(/dashboard/([a-z.]*))", [](const httplib::Request& req, httplib::Response& res) {
    std::string name = req.matches[1].str();
    const DashboardFile* file = dashboard_file(name.empty() ? "index.html" : name);
    if (file == nullptr) {
      send(res, error_response(404, "", "not found"));
      return;
    }
    res.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(file->content.data(), file->content.size(), file->type);
  });
  server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 413) {
      res.set_content(error_response(413, "", "the body is larger than 64 KB").body, "application/json");
    } else if (res.body.empty()) {
      res.set_content(error_response(res.status, "", "not found").body, "application/json");
    }
  });
  if (!config.web_dir.empty()) server->set_mount_point("/dist", config.web_dir);
  if (!config.static_dir.empty()) server->set_mount_point("/", config.static_dir);
  return server;
}

}  // namespace magnete::collector
