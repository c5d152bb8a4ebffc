#pragma once
// The kiosk's local database: every answer as it is given, every finished response queued for
// sync, and a few settings. SQLite in WAL mode with synchronous=FULL, so a write that returned is
// on disk even after a power cut. Each thread opens its own Outbox on the same file (the UI
// writes answers, the sync worker reads the queue and records acknowledgements).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/session/response_store.h"
#include "shared/db/sqlite.h"
#include "shared/sync/protocol.h"

namespace soundings::kiosk {

/// Where a queued response stands with the server.
enum class OutboxStatus { kPending, kAccepted, kDuplicate, kConflict, kRejected };
std::string ToString(OutboxStatus status);

/// A completed response waiting to be sent, exactly as it will travel.
struct QueuedResponse {
  std::int64_t seq = 0;  // queue order
  sync::ResponseRecord record;
  int attempts = 0;
};

/// A response the server would not take: kept for the operator, never deleted.
struct KeptResponse {
  std::string response_id;
  OutboxStatus status = OutboxStatus::kRejected;
  std::string campaign_id;
  std::string completed_at;
  Problems problems;
};

struct OutboxCounts {
  int pending = 0;
  int synced = 0;  // accepted or duplicate
  int kept = 0;    // rejected or conflict
  int drafts = 0;  // unfinished responses
};

class Outbox final : public ResponseStore {
 public:
  /// Opens or creates the database at `path` (":memory:" for tests) and its schema.
  static Result<std::unique_ptr<Outbox>> Open(const std::filesystem::path& path);

  // ResponseStore: the session's side.
  Status BeginResponse(const ResponseHeader& header) override;
  Status SaveAnswer(const std::string& response_id, const std::string& item_id,
                    const nlohmann::json& value) override;
  Status SaveProgress(const std::string& response_id, const std::string& section_id,
                      const std::string& language) override;
  Status CompleteResponse(const std::string& response_id, const Answers& final_answers,
                          const std::string& completed_at, bool partial) override;
  Status DiscardResponse(const std::string& response_id) override;
  Result<std::optional<Draft>> FindDraft(const std::string& invitation_code) override;
  Result<bool> InvitationCompleted(const std::string& invitation_code) override;

  /// After a crash: anonymous unfinished responses with answers are queued as partial when
  /// `keep(header)` says so, else discarded; identified drafts stay for their owners to resume.
  /// Returns how many were queued.
  Result<int> RecoverAnonymousDrafts(const std::function<bool(const ResponseHeader&)>& keep,
                                     const std::string& now);

  // The sync worker's side.
  /// Up to `limit` pending responses, oldest first.
  Result<std::vector<QueuedResponse>> NextBatch(std::size_t limit);
  /// Records the server's verdicts in one transaction. Only `accepted` and `duplicate` mark a
  /// response synced; `rejected` and `conflict` keep it, with the reasons, for the operator.
  Status RecordResults(const std::vector<sync::ResponseResult>& results, const std::string& now);
  /// Counts one more failed attempt for each of `response_ids` (the batch did not get through).
  Status NoteAttempt(const std::vector<std::string>& response_ids);
  Result<OutboxCounts> Counts();
  Result<std::vector<KeptResponse>> Kept();
  Result<OutboxStatus> StatusOf(const std::string& response_id);

  /// Small settings (device token, bundle ETag, last sync time); "" when unset.
  Result<std::string> GetSetting(const std::string& key);
  Status SetSetting(const std::string& key, const std::string& value);

  /// PRAGMA integrity_check: "ok" when the file is sound.
  Result<std::string> IntegrityCheck();

 private:
  explicit Outbox(db::Database db, std::string path)
      : m_db(std::move(db)), m_path(std::move(path)) {}
  Status Migrate();
  Problem DbProblem(const db::DbError& error) const;
  Result<std::optional<ResponseHeader>> LoadHeader(const std::string& response_id,
                                                   std::string* state);

  db::Database m_db;
  std::string m_path;
};

}  // namespace soundings::kiosk
