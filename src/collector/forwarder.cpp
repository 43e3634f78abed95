#include "forwarder.hpp"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <utility>

#include "url.hpp"

namespace magnete::collector {
namespace {

constexpr std::size_t kMaxErrorBody = 200;  // of a refusal's body, kept in last_error

bool is_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Backoff ceiling for attempt n: base * 2^(n-1), at most cap (no overflow for any n).
TimeMs backoff_ceiling(const RetryPolicy& policy, std::int64_t attempt) {
  TimeMs ceiling = std::max<TimeMs>(policy.base_ms, 0);
  for (std::int64_t i = 1; i < attempt && ceiling < policy.cap_ms; ++i) ceiling *= 2;
  return std::min(ceiling, policy.cap_ms);
}

std::string describe(const SendResult& result) {
  return result.http_status == 0 ? result.error
                                 : "HTTP " + std::to_string(result.http_status) +
                                       (result.error.empty() ? "" : ": " + result.error);
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

std::atomic<std::uint64_t> forwarder_count{0};

}  // namespace

std::vector<OutboxEntry> outbox_entries(const Campaign& campaign, const Lead& lead,
                                        const Assessment& server_assessment, TimeMs now) {
  std::vector<OutboxEntry> out;
  for (const auto& request : forward_requests(campaign, lead, server_assessment)) {
    OutboxEntry entry;
    entry.lead_id = lead.id;
    entry.campaign_id = campaign.id;
    entry.destination = request.destination;
    entry.request = to_json(request).dump(-1, ' ', false, Json::error_handler_t::replace);
    entry.next_attempt_at = now;  // due at once
    out.push_back(std::move(entry));
  }
  return out;
}

std::optional<TimeMs> parse_retry_after(const std::string& value, TimeMs now) {
  if (is_digits(value)) {
    if (value.size() > 9) return TimeMs{999'999'999} * 1000;  // the caller caps it
    return std::stoll(value) * 1000;
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (the form senders must use; RFC 9110 5.6.7).
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (value.size() != 29 || value.compare(3, 2, ", ") != 0 || value.compare(25, 4, " GMT") != 0)
    return std::nullopt;
  std::string month = value.substr(8, 3);
  int m = 0;
  while (m < 12 && month != kMonths[m]) ++m;
  if (m == 12) return std::nullopt;
  char iso[32];
  std::snprintf(iso, sizeof iso, "%s-%02d-%sT%sZ", value.substr(12, 4).c_str(), m + 1,
                value.substr(5, 2).c_str(), value.substr(17, 8).c_str());
  std::optional<TimeMs> at = parse_time(iso);
  if (!at) return std::nullopt;
  return std::max<TimeMs>(*at - now, 0);
}

OutboxAttempt next_attempt(const RetryPolicy& policy, const SendResult& result,
                           std::int64_t attempt, TimeMs now, const Random& random) {
  OutboxAttempt out;
  out.at = now;
  out.http_status = result.http_status;
  int status = result.http_status;
  if (status >= 200 && status < 300) {
    out.status = "sent";
    return out;
  }
  out.error = describe(result);
  bool retry_later = status == 0 || status == 408 || status == 429 || status >= 500;
  if (!retry_later || attempt >= policy.max_attempts) {
    out.status = "dead";
    if (retry_later) out.error += " (after " + std::to_string(attempt) + " attempts)";
    return out;
  }
  out.status = "pending";
  // RFC 9110 section 10.2.3: 429 and 503 may say when to come back (408 too, in practice).
  std::optional<TimeMs> wait;
  if ((status == 408 || status == 429 || status == 503) && !result.retry_after.empty())
    wait = parse_retry_after(result.retry_after, now);
  if (wait) {
    out.next_attempt_at = now + std::min(*wait, policy.retry_after_cap_ms);
  } else {
    // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): a random wait
    // up to the exponential ceiling, so that retries after an outage do not arrive together.
    TimeMs ceiling = backoff_ceiling(policy, attempt);
    out.next_attempt_at = now + std::clamp<TimeMs>(random ? random(ceiling) : ceiling, 0, ceiling);
  }
  return out;
}

std::string hmac_sha256_hex(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string webhook_signature(const std::string& secret, std::int64_t unix_seconds,
                              const std::string& body) {
  std::string t = std::to_string(unix_seconds);
  return "t=" + t + ",v1=" + hmac_sha256_hex(secret, t + "." + body);
}

SendResult send_request(const ForwardRequest& request,
                        const std::map<std::string, std::string>& secrets, TimeMs now,
                        const SendOptions& options, bool* missing_secret) {
  if (missing_secret != nullptr) *missing_secret = false;
  SendResult out;
  std::optional<Url> url = parse_http_url(request.url);
  if (!url) {
    out.error = "not an http(s) URL: " + request.url;
    return out;
  }
  httplib::Headers headers;
  for (const auto& [name, value] : request.headers) headers.emplace(name, value);
  if (request.format == "webhook") {
    auto secret = secrets.find(request.secret);
    if (secret == secrets.end() || secret->second.empty()) {
      out.error = "no secret \"" + request.secret + "\" in the collector's configuration";
      if (missing_secret != nullptr) *missing_secret = true;
      return out;
    }
    headers.emplace("Magnete-Signature",
                    webhook_signature(secret->second, now / 1000, request.body));
  }
  httplib::Client client(url->scheme + "://" + url->authority);
  auto timeout = std::chrono::milliseconds(std::max<std::int64_t>(request.timeout_ms, 1));
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  client.enable_server_certificate_verification(options.verify_certificates);
  if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file);
  std::string target = url->path.empty() ? "/" : url->path;
  if (url->has_query) target += "?" + url->query;
  httplib::Result result = client.Post(target, headers, request.body, request.content_type);
  if (!result) {
    out.error = httplib::to_string(result.error());
    if (result.error() == httplib::Error::Read) out.error += " (no answer)";
    return out;
  }
  out.http_status = result->status;
  if (result->has_header("Retry-After")) out.retry_after = result->get_header_value("Retry-After");
  if (out.http_status < 200 || out.http_status >= 300) {
    // The vendor's words, on one line: the error goes to the log a line per dead letter.
    out.error = result->body.substr(0, kMaxErrorBody);
    for (char& c : out.error) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
  }
  return out;
}

Forwarder::Forwarder(Store& store, ForwarderOptions options)
    : store_(store), options_(std::move(options)), rng_(std::random_device{}()) {
  // A lease shorter than a send could take would make every long-timeout entry wait forever:
  // pass() leaves an entry it cannot finish within the lease for the next claim.
  options_.lease_ms = std::max(options_.lease_ms, kMinLeaseMs);
  std::string prefix = host_name() + ":" + std::to_string(getpid()) + ":" +
                       std::to_string(forwarder_count.fetch_add(1)) + ":";
  for (std::size_t i = 0; i <= options_.workers; ++i)
    worker_ids_.push_back(prefix + std::to_string(i));
}

Forwarder::~Forwarder() { stop(); }

TimeMs Forwarder::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TimeMs Forwarder::draw(TimeMs max) {
  if (options_.random) return options_.random(max);
  std::lock_guard<std::mutex> lock(mutex_);
  return std::uniform_int_distribution<TimeMs>(0, std::max<TimeMs>(max, 0))(rng_);
}

void Forwarder::start() {
  if (running_.exchange(true)) return;
  for (std::size_t i = 1; i <= options_.workers; ++i) threads_.emplace_back([this, i] { loop(i); });
}

void Forwarder::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = false;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // What the workers claimed and did not send (a batch cut short) is due again at once, for
  // this collector's next start or, on a shared store, for the others: not after the lease.
  for (const auto& worker : worker_ids_) store_.release(worker);
}

void Forwarder::loop(std::size_t index) {
  const std::string& worker = worker_ids_[index];
  while (running_) {
    std::size_t done = pass(worker, true);
    if (done >= options_.batch) continue;  // more may be due at once
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return !running_; });
  }
}

std::size_t Forwarder::run_once() { return pass(worker_ids_[0], false); }

std::size_t Forwarder::drain() {
  std::size_t total = 0;
  while (std::size_t done = pass(worker_ids_[0], false)) total += done;
  return total;
}

std::size_t Forwarder::pass(const std::string& worker, bool until_stopped) {
  TimeMs claimed_at = now();
  std::vector<OutboxEntry> due =
      store_.claim_due(claimed_at, options_.batch, worker, options_.lease_ms);
  Random random = [this](TimeMs max) { return draw(max); };
  std::size_t recorded = 0;
  for (const auto& entry : due) {
    if (until_stopped && !running_) break;  // stop(): the rest is released, not sent
    ForwardRequest request;
    ParsedJson json = parse_json(entry.request);
    OutboxAttempt attempt;
    if (!json.ok() || !read_forward_request(json.value, request)) {
      attempt = {"dead", 0, 0, "unreadable request in the outbox", now()};
    } else {
      // A send may take up to three timeouts (connect, write, read); past the lease another
      // worker may claim the entry and send it too. Leave the rest for the next claim.
      if (now() + 3 * request.timeout_ms > claimed_at + options_.lease_ms) break;
      bool missing_secret = false;
      SendResult result =
          send_request(request, options_.secrets, now(), options_.send, &missing_secret);
      attempt = missing_secret
                    ? OutboxAttempt{"dead", 0, 0, result.error, now()}
                    : next_attempt(options_.retry, result, entry.attempts + 1, now(), random);
    }
    if (!store_.record_attempt(entry.id, worker, attempt)) continue;  // the claim was lost
    ++recorded;
    if (attempt.status == "dead") {
      std::string line = "magnete-collector: forward: dead letter: lead " + entry.lead_id +
                         " campaign " + entry.campaign_id + " destination " + entry.destination +
                         " attempt " + std::to_string(entry.attempts + 1) + ": " + attempt.error;
      if (options_.log) {
        options_.log(line);
      } else {
        std::fprintf(stderr, "%s\n", line.c_str());
      }
    }
  }
  return recorded;
}

}  // namespace magnete::collector
