#include "server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>

#include "connections.hpp"
#include "dashboard.hpp"
#include "form_page.hpp"
#include "magnete/form.hpp"
#include "static_files.hpp"

namespace magnete::collector {

bool accepts_encoding(std::string_view header, std::string_view wanted) {
  // "Gzip ; Q=0.5" -> "gzip;q=0.5"
  auto squeeze = [](std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
      if (!std::isspace(c)) out += static_cast<char>(std::tolower(c));
    }
    return out;
  };
  bool named = false, by_name = false, by_star = false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string item = squeeze(header.substr(0, comma));
    header.remove_prefix(comma == std::string_view::npos ? header.size() : comma + 1);
    const std::string coding = item.substr(0, item.find(';'));
    // A q-value of 0 (or 0.0, 0.000) refuses; read without strtod, whose decimal point is the
    // locale's.
    bool positive = true;
    if (const auto q = item.find(";q="); q != std::string::npos) {
      const auto value = item.substr(q + 3, item.find(';', q + 3) - (q + 3));
      positive = value.find_first_not_of("0.") != std::string::npos;
    }
    if (coding == wanted || (wanted == "gzip" && coding == "x-gzip")) {
      named = true;
      by_name = positive;
    } else if (coding == "*") {
      by_star = positive;
    }
  }
  return named ? by_name : by_star;
}

namespace {

// Every instance of a header, joined with commas, in order (RFC 9110 5.3).
std::string all_values(const httplib::Request& req, const char* name) {
  std::string out;
  for (std::size_t i = 0, n = req.get_header_value_count(name); i < n; ++i) {
    if (i > 0) out += ", ";
    out += req.get_header_value(name, i);
  }
  return out;
}

Request to_request(const httplib::Request& req) {
  Request out;
  out.body = req.body;
  out.remote_addr = req.remote_addr;
  out.x_forwarded_for = all_values(req, "X-Forwarded-For");
  out.forwarded = all_values(req, "Forwarded");
  out.authorization = req.get_header_value("Authorization");
  out.origin = req.get_header_value("Origin");
  out.host = req.get_header_value("Host");
  out.referer = req.get_header_value("Referer");
  for (const auto& [key, value] : req.params) out.query[key] = value;
  return out;
}

void send(httplib::Response& res, const Response& response) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  res.set_header("Cache-Control", "no-store");
  res.set_content(response.body, response.content_type.c_str());
}

// Where the widget's files (config.web_dir) are served.
constexpr std::string_view kDistPrefix = "/dist/";
// Where forms posted without script go; a browser shows what they answer.
constexpr std::string_view kFormsPrefix = "/v1/forms/";

constexpr std::pair<const char*, const char*> kMimeTypes[] = {{"wasm", "application/wasm"},
                                                              {"mjs", "text/javascript"},
                                                              {"js", "text/javascript"},
                                                              {"css", "text/css"},
                                                              {"json", "application/json"},
                                                              {"svg", "image/svg+xml"},
                                                              {"html", "text/html; charset=utf-8"},
                                                              {"pdf", "application/pdf"}};

const char* mime_type(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  for (const auto& [ext, type] : kMimeTypes) {
    if (name.substr(dot + 1) == ext) return type;
  }
  return nullptr;
}

/// The widget's files as the build ships them: beside `<name>` it leaves `<name>.br` (brotli
/// 11) and `<name>.gz` (zopfli, a few KB smaller than gzip on the fly). The best one the client
/// accepts, if not older than `<name>`, is the answer. Otherwise the mount point serves the
/// file (and httplib compresses text on the fly).
bool serve_precompressed(const std::string& web_dir, const httplib::Request& req,
                         httplib::Response& res) {
  namespace fs = std::filesystem;
  if ((req.method != "GET" && req.method != "HEAD") || req.path.rfind(kDistPrefix, 0) != 0 ||
      req.has_header("Range")) {
    return false;
  }
  const std::string name = req.path.substr(kDistPrefix.size());
  const bool plain = !name.empty() && name.front() != '.' &&
                     std::all_of(name.begin(), name.end(), [](unsigned char c) {
                       return std::isalnum(c) || c == '.' || c == '-' || c == '_';
                     });
  const char* type = plain ? mime_type(name) : nullptr;
  if (type == nullptr) return false;
  const std::string accept = req.get_header_value("Accept-Encoding");
  for (const auto& [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    if (!accepts_encoding(accept, coding)) continue;
    const fs::path packed = fs::path(web_dir) / (name + suffix);
    std::error_code ec;
    const auto packed_time = fs::last_write_time(packed, ec);
    if (ec || packed_time < fs::last_write_time(fs::path(web_dir) / name, ec) || ec) continue;
    std::ifstream in(packed, std::ios::binary);
    auto body = std::make_shared<std::string>(std::istreambuf_iterator<char>(in),
                                              std::istreambuf_iterator<char>());
    if (in.bad()) continue;
    res.status = 200;
    res.set_header("Content-Encoding", coding);
    // A content provider of known length is written as is: httplib does not compress it again.
    res.set_content_provider(body->size(), type,
                             [body](size_t offset, size_t length, httplib::DataSink& sink) {
                               sink.write(body->data() + offset, length);
                               return true;
                             });
    return true;
  }
  return false;
}

// A request with a body but no Content-Length (and not chunked): cpp-httplib would read its
// body until the client closes, which a client waiting for its answer never does, and answer
// "not found" when the read timed out. HTTP/1.1 says such a request has no body (RFC 9112
// 6.3); whatever follows is not read, so the connection is closed after the answer.
bool length_missing(const httplib::Request& req, httplib::Response& res) {
  if (req.method != "POST" && req.method != "PUT" && req.method != "PATCH" &&
      req.method != "DELETE") {
    return false;
  }
  if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) return false;
  CollectorServer::close_after_this_request();
  res.status = 400;
  res.set_header("Connection", "close");
  const std::string message =
      "required: a " + req.method +
      " must say its body's length (or be sent with Transfer-Encoding: chunked)";
  if (req.path.rfind(kFormsPrefix, 0) == 0) {
    const std::string heading = "Content-Length " + message;
    res.set_content(html_page("en", heading, "", message_body(heading, {})),
                    "text/html; charset=utf-8");
  } else {
    res.set_content(error_response(400, "Content-Length", message).body, "application/json");
  }
  return true;
}

// A GET of the served folders that must not be answered with a file (static_files.hpp): 404.
bool refused_file(const Config& config, const httplib::Request& req, httplib::Response& res) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  // The routes' own paths are not files.
  for (std::string_view route : {"/v1/", "/healthz", "/dashboard"}) {
    if (req.path.rfind(route, 0) == 0) return false;
  }
  std::string root;
  std::string_view relative = req.path;
  if (!config.web_dir.empty() && req.path.rfind(kDistPrefix, 0) == 0) {
    root = config.web_dir;
    relative.remove_prefix(kDistPrefix.size());
  } else if (!config.static_dir.empty() && !req.path.empty() && req.path[0] == '/') {
    root = config.static_dir;
    relative.remove_prefix(1);
  } else {
    return false;
  }
  if (servable(root, relative)) return false;
  res.status = 404;
  return true;
}

}  // namespace

std::unique_ptr<httplib::Server> make_server(Service& service) {
  const Config& config = service.config();
  // Deadlines per request, short keep-alive, a thread per connection up to a cap, no
  // SO_REUSEPORT: connections.hpp. TCP_NODELAY is set there on every connection.
  auto server = std::make_unique<CollectorServer>(config);
  // One byte more than allowed reaches the handler, which answers 413 with a JSON body.
  server->set_payload_max_length(config.max_body_bytes + 1);
  // Headers and body go out as two writes: with Nagle's algorithm the body waits for the
  // client's delayed ACK, 40 ms per answer on a kept-alive connection (tests/bench/load.sh, 4
  // connections: 150 leads/s, p50 42 ms without this; 2,361 leads/s, p50 1.6 ms with it).
  server->set_tcp_nodelay(true);
  for (const auto& [ext, type] : kMimeTypes)
    server->set_file_extension_and_mimetype_mapping(ext, type);
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
  server->Get("/v1/outbox", [&service](const httplib::Request& req, httplib::Response& res) {
    send(res, service.get_outbox(to_request(req)));
  });
  server->Post("/v1/outbox/replay",
               [&service](const httplib::Request& req, httplib::Response& res) {
                 send(res, service.replay_outbox(to_request(req)));
               });
  // The pre-rendered form, posted without script; campaign ids are identifiers.
  server->Post(R"(/v1/forms/([A-Za-z0-9_.:-]{1,64}))",
               [&service](const httplib::Request& req, httplib::Response& res) {
                 send(res, service.post_form(req.matches[1].str(), to_request(req)));
               });
  server->Get(R"(/v1/forms/([A-Za-z0-9_.:-]{1,64})/thanks)",
              [&service](const httplib::Request& req, httplib::Response& res) {
                send(res, service.form_thanks(req.matches[1].str(), to_request(req)));
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
    // frame-ancestors: no page may frame the dashboard (clickjacking its token prompt).
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    res.set_content(file->content.data(), file->content.size(), file->type);
  });
  server->set_error_handler([timeout_s = config.request_timeout_ms / 1000](
                                const httplib::Request& req, httplib::Response& res) {
    if (CollectorServer::request_timed_out()) {
      // The request's headers or body did not all arrive in time: 408, and the connection closes.
      res.status = 408;
      res.set_header("Connection", "close");
      const std::string message =
          "the request did not arrive within " + std::to_string(timeout_s) + " s";
      if (req.path.rfind(kFormsPrefix, 0) == 0) {
        res.set_content(html_page("en", message, "", message_body(message, {})),
                        "text/html; charset=utf-8");
      } else {
        res.set_content(error_response(408, "", message).body, "application/json");
      }
      return;
    }
    if (req.path.rfind(kFormsPrefix, 0) == 0) {
      // A browser is showing it: a page (the route's own, or one in the words of the form pages).
      if (!res.body.empty()) return;
      const std::string heading =
          form_message(res.status == 413 ? "form_too_large" : "form_unavailable", "en");
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_content(html_page("en", heading, "", message_body(heading, {})),
                      "text/html; charset=utf-8");
    } else if (res.status == 413) {
      res.set_content(error_response(413, "", "the body is larger than 64 KB").body,
                      "application/json");
    } else if (res.body.empty()) {
      // What cpp-httplib refuses itself: a malformed request line or header (400), a target
      // too long (414), a body it could not read (400).
      const char* message = res.status == 404   ? "not found"
                            : res.status == 414 ? "the request target is longer than 8,192 bytes"
                            : res.status == 405 ? "method not allowed"
                                                : "malformed request";
      res.set_content(error_response(res.status, "", message).body, "application/json");
    }
  });
  server->set_pre_routing_handler([&config](const httplib::Request& req, httplib::Response& res) {
    const bool handled = length_missing(req, res) || refused_file(config, req, res) ||
                         (!config.web_dir.empty() && serve_precompressed(config.web_dir, req, res));
    return handled ? httplib::Server::HandlerResponse::Handled
                   : httplib::Server::HandlerResponse::Unhandled;
  });
  server->set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    // No answer is to be sniffed as another type than it says (a JSON error as HTML, a lead's
    // text as script).
    if (!res.has_header("X-Content-Type-Options"))
      res.set_header("X-Content-Type-Options", "nosniff");
    // The same URL answers gzip or plain bytes: caches must key on Accept-Encoding.
    if (req.path.rfind(kDistPrefix, 0) == 0 && !res.has_header("Vary")) {
      res.set_header("Vary", "Accept-Encoding");
    }
  });
  if (!config.web_dir.empty()) server->set_mount_point(std::string(kDistPrefix), config.web_dir);
  if (!config.static_dir.empty()) server->set_mount_point("/", config.static_dir);
  return server;
}

}  // namespace magnete::collector
