// Reminders (issue 11 item 4) through the real server: HR asks for reminder letters, and only
// the nominated raters who have not answered get one, with a new code; their old code stops
// working, the new one works once, and nothing in the reply names who answered.
#include <algorithm>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class RemindersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    m_hr = SignedInToken(m_server, "hana", "hr");
    auto& store = m_server.store();
    for (const char* id : {"pat", "sam", "kim"}) {
      ASSERT_TRUE(store.AddPerson({id, std::string("Person ") + id, "", "org"}).ok());
    }
    auto nominated = Post("/api/v1/campaigns/c360/nominations",
                          json{{"csv",
                                "subject_id,rater_id,rater_group\n"
                                "alex,pat,peer\nalex,sam,peer\nalex,kim,peer\n"}});
    ASSERT_TRUE(nominated);
    ASSERT_EQ(nominated->status, 200) << nominated->body;
    auto invited = Post("/api/v1/campaigns/c360/invitations", json::object());
    ASSERT_TRUE(invited);
    ASSERT_EQ(invited->status, 201) << invited->body;
    const json made = json::parse(invited->body);  // kept: the loop reads part of it
    for (const auto& i : made["invitations"]) {
      m_first_codes[i["rater_id"].get<std::string>()] = i["code"].get<std::string>();
    }
    ASSERT_EQ(m_first_codes.size(), 3U);
  }

  httplib::Result Post(const std::string& path, const json& body, const std::string& token = "") {
    return m_server.Client().Post(path, Bearer(token.empty() ? m_hr : token), body.dump(),
                                  "application/json");
  }
  sync::ResponseStatus Answer(const std::string& code) {
    auto reply = PostBatch(m_server, m_seeded.token, {PeerResponse(code, 4)});
    EXPECT_TRUE(reply);
    return reply ? reply->results.at(0).status : sync::ResponseStatus::kRejected;
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr;
  std::map<std::string, std::string> m_first_codes;  // rater person id -> first letter's code
};

TEST_F(RemindersTest, OnlyRatersWhoHaveNotAnsweredGetAReminderWithANewCode) {
  ASSERT_EQ(Answer(m_first_codes["pat"]), sync::ResponseStatus::kAccepted);

  auto reply = Post("/api/v1/campaigns/c360/reminders", json::object());
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  const json body = json::parse(reply->body);
  EXPECT_EQ(body["letter"]["reminder"], true);
  std::map<std::string, std::string> reminded;
  for (const auto& letter : body["invitations"]) {
    reminded[letter["rater_id"].get<std::string>()] = letter["code"].get<std::string>();
    EXPECT_EQ(letter["subject"], "Alex Rivers");
    EXPECT_FALSE(letter["anonymity"].get<std::string>().empty());
  }
  // Sam and Kim, not Pat; and the reply has no word on who answered.
  EXPECT_EQ(reminded.size(), 2U) << body.dump();
  EXPECT_TRUE(reminded.contains("sam") && reminded.contains("kim")) << body.dump();
  EXPECT_THAT(reply->body, ::testing::Not(HasSubstr("pat")));
  EXPECT_THAT(reply->body, ::testing::Not(HasSubstr("used")));
  EXPECT_NE(reminded["sam"], m_first_codes["sam"]);

  // The first letter's code no longer works; the reminder's works, once (a second answer with a
  // used code is kept aside as a conflict, as for any used invitation).
  EXPECT_EQ(Answer(m_first_codes["sam"]), sync::ResponseStatus::kRejected);
  EXPECT_EQ(Answer(reminded["sam"]), sync::ResponseStatus::kAccepted);
  EXPECT_EQ(Answer(reminded["sam"]), sync::ResponseStatus::kConflict);

  // A second round reminds only Kim; the audit log counts each round.
  reply = Post("/api/v1/campaigns/c360/reminders", json::object());
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  const json second = json::parse(reply->body)["invitations"];
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second[0]["rater_id"], "kim");
  auto audit = m_server.store().ListAudit();
  ASSERT_TRUE(audit.ok());
  std::vector<std::string> details;
  for (const auto& entry : *audit) {
    if (entry.action == "reminders_issued") details.push_back(entry.detail);
  }
  EXPECT_EQ(details,
            (std::vector<std::string>{"2 unanswered invitations", "1 unanswered invitations"}));
}

TEST_F(RemindersTest, ACodeIsGoodUntilTheCloseDateAndAClosedCampaignSendsNoReminder) {
  auto dated =
      m_server.Client().Put("/api/v1/campaigns/c360/dates", Bearer(m_hr),
                            json{{"closes_at", "2027-03-31T17:00:00Z"}}.dump(), "application/json");
  ASSERT_TRUE(dated);
  ASSERT_EQ(dated->status, 200) << dated->body;
  auto reply = Post("/api/v1/campaigns/c360/reminders", json::object());
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  EXPECT_EQ(json::parse(reply->body)["letter"]["deadline"], "2027-03-31T17:00:00Z");
  auto invitations = m_server.store().ListInvitations("c360");
  ASSERT_TRUE(invitations.ok());
  int reissued = 0;
  for (const auto& i : *invitations) {
    if (i.nomination_id != 0) {
      EXPECT_EQ(i.expires_at, "2027-03-31T17:00:00Z");
      ++reissued;
    }
  }
  EXPECT_EQ(reissued, 3);

  // A head of service, a manager: not theirs to send.
  const std::string head = SignedInToken(m_server, "chief-user", "head_of_service", "alex");
  reply = Post("/api/v1/campaigns/c360/reminders", json::object(), head);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 403);

  auto closed = Post("/api/v1/campaigns/c360/state", json{{"state", "closed"}});
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 200) << closed->body;
  reply = Post("/api/v1/campaigns/c360/reminders", json::object());
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 409);
  EXPECT_EQ(json::parse(reply->body)["error"], "campaign_closed");
  reply = Post("/api/v1/campaigns/parks/reminders", json::object());
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 422);
  reply = Post("/api/v1/campaigns/nope/reminders", json::object());
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);
}

// Once HR closes one subject's collection early, their raters are neither reminded nor given new
// codes (each would be refused on arrival), and the subject takes no new raters.
TEST_F(RemindersTest, ASubjectClosedEarlyGetsNoRemindersNoNewCodesAndNoNewRaters) {
  ASSERT_TRUE(m_server.store().AddPerson({"lee", "Person lee", "", "org"}).ok());
  auto nominated =
      m_server.Client().Put("/api/v1/campaigns/c360/nominations/alex/lee", Bearer(m_hr),
                            json{{"rater_group", "staff"}}.dump(), "application/json");
  ASSERT_TRUE(nominated);
  ASSERT_EQ(nominated->status, 201) << nominated->body;

  auto closed = Post("/api/v1/reports/campaigns/c360/subjects/alex/close", json::object());
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 200) << closed->body;
  auto reply = Post("/api/v1/campaigns/c360/reminders", json::object());
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  EXPECT_TRUE(json::parse(reply->body)["invitations"].empty()) << reply->body;
  reply = Post("/api/v1/campaigns/c360/invitations", json::object());
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  EXPECT_TRUE(json::parse(reply->body)["invitations"].empty()) << "no code for lee";
  // The first letters' codes still stand for nothing: the subject is closed.
  EXPECT_NE(Answer(m_first_codes["pat"]), sync::ResponseStatus::kAccepted);

  ASSERT_TRUE(m_server.store().AddPerson({"ray", "Person ray", "", "org"}).ok());
  auto refused = m_server.Client().Put("/api/v1/campaigns/c360/nominations/alex/ray", Bearer(m_hr),
                                       json{{"rater_group", "peer"}}.dump(), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409);
  EXPECT_EQ(json::parse(refused->body)["error"], "subject_closed");
  EXPECT_THAT(refused->body, HasSubstr("takes no new raters"));
}

}  // namespace
}  // namespace soundings::testing
