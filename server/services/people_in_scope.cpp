#include "server/services/people_in_scope.h"

namespace soundings::server {

std::set<std::string> UnitsInScope(const Principal& who, Permission permission,
                                   const std::vector<OrgUnitRow>& units) {
  std::set<std::string> in_scope;
  const Scope scope = who.ScopeOf(permission);
  if (scope == Scope::kAll) {
    for (const auto& u : units) in_scope.insert(u.id);
    return in_scope;
  }
  if (scope != Scope::kLed || who.person_id.empty()) return in_scope;
  for (const auto& u : units) {
    if (u.lead_person_id == who.person_id) in_scope.insert(u.id);
  }
  // Units below a led unit belong to the leader too.
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& u : units) {
      if (!in_scope.contains(u.id) && in_scope.contains(u.parent_id)) {
        in_scope.insert(u.id);
        grew = true;
      }
    }
  }
  return in_scope;
}

PeopleInScope::PeopleInScope(const Principal& who, Permission permission,
                             const std::vector<OrgUnitRow>& units)
    : m_scope(who.ScopeOf(permission)), m_person_id(who.person_id) {
  if (m_scope == Scope::kLed) m_units = UnitsInScope(who, permission, units);
}

bool PeopleInScope::Covers(const std::string& person_id, const std::string& unit_id) const {
  const bool own = !m_person_id.empty() && m_person_id == person_id;
  switch (m_scope) {
    case Scope::kAll:
      return true;
    case Scope::kOwn:
      return own;
    case Scope::kLed:
      return own || (!unit_id.empty() && m_units.contains(unit_id));
    case Scope::kNone:
      break;
  }
  return false;
}

}  // namespace soundings::server
