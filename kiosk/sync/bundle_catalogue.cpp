#include "kiosk/sync/bundle_catalogue.h"

#include "shared/sync/invitation_code.h"
#include "shared/templates/parser.h"

namespace soundings::kiosk {

Result<std::shared_ptr<BundleCatalogue>> BundleCatalogue::Build(const sync::Bundle& bundle,
                                                                std::function<std::string()> now) {
  auto catalogue = std::make_shared<BundleCatalogue>();
  catalogue->m_now = std::move(now);
  std::vector<std::shared_ptr<const Template>> templates;
  for (std::size_t i = 0; i < bundle.templates.size(); ++i) {
    // Bundled templates arrive with their modules already expanded.
    auto parsed = ParseTemplate(bundle.templates[i], ModuleSource{});
    if (!parsed.ok()) {
      catalogue->m_warnings.push_back(
          {"templates[" + std::to_string(i) + "]", "cannot be used: " + parsed.ErrorText()});
      continue;
    }
    templates.push_back(std::make_shared<const Template>(std::move(parsed.value())));
  }
  for (const auto& c : bundle.campaigns) {
    std::shared_ptr<const Template> tmpl;
    for (const auto& t : templates)
      if (t->id == c.template_id && t->version == c.template_version) tmpl = t;
    if (!tmpl) {
      catalogue->m_warnings.push_back(
          {"campaigns." + c.id, "its template version is not in the bundle"});
      continue;
    }
    catalogue->m_campaigns.push_back(
        {c.id, tmpl, c.state == sync::CampaignState::kClosing, c.closes_at});
  }
  if (bundle.code_hash_scheme.empty() || bundle.code_hash_scheme == sync::kInvitationHashScheme)
    catalogue->m_invitations = bundle.invitations;
  else
    catalogue->m_warnings.push_back(
        {"code_hash_scheme",
         "unknown scheme \"" + bundle.code_hash_scheme + "\": codes cannot be checked"});
  return catalogue;
}

const Campaign* BundleCatalogue::FindCampaign(const std::string& id) const {
  for (const auto& campaign : m_campaigns)
    if (campaign.id == id) return &campaign;
  return nullptr;
}

std::optional<Unlock> BundleCatalogue::CheckCode(std::string_view typed, CodeCheck* why_not) const {
  if (why_not) *why_not = CodeCheck::kUnknown;
  auto normalised = sync::NormaliseInvitationCode(std::string(typed));
  if (!normalised.ok()) return std::nullopt;
  for (const auto& invitation : m_invitations) {
    if (!sync::InvitationCodeMatches(*normalised, invitation.code_hash, invitation.salt)) continue;
    const Campaign* campaign = FindCampaign(invitation.campaign_id);
    const bool expired =
        !invitation.expires_at.empty() && m_now && invitation.expires_at <= m_now();
    // A closing campaign still takes what offline kiosks hold, but no new respondents.
    if (expired || !campaign || campaign->closing) {
      if (why_not) *why_not = CodeCheck::kExpired;
      return std::nullopt;
    }
    return Unlock{*normalised, invitation.campaign_id, invitation.subject_display_name,
                  invitation.rater_group};
  }
  return std::nullopt;
}

}  // namespace soundings::kiosk
