// magnete-collector: the reference endpoint. Receives leads, re-scores them with the native
// core and the campaign file it holds, stores them (SQLite in the data folder, or PostgreSQL
// shared with other collectors: --store), serves the demo pages.
#include <httplib.h>

#include <pthread.h>
#include <signal.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "campaigns.hpp"
#include "config.hpp"
#include "data_lock.hpp"
#include "forwarder.hpp"
#include "server.hpp"
#include "service.hpp"
#include "store.hpp"

namespace {

// --replay: the dead letters back to pending, sent at once, and what became of them.
int replay_dead_letters(magnete::collector::Store& store,
                        magnete::collector::Forwarder& forwarder) {
  using namespace magnete::collector;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::int64_t replayed = store.replay_dead("", now);
  const std::size_t attempts = forwarder.drain();
  const auto counts = store.outbox_counts("");
  std::cout << "magnete-collector --replay: " << replayed << " dead letter(s) sent again ("
            << attempts << " attempt(s)); the outbox now holds " << counts.at("sent") << " sent, "
            << counts.at("pending") << " waiting to be retried, " << counts.at("dead") << " dead"
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace magnete::collector;
  ConfigResult parsed = parse_config(argc, argv, std::getenv("MAGNETE_TOKEN"));
  if (parsed.help) {
    std::cout << kCollectorUsage;
    return 0;
  }
  if (!parsed.config) {
    for (const auto& e : parsed.errors) std::cerr << "magnete-collector: " << e << "\n";
    std::cerr << kCollectorUsage;
    return 2;
  }
  Config config = *parsed.config;

  CampaignRegistry campaigns;
  if (!campaigns.load_dir(config.campaigns_dir)) {
    for (const auto& e : campaigns.errors()) std::cerr << "magnete-collector: " << e << "\n";
    return 1;
  }
  // Each webhook secret a campaign names: from the config file, else MAGNETE_SECRET_<NAME>
  // (upper case, other characters as "_"). One missing stops the start, naming it.
  bool secrets_ok = true;
  for (const auto& campaign : campaigns.all()) {
    for (const auto& destination : campaign->forward) {
      if (destination.secret.empty() || config.secrets.count(destination.secret) > 0) continue;
      std::string env = "MAGNETE_SECRET_";
      for (char c : destination.secret) {
        env += std::isalnum(static_cast<unsigned char>(c))
                   ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                   : '_';
      }
      if (const char* value = std::getenv(env.c_str()); value != nullptr && *value != '\0') {
        config.secrets[destination.secret] = value;
        continue;
      }
      std::cerr << "magnete-collector: campaign " << campaign->id << " version "
                << campaign->version << ": forward destination \"" << destination.id
                << "\" signs with the secret \"" << destination.secret
                << "\", which is neither in the --config file's \"secrets\" nor in " << env << "\n";
      secrets_ok = false;
    }
  }
  if (!secrets_ok) return 1;
  std::error_code ec;
  // Optional: without the forms, a form posted without script that has errors gets a plain page.
  if (!config.forms_dir.empty() && !std::filesystem::is_directory(config.forms_dir, ec)) {
    std::cerr << "magnete-collector: --forms " << config.forms_dir
              << ": not a folder; forms with errors get a plain page (web/prerender.mjs --forms "
                 "writes them)\n";
  }
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    std::cerr << "magnete-collector: --data " << config.data_dir << ": " << ec.message() << "\n";
    return 1;
  }
  // Before SQLite's database: a second collector on the same folder stops here, saying so.
  // Collectors on one PostgreSQL share it by design.
  std::optional<DataLock> lock;
  if (config.store.empty()) {
    lock.emplace(config.data_dir);
    if (!lock->ok()) {
      std::cerr << "magnete-collector: " << lock->error()
                << (config.replay ? " (while it runs, POST /v1/outbox/replay to it does the same)"
                                  : "")
                << "\n";
      return 1;
    }
  }
  std::unique_ptr<Store> store = open_store(config.store, config.data_dir);
  if (!store->ok()) {
    std::cerr << "magnete-collector: " << store->error() << "\n";
    return 1;
  }
  // SIGTERM and SIGINT stop the collector in order (below): blocked here, before any thread
  // starts, so that every thread inherits the mask and one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ForwarderOptions forwarding;
  forwarding.workers = config.forward.workers;
  forwarding.poll_ms = config.forward.poll_ms;
  forwarding.retry.base_ms = config.forward.backoff_ms;
  forwarding.retry.max_attempts = config.forward.max_attempts;
  forwarding.secrets = config.secrets;
  Forwarder forwarder(*store, forwarding);
  if (config.replay) return replay_dead_letters(*store, forwarder);
  forwarder.start();

  Service service(config, campaigns, *store, [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  });
  auto server = make_server(service);
  if (!server->bind_to_port(config.bind.c_str(), config.port)) {
    std::cerr << "magnete-collector: cannot listen on " << config.bind << ":" << config.port
              << " (in use, perhaps by another collector, or not an address of this machine)\n";
    return 1;
  }
  std::cout << "magnete-collector listening on http://" << config.bind << ":" << config.port
            << " with " << campaigns.size() << " campaigns, data in "
            << (config.store.empty() ? config.data_dir + "/magnete.db" : "PostgreSQL") << std::endl;
  // A stop signal ends the listening; requests under way are answered, the forwarder's sends
  // under way finish and are recorded, and the store closes. (kill -9 loses nothing either:
  // an acknowledged lead and its outbox are committed; claims left behind run out, at once on
  // SQLite.)
  std::thread([&server, stop_signals] {
    int signal = 0;
    if (sigwait(&stop_signals, &signal) == 0) server->stop();
  }).detach();
  const bool listened = server->listen_after_bind();
  forwarder.stop();
  std::cout << "magnete-collector stopped" << std::endl;
  return listened ? 0 : 1;
}
