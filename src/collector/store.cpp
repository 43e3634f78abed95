#include "store.hpp"

#include "sqlite_store.hpp"

namespace magnete::collector {
namespace {

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// Until the PostgreSQL backend lands: a store that says it cannot open.
class UnavailableStore final : public Store {
 public:
  explicit UnavailableStore(std::string why) : error_(std::move(why)) {}
  bool ok() const override { return false; }
  const std::string& error() const override { return error_; }
  std::string backend() const override { return "postgresql"; }
  std::optional<StoredLead> find(const std::string&) override { return std::nullopt; }
  bool insert(const StoredLead&, const std::vector<OutboxEntry>&) override { return false; }
  std::vector<StoredLead> list(const LeadQuery&) override { return {}; }
  std::vector<StoredLead> summaries(const LeadQuery&) override { return {}; }
  std::int64_t count() override { return 0; }
  std::int64_t count_received(const std::string&, const std::string&, const std::string&) override {
    return 0;
  }
  std::vector<OutboxEntry> claim_due(TimeMs, std::size_t, const std::string&, TimeMs) override {
    return {};
  }
  bool record_attempt(std::int64_t, const std::string&, const OutboxAttempt&) override {
    return false;
  }
  std::vector<OutboxEntry> outbox_of(const std::string&) override { return {}; }
  std::vector<OutboxEntry> outbox(const OutboxQuery&) override { return {}; }
  std::map<std::string, std::int64_t> outbox_counts(const std::string&) override { return {}; }
  std::int64_t replay_dead(const std::string&, TimeMs) override { return 0; }

 private:
  std::string error_;
};

}  // namespace

std::unique_ptr<Store> open_store(const std::string& spec, const std::string& data_dir) {
  if (starts_with(spec, "postgresql://") || starts_with(spec, "postgres://")) {
    return std::make_unique<UnavailableStore>("--store " + spec +
                                              ": this build has no PostgreSQL backend");
  }
  return std::make_unique<SqliteStore>(data_dir);
}

}  // namespace magnete::collector
