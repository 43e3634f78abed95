#pragma once
// The collector's routes as plain functions of a request (no sockets), so that tests can
// call them directly; server.cpp adapts them to cpp-httplib.
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "campaigns.hpp"
#include "config.hpp"
#include "magnete/time.hpp"
#include "store.hpp"

namespace magnete::collector {

struct Request {
  std::string body;
  std::string remote_addr;
  std::string authorization;  ///< the Authorization header
  std::map<std::string, std::string> query;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class Service {
 public:
  using Clock = std::function<TimeMs()>;
  Service(Config config, const CampaignRegistry& campaigns, Store& store, Clock clock);

  /// POST /v1/leads
  Response post_lead(const Request& request);
  /// GET /v1/leads?campaign=&stage=&status=&since=&until=&format=json|csv&limit=
  Response get_leads(const Request& request);
  /// GET /healthz
  Response healthz();

  const Config& config() const { return config_; }

 private:
  bool authorized(const Request& request) const;

  Config config_;
  const CampaignRegistry& campaigns_;
  Store& store_;
  Clock clock_;
};

/// A JSON error body: {"ok":false,"errors":[{"path":..., "message":...}]}.
Response error_response(int status, const std::string& path, const std::string& message);

}  // namespace magnete::collector
