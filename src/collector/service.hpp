#pragma once
// The collector's routes as plain functions of a request (no sockets), so that tests can
// call them directly; server.cpp adapts them to cpp-httplib.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "campaigns.hpp"
#include "config.hpp"
#include "daily_quota.hpp"
#include "magnete/lead.hpp"
#include "magnete/time.hpp"
#include "rate_limit.hpp"
#include "store.hpp"

namespace magnete::collector {

struct Request {
  std::string body;
  std::string remote_addr;
  std::string authorization;  ///< the Authorization header
  std::string origin;         ///< the Origin header (browsers send it on POST)
  std::string host;           ///< the Host header, for same-origin requests
  std::string referer;        ///< the Referer header: the page a form was posted from
  /// Every X-Forwarded-For and Forwarded header, joined with commas: read only when the
  /// peer is a trusted proxy (Config::trusted_proxies).
  std::string x_forwarded_for, forwarded;
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

  /// POST /v1/leads (CORS: the campaign's allowed origins, the configured ones, same origin)
  Response post_lead(const Request& request);
  /// OPTIONS /v1/leads: the CORS preflight
  Response preflight(const Request& request);
  /// GET /v1/stats?campaign=&since=&until=: funnel, bands, scores, variants, sources
  Response stats(const Request& request);
  /// GET /v1/leads?campaign=&stage=&status=&since=&until=&format=json|csv&limit=
  Response get_leads(const Request& request);
  /// GET /healthz: the store's backend, lead count and outbox entries per status
  Response healthz();
  /// GET /v1/outbox?campaign=&status=pending|sent|dead&destination=&limit=: the forwarding
  /// outbox, newest first, with counts per status (token required)
  Response get_outbox(const Request& request);
  /// POST /v1/outbox/replay?campaign=: dead letters back to pending, sent again by the
  /// forwarder (token required): {"ok":true,"replayed":N}
  Response replay_outbox(const Request& request);
  /// POST /v1/forms/<campaign id>: the pre-rendered form posted without script
  /// (application/x-www-form-urlencoded; see src/collector/forms.cpp): 303 to the campaign's
  /// asset or thank-you page, or 400 with the form back, filled, with the core's messages.
  Response post_form(const std::string& campaign_id, const Request& request);
  /// GET /v1/forms/<campaign id>/thanks?version=&locale=&variant=: the campaign's success text.
  Response form_thanks(const std::string& campaign_id, const Request& request);

  const Config& config() const { return config_; }

  /// The client's address: the peer's, or behind a trusted proxy the one it names
  /// (client_address.hpp). Rate limits and the failed-authentication throttle key on it.
  std::string client_of(const Request& request) const;

  /// Failed authentications a client address may make per minute (in a burst of as many);
  /// beyond, every attempt from it, right or wrong, is answered 429 until one is allowed again.
  static constexpr std::int64_t kAuthFailuresPerMinute = 10;

 private:
  bool authorized(const Request& request) const;
  Response* unauthorized(const Request& request, Response& out);
  Response handle_post(const Request& request);
  bool origin_allowed(const Request& request, const Campaign* campaign) const;
  Response form_errors(const Campaign& campaign,
                       const std::vector<std::pair<std::string, std::string>>& pairs,
                       const Errors& errors, const std::string& locale, const std::string& variant,
                       const std::string& page) const;
  void add_cors(const Request& request, Response& response) const;

  Config config_;
  const CampaignRegistry& campaigns_;
  Store& store_;
  Clock clock_;
  RateLimiter limiter_;
  RateLimiter auth_failures_{kAuthFailuresPerMinute};
  DailyQuota quota_;
  std::set<std::string> origins_;  ///< configured plus every campaign's allowed origins
};

/// A JSON error body: {"ok":false,"errors":[{"path":..., "message":...}]}.
Response error_response(int status, const std::string& path, const std::string& message);

/// One CSV cell as the export writes it (RFC 4180 quoting), defused for spreadsheets (OWASP
/// CSV injection): a formula character (= + - @, TAB, CR) that begins the cell or follows a
/// character a spreadsheet may split on (';' in locales whose list separator it is, TAB, CR,
/// LF), spaces between allowed, gets a "'" before it, so every piece reads as text.
std::string csv_cell(const std::string& value);

/// A stored score as the export and the stats read it: rows of databases from before the
/// collector scored every lead itself may hold a client's figure, any double. Clamped to
/// +-1e12 points (NaN: 0), so that integer conversions stay defined.
double clamped_score(double score);

/// utm_source, else the referrer's host, else "direct": where a lead came from, for the stats.
std::string lead_source(const Json& attribution);
/// The consent proof stored with a lead: [{"id","granted","text","version","locale","at"}].
std::string consents_json(const Lead& lead);

}  // namespace magnete::collector
