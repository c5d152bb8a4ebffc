#include "server/store/migrations.h"

namespace soundings::server {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "initial schema", R"SQL(
CREATE TABLE org_units(
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES org_units(id),
  kind TEXT NOT NULL CHECK (kind IN ('organisation', 'directorate', 'service', 'team')),
  name TEXT NOT NULL,
  lead_person_id TEXT
);
CREATE TABLE people(
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT,
  unit_id TEXT REFERENCES org_units(id)
);
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  person_id TEXT REFERENCES people(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'manager', 'analyst')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE sign_in_failures(
  username TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL
);
CREATE TABLE programmes(
  id TEXT PRIMARY KEY,
  template_id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL
);
-- Every version ever loaded stays: old kiosks may still send answers to it.
CREATE TABLE template_versions(
  template_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  document TEXT NOT NULL,
  document_hash TEXT NOT NULL,
  PRIMARY KEY (template_id, version)
);
CREATE TABLE campaigns(
  id TEXT PRIMARY KEY,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('appraisal360', 'self_assessment', 'consultation')),
  state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closing', 'closed')),
  FOREIGN KEY (template_id, template_version) REFERENCES template_versions(template_id, version)
);
CREATE TABLE subjects(
  id INTEGER PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  UNIQUE (campaign_id, person_id)
);
CREATE TABLE nominations(
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  rater_person_id TEXT NOT NULL REFERENCES people(id),
  rater_group TEXT NOT NULL,
  UNIQUE (subject_id, rater_person_id)
);
-- Anonymity by construction: nothing here points at a response, and no time of use is kept.
CREATE TABLE invitations(
  id INTEGER PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  nomination_id INTEGER REFERENCES nominations(id),
  rater_group TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  salt TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX invitations_by_campaign ON invitations(campaign_id);
CREATE TABLE venues(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  area TEXT CHECK (area IN ('north', 'south')),
  settlement TEXT CHECK (settlement IN ('urban', 'rural')),
  ward TEXT
);
CREATE TABLE enrolment_codes(
  code_hash TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE devices(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
-- No invitation, rater or device column: a peer's response cannot be joined to its rater.
CREATE TABLE responses(
  uuid TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  rater_group TEXT,
  subject_id INTEGER REFERENCES subjects(id),
  venue_id TEXT REFERENCES venues(id),
  language TEXT NOT NULL,
  started_at TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  partial INTEGER NOT NULL,
  FOREIGN KEY (template_id, template_version) REFERENCES template_versions(template_id, version)
);
CREATE INDEX responses_by_campaign ON responses(campaign_id, subject_id);
CREATE TABLE answers(
  response_uuid TEXT NOT NULL REFERENCES responses(uuid),
  item_id TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (response_uuid, item_id)
) WITHOUT ROWID;
CREATE TABLE conflicts(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  reason TEXT NOT NULL,
  record TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (uuid, content_hash)
);
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)SQL"},
      // Reports read one subject's invitations (received vs invited, and whether the cached
      // report is still current) without scanning the whole campaign's.
      {2, "report indexes", R"SQL(
CREATE INDEX invitations_by_subject ON invitations(subject_id, rater_group);
)SQL"},
      // The public "you said, we did" page of a consultation: HR's text and whether it is out.
      {3, "public results pages", R"SQL(
CREATE TABLE public_pages(
  campaign_id TEXT PRIMARY KEY REFERENCES campaigns(id),
  what_we_did TEXT NOT NULL,
  published INTEGER NOT NULL CHECK (published IN (0, 1)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
)SQL"},
      // Counts per 360 subject kept by the ingest transaction (server/store/aggregates.h), so
      // reports read one row per subject instead of every answer. Rows are filled when the store
      // opens (existing responses: the backfill) and then by every batch; a campaign without a
      // state row, or whose state names other template versions, is rebuilt first.
      {4, "report aggregates", R"SQL(
CREATE TABLE report_aggregate_state(
  campaign_id TEXT PRIMARY KEY REFERENCES campaigns(id),
  template_fingerprint TEXT NOT NULL,
  changes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE report_subject_counts(
  id INTEGER PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  subject_id INTEGER NOT NULL,
  counts TEXT NOT NULL,
  UNIQUE (campaign_id, subject_id)
);
)SQL"},
      // When each kiosk last called with its token, for the dashboard's kiosk health. Written at
      // most once a minute per device (server/services/devices.cpp), so it costs no write per
      // request.
      {5, "device last seen", R"SQL(
ALTER TABLE devices ADD COLUMN last_seen_at TEXT;
)SQL"},
      // 360 and self-assessment reports as HR released them (server/reports/releases.h): what a
      // subject and their manager read, frozen, with the hash the audit log records.
      {6, "report releases", R"SQL(
CREATE TABLE report_releases(
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  person_id TEXT NOT NULL,
  released_at TEXT NOT NULL,
  released_by TEXT NOT NULL,
  report TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (campaign_id, person_id)
);
CREATE TRIGGER report_releases_frozen_update BEFORE UPDATE ON report_releases
BEGIN SELECT RAISE(ABORT, 'a released report is frozen'); END;
CREATE TRIGGER report_releases_frozen_delete BEFORE DELETE ON report_releases
BEGIN SELECT RAISE(ABORT, 'a released report is frozen'); END;
)SQL"},
      // A campaign's dates (issue 11): when it opens, and when it closes, which is the deadline
      // letters print and the moment the server closes it (AdminService::CloseDueCampaigns).
      // RFC 3339 UTC; '' when none is set.
      {7, "campaign dates", R"SQL(
ALTER TABLE campaigns ADD COLUMN opens_at TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN closes_at TEXT NOT NULL DEFAULT '';
)SQL"},
      // The head of service role (issue 11). SQLite cannot change a CHECK in place, so the users
      // table is rebuilt; dropping the old one deletes its sessions (ON DELETE CASCADE), so they
      // are kept aside and put back: nobody is signed out by the upgrade.
      {8, "head of service role", R"SQL(
CREATE TABLE users_new(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  person_id TEXT REFERENCES people(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'manager', 'analyst', 'head_of_service')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
INSERT INTO users_new(id, username, person_id, role, password_hash, disabled, created_at)
  SELECT id, username, person_id, role, password_hash, disabled, created_at FROM users;
CREATE TEMP TABLE sessions_kept AS SELECT * FROM sessions;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
INSERT INTO sessions SELECT * FROM sessions_kept;
DROP TABLE sessions_kept;
)SQL"},
      // The rest of a report's cycle (issue 11): HR may close one subject's collection before
      // the campaign closes (their report can then be released), and a report released to the
      // subject's manager first is shared with the subject later. Neither is ever undone.
      {9, "subject closing and report sharing", R"SQL(
ALTER TABLE subjects ADD COLUMN closed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE subjects ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
CREATE TABLE report_shares(
  campaign_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  shared_at TEXT NOT NULL,
  shared_by TEXT NOT NULL,
  PRIMARY KEY (campaign_id, person_id),
  FOREIGN KEY (campaign_id, person_id) REFERENCES report_releases(campaign_id, person_id)
);
CREATE TRIGGER report_shares_kept BEFORE DELETE ON report_shares
BEGIN SELECT RAISE(ABORT, 'a shared report stays shared'); END;
)SQL"},
      // Subjects propose their raters and their manager approves (issue 11 item 5), when HR
      // turns it on for a campaign. Nominations made by HR, or before, are approved.
      {10, "nominations proposed by subjects", R"SQL(
ALTER TABLE campaigns ADD COLUMN subject_nominations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nominations ADD COLUMN status TEXT NOT NULL DEFAULT 'approved'
  CHECK (status IN ('proposed', 'approved', 'declined'));
ALTER TABLE nominations ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';
)SQL"},
      // A campaign may protect small groups more strictly than the deployment (issue 13 item 6):
      // 0 is the deployment's minimum; ReportService::EngineFor never goes below it.
      {11, "campaign cell and comment minimums", R"SQL(
ALTER TABLE campaigns ADD COLUMN cell_minimum INTEGER NOT NULL DEFAULT 0
  CHECK (cell_minimum BETWEEN 0 AND 1000);
ALTER TABLE campaigns ADD COLUMN comment_minimum INTEGER NOT NULL DEFAULT 0
  CHECK (comment_minimum BETWEEN 0 AND 1000);
)SQL"},
      // HR's edits of the themes of residents' comments (issue 13 item 3): a label, a merge into
      // another theme, a pin for the public page, per theme key (consultation_comments.h). An
      // edit whose theme no longer exists after recomputation stays, reported as stale.
      {12, "comment theme edits", R"SQL(
CREATE TABLE comment_theme_edits(
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  question_id TEXT NOT NULL,
  theme_key TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  merged_into TEXT NOT NULL DEFAULT '',
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (campaign_id, question_id, theme_key)
);
)SQL"},
      // Venues managed through the API, CLI and dashboard (issue 13 item 4) get their postcode,
      // stored normalised (upper case, one space); '' when not given.
      {13, "venue postcodes", R"SQL(
ALTER TABLE venues ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
)SQL"},
      // The redesigned public page (issue 13 item 8): HR's summary, "you said, we did" findings,
      // "who took part" questions and contact, as JSON (server/reports/public_page.h).
      {14, "public page findings", R"SQL(
ALTER TABLE public_pages ADD COLUMN content TEXT NOT NULL DEFAULT '{}';
)SQL"},
      // Refusals a client can flood (failed and refused sign-ins, forbidden calls) are counted
      // per minute, name and address, and each completed minute is chained as one entry
      // (issue 16 item 4, server/services/audit_log.h). Old entries may be rolled up into an
      // archive file: a checkpoint (the last removed entry's seq and hash, which must match
      // that entry when written) is the only thing that lets entries at or below it be deleted;
      // checkpoints themselves are never changed or removed.
      {15, "audit refusal counts and checkpoints", R"SQL(
CREATE TABLE audit_refusals(
  minute TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  target TEXT NOT NULL,
  address TEXT NOT NULL,
  reason TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (minute, action, actor, target, address, reason)
) WITHOUT ROWID;
CREATE TABLE audit_checkpoints(
  through_seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  removed INTEGER NOT NULL,
  at TEXT NOT NULL,
  archive TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_match BEFORE INSERT ON audit_checkpoints
WHEN NOT EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.through_seq AND hash = NEW.hash)
  OR NEW.through_seq <= (SELECT coalesce(max(through_seq), 0) FROM audit_checkpoints)
BEGIN SELECT RAISE(ABORT, 'a checkpoint names the newest entry it covers, and moves forward'); END;
CREATE TRIGGER audit_checkpoints_kept_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoints_kept_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
DROP TRIGGER audit_log_append_only_delete;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
WHEN OLD.seq > (SELECT coalesce(max(through_seq), 0) FROM audit_checkpoints)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)SQL"},
  };
  return kMigrations;
}

}  // namespace soundings::server
