#include <algorithm>

#include "lead/meta_signals.hpp"
#include "magnete/lead_checks.hpp"

namespace magnete {

EventWindow event_window(const Lead& lead, TimeMs received_at) {
  TimeMs appeared =
      lead.submitted_at.value_or(received_at) - detail::elapsed_ms(lead.meta).value_or(0);
  // A returning visitor's earlier visits: the widget stores events only after consent, from
  // the page where consent was given, whose start it records as first_touch.at.
  if (auto first = detail::first_touch_at(lead.attribution); first && *first < appeared) {
    appeared = *first;
  }
  return {appeared - kClockSkewMs, received_at + kClockSkewMs};
}

std::size_t drop_events_outside(Lead& lead, const EventWindow& window) {
  const std::size_t before = lead.events.size();
  lead.events.erase(
      std::remove_if(lead.events.begin(), lead.events.end(),
                     [&](const Event& e) { return e.at < window.from || e.at > window.to; }),
      lead.events.end());
  return before - lead.events.size();
}

}  // namespace magnete
