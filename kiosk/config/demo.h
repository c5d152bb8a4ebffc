#pragma once
// The demo configuration: the bundled templates as offline campaigns, so the kiosk (and its
// screenshots) work with no server at all.

#include <filesystem>
#include <memory>

#include "kiosk/session/catalogue.h"
#include "shared/core/error.h"

namespace soundings::kiosk {

/// The demo invitation code (for the ME2E 360, rating "Sam Example" as a peer).
inline constexpr const char* kDemoCode = "DEMO-2468-KQ7";
inline constexpr const char* kDemoConsultationCampaign = "demo-me-my-life";
inline constexpr const char* kDemo360Campaign = "demo-me2e-360";

/// Campaigns over templates/me-my-life-my-community.json and templates/me2e-360.json.
Result<std::shared_ptr<MemoryCatalogue>> DemoCatalogue(const std::filesystem::path& template_dir);

/// A catalogue for one template file: a consultation as the walk-up survey, any other kind
/// behind kDemoCode (rater group "peer" when the template has one, else its first group).
Result<std::shared_ptr<MemoryCatalogue>> SingleTemplateCatalogue(const std::filesystem::path& file,
                                                                 std::string* campaign_id);

}  // namespace soundings::kiosk
