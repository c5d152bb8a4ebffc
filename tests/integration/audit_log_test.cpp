// A failed write to the hash-chained audit log fails the request that needed it: no export
// leaves the server, no refusal or sign-in goes by, and no one-time code is left behind without
// its entry. The failure is a SQLite trigger that refuses every new audit entry, as a full disk
// or a broken file would. Refusals a client can flood are counted per minute and address and
// chained once per minute (issue 16 item 4); old entries roll up into an archive file behind a
// checkpoint, and both the log and the archive still verify.
#include "server/services/audit_log.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/cli/export_command.h"
#include "server/cli/server_commands.h"
#include "shared/db/sqlite.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;

class AuditFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    ASSERT_TRUE(PostBatch(m_server, m_seeded.token, {ParksResponse(), ParksResponse(2)}));
    m_admin = SignedInToken(m_server, "root", "admin");
    m_hr = SignedInToken(m_server, "hazel", "hr");
    m_analyst = SignedInToken(m_server, "ann", "analyst");
    auto nominated = m_server.Client().Post(
        "/api/v1/campaigns/c360/nominations", Bearer(m_hr),
        json{{"csv", "subject_id,rater_id,rater_group\nalex,alex,self\n"}}.dump(),
        "application/json");
    ASSERT_TRUE(nominated && nominated->status == 200) << (nominated ? nominated->body : "");
  }

  // From here every new audit entry is refused, as SQLite refuses a write to a full disk.
  void BreakTheAuditLog() {
    auto db = db::Database::Open(m_server.app().config().DatabaseFile(), {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log "
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"
                         "CREATE TRIGGER refusal_count_fails BEFORE INSERT ON audit_refusals "
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"
                         "CREATE TRIGGER refusal_add_fails BEFORE UPDATE ON audit_refusals "
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
                    .ok());
  }
  void MendTheAuditLog() {
    auto db = db::Database::Open(m_server.app().config().DatabaseFile(), {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("DROP TRIGGER audit_fails; DROP TRIGGER refusal_count_fails;"
                         "DROP TRIGGER refusal_add_fails")
                    .ok());
  }

  std::size_t Invitations() {
    auto invitations = m_server.store().ListInvitations("c360");
    EXPECT_TRUE(invitations.ok());
    return invitations.ok() ? invitations->size() : 0;
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_admin;
  std::string m_hr;
  std::string m_analyst;
};

TEST_F(AuditFailureTest, EveryAuditedRequestFailsWhenItsEntryCannotBeWritten) {
  struct Case {
    std::string what;
    std::string method;
    std::string path;
    std::string token;
    json body;
  };
  const std::vector<Case> cases = {
      {"a CSV export", "GET", "/api/v1/exports/campaigns/parks/answers.csv", m_hr, nullptr},
      {"a JSON export", "GET", "/api/v1/exports/campaigns/parks/responses.json", m_hr, nullptr},
      {"every subject's PDF", "GET", "/api/v1/reports/campaigns/c360/pdfs.zip", m_hr, nullptr},
      {"invitation codes", "POST", "/api/v1/campaigns/c360/invitations", m_hr, json::object()},
      {"an enrolment code", "POST", "/api/v1/devices/enrolment-codes", m_admin, json::object()},
      {"a new user's password",
       "POST",
       "/api/v1/users",
       m_admin,
       {{"username", "new1"}, {"role", "analyst"}}},
      {"a public page edit",
       "PUT",
       "/api/v1/campaigns/parks/public-page",
       m_hr,
       {{"what_we_did", "New benches."}, {"published", true}}},
      {"a refused call", "GET", "/api/v1/users", m_analyst, nullptr},
  };
  const std::size_t invitations_before = Invitations();
  BreakTheAuditLog();
  for (const Case& c : cases) {
    auto client = m_server.Client();
    httplib::Result reply =
        c.method == "GET" ? client.Get(c.path, Bearer(c.token))
        : c.method == "PUT"
            ? client.Put(c.path, Bearer(c.token), c.body.dump(), "application/json")
            : client.Post(c.path, Bearer(c.token), c.body.dump(), "application/json");
    ASSERT_TRUE(reply) << c.what;
    EXPECT_EQ(reply->status, 500) << c.what << ": " << reply->body;
    const json body = json::parse(reply->body, nullptr, false);
    EXPECT_EQ(body.value("error", ""), "storage_error") << c.what << ": " << reply->body;
    EXPECT_EQ(reply->get_header_value("Content-Disposition"), "") << c.what << " was handed out";
  }
  EXPECT_EQ(Invitations(), invitations_before) << "codes were made that nobody was shown";

  auto wrong = m_server.Client().Post("/api/v1/auth/sign-in",
                                      json{{"username", "root"}, {"password", "wrong"}}.dump(),
                                      "application/json");
  ASSERT_TRUE(wrong);
  // Refusals are counted in memory and written every few seconds (so a flood of them does not
  // queue a write per attempt in front of every sync): the failed write above kept its counts,
  // this one joins them, and neither is lost once the log can be written again.
  EXPECT_EQ(wrong->status, 401);

  MendTheAuditLog();
  auto listed = m_server.app().audit().List();
  ASSERT_TRUE(listed.ok());
  bool counted = false;
  for (const auto& e : *listed) {
    counted = counted || (e.action == "sign_in_failed" && e.actor == "user:root");
  }
  EXPECT_TRUE(counted) << "the failed sign-in's count was lost";
  auto exported =
      m_server.Client().Get("/api/v1/exports/campaigns/parks/answers.csv", Bearer(m_hr));
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->status, 200);
}

TEST_F(AuditFailureTest, TheCommandLineExportWritesNothingWhenItsEntryCannotBeWritten) {
  TempFolder out;
  const auto file = out.path() / "parks.csv";
  BreakTheAuditLog();
  std::ostringstream o;
  std::ostringstream e;
  EXPECT_EQ(server::RunExportCommand({"parks", "--format", "csv-long", "--out", file.string(),
                                      "--data", m_server.app().config().data_dir.string()},
                                     o, e),
            1);
  EXPECT_FALSE(std::filesystem::exists(file));
  EXPECT_NE(e.str().find("could not read or write its database"), std::string::npos) << e.str();
}

using ::testing::HasSubstr;

std::vector<server::AuditEntry> Chained(TestServer& server, const std::string& action) {
  auto entries = server.store().ListAudit();
  EXPECT_TRUE(entries.ok());
  std::vector<server::AuditEntry> out;
  if (!entries.ok()) return out;
  for (const auto& e : *entries) {
    if (e.action == action) out.push_back(e);
  }
  return out;
}

// The count a refusal entry's detail starts with ("100 times in the minute from ...").
long long CountOf(const std::string& detail) { return std::stoll(detail); }

struct CliRun {
  int code = 0;
  std::string out;
  std::string err;
};

CliRun RunAudit(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = server::RunAuditCommand(args, out, err);
  return {code, out.str(), err.str()};
}

bool Sql(TestServer& server, const std::string& sql) {
  auto db = db::Database::Open(server.app().config().DatabaseFile(), {});
  EXPECT_TRUE(db.ok());
  return db.ok() && db->Exec(sql).ok();
}

TEST(AuditRefusals, AHundredRefusalsFromOneAddressInOneMinuteAreOneEntryWithTheirCount) {
  TestServer server;
  server::AuditLog& audit = server.app().audit();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(audit.CountRefusal("user:eve", "sign_in_failed", "user:eve", "10.0.0.7").ok());
  }
  EXPECT_TRUE(Chained(server, "sign_in_failed").empty()) << "chained before its minute ended";
  auto listed = audit.List();
  ASSERT_TRUE(listed.ok());
  ASSERT_FALSE(listed->empty());
  EXPECT_EQ(listed->back().seq, 0) << "the current minute shows unchained";
  EXPECT_EQ(listed->back().hash, "");
  EXPECT_EQ(listed->back().detail,
            "100 times in the minute from 2026-11-28T09:00:00Z, from 10.0.0.7 so far");

  server.clock().Advance(std::chrono::seconds(60));
  ASSERT_TRUE(audit.List().ok());
  auto chained = Chained(server, "sign_in_failed");
  ASSERT_EQ(chained.size(), 1u);
  EXPECT_EQ(chained[0].detail, "100 times in the minute from 2026-11-28T09:00:00Z, from 10.0.0.7");
  EXPECT_EQ(chained[0].at, "2026-11-28T09:01:00Z");
  EXPECT_EQ(chained[0].actor, "user:eve");
  auto pending = server.store().ListAuditRefusals();
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
  auto verified = RunAudit({"verify", "--data", server.app().config().data_dir.string()});
  EXPECT_EQ(verified.code, 0) << verified.err;
}

TEST(AuditRefusals, EachAddressNameAndMinuteIsItsOwnEntryChainedInTimeOrder) {
  TestServer server;
  server::AuditLog& audit = server.app().audit();
  ASSERT_TRUE(audit.CountRefusal("user:eve", "sign_in_failed", "user:eve", "10.0.0.7").ok());
  ASSERT_TRUE(audit.CountRefusal("user:eve", "sign_in_failed", "user:eve", "10.0.0.8").ok());
  ASSERT_TRUE(audit.CountRefusal("user:eve", "sign_in_failed", "user:eve", "10.0.0.8").ok());
  ASSERT_TRUE(audit.CountRefusal("user:max", "sign_in_failed", "user:max", "10.0.0.7").ok());
  ASSERT_TRUE(
      audit.CountRefusal("user:eve", "sign_in_refused", "user:eve", "10.0.0.7", "throttled").ok());
  server.clock().Advance(std::chrono::seconds(61));
  // A refusal in a later minute chains the earlier minute's counts before it is counted.
  ASSERT_TRUE(audit.CountRefusal("user:eve", "sign_in_failed", "user:eve", "10.0.0.7").ok());
  auto failed = Chained(server, "sign_in_failed");
  ASSERT_EQ(failed.size(), 3u);
  EXPECT_EQ(failed[0].detail, "1 time in the minute from 2026-11-28T09:00:00Z, from 10.0.0.7");
  EXPECT_EQ(failed[1].detail, "2 times in the minute from 2026-11-28T09:00:00Z, from 10.0.0.8");
  EXPECT_EQ(failed[2].actor, "user:max");
  auto refused = Chained(server, "sign_in_refused");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_THAT(refused[0].detail, HasSubstr("from 10.0.0.7, throttled"));

  // An ordinary entry chains the completed minute first, so the chain stays in time order.
  server.clock().Advance(std::chrono::seconds(60));
  ASSERT_TRUE(audit.Record("cli", "test_action", "x").ok());
  auto entries = server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  ASSERT_GE(entries->size(), 2u);
  EXPECT_EQ(entries->back().action, "test_action");
  EXPECT_EQ((*entries)[entries->size() - 2].detail,
            "1 time in the minute from 2026-11-28T09:01:00Z, from 10.0.0.7");
  for (std::size_t i = 1; i < entries->size(); ++i) {
    EXPECT_LE((*entries)[i - 1].at, (*entries)[i].at) << "entry " << (*entries)[i].seq;
  }
}

TEST(AuditRefusals, ASignInFloodThroughTheServerIsCountedPerMinuteNotChainedPerAttempt) {
  TestServer server;
  const std::string admin = SignedInToken(server, "root", "admin");
  auto before = server.store().ListAudit();
  ASSERT_TRUE(before.ok());
  int refused = 0;
  for (int i = 0; i < 100; ++i) {
    auto reply = server.Client().Post(
        "/api/v1/auth/sign-in",
        json{{"username", "root"}, {"password", "guess" + std::to_string(i)}}.dump(),
        "application/json");
    ASSERT_TRUE(reply);
    refused += (reply->status == 401 || reply->status == 429) ? 1 : 0;
  }
  EXPECT_EQ(refused, 100);
  auto during = server.store().ListAudit();
  ASSERT_TRUE(during.ok());
  EXPECT_EQ(during->size(), before->size()) << "a refused attempt was chained on its own";

  server.clock().Advance(std::chrono::seconds(60));
  auto listed = server.Client().Get("/api/v1/audit", Bearer(admin));
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  long long counted = 0;
  int entries = 0;
  const json body = json::parse(listed->body);
  for (const auto& e : body["entries"]) {
    const std::string action = e["action"];
    if (action != "sign_in_failed" && action != "sign_in_refused") continue;
    EXPECT_GT(e["seq"].get<long long>(), 0) << "the flood's minute is over and chained";
    EXPECT_THAT(e["detail"].get<std::string>(), HasSubstr("from 127.0.0.1"));
    counted += CountOf(e["detail"].get<std::string>());
    ++entries;
  }
  EXPECT_EQ(counted, 100) << listed->body;
  EXPECT_LE(entries, 3) << "one entry per kind of refusal (failed, throttled, busy)";
  auto verified = RunAudit({"verify", "--data", server.app().config().data_dir.string()});
  EXPECT_EQ(verified.code, 0) << verified.err;
}

class AuditRollupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server::AuditLog& audit = m_server.app().audit();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(audit.Record("cli", "old_action", "old" + std::to_string(i)).ok());
    }
    ASSERT_TRUE(audit.CountRefusal("user:eve", "sign_in_failed", "user:eve", "10.0.0.7").ok());
    m_server.clock().Advance(std::chrono::hours(24));
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(audit.Record("cli", "new_action", "new" + std::to_string(i)).ok());
    }
    auto entries = m_server.store().ListAudit();
    ASSERT_TRUE(entries.ok());
    for (const auto& e : *entries) m_old += e.at < "2026-11-29" ? 1 : 0;
  }

  CliRun RollUp(const std::string& before, const std::filesystem::path& archive) {
    return RunAudit(
        {"rollup", "--before", before, "--archive", archive.string(), "--force", "--data", Data()});
  }
  CliRun Verify(const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"verify", "--data", Data()};
    args.insert(args.end(), more.begin(), more.end());
    return RunAudit(args);
  }
  std::string Data() { return m_server.app().config().data_dir.string(); }

  TestServer m_server;
  TempFolder m_folder;
  std::int64_t m_old = 0;  // entries before 2026-11-29 (the old ones and the folded refusal)
};

TEST_F(AuditRollupTest, OldEntriesMoveToAnArchiveBehindACheckpointAndBothStillVerify) {
  ASSERT_GE(m_old, 6);
  const auto archive = m_folder.path() / "audit-2026.jsonl";
  auto rolled = RollUp("2026-11-29", archive);
  ASSERT_EQ(rolled.code, 0) << rolled.err;
  EXPECT_THAT(rolled.out, HasSubstr("rolled up " + std::to_string(m_old) + " entries"));

  auto entries = m_server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 4u);  // the three new ones and the rollup's own entry
  EXPECT_EQ(entries->front().seq, m_old + 1);
  EXPECT_EQ(entries->back().action, "audit_rolled_up");
  auto checkpoints = m_server.store().ListAuditCheckpoints();
  ASSERT_TRUE(checkpoints.ok());
  ASSERT_EQ(checkpoints->size(), 1u);
  EXPECT_EQ(checkpoints->front().through_seq, m_old);
  EXPECT_EQ(checkpoints->front().hash, entries->front().prev_hash);

  std::ifstream in(archive);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) ++lines;
  EXPECT_EQ(lines, m_old + 1);  // the header and every removed entry

  auto verified = Verify();
  EXPECT_EQ(verified.code, 0) << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("after checkpoint " + std::to_string(m_old)));
  auto archived = Verify({"--archive", archive.string()});
  EXPECT_EQ(archived.code, 0) << archived.err;
  EXPECT_THAT(archived.out, HasSubstr("chained into checkpoint " + std::to_string(m_old)));

  // A second rollup's archive starts where the first checkpoint ends, and the first still checks.
  m_server.clock().Advance(std::chrono::hours(24));
  ASSERT_TRUE(m_server.app().audit().Record("cli", "later_action", "x").ok());
  const auto second = m_folder.path() / "audit-2026-b.jsonl";
  auto again = RollUp("2026-11-30", second);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(Verify().code, 0);
  EXPECT_EQ(Verify({"--archive", second.string()}).code, 0);
  EXPECT_EQ(Verify({"--archive", archive.string()}).code, 0);
}

TEST_F(AuditRollupTest, TamperingWithTheArchiveOrAnEntryAfterTheCheckpointFailsVerify) {
  const auto archive = m_folder.path() / "audit.jsonl";
  ASSERT_EQ(RollUp("2026-11-29", archive).code, 0);
  std::stringstream text;
  text << std::ifstream(archive).rdbuf();
  std::string edited = text.str();
  const auto at = edited.find("old2");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, 4, "old9");
  std::ofstream(archive, std::ios::trunc) << edited;
  auto archived = Verify({"--archive", archive.string()});
  EXPECT_EQ(archived.code, 1);
  EXPECT_THAT(archived.err, HasSubstr("BROKEN"));

  ASSERT_TRUE(Sql(m_server,
                  "DROP TRIGGER audit_log_append_only_update;"
                  "UPDATE audit_log SET detail = 'edited' WHERE seq = " +
                      std::to_string(m_old + 2)));
  auto verified = Verify();
  EXPECT_EQ(verified.code, 1);
  EXPECT_THAT(verified.err, HasSubstr("BROKEN at entry " + std::to_string(m_old + 2)));
}

TEST_F(AuditRollupTest, OnlyACheckpointWrittenByARollupLetsEntriesGo) {
  EXPECT_FALSE(Sql(m_server, "DELETE FROM audit_log")) << "a plain delete went through";
  EXPECT_FALSE(Sql(m_server, "DELETE FROM audit_log WHERE seq = 1"));
  EXPECT_FALSE(Sql(m_server,
                   "INSERT INTO audit_checkpoints(through_seq, hash, removed, at, archive) "
                   "VALUES (3, 'not-its-hash', 3, '', 'x')"))
      << "a checkpoint that names no entry";

  ASSERT_EQ(RollUp("2026-11-29", m_folder.path() / "audit.jsonl").code, 0);
  EXPECT_FALSE(Sql(m_server, "DELETE FROM audit_log")) << "entries after the checkpoint went";
  EXPECT_FALSE(Sql(m_server, "DELETE FROM audit_checkpoints"));
  EXPECT_FALSE(Sql(m_server, "UPDATE audit_checkpoints SET hash = 'x'"));

  // A checkpoint forged straight into the database lets entries be deleted, but verify notices
  // that no rollup entry in the chain names it.
  ASSERT_TRUE(Sql(m_server,
                  "INSERT INTO audit_checkpoints(through_seq, hash, removed, at, archive) "
                  "SELECT seq, hash, 1, '', 'forged' FROM audit_log WHERE seq = " +
                      std::to_string(m_old + 1) +
                      "; DELETE FROM audit_log WHERE seq = " + std::to_string(m_old + 1)));
  auto verified = Verify();
  EXPECT_EQ(verified.code, 1);
  EXPECT_THAT(verified.err, HasSubstr("not recorded by a rollup entry"));
}

TEST_F(AuditRollupTest, ARollupOfTheLastNinetyDaysIsRefusedWithoutForce) {
  auto before = m_server.store().ListAudit();
  ASSERT_TRUE(before.ok());
  // Relative to the real clock: the command runs on the system clock, not the test's.
  const std::string recent =
      server::FormatRfc3339(std::chrono::system_clock::now() - std::chrono::hours(24 * 10))
          .substr(0, 10);
  auto refused = RunAudit({"rollup", "--before", recent, "--archive",
                           (m_folder.path() / "a.jsonl").string(), "--data", Data()});
  EXPECT_EQ(refused.code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--force"));
  EXPECT_FALSE(std::filesystem::exists(m_folder.path() / "a.jsonl"));
  auto after = m_server.store().ListAudit();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), before->size());
  auto bad = RunAudit({"rollup", "--before", "last tuesday", "--data", Data()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("not a date"));
}

}  // namespace
}  // namespace soundings::testing
