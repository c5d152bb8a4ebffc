#include "server/services/audit_log.h"

namespace soundings::server {

ServiceStatus AuditLog::Record(const std::string& actor, const std::string& action,
                               const std::string& target, const std::string& detail) {
  AuditEntry entry;
  entry.at = FormatRfc3339(m_clock.Now());
  entry.actor = actor;
  entry.action = action;
  entry.target = target;
  entry.detail = detail;
  if (auto stored = m_store.AppendAudit(entry); !stored) return StorageError(stored.error());
  return Ok{};
}

ServiceResult<std::vector<AuditEntry>> AuditLog::List() {
  auto entries = m_store.ListAudit();
  if (!entries) return StorageError(entries.error());
  return std::move(entries).value();
}

}  // namespace soundings::server
