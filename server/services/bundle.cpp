#include "server/services/bundle.h"

#include <set>
#include <utility>

#include "shared/sync/invitation_code.h"

namespace soundings::server {

ServiceResult<sync::Bundle> BuildBundle(Store& store, const Clock& clock) {
  sync::Bundle bundle;
  bundle.code_hash_scheme = sync::kInvitationHashScheme;
  auto campaigns = store.ListCampaigns();
  if (!campaigns) return StorageError(campaigns.error());
  const std::string now = FormatRfc3339(clock.Now());
  std::set<std::pair<std::string, int>> versions;
  for (const auto& c : *campaigns) {
    if (c.state != "open" && c.state != "closing") continue;
    bundle.campaigns.push_back(
        {c.id, c.template_id, c.template_version, c.title,
         c.state == "closing" ? sync::CampaignState::kClosing : sync::CampaignState::kOpen, c.kind,
         c.closes_at});
    versions.insert({c.template_id, c.template_version});
    if (c.kind == "consultation") continue;
    auto invitations = store.ListInvitations(c.id);
    if (!invitations) return StorageError(invitations.error());
    for (const auto& i : *invitations) {
      // RFC 3339 UTC strings of one format compare in time order.
      // A subject whose collection HR closed early takes no more answers: kiosks that fetch
      // this bundle refuse their codes offline as ingest would online.
      // Used invitations stay (issue 16, finding 5): a bundle without them, or an ETag that
      // changed at each use, would tell anyone holding two bundles which rater has answered, and
      // with the report before and after, what they said. A second use is caught at sync, where
      // MarkInvitationUsed keeps the response aside.
      if (i.expires_at <= now || !i.subject_closed_at.empty()) continue;
      bundle.invitations.push_back({i.code_hash, i.salt, i.campaign_id, i.subject_display_name,
                                    i.rater_group, i.expires_at});
    }
  }
  for (const auto& [id, version] : versions) {
    auto row = store.GetTemplateVersion(id, version);
    if (!row) return StorageError(row.error());
    if (!row->has_value()) continue;
    auto document = nlohmann::json::parse((*row)->document, nullptr, false);
    if (!document.is_discarded()) bundle.templates.push_back(std::move(document));
  }
  auto venues = store.ListVenues();
  if (!venues) return StorageError(venues.error());
  for (const auto& v : *venues) {
    bundle.venues.push_back({v.id, v.name, v.area, v.settlement, v.ward});
  }
  bundle.etag = sync::ComputeBundleEtag(bundle);
  return bundle;
}

}  // namespace soundings::server
