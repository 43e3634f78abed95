#include "fake_crm.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdlib>

#include "forwarder.hpp"
#include "magnete/json.hpp"
#include "url.hpp"

namespace magnete::collector::testing {
namespace {

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

bool is_string(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string();
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

FakeCrm::FakeCrm(std::string secret, std::uint64_t seed) : secret_(std::move(secret)), rng_(seed) {
  listen();
}

FakeCrm::~FakeCrm() { down(); }

std::string FakeCrm::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void FakeCrm::down() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

void FakeCrm::up() {
  if (!server_) listen();
}

void FakeCrm::script(std::vector<Fault> faults) {
  std::lock_guard<std::mutex> lock(mutex_);
  script_ = std::move(faults);
  scripted_ = 0;
}

void FakeCrm::set_odds(FaultOdds odds) {
  std::lock_guard<std::mutex> lock(mutex_);
  odds_ = odds;
}

std::map<std::string, int> FakeCrm::accepted(const std::string& kind) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = accepted_.find(kind);
  return it == accepted_.end() ? std::map<std::string, int>{} : it->second;
}

void FakeCrm::refuse(std::string kind) {
  std::lock_guard<std::mutex> lock(mutex_);
  refused_kind_ = std::move(kind);
}

std::map<std::string, std::string> FakeCrm::bodies(const std::string& kind) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = bodies_.find(kind);
  return it == bodies_.end() ? std::map<std::string, std::string>{} : it->second;
}

std::vector<std::string> FakeCrm::refused() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refused_;
}

int FakeCrm::lost_answers(const std::string& kind) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = lost_.find(kind);
  return it == lost_.end() ? 0 : it->second;
}

int FakeCrm::webhook_replays() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return replays_;
}

int FakeCrm::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

int FakeCrm::faults(Fault fault) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = served_.find(fault);
  return it == served_.end() ? 0 : it->second;
}

Fault FakeCrm::next_fault() {
  if (scripted_ < script_.size()) return script_[scripted_++];
  double x = std::uniform_real_distribution<double>(0, 1)(rng_);
  if ((x -= odds_.error500) < 0) return Fault::kError500;
  if ((x -= odds_.too_many) < 0) return Fault::kTooMany;
  if ((x -= odds_.hang) < 0) return Fault::kHang;
  if ((x -= odds_.lose_answer) < 0) return Fault::kLoseAnswer;
  return Fault::kNone;
}

// "" when the request has the documented shape; else why not. `lead` gets the lead's key.
std::string FakeCrm::check(const std::string& kind, const std::string& content_type,
                           const std::string& body, const std::string& signature,
                           const std::string& idempotency_key, std::string& lead) const {
  if (kind == "salesforce") {
    // Web-to-Lead: a urlencoded form, UTF-8 (encoding=UTF-8 in the URL), oid first.
    if (content_type != "application/x-www-form-urlencoded") return "content type " + content_type;
    auto fields = parse_urlencoded(body);
    if (fields.empty() || fields[0].first != "oid" || fields[0].second.empty())
      return "oid is not the first, non-empty parameter";
    for (const auto& [name, value] : fields) {
      if (!valid_utf8(name) || !valid_utf8(value)) return "ill-formed UTF-8 in " + name;
      if (name == "email") lead = value;
    }
    return lead.empty() ? "no email" : "";
  }
  if (content_type != "application/json") return "content type " + content_type;
  ParsedJson parsed = parse_json(body);
  if (!parsed.ok() || !parsed.value.is_object()) return "not a JSON object";
  const Json& doc = parsed.value;
  if (kind == "hubspot") {
    // Forms API v3: submittedAt a string of ms since the epoch; fields [{objectTypeId, name,
    // value}: strings]; context an object; legalConsentOptions when consent is asked.
    auto at = doc.find("submittedAt");
    if (at == doc.end() || !at->is_string() || at->get<std::string>().empty() ||
        at->get<std::string>().find_first_not_of("0123456789") != std::string::npos)
      return "submittedAt is not a string of milliseconds";
    auto fields = doc.find("fields");
    if (fields == doc.end() || !fields->is_array() || fields->empty()) return "no fields";
    for (const auto& f : *fields) {
      if (!f.is_object() || f.size() != 3 || !is_string(f, "objectTypeId") ||
          !is_string(f, "name") || !is_string(f, "value"))
        return "a field is not {objectTypeId, name, value} strings";
      if (f["name"] == "email") lead = f["value"].get<std::string>();
    }
    if (doc.contains("context") && !doc["context"].is_object()) return "context is not an object";
    if (require_consent_) {
      auto legal = doc.find("legalConsentOptions");
      if (legal == doc.end() || !legal->is_object() || !legal->contains("consent") ||
          !(*legal)["consent"].is_object() ||
          !(*legal)["consent"].value("consentToProcess", Json()).is_boolean() ||
          !is_string((*legal)["consent"], "text"))
        return "no legalConsentOptions.consent {consentToProcess, text}";
    }
    return lead.empty() ? "no email field" : "";
  }
  // webhook: magnete-v1, signed t=<s>,v1=<hmac of "<t>.<body>">, fresh, keyed by the lead id.
  if (doc.value("schema", "") != "magnete-v1" || !is_string(doc, "id")) return "not magnete-v1";
  lead = doc["id"].get<std::string>();
  if (idempotency_key != lead) return "Idempotency-Key is not the lead id";
  std::size_t comma = signature.find(",v1=");
  if (signature.rfind("t=", 0) != 0 || comma == std::string::npos) return "no Magnete-Signature";
  std::string t = signature.substr(2, comma - 2);
  if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos) return "bad timestamp";
  if (std::llabs(unix_now() - std::stoll(t)) > 300) return "timestamp outside 5 minutes";
  if (signature.substr(comma + 4) != hmac_sha256_hex(secret_, t + "." + body))
    return "signature does not match";
  return "";
}

void FakeCrm::listen() {
  server_ = std::make_unique<httplib::Server>();
  auto handle = [this](const httplib::Request& req, httplib::Response& res) {
    std::string kind = req.path.substr(1, req.path.find('/', 1) - 1);
    Fault fault;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++requests_;
      if (!refused_kind_.empty() && kind == refused_kind_) {
        refused_.push_back(kind + ": refused by the test");
        res.status = 400;
        res.set_content("refused by the test", "text/plain");
        return;
      }
      fault = next_fault();
      ++served_[fault];
    }
    switch (fault) {
      case Fault::kError500:
        res.status = 500;
        res.set_content("try later", "text/plain");
        return;
      case Fault::kTooMany:
        res.status = 429;
        res.set_header("Retry-After", retry_after_);
        return;
      case Fault::kHang:
        std::this_thread::sleep_for(std::chrono::milliseconds(hang_ms_));
        res.status = 503;
        return;
      default:
        break;
    }
    std::string lead;
    std::string why = check(kind, req.get_header_value("Content-Type"), req.body,
                            req.get_header_value("Magnete-Signature"),
                            req.get_header_value("Idempotency-Key"), lead);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!why.empty()) {
      refused_.push_back(kind + ": " + why);
      res.status = 400;
      res.set_content(why, "text/plain");
      return;
    }
    int& count = accepted_[kind][lead];
    if (kind == "webhook" && count > 0) {
      ++replays_;  // a real receiver dedupes by Idempotency-Key
    } else {
      if (count == 0) bodies_[kind][lead] = req.body;
      ++count;
    }
    if (fault == Fault::kLoseAnswer) {
      ++lost_[kind];
      // The headers are flushed first, then the body's provider fails: the connection is cut
      // before the client has an answer it can read.
      res.set_content_provider(100, "application/json",
                               [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
      return;
    }
    res.status = 200;
    res.set_content(R"({"inlineMessage":"Thanks"})", "application/json");
  };
  server_->Post(R"(/(hubspot|salesforce|webhook)/.*)", handle);
  if (port_ == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else {
    while (!server_->bind_to_port("127.0.0.1", port_)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace magnete::collector::testing
