// A campaign's own small-cell and comment minimums (issue 13 item 6). A council may protect a
// consultation in a small place more strictly than its deployment does, never less: the
// deployment's minimums (config cell_minimum, comment_minimum) are the floor.
#include <string>

#include "server/services/admin.h"

namespace soundings::server {

namespace {

constexpr int kLargestMinimum = 1000;

// nullopt when `value` is acceptable for `field` against the deployment's `floor`.
std::optional<ServiceError> CheckMinimum(const std::string& field, int value, int floor) {
  if (value < 0 || value > kLargestMinimum) {
    const std::string message = field + " must be 0 (the deployment's, " + std::to_string(floor) +
                                ") or a whole number up to " + std::to_string(kLargestMinimum) +
                                ".";
    return ServiceError{ErrorKind::kBadRequest, "invalid_request", message, {{field, message}}};
  }
  if (value != 0 && value < floor) {
    const std::string message = field + " " + std::to_string(value) +
                                " is below this deployment's minimum of " + std::to_string(floor) +
                                ": a campaign may protect small groups more strictly, never less.";
    return ServiceError{
        ErrorKind::kUnprocessable, "below_deployment_minimum", message, {{field, message}}};
  }
  return std::nullopt;
}

}  // namespace

ServiceResult<CampaignRow> AdminService::SetCampaignMinimums(const std::string& id,
                                                             int cell_minimum, int comment_minimum,
                                                             const SuppressionPolicy& floor,
                                                             const std::string& actor) {
  auto campaign = FindCampaign(id);
  if (!campaign) return campaign.error();
  if (auto bad = CheckMinimum("cell_minimum", cell_minimum, floor.cell_minimum)) return *bad;
  if (auto bad = CheckMinimum("comment_minimum", comment_minimum, floor.comment_minimum)) {
    return *bad;
  }
  auto audited = m_audit.Record(
      actor, "campaign_minimums_set", "campaign:" + id,
      "cell=" + std::to_string(cell_minimum) + " comment=" + std::to_string(comment_minimum));
  if (!audited) return audited.error();
  if (auto s = m_store.SetCampaignMinimums(id, cell_minimum, comment_minimum); !s) {
    return StorageError(s.error());
  }
  CampaignRow row = *campaign;
  row.cell_minimum = cell_minimum;
  row.comment_minimum = comment_minimum;
  return row;
}

}  // namespace soundings::server
