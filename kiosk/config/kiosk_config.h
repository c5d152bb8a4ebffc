#pragma once
// The kiosk's config file (JSON). The device token and bundle live in the outbox database, not
// here: this file holds what an installer sets once.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/session/session.h"
#include "shared/core/error.h"

namespace soundings::kiosk {

struct KioskConfig {
  std::filesystem::path data_dir = "kiosk-data";  // holds kiosk.db
  std::string server_url;                         // "" until enrolled
  std::string venue_id;
  std::string anonymous_campaign_id;
  bool accept_codes = true;
  LocalText title;
  std::chrono::seconds idle_after{60};
  std::chrono::seconds idle_countdown{20};
  std::chrono::seconds thank_you_for{10};
  PartialPolicy anonymous_partial = PartialPolicy::kAsTemplateSays;
  std::chrono::seconds sync_interval{60};
  std::string operator_pin = "2468";  // change it: see kiosk/README.md
  /// Settings read but no longer used ("languages": the templates decide); said at start-up.
  Problems warnings;

  /// The session settings this config implies.
  SessionConfig ToSessionConfig() const;
};

/// Reads `path`; every problem comes back with its JSON path ("idle_seconds: must be ...").
/// Unknown keys are problems too, so a typo is not silently ignored.
Result<KioskConfig> LoadKioskConfig(const std::filesystem::path& path);
Result<KioskConfig> ParseKioskConfig(const std::string& json_text, const std::string& origin);

/// The config as JSON, as LoadKioskConfig reads it.
std::string KioskConfigToJson(const KioskConfig& config);

}  // namespace soundings::kiosk
