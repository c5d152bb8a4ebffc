#include "kiosk/store/outbox.h"

namespace soundings::kiosk {
namespace {

// Bump kSchemaVersion and add a step to Migrate() when the schema changes; never edit a step.
constexpr int kSchemaVersion = 1;

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE responses(
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  rater_group TEXT NOT NULL DEFAULT '',
  invitation_code TEXT NOT NULL DEFAULT '',
  subject_name TEXT NOT NULL DEFAULT '',
  venue_id TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL,
  started_at TEXT NOT NULL,
  section_id TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed')),
  partial INTEGER NOT NULL DEFAULT 0,
  completed_at TEXT
);
CREATE INDEX responses_by_invitation ON responses(invitation_code) WHERE invitation_code <> '';
CREATE TABLE answers(
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (response_id, item_id)
) WITHOUT ROWID;
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  response_id TEXT NOT NULL UNIQUE REFERENCES responses(id),
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'accepted', 'duplicate', 'conflict', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  problems TEXT NOT NULL DEFAULT '[]',
  queued_at TEXT NOT NULL,
  acked_at TEXT
);
CREATE INDEX outbox_pending ON outbox(status, seq);
-- A completed response is never deleted: the trigger makes that a rule of the file itself.
CREATE TRIGGER completed_responses_are_kept BEFORE DELETE ON responses
  WHEN OLD.state = 'completed'
  BEGIN SELECT RAISE(ABORT, 'completed responses are never deleted'); END;
CREATE TRIGGER unacknowledged_outbox_rows_are_kept BEFORE DELETE ON outbox
  WHEN OLD.status NOT IN ('accepted', 'duplicate')
  BEGIN SELECT RAISE(ABORT, 'unacknowledged responses are never deleted'); END;
)sql";

OutboxStatus StatusFromString(const std::string& text) {
  if (text == "accepted") return OutboxStatus::kAccepted;
  if (text == "duplicate") return OutboxStatus::kDuplicate;
  if (text == "conflict") return OutboxStatus::kConflict;
  if (text == "rejected") return OutboxStatus::kRejected;
  return OutboxStatus::kPending;
}

nlohmann::json ProblemsToJson(const Problems& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems) out.push_back({{"path", p.path}, {"message", p.message}});
  return out;
}

Problems ProblemsFromJson(const std::string& text) {
  Problems out;
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_array()) return out;
  for (const auto& p : json)
    if (p.is_object())
      out.push_back({p.value("path", std::string()), p.value("message", std::string())});
  return out;
}

}  // namespace

std::string ToString(OutboxStatus status) {
  switch (status) {
    case OutboxStatus::kPending:
      return "pending";
    case OutboxStatus::kAccepted:
      return "accepted";
    case OutboxStatus::kDuplicate:
      return "duplicate";
    case OutboxStatus::kConflict:
      return "conflict";
    case OutboxStatus::kRejected:
      return "rejected";
  }
  return "pending";
}

Problem Outbox::DbProblem(const db::DbError& error) const {
  return Problem{m_path, "the kiosk database failed: " + error.message};
}

Result<std::unique_ptr<Outbox>> Outbox::Open(const std::filesystem::path& path) {
  db::OpenOptions options;
  options.synchronous = "FULL";
  options.wal = true;
  // SQLite's own default page cache (2 MiB) rather than the server's 64 MiB: the outbox is small
  // and written one row at a time, and the kiosk opens it twice (the app and the sync worker).
  options.cache_size_kib = 2 * 1024;
  auto db = db::Database::Open(path, options);
  if (!db) return Problem{path.string(), "cannot open the kiosk database: " + db.error().message};
  std::unique_ptr<Outbox> outbox(new Outbox(std::move(*db), path.string()));
  if (auto status = outbox->Migrate(); !status) return status.problems();
  return outbox;
}

Status Outbox::Migrate() {
  auto tx = db::Transaction::Begin(m_db);
  if (!tx) return DbProblem(tx.error());
  auto version = m_db.Prepare("PRAGMA user_version");
  if (!version) return DbProblem(version.error());
  auto row = version->Step();
  if (!row) return DbProblem(row.error());
  const int current = static_cast<int>(version->ColumnInt(0));
  if (current > kSchemaVersion)
    return Problem{m_path,
                   "the kiosk database was made by a newer version of soundings-kiosk (schema " +
                       std::to_string(current) + "); update this kiosk"};
  if (current < 1) {
    if (auto status = m_db.Exec(kSchemaV1); !status) return DbProblem(status.error());
  }
  if (current < kSchemaVersion) {
    if (auto status = m_db.Exec("PRAGMA user_version=" + std::to_string(kSchemaVersion)); !status)
      return DbProblem(status.error());
  }
  if (auto status = tx->Commit(); !status) return DbProblem(status.error());
  return Ok{};
}

Status Outbox::BeginResponse(const ResponseHeader& h) {
  auto stmt = m_db.Prepare(
      "INSERT INTO responses(id, campaign_id, template_id, template_version, rater_group, "
      "invitation_code, subject_name, venue_id, language, started_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, h.response_id)
      .Bind(2, h.campaign_id)
      .Bind(3, h.template_id)
      .Bind(4, h.template_version)
      .Bind(5, h.rater_group)
      .Bind(6, h.invitation_code)
      .Bind(7, h.subject_name)
      .Bind(8, h.venue_id)
      .Bind(9, h.language)
      .Bind(10, h.started_at);
  if (auto status = stmt->Run(); !status) return DbProblem(status.error());
  return Ok{};
}

Status Outbox::SaveAnswer(const std::string& response_id, const std::string& item_id,
                          const nlohmann::json& value) {
  // One statement is one durable transaction; the EXISTS guard keeps completed responses frozen.
  const char* sql =
      value.is_null()
          ? "DELETE FROM answers WHERE response_id = ?1 AND item_id = ?2 AND EXISTS "
            "(SELECT 1 FROM responses WHERE id = ?1 AND state = 'open')"
          : "INSERT INTO answers(response_id, item_id, value) SELECT ?1, ?2, ?3 WHERE EXISTS "
            "(SELECT 1 FROM responses WHERE id = ?1 AND state = 'open') "
            "ON CONFLICT(response_id, item_id) DO UPDATE SET value = excluded.value";
  auto stmt = m_db.Prepare(sql);
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, response_id).Bind(2, item_id);
  if (!value.is_null()) stmt->Bind(3, value.dump());
  if (auto status = stmt->Run(); !status) return DbProblem(status.error());
  if (!value.is_null() && m_db.Changes() == 0)
    return Problem{response_id, "this response is not open for answers"};
  return Ok{};
}

Status Outbox::SaveProgress(const std::string& response_id, const std::string& section_id,
                            const std::string& language) {
  auto stmt = m_db.Prepare(
      "UPDATE responses SET section_id = ?2, language = ?3 WHERE id = ?1 AND state = 'open'");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, response_id).Bind(2, section_id).Bind(3, language);
  if (auto status = stmt->Run(); !status) return DbProblem(status.error());
  if (m_db.Changes() == 0) return Problem{response_id, "this response is not open"};
  return Ok{};
}

Result<std::optional<ResponseHeader>> Outbox::LoadHeader(const std::string& response_id,
                                                         std::string* state) {
  auto stmt = m_db.Prepare(
      "SELECT campaign_id, template_id, template_version, rater_group, invitation_code, "
      "subject_name, venue_id, language, started_at, state, section_id FROM responses "
      "WHERE id = ?1");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, response_id);
  auto row = stmt->Step();
  if (!row) return DbProblem(row.error());
  if (!*row) return std::optional<ResponseHeader>();
  ResponseHeader h;
  h.response_id = response_id;
  h.campaign_id = stmt->ColumnText(0);
  h.template_id = stmt->ColumnText(1);
  h.template_version = static_cast<int>(stmt->ColumnInt(2));
  h.rater_group = stmt->ColumnText(3);
  h.invitation_code = stmt->ColumnText(4);
  h.subject_name = stmt->ColumnText(5);
  h.venue_id = stmt->ColumnText(6);
  h.language = stmt->ColumnText(7);
  h.started_at = stmt->ColumnText(8);
  if (state) *state = stmt->ColumnText(9);
  return std::optional<ResponseHeader>(std::move(h));
}

Status Outbox::CompleteResponse(const std::string& response_id, const Answers& final_answers,
                                const std::string& completed_at, bool partial) {
  auto tx = db::Transaction::Begin(m_db);
  if (!tx) return DbProblem(tx.error());
  std::string state;
  auto header = LoadHeader(response_id, &state);
  if (!header.ok()) return header.problems();
  if (!*header) return Problem{response_id, "no such response"};
  if (state != "open") return Problem{response_id, "this response is already complete"};
  const ResponseHeader& h = **header;

  auto del = m_db.Prepare("DELETE FROM answers WHERE response_id = ?1");
  if (!del) return DbProblem(del.error());
  del->Bind(1, response_id);
  if (auto status = del->Run(); !status) return DbProblem(status.error());
  auto insert =
      m_db.Prepare("INSERT INTO answers(response_id, item_id, value) VALUES (?1, ?2, ?3)");
  if (!insert) return DbProblem(insert.error());
  for (const auto& [item_id, value] : final_answers) {
    insert->Reset();
    insert->Bind(1, response_id).Bind(2, item_id).Bind(3, value.dump());
    if (auto status = insert->Run(); !status) return DbProblem(status.error());
  }
  auto update = m_db.Prepare(
      "UPDATE responses SET state = 'completed', partial = ?2, completed_at = ?3 WHERE id = ?1");
  if (!update) return DbProblem(update.error());
  update->Bind(1, response_id).Bind(2, partial).Bind(3, completed_at);
  if (auto status = update->Run(); !status) return DbProblem(status.error());

  sync::ResponseRecord record;
  record.uuid = response_id;
  record.campaign_id = h.campaign_id;
  record.template_id = h.template_id;
  record.template_version = h.template_version;
  record.rater_group = h.rater_group;
  record.invitation_code = h.invitation_code;
  record.venue_id = h.venue_id;
  record.language = h.language;
  record.started_at = h.started_at;
  record.completed_at = completed_at;
  record.partial = partial;
  record.answers = final_answers;
  auto queue =
      m_db.Prepare("INSERT INTO outbox(response_id, payload, queued_at) VALUES (?1, ?2, ?3)");
  if (!queue) return DbProblem(queue.error());
  queue->Bind(1, response_id).Bind(2, sync::ToJson(record).dump()).Bind(3, completed_at);
  if (auto status = queue->Run(); !status) return DbProblem(status.error());
  if (auto status = tx->Commit(); !status) return DbProblem(status.error());
  return Ok{};
}

Status Outbox::DiscardResponse(const std::string& response_id) {
  auto stmt = m_db.Prepare("DELETE FROM responses WHERE id = ?1 AND state = 'open'");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, response_id);
  if (auto status = stmt->Run(); !status) return DbProblem(status.error());
  return Ok{};
}

Result<std::optional<Draft>> Outbox::FindDraft(const std::string& invitation_code) {
  if (invitation_code.empty()) return std::optional<Draft>();
  auto stmt = m_db.Prepare(
      "SELECT id, section_id FROM responses WHERE invitation_code = ?1 AND state = 'open' "
      "ORDER BY started_at DESC LIMIT 1");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, invitation_code);
  auto row = stmt->Step();
  if (!row) return DbProblem(row.error());
  if (!*row) return std::optional<Draft>();
  Draft draft;
  const std::string id = stmt->ColumnText(0);
  draft.section_id = stmt->ColumnText(1);
  auto header = LoadHeader(id, nullptr);
  if (!header.ok()) return header.problems();
  if (!*header) return std::optional<Draft>();
  draft.header = std::move(**header);
  auto answers = m_db.Prepare("SELECT item_id, value FROM answers WHERE response_id = ?1");
  if (!answers) return DbProblem(answers.error());
  answers->Bind(1, id);
  while (true) {
    auto next = answers->Step();
    if (!next) return DbProblem(next.error());
    if (!*next) break;
    auto value = nlohmann::json::parse(answers->ColumnText(1), nullptr, false);
    if (!value.is_discarded()) draft.answers[answers->ColumnText(0)] = std::move(value);
  }
  return std::optional<Draft>(std::move(draft));
}

Result<bool> Outbox::InvitationCompleted(const std::string& invitation_code) {
  if (invitation_code.empty()) return false;
  auto stmt = m_db.Prepare(
      "SELECT 1 FROM responses WHERE invitation_code = ?1 AND state = 'completed' LIMIT 1");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, invitation_code);
  auto row = stmt->Step();
  if (!row) return DbProblem(row.error());
  return *row;
}

Result<int> Outbox::RecoverAnonymousDrafts(const std::function<bool(const ResponseHeader&)>& keep,
                                           const std::string& now) {
  auto stmt = m_db.Prepare(
      "SELECT r.id, COUNT(a.item_id) FROM responses r LEFT JOIN answers a ON a.response_id = r.id "
      "WHERE r.state = 'open' AND r.invitation_code = '' GROUP BY r.id");
  if (!stmt) return DbProblem(stmt.error());
  std::vector<std::pair<std::string, std::int64_t>> drafts;
  while (true) {
    auto row = stmt->Step();
    if (!row) return DbProblem(row.error());
    if (!*row) break;
    drafts.emplace_back(stmt->ColumnText(0), stmt->ColumnInt(1));
  }
  int queued = 0;
  for (const auto& [id, answer_count] : drafts) {
    auto header = LoadHeader(id, nullptr);
    if (!header.ok()) return header.problems();
    if (answer_count > 0 && *header && keep(**header)) {
      Answers answers;
      auto rows = m_db.Prepare("SELECT item_id, value FROM answers WHERE response_id = ?1");
      if (!rows) return DbProblem(rows.error());
      rows->Bind(1, id);
      while (true) {
        auto next = rows->Step();
        if (!next) return DbProblem(next.error());
        if (!*next) break;
        auto value = nlohmann::json::parse(rows->ColumnText(1), nullptr, false);
        if (!value.is_discarded()) answers[rows->ColumnText(0)] = std::move(value);
      }
      if (auto status = CompleteResponse(id, answers, now, true); !status) return status.problems();
      ++queued;
    } else if (auto status = DiscardResponse(id); !status) {
      return status.problems();
    }
  }
  return queued;
}

Result<std::vector<QueuedResponse>> Outbox::NextBatch(std::size_t limit) {
  auto stmt = m_db.Prepare(
      "SELECT seq, payload, attempts FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?1");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, static_cast<std::int64_t>(limit));
  std::vector<QueuedResponse> out;
  std::vector<sync::ResponseResult> unreadable;
  while (true) {
    auto row = stmt->Step();
    if (!row) return DbProblem(row.error());
    if (!*row) break;
    QueuedResponse queued;
    queued.seq = stmt->ColumnInt(0);
    auto record =
        sync::ResponseRecordFromJson(nlohmann::json::parse(stmt->ColumnText(1), nullptr, false));
    if (!record.ok()) {
      // A damaged row must not block the queue for ever: keep it aside for the operator.
      auto id = m_db.Prepare("SELECT response_id FROM outbox WHERE seq = ?1");
      if (!id) return DbProblem(id.error());
      id->Bind(1, queued.seq);
      if (auto found = id->Step(); found && *found)
        unreadable.push_back(
            {id->ColumnText(0),
             sync::ResponseStatus::kRejected,
             {{"", "this kiosk cannot read the stored response: " + record.ErrorText()}}});
      continue;
    }
    queued.record = std::move(record.value());
    queued.attempts = static_cast<int>(stmt->ColumnInt(2));
    out.push_back(std::move(queued));
  }
  stmt = db::Statement();
  if (!unreadable.empty())
    if (auto status = RecordResults(unreadable, ""); !status) return status.problems();
  return out;
}

Status Outbox::RecordResults(const std::vector<sync::ResponseResult>& results,
                             const std::string& now) {
  auto tx = db::Transaction::Begin(m_db);
  if (!tx) return DbProblem(tx.error());
  auto stmt = m_db.Prepare(
      "UPDATE outbox SET status = ?2, problems = ?3, acked_at = ?4, attempts = attempts + 1 "
      "WHERE response_id = ?1 AND status = 'pending'");
  if (!stmt) return DbProblem(stmt.error());
  for (const auto& result : results) {
    stmt->Reset();
    stmt->Bind(1, result.uuid)
        .Bind(2, sync::ToString(result.status))
        .Bind(3, ProblemsToJson(result.problems).dump())
        .Bind(4, now);
    if (auto status = stmt->Run(); !status) return DbProblem(status.error());
  }
  if (auto status = tx->Commit(); !status) return DbProblem(status.error());
  return Ok{};
}

Status Outbox::NoteAttempt(const std::vector<std::string>& response_ids) {
  auto tx = db::Transaction::Begin(m_db);
  if (!tx) return DbProblem(tx.error());
  auto stmt = m_db.Prepare(
      "UPDATE outbox SET attempts = attempts + 1 WHERE response_id = ?1 AND status = 'pending'");
  if (!stmt) return DbProblem(stmt.error());
  for (const auto& id : response_ids) {
    stmt->Reset();
    stmt->Bind(1, id);
    if (auto status = stmt->Run(); !status) return DbProblem(status.error());
  }
  if (auto status = tx->Commit(); !status) return DbProblem(status.error());
  return Ok{};
}

Result<OutboxCounts> Outbox::Counts() {
  auto stmt = m_db.Prepare(
      "SELECT "
      "(SELECT COUNT(*) FROM outbox WHERE status = 'pending'), "
      "(SELECT COUNT(*) FROM outbox WHERE status IN ('accepted', 'duplicate')), "
      "(SELECT COUNT(*) FROM outbox WHERE status IN ('rejected', 'conflict')), "
      "(SELECT COUNT(*) FROM responses WHERE state = 'open')");
  if (!stmt) return DbProblem(stmt.error());
  auto row = stmt->Step();
  if (!row) return DbProblem(row.error());
  OutboxCounts counts;
  counts.pending = static_cast<int>(stmt->ColumnInt(0));
  counts.synced = static_cast<int>(stmt->ColumnInt(1));
  counts.kept = static_cast<int>(stmt->ColumnInt(2));
  counts.drafts = static_cast<int>(stmt->ColumnInt(3));
  return counts;
}

Result<std::vector<KeptResponse>> Outbox::Kept() {
  auto stmt = m_db.Prepare(
      "SELECT o.response_id, o.status, r.campaign_id, r.completed_at, o.problems FROM outbox o "
      "JOIN responses r ON r.id = o.response_id WHERE o.status IN ('rejected', 'conflict') "
      "ORDER BY o.seq");
  if (!stmt) return DbProblem(stmt.error());
  std::vector<KeptResponse> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return DbProblem(row.error());
    if (!*row) break;
    KeptResponse kept;
    kept.response_id = stmt->ColumnText(0);
    kept.status = StatusFromString(stmt->ColumnText(1));
    kept.campaign_id = stmt->ColumnText(2);
    kept.completed_at = stmt->ColumnText(3);
    kept.problems = ProblemsFromJson(stmt->ColumnText(4));
    out.push_back(std::move(kept));
  }
  return out;
}

Result<OutboxStatus> Outbox::StatusOf(const std::string& response_id) {
  auto stmt = m_db.Prepare("SELECT status FROM outbox WHERE response_id = ?1");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, response_id);
  auto row = stmt->Step();
  if (!row) return DbProblem(row.error());
  if (!*row) return Problem{response_id, "not in the outbox"};
  return StatusFromString(stmt->ColumnText(0));
}

Result<std::string> Outbox::GetSetting(const std::string& key) {
  auto stmt = m_db.Prepare("SELECT value FROM settings WHERE key = ?1");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, key);
  auto row = stmt->Step();
  if (!row) return DbProblem(row.error());
  return *row ? stmt->ColumnText(0) : std::string();
}

Status Outbox::SetSetting(const std::string& key, const std::string& value) {
  auto stmt = m_db.Prepare(
      "INSERT INTO settings(key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!stmt) return DbProblem(stmt.error());
  stmt->Bind(1, key).Bind(2, value);
  if (auto status = stmt->Run(); !status) return DbProblem(status.error());
  return Ok{};
}

Result<std::string> Outbox::IntegrityCheck() {
  auto stmt = m_db.Prepare("PRAGMA integrity_check");
  if (!stmt) return DbProblem(stmt.error());
  auto row = stmt->Step();
  if (!row) return DbProblem(row.error());
  return *row ? stmt->ColumnText(0) : std::string();
}

}  // namespace soundings::kiosk
