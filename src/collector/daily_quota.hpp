#pragma once
// At most N leads per campaign per UTC day (--daily-quota), rejected bots' included: a
// quota bounds what anyone can make the collector store, whoever sends it.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "magnete/time.hpp"
#include "store.hpp"

namespace magnete::collector {

class DailyQuota {
 public:
  /// `per_day` 0: no quota. The day's count starts from what `store` holds (a restart
  /// keeps counting); one collector owns a data folder (DataLock), so the count stays exact.
  DailyQuota(std::int64_t per_day, Store& store) : per_day_(per_day), store_(store) {}

  /// Takes one of the campaign's leads for the UTC day of `now`: nullopt when taken, else
  /// the time the quota resets (the next UTC midnight).
  std::optional<TimeMs> take(const std::string& campaign_id, TimeMs now);
  /// Gives back what take() took, for a lead that was not stored after all.
  void give_back(const std::string& campaign_id, TimeMs now);

  std::int64_t per_day() const { return per_day_; }

 private:
  struct Day {
    TimeMs start = -1;
    std::int64_t count = 0;
  };
  std::int64_t per_day_;
  Store& store_;
  std::map<std::string, Day> days_;  ///< by campaign id; the campaigns the collector holds
  std::mutex mutex_;
};

}  // namespace magnete::collector
