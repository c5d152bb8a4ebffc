#pragma once
// The storage interface the services call. Every SQL statement of the server lives behind it
// (SqliteStore today), so a PostgreSQL backend can be added without touching api/ or services/.
// Errors are db::DbError: a backend fills `code` with the matching SQLite primary code (BUSY,
// CONSTRAINT, ...) so callers can ask Busy()/Constraint() whatever the engine.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/db/sqlite.h"

namespace soundings::server {

template <typename T>
using StoreResult = db::DbResult<T>;
using StoreStatus = db::DbStatus;

struct OrgUnitRow {
  std::string id;
  std::string parent_id;  // "" for the organisation
  std::string kind;       // organisation, directorate, service, team
  std::string name;
  std::string lead_person_id;  // "" when none
};

struct PersonRow {
  std::string id;
  std::string display_name;
  std::string email;
  std::string unit_id;
};

struct TemplateVersionRow {
  std::string template_id;
  int version = 0;
  std::string kind;
  std::string document;  // the template JSON, modules expanded
  std::string document_hash;
};

struct CampaignRow {
  std::string id;
  std::string template_id;
  int template_version = 0;
  std::string title;
  std::string kind;   // appraisal360, self_assessment, consultation
  std::string state;  // draft, open, closing, closed
  // RFC 3339 UTC, "" when not set. closes_at is the deadline raters are given and the moment the
  // server closes the campaign.
  std::string opens_at{};
  std::string closes_at{};
  // Subjects propose their own raters, and their manager approves each (else only HR nominates).
  bool subject_nominations{false};
  // This campaign's own small-cell and comment minimums for its consultation reports; 0 = the
  // deployment's. Never below the deployment's floor: ReportService::EngineFor raises them to it.
  int cell_minimum{0};
  int comment_minimum{0};
};

/// A 360 or self-assessment report as HR released it to its subject and their manager. Frozen:
/// the table refuses updates and deletes, so nothing that happens later (a template version, an
/// invitation) changes what they read.
struct ReportReleaseRow {
  std::string campaign_id;
  std::string person_id;    // the subject
  std::string released_at;  // RFC 3339
  std::string released_by;  // "user:hr1"
  std::string report;       // the report's JSON as released ("" where a listing leaves it out)
  std::string sha256;       // of `report`, lower-case hex
  std::string shared_at;    // when the subject was given it; "" while only their manager reads it
  std::string shared_by;
};

struct SubjectRow {
  std::int64_t id = 0;
  std::string campaign_id;
  std::string person_id;
  std::string display_name;
  std::string closed_at;  // when HR closed this subject's collection early; "" while it is open
};

struct InvitationRow {
  std::int64_t id = 0;
  std::string campaign_id;
  std::int64_t subject_id = 0;
  std::string subject_display_name;
  std::int64_t nomination_id = 0;  // 0 for self-assessment invitations without a nomination
  std::string rater_group;
  std::string code_hash;
  std::string salt;
  std::string expires_at;
  bool used = false;
  std::string subject_closed_at;  // SubjectRow::closed_at of the invitation's subject
};

struct VenueRow {
  std::string id;
  std::string name;
  std::string area;        // north, south
  std::string settlement;  // urban, rural
  std::string ward;
  std::string postcode{};  // a UK postcode, normalised ("DL7 8AD"); "" when not given
};

struct UserRow {
  std::int64_t id = 0;
  std::string username;
  std::string person_id;      // "" when the user is not in the people list
  std::string role;           // admin, hr, manager, analyst, head_of_service
  std::string password_hash;  // crypto_pwhash_str (argon2id) string
  bool disabled = false;
};

struct SessionRow {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string expires_at;
};

struct NominationImportRow {
  std::string subject_person_id;
  std::string rater_person_id;
  std::string rater_group;
  // "proposed" by the subject and awaiting their manager, "approved" (HR's, or approved: only
  // these get invitations), or "declined".
  std::string status{"approved"};
};

/// An invitation freshly made for a nomination, with the code shown only once.
struct NewInvitation {
  std::string subject_person_id;
  std::string subject_display_name;
  std::string rater_person_id;
  std::string rater_display_name;
  std::string rater_group;
  std::string code;
  // For the letter: the group as the template names it, and what the report will do with this
  // rater's scores and words (shared/results/anonymity_promise.h).
  std::string rater_group_label;
  std::string anonymity;
};

struct DeviceRow {
  std::int64_t id = 0;
  std::string name;
  bool revoked = false;
  std::string last_seen_at;  // RFC 3339, to the minute; empty when never seen since enrolment
};

/// A response as stored: no invitation, no rater, no device (anonymity by construction).
struct StoredResponse {
  std::string uuid;
  std::string content_hash;
  std::string campaign_id;
  std::string template_id;
  int template_version = 0;
  std::string rater_group;
  std::int64_t subject_id = 0;  // 0: none (consultations)
  std::string venue_id;
  std::string language;
  std::string started_at;
  std::string completed_at;
  bool partial = false;
  std::map<std::string, std::string> answers;  // item id -> value as compact JSON
};

struct ConflictRow {
  std::string uuid;
  std::string content_hash;
  std::string reason;
  std::string record;  // the response JSON without its invitation code
  std::string received_at;
};

struct AuditEntry {
  std::int64_t seq = 0;
  std::string at;
  std::string actor;   // "user:alice", "device:5", "cli"
  std::string action;  // "sign_in", "sign_in_failed", "device_enrolled", ...
  std::string target;
  std::string detail;  // never an answer or a secret
  std::string prev_hash;
  std::string hash;
};

/// Refusals of one kind from one address in one minute (the audit log's flood guard).
struct AuditRefusalCount {
  std::string minute;  // the minute's start, RFC 3339: "2026-11-28T09:00:00Z"
  std::string action;  // "sign_in_failed", "sign_in_refused", "forbidden"
  std::string actor;
  std::string target;
  std::string address;  // the client's address; "" when not known
  std::string reason;   // "throttled", "busy", "role analyst", ""
  std::int64_t count = 0;
};

/// Entries up to through_seq were rolled up into an archive file; hash is that entry's hash.
struct AuditCheckpoint {
  std::int64_t through_seq = 0;
  std::string hash;
  std::int64_t removed = 0;  // entries this rollup removed
  std::string at;
  std::string archive;  // the archive file's name, as given to the rollup
};

/// One write transaction of the sync ingest: everything in it commits together or not at all.
/// Destroying it without Commit() rolls back.
class IngestTx {
 public:
  virtual ~IngestTx() = default;
  /// The stored content hash of `uuid`, or nullopt when no such response exists.
  virtual StoreResult<std::optional<std::string>> FindResponseHash(const std::string& uuid) = 0;
  /// Whether a conflict with this uuid and content hash is already kept aside.
  virtual StoreResult<bool> HasConflict(const std::string& uuid, const std::string& hash) = 0;
  virtual StoreStatus InsertResponse(const StoredResponse& response) = 0;
  virtual StoreStatus InsertConflict(const ConflictRow& conflict) = 0;
  /// Marks the invitation used; false when it already was.
  virtual StoreResult<bool> MarkInvitationUsed(std::int64_t invitation_id) = 0;
  virtual StoreStatus Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Organisation and people.
  virtual StoreStatus AddOrgUnit(const OrgUnitRow& unit) = 0;
  virtual StoreStatus AddPerson(const PersonRow& person) = 0;
  virtual StoreResult<std::vector<OrgUnitRow>> ListOrgUnits() = 0;
  virtual StoreResult<std::vector<PersonRow>> ListPeople() = 0;
  /// Makes `person_id` the lead of unit `unit_id` ("" clears it: NULL). SQLITE_NOTFOUND error
  /// when there is no such unit.
  virtual StoreStatus SetUnitLead(const std::string& unit_id, const std::string& person_id) = 0;

  // Templates: every version ever loaded is kept.
  /// Stores a version; Constraint() error when the same id+version exists with other content.
  virtual StoreStatus AddTemplateVersion(const TemplateVersionRow& row) = 0;
  virtual StoreResult<std::optional<TemplateVersionRow>> GetTemplateVersion(const std::string& id,
                                                                            int version) = 0;
  virtual StoreResult<std::vector<TemplateVersionRow>> ListTemplateVersions() = 0;

  // Campaigns.
  virtual StoreStatus AddCampaign(const CampaignRow& campaign) = 0;
  virtual StoreResult<std::optional<CampaignRow>> GetCampaign(const std::string& id) = 0;
  virtual StoreResult<std::vector<CampaignRow>> ListCampaigns() = 0;
  virtual StoreStatus SetCampaignState(const std::string& id, const std::string& state) = 0;
  virtual StoreStatus SetSubjectNominations(const std::string& id, bool enabled) = 0;
  /// A campaign's own small-cell and comment minimums (0: the deployment's).
  virtual StoreStatus SetCampaignMinimums(const std::string& id, int cell_minimum,
                                          int comment_minimum) = 0;
  virtual StoreStatus SetCampaignDates(const std::string& id, const std::string& opens_at,
                                       const std::string& closes_at) = 0;

  // 360: subjects, nominations, invitations.
  virtual StoreResult<std::int64_t> AddSubject(const std::string& campaign_id,
                                               const std::string& person_id) = 0;
  virtual StoreResult<std::vector<SubjectRow>> ListSubjects(const std::string& campaign_id) = 0;
  virtual StoreResult<std::int64_t> AddNomination(std::int64_t subject_id,
                                                  const std::string& rater_person_id,
                                                  const std::string& rater_group) = 0;
  virtual StoreResult<std::int64_t> AddInvitation(const InvitationRow& invitation) = 0;
  /// All invitations of a campaign, used or not, with their subject's display name.
  virtual StoreResult<std::vector<InvitationRow>> ListInvitations(
      const std::string& campaign_id) = 0;

  // Users.
  virtual StoreResult<std::int64_t> AddUser(const UserRow& user, const std::string& created_at) = 0;
  virtual StoreResult<std::optional<UserRow>> FindUser(const std::string& username) = 0;
  virtual StoreResult<std::vector<UserRow>> ListUsers() = 0;
  /// False when no such user.
  virtual StoreResult<bool> SetUserRole(const std::string& username, const std::string& role) = 0;
  virtual StoreStatus AddSession(const SessionRow& session, const std::string& created_at) = 0;
  virtual StoreResult<std::optional<SessionRow>> FindSession(const std::string& token_hash) = 0;
  virtual StoreStatus DeleteSession(const std::string& token_hash) = 0;
  /// Failed sign-ins in a row for `username` and the time of the last one ("" when none).
  virtual StoreResult<std::pair<int, std::string>> SignInFailures(const std::string& username) = 0;
  virtual StoreStatus RecordSignInFailure(const std::string& username, const std::string& at) = 0;
  virtual StoreStatus ClearSignInFailures(const std::string& username) = 0;

  // Imports: all rows in one transaction, or none.
  virtual StoreStatus ImportPeople(const std::vector<OrgUnitRow>& units,
                                   const std::vector<PersonRow>& people) = 0;
  /// Adds the subjects (once each) and nominations of a campaign.
  virtual StoreStatus ImportNominations(const std::string& campaign_id,
                                        const std::vector<NominationImportRow>& rows) = 0;
  /// Approved nominations of the campaign that have no invitation yet, with names; none of a
  /// subject whose collection HR closed early (their codes would be refused at once).
  struct PendingNomination {
    std::int64_t nomination_id = 0;
    std::int64_t subject_id = 0;
    NominationImportRow who;
    std::string subject_display_name;
    std::string rater_display_name;
  };
  virtual StoreResult<std::vector<PendingNomination>> NominationsWithoutInvitation(
      const std::string& campaign_id) = 0;
  /// A nomination as the campaign page lists it, with names.
  struct NominationRow {
    std::int64_t id = 0;
    std::string subject_person_id;
    std::string subject_display_name;
    std::string rater_person_id;
    std::string rater_display_name;
    std::string rater_group;
    bool invited = false;  // has an invitation (used or not)
    std::string status;    // NominationImportRow::status
    std::string decided_by;
  };
  /// The nominations of `campaign_id`, by subject name, then rater name.
  virtual StoreResult<std::vector<NominationRow>> ListNominations(
      const std::string& campaign_id) = 0;
  enum class NominationRemoval { kRemoved, kNotFound, kAnswered };
  /// Removes the nomination of `rater_person_id` for `subject_person_id` in `campaign_id` with
  /// its unused invitation, in one transaction; kAnswered (nothing changed) when the invitation
  /// was used, as the response it gave stays.
  virtual StoreResult<NominationRemoval> RemoveNomination(const std::string& campaign_id,
                                                          const std::string& subject_person_id,
                                                          const std::string& rater_person_id) = 0;
  /// Approves or declines a nomination the subject proposed; false, and nothing changed, when
  /// there is none still proposed.
  virtual StoreResult<bool> DecideNomination(const std::string& campaign_id,
                                             const std::string& subject_person_id,
                                             const std::string& rater_person_id, bool approve,
                                             const std::string& by) = 0;
  /// A nomination whose invitation has not been answered yet: who a reminder goes to.
  struct AwaitedNomination {
    std::int64_t invitation_id = 0;
    PendingNomination nomination;
  };
  /// The nominations of `campaign_id` whose invitation is unused, in nomination order; none of a
  /// subject whose collection is closed (nobody is reminded to answer what would be refused).
  virtual StoreResult<std::vector<AwaitedNomination>> NominationsAwaitingResponse(
      const std::string& campaign_id) = 0;
  /// Gives each invitation of `invitations` (by id) its new code_hash, salt and expires_at, in
  /// one transaction, if it is still unused; the old code stops working. The ids changed (one
  /// answered meanwhile is left as it is).
  virtual StoreResult<std::vector<std::int64_t>> ReissueInvitationCodes(
      const std::vector<InvitationRow>& invitations) = 0;
  /// Adds invitations in one transaction.
  virtual StoreStatus AddInvitations(const std::vector<InvitationRow>& invitations) = 0;

  // Venues.
  virtual StoreStatus AddVenue(const VenueRow& venue) = 0;
  virtual StoreResult<std::vector<VenueRow>> ListVenues() = 0;
  /// nullopt when there is no venue `id`.
  virtual StoreResult<std::optional<VenueRow>> GetVenue(const std::string& id) = 0;
  /// Replaces every field of venue `venue.id` but its id; false, and nothing changed, when there
  /// is no such venue.
  virtual StoreResult<bool> UpdateVenue(const VenueRow& venue) = 0;
  /// Adds every venue in one transaction, or none (a Constraint() error for an existing id).
  virtual StoreStatus ImportVenues(const std::vector<VenueRow>& venues) = 0;

  // Devices.
  virtual StoreStatus AddEnrolmentCode(const std::string& code_hash, const std::string& created_at,
                                       const std::string& expires_at) = 0;
  /// Uses an unexpired, unused enrolment code and creates the device; nullopt when the code is
  /// unknown, used or expired at `now`.
  virtual StoreResult<std::optional<std::int64_t>> EnrolDevice(const std::string& code_hash,
                                                               const std::string& name,
                                                               const std::string& token_hash,
                                                               const std::string& now) = 0;
  virtual StoreResult<std::optional<DeviceRow>> FindDeviceByTokenHash(
      const std::string& token_hash) = 0;
  virtual StoreResult<std::vector<DeviceRow>> ListDevices() = 0;
  /// False when no such device.
  virtual StoreResult<bool> RevokeDevice(std::int64_t device_id) = 0;
  /// Sets the device's last_seen_at to `at` unless it is already later.
  virtual StoreStatus RecordDeviceSeen(std::int64_t device_id, const std::string& at) = 0;

  // Responses.
  /// Takes the single write lock (BEGIN IMMEDIATE) for one sync batch.
  virtual StoreResult<std::unique_ptr<IngestTx>> BeginIngest() = 0;
  virtual StoreResult<std::optional<StoredResponse>> GetResponse(const std::string& uuid) = 0;
  virtual StoreResult<std::int64_t> CountResponses() = 0;
  virtual StoreResult<std::vector<ConflictRow>> ListConflicts() = 0;

  // Audit log: append-only, hash-chained.
  /// Appends with prev_hash = the last entry's hash and hash = AuditEntryHash(entry).
  virtual StoreStatus AppendAudit(AuditEntry entry) = 0;
  virtual StoreResult<std::vector<AuditEntry>> ListAudit() = 0;
  /// Adds refusal.count to its (minute, action, actor, target, address, reason) counter in one
  /// statement; the counter row is the refusal's record until its minute is folded.
  virtual StoreStatus CountAuditRefusal(const AuditRefusalCount& refusal) = 0;
  /// Chains every counter of a minute before `before_minute` as one entry (in one transaction
  /// with their removal); returns how many entries it appended.
  virtual StoreResult<std::int64_t> FoldAuditRefusals(const std::string& before_minute) = 0;
  /// The counters not yet folded, oldest minute first.
  virtual StoreResult<std::vector<AuditRefusalCount>> ListAuditRefusals() = 0;
  /// Every checkpoint, oldest first.
  virtual StoreResult<std::vector<AuditCheckpoint>> ListAuditCheckpoints() = 0;
  /// In one transaction: records `checkpoint` (its through_seq and hash must be a stored entry's),
  /// deletes the entries up to it and appends `rollup` (chained like AppendAudit).
  virtual StoreStatus RollUpAudit(const AuditCheckpoint& checkpoint, AuditEntry rollup) = 0;

  // Public results pages ("you said, we did") of consultations.
  struct PublicPageRow {
    std::string campaign_id;
    std::string what_we_did;  // HR's text, plain (escaped when shown)
    bool published = false;
    std::string updated_at;
    std::string updated_by;  // "user:alice"
    // Summary, findings, profile and contact as JSON (PublicPageSettings::ContentJson).
    std::string content = "{}";
  };
  /// nullopt when the campaign has no page yet.
  virtual StoreResult<std::optional<PublicPageRow>> GetPublicPage(
      const std::string& campaign_id) = 0;
  /// Creates or replaces the campaign's page.
  virtual StoreStatus PutPublicPage(const PublicPageRow& page) = 0;

  // HR's edits of the themes of residents' comments (server/reports/consultation_comments.h).
  struct ThemeEditRow {
    std::string campaign_id;
    std::string question_id;
    std::string theme_key;    // the theme's stable key (its top keyphrases' stems)
    std::string label;        // "" : the keyphrases name it
    std::string merged_into;  // "" : not merged; else the key of the theme it joins
    bool pinned = false;      // shown on the public page
    std::string updated_at;
    std::string updated_by;  // "user:alice"
  };
  /// Creates or replaces the edit of (campaign, question, theme key).
  virtual StoreStatus PutThemeEdit(const ThemeEditRow& edit) = 0;

  /// Stores a released report; false, and nothing changed, when that subject's report was
  /// released already.
  virtual StoreResult<bool> AddReportRelease(const ReportReleaseRow& release) = 0;
  /// The campaign's releases by person id, without their report text.
  virtual StoreResult<std::vector<ReportReleaseRow>> ListReportReleases(
      const std::string& campaign_id) = 0;
  /// Gives the subject their released report; false, and nothing changed, when it was shared
  /// already. The release must exist (a constraint error otherwise).
  virtual StoreResult<bool> ShareReport(const std::string& campaign_id,
                                        const std::string& person_id, const std::string& at,
                                        const std::string& by) = 0;
  /// Closes one subject's collection before the campaign closes; false, and nothing changed,
  /// when it was closed already or there is no such subject.
  virtual StoreResult<bool> CloseSubject(const std::string& campaign_id,
                                         const std::string& person_id, const std::string& at,
                                         const std::string& by) = 0;
};

/// SHA-256 hex over the entry's fields and prev_hash: the chain link `audit verify` recomputes.
std::string AuditEntryHash(const AuditEntry& entry);
/// The detail of a refusal count's chained entry: "100 times in the minute from ..., from ADDR".
std::string AuditRefusalDetail(const AuditRefusalCount& count);

}  // namespace soundings::server
