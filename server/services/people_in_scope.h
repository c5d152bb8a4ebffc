#pragma once
// Who falls under a permission's scope (server/core/access.h): the units a reader leads and
// those below, and the people in them. Reports use it for whose figures a reader sees; services
// for whose nominations a manager approves.

#include <set>
#include <string>
#include <vector>

#include "server/core/principal.h"
#include "server/store/store.h"

namespace soundings::server {

/// The units whose rollups `who` may see under `permission` (access.h): every unit for
/// Scope::kAll, the units they lead and every unit below them for Scope::kLed, none otherwise.
std::set<std::string> UnitsInScope(const Principal& who, Permission permission,
                                   const std::vector<OrgUnitRow>& units);
/// Whose person-level figures (one subject's report) `who` may see under `permission`: everyone
/// for Scope::kAll; their own person for Scope::kOwn; for Scope::kLed, themselves and everyone in
/// the units they lead and the units below them (a head of service's own service).
class PeopleInScope {
 public:
  PeopleInScope(const Principal& who, Permission permission, const std::vector<OrgUnitRow>& units);
  /// Whether the person `person_id`, of the unit `unit_id` ("" for none), is in scope.
  bool Covers(const std::string& person_id, const std::string& unit_id) const;

 private:
  Scope m_scope;
  std::string m_person_id;
  std::set<std::string> m_units;
};

}  // namespace soundings::server
