#pragma once
// Per-client token buckets: `per_minute` requests a minute, in bursts of up to that many.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "magnete/time.hpp"

namespace magnete::collector {

class RateLimiter {
 public:
  explicit RateLimiter(std::int64_t per_minute) : per_minute_(per_minute) {}

  /// Takes one token for `client` at `now`; 0 when allowed, else the seconds to wait.
  std::int64_t acquire(const std::string& client, TimeMs now);
  /// What acquire() would answer, without taking the token.
  std::int64_t peek(const std::string& client, TimeMs now);

 private:
  struct Bucket {
    std::int64_t tokens_milli = 0;  ///< thousandths of a request
    TimeMs at = 0;
  };
  std::int64_t take(const std::string& client, TimeMs now, bool consume);
  std::int64_t per_minute_;
  std::map<std::string, Bucket> buckets_;
  std::mutex mutex_;
};

}  // namespace magnete::collector
