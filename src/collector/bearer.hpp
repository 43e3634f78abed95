#pragma once
// The export's bearer token (RFC 6750): reading the Authorization header and comparing the
// token without leaking, through timing, how much of it a guess got right.
#include <string_view>

namespace magnete::collector {

/// The token of "Bearer <token>": the scheme in any case (RFC 9110 11.1: schemes are
/// case-insensitive), one space, a non-empty token; "" for anything else.
std::string_view bearer_token(std::string_view authorization);

/// a == b in a time that depends on the lengths only, not on where the first difference is.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace magnete::collector
