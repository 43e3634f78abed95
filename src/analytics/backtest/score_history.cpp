// Scoring a history with a campaign, as backtest and the learner need it (magnete/backtest.hpp).
#include "magnete/backtest.hpp"
#include "magnete/engine.hpp"

namespace magnete {

ScoredHistory score_history(const std::shared_ptr<const Campaign>& campaign,
                            const std::vector<HistoryRow>& rows, const std::vector<bool>* select,
                            bool select_value, std::optional<TimeMs> now) {
  ScoredHistory out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (select && (*select)[i] != select_value) continue;
    const HistoryRow& row = rows[i];
    Lead lead = row.lead;
    for (auto it = lead.contact.begin(); it != lead.contact.end();) {
      it = campaign->find_field(it->first) ? std::next(it) : lead.contact.erase(it);
    }
    Engine engine(campaign);
    Errors errors = engine.load(lead);
    if (!errors.empty()) {
      if (++out.failed <= HistoryLimits::kMaxErrors) {
        for (const auto& e : errors) out.errors.push_back({e.path, e.message, e.code, row.line});
      }
      continue;
    }
    Assessment a = engine.assess(now.value_or(assessment_time(lead)));
    out.outcomes.push_back({a.score, row.converted});
    out.fits.push_back(a.fit);
  }
  return out;
}

}  // namespace magnete
