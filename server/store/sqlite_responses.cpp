// SqliteStore's responses (the ingest transaction, reading responses back, conflicts), the
// hash-chained audit log and the public pages; the rest of the store is sqlite_store.cpp.
#include <set>
#include <string_view>
#include <utility>

#include "server/store/aggregates.h"
#include "server/store/sqlite_rows.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

using db::Database;
using db::DbOk;
using db::Statement;
using namespace sqlite_rows;  // NOLINT(google-build-using-namespace): the row helpers

// ---- responses ----

class SqliteIngestTx final : public IngestTx {
 public:
  SqliteIngestTx(std::unique_lock<std::mutex> lock, Database& db, db::Transaction tx,
                 ReportAggregator& aggregates)
      : m_lock(std::move(lock)), m_db(db), m_aggregates(aggregates), m_tx(std::move(tx)) {}
  ~SqliteIngestTx() override { m_aggregates.EndTransaction(); }
  SqliteIngestTx(const SqliteIngestTx&) = delete;
  SqliteIngestTx& operator=(const SqliteIngestTx&) = delete;

  StoreResult<std::optional<std::string>> FindResponseHash(const std::string& uuid) override {
    if (auto s = Prepared(m_find_hash, "SELECT content_hash FROM responses WHERE uuid = ?"); !s) {
      return s.error();
    }
    m_find_hash.Bind(1, uuid);
    auto row = m_find_hash.Step();
    if (!row) return row.error();
    std::optional<std::string> out;
    if (*row) out = m_find_hash.ColumnText(0);
    return out;
  }

  StoreResult<bool> HasConflict(const std::string& uuid, const std::string& hash) override {
    // Conflicts are rare: ask once per batch whether there are any before looking each one up.
    if (!m_conflicts_exist) {
      auto any = Rows<bool>(m_db, "SELECT EXISTS(SELECT 1 FROM conflicts)",
                            [](Statement& s) { return s.ColumnInt(0) != 0; });
      if (!any) return any.error();
      m_conflicts_exist = !any->empty() && any->front();
    }
    if (!*m_conflicts_exist) return false;
    if (auto s = Prepared(m_find_conflict,
                          "SELECT 1 FROM conflicts WHERE uuid = ? AND content_hash = ?");
        !s) {
      return s.error();
    }
    m_find_conflict.Bind(1, uuid).Bind(2, hash);
    auto row = m_find_conflict.Step();
    if (!row) return row.error();
    return *row;
  }

  StoreStatus InsertResponse(const StoredResponse& r) override {
    // The campaign's aggregates must be current before this response is added to them.
    if (auto s = m_aggregates.Prepare(m_db, r.campaign_id); !s) return s;
    if (auto s = Prepared(m_insert_response,
                          "INSERT INTO responses(uuid, content_hash, campaign_id, template_id, "
                          "template_version, rater_group, subject_id, venue_id, language, "
                          "started_at, completed_at, partial) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        !s) {
      return s;
    }
    BindAll(m_insert_response, r.uuid, r.content_hash, r.campaign_id, r.template_id,
            r.template_version, Nullable{r.rater_group}, NullableId{r.subject_id},
            Nullable{r.venue_id}, r.language, r.started_at, r.completed_at, r.partial);
    if (auto s = m_insert_response.Run(); !s) return s;
    if (auto s = Prepared(m_insert_answer,
                          "INSERT INTO answers(response_uuid, item_id, value) VALUES (?, ?, ?)");
        !s) {
      return s;
    }
    for (const auto& [item, value] : r.answers) {
      m_insert_answer.Reset();
      m_insert_answer.Bind(1, r.uuid).Bind(2, item).Bind(3, value);
      if (auto s = m_insert_answer.Run(); !s) return s;
    }
    m_aggregates.Add(r);
    return DbOk();
  }

  StoreStatus InsertConflict(const ConflictRow& c) override {
    m_conflicts_exist = true;
    return Run(m_db,
               "INSERT OR IGNORE INTO conflicts(uuid, content_hash, reason, record, received_at) "
               "VALUES (?, ?, ?, ?, ?)",
               c.uuid, c.content_hash, c.reason, c.record, c.received_at);
  }

  StoreResult<bool> MarkInvitationUsed(std::int64_t invitation_id) override {
    auto s = Run(m_db, "UPDATE invitations SET used = 1 WHERE id = ? AND used = 0", invitation_id);
    if (!s) return s.error();
    return m_db.Changes() > 0;
  }

  StoreStatus Commit() override {
    // Aggregates in the same transaction as the rows they count: both or neither.
    if (auto s = m_aggregates.Flush(m_db); !s) return s;
    auto committed = m_tx.Commit();
    m_aggregates.EndTransaction();
    return committed;
  }

 private:
  // Prepares `sql` into `stmt` once per transaction; resets it for reuse afterwards.
  StoreStatus Prepared(Statement& stmt, std::string_view sql) {
    if (m_prepared.contains(&stmt)) {
      stmt.Reset();
      return DbOk();
    }
    auto prepared = m_db.Prepare(sql);
    if (!prepared) return prepared.error();
    stmt = std::move(*prepared);
    m_prepared.insert(&stmt);
    return DbOk();
  }

  std::unique_lock<std::mutex> m_lock;
  Database& m_db;
  ReportAggregator& m_aggregates;
  // Statements are declared after the transaction so they are finalised before it rolls back.
  db::Transaction m_tx;
  Statement m_find_hash, m_find_conflict, m_insert_response, m_insert_answer;
  std::set<const Statement*> m_prepared;
  std::optional<bool> m_conflicts_exist;
};

StoreResult<std::unique_ptr<IngestTx>> SqliteStore::BeginIngest() {
  std::unique_lock lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  return std::unique_ptr<IngestTx>(
      std::make_unique<SqliteIngestTx>(std::move(lock), m_writer, std::move(*tx), *m_aggregates));
}

StoreResult<std::optional<StoredResponse>> SqliteStore::GetResponse(const std::string& uuid) {
  auto lease = Read();
  auto response = OneRow<StoredResponse>(
      lease.db(),
      "SELECT uuid, content_hash, campaign_id, template_id, template_version, rater_group, "
      "subject_id, venue_id, language, started_at, completed_at, partial FROM responses "
      "WHERE uuid = ?",
      [](Statement& s) {
        StoredResponse r;
        r.uuid = s.ColumnText(0);
        r.content_hash = s.ColumnText(1);
        r.campaign_id = s.ColumnText(2);
        r.template_id = s.ColumnText(3);
        r.template_version = static_cast<int>(s.ColumnInt(4));
        r.rater_group = s.ColumnText(5);
        r.subject_id = s.ColumnInt(6);
        r.venue_id = s.ColumnText(7);
        r.language = s.ColumnText(8);
        r.started_at = s.ColumnText(9);
        r.completed_at = s.ColumnText(10);
        r.partial = s.ColumnInt(11) != 0;
        return r;
      },
      uuid);
  if (!response || !response->has_value()) return response;
  auto answers = Rows<std::pair<std::string, std::string>>(
      lease.db(), "SELECT item_id, value FROM answers WHERE response_uuid = ?",
      [](Statement& s) { return std::make_pair(s.ColumnText(0), s.ColumnText(1)); }, uuid);
  if (!answers) return answers.error();
  for (auto& [item, value] : *answers) (**response).answers[item] = value;
  return response;
}

StoreResult<std::int64_t> SqliteStore::CountResponses() {
  auto lease = Read();
  return Scalar(lease.db(), "SELECT count(*) FROM responses");
}

StoreResult<std::vector<ConflictRow>> SqliteStore::ListConflicts() {
  auto lease = Read();
  return Rows<ConflictRow>(
      lease.db(),
      "SELECT uuid, content_hash, reason, record, received_at FROM conflicts ORDER BY id",
      [](Statement& s) {
        return ConflictRow{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                           s.ColumnText(4)};
      });
}

// ---- audit ----

std::string AuditEntryHash(const AuditEntry& e) {
  // Length-prefixed fields: no two different entries serialise to the same text.
  std::string text;
  for (const std::string* field :
       {&e.prev_hash, &e.at, &e.actor, &e.action, &e.target, &e.detail}) {
    text += std::to_string(field->size());
    text += ':';
    text += *field;
    text += ';';
  }
  text += std::to_string(e.seq);
  return sync::Sha256Hex(text);
}

// AppendAudit and the refusal counters and checkpoints are in sqlite_audit.cpp.

StoreResult<std::vector<AuditEntry>> SqliteStore::ListAudit() {
  auto lease = Read();
  return Rows<AuditEntry>(
      lease.db(),
      "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log ORDER BY seq",
      [](Statement& s) {
        return AuditEntry{s.ColumnInt(0),  s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                          s.ColumnText(4), s.ColumnText(5), s.ColumnText(6), s.ColumnText(7)};
      });
}

// ---- public results pages ----

StoreResult<std::optional<Store::PublicPageRow>> SqliteStore::GetPublicPage(
    const std::string& campaign_id) {
  auto lease = Read();
  return OneRow<PublicPageRow>(
      lease.db(),
      "SELECT campaign_id, what_we_did, published, updated_at, updated_by, content "
      "FROM public_pages WHERE campaign_id = ?",
      [](Statement& s) {
        return PublicPageRow{s.ColumnText(0), s.ColumnText(1), s.ColumnInt(2) != 0,
                             s.ColumnText(3), s.ColumnText(4), s.ColumnText(5)};
      },
      campaign_id);
}

StoreStatus SqliteStore::PutPublicPage(const PublicPageRow& page) {
  std::lock_guard lock(m_write_mutex);
  return Run(
      m_writer,
      "INSERT INTO public_pages(campaign_id, what_we_did, published, updated_at, updated_by, "
      "content) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(campaign_id) DO UPDATE SET "
      "what_we_did = excluded.what_we_did, published = excluded.published, "
      "updated_at = excluded.updated_at, updated_by = excluded.updated_by, "
      "content = excluded.content",
      page.campaign_id, page.what_we_did, page.published, page.updated_at, page.updated_by,
      page.content);
}

StoreStatus SqliteStore::PutThemeEdit(const ThemeEditRow& edit) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer,
             "INSERT INTO comment_theme_edits(campaign_id, question_id, theme_key, label, "
             "merged_into, pinned, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
             "ON CONFLICT(campaign_id, question_id, theme_key) DO UPDATE SET "
             "label = excluded.label, merged_into = excluded.merged_into, "
             "pinned = excluded.pinned, updated_at = excluded.updated_at, "
             "updated_by = excluded.updated_by",
             edit.campaign_id, edit.question_id, edit.theme_key, edit.label, edit.merged_into,
             edit.pinned, edit.updated_at, edit.updated_by);
}

StoreResult<bool> SqliteStore::AddReportRelease(const ReportReleaseRow& release) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer,
                    "INSERT INTO report_releases(campaign_id, person_id, released_at, released_by, "
                    "report, sha256) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(campaign_id, person_id) DO NOTHING",
                    release.campaign_id, release.person_id, release.released_at,
                    release.released_by, release.report, release.sha256);
  if (!status) return status.error();
  return m_writer.Changes() > 0;
}

StoreResult<std::vector<ReportReleaseRow>> SqliteStore::ListReportReleases(
    const std::string& campaign_id) {
  auto lease = Read();
  return Rows<ReportReleaseRow>(
      lease.db(),
      "SELECT r.campaign_id, r.person_id, r.released_at, r.released_by, r.sha256, "
      "IFNULL(sh.shared_at, ''), IFNULL(sh.shared_by, '') FROM report_releases r "
      "LEFT JOIN report_shares sh ON sh.campaign_id = r.campaign_id AND sh.person_id = r.person_id "
      "WHERE r.campaign_id = ? ORDER BY r.person_id",
      [](Statement& s) {
        return ReportReleaseRow{
            s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3), "",
            s.ColumnText(4), s.ColumnText(5), s.ColumnText(6)};
      },
      campaign_id);
}

StoreResult<bool> SqliteStore::ShareReport(const std::string& campaign_id,
                                           const std::string& person_id, const std::string& at,
                                           const std::string& by) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer,
                    "INSERT INTO report_shares(campaign_id, person_id, shared_at, shared_by) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(campaign_id, person_id) DO NOTHING",
                    campaign_id, person_id, at, by);
  if (!status) return status.error();
  return m_writer.Changes() > 0;
}

StoreResult<bool> SqliteStore::CloseSubject(const std::string& campaign_id,
                                            const std::string& person_id, const std::string& at,
                                            const std::string& by) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer,
                    "UPDATE subjects SET closed_at = ?, closed_by = ? "
                    "WHERE campaign_id = ? AND person_id = ? AND closed_at = ''",
                    at, by, campaign_id, person_id);
  if (!status) return status.error();
  return m_writer.Changes() > 0;
}

}  // namespace soundings::server
