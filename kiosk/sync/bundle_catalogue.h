#pragma once
// A Catalogue over the bundle the server sent: its template versions, open and closing
// campaigns, and invitation codes checked offline against their salted hashes.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/session/catalogue.h"
#include "shared/core/error.h"
#include "shared/sync/protocol.h"

namespace soundings::kiosk {

class BundleCatalogue final : public Catalogue {
 public:
  /// Parses every template in `bundle`; a template that does not parse is a problem (with its
  /// index) and its campaigns are left out. `now` gives the RFC 3339 time for code expiry.
  static Result<std::shared_ptr<BundleCatalogue>> Build(const sync::Bundle& bundle,
                                                        std::function<std::string()> now);

  const Campaign* FindCampaign(const std::string& id) const override;
  std::optional<Unlock> CheckCode(std::string_view typed, CodeCheck* why_not) const override;
  const std::vector<Campaign>& Campaigns() const override { return m_campaigns; }
  /// Problems met while building (bad templates); the rest still works.
  const Problems& Warnings() const { return m_warnings; }

 private:
  std::vector<Campaign> m_campaigns;
  std::vector<sync::BundleInvitation> m_invitations;
  std::function<std::string()> m_now;
  Problems m_warnings;
};

}  // namespace soundings::kiosk
