#pragma once
/// What a receiver checks in a lead beyond its shape and values: whether its events can have
/// happened when they say (event_window.cpp) and whether its bot signals look like a person's
/// (bot_signals.cpp). Time comes in as an argument: the receiver's clock at receipt.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "magnete/error.hpp"
#include "magnete/lead.hpp"
#include "magnete/time.hpp"

namespace magnete {

/// The clocks of a visitor's device and of the receiver disagree by this much at most before
/// an event is out of its window: 5 minutes.
inline constexpr TimeMs kClockSkewMs = 5 * 60 * 1000;

/// The span, inclusive, in which a lead's events can have happened.
struct EventWindow {
  TimeMs from = 0;
  TimeMs to = 0;
};

/// From the moment the form first appeared to this visitor, less kClockSkewMs, to the
/// receipt, plus kClockSkewMs. The form appeared at submitted_at minus meta.elapsed_ms (0 when
/// absent or not a number of milliseconds); for a returning visitor, whose earlier visits'
/// events travel with the lead (the widget keeps them after consent), at attribution.first_touch.at
/// when that is earlier. A lead without submitted_at: the receipt.
EventWindow event_window(const Lead& lead, TimeMs received_at);

/// Removes the events outside `window`, keeping the others in order; returns how many went.
std::size_t drop_events_outside(Lead& lead, const EventWindow& window);

/// Why the lead's bot signals are not a person's, or nullopt when they are. meta.hp must be
/// present, a string, and empty (the hidden honeypot field); when min_submit_ms > 0,
/// meta.elapsed_ms must be present, a whole number of milliseconds, and at least
/// min_submit_ms. A missing or malformed signal is a suspicion, not a pass. The error's path
/// is the signal (meta.hp, meta.elapsed_ms), its message begins with "bot: ", and its code is
/// kBotHoneypot, kBotTooFast or kBotMissingSignal, which a host counts (never the message).
std::optional<Error> bot_suspicion(const Lead& lead, std::int64_t min_submit_ms);

inline constexpr std::string_view kBotHoneypot = "honeypot";
inline constexpr std::string_view kBotTooFast = "too_fast";
inline constexpr std::string_view kBotMissingSignal = "missing_signal";

}  // namespace magnete
