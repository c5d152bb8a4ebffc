#include "server/core/access.h"

#include <algorithm>

namespace soundings::server {

namespace {

struct Grant {
  Permission permission;
  Scope admin;
  Scope hr;
  Scope manager;
  Scope analyst;
  Scope head_of_service;
};

constexpr Scope kNo = Scope::kNone;
constexpr Scope kOwn = Scope::kOwn;
constexpr Scope kLed = Scope::kLed;
constexpr Scope kAll = Scope::kAll;

// The policy. Analysts see aggregates only: never one person's report, never row-level exports
// (docs/reports.md). Managers see their own 360 and the units they lead (their staff's released
// reports too, to talk them through), not the organisation or consultations. Only admin and hr hold
// reports.live: everyone else sees a 360's or self-assessment's rollups once the campaign has
// closed, when no response can change them, as a figure re-read while responses arrive tells the
// reader the newest rater's answers, and one person's report only once admin or hr has released it
// (reports.release): a frozen copy. A head of service oversees the managers of their own service
// (the units they lead and those below): who is short of responses there while the campaign
// collects, and the same frozen reports and closed rollups a manager reads, for everyone in that
// part of the organisation.
constexpr std::array<Grant, 23> kTable = {{
    //                                        admin  hr  manager analyst head_of_service
    {Permission::kSession, kAll, kAll, kAll, kAll, kAll},
    {Permission::kCampaignsRead, kAll, kAll, kAll, kAll, kAll},
    {Permission::kCampaignsManage, kAll, kAll, kNo, kNo, kNo},
    {Permission::kCampaignsOverview, kAll, kAll, kNo, kNo, kNo},
    {Permission::kCampaignsCompletion, kAll, kAll, kNo, kNo, kLed},
    {Permission::kPeopleImport, kAll, kAll, kNo, kNo, kNo},
    {Permission::kUsersManage, kAll, kNo, kNo, kNo, kNo},
    {Permission::kDevicesManage, kAll, kNo, kNo, kNo, kNo},
    {Permission::kAuditRead, kAll, kNo, kNo, kNo, kNo},
    {Permission::kReportsIndividual, kAll, kAll, kLed, kNo, kLed},
    {Permission::kReportsTeams, kAll, kAll, kLed, kAll, kLed},
    {Permission::kReportsOrganisation, kAll, kAll, kNo, kAll, kNo},
    {Permission::kReportsConsultation, kAll, kAll, kNo, kAll, kNo},
    {Permission::kReportsImpact, kAll, kAll, kLed, kAll, kLed},
    {Permission::kReportsCoaching, kAll, kAll, kNo, kNo, kNo},
    {Permission::kReportsServices, kAll, kAll, kLed, kAll, kLed},
    {Permission::kReportsLive, kAll, kAll, kNo, kNo, kNo},
    {Permission::kReportsRelease, kAll, kAll, kNo, kNo, kNo},
    {Permission::kResponsesExport, kAll, kAll, kNo, kNo, kNo},
    {Permission::kPublicPageEdit, kAll, kAll, kNo, kNo, kNo},
    // Where HR lets subjects choose their raters: the subject proposes (a manager or head of
    // service being appraised), the people who lead them approve (HR and admin too).
    {Permission::kNominationsPropose, kNo, kNo, kOwn, kNo, kOwn},
    {Permission::kNominationsApprove, kAll, kAll, kLed, kNo, kLed},
    // Venues are the consultations' places, as HR runs them; reading them needs
    // reports.consultation (the segments they make).
    {Permission::kVenuesManage, kAll, kAll, kNo, kNo, kNo},
}};

constexpr std::array<std::string_view, 23> kPermissionNames = {"session",
                                                               "campaigns.read",
                                                               "campaigns.manage",
                                                               "campaigns.overview",
                                                               "campaigns.completion",
                                                               "people.import",
                                                               "users.manage",
                                                               "devices.manage",
                                                               "audit.read",
                                                               "reports.individual",
                                                               "reports.teams",
                                                               "reports.organisation",
                                                               "reports.consultation",
                                                               "reports.impact",
                                                               "reports.coaching",
                                                               "reports.services",
                                                               "reports.live",
                                                               "reports.release",
                                                               "responses.export",
                                                               "public_page.edit",
                                                               "nominations.propose",
                                                               "nominations.approve",
                                                               "venues.manage"};

constexpr bool TablesFollowTheEnum() {
  for (std::size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<std::size_t>(kTable[i].permission) != i) return false;
  }
  return kTable.size() == kPermissionNames.size() &&
         static_cast<std::size_t>(Permission::kVenuesManage) + 1 == kTable.size();
}
static_assert(TablesFollowTheEnum(), "kTable and kPermissionNames list every Permission in order");

}  // namespace

const std::vector<Permission>& AllPermissions() {
  static const std::vector<Permission> kAllPermissions = [] {
    std::vector<Permission> out;
    out.reserve(kTable.size());
    for (const Grant& grant : kTable) out.push_back(grant.permission);
    return out;
  }();
  return kAllPermissions;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : kRoles) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kHr:
      return "hr";
    case Role::kManager:
      return "manager";
    case Role::kAnalyst:
      return "analyst";
    case Role::kHeadOfService:
      return "head_of_service";
    case Role::kNone:
      break;
  }
  return "none";
}

std::string_view PermissionName(Permission permission) {
  return kPermissionNames.at(static_cast<std::size_t>(permission));
}

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kOwn:
      return "own";
    case Scope::kLed:
      return "led";
    case Scope::kAll:
      return "all";
    case Scope::kNone:
      break;
  }
  return "none";
}

Scope ScopeOf(Role role, Permission permission) {
  const Grant& grant = kTable.at(static_cast<std::size_t>(permission));
  switch (role) {
    case Role::kAdmin:
      return grant.admin;
    case Role::kHr:
      return grant.hr;
    case Role::kManager:
      return grant.manager;
    case Role::kAnalyst:
      return grant.analyst;
    case Role::kHeadOfService:
      return grant.head_of_service;
    case Role::kNone:
      break;
  }
  return Scope::kNone;
}

std::vector<Role> RolesWith(Permission permission) {
  std::vector<Role> out;
  std::copy_if(kRoles.begin(), kRoles.end(), std::back_inserter(out),
               [&](Role role) { return Allows(role, permission); });
  return out;
}

}  // namespace soundings::server
