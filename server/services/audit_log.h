#pragma once
// The hash-chained audit log as a service: who did what to which target, and when. Every
// action the product audits goes through Record, and a failed write fails the request that
// made it (a storage error instead of its reply), so nothing audited happens unnoticed: no export
// leaves the server, no refusal goes by, without its entry. An entry is written after the change
// it records; where a secret is shown only once (invitation and enrolment codes) it is written
// first, so a failed write leaves no secret that nobody saw. AuditLog holds no state of its own:
// services that have the store and the clock keep their own.

#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/store/store.h"

namespace soundings::server {

class AuditLog {
 public:
  AuditLog(Store& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  /// Appends one entry stamped with the clock's now; a storage error when it cannot be written.
  ServiceStatus Record(const std::string& actor, const std::string& action,
                       const std::string& target, const std::string& detail = "");
  /// Every entry, oldest first.
  ServiceResult<std::vector<AuditEntry>> List();

 private:
  Store& m_store;
  const Clock& m_clock;
};

}  // namespace soundings::server
