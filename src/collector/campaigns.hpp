#pragma once
// The campaign files the collector holds, by id and version, loaded once at start.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "magnete/campaign.hpp"

namespace magnete::collector {

class CampaignRegistry {
 public:
  /// Loads every *.json in `dir`; each problem is "FILE: path: message" in errors().
  bool load_dir(const std::string& dir);
  void add(std::shared_ptr<const Campaign> campaign);
  /// The campaign with this id and version, or nullptr.
  std::shared_ptr<const Campaign> find(const std::string& id, const std::string& version) const;
  const std::vector<std::string>& errors() const { return errors_; }
  std::size_t size() const { return campaigns_.size(); }
  std::vector<std::shared_ptr<const Campaign>> all() const;

 private:
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const Campaign>> campaigns_;
  std::vector<std::string> errors_;
};

}  // namespace magnete::collector
