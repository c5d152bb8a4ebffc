#include "server/reports/sqlite_report_store.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace soundings::server {

using db::Database;
using db::Statement;

namespace {

// Prepares `sql`, binds the text parameters in order and calls `row` for every result row.
template <typename RowFn>
StoreStatus ForEachRow(Database& db, const char* sql, const std::vector<std::string>& params,
                       RowFn row) {
  auto statement = db.Prepare(sql);
  if (!statement) return statement.error();
  for (std::size_t i = 0; i < params.size(); ++i) {
    statement->Bind(static_cast<int>(i + 1), params[i]);
  }
  while (true) {
    auto more = statement->Step();
    if (!more) return more.error();
    if (!*more) break;
    row(*statement);
  }
  return db::DbOk();
}

// The response columns uuid, template_id, template_version, rater_group, subject_id, venue_id,
// completed_at, partial, starting at column `first`; answers are added by AddAnswer.
ReportResponse ReadResponse(Statement& s, int first) {
  ReportResponse r;
  r.uuid = s.ColumnText(first);
  r.template_id = s.ColumnText(first + 1);
  r.template_version = static_cast<int>(s.ColumnInt(first + 2));
  r.rater_group = s.ColumnText(first + 3);
  r.subject_id = s.ColumnIsNull(first + 4) ? 0 : s.ColumnInt(first + 4);
  r.venue_id = s.ColumnText(first + 5);
  r.completed_at = s.ColumnText(first + 6);
  r.partial = s.ColumnInt(first + 7) != 0;
  return r;
}

// The answer in columns item_id, value starting at `first` (NULL for a response without answers,
// from the LEFT JOIN). A value that is not JSON is left out, as the plain path always did.
void AddAnswer(ReportResponse& r, Statement& s, int first) {
  if (s.ColumnIsNull(first)) return;
  auto value = nlohmann::json::parse(s.ColumnText(first + 1), nullptr, false);
  if (!value.is_discarded()) r.answers[s.ColumnText(first)] = std::move(value);
}

}  // namespace

Result<std::unique_ptr<SqliteReportStore>> SqliteReportStore::Open(
    const std::filesystem::path& file, int connections) {
  db::OpenOptions options;
  options.create = false;
  options.cache_size_kib = 16 * 1024;
  std::unique_ptr<SqliteReportStore> store(new SqliteReportStore());
  for (int i = 0; i < std::max(1, connections); ++i) {
    auto opened = Database::Open(file, options);
    if (!opened) return Problem{file.string(), opened.error().message};
    if (auto ro = opened->Exec("PRAGMA query_only=ON"); !ro) {
      return Problem{file.string(), ro.error().message};
    }
    auto slot = std::make_unique<Connection>();
    slot->db = std::move(*opened);
    store->m_connections.push_back(std::move(slot));
  }
  return store;
}

SqliteReportStore::Lease SqliteReportStore::Read() {
  return Lease(*m_connections[m_next.fetch_add(1) % m_connections.size()]);
}

StoreResult<std::optional<CampaignRow>> SqliteReportStore::GetCampaign(const std::string& id) {
  auto lease = Read();
  std::optional<CampaignRow> found;
  auto status = ForEachRow(
      lease.db(),
      "SELECT id, template_id, template_version, title, kind, state, opens_at, closes_at, "
      "subject_nominations, cell_minimum, comment_minimum FROM campaigns WHERE id = ?",
      {id}, [&](Statement& s) {
        found = CampaignRow{s.ColumnText(0),
                            s.ColumnText(1),
                            static_cast<int>(s.ColumnInt(2)),
                            s.ColumnText(3),
                            s.ColumnText(4),
                            s.ColumnText(5),
                            s.ColumnText(6),
                            s.ColumnText(7),
                            s.ColumnInt(8) != 0,
                            static_cast<int>(s.ColumnInt(9)),
                            static_cast<int>(s.ColumnInt(10))};
      });
  if (!status) return status.error();
  return found;
}

StoreResult<std::vector<TemplateVersionRow>> SqliteReportStore::TemplateVersions(
    const std::string& template_id) {
  auto lease = Read();
  std::vector<TemplateVersionRow> rows;
  auto status = ForEachRow(lease.db(),
                           "SELECT template_id, version, kind, document, document_hash "
                           "FROM template_versions WHERE template_id = ? ORDER BY version",
                           {template_id}, [&](Statement& s) {
                             rows.push_back({s.ColumnText(0), static_cast<int>(s.ColumnInt(1)),
                                             s.ColumnText(2), s.ColumnText(3), s.ColumnText(4)});
                           });
  if (!status) return status.error();
  return rows;
}

StoreResult<std::vector<ReportSubject>> SqliteReportStore::Subjects(
    const std::string& campaign_id) {
  auto lease = Read();
  std::vector<ReportSubject> rows;
  auto status =
      ForEachRow(lease.db(),
                 "SELECT s.id, s.person_id, p.display_name, p.unit_id, s.closed_at FROM subjects s "
                 "JOIN people p ON p.id = s.person_id WHERE s.campaign_id = ? "
                 "ORDER BY s.id",
                 {campaign_id}, [&](Statement& s) {
                   rows.push_back({s.ColumnInt(0), s.ColumnText(1), s.ColumnText(2),
                                   s.ColumnText(3), s.ColumnText(4)});
                 });
  if (!status) return status.error();
  return rows;
}

StoreResult<std::optional<ReportSubject>> SqliteReportStore::Subject(const std::string& campaign_id,
                                                                     const std::string& person_id) {
  auto lease = Read();
  std::optional<ReportSubject> found;
  auto status =
      ForEachRow(lease.db(),
                 "SELECT s.id, s.person_id, p.display_name, p.unit_id, s.closed_at FROM subjects s "
                 "JOIN people p ON p.id = s.person_id "
                 "WHERE s.campaign_id = ? AND s.person_id = ?",
                 {campaign_id, person_id}, [&](Statement& s) {
                   found = ReportSubject{s.ColumnInt(0), s.ColumnText(1), s.ColumnText(2),
                                         s.ColumnText(3), s.ColumnText(4)};
                 });
  if (!status) return status.error();
  return found;
}

StoreResult<std::optional<ReportReleaseRow>> SqliteReportStore::Release(
    const std::string& campaign_id, const std::string& person_id) {
  auto lease = Read();
  std::optional<ReportReleaseRow> found;
  auto status =
      ForEachRow(lease.db(),
                 "SELECT r.campaign_id, r.person_id, r.released_at, r.released_by, r.report, "
                 "r.sha256, IFNULL(sh.shared_at, ''), IFNULL(sh.shared_by, '') "
                 "FROM report_releases r LEFT JOIN report_shares sh "
                 "ON sh.campaign_id = r.campaign_id AND sh.person_id = r.person_id "
                 "WHERE r.campaign_id = ? AND r.person_id = ?",
                 {campaign_id, person_id}, [&](Statement& s) {
                   found = ReportReleaseRow{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2),
                                            s.ColumnText(3), s.ColumnText(4), s.ColumnText(5),
                                            s.ColumnText(6), s.ColumnText(7)};
                 });
  if (!status) return status.error();
  return found;
}

StoreResult<std::map<std::string, int>> SqliteReportStore::InvitationCounts(
    std::int64_t subject_id) {
  auto lease = Read();
  auto statement = lease.db().Prepare(
      "SELECT rater_group, COUNT(*) FROM invitations WHERE subject_id = ? GROUP BY rater_group");
  if (!statement) return statement.error();
  statement->Bind(1, subject_id);
  std::map<std::string, int> counts;
  while (true) {
    auto more = statement->Step();
    if (!more) return more.error();
    if (!*more) break;
    counts[statement->ColumnText(0)] = static_cast<int>(statement->ColumnInt(1));
  }
  return counts;
}

StoreResult<std::vector<ResponseTally>> SqliteReportStore::ResponseTallies(
    const std::string& campaign_id) {
  auto lease = Read();
  // Only the response rows (the campaign's index), never the answers: the overview needs counts.
  auto statement = lease.db().Prepare(
      "SELECT coalesce(rater_group, ''), coalesce(venue_id, ''), substr(completed_at, 1, 10), "
      "partial, count(*) FROM responses WHERE campaign_id = ? GROUP BY 1, 2, 3, 4 "
      "ORDER BY 1, 2, 3, 4");
  if (!statement) return statement.error();
  statement->Bind(1, campaign_id);
  std::vector<ResponseTally> out;
  while (true) {
    auto more = statement->Step();
    if (!more) return more.error();
    if (!*more) break;
    Statement& s = *statement;
    out.push_back({s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnInt(3) != 0,
                   static_cast<int>(s.ColumnInt(4))});
  }
  return out;
}

StoreResult<std::vector<ReportResponse>> SqliteReportStore::Responses(
    const std::string& campaign_id, std::optional<std::int64_t> subject_id) {
  auto lease = Read();
  const char* sql_all =
      "SELECT r.uuid, r.template_id, r.template_version, r.rater_group, r.subject_id, "
      "r.venue_id, r.completed_at, r.partial, a.item_id, a.value FROM responses r "
      "LEFT JOIN answers a ON a.response_uuid = r.uuid WHERE r.campaign_id = ? "
      "ORDER BY r.uuid";
  const char* sql_subject =
      "SELECT r.uuid, r.template_id, r.template_version, r.rater_group, r.subject_id, "
      "r.venue_id, r.completed_at, r.partial, a.item_id, a.value FROM responses r "
      "LEFT JOIN answers a ON a.response_uuid = r.uuid WHERE r.campaign_id = ? "
      "AND r.subject_id = ? ORDER BY r.uuid";
  std::vector<ReportResponse> rows;
  // subject_id is an INTEGER column: bind it as a number so the index compares like with like.
  auto statement = lease.db().Prepare(subject_id ? sql_subject : sql_all);
  if (!statement) return statement.error();
  statement->Bind(1, campaign_id);
  if (subject_id) statement->Bind(2, *subject_id);
  while (true) {
    auto more = statement->Step();
    if (!more) return more.error();
    if (!*more) break;
    Statement& s = *statement;
    if (rows.empty() || rows.back().uuid != s.ColumnText(0)) rows.push_back(ReadResponse(s, 0));
    AddAnswer(rows.back(), s, 8);
  }
  return rows;
}

StoreResult<std::optional<NewResponses>> SqliteReportStore::ResponsesAfter(
    const std::string& campaign_id, std::int64_t after_row, int limit, bool count) {
  auto lease = Read();
  // The checks and the rows from one snapshot, so a reader can tell that what it has folded in
  // plus these rows is every response of the campaign.
  auto snapshot = db::Transaction::Begin(lease.db(), db::TransactionMode::kDeferred);
  if (!snapshot) return snapshot.error();
  NewResponses out;
  {
    // The highest rowid is one step down the table's b-tree; the count walks the campaign's
    // index entries, so readers ask for it only now and then.
    auto checks =
        lease.db().Prepare(count ? "SELECT IFNULL((SELECT MAX(rowid) FROM responses), 0), "
                                   "(SELECT COUNT(*) FROM responses WHERE campaign_id = ?1)"
                                 : "SELECT IFNULL((SELECT MAX(rowid) FROM responses), 0), ?1");
    if (!checks) return checks.error();
    checks->Bind(1, campaign_id);
    auto row = checks->Step();
    if (!row) return row.error();
    if (*row) {
      out.highest_row = checks->ColumnInt(0);
      if (count) out.campaign_responses = checks->ColumnInt(1);
    }
  }
  // The rowid range, not the campaign index (`+` keeps the planner off it): the rows stored
  // since `after_row` are read, whatever the campaign's size. Row ids only grow: responses are
  // never deleted or updated, and the server never VACUUMs (which could renumber them); the
  // count above lets the reader notice if that ever changed.
  auto statement = lease.db().Prepare(
      "SELECT r.row_key, r.uuid, r.template_id, r.template_version, r.rater_group, "
      "r.subject_id, r.venue_id, r.completed_at, r.partial, a.item_id, a.value FROM "
      "(SELECT rowid AS row_key, uuid, template_id, template_version, rater_group, subject_id, "
      "venue_id, completed_at, partial FROM responses WHERE rowid > ?2 AND +campaign_id = ?1 "
      "ORDER BY rowid LIMIT ?3) r LEFT JOIN answers a ON a.response_uuid = r.uuid "
      "ORDER BY r.row_key, a.item_id");
  if (!statement) return statement.error();
  statement->Bind(1, campaign_id);
  statement->Bind(2, after_row);
  statement->Bind(3, std::max(1, limit));
  while (true) {
    auto more = statement->Step();
    if (!more) return more.error();
    if (!*more) break;
    Statement& s = *statement;
    const std::int64_t key = s.ColumnInt(0);
    if (out.responses.empty() || out.responses.back().first != key) {
      out.responses.emplace_back(key, ReadResponse(s, 1));
    }
    AddAnswer(out.responses.back().second, s, 9);
  }
  return std::optional<NewResponses>(std::move(out));
}

StoreResult<std::string> SqliteReportStore::TemplateFingerprint(const std::string& template_id) {
  auto lease = Read();
  std::string fingerprint;
  auto status = ForEachRow(lease.db(),
                           "SELECT version, document_hash FROM template_versions "
                           "WHERE template_id = ? ORDER BY version",
                           {template_id}, [&](Statement& s) {
                             fingerprint +=
                                 std::to_string(s.ColumnInt(0)) + ":" + s.ColumnText(1) + ";";
                           });
  if (!status) return status.error();
  return fingerprint;
}

StoreResult<std::string> SqliteReportStore::ResponsesFingerprint(
    const std::string& campaign_id, std::optional<std::int64_t> subject_id) {
  auto lease = Read();
  auto statement = lease.db().Prepare(
      subject_id
          ? "SELECT (SELECT COUNT(*) || ':' || IFNULL(MAX(rowid), 0) FROM responses "
            "WHERE campaign_id = ?1 AND subject_id = ?2) || '/' || (SELECT COUNT(*) || ':' || "
            "IFNULL(MAX(id), 0) FROM invitations WHERE subject_id = ?2)"
          // Every stored response of a campaign with aggregates bumps their change counter in
          // the same transaction: reading it is one row instead of counting the campaign.
          : "SELECT IFNULL((SELECT 'agg:' || changes FROM report_aggregate_state "
            "WHERE campaign_id = ?1), (SELECT COUNT(*) || ':' || IFNULL(MAX(rowid), 0) "
            "FROM responses WHERE campaign_id = ?1)) || '/' || (SELECT COUNT(*) || ':' || "
            "IFNULL(MAX(id), 0) FROM subjects WHERE campaign_id = ?1)");
  if (!statement) return statement.error();
  statement->Bind(1, campaign_id);
  if (subject_id) statement->Bind(2, *subject_id);
  auto row = statement->Step();
  if (!row) return row.error();
  return *row ? statement->ColumnText(0) : std::string();
}

StoreResult<std::optional<AggregateHeader>> SqliteReportStore::Aggregates(
    const std::string& campaign_id, std::optional<std::int64_t> subject_id,
    const std::function<void(std::int64_t, const std::string&)>& each) {
  auto lease = Read();
  // One statement, so the header and the counts come from one snapshot of the database.
  auto statement = lease.db().Prepare(
      subject_id ? "SELECT s.template_fingerprint, s.changes, c.subject_id, c.counts "
                   "FROM report_aggregate_state s LEFT JOIN report_subject_counts c "
                   "ON c.campaign_id = s.campaign_id AND c.subject_id = ?2 "
                   "WHERE s.campaign_id = ?1"
                 : "SELECT s.template_fingerprint, s.changes, c.subject_id, c.counts "
                   "FROM report_aggregate_state s LEFT JOIN report_subject_counts c "
                   "ON c.campaign_id = s.campaign_id WHERE s.campaign_id = ?1");
  if (!statement) return statement.error();
  statement->Bind(1, campaign_id);
  if (subject_id) statement->Bind(2, *subject_id);
  std::optional<AggregateHeader> header;
  while (true) {
    auto more = statement->Step();
    if (!more) return more.error();
    if (!*more) break;
    if (!header) header = AggregateHeader{statement->ColumnText(0), statement->ColumnInt(1)};
    if (!statement->ColumnIsNull(2)) each(statement->ColumnInt(2), statement->ColumnText(3));
  }
  return header;
}

StoreResult<std::vector<OrgUnitRow>> SqliteReportStore::OrgUnits() {
  auto lease = Read();
  std::vector<OrgUnitRow> rows;
  auto status = ForEachRow(
      lease.db(), "SELECT id, parent_id, kind, name, lead_person_id FROM org_units ORDER BY id", {},
      [&](Statement& s) {
        rows.push_back(
            {s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3), s.ColumnText(4)});
      });
  if (!status) return status.error();
  return rows;
}

StoreResult<std::vector<VenueRow>> SqliteReportStore::Venues() {
  auto lease = Read();
  std::vector<VenueRow> rows;
  auto status =
      ForEachRow(lease.db(), "SELECT id, name, area, settlement, ward FROM venues ORDER BY id", {},
                 [&](Statement& s) {
                   rows.push_back({s.ColumnText(0), s.ColumnText(1), s.ColumnText(2),
                                   s.ColumnText(3), s.ColumnText(4)});
                 });
  if (!status) return status.error();
  return rows;
}

StoreResult<std::vector<Store::ThemeEditRow>> SqliteReportStore::ThemeEdits(
    const std::string& campaign_id) {
  auto lease = Read();
  std::vector<Store::ThemeEditRow> rows;
  auto status = ForEachRow(
      lease.db(),
      "SELECT campaign_id, question_id, theme_key, label, merged_into, pinned, updated_at, "
      "updated_by FROM comment_theme_edits WHERE campaign_id = ? ORDER BY question_id, theme_key",
      {campaign_id}, [&](Statement& s) {
        rows.push_back({s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                        s.ColumnText(4), s.ColumnInt(5) != 0, s.ColumnText(6), s.ColumnText(7)});
      });
  if (!status) return status.error();
  return rows;
}

}  // namespace soundings::server
