#pragma once
// The one access policy: the roles, what each may do (Permission) and over which objects
// (Scope), in one table (access.cpp). Routes declare the permission they need and
// ApiServer::AddUserRoute refuses every role without it (403, audited); services ask ScopeOf for
// the objects a caller may see (a manager's own report, the units they lead); GET /api/v1/me
// hands the caller's permissions to the dashboard, which shows only what they allow.
// docs/reports.md ("Who may see what") and docs/dashboard.md describe this table.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soundings::server {

/// A user's role. kNone holds no permission: a default Principal, or a role this policy does
/// not know.
/// kHeadOfService oversees the managers of their own service (the units they lead and those
/// below): completion and released reports there, and never answers.
enum class Role { kNone, kAdmin, kHr, kManager, kAnalyst, kHeadOfService };

/// The roles a user can be given, in the order docs and errors list them.
inline constexpr std::array<Role, 5> kRoles = {Role::kAdmin, Role::kHr, Role::kManager,
                                               Role::kAnalyst, Role::kHeadOfService};

/// What a signed-in user may do. Each route needs exactly one; the names (PermissionName) are
/// what /api/v1/me, docs/openapi.json (x-permission) and the dashboard use.
enum class Permission {
  kSession,              // "session": sign out, who am I
  kCampaignsRead,        // "campaigns.read": campaigns, their labels, the subjects one may open
  kCampaignsManage,      // "campaigns.manage": create, state, nominations, invitations, templates
  kCampaignsOverview,    // "campaigns.overview": the dashboard's campaign overview
  kCampaignsCompletion,  // "campaigns.completion": invited / received per subject and group
  kPeopleImport,         // "people.import": the units and people CSV import
  kUsersManage,          // "users.manage": list and add users, change roles
  kDevicesManage,        // "devices.manage": kiosks, enrolment codes, revocation
  kAuditRead,            // "audit.read": the audit log and the conflicts kept aside
  kReportsIndividual,    // "reports.individual": one subject's 360, as JSON or PDF
  kReportsTeams,         // "reports.teams": team rollups and the heatmap
  kReportsOrganisation,  // "reports.organisation": strengths, weaknesses, training needs
  kReportsConsultation,  // "reports.consultation": consultation results and cross-tabs
  kReportsImpact,        // "reports.impact": impact over time (its parts by the scopes above)
  kReportsCoaching,      // "reports.coaching": the coaching list and project teams
  kReportsServices,      // "reports.services": self-assessment per service
  kReportsLive,          // "reports.live": a 360's or self-assessment's figures while it collects
  kReportsRelease,       // "reports.release": release a subject's report to them and their manager
  kResponsesExport,      // "responses.export": CSV and JSON exports, every subject's PDF
  kPublicPageEdit,       // "public_page.edit": the public page's text and publishing
  kNominationsPropose,   // "nominations.propose": a subject proposes their own raters
  kNominationsApprove,   // "nominations.approve": approve or decline raters proposed by subjects
  kVenuesManage,         // "venues.manage": add venues, rename them, change ward, area, postcode
};

/// Over which objects a role holds a permission.
enum class Scope {
  kNone,  // not at all: the route answers 403
  kOwn,   // only what is about the caller's own person (a manager's own 360)
  kLed,   // only the units the caller leads and the units below them
  kAll,   // everything
};

/// Every permission, in declaration order.
const std::vector<Permission>& AllPermissions();

/// The role called `name` ("hr"); nullopt for any other text.
std::optional<Role> ParseRole(std::string_view name);
/// "admin", "hr", "manager", "analyst", "head_of_service" ("none" for kNone).
std::string_view RoleName(Role role);
/// "reports.individual" and so on.
std::string_view PermissionName(Permission permission);
/// "none", "own", "led", "all".
std::string_view ScopeName(Scope scope);

/// Over which objects `role` holds `permission`: the policy's one table.
Scope ScopeOf(Role role, Permission permission);
/// Whether `role` holds `permission` at all.
inline bool Allows(Role role, Permission permission) {
  return ScopeOf(role, permission) != Scope::kNone;
}
/// The roles (of kRoles) holding `permission`.
std::vector<Role> RolesWith(Permission permission);

}  // namespace soundings::server
