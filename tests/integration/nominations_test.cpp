// Nominations one at a time (issue 11 item 5) through the real server: the campaign page lists
// raters with names and group labels, adds one checked as an import row is, and withdraws one
// (its code stops working) unless that rater has answered; a closed campaign refuses both.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class NominationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    m_hr = SignedInToken(m_server, "hana", "hr");
    ASSERT_TRUE(m_server.store().AddPerson({"pat", "Pat Lee", "", "org"}).ok());
    ASSERT_TRUE(m_server.store().AddPerson({"sam", "Sam Hill", "", "org"}).ok());
  }

  httplib::Result Add(const std::string& subject, const std::string& rater,
                      const std::string& group, const std::string& token = "") {
    return m_server.Client().Put("/api/v1/campaigns/c360/nominations/" + subject + "/" + rater,
                                 Bearer(token.empty() ? m_hr : token),
                                 json{{"rater_group", group}}.dump(), "application/json");
  }
  httplib::Result Remove(const std::string& subject, const std::string& rater) {
    return m_server.Client().Delete("/api/v1/campaigns/c360/nominations/" + subject + "/" + rater,
                                    Bearer(m_hr));
  }
  json List() {
    auto reply = m_server.Client().Get("/api/v1/campaigns/c360/nominations", Bearer(m_hr));
    EXPECT_TRUE(reply && reply->status == 200) << (reply ? reply->body : "no reply");
    return reply && reply->status == 200 ? json::parse(reply->body) : json();
  }
  std::string MakeCodes() {
    auto reply = m_server.Client().Post("/api/v1/campaigns/c360/invitations", Bearer(m_hr), "{}",
                                        "application/json");
    EXPECT_TRUE(reply && reply->status == 201);
    const json made = json::parse(reply->body);  // kept: read below
    return made["invitations"].empty() ? "" : made["invitations"][0]["code"].get<std::string>();
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr;
};

TEST_F(NominationsTest, HrAddsARaterByGroupAndSeesNamesAndLabels) {
  auto reply = Add("alex", "pat", "peer");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  const json listed = List();
  ASSERT_EQ(listed["nominations"].size(), 1U) << listed.dump();
  const json& n = listed["nominations"][0];
  EXPECT_EQ(n["subject"], "Alex Rivers");
  EXPECT_EQ(n["rater"], "Pat Lee");
  EXPECT_EQ(n["rater_group"], "peer");
  EXPECT_EQ(n["rater_group_label"], "Peers");
  EXPECT_EQ(n["invited"], false);
  // What the form needs: people by name and the template's groups by label.
  EXPECT_THAT(listed["people"].dump(), HasSubstr("\"name\":\"Sam Hill\""));
  EXPECT_THAT(listed["groups"].dump(), HasSubstr("\"label\":\"Peers\""));

  // Checked as an import row is, each problem with its field; twice is a 409.
  reply = Add("alex", "nobody", "peer");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(json::parse(reply->body)["problems"][0]["path"], "rater_id");
  reply = Add("alex", "sam", "friends");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(json::parse(reply->body)["problems"][0]["path"], "rater_group");
  reply = Add("alex", "sam", "self");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_THAT(reply->body, HasSubstr("must be the subject"));
  reply = Add("alex", "pat", "peer");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 409);
  EXPECT_EQ(json::parse(reply->body)["error"], "already_nominated");
  // A manager may not.
  const std::string manager = SignedInToken(m_server, "alex-user", "manager", "alex");
  reply = Add("alex", "sam", "peer", manager);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 403);
  EXPECT_EQ(List()["nominations"].size(), 1U);
}

TEST_F(NominationsTest, WithdrawingARaterStopsTheirCodeButNotOnceTheyHaveAnswered) {
  ASSERT_EQ(Add("alex", "pat", "peer")->status, 201);
  const std::string pats_code = MakeCodes();
  ASSERT_FALSE(pats_code.empty());
  EXPECT_EQ(List()["nominations"][0]["invited"], true);
  auto reply = Remove("alex", "pat");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_TRUE(List()["nominations"].empty());
  auto sync = PostBatch(m_server, m_seeded.token, {PeerResponse(pats_code, 4)});
  ASSERT_TRUE(sync);
  EXPECT_EQ(sync->results[0].status, sync::ResponseStatus::kRejected) << "the code still worked";

  ASSERT_EQ(Add("alex", "sam", "peer")->status, 201);
  const std::string sams_code = MakeCodes();
  sync = PostBatch(m_server, m_seeded.token, {PeerResponse(sams_code, 4)});
  ASSERT_TRUE(sync);
  ASSERT_EQ(sync->results[0].status, sync::ResponseStatus::kAccepted);
  reply = Remove("alex", "sam");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 409);
  EXPECT_EQ(json::parse(reply->body)["error"], "already_answered");
  reply = Remove("alex", "nobody");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);

  auto audit = m_server.store().ListAudit();
  ASSERT_TRUE(audit.ok());
  int added = 0;
  int removed = 0;
  for (const auto& entry : *audit) {
    added += entry.action == "nomination_added" ? 1 : 0;
    removed += entry.action == "nomination_removed" ? 1 : 0;
  }
  EXPECT_EQ(added, 2);
  EXPECT_EQ(removed, 1);
}

TEST_F(NominationsTest, AClosedCampaignOrAConsultationTakesNoRaters) {
  auto closed = m_server.Client().Post("/api/v1/campaigns/c360/state", Bearer(m_hr),
                                       json{{"state", "closed"}}.dump(), "application/json");
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 200);
  auto reply = Add("alex", "pat", "peer");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 409);
  EXPECT_EQ(json::parse(reply->body)["error"], "campaign_closed");
  reply = Remove("alex", "pat");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 409);
  reply = m_server.Client().Put("/api/v1/campaigns/parks/nominations/alex/pat", Bearer(m_hr),
                                json{{"rater_group", "peer"}}.dump(), "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 422);
  reply = m_server.Client().Get("/api/v1/campaigns/nope/nominations", Bearer(m_hr));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);
}

}  // namespace
}  // namespace soundings::testing
