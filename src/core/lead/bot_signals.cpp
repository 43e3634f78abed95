#include <string>
#include <utility>

#include "lead/meta_signals.hpp"
#include "magnete/lead_checks.hpp"

namespace magnete {
namespace {

Error bot(const char* path, std::string message, std::string_view code) {
  return {path, std::move(message), std::string(code)};
}

}  // namespace

std::optional<Error> bot_suspicion(const Lead& lead, std::int64_t min_submit_ms) {
  const Json& meta = lead.meta;
  // A page that skipped the widget (or a script posting directly) sends no signals: that is a
  // suspicion, never a pass. The widget always sends both.
  auto hp = meta.is_object() ? meta.find("hp") : meta.end();
  if (!meta.is_object() || hp == meta.end()) {
    return bot("meta.hp", "bot: meta.hp (the hidden honeypot field) is missing", kBotMissingSignal);
  }
  if (!hp->is_string()) {
    return bot("meta.hp", "bot: meta.hp (the hidden honeypot field) is not a string",
               kBotMissingSignal);
  }
  if (!hp->get_ref<const std::string&>().empty()) {
    return bot("meta.hp", "bot: the hidden honeypot field was filled", kBotHoneypot);
  }
  if (min_submit_ms <= 0) return std::nullopt;  // the time check is off
  if (!meta.contains("elapsed_ms")) {
    return bot("meta.elapsed_ms",
               "bot: meta.elapsed_ms (the time from the form's appearance to sending) is missing",
               kBotMissingSignal);
  }
  auto elapsed = detail::elapsed_ms(meta);
  if (!elapsed) {
    return bot("meta.elapsed_ms",
               "bot: meta.elapsed_ms is not a number of milliseconds from 0 to " +
                   std::to_string(detail::kMaxElapsedMs),
               kBotMissingSignal);
  }
  if (*elapsed < min_submit_ms) {
    return bot("meta.elapsed_ms",
               "bot: sent " + std::to_string(*elapsed) + " ms after the form appeared (minimum " +
                   std::to_string(min_submit_ms) + ")",
               kBotTooFast);
  }
  return std::nullopt;
}

}  // namespace magnete
