#pragma once
// The SQLite implementation of Store: one database file in the data folder, WAL, one writer
// connection behind a mutex (BEGIN IMMEDIATE), a small pool of reader connections.
//
// Durability: synchronous=FULL by default. With WAL this means a transaction whose COMMIT has
// returned is on stable storage (fsync of the WAL) and survives a crash of the process, the OS or
// the power. The sync endpoint replies only after COMMIT returns, so an "accepted" a kiosk has
// seen is never lost. NORMAL would be faster but can lose the last commits on power loss, which a
// kiosk that already deleted its copy could not repair.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "server/store/store.h"
#include "shared/core/error.h"
#include "shared/db/sqlite.h"

namespace soundings::server {

class ReportAggregator;  // server/store/aggregates.h

/// The newest schema version this build knows (PRAGMA user_version).
int LatestSchemaVersion();

struct SqliteStoreOptions {
  std::string synchronous = "FULL";
  int busy_timeout_ms = 5000;
  int reader_connections = 4;
};

class SqliteStore final : public Store {
 public:
  /// Opens or creates the database at `file` and applies pending migrations. Fails with a clear
  /// sentence when the file's schema is newer than this build knows, or it cannot be opened.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::filesystem::path& file,
                                                   const SqliteStoreOptions& options = {});

  StoreStatus AddOrgUnit(const OrgUnitRow& unit) override;
  StoreStatus AddPerson(const PersonRow& person) override;
  StoreResult<std::vector<OrgUnitRow>> ListOrgUnits() override;
  StoreStatus SetUnitLead(const std::string& unit_id, const std::string& person_id) override;
  StoreResult<std::vector<PersonRow>> ListPeople() override;

  StoreStatus AddTemplateVersion(const TemplateVersionRow& row) override;
  StoreResult<std::optional<TemplateVersionRow>> GetTemplateVersion(const std::string& id,
                                                                    int version) override;
  StoreResult<std::vector<TemplateVersionRow>> ListTemplateVersions() override;

  StoreStatus AddCampaign(const CampaignRow& campaign) override;
  StoreResult<std::optional<CampaignRow>> GetCampaign(const std::string& id) override;
  StoreResult<std::vector<CampaignRow>> ListCampaigns() override;
  StoreStatus SetCampaignState(const std::string& id, const std::string& state) override;
  StoreStatus SetSubjectNominations(const std::string& id, bool enabled) override;
  StoreStatus SetCampaignMinimums(const std::string& id, int cell_minimum,
                                  int comment_minimum) override;
  StoreStatus SetCampaignDates(const std::string& id, const std::string& opens_at,
                               const std::string& closes_at) override;

  StoreResult<std::int64_t> AddSubject(const std::string& campaign_id,
                                       const std::string& person_id) override;
  StoreResult<std::vector<SubjectRow>> ListSubjects(const std::string& campaign_id) override;
  StoreResult<std::int64_t> AddNomination(std::int64_t subject_id,
                                          const std::string& rater_person_id,
                                          const std::string& rater_group) override;
  StoreResult<std::int64_t> AddInvitation(const InvitationRow& invitation) override;
  StoreResult<std::vector<InvitationRow>> ListInvitations(const std::string& campaign_id) override;

  StoreResult<std::int64_t> AddUser(const UserRow& user, const std::string& created_at) override;
  StoreResult<std::optional<UserRow>> FindUser(const std::string& username) override;
  StoreResult<std::vector<UserRow>> ListUsers() override;
  StoreResult<bool> SetUserRole(const std::string& username, const std::string& role) override;
  StoreStatus AddSession(const SessionRow& session, const std::string& created_at) override;
  StoreResult<std::optional<SessionRow>> FindSession(const std::string& token_hash) override;
  StoreStatus DeleteSession(const std::string& token_hash) override;
  StoreResult<std::pair<int, std::string>> SignInFailures(const std::string& username) override;
  StoreStatus RecordSignInFailure(const std::string& username, const std::string& at) override;
  StoreStatus ClearSignInFailures(const std::string& username) override;

  StoreStatus ImportPeople(const std::vector<OrgUnitRow>& units,
                           const std::vector<PersonRow>& people) override;
  StoreStatus ImportNominations(const std::string& campaign_id,
                                const std::vector<NominationImportRow>& rows) override;
  StoreResult<std::vector<PendingNomination>> NominationsWithoutInvitation(
      const std::string& campaign_id) override;
  StoreResult<std::vector<NominationRow>> ListNominations(const std::string& campaign_id) override;
  StoreResult<NominationRemoval> RemoveNomination(const std::string& campaign_id,
                                                  const std::string& subject_person_id,
                                                  const std::string& rater_person_id) override;
  StoreResult<bool> DecideNomination(const std::string& campaign_id,
                                     const std::string& subject_person_id,
                                     const std::string& rater_person_id, bool approve,
                                     const std::string& by) override;
  StoreResult<std::vector<AwaitedNomination>> NominationsAwaitingResponse(
      const std::string& campaign_id) override;
  StoreResult<std::vector<std::int64_t>> ReissueInvitationCodes(
      const std::vector<InvitationRow>& invitations) override;
  StoreStatus AddInvitations(const std::vector<InvitationRow>& invitations) override;

  StoreStatus AddVenue(const VenueRow& venue) override;
  StoreResult<std::vector<VenueRow>> ListVenues() override;
  StoreResult<std::optional<VenueRow>> GetVenue(const std::string& id) override;
  StoreResult<bool> UpdateVenue(const VenueRow& venue) override;
  StoreStatus ImportVenues(const std::vector<VenueRow>& venues) override;

  StoreStatus AddEnrolmentCode(const std::string& code_hash, const std::string& created_at,
                               const std::string& expires_at) override;
  StoreResult<std::optional<std::int64_t>> EnrolDevice(const std::string& code_hash,
                                                       const std::string& name,
                                                       const std::string& token_hash,
                                                       const std::string& now) override;
  StoreResult<std::optional<DeviceRow>> FindDeviceByTokenHash(
      const std::string& token_hash) override;
  StoreResult<std::vector<DeviceRow>> ListDevices() override;
  StoreStatus RecordDeviceSeen(std::int64_t device_id, const std::string& at) override;
  StoreResult<bool> RevokeDevice(std::int64_t device_id) override;

  StoreResult<std::unique_ptr<IngestTx>> BeginIngest() override;
  StoreResult<std::optional<StoredResponse>> GetResponse(const std::string& uuid) override;
  StoreResult<std::int64_t> CountResponses() override;
  StoreResult<std::vector<ConflictRow>> ListConflicts() override;

  StoreStatus AppendAudit(AuditEntry entry) override;
  StoreResult<std::vector<AuditEntry>> ListAudit() override;
  ~SqliteStore() override;

  StoreStatus CountAuditRefusal(const AuditRefusalCount& refusal) override;
  StoreResult<std::int64_t> FoldAuditRefusals(const std::string& before_minute) override;
  StoreResult<std::vector<AuditRefusalCount>> ListAuditRefusals() override;
  StoreResult<std::vector<AuditCheckpoint>> ListAuditCheckpoints() override;
  StoreStatus RollUpAudit(const AuditCheckpoint& checkpoint, AuditEntry rollup) override;

  StoreResult<std::optional<PublicPageRow>> GetPublicPage(const std::string& campaign_id) override;
  StoreStatus PutPublicPage(const PublicPageRow& page) override;
  StoreStatus PutThemeEdit(const ThemeEditRow& edit) override;
  StoreResult<bool> AddReportRelease(const ReportReleaseRow& release) override;
  StoreResult<std::vector<ReportReleaseRow>> ListReportReleases(
      const std::string& campaign_id) override;
  StoreResult<bool> ShareReport(const std::string& campaign_id, const std::string& person_id,
                                const std::string& at, const std::string& by) override;
  StoreResult<bool> CloseSubject(const std::string& campaign_id, const std::string& person_id,
                                 const std::string& at, const std::string& by) override;

 private:
  struct Reader {
    std::mutex mutex;
    db::Database db;
  };
  // A reader connection, locked for the lifetime of the lease.
  class ReadLease {
   public:
    explicit ReadLease(Reader& reader) : m_lock(reader.mutex), m_db(reader.db) {}
    db::Database& db() { return m_db; }

   private:
    std::unique_lock<std::mutex> m_lock;
    db::Database& m_db;
  };
  ReadLease Read();
  // Appends `entry` after the newest entry (or checkpoint) inside the caller's transaction.
  static StoreStatus AppendChained(db::Database& db, AuditEntry& entry);
  // Writes the refusal counts held in memory to audit_refusals in one transaction; on failure
  // they go back to memory, so none is lost.
  StoreStatus FlushAuditRefusals();
  // Remembers that every minute before `minute` is folded (FoldAuditRefusals' fast path).
  void NoteFolded(const std::string& minute);

  SqliteStore() = default;
  // Refusals counted but not yet written (minute, action, actor, target, address, reason): a
  // flood of refusals adds to memory instead of queueing a write per attempt behind
  // m_write_mutex, where a kiosk's sync would wait behind hundreds of them; they are written
  // every kRefusalFlushEvery, and before the counters are folded or listed.
  using RefusalKey =
      std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
  std::mutex m_refusals_mutex;
  std::map<RefusalKey, std::int64_t> m_pending_refusals;
  std::chrono::steady_clock::time_point m_refusals_flushed{};
  std::string m_folded_before;  // the last minute FoldAuditRefusals folded up to
  std::mutex m_write_mutex;
  db::Database m_writer;
  // Report aggregates kept by every ingest transaction (used under m_write_mutex only).
  std::shared_ptr<ReportAggregator> m_aggregates;
  std::vector<std::unique_ptr<Reader>> m_readers;
  std::atomic<std::size_t> m_next_reader{0};

  friend class SqliteIngestTx;
};

}  // namespace soundings::server
