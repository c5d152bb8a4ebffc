#include "server/services/audit_log.h"

#include <chrono>

namespace soundings::server {

std::string AuditLog::MinuteOf(TimePoint at) {
  return FormatRfc3339(std::chrono::floor<std::chrono::minutes>(at));
}

ServiceStatus AuditLog::FoldCompletedMinutes() {
  if (auto folded = m_store.FoldAuditRefusals(MinuteOf(m_clock.Now())); !folded) {
    return StorageError(folded.error());
  }
  return Ok{};
}

ServiceStatus AuditLog::Record(const std::string& actor, const std::string& action,
                               const std::string& target, const std::string& detail) {
  // Completed minutes first, so the chain stays in time order.
  if (auto folded = FoldCompletedMinutes(); !folded) return folded;
  AuditEntry entry;
  entry.at = FormatRfc3339(m_clock.Now());
  entry.actor = actor;
  entry.action = action;
  entry.target = target;
  entry.detail = detail;
  if (auto stored = m_store.AppendAudit(entry); !stored) return StorageError(stored.error());
  return Ok{};
}

ServiceStatus AuditLog::CountRefusal(const std::string& actor, const std::string& action,
                                     const std::string& target, const std::string& address,
                                     const std::string& reason) {
  const std::string minute = MinuteOf(m_clock.Now());
  if (auto folded = m_store.FoldAuditRefusals(minute); !folded) {
    return StorageError(folded.error());
  }
  if (auto counted = m_store.CountAuditRefusal({minute, action, actor, target, address, reason, 1});
      !counted) {
    return StorageError(counted.error());
  }
  return Ok{};
}

ServiceResult<std::vector<AuditEntry>> AuditLog::List() {
  if (auto folded = FoldCompletedMinutes(); !folded) return folded.error();
  auto entries = m_store.ListAudit();
  if (!entries) return StorageError(entries.error());
  auto pending = m_store.ListAuditRefusals();
  if (!pending) return StorageError(pending.error());
  for (const auto& count : *pending) {
    AuditEntry entry;
    entry.at = count.minute;
    entry.actor = count.actor;
    entry.action = count.action;
    entry.target = count.target;
    entry.detail = AuditRefusalDetail(count) + " so far";
    entries->push_back(std::move(entry));
  }
  return std::move(entries).value();
}

std::optional<AuditChainBreak> CheckAuditChain(const std::vector<AuditEntry>& entries,
                                               std::int64_t after_seq,
                                               const std::string& after_hash) {
  std::string previous = after_hash;
  std::int64_t expected_seq = after_seq + 1;
  for (const auto& e : entries) {
    if (e.seq != expected_seq || e.prev_hash != previous || AuditEntryHash(e) != e.hash) {
      return AuditChainBreak{e.seq, e.at, e.action,
                             e.seq != expected_seq     ? "an entry is missing before it"
                             : e.prev_hash != previous ? "it does not follow the entry before it"
                                                       : "its content was changed"};
    }
    previous = e.hash;
    ++expected_seq;
  }
  return std::nullopt;
}

AuditEntry AuditRollupEntry(const AuditCheckpoint& checkpoint, const std::string& at) {
  AuditEntry entry;
  entry.at = at;
  entry.actor = "cli";
  entry.action = "audit_rolled_up";
  entry.target = "checkpoint " + std::to_string(checkpoint.through_seq);
  entry.detail = std::to_string(checkpoint.removed) + " entries archived to " + checkpoint.archive +
                 ", the last with hash " + checkpoint.hash;
  return entry;
}

}  // namespace soundings::server
