#include "kiosk/session/catalogue.h"

#include "shared/sync/invitation_code.h"

namespace soundings::kiosk {

std::string SimpleNormaliseCode(std::string_view typed) {
  return sync::CanonicalInvitationCharacters(typed);
}

void MemoryCatalogue::AddCampaign(Campaign campaign) { m_campaigns.push_back(std::move(campaign)); }

void MemoryCatalogue::AddCode(const std::string& code, Unlock unlock) {
  unlock.invitation_code = SimpleNormaliseCode(code);
  m_codes[unlock.invitation_code] = std::move(unlock);
}

const Campaign* MemoryCatalogue::FindCampaign(const std::string& id) const {
  for (const auto& campaign : m_campaigns)
    if (campaign.id == id) return &campaign;
  return nullptr;
}

std::optional<Unlock> MemoryCatalogue::CheckCode(std::string_view typed, CodeCheck* why_not) const {
  auto it = m_codes.find(SimpleNormaliseCode(typed));
  if (it == m_codes.end()) {
    if (why_not) *why_not = CodeCheck::kUnknown;
    return std::nullopt;
  }
  return it->second;
}

}  // namespace soundings::kiosk
