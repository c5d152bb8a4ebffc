#include "server/reports/report_store.h"

#include <map>
#include <tuple>

namespace soundings::server {

StoreResult<std::vector<ResponseTally>> ReportStore::ResponseTallies(
    const std::string& campaign_id) {
  auto responses = Responses(campaign_id);
  if (!responses) return responses.error();
  std::map<std::tuple<std::string, std::string, std::string, bool>, int> counts;
  for (const auto& r : *responses) {
    ++counts[{r.rater_group, r.venue_id, r.completed_at.substr(0, 10), r.partial}];
  }
  std::vector<ResponseTally> out;
  for (const auto& [key, count] : counts) {
    const auto& [group, venue, day, partial] = key;
    out.push_back({group, venue, day, partial, count});
  }
  return out;
}

}  // namespace soundings::server
