#include "rate_limit.hpp"

namespace magnete::collector {

std::int64_t RateLimiter::acquire(const std::string& client, TimeMs now) {
  return take(client, now, true);
}

std::int64_t RateLimiter::peek(const std::string& client, TimeMs now) {
  return take(client, now, false);
}

std::int64_t RateLimiter::take(const std::string& client, TimeMs now, bool consume) {
  if (per_minute_ <= 0) return 0;  // no limit
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t capacity = per_minute_ * 1000;
  // A bounded table: when it fills, buckets that have refilled completely are forgotten.
  if (buckets_.size() > 100'000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      bool full = it->second.tokens_milli + (now - it->second.at) * per_minute_ / 60 >= capacity;
      it = full ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh && now > b.at) {
    // per_minute tokens every 60,000 ms: milli-tokens gained = elapsed ms * per_minute / 60.
    b.tokens_milli = std::min(capacity, b.tokens_milli + (now - b.at) * per_minute_ / 60);
    b.at = now;
  }
  if (b.tokens_milli >= 1000) {
    if (consume) b.tokens_milli -= 1000;
    return 0;
  }
  std::int64_t missing = 1000 - b.tokens_milli;
  std::int64_t wait_ms = (missing * 60 + per_minute_ - 1) / per_minute_;
  return (wait_ms + 999) / 1000;
}

}  // namespace magnete::collector
