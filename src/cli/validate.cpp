#include <iostream>

#include "commands.hpp"

namespace magnete::cli {

int validate(const Args& args) {
  const std::string usage = "magnete validate CAMPAIGN.json";
  if (wants_help(args, "usage: " + usage +
                           "\n\nChecks a campaign file and prints OK, or every error with its JSON "
                           "path.\nExit status: 0 valid, 1 errors, 2 bad usage.\n")) {
    return 0;
  }
  if (args.size() != 1 || args[0].rfind("--", 0) == 0) {
    return usage_error(usage, args.empty() ? "missing CAMPAIGN" : "expected one CAMPAIGN file");
  }
  auto campaign = load_campaign(args[0]);
  if (!campaign) return 1;
  std::cout << "OK " << campaign->id << " version " << campaign->version << ": "
            << campaign->fields.size() << " fields, " << campaign->consents.size() << " consents, "
            << campaign->scoring.fit.size() << " fit rules, " << campaign->scoring.engagement.size()
            << " engagement rules, " << campaign->scoring.stages.size() << " stages, model "
            << campaign->model_hash << "\n";
  return 0;
}

}  // namespace magnete::cli
