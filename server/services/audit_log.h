#pragma once
// The hash-chained audit log as a service: who did what to which target, and when. Every
// action the product audits goes through Record, and a failed write fails the request that
// made it (a storage error instead of its reply), so nothing audited happens unnoticed: no export
// leaves the server, no refusal goes by, without its entry. An entry is written after the change
// it records; where a secret is shown only once (invitation and enrolment codes) it is written
// first, so a failed write leaves no secret that nobody saw. AuditLog holds no state of its own:
// services that have the store and the clock keep their own.
//
// Refusals a client can repeat as fast as it likes (failed and refused sign-ins, forbidden
// calls) go through CountRefusal instead: a counter per (minute, action, actor, target, address,
// reason), so a flood costs one chained entry per minute and key, not one per attempt. The store
// adds counts up in memory and writes them every few seconds (SqliteStore::CountAuditRefusal):
// a write per attempt would queue in front of every kiosk's sync. A failed write keeps them for
// the next; a crash loses at most those few seconds of counts. A completed minute's counters are
// chained (one entry each, stamped with the minute's end, the detail naming the count, the minute
// and the address) by the next Record, CountRefusal or List after it. List shows the current
// minute's counters after the chain as entries with seq 0 and no hash: counted, not chained yet. A
// refusal whose minute was read just before a fold of that minute gets a second entry for the same
// minute: counts are never lost.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/store/store.h"

namespace soundings::server {

class AuditLog {
 public:
  AuditLog(Store& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  /// Appends one entry stamped with the clock's now (after chaining completed minutes' refusal
  /// counts); a storage error when it cannot be written.
  ServiceStatus Record(const std::string& actor, const std::string& action,
                       const std::string& target, const std::string& detail = "");
  /// Counts one refusal in the current minute; a storage error when it cannot be written.
  ServiceStatus CountRefusal(const std::string& actor, const std::string& action,
                             const std::string& target, const std::string& address,
                             const std::string& reason = "");
  /// Every entry, oldest first, then the current minute's counts (seq 0, hash "").
  ServiceResult<std::vector<AuditEntry>> List();
  /// Chains the refusal counts of every minute before the current one.
  ServiceStatus FoldCompletedMinutes();

  /// The start of `at`'s minute, RFC 3339: the refusal counters' key.
  static std::string MinuteOf(TimePoint at);

 private:
  Store& m_store;
  const Clock& m_clock;
};

/// Where a chain of entries stops verifying: the entry and why.
struct AuditChainBreak {
  std::int64_t seq = 0;
  std::string at;
  std::string action;
  std::string why;
};

/// Checks that `entries` go on from (after_seq, after_hash) (0 and 64 zeros: the log's start)
/// with consecutive seqs, each linked to the one before and hashing to its stored hash; nullopt
/// when they do.
std::optional<AuditChainBreak> CheckAuditChain(const std::vector<AuditEntry>& entries,
                                               std::int64_t after_seq,
                                               const std::string& after_hash);

/// The chained entry a rollup appends, naming its checkpoint (what `audit verify` looks for).
AuditEntry AuditRollupEntry(const AuditCheckpoint& checkpoint, const std::string& at);

}  // namespace soundings::server
