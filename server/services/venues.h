#pragma once
// Venues, the places a consultation's kiosks stand (issue 13 item 4), shared by the API, the CLI
// and the dashboard: list, add, change and import them, every field checked before SQL so a bad
// area or postcode is a 400 naming its field, never a CHECK failure. Reports read venues when
// they are asked for (consultation_tally.h), so renaming a venue or moving it to another area
// or ward shows in every report at once, with no rebuild of counts.

#include <optional>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/services/audit_log.h"
#include "server/store/store.h"

namespace soundings::server {

/// The fields of a venue to change; those left nullopt keep their value. The id never changes:
/// responses are stored with it.
struct VenueChanges {
  std::optional<std::string> name;
  std::optional<std::string> ward;
  std::optional<std::string> area;
  std::optional<std::string> settlement;
  std::optional<std::string> postcode;
};

/// `venue` trimmed and normalised (area and settlement lower case, the postcode as "DL7 8AD"),
/// or every problem with its field as path ("id", "name", "ward", "area", "settlement",
/// "postcode"). `check_id` false leaves the id as it is (a venue being changed keeps its id,
/// whatever an older version allowed).
Result<VenueRow> CheckVenue(const VenueRow& venue, bool check_id = true);

class VenueService {
 public:
  VenueService(Store& store, const Clock& clock) : m_store(store), m_audit(store, clock) {}

  /// Every venue, by id.
  ServiceResult<std::vector<VenueRow>> List();
  /// Adds a venue. 400 invalid_venue (every problem with its field), 409 venue_exists. Audited
  /// as venue_created.
  ServiceResult<VenueRow> Create(const VenueRow& venue, const std::string& actor);
  /// Changes the given fields of venue `id`. 404 venue_not_found, 400 invalid_venue. Audited as
  /// venue_updated with the fields that changed (nothing is audited when none did).
  ServiceResult<VenueRow> Update(const std::string& id, const VenueChanges& changes,
                                 const std::string& actor);
  /// Adds the venues of a CSV (columns id,name and optionally ward,area,settlement,postcode), all
  /// or none: 400 invalid_import with every problem as "FILE:LINE field" when a row is wrong or
  /// its id exists already. Audited as one venue_created per venue. Returns how many were added.
  ServiceResult<int> Import(const std::string& csv, const std::string& file,
                            const std::string& actor);

 private:
  Store& m_store;
  AuditLog m_audit;
};

}  // namespace soundings::server
