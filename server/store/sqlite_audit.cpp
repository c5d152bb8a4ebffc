// SqliteStore's hash-chained audit log writes: appending, the per-minute refusal counters that
// keep a flood of refusals from flooding the chain, and rolling old entries up behind a
// checkpoint (migration 15). Reading the chain back is in sqlite_responses.cpp.
#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "server/store/sqlite_rows.h"
#include "server/store/sqlite_store.h"
#include "shared/core/time.h"

namespace soundings::server {

using db::Database;
using db::Statement;
using namespace sqlite_rows;  // NOLINT(google-build-using-namespace): the row helpers

namespace {

AuditRefusalCount RefusalRow(Statement& s) {
  return AuditRefusalCount{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                           s.ColumnText(4), s.ColumnText(5), s.ColumnInt(6)};
}

constexpr const char* kRefusalColumns =
    "SELECT minute, action, actor, target, address, reason, count FROM audit_refusals ";

}  // namespace

std::string AuditRefusalDetail(const AuditRefusalCount& count) {
  std::string detail = std::to_string(count.count) + (count.count == 1 ? " time" : " times") +
                       " in the minute from " + count.minute;
  if (!count.address.empty()) detail += ", from " + count.address;
  if (!count.reason.empty()) detail += ", " + count.reason;
  return detail;
}

StoreStatus SqliteStore::AppendChained(Database& db, AuditEntry& entry) {
  // After a rollup removed every entry the chain goes on from the newest checkpoint.
  auto last = OneRow<std::pair<std::int64_t, std::string>>(
      db,
      "SELECT seq, hash FROM (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) "
      "UNION ALL SELECT through_seq, hash FROM (SELECT through_seq, hash FROM audit_checkpoints "
      "ORDER BY through_seq DESC LIMIT 1) ORDER BY 1 DESC LIMIT 1",
      [](Statement& s) { return std::make_pair(s.ColumnInt(0), s.ColumnText(1)); });
  if (!last) return last.error();
  entry.seq = last->has_value() ? (*last)->first + 1 : 1;
  entry.prev_hash = last->has_value() ? (*last)->second : std::string(64, '0');
  entry.hash = AuditEntryHash(entry);
  return Run(db,
             "INSERT INTO audit_log(seq, at, actor, action, target, detail, prev_hash, hash) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             entry.seq, entry.at, entry.actor, entry.action, entry.target, entry.detail,
             entry.prev_hash, entry.hash);
}

StoreStatus SqliteStore::AppendAudit(AuditEntry entry) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  if (auto status = AppendChained(m_writer, entry); !status) return status;
  return tx->Commit();
}

namespace {
// How long refusal counts may wait in memory: what a crash can lose of them.
constexpr auto kRefusalFlushEvery = std::chrono::seconds(5);
}  // namespace

SqliteStore::~SqliteStore() {
  // Best effort on a clean shutdown: there is nobody left to report a failure to.
  (void)FlushAuditRefusals();
}

StoreStatus SqliteStore::CountAuditRefusal(const AuditRefusalCount& refusal) {
  bool flush = false;
  {
    std::lock_guard lock(m_refusals_mutex);
    m_pending_refusals[{refusal.minute, refusal.action, refusal.actor, refusal.target,
                        refusal.address, refusal.reason}] += refusal.count;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_refusals_flushed >= kRefusalFlushEvery) {
      m_refusals_flushed = now;
      flush = true;
    }
  }
  if (!flush) return db::DbOk();
  return FlushAuditRefusals();
}

StoreStatus SqliteStore::FlushAuditRefusals() {
  std::map<RefusalKey, std::int64_t> pending;
  {
    std::lock_guard lock(m_refusals_mutex);
    pending.swap(m_pending_refusals);
  }
  if (pending.empty()) return db::DbOk();
  auto restore = [&] {
    std::lock_guard lock(m_refusals_mutex);
    for (const auto& [key, count] : pending) m_pending_refusals[key] += count;
  };
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) {
    restore();
    return tx.error();
  }
  for (const auto& [key, count] : pending) {
    const auto& [minute, action, actor, target, address, reason] = key;
    // One statement per key: counts written by an earlier flush add up, none is lost.
    auto status = Run(m_writer,
                      "INSERT INTO audit_refusals(minute, action, actor, target, address, reason, "
                      "count) VALUES (?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (minute, action, actor, target, address, reason) "
                      "DO UPDATE SET count = count + excluded.count",
                      minute, action, actor, target, address, reason, count);
    if (!status) {
      restore();
      return status;
    }
  }
  if (auto status = tx->Commit(); !status) {
    restore();
    return status;
  }
  return db::DbOk();
}

void SqliteStore::NoteFolded(const std::string& minute) {
  std::lock_guard lock(m_refusals_mutex);
  if (minute > m_folded_before) m_folded_before = minute;
}

StoreResult<std::int64_t> SqliteStore::FoldAuditRefusals(const std::string& before_minute) {
  {
    // Every refusal asks: once a minute's fold is done, nothing to do until the next minute or
    // until a count of an earlier minute arrives late.
    std::lock_guard lock(m_refusals_mutex);
    const bool late = !m_pending_refusals.empty() &&
                      std::get<0>(m_pending_refusals.begin()->first) < before_minute;
    if (!late && before_minute <= m_folded_before) return std::int64_t{0};
  }
  if (auto flushed = FlushAuditRefusals(); !flushed) return flushed.error();
  std::lock_guard lock(m_write_mutex);
  // Most calls find nothing to fold: ask before taking the write lock of the database.
  auto waiting = Rows<bool>(
      m_writer, "SELECT EXISTS(SELECT 1 FROM audit_refusals WHERE minute < ?)",
      [](Statement& s) { return s.ColumnInt(0) != 0; }, before_minute);
  if (!waiting) return waiting.error();
  if (waiting->empty() || !waiting->front()) {
    NoteFolded(before_minute);
    return std::int64_t{0};
  }
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  auto rows = Rows<AuditRefusalCount>(
      m_writer,
      std::string(kRefusalColumns) +
          "WHERE minute < ? ORDER BY minute, action, actor, target, address, reason",
      RefusalRow, before_minute);
  if (!rows) return rows.error();
  for (const auto& r : *rows) {
    // Stamped with the minute's end: the count is only known once the minute is over.
    auto start = ParseRfc3339(r.minute);
    AuditEntry entry;
    entry.at = start ? FormatRfc3339(*start + std::chrono::minutes(1)) : r.minute;
    entry.actor = r.actor;
    entry.action = r.action;
    entry.target = r.target;
    entry.detail = AuditRefusalDetail(r);
    if (auto status = AppendChained(m_writer, entry); !status) return status.error();
  }
  if (auto status = Run(m_writer, "DELETE FROM audit_refusals WHERE minute < ?", before_minute);
      !status) {
    return status.error();
  }
  if (auto status = tx->Commit(); !status) return status.error();
  NoteFolded(before_minute);
  return static_cast<std::int64_t>(rows->size());
}

StoreResult<std::vector<AuditRefusalCount>> SqliteStore::ListAuditRefusals() {
  if (auto flushed = FlushAuditRefusals(); !flushed) return flushed.error();
  auto lease = Read();
  return Rows<AuditRefusalCount>(
      lease.db(),
      std::string(kRefusalColumns) + "ORDER BY minute, action, actor, target, address, reason",
      RefusalRow);
}

StoreResult<std::vector<AuditCheckpoint>> SqliteStore::ListAuditCheckpoints() {
  auto lease = Read();
  return Rows<AuditCheckpoint>(
      lease.db(),
      "SELECT through_seq, hash, removed, at, archive FROM audit_checkpoints ORDER BY through_seq",
      [](Statement& s) {
        return AuditCheckpoint{s.ColumnInt(0), s.ColumnText(1), s.ColumnInt(2), s.ColumnText(3),
                               s.ColumnText(4)};
      });
}

StoreStatus SqliteStore::RollUpAudit(const AuditCheckpoint& checkpoint, AuditEntry rollup) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  // The checkpoint goes in first: the delete trigger allows nothing above the newest one.
  if (auto status = Run(m_writer,
                        "INSERT INTO audit_checkpoints(through_seq, hash, removed, at, archive) "
                        "VALUES (?, ?, ?, ?, ?)",
                        checkpoint.through_seq, checkpoint.hash, checkpoint.removed, checkpoint.at,
                        checkpoint.archive);
      !status) {
    return status;
  }
  if (auto status = Run(m_writer, "DELETE FROM audit_log WHERE seq <= ?", checkpoint.through_seq);
      !status) {
    return status;
  }
  if (auto status = AppendChained(m_writer, rollup); !status) return status;
  return tx->Commit();
}

}  // namespace soundings::server
