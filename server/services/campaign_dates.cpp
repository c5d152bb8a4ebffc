// A campaign's dates (issue 11 item 4): when it opens and when it closes. The close date is the
// deadline letters print and the moment the server closes the campaign (serve runs
// CloseDueCampaigns every minute, server/cli/deadline_closer.h).
#include <optional>
#include <utility>

#include "server/services/admin.h"
#include "shared/core/time.h"

namespace soundings::server {

namespace {

ServiceError InvalidDate(const std::string& field, const std::string& message) {
  return ServiceError{ErrorKind::kBadRequest, "invalid_date", message, {{field, message}}};
}

}  // namespace

ServiceResult<std::pair<std::string, std::string>> AdminService::CheckedDates(
    const std::string& opens_at, const std::string& closes_at) {
  std::optional<WallClockTime> opens;
  std::optional<WallClockTime> closes;
  if (!opens_at.empty() && !(opens = ParseRfc3339(opens_at))) {
    return InvalidDate("opens_at",
                       "opens_at is not a time like 2027-03-01T09:00:00Z: \"" + opens_at + "\".");
  }
  if (!closes_at.empty() && !(closes = ParseRfc3339(closes_at))) {
    return InvalidDate("closes_at",
                       "closes_at is not a time like 2027-03-14T17:00:00Z: \"" + closes_at + "\".");
  }
  if (opens && closes && *closes <= *opens) {
    return InvalidDate("closes_at",
                       "closes_at (" + closes_at + ") must be after opens_at (" + opens_at + ").");
  }
  if (closes && *closes <= m_clock.Now()) {
    return ServiceError{ErrorKind::kUnprocessable,
                        "closes_in_past",
                        "closes_at (" + closes_at +
                            ") has passed: a campaign would close at once. Close it instead, "
                            "or give a later date.",
                        {{"closes_at", "in the past"}}};
  }
  return std::make_pair(opens ? FormatRfc3339(*opens) : std::string(),
                        closes ? FormatRfc3339(*closes) : std::string());
}

ServiceResult<CampaignRow> AdminService::SetCampaignDates(const std::string& id,
                                                          const std::string& opens_at,
                                                          const std::string& closes_at,
                                                          const std::string& actor) {
  auto campaign = FindCampaign(id);
  if (!campaign) return campaign.error();
  if (campaign->state == "closed") {
    return ServiceError{ErrorKind::kConflict,
                        "campaign_closed",
                        "Campaign \"" + id + "\" is closed: its dates can no longer change.",
                        {}};
  }
  auto dates = CheckedDates(opens_at, closes_at);
  if (!dates) return dates.error();
  auto audited = m_audit.Record(actor, "campaign_dates_set", "campaign:" + id,
                                "opens " + (dates->first.empty() ? "-" : dates->first) +
                                    ", closes " + (dates->second.empty() ? "-" : dates->second));
  if (!audited) return audited.error();
  if (auto s = m_store.SetCampaignDates(id, dates->first, dates->second); !s) {
    return StorageError(s.error());
  }
  CampaignRow row = *campaign;
  row.opens_at = dates->first;
  row.closes_at = dates->second;
  return row;
}

ServiceResult<std::vector<std::string>> AdminService::CloseDueCampaigns(const std::string& actor) {
  auto campaigns = m_store.ListCampaigns();
  if (!campaigns) return StorageError(campaigns.error());
  std::vector<std::string> closed;
  const auto now = m_clock.Now();
  for (const auto& campaign : *campaigns) {
    if (campaign.state != "open" && campaign.state != "closing") continue;
    auto closes = ParseRfc3339(campaign.closes_at);
    if (!closes || *closes > now) continue;
    auto changed = SetCampaignState(campaign.id, "closed", actor);
    if (!changed) return changed.error();
    closed.push_back(campaign.id);
  }
  return closed;
}

}  // namespace soundings::server
