// Report aggregates (server/store/aggregates.h): random 360 data sent through the real ingest
// (IngestService with invitation codes, three template versions linked by `replaces`, reverse-
// scored items and rows, "not applicable" answers, small groups) gives the same individual, team
// and organisation reports from the aggregates as from every answer (the plain path); replayed
// batches and conflicts leave the aggregates alone; and opening a database that has responses but
// no aggregates (as migration 4 finds it) builds them.
#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"
#include "server/services/ingest.h"
#include "server/services/template_catalog.h"
#include "server/store/aggregates.h"
#include "server/store/migrations.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/invitation_code.h"
#include "shared/sync/protocol.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/server/counting_report_store.h"
#include "tests/unit/server/random_batches.h"

namespace soundings::server {
namespace {

using nlohmann::json;

json Likert(const std::string& id, bool reverse = false) {
  json item = {
      {"id", id}, {"type", "likert"}, {"scale", "agree5"}, {"text", {{"en", id + " {subject}"}}}};
  if (reverse) item["reverse_scored"] = true;
  return item;
}

// Version 1: lead l1 l2 old_l3; comm c1 c2 (reverse) and matrix mx (r2 reverse).
// Version 2: l3 replaces old_l3; plan p1 p2 (reverse) added.
// Version 3 (the campaign's): l4 replaces l2; c2 no longer reverse-scored (older answers are
// flipped when mapped); mx gains r3.
json Template(int version) {
  json scale = {{"id", "agree5"}, {"points", json::array()}, {"not_applicable", {{"en", "N/A"}}}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", {{"en", std::to_string(v)}}}});
  }
  json lead = json::array({Likert("l1")});
  lead.push_back(Likert(version >= 3 ? "l4" : "l2"));
  if (version >= 3) lead.back()["replaces"] = {"l2"};
  lead.push_back(Likert(version >= 2 ? "l3" : "old_l3"));
  if (version >= 2) lead.back()["replaces"] = {"old_l3"};
  json rows = json::array({{{"id", "r1"}, {"text", {{"en", "r1"}}}},
                           {{"id", "r2"}, {"text", {{"en", "r2"}}}, {"reverse_scored", true}}});
  if (version >= 3) rows.push_back({{"id", "r3"}, {"text", {{"en", "r3"}}}});
  json matrix = {{"id", "mx"},
                 {"type", "matrix"},
                 {"scale", "agree5"},
                 {"rows", rows},
                 {"text", {{"en", "Matrix"}}}};
  json sections = json::array();
  sections.push_back(
      {{"id", "lead"}, {"competency", true}, {"title", {{"en", "Leading"}}}, {"items", lead}});
  sections.push_back({{"id", "comm"},
                      {"competency", true},
                      {"title", {{"en", "Communicating"}}},
                      {"items", {Likert("c1"), Likert("c2", version < 3), matrix}}});
  if (version >= 2) {
    sections.push_back({{"id", "plan"},
                        {"competency", true},
                        {"title", {{"en", "Planning"}}},
                        {"items", {Likert("p1"), Likert("p2", true)}}});
  }
  sections.push_back({{"id", "notes"},
                      {"title", {{"en", "Notes"}}},
                      {"items",
                       {{{"id", "strengths"},
                         {"type", "long_text"},
                         {"comment", true},
                         {"text", {{"en", "What does {subject} do well?"}}}}}}});
  auto group = [](const std::string& id, int min, int comment_min) {
    return json{{"id", id},
                {"label", {{"en", id}}},
                {"min_responses", min},
                {"comment_min_responses", comment_min}};
  };
  return {
      {"id", "t360"},
      {"version", version},
      {"kind", "appraisal360"},
      {"languages", {"en"}},
      {"title", {{"en", "Leadership"}}},
      {"scales", {scale}},
      {"rater_groups",
       {group("self", 1, 1), group("manager", 1, 1), group("peer", 3, 3), group("staff", 3, 3)}},
      {"sections", sections}};
}

// Equal JSON, except that non-integer numbers may differ in their last bits: the plain path adds
// respondents' section scores one by one in uuid order, the aggregates exactly.
void ExpectSameReport(const json& fast, const json& plain, const std::string& path = "$") {
  if (fast.is_number_float() || plain.is_number_float()) {
    ASSERT_TRUE(fast.is_number() && plain.is_number()) << path << ": " << fast << " vs " << plain;
    const double a = fast.get<double>();
    const double b = plain.get<double>();
    EXPECT_LE(std::fabs(a - b), 1e-9 * std::max(1.0, std::fabs(b)))
        << path << ": " << a << " vs " << b;
    return;
  }
  ASSERT_EQ(fast.type(), plain.type()) << path << ": " << fast << " vs " << plain;
  if (fast.is_object()) {
    ASSERT_EQ(fast.size(), plain.size()) << path;
    for (const auto& [key, value] : plain.items()) {
      ASSERT_TRUE(fast.contains(key)) << path << "." << key;
      ExpectSameReport(fast.at(key), value, path + "." + key);
    }
  } else if (fast.is_array()) {
    ASSERT_EQ(fast.size(), plain.size()) << path;
    for (std::size_t i = 0; i < fast.size(); ++i) {
      ExpectSameReport(fast[i], plain[i], path + "[" + std::to_string(i) + "]");
    }
  } else {
    EXPECT_EQ(fast, plain) << path;
  }
}

const Principal kHr{1, "hr", "hr", ""};

class ReportAggregatesTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    m_catalog.reset();
    m_ingest.reset();
    m_store.reset();
    auto store = SqliteStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(store.ok()) << store.ErrorText();
    m_store = std::move(store).value();
    m_catalog = std::make_unique<TemplateCatalog>(*m_store);
    m_ingest = std::make_unique<IngestService>(*m_store, *m_catalog, m_clock);
  }

  void AddTemplate(const json& document) {
    TemplateVersionRow row{document["id"], document["version"], document["kind"], document.dump(),
                           ""};
    row.document_hash = sync::Sha256Hex(row.document);
    ASSERT_TRUE(m_store->AddTemplateVersion(row).ok());
  }

  // An organisation of three teams, `subjects` subjects and their invitations; returns nothing,
  // fills m_pending with one record per invitation (answers random), not yet sent.
  void Build(std::mt19937& random, int subjects) {
    for (int v = 1; v <= 3; ++v) AddTemplate(Template(v));
    ASSERT_TRUE(m_store->AddOrgUnit({"org", "", "organisation", "Council", ""}).ok());
    for (const char* team : {"ta", "tb", "tc"}) {
      ASSERT_TRUE(m_store->AddOrgUnit({team, "org", "team", team, ""}).ok());
    }
    ASSERT_TRUE(m_store->AddCampaign({"c360", "t360", 3, "Lead", "appraisal360", "open"}).ok());
    std::uniform_int_distribution<int> percent(0, 99);
    for (int s = 0; s < subjects; ++s) {
      const std::string person = "p" + std::to_string(s);
      const char* team = s % 3 == 0 ? "ta" : s % 3 == 1 ? "tb" : "tc";
      ASSERT_TRUE(m_store->AddPerson({person, "Person " + person, "", team}).ok());
      auto subject = m_store->AddSubject("c360", person);
      ASSERT_TRUE(subject.ok());
      m_people.push_back(person);
      const std::map<std::string, int> sizes = {{"self", percent(random) < 80 ? 1 : 0},
                                                {"manager", percent(random) < 70 ? 1 : 0},
                                                {"peer", percent(random) % 6},
                                                {"staff", percent(random) % 5}};
      for (const auto& [group, count] : sizes) {
        for (int i = 0; i < count; ++i) {
          const std::string code = sync::GenerateInvitationCode();
          InvitationRow row;
          row.campaign_id = "c360";
          row.subject_id = *subject;
          row.rater_group = group;
          row.salt = "00112233445566778899aabbccddeeff";
          row.code_hash = sync::HashInvitationCode(*sync::NormaliseInvitationCode(code), row.salt);
          row.expires_at = "2099-01-01T00:00:00Z";  // ingest judges expiry by the real clock
          ASSERT_TRUE(m_store->AddInvitation(row).ok());
          m_pending.push_back(Record(random, code, group));
        }
      }
    }
    std::shuffle(m_pending.begin(), m_pending.end(), random);
  }

  static sync::ResponseRecord Record(std::mt19937& random, const std::string& code,
                                     const std::string& group) {
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<int> point(1, 5);
    sync::ResponseRecord r;
    r.uuid = sync::NewUuidV4();
    r.campaign_id = "c360";
    r.template_id = "t360";
    r.template_version = 1 + percent(random) % 3;
    r.rater_group = group;
    r.invitation_code = code;
    r.language = "en";
    r.started_at = "2026-11-20T10:00:00Z";
    r.completed_at = "2026-11-20T10:05:00Z";
    auto answer = [&]() -> std::optional<json> {
      const int roll = percent(random);
      if (roll < 12) return std::nullopt;
      if (roll < 24) return json("na");
      return json(point(random));
    };
    const int v = r.template_version;
    std::vector<std::string> ids = {"l1", v >= 3 ? "l4" : "l2", v >= 2 ? "l3" : "old_l3", "c1",
                                    "c2"};
    if (v >= 2) ids.insert(ids.end(), {"p1", "p2"});
    for (const auto& id : ids) {
      if (auto a = answer()) r.answers[id] = *a;
    }
    json matrix = json::object();
    for (const char* row : {"r1", "r2", "r3"}) {
      if (std::string(row) == "r3" && v < 3) continue;
      if (auto a = answer()) matrix[row] = *a;
    }
    if (!matrix.empty()) r.answers["mx"] = matrix;
    if (percent(random) < 50) r.answers["strengths"] = "Comment " + std::to_string(percent(random));
    return r;
  }

  // Sends `records` in batches of random sizes; every one must be accepted.
  void Send(std::mt19937& random, const std::vector<sync::ResponseRecord>& records) {
    IngestInRandomBatches(*m_ingest, random, records, 7);
  }

  // Every aggregate row and state, as text, to compare before and after.
  std::string Snapshot() {
    auto db = db::Database::Open(m_dir.path() / "s.db", {});
    EXPECT_TRUE(db.ok());
    std::string out;
    for (const char* sql :
         {"SELECT campaign_id || '|' || template_fingerprint || '|' || changes "
          "FROM report_aggregate_state ORDER BY campaign_id",
          "SELECT campaign_id || '|' || subject_id || '|' || counts FROM report_subject_counts "
          "ORDER BY campaign_id, subject_id"}) {
      auto statement = db->Prepare(sql);
      EXPECT_TRUE(statement.ok());
      while (*statement->Step()) out += statement->ColumnText(0) + "\n";
    }
    return out;
  }

  // Fast and plain reports of every kind are the same; the fast rollups read no answers (unless
  // the aggregates are stale: `fast` false).
  void ExpectFastEqualsPlain(bool fast_path = true) {
    auto reports = SqliteReportStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(reports.ok()) << reports.ErrorText();
    CountingReportStore counting(**reports);
    ReportService fast(counting);
    ReportService plain(**reports);
    plain.UseAggregates(false);

    auto org_fast = fast.Organisation(kHr, "c360");
    ASSERT_TRUE(org_fast.ok()) << org_fast.error().message;
    auto teams_fast = fast.Teams(kHr, "c360");
    ASSERT_TRUE(teams_fast.ok()) << teams_fast.error().message;
    EXPECT_EQ(counting.response_reads == 0, fast_path) << counting.response_reads << " reads";
    auto org_plain = plain.Organisation(kHr, "c360");
    ASSERT_TRUE(org_plain.ok());
    ExpectSameReport(*org_fast, *org_plain, "organisation");
    auto teams_plain = plain.Teams(kHr, "c360");
    ASSERT_TRUE(teams_plain.ok());
    ExpectSameReport(*teams_fast, *teams_plain, "teams");
    for (const auto& person : m_people) {
      auto a = fast.Individual(kHr, "c360", person);
      auto b = plain.Individual(kHr, "c360", person);
      ASSERT_TRUE(a.ok() && b.ok());
      ExpectSameReport(*a, *b, "individual " + person);
    }
    // The overview's counts per rater group: from the response rows alone as from every response.
    auto tallies = (*reports)->ResponseTallies("c360");
    auto tallies_from_responses = counting.ResponseTallies("c360");
    ASSERT_TRUE(tallies.ok() && tallies_from_responses.ok());
    EXPECT_EQ(*tallies, *tallies_from_responses);
  }

  testing::TempDir m_dir;
  ManualClock m_clock{std::chrono::system_clock::now()};
  std::unique_ptr<SqliteStore> m_store;
  std::unique_ptr<TemplateCatalog> m_catalog;
  std::unique_ptr<IngestService> m_ingest;
  std::vector<std::string> m_people;
  std::vector<sync::ResponseRecord> m_pending;
};

TEST_F(ReportAggregatesTest, CountsEncodeAndDecode) {
  const std::vector<std::int64_t> counts = {0, 0, 0, 5, -3, 0, 12, 0, 0};
  EXPECT_EQ(EncodeCounts(counts), "z3,5,-3,0,12,z2");
  EXPECT_EQ(DecodeCounts(EncodeCounts(counts)), counts);
  EXPECT_EQ(DecodeCounts(""), std::vector<std::int64_t>{});
  EXPECT_FALSE(DecodeCounts("1,,2").has_value());
  EXPECT_FALSE(DecodeCounts("z,1").has_value());
}

TEST_F(ReportAggregatesTest, RandomDataGivesTheSameReportsFromAggregatesAndFromAnswers) {
  for (unsigned seed : {1U, 2U, 3U, 4U, 5U, 6U}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    if (seed > 1) {
      m_people.clear();
      m_pending.clear();
      m_ingest.reset();
      m_catalog.reset();
      m_store.reset();
      std::filesystem::remove_all(m_dir.path());
      std::filesystem::create_directories(m_dir.path());
      Open();
    }
    std::mt19937 random(seed);
    Build(random, 4 + static_cast<int>(seed) * 2);
    // Half the responses first, reports compared, then the rest on top of the stored counts.
    const std::size_t half = m_pending.size() / 2;
    Send(random, {m_pending.begin(), m_pending.begin() + static_cast<long>(half)});
    ExpectFastEqualsPlain();
    Send(random, {m_pending.begin() + static_cast<long>(half), m_pending.end()});
    ExpectFastEqualsPlain();
  }
}

TEST_F(ReportAggregatesTest, DuplicatesConflictsAndRejectionsLeaveTheAggregatesAlone) {
  std::mt19937 random(7);
  Build(random, 6);
  Send(random, m_pending);
  const std::string before = Snapshot();
  ASSERT_NE(before.find("c360|"), std::string::npos);

  // The same batch again: every response a duplicate.
  sync::SyncBatch replay;
  replay.responses = {m_pending.begin(), m_pending.begin() + 3};
  auto again = m_ingest->Ingest(DeviceRow{1, "kiosk", false, ""}, replay);
  ASSERT_TRUE(again.ok());
  for (const auto& r : again->results) EXPECT_EQ(r.status, sync::ResponseStatus::kDuplicate);
  EXPECT_EQ(Snapshot(), before);

  // The same uuid with other answers: a conflict, kept aside, never counted.
  sync::SyncBatch conflict;
  conflict.responses = {m_pending[0]};
  auto& l1 = conflict.responses[0].answers["l1"];
  l1 = l1 == json(5) ? json(1) : json(5);
  auto kept = m_ingest->Ingest(DeviceRow{1, "kiosk", false, ""}, conflict);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->results[0].status, sync::ResponseStatus::kConflict);
  // A new uuid on a used invitation: a conflict too. An invalid answer: rejected.
  sync::SyncBatch others;
  others.responses = {m_pending[1], m_pending[2]};
  others.responses[0].uuid = sync::NewUuidV4();
  others.responses[1].uuid = sync::NewUuidV4();
  others.responses[1].answers["l1"] = 9;
  auto judged = m_ingest->Ingest(DeviceRow{1, "kiosk", false, ""}, others);
  ASSERT_TRUE(judged.ok());
  EXPECT_EQ(judged->results[0].status, sync::ResponseStatus::kConflict);
  EXPECT_EQ(judged->results[1].status, sync::ResponseStatus::kRejected);
  EXPECT_EQ(Snapshot(), before);
  ExpectFastEqualsPlain();
}

TEST_F(ReportAggregatesTest, OpeningADatabaseWithResponsesButNoAggregatesBuildsThem) {
  std::mt19937 random(11);
  Build(random, 8);
  Send(random, m_pending);
  const std::string built = Snapshot();
  m_ingest.reset();
  m_catalog.reset();
  m_store.reset();
  {
    // The database as a release before migration 4 left it: no aggregate tables, no later
    // migration's column or table, version 3.
    auto db = db::Database::Open(m_dir.path() / "s.db", {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        db->Exec("DROP TABLE report_subject_counts; DROP TABLE report_aggregate_state;"
                 "ALTER TABLE devices DROP COLUMN last_seen_at; DROP TABLE report_shares;"
                 "DROP TABLE report_releases; ALTER TABLE subjects DROP COLUMN closed_at;"
                 "ALTER TABLE subjects DROP COLUMN closed_by;"
                 "ALTER TABLE nominations DROP COLUMN status;"
                 "ALTER TABLE nominations DROP COLUMN decided_by;"
                 "ALTER TABLE campaigns DROP COLUMN subject_nominations;"
                 "ALTER TABLE campaigns DROP COLUMN cell_minimum;"
                 "ALTER TABLE campaigns DROP COLUMN comment_minimum;"
                 "DROP TABLE comment_theme_edits;"
                 "DROP TRIGGER audit_log_append_only_delete; DROP TABLE audit_refusals;"
                 "DROP TABLE audit_checkpoints; CREATE TRIGGER audit_log_append_only_delete"
                 " BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
                 "ALTER TABLE public_pages DROP COLUMN content;"
                 "ALTER TABLE venues DROP COLUMN postcode;"
                 "ALTER TABLE campaigns DROP COLUMN opens_at;"
                 "ALTER TABLE campaigns DROP COLUMN closes_at; PRAGMA user_version=3;")
            .ok());
  }
  Open();
  // Rebuilt from the answers: the same counts, with the change counter started afresh.
  auto without_changes = [](std::string s) {
    const auto first_line_end = s.find('\n');
    return s.substr(first_line_end);
  };
  EXPECT_EQ(without_changes(Snapshot()), without_changes(built));
  ExpectFastEqualsPlain();

  // A template version added while the server ran: the reports read the answers until the
  // aggregates are rebuilt (by the next batch of that campaign, or the next start).
  json v4 = Template(4);
  v4["sections"][0]["items"][0]["reverse_scored"] = true;
  AddTemplate(v4);
  ExpectFastEqualsPlain(false);
  Open();
  EXPECT_NE(Snapshot().find(sync::Sha256Hex(v4.dump())), std::string::npos);
  ExpectFastEqualsPlain();
}

TEST_F(ReportAggregatesTest, AnUnreadableRowIsCountedAfreshByTheNextBatch) {
  std::mt19937 random(13);
  Build(random, 6);
  const sync::ResponseRecord last = m_pending.back();
  m_pending.pop_back();
  Send(random, m_pending);
  {
    auto db = db::Database::Open(m_dir.path() / "s.db", {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("UPDATE report_subject_counts SET counts = '1,2'").ok());
  }
  Send(random, {last});
  ExpectFastEqualsPlain();
}

TEST_F(ReportAggregatesTest, MigrationFourIsTheReportAggregates) {
  bool found = false;
  for (const auto& m : Migrations()) {
    if (m.version == 4) {
      found = true;
      EXPECT_EQ(m.description, "report aggregates");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace soundings::server
