// The one access policy (server/core/access.h): its table, and the object scopes reports ask of
// it (server/reports/report_parts.h).
#include "server/core/access.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/principal.h"
#include "server/reports/report_parts.h"

namespace soundings::server {
namespace {

TEST(AccessPolicy, EveryRoleAndPermissionHasAStableNameThatParsesBack) {
  for (Role role : kRoles) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_FALSE(ParseRole("none").has_value());
  EXPECT_FALSE(ParseRole("Admin").has_value());
  std::set<std::string> names;
  for (Permission permission : AllPermissions()) {
    names.insert(std::string(PermissionName(permission)));
  }
  EXPECT_EQ(names.size(), AllPermissions().size()) << "two permissions share a name";
}

TEST(AccessPolicy, ScopesFollowDocsReportsWhoMaySeeWhat) {
  struct Case {
    Permission permission;
    std::vector<Scope> scopes;  // admin, hr, manager, analyst, head_of_service
  };
  constexpr Scope kAll = Scope::kAll;
  constexpr Scope kLed = Scope::kLed;
  constexpr Scope kOwn = Scope::kOwn;
  constexpr Scope kNo = Scope::kNone;
  const std::vector<Case> cases = {
      {Permission::kReportsIndividual, {kAll, kAll, kLed, kNo, kLed}},
      {Permission::kReportsTeams, {kAll, kAll, kLed, kAll, kLed}},
      {Permission::kReportsOrganisation, {kAll, kAll, kNo, kAll, kNo}},
      {Permission::kReportsConsultation, {kAll, kAll, kNo, kAll, kNo}},
      {Permission::kReportsServices, {kAll, kAll, kLed, kAll, kLed}},
      {Permission::kReportsCoaching, {kAll, kAll, kNo, kNo, kNo}},
      {Permission::kReportsLive, {kAll, kAll, kNo, kNo, kNo}},
      {Permission::kReportsRelease, {kAll, kAll, kNo, kNo, kNo}},
      {Permission::kCampaignsCompletion, {kAll, kAll, kNo, kNo, kLed}},
      {Permission::kCampaignsManage, {kAll, kAll, kNo, kNo, kNo}},
      {Permission::kResponsesExport, {kAll, kAll, kNo, kNo, kNo}},
      {Permission::kUsersManage, {kAll, kNo, kNo, kNo, kNo}},
      {Permission::kDevicesManage, {kAll, kNo, kNo, kNo, kNo}},
      // A subject proposes their own raters; whoever leads them approves (HR and admin too).
      {Permission::kNominationsPropose, {kNo, kNo, kOwn, kNo, kOwn}},
      {Permission::kNominationsApprove, {kAll, kAll, kLed, kNo, kLed}},
      {Permission::kVenuesManage, {kAll, kAll, kNo, kNo, kNo}},
  };
  for (const Case& c : cases) {
    for (std::size_t r = 0; r < kRoles.size(); ++r) {
      EXPECT_EQ(ScopeOf(kRoles[r], c.permission), c.scopes[r])
          << RoleName(kRoles[r]) << " " << PermissionName(c.permission);
    }
  }
}

TEST(AccessPolicy, NoRoleHoldsNothingAndAnUnknownRoleNameIsNoRole) {
  for (Permission permission : AllPermissions()) {
    EXPECT_FALSE(Allows(Role::kNone, permission)) << PermissionName(permission);
  }
  const Principal stranger(7, "x", std::string_view("superuser"), "");
  EXPECT_EQ(stranger.role, Role::kNone);
  EXPECT_FALSE(stranger.Allows(Permission::kSession));
  EXPECT_EQ(Principal().role, Role::kNone);
}

TEST(AccessPolicy, RolesWithAPermissionAreListedInRoleOrder) {
  const std::vector<Role> export_roles = {Role::kAdmin, Role::kHr};
  EXPECT_EQ(RolesWith(Permission::kResponsesExport), export_roles);
  const std::vector<Role> everyone(kRoles.begin(), kRoles.end());
  EXPECT_EQ(RolesWith(Permission::kSession), everyone);
}

// council > {adults > {north, south}, children}; Lee leads adults, Kim leads north.
const std::vector<OrgUnitRow> kUnits = {{"council", "", "organisation", "Council", "ceo"},
                                        {"adults", "council", "directorate", "Adults", "lee"},
                                        {"north", "adults", "team", "North", "kim"},
                                        {"south", "adults", "team", "South", ""},
                                        {"children", "council", "directorate", "Children", ""}};

TEST(AccessScope, AManagerSeesTheUnitsTheyLeadAndEveryUnitBelowThem) {
  using report_parts::UnitsInScope;
  const Principal lee(1, "lee", Role::kManager, "lee");
  EXPECT_EQ(UnitsInScope(lee, Permission::kReportsTeams, kUnits),
            (std::set<std::string>{"adults", "north", "south"}));
  const Principal kim(2, "kim", Role::kManager, "kim");
  EXPECT_EQ(UnitsInScope(kim, Permission::kReportsServices, kUnits),
            std::set<std::string>{"north"});
  const Principal nobody(3, "m", Role::kManager, "");
  EXPECT_TRUE(UnitsInScope(nobody, Permission::kReportsTeams, kUnits).empty());
  const Principal analyst(4, "a", Role::kAnalyst, "");
  EXPECT_EQ(UnitsInScope(analyst, Permission::kReportsTeams, kUnits).size(), kUnits.size());
  EXPECT_TRUE(UnitsInScope(analyst, Permission::kReportsCoaching, kUnits).empty());
}

TEST(AccessScope, AManagerSeesTheirOwnReportAndTheirStaffsButNotTheirOwnManagers) {
  using report_parts::PeopleInScope;
  const Principal kim(2, "kim", Role::kManager, "kim");
  const PeopleInScope kims(kim, Permission::kReportsIndividual, kUnits);
  EXPECT_TRUE(kims.Covers("kim", "north"));
  EXPECT_TRUE(kims.Covers("pat", "north")) << "Kim leads north: Pat is her staff";
  EXPECT_FALSE(kims.Covers("lee", "adults")) << "Lee leads the unit above Kim's";
  EXPECT_FALSE(kims.Covers("sam", "south")) << "a colleague's team";
  const Principal no_person(3, "m", Role::kManager, "");
  EXPECT_FALSE(PeopleInScope(no_person, Permission::kReportsIndividual, kUnits).Covers("", ""));
  const Principal hr(5, "h", Role::kHr, "");
  EXPECT_TRUE(PeopleInScope(hr, Permission::kReportsIndividual, kUnits).Covers("lee", "adults"));
  const Principal analyst(4, "a", Role::kAnalyst, "");
  EXPECT_FALSE(
      PeopleInScope(analyst, Permission::kReportsIndividual, kUnits).Covers("lee", "adults"));
}

TEST(AccessScope, AHeadOfServiceSeesThePeopleOfTheirOwnServiceAndNoOneElse) {
  using report_parts::PeopleInScope;
  const Principal lee(1, "lee", Role::kHeadOfService, "lee");
  const PeopleInScope lees(lee, Permission::kReportsIndividual, kUnits);
  EXPECT_TRUE(lees.Covers("lee", "adults"));
  EXPECT_TRUE(lees.Covers("kim", "north"));
  EXPECT_TRUE(lees.Covers("sam", "south"));
  EXPECT_FALSE(lees.Covers("ceo", "council")) << "the unit above Lee's";
  EXPECT_FALSE(lees.Covers("cat", "children")) << "a sibling directorate";
  EXPECT_FALSE(lees.Covers("nobody", "")) << "a person in no unit";
  const PeopleInScope lees_completion(lee, Permission::kCampaignsCompletion, kUnits);
  EXPECT_TRUE(lees_completion.Covers("kim", "north"));
  EXPECT_FALSE(lees_completion.Covers("cat", "children"));
  // Nothing live, nothing to manage, no organisation-wide or consultation figures.
  for (Permission permission :
       {Permission::kReportsLive, Permission::kReportsRelease, Permission::kCampaignsManage,
        Permission::kReportsOrganisation, Permission::kReportsConsultation,
        Permission::kResponsesExport, Permission::kCampaignsOverview}) {
    EXPECT_FALSE(lee.Allows(permission)) << PermissionName(permission);
  }
  const Principal unplaced(9, "h", Role::kHeadOfService, "");
  EXPECT_FALSE(
      PeopleInScope(unplaced, Permission::kReportsIndividual, kUnits).Covers("kim", "north"));
}

TEST(AccessScope, OnlyHrAndAdminSeeA360sFiguresBeforeItCloses) {
  using report_parts::StillCollecting;
  const Principal kim(2, "kim", Role::kManager, "kim");
  const Principal analyst(4, "a", Role::kAnalyst, "");
  const Principal hr(5, "h", Role::kHr, "");
  const Principal admin(6, "root", Role::kAdmin, "");
  CampaignRow c360{"c360", "lead", 1, "Lead 2026", "appraisal360", "open"};
  for (const char* state : {"draft", "open", "closing"}) {
    c360.state = state;
    for (const Principal* reader : {&kim, &analyst}) {
      auto refusal = StillCollecting(*reader, c360);
      ASSERT_TRUE(refusal.has_value()) << state << " " << reader->username;
      EXPECT_EQ(refusal->kind, ErrorKind::kConflict);
      EXPECT_EQ(refusal->code, "still_collecting");
      EXPECT_NE(refusal->message.find("Lead 2026"), std::string::npos) << refusal->message;
    }
    EXPECT_FALSE(StillCollecting(hr, c360).has_value()) << state;
    EXPECT_FALSE(StillCollecting(admin, c360).has_value()) << state;
  }
  c360.state = "closed";
  EXPECT_FALSE(StillCollecting(kim, c360).has_value());
  EXPECT_FALSE(StillCollecting(analyst, c360).has_value());
  CampaignRow self{"self", "sa", 1, "Self 2026", "self_assessment", "open"};
  EXPECT_TRUE(StillCollecting(kim, self).has_value());
  // A consultation's disclosure control is the suppression of small cells, not the close.
  CampaignRow parks{"parks", "parks", 1, "Parks", "consultation", "open"};
  EXPECT_FALSE(StillCollecting(analyst, parks).has_value());
  EXPECT_EQ(RolesWith(Permission::kReportsLive), (std::vector<Role>{Role::kAdmin, Role::kHr}));
}

}  // namespace
}  // namespace soundings::server
