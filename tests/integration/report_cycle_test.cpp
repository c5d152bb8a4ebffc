// The end of a 360 report's cycle through the real server (issue 11 item 1): HR closes one
// subject's collection early, releases a report to the subject's manager first, and the manager
// (or HR) shares it with the subject; the subject list follows collecting -> ready -> released ->
// shared.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "shared/db/sqlite.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class ReportCycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    // Chris leads the organisation unit Alex belongs to: Alex's manager.
    ASSERT_TRUE(m_server.store().AddPerson({"chief", "Chris Chief", "", "org"}).ok());
    ASSERT_TRUE(m_server.store().AddPerson({"pat", "Pat Lee", "", ""}).ok());
    std::vector<sync::ResponseRecord> batch;
    for (int i = 0; i < 3; ++i) batch.push_back(PeerResponse(m_seeded.peer_codes[i], 2 + i));
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted) << r.uuid;
    }
    m_hr = SignedInToken(m_server, "hr1", "hr");
    m_alex = SignedInToken(m_server, "alex-user", "manager", "alex");
    m_chief = SignedInToken(m_server, "chief-user", "manager", "chief");
    m_pat = SignedInToken(m_server, "pat-user", "manager", "pat");
  }

  httplib::Result Post(const std::string& token, const std::string& path,
                       const std::string& body = "") {
    return m_server.Client().Post(path, Bearer(token), body,
                                  body.empty() ? "text/plain" : "application/json");
  }
  httplib::Result Get(const std::string& token, const std::string& path) {
    return m_server.Client().Get(path, Bearer(token));
  }
  static std::string Path(const std::string& action) {
    return "/api/v1/reports/campaigns/c360/subjects/alex" + action;
  }

  // Alex's row of the subject list, as hr reads it.
  json AlexListed() {
    auto listed = Get(m_hr, "/api/v1/dashboard/campaigns/c360/subjects");
    EXPECT_TRUE(listed && listed->status == 200);
    if (!listed || listed->status != 200) return json();
    const json body = json::parse(listed->body);
    for (const auto& s : body["subjects"]) {
      if (s["person_id"] == "alex") return s;
    }
    return json();
  }

  static void ExpectRefusal(const httplib::Result& reply, int status, const std::string& error) {
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, status) << reply->body;
    EXPECT_EQ(json::parse(reply->body)["error"], error) << reply->body;
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr, m_alex, m_chief, m_pat;
};

TEST_F(ReportCycleTest, ClosingOneSubjectEarlyRefusesTheirLateRatersAndAllowsTheRelease) {
  EXPECT_EQ(AlexListed()["report_state"], "collecting");
  ExpectRefusal(Post(m_hr, Path("/release")), 409, "campaign_not_closed");
  ExpectRefusal(Post(m_alex, Path("/close")), 403, "forbidden");

  auto closed = Post(m_hr, Path("/close"));
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 200) << closed->body;
  const std::string closed_at = json::parse(closed->body)["closed_at"];
  EXPECT_FALSE(closed_at.empty());
  ExpectRefusal(Post(m_hr, Path("/close")), 409, "already_closed");
  const json listed = AlexListed();
  EXPECT_EQ(listed["report_state"], "ready");
  EXPECT_EQ(listed["closed_early_at"], closed_at);

  // Alex's fourth peer is too late: rejected with the reason, for the kiosk to keep and show.
  auto late = PostBatch(m_server, m_seeded.token, {PeerResponse(m_seeded.peer_codes[3], 5)});
  ASSERT_TRUE(late);
  ASSERT_EQ(late->results.size(), 1u);
  EXPECT_EQ(late->results[0].status, sync::ResponseStatus::kRejected);
  ASSERT_FALSE(late->results[0].problems.empty());
  EXPECT_THAT(late->results[0].problems[0].message,
              HasSubstr("HR closed the feedback for Alex Rivers"));
  // The campaign itself goes on.
  auto campaigns = Get(m_hr, "/api/v1/campaigns");
  ASSERT_TRUE(campaigns);
  const json all = json::parse(campaigns->body);
  for (const auto& c : all["campaigns"]) {
    if (c["id"] == "c360") {
      EXPECT_EQ(c["state"], "open");
    }
  }

  auto released = Post(m_hr, Path("/release"));
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  auto read = Get(m_alex, Path(""));
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(json::parse(read->body)["report"]["items"]["a1"]["by_group"]["peer"]["n"]["value"], 3)
      << "the three peers before the close, not the late fourth";

  auto audit = Get(SignedInToken(m_server, "root", "admin"), "/api/v1/audit");
  ASSERT_TRUE(audit);
  EXPECT_THAT(audit->body, HasSubstr("subject_closed"));
}

TEST_F(ReportCycleTest, AReportReleasedToTheManagerFirstIsSharedWithTheSubjectByTheManager) {
  auto campaign = Post(m_hr, "/api/v1/campaigns/c360/state", json{{"state", "closed"}}.dump());
  ASSERT_TRUE(campaign);
  ASSERT_EQ(campaign->status, 200) << campaign->body;
  ExpectRefusal(Post(m_hr, Path("/close")), 409, "campaign_closed");
  ExpectRefusal(Post(m_chief, Path("/share")), 409, "not_released");
  ExpectRefusal(Post(m_hr, Path("/release"), R"({"share_with_subject": "no"})"), 400,
                "invalid_request");

  auto released = Post(m_hr, Path("/release"), R"({"share_with_subject": false})");
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  const json release = json::parse(released->body);
  EXPECT_TRUE(release["shared_at"].is_null());
  EXPECT_EQ(AlexListed()["report_state"], "released");

  // The manager reads it to prepare the conversation; the subject is told it is coming.
  auto for_manager = Get(m_chief, Path(""));
  ASSERT_TRUE(for_manager);
  ASSERT_EQ(for_manager->status, 200) << for_manager->body;
  EXPECT_EQ(json::parse(for_manager->body)["release"]["sha256"], release["sha256"]);
  EXPECT_TRUE(json::parse(for_manager->body)["release"]["shared_at"].is_null());
  auto early = Get(m_alex, Path(""));
  ExpectRefusal(early, 409, "not_shared");
  EXPECT_THAT(early->body, HasSubstr("released to your manager first"));
  EXPECT_THAT(early->body, ::testing::Not(HasSubstr("Listens well")));

  // Neither the subject nor a manager elsewhere shares it.
  ExpectRefusal(Post(m_alex, Path("/share")), 403, "forbidden");
  ExpectRefusal(Post(m_pat, Path("/share")), 403, "forbidden");

  auto shared = Post(m_chief, Path("/share"));
  ASSERT_TRUE(shared);
  ASSERT_EQ(shared->status, 200) << shared->body;
  const std::string shared_at = json::parse(shared->body)["shared_at"];
  ExpectRefusal(Post(m_hr, Path("/share")), 409, "already_shared");
  const json listed = AlexListed();
  EXPECT_EQ(listed["report_state"], "shared");
  EXPECT_EQ(listed["shared_at"], shared_at);

  // What the subject now reads is the frozen report the manager read, byte for byte but for the
  // moment it was shared.
  auto mine = Get(m_alex, Path(""));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  json body = json::parse(mine->body);
  EXPECT_EQ(body["release"]["shared_at"], shared_at);
  json managers = json::parse(for_manager->body);
  body.erase("release");
  managers.erase("release");
  EXPECT_EQ(body, managers);

  auto audit = Get(SignedInToken(m_server, "root", "admin"), "/api/v1/audit");
  ASSERT_TRUE(audit);
  EXPECT_THAT(audit->body, HasSubstr("report_shared"));
  EXPECT_THAT(audit->body, HasSubstr("user:chief-user"));
}

TEST_F(ReportCycleTest, AnEmptyReleaseBodySharesWithTheSubjectAtOnce) {
  auto campaign = Post(m_hr, "/api/v1/campaigns/c360/state", json{{"state", "closed"}}.dump());
  ASSERT_TRUE(campaign && campaign->status == 200);
  auto released = Post(m_hr, Path("/release"));
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  EXPECT_FALSE(json::parse(released->body)["shared_at"].is_null());
  auto mine = Get(m_alex, Path(""));
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(AlexListed()["report_state"], "shared");
}

// A closed report with nothing of others to show is listed to HR as "not_enough", not "ready",
// so nobody presses a Release that must refuse; its subject still reads only "ready" (the list
// tells them nothing about how many answered).
TEST_F(ReportCycleTest, AClosedReportWithTooFewResponsesIsListedAsNotEnoughToHrOnly) {
  ASSERT_TRUE(m_server.store().AddSubject("c360", "pat").ok());
  auto closed = Post(m_hr, "/api/v1/reports/campaigns/c360/subjects/pat/close");
  ASSERT_TRUE(closed && closed->status == 200);
  ASSERT_TRUE(Post(m_hr, Path("/close")));
  const auto state_of = [this](const std::string& token, const std::string& person) {
    auto listed = Get(token, "/api/v1/dashboard/campaigns/c360/subjects");
    EXPECT_TRUE(listed && listed->status == 200);
    if (!listed || listed->status != 200) return std::string();
    const json body = json::parse(listed->body);
    for (const auto& s : body["subjects"]) {
      if (s["person_id"] == person) return s["report_state"].get<std::string>();
    }
    return std::string("not listed");
  };
  EXPECT_EQ(state_of(m_hr, "pat"), "not_enough");
  EXPECT_EQ(state_of(m_hr, "alex"), "ready");  // three peers answered
  EXPECT_EQ(state_of(m_pat, "pat"), "ready");
  ExpectRefusal(Post(m_hr, "/api/v1/reports/campaigns/c360/subjects/pat/release"), 409,
                "not_enough_responses");
  ASSERT_EQ(Post(m_hr, Path("/release"))->status, 200);
  EXPECT_EQ(state_of(m_hr, "alex"), "shared");
}

// A release whose share cannot be written (a trigger refuses it, as a full disk would) answers
// with an error but keeps the release: the report is frozen and with the manager, the subject is
// still refused, and sharing again later gives it to them. Nothing half-done reaches the subject.
TEST_F(ReportCycleTest, AReleaseWhoseShareFailsStaysReleasedAndIsSharedLater) {
  ASSERT_TRUE(Post(m_hr, Path("/close")));
  auto db = db::Database::Open(m_server.app().config().DatabaseFile(), {});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TRIGGER share_fails BEFORE INSERT ON report_shares "
                       "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
                  .ok());
  auto released = Post(m_hr, Path("/release"));
  ASSERT_TRUE(released);
  EXPECT_GE(released->status, 500) << released->body;
  EXPECT_THAT(released->body,
              HasSubstr("is released to their manager, but it could not be shared"));
  EXPECT_EQ(AlexListed()["report_state"], "released");
  ExpectRefusal(Get(m_alex, Path("")), 409, "not_shared");
  ExpectRefusal(Post(m_hr, Path("/release")), 409, "already_released");

  ASSERT_TRUE(db->Exec("DROP TRIGGER share_fails").ok());
  auto shared = Post(m_hr, Path("/share"));
  ASSERT_TRUE(shared);
  ASSERT_EQ(shared->status, 200) << shared->body;
  EXPECT_EQ(AlexListed()["report_state"], "shared");
  auto own = Get(m_alex, Path(""));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;
}

}  // namespace
}  // namespace soundings::testing
