#include "server/store/sqlite_store.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "server/store/aggregates.h"
#include "server/store/migrations.h"
#include "server/store/sqlite_rows.h"

namespace soundings::server {

using db::Database;
using db::DbError;
using db::DbOk;
using db::Statement;
using namespace sqlite_rows;  // NOLINT(google-build-using-namespace): the row helpers

int LatestSchemaVersion() { return Migrations().back().version; }

namespace {

TemplateVersionRow TemplateFromRow(Statement& s) {
  return {s.ColumnText(0), static_cast<int>(s.ColumnInt(1)), s.ColumnText(2), s.ColumnText(3),
          s.ColumnText(4)};
}

CampaignRow CampaignFromRow(Statement& s) {
  return {s.ColumnText(0),
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
}

constexpr const char* kCampaignColumns =
    "SELECT id, template_id, template_version, title, kind, state, opens_at, closes_at, "
    "subject_nominations, cell_minimum, comment_minimum FROM campaigns";

Status Migrate(Database& db, const std::filesystem::path& file) {
  auto current = Scalar(db, "PRAGMA user_version");
  if (!current) {
    return Problem{file.string(), "cannot read the schema version: " + current.error().message};
  }
  const int latest = LatestSchemaVersion();
  if (*current > latest) {
    return Problem{file.string(),
                   "this database has schema version " + std::to_string(*current) +
                       ", newer than this soundings-server knows (" + std::to_string(latest) +
                       "); it was written by a newer release. Run that release or a newer one; "
                       "the database has not been changed"};
  }
  for (const auto& migration : Migrations()) {
    if (migration.version <= *current) continue;
    auto tx = db::Transaction::Begin(db);
    if (!tx) return Problem{file.string(), "cannot start a migration: " + tx.error().message};
    auto applied =
        db.Exec(migration.sql + "\nPRAGMA user_version=" + std::to_string(migration.version) + ";");
    if (!applied) {
      return Problem{file.string(), "migration " + std::to_string(migration.version) + " (" +
                                        migration.description +
                                        ") failed: " + applied.error().message};
    }
    if (auto committed = tx->Commit(); !committed) {
      return Problem{file.string(), "cannot commit migration " + std::to_string(migration.version) +
                                        ": " + committed.error().message};
    }
  }
  return Ok{};
}

DeviceRow ReadDevice(Statement& s) {
  return DeviceRow{s.ColumnInt(0), s.ColumnText(1), s.ColumnInt(2) != 0, s.ColumnText(3)};
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::filesystem::path& file,
                                                       const SqliteStoreOptions& options) {
  db::OpenOptions open;
  open.synchronous = options.synchronous;
  open.busy_timeout_ms = options.busy_timeout_ms;
  auto writer = Database::Open(file, open);
  if (!writer) return Problem{file.string(), writer.error().message};
  if (auto migrated = Migrate(*writer, file); !migrated) return migrated.problems();

  std::unique_ptr<SqliteStore> store(new SqliteStore());
  store->m_writer = std::move(*writer);
  // Report aggregates missing (just migrated) or built for other template versions: backfill.
  store->m_aggregates = std::make_shared<ReportAggregator>();
  if (auto rebuilt = store->m_aggregates->RebuildStale(store->m_writer); !rebuilt) {
    return Problem{file.string(), "cannot build the report aggregates: " + rebuilt.error().message};
  }
  open.create = false;
  for (int i = 0; i < std::max(1, options.reader_connections); ++i) {
    auto reader = Database::Open(file, open);
    if (!reader) return Problem{file.string(), reader.error().message};
    if (auto ro = reader->Exec("PRAGMA query_only=ON"); !ro) {
      return Problem{file.string(), ro.error().message};
    }
    auto slot = std::make_unique<Reader>();
    slot->db = std::move(*reader);
    store->m_readers.push_back(std::move(slot));
  }
  return store;
}

SqliteStore::ReadLease SqliteStore::Read() {
  const std::size_t index = m_next_reader.fetch_add(1) % m_readers.size();
  return ReadLease(*m_readers[index]);
}

// ---- organisation ----

StoreStatus SqliteStore::AddOrgUnit(const OrgUnitRow& unit) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer,
             "INSERT INTO org_units(id, parent_id, kind, name, lead_person_id) "
             "VALUES (?, ?, ?, ?, ?)",
             unit.id, Nullable{unit.parent_id}, unit.kind, unit.name,
             Nullable{unit.lead_person_id});
}

StoreStatus SqliteStore::AddPerson(const PersonRow& person) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer, "INSERT INTO people(id, display_name, email, unit_id) VALUES (?, ?, ?, ?)",
             person.id, person.display_name, Nullable{person.email}, Nullable{person.unit_id});
}

StoreResult<std::vector<OrgUnitRow>> SqliteStore::ListOrgUnits() {
  auto lease = Read();
  return Rows<OrgUnitRow>(
      lease.db(), "SELECT id, parent_id, kind, name, lead_person_id FROM org_units ORDER BY id",
      [](Statement& s) {
        return OrgUnitRow{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                          s.ColumnText(4)};
      });
}

StoreStatus SqliteStore::SetUnitLead(const std::string& unit_id, const std::string& person_id) {
  std::lock_guard lock(m_write_mutex);
  // One statement, atomic on its own. lead_person_id has no foreign key: the caller checks that
  // the person exists.
  auto status = Run(m_writer, "UPDATE org_units SET lead_person_id = ? WHERE id = ?",
                    Nullable{person_id}, unit_id);
  if (!status) return status;
  if (m_writer.Changes() == 0) return DbError{12 /* SQLITE_NOTFOUND */, "no unit " + unit_id};
  return DbOk();
}

StoreResult<std::vector<PersonRow>> SqliteStore::ListPeople() {
  auto lease = Read();
  return Rows<PersonRow>(
      lease.db(), "SELECT id, display_name, email, unit_id FROM people ORDER BY id",
      [](Statement& s) {
        return PersonRow{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3)};
      });
}

// ---- templates ----

StoreStatus SqliteStore::AddTemplateVersion(const TemplateVersionRow& row) {
  std::lock_guard lock(m_write_mutex);
  auto existing = OneRow<std::string>(
      m_writer, "SELECT document_hash FROM template_versions WHERE template_id = ? AND version = ?",
      [](Statement& s) { return s.ColumnText(0); }, row.template_id, row.version);
  if (!existing) return existing.error();
  if (existing->has_value()) {
    if (**existing == row.document_hash) return DbOk();
    return DbError{19 /* SQLITE_CONSTRAINT */, "version " + std::to_string(row.version) +
                                                   " of template " + row.template_id +
                                                   " is already stored with different content"};
  }
  return Run(m_writer,
             "INSERT INTO template_versions(template_id, version, kind, document, document_hash) "
             "VALUES (?, ?, ?, ?, ?)",
             row.template_id, row.version, row.kind, row.document, row.document_hash);
}

StoreResult<std::optional<TemplateVersionRow>> SqliteStore::GetTemplateVersion(
    const std::string& id, int version) {
  auto lease = Read();
  return OneRow<TemplateVersionRow>(
      lease.db(),
      "SELECT template_id, version, kind, document, document_hash FROM template_versions "
      "WHERE template_id = ? AND version = ?",
      TemplateFromRow, id, version);
}

StoreResult<std::vector<TemplateVersionRow>> SqliteStore::ListTemplateVersions() {
  auto lease = Read();
  return Rows<TemplateVersionRow>(
      lease.db(),
      "SELECT template_id, version, kind, document, document_hash FROM template_versions "
      "ORDER BY template_id, version",
      TemplateFromRow);
}

// ---- campaigns ----

StoreStatus SqliteStore::AddCampaign(const CampaignRow& c) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer,
             "INSERT INTO campaigns(id, template_id, template_version, title, kind, state, "
             "opens_at, closes_at, subject_nominations, cell_minimum, comment_minimum) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             c.id, c.template_id, c.template_version, c.title, c.kind, c.state, c.opens_at,
             c.closes_at, c.subject_nominations ? 1 : 0, c.cell_minimum, c.comment_minimum);
}

StoreResult<std::optional<CampaignRow>> SqliteStore::GetCampaign(const std::string& id) {
  auto lease = Read();
  return OneRow<CampaignRow>(lease.db(), std::string(kCampaignColumns) + " WHERE id = ?",
                             CampaignFromRow, id);
}

StoreResult<std::vector<CampaignRow>> SqliteStore::ListCampaigns() {
  auto lease = Read();
  return Rows<CampaignRow>(lease.db(), std::string(kCampaignColumns) + " ORDER BY id",
                           CampaignFromRow);
}

StoreStatus SqliteStore::SetCampaignState(const std::string& id, const std::string& state) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer, "UPDATE campaigns SET state = ? WHERE id = ?", state, id);
  if (!status) return status;
  if (m_writer.Changes() == 0) return DbError{12 /* SQLITE_NOTFOUND */, "no campaign " + id};
  return DbOk();
}

StoreStatus SqliteStore::SetSubjectNominations(const std::string& id, bool enabled) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer, "UPDATE campaigns SET subject_nominations = ? WHERE id = ?",
                    enabled ? 1 : 0, id);
  if (!status) return status;
  if (m_writer.Changes() == 0) return DbError{12 /* SQLITE_NOTFOUND */, "no campaign " + id};
  return DbOk();
}

StoreStatus SqliteStore::SetCampaignMinimums(const std::string& id, int cell_minimum,
                                             int comment_minimum) {
  std::lock_guard lock(m_write_mutex);
  auto status =
      Run(m_writer, "UPDATE campaigns SET cell_minimum = ?, comment_minimum = ? WHERE id = ?",
          cell_minimum, comment_minimum, id);
  if (!status) return status;
  if (m_writer.Changes() == 0) return DbError{12 /* SQLITE_NOTFOUND */, "no campaign " + id};
  return DbOk();
}

StoreStatus SqliteStore::SetCampaignDates(const std::string& id, const std::string& opens_at,
                                          const std::string& closes_at) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer, "UPDATE campaigns SET opens_at = ?, closes_at = ? WHERE id = ?",
                    opens_at, closes_at, id);
  if (!status) return status;
  if (m_writer.Changes() == 0) return DbError{12 /* SQLITE_NOTFOUND */, "no campaign " + id};
  return DbOk();
}

// ---- 360 ----

StoreResult<std::int64_t> SqliteStore::AddSubject(const std::string& campaign_id,
                                                  const std::string& person_id) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer, "INSERT INTO subjects(campaign_id, person_id) VALUES (?, ?)",
                    campaign_id, person_id);
  if (!status) return status.error();
  return m_writer.LastInsertRowId();
}

StoreResult<std::vector<SubjectRow>> SqliteStore::ListSubjects(const std::string& campaign_id) {
  auto lease = Read();
  return Rows<SubjectRow>(
      lease.db(),
      "SELECT s.id, s.campaign_id, s.person_id, p.display_name, s.closed_at FROM subjects s "
      "JOIN people p ON p.id = s.person_id WHERE s.campaign_id = ? ORDER BY s.id",
      [](Statement& s) {
        return SubjectRow{s.ColumnInt(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                          s.ColumnText(4)};
      },
      campaign_id);
}

StoreResult<std::int64_t> SqliteStore::AddNomination(std::int64_t subject_id,
                                                     const std::string& rater_person_id,
                                                     const std::string& rater_group) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer,
                    "INSERT INTO nominations(subject_id, rater_person_id, rater_group) "
                    "VALUES (?, ?, ?)",
                    subject_id, rater_person_id, rater_group);
  if (!status) return status.error();
  return m_writer.LastInsertRowId();
}

StoreResult<std::int64_t> SqliteStore::AddInvitation(const InvitationRow& i) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer,
                    "INSERT INTO invitations(campaign_id, subject_id, nomination_id, rater_group, "
                    "code_hash, salt, expires_at, used) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    i.campaign_id, i.subject_id, NullableId{i.nomination_id}, i.rater_group,
                    i.code_hash, i.salt, i.expires_at, i.used);
  if (!status) return status.error();
  return m_writer.LastInsertRowId();
}

StoreResult<std::vector<InvitationRow>> SqliteStore::ListInvitations(
    const std::string& campaign_id) {
  auto lease = Read();
  return Rows<InvitationRow>(
      lease.db(),
      "SELECT i.id, i.campaign_id, i.subject_id, p.display_name, i.nomination_id, i.rater_group, "
      "i.code_hash, i.salt, i.expires_at, i.used, s.closed_at FROM invitations i "
      "JOIN subjects s ON s.id = i.subject_id JOIN people p ON p.id = s.person_id "
      "WHERE i.campaign_id = ? ORDER BY i.id",
      [](Statement& s) {
        return InvitationRow{s.ColumnInt(0),  s.ColumnText(1),     s.ColumnInt(2),  s.ColumnText(3),
                             s.ColumnInt(4),  s.ColumnText(5),     s.ColumnText(6), s.ColumnText(7),
                             s.ColumnText(8), s.ColumnInt(9) != 0, s.ColumnText(10)};
      },
      campaign_id);
}

// ---- users ----

namespace {
UserRow UserFromRow(Statement& s) {
  return UserRow{s.ColumnInt(0),  s.ColumnText(1), s.ColumnText(2),
                 s.ColumnText(3), s.ColumnText(4), s.ColumnInt(5) != 0};
}
constexpr const char* kUserColumns =
    "SELECT id, username, person_id, role, password_hash, disabled FROM users";
}  // namespace

StoreResult<std::int64_t> SqliteStore::AddUser(const UserRow& user, const std::string& created_at) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer,
                    "INSERT INTO users(username, person_id, role, password_hash, disabled, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    user.username, Nullable{user.person_id}, user.role, user.password_hash,
                    user.disabled, created_at);
  if (!status) return status.error();
  return m_writer.LastInsertRowId();
}

StoreResult<std::optional<UserRow>> SqliteStore::FindUser(const std::string& username) {
  auto lease = Read();
  return OneRow<UserRow>(lease.db(), std::string(kUserColumns) + " WHERE username = ?", UserFromRow,
                         username);
}

StoreResult<std::vector<UserRow>> SqliteStore::ListUsers() {
  auto lease = Read();
  return Rows<UserRow>(lease.db(), std::string(kUserColumns) + " ORDER BY username", UserFromRow);
}

StoreResult<bool> SqliteStore::SetUserRole(const std::string& username, const std::string& role) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer, "UPDATE users SET role = ? WHERE username = ?", role, username);
  if (!status) return status.error();
  return m_writer.Changes() > 0;
}

StoreStatus SqliteStore::AddSession(const SessionRow& session, const std::string& created_at) {
  std::lock_guard lock(m_write_mutex);
  return Run(
      m_writer,
      "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
      session.token_hash, session.user_id, created_at, session.expires_at);
}

StoreResult<std::optional<SessionRow>> SqliteStore::FindSession(const std::string& token_hash) {
  auto lease = Read();
  return OneRow<SessionRow>(
      lease.db(), "SELECT token_hash, user_id, expires_at FROM sessions WHERE token_hash = ?",
      [](Statement& s) {
        return SessionRow{s.ColumnText(0), s.ColumnInt(1), s.ColumnText(2)};
      },
      token_hash);
}

StoreStatus SqliteStore::DeleteSession(const std::string& token_hash) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer, "DELETE FROM sessions WHERE token_hash = ?", token_hash);
}

StoreResult<std::pair<int, std::string>> SqliteStore::SignInFailures(const std::string& username) {
  auto lease = Read();
  auto row = OneRow<std::pair<int, std::string>>(
      lease.db(), "SELECT failures, last_failure_at FROM sign_in_failures WHERE username = ?",
      [](Statement& s) {
        return std::make_pair(static_cast<int>(s.ColumnInt(0)), s.ColumnText(1));
      },
      username);
  if (!row) return row.error();
  return row->value_or(std::make_pair(0, std::string()));
}

StoreStatus SqliteStore::RecordSignInFailure(const std::string& username, const std::string& at) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer,
             "INSERT INTO sign_in_failures(username, failures, last_failure_at) VALUES (?, 1, ?) "
             "ON CONFLICT(username) DO UPDATE SET failures = failures + 1, "
             "last_failure_at = excluded.last_failure_at",
             username, at);
}

StoreStatus SqliteStore::ClearSignInFailures(const std::string& username) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer, "DELETE FROM sign_in_failures WHERE username = ?", username);
}

// ---- imports ----

StoreStatus SqliteStore::ImportPeople(const std::vector<OrgUnitRow>& units,
                                      const std::vector<PersonRow>& people) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  for (const auto& unit : units) {
    auto s =
        Run(m_writer,
            "INSERT INTO org_units(id, parent_id, kind, name, lead_person_id) "
            "VALUES (?, ?, ?, ?, ?)",
            unit.id, Nullable{unit.parent_id}, unit.kind, unit.name, Nullable{unit.lead_person_id});
    if (!s) return s;
  }
  for (const auto& person : people) {
    auto s =
        Run(m_writer, "INSERT INTO people(id, display_name, email, unit_id) VALUES (?, ?, ?, ?)",
            person.id, person.display_name, Nullable{person.email}, Nullable{person.unit_id});
    if (!s) return s;
  }
  return tx->Commit();
}

StoreStatus SqliteStore::ImportNominations(const std::string& campaign_id,
                                           const std::vector<NominationImportRow>& rows) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  for (const auto& row : rows) {
    auto s = Run(m_writer, "INSERT OR IGNORE INTO subjects(campaign_id, person_id) VALUES (?, ?)",
                 campaign_id, row.subject_person_id);
    if (!s) return s;
    s = Run(m_writer,
            "INSERT INTO nominations(subject_id, rater_person_id, rater_group, status) "
            "SELECT id, ?, ?, ? FROM subjects WHERE campaign_id = ? AND person_id = ?",
            row.rater_person_id, row.rater_group, row.status, campaign_id, row.subject_person_id);
    if (!s) return s;
  }
  return tx->Commit();
}

StoreResult<std::vector<Store::PendingNomination>> SqliteStore::NominationsWithoutInvitation(
    const std::string& campaign_id) {
  auto lease = Read();
  return Rows<PendingNomination>(
      lease.db(),
      "SELECT n.id, s.id, s.person_id, n.rater_person_id, n.rater_group, sp.display_name, "
      "rp.display_name FROM nominations n JOIN subjects s ON s.id = n.subject_id "
      "JOIN people sp ON sp.id = s.person_id JOIN people rp ON rp.id = n.rater_person_id "
      "WHERE s.campaign_id = ? AND n.status = 'approved' AND s.closed_at = '' AND NOT EXISTS "
      "(SELECT 1 FROM invitations i WHERE i.nomination_id = n.id) ORDER BY n.id",
      [](Statement& s) {
        PendingNomination p;
        p.nomination_id = s.ColumnInt(0);
        p.subject_id = s.ColumnInt(1);
        p.who = {s.ColumnText(2), s.ColumnText(3), s.ColumnText(4)};
        p.subject_display_name = s.ColumnText(5);
        p.rater_display_name = s.ColumnText(6);
        return p;
      },
      campaign_id);
}

StoreResult<std::vector<Store::NominationRow>> SqliteStore::ListNominations(
    const std::string& campaign_id) {
  auto lease = Read();
  return Rows<NominationRow>(
      lease.db(),
      "SELECT n.id, s.person_id, sp.display_name, n.rater_person_id, rp.display_name, "
      "n.rater_group, EXISTS (SELECT 1 FROM invitations i WHERE i.nomination_id = n.id), "
      "n.status, n.decided_by FROM nominations n JOIN subjects s ON s.id = n.subject_id "
      "JOIN people sp ON sp.id = s.person_id JOIN people rp ON rp.id = n.rater_person_id "
      "WHERE s.campaign_id = ? ORDER BY sp.display_name, s.person_id, rp.display_name, n.id",
      [](Statement& s) {
        return NominationRow{s.ColumnInt(0),      s.ColumnText(1), s.ColumnText(2),
                             s.ColumnText(3),     s.ColumnText(4), s.ColumnText(5),
                             s.ColumnInt(6) != 0, s.ColumnText(7), s.ColumnText(8)};
      },
      campaign_id);
}

StoreResult<Store::NominationRemoval> SqliteStore::RemoveNomination(
    const std::string& campaign_id, const std::string& subject_person_id,
    const std::string& rater_person_id) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  struct Found {
    std::int64_t id = 0;
    bool answered = false;
  };
  auto found = OneRow<Found>(
      m_writer,
      "SELECT n.id, coalesce(max(i.used), 0) FROM nominations n "
      "JOIN subjects s ON s.id = n.subject_id LEFT JOIN invitations i ON i.nomination_id = n.id "
      "WHERE s.campaign_id = ? AND s.person_id = ? AND n.rater_person_id = ? GROUP BY n.id",
      [](Statement& s) {
        return Found{s.ColumnInt(0), s.ColumnInt(1) != 0};
      },
      campaign_id, subject_person_id, rater_person_id);
  if (!found) return found.error();
  if (!found->has_value()) return NominationRemoval::kNotFound;
  if ((*found)->answered) return NominationRemoval::kAnswered;
  const std::int64_t id = (*found)->id;
  if (auto s = Run(m_writer, "DELETE FROM invitations WHERE nomination_id = ?", id); !s) {
    return s.error();
  }
  if (auto s = Run(m_writer, "DELETE FROM nominations WHERE id = ?", id); !s) return s.error();
  if (auto committed = tx->Commit(); !committed) return committed.error();
  return NominationRemoval::kRemoved;
}

StoreResult<bool> SqliteStore::DecideNomination(const std::string& campaign_id,
                                                const std::string& subject_person_id,
                                                const std::string& rater_person_id, bool approve,
                                                const std::string& by) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer,
                    "UPDATE nominations SET status = ?, decided_by = ? WHERE status = 'proposed' "
                    "AND rater_person_id = ? AND subject_id = "
                    "(SELECT id FROM subjects WHERE campaign_id = ? AND person_id = ?)",
                    std::string(approve ? "approved" : "declined"), by, rater_person_id,
                    campaign_id, subject_person_id);
  if (!status) return status.error();
  return m_writer.Changes() > 0;
}

StoreResult<std::vector<Store::AwaitedNomination>> SqliteStore::NominationsAwaitingResponse(
    const std::string& campaign_id) {
  auto lease = Read();
  return Rows<AwaitedNomination>(
      lease.db(),
      "SELECT i.id, n.id, s.id, s.person_id, n.rater_person_id, n.rater_group, sp.display_name, "
      "rp.display_name FROM invitations i JOIN nominations n ON n.id = i.nomination_id "
      "JOIN subjects s ON s.id = n.subject_id JOIN people sp ON sp.id = s.person_id "
      "JOIN people rp ON rp.id = n.rater_person_id "
      "WHERE i.campaign_id = ? AND i.used = 0 AND s.closed_at = '' ORDER BY n.id",
      [](Statement& s) {
        AwaitedNomination a;
        a.invitation_id = s.ColumnInt(0);
        a.nomination.nomination_id = s.ColumnInt(1);
        a.nomination.subject_id = s.ColumnInt(2);
        a.nomination.who = {s.ColumnText(3), s.ColumnText(4), s.ColumnText(5)};
        a.nomination.subject_display_name = s.ColumnText(6);
        a.nomination.rater_display_name = s.ColumnText(7);
        return a;
      },
      campaign_id);
}

StoreResult<std::vector<std::int64_t>> SqliteStore::ReissueInvitationCodes(
    const std::vector<InvitationRow>& invitations) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  std::vector<std::int64_t> changed;
  for (const auto& i : invitations) {
    auto s = Run(m_writer,
                 "UPDATE invitations SET code_hash = ?, salt = ?, expires_at = ? "
                 "WHERE id = ? AND used = 0",
                 i.code_hash, i.salt, i.expires_at, i.id);
    if (!s) return s.error();
    if (m_writer.Changes() > 0) changed.push_back(i.id);
  }
  if (auto committed = tx->Commit(); !committed) return committed.error();
  return changed;
}

StoreStatus SqliteStore::AddInvitations(const std::vector<InvitationRow>& invitations) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  for (const auto& i : invitations) {
    auto s = Run(m_writer,
                 "INSERT INTO invitations(campaign_id, subject_id, nomination_id, rater_group, "
                 "code_hash, salt, expires_at, used) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                 i.campaign_id, i.subject_id, NullableId{i.nomination_id}, i.rater_group,
                 i.code_hash, i.salt, i.expires_at);
    if (!s) return s;
  }
  return tx->Commit();
}

// ---- venues ----

namespace {
constexpr const char* kVenueColumns =
    "SELECT id, name, area, settlement, ward, postcode FROM venues";
VenueRow VenueFrom(Statement& s) {
  return VenueRow{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2),
                  s.ColumnText(3), s.ColumnText(4), s.ColumnText(5)};
}

StoreStatus InsertVenue(Database& db, const VenueRow& v) {
  return Run(db,
             "INSERT INTO venues(id, name, area, settlement, ward, postcode) "
             "VALUES (?, ?, ?, ?, ?, ?)",
             v.id, v.name, Nullable{v.area}, Nullable{v.settlement}, Nullable{v.ward}, v.postcode);
}
}  // namespace

StoreStatus SqliteStore::AddVenue(const VenueRow& v) {
  std::lock_guard lock(m_write_mutex);
  return InsertVenue(m_writer, v);
}

StoreStatus SqliteStore::ImportVenues(const std::vector<VenueRow>& venues) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  for (const auto& v : venues) {
    if (auto s = InsertVenue(m_writer, v); !s) return s;
  }
  return tx->Commit();
}

StoreResult<std::vector<VenueRow>> SqliteStore::ListVenues() {
  auto lease = Read();
  return Rows<VenueRow>(lease.db(), std::string(kVenueColumns) + " ORDER BY id", VenueFrom);
}

StoreResult<std::optional<VenueRow>> SqliteStore::GetVenue(const std::string& id) {
  auto lease = Read();
  return OneRow<VenueRow>(lease.db(), std::string(kVenueColumns) + " WHERE id = ?", VenueFrom, id);
}

StoreResult<bool> SqliteStore::UpdateVenue(const VenueRow& v) {
  std::lock_guard lock(m_write_mutex);
  auto s =
      Run(m_writer,
          "UPDATE venues SET name = ?, area = ?, settlement = ?, ward = ?, postcode = ? "
          "WHERE id = ?",
          v.name, Nullable{v.area}, Nullable{v.settlement}, Nullable{v.ward}, v.postcode, v.id);
  if (!s) return s.error();
  return m_writer.Changes() > 0;
}

// ---- devices ----

StoreStatus SqliteStore::AddEnrolmentCode(const std::string& code_hash,
                                          const std::string& created_at,
                                          const std::string& expires_at) {
  std::lock_guard lock(m_write_mutex);
  return Run(m_writer,
             "INSERT INTO enrolment_codes(code_hash, created_at, expires_at) VALUES (?, ?, ?)",
             code_hash, created_at, expires_at);
}

StoreResult<std::optional<std::int64_t>> SqliteStore::EnrolDevice(const std::string& code_hash,
                                                                  const std::string& name,
                                                                  const std::string& token_hash,
                                                                  const std::string& now) {
  std::lock_guard lock(m_write_mutex);
  auto tx = db::Transaction::Begin(m_writer);
  if (!tx) return tx.error();
  // RFC 3339 UTC strings of one fixed format compare in time order.
  auto used = Run(m_writer,
                  "UPDATE enrolment_codes SET used = 1 "
                  "WHERE code_hash = ? AND used = 0 AND expires_at > ?",
                  code_hash, now);
  if (!used) return used.error();
  if (m_writer.Changes() == 0) return std::optional<std::int64_t>();
  auto inserted =
      Run(m_writer, "INSERT INTO devices(name, token_hash, enrolled_at) VALUES (?, ?, ?)", name,
          token_hash, now);
  if (!inserted) return inserted.error();
  const std::int64_t id = m_writer.LastInsertRowId();
  if (auto committed = tx->Commit(); !committed) return committed.error();
  return std::optional<std::int64_t>(id);
}

StoreResult<std::optional<DeviceRow>> SqliteStore::FindDeviceByTokenHash(
    const std::string& token_hash) {
  auto lease = Read();
  return OneRow<DeviceRow>(
      lease.db(),
      "SELECT id, name, revoked, coalesce(last_seen_at, '') FROM devices WHERE token_hash = ?",
      ReadDevice, token_hash);
}

StoreResult<std::vector<DeviceRow>> SqliteStore::ListDevices() {
  auto lease = Read();
  return Rows<DeviceRow>(
      lease.db(), "SELECT id, name, revoked, coalesce(last_seen_at, '') FROM devices ORDER BY id",
      ReadDevice);
}

StoreStatus SqliteStore::RecordDeviceSeen(std::int64_t device_id, const std::string& at) {
  std::lock_guard lock(m_write_mutex);
  // RFC 3339 UTC strings of one fixed format compare in time order.
  return Run(m_writer,
             "UPDATE devices SET last_seen_at = ? "
             "WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)",
             at, device_id, at);
}

StoreResult<bool> SqliteStore::RevokeDevice(std::int64_t device_id) {
  std::lock_guard lock(m_write_mutex);
  auto status = Run(m_writer, "UPDATE devices SET revoked = 1 WHERE id = ?", device_id);
  if (!status) return status.error();
  return m_writer.Changes() > 0;
}

}  // namespace soundings::server
