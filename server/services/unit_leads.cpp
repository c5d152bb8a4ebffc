// Unit leads: who leads a unit decides which teams a manager's reports cover
// (people_in_scope.cpp). Imports set them too; this is the one-at-a-time way, for the API, the
// CLI and the dashboard.
#include <algorithm>
#include <string>
#include <vector>

#include "server/services/admin.h"

namespace soundings::server {

ServiceResult<std::vector<OrgUnitRow>> AdminService::ListUnits() {
  auto units = m_store.ListOrgUnits();
  if (!units) return StorageError(units.error());
  return std::move(units).value();
}

ServiceResult<std::vector<PersonRow>> AdminService::ListPeople() {
  auto people = m_store.ListPeople();
  if (!people) return StorageError(people.error());
  return std::move(people).value();
}

ServiceResult<OrgUnitRow> AdminService::SetUnitLead(const std::string& unit_id,
                                                    const std::string& person_id,
                                                    const std::string& actor) {
  auto units = m_store.ListOrgUnits();
  if (!units) return StorageError(units.error());
  auto unit = std::find_if(units->begin(), units->end(),
                           [&](const OrgUnitRow& u) { return u.id == unit_id; });
  if (unit == units->end()) {
    return ServiceError{ErrorKind::kNotFound, "not_found", "No unit \"" + unit_id + "\".", {}};
  }
  if (!person_id.empty()) {
    auto people = m_store.ListPeople();
    if (!people) return StorageError(people.error());
    const bool known = std::any_of(people->begin(), people->end(),
                                   [&](const PersonRow& p) { return p.id == person_id; });
    if (!known) {
      return ServiceError{ErrorKind::kUnprocessable,
                          "unknown_person",
                          "No person \"" + person_id + "\": import them before making them a lead.",
                          {{"person_id", "no such person"}}};
    }
  }
  const std::string was = unit->lead_person_id.empty() ? "none" : unit->lead_person_id;
  const std::string now = person_id.empty() ? "none" : person_id;
  // Audited first, as every change here is: a change the log cannot record is not made.
  auto audited = m_audit.Record(actor, "unit_lead_set", "unit:" + unit_id, was + " -> " + now);
  if (!audited) return audited.error();
  if (auto s = m_store.SetUnitLead(unit_id, person_id); !s) {
    if (s.error().code == 12) {
      return ServiceError{ErrorKind::kNotFound, "not_found", "No unit \"" + unit_id + "\".", {}};
    }
    return StorageError(s.error());
  }
  OrgUnitRow row = *unit;
  row.lead_person_id = person_id;
  return row;
}

}  // namespace soundings::server
