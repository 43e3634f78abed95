#include <iomanip>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "magnete/engine.hpp"

namespace magnete::cli {

int explain(const Args& args) {
  const std::string usage = "magnete explain CAMPAIGN.json LEAD.json [--now ISO-8601]";
  if (wants_help(args, "usage: " + usage +
                           "\n\nPrints a human-readable breakdown of one lead's assessment: every "
                           "rule that gave points,\nthe subtotals, grade, band, and for each stage "
                           "whether it was reached and why not.\n")) {
    return 0;
  }
  std::vector<std::string> positional;
  std::optional<TimeMs> now;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--now") {
      if (i + 1 >= args.size()) return usage_error(usage, "--now needs a time");
      now = parse_time(args[++i]);
      if (!now)
        return usage_error(usage, "--now: expected an RFC 3339 time, got \"" + args[i] + "\"");
    } else if (args[i].rfind("--", 0) == 0) {
      return usage_error(usage, "unknown option " + args[i]);
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() != 2) return usage_error(usage, "expected CAMPAIGN and LEAD");
  auto campaign = load_campaign(positional[0]);
  if (!campaign) return 1;
  auto text = read_file(positional[1]);
  if (!text) return 1;
  LeadResult lead = parse_lead(*text);
  for (const auto& e : lead.errors) std::cerr << positional[1] << ": " << to_string(e) << "\n";
  if (!lead.ok()) return 1;
  Engine engine(std::make_shared<const Campaign>(std::move(*campaign)));
  Errors errors = engine.load(*lead.lead);
  for (const auto& e : errors) std::cerr << positional[1] << ": " << to_string(e) << "\n";
  if (!errors.empty()) return 1;
  Assessment a = engine.assess(now.value_or(assessment_time(*lead.lead)));

  std::cout << "Lead " << (lead.lead->id.empty() ? "(no id)" : lead.lead->id) << " on campaign "
            << engine.campaign().id << " v" << engine.campaign().version << ", at "
            << format_time(a.at) << "\n\n";
  std::cout << std::left << std::setw(32) << "rule" << std::setw(12) << "kind" << std::right
            << std::setw(7) << "count" << std::setw(10) << "points"
            << "\n";
  for (const auto& r : a.breakdown) {
    std::cout << std::left << std::setw(32) << r.id << std::setw(12) << r.kind << std::right
              << std::setw(7) << r.count << std::setw(10) << milli_to_string(r.points)
              << (r.capped ? "  (capped)" : "") << "\n";
  }
  if (a.breakdown.empty()) std::cout << "(no rule gave points)\n";
  std::cout << "\nfit " << milli_to_string(a.fit) << " + engagement "
            << milli_to_string(a.engagement) << " = score " << milli_to_string(a.score) << "\n";
  std::cout << "grade " << (a.grade.empty() ? "-" : a.grade) << ", band " << a.band << ", stage "
            << a.stage << ", profile " << a.completeness << "% complete\n";
  if (!a.outcome.empty()) std::cout << "quiz outcome " << a.outcome << "\n";
  if (!a.segments.empty()) {
    std::cout << "segments:";
    for (const auto& s : a.segments) std::cout << " " << s;
    std::cout << "\n";
  }
  std::cout << "\n";
  for (const auto& s : a.stages) {
    std::cout << (s.reached ? "  [x] " : "  [ ] ") << s.id;
    for (std::size_t i = 0; i < s.reasons.size(); ++i)
      std::cout << (i == 0 ? ": " : "; ") << s.reasons[i];
    std::cout << "\n";
  }
  return 0;
}

}  // namespace magnete::cli
