#pragma once
// What the kiosk can offer while offline: campaigns with their template versions and the
// invitation codes that unlock them. The bundle from the server fills one (sync/); tests and the
// demo build one in code.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/templates/model.h"

namespace soundings::kiosk {

struct Campaign {
  std::string id;
  std::shared_ptr<const Template> tmpl;
  bool closing = false;     // closing campaigns take no new anonymous respondents
  std::string closes_at{};  // RFC 3339 UTC deadline from the server; "" when none is set
};

/// What a valid invitation code opens: whom the person rates, and as which group.
struct Unlock {
  std::string invitation_code;  // normalised, as it travels to the server
  std::string campaign_id;
  std::string subject_name;
  std::string rater_group;
};

enum class CodeCheck { kUnknown, kExpired };

class Catalogue {
 public:
  virtual ~Catalogue() = default;
  virtual const Campaign* FindCampaign(const std::string& id) const = 0;
  /// Every campaign offered, open and closing, in the order they were added.
  virtual const std::vector<Campaign>& Campaigns() const = 0;
  /// The invitation `typed` opens (any spacing or case the person used), or why not.
  virtual std::optional<Unlock> CheckCode(std::string_view typed, CodeCheck* why_not) const = 0;
};

/// A catalogue held in memory, keyed by already-normalised codes.
class MemoryCatalogue final : public Catalogue {
 public:
  void AddCampaign(Campaign campaign);
  void AddCode(const std::string& code, Unlock unlock);
  const Campaign* FindCampaign(const std::string& id) const override;
  const std::vector<Campaign>& Campaigns() const override { return m_campaigns; }
  std::optional<Unlock> CheckCode(std::string_view typed, CodeCheck* why_not) const override;

 private:
  std::vector<Campaign> m_campaigns;
  std::map<std::string, Unlock> m_codes;
};

/// Upper-case letters and digits only, O read as 0 and I or L as 1, as codes are checked:
/// "demo-2468 kq7" -> "DEM02468KQ7".
std::string SimpleNormaliseCode(std::string_view typed);

}  // namespace soundings::kiosk
