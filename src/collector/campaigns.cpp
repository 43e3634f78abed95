#include "campaigns.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace magnete::collector {

bool CampaignRegistry::load_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors_.push_back(dir + ": not a folder of campaign files");
    return false;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    CampaignResult result = parse_campaign(buffer.str());
    for (const auto& e : result.errors) errors_.push_back(file.string() + ": " + to_string(e));
    if (!result.ok()) continue;
    auto key = std::make_pair(result.campaign->id, result.campaign->version);
    if (campaigns_.count(key) != 0) {
      errors_.push_back(file.string() + ": campaign " + key.first + " version " + key.second +
                        " is defined twice");
      continue;
    }
    add(std::make_shared<const Campaign>(std::move(*result.campaign)));
  }
  return errors_.empty();
}

void CampaignRegistry::add(std::shared_ptr<const Campaign> campaign) {
  campaigns_[{campaign->id, campaign->version}] = std::move(campaign);
}

std::shared_ptr<const Campaign> CampaignRegistry::find(const std::string& id,
                                                       const std::string& version) const {
  auto it = campaigns_.find({id, version});
  return it == campaigns_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const Campaign>> CampaignRegistry::all() const {
  std::vector<std::shared_ptr<const Campaign>> out;
  for (const auto& [key, campaign] : campaigns_) out.push_back(campaign);
  return out;
}

}  // namespace magnete::collector
