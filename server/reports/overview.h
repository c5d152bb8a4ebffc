#pragma once
// What the dashboard's campaign overview shows HR: the campaign's state, responses received
// against invitations per rater group, responses per venue and per day, and kiosk health
// (devices with when each was last seen, responses kept aside as conflicts).

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/reports/report_store.h"
#include "server/store/store.h"

namespace soundings::server {

class OverviewService {
 public:
  OverviewService(Store& store, ReportStore& reports) : m_store(store), m_reports(reports) {}

  /// The overview of one campaign; 404 for an unknown campaign. Counts of responses received and
  /// invitations made are public by design (docs/results-maths.md, rule 5), so none is
  /// suppressed here; nothing in it says who answered.
  ServiceResult<nlohmann::json> Campaign(const std::string& campaign_id);
  /// Every template version loaded, newest version first per template: id, version, kind, title.
  ServiceResult<nlohmann::json> Templates();
  /// The English wording of a campaign's template: per item its text and its answers' labels
  /// (options, or the scale's points for likert and matrix items), for charts that would
  /// otherwise show stored values such as "three_four". 404 for an unknown campaign.
  ServiceResult<nlohmann::json> Labels(const std::string& campaign_id);
  /// Subjects of a campaign the caller may open an individual report for: every subject for
  /// admin and hr, only their own for a manager, their own service's for a head of service
  /// (none for another role).
  ServiceResult<nlohmann::json> Subjects(const Principal& who, const std::string& campaign_id);
  /// The completion tracker of a 360 or self-assessment (completion.cpp): per subject and rater
  /// group, invitations made, responses received, the group's minimum and how many it is short;
  /// whether the subject is under any minimum and whether they have assessed themself. Counts
  /// only (who answered is never in it); every subject for admin and hr, a head of service's own
  /// service's subjects for them (campaigns.completion). 404, or 422 for a consultation.
  ServiceResult<nlohmann::json> Completion(const Principal& who, const std::string& campaign_id);

 private:
  Store& m_store;
  ReportStore& m_reports;
};

}  // namespace soundings::server
