#pragma once
/// Time enters the core as an argument (STYLE principle 8): milliseconds since the Unix
/// epoch, UTC. These convert to and from RFC 3339 text without any clock or locale.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace magnete {

using TimeMs = std::int64_t;
inline constexpr TimeMs kMsPerDay = 86'400'000;

/// "2026-11-22T07:37:46Z", "2026-11-22T07:37:46.123+01:00", "2026-11-22" (midnight UTC).
/// Years 1970..9999; nullopt for anything else.
std::optional<TimeMs> parse_time(std::string_view text);
/// Always "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string format_time(TimeMs time);

}  // namespace magnete
