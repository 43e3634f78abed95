#include "daily_quota.hpp"

namespace magnete::collector {

std::optional<TimeMs> DailyQuota::take(const std::string& campaign_id, TimeMs now) {
  if (per_day_ <= 0) return std::nullopt;
  const TimeMs start = now - ((now % kMsPerDay) + kMsPerDay) % kMsPerDay;
  std::lock_guard<std::mutex> lock(mutex_);
  Day& day = days_[campaign_id];
  if (day.start != start) {
    day.start = start;
    day.count =
        store_.count_received(campaign_id, format_time(start), format_time(start + kMsPerDay));
  }
  if (day.count >= per_day_) return start + kMsPerDay;
  ++day.count;
  return std::nullopt;
}

void DailyQuota::give_back(const std::string& campaign_id, TimeMs now) {
  if (per_day_ <= 0) return;
  const TimeMs start = now - ((now % kMsPerDay) + kMsPerDay) % kMsPerDay;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = days_.find(campaign_id);
  if (it != days_.end() && it->second.start == start && it->second.count > 0) --it->second.count;
}

}  // namespace magnete::collector
