// A failed write to the hash-chained audit log fails the request that needed it: no export
// leaves the server, no refusal or sign-in goes by, and no one-time code is left behind without
// its entry. The failure is a SQLite trigger that refuses every new audit entry, as a full disk
// or a broken file would.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/cli/export_command.h"
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
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
                    .ok());
  }
  void MendTheAuditLog() {
    auto db = db::Database::Open(m_server.app().config().DatabaseFile(), {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("DROP TRIGGER audit_fails").ok());
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
  EXPECT_EQ(wrong->status, 500) << "a failed sign-in went by unaudited";

  MendTheAuditLog();
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

}  // namespace
}  // namespace soundings::testing
