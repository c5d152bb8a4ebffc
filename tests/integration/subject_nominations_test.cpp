// Raters proposed by their subject and approved by the people who lead them (issue 11 item 5),
// through the real server: HR turns it on, the subject proposes, their manager approves or
// declines, and only approved raters get invitation codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class SubjectNominationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(m_server);
    auto& store = m_server.store();
    // Chris leads the unit Alex (the subject) belongs to; Pat and Sam are colleagues elsewhere.
    ASSERT_TRUE(store.AddPerson({"chief", "Chris Chief", "", "org"}).ok());
    ASSERT_TRUE(store.AddPerson({"pat", "Pat Lee", "", ""}).ok());
    ASSERT_TRUE(store.AddPerson({"sam", "Sam Hill", "", ""}).ok());
    m_hr = SignedInToken(m_server, "hana", "hr");
    m_alex = SignedInToken(m_server, "alex-user", "manager", "alex");
    m_chief = SignedInToken(m_server, "chief-user", "manager", "chief");
    m_pat = SignedInToken(m_server, "pat-user", "manager", "pat");
  }

  httplib::Result Send(const std::string& method, const std::string& token, const std::string& path,
                       const json& body = json()) {
    auto client = m_server.Client();
    const std::string text = body.is_null() ? "" : body.dump();
    if (method == "GET") return client.Get(path, Bearer(token));
    if (method == "DELETE") return client.Delete(path, Bearer(token));
    if (method == "PUT") return client.Put(path, Bearer(token), text, "application/json");
    return client.Post(path, Bearer(token), text, "application/json");
  }
  httplib::Result Propose(const std::string& rater, const std::string& group) {
    return Send("PUT", m_alex, "/api/v1/campaigns/c360/my-nominations/" + rater,
                json{{"rater_group", group}});
  }
  httplib::Result Decide(const std::string& token, const std::string& rater, bool approve) {
    return Send("POST", token, "/api/v1/campaigns/c360/nominations/alex/" + rater + "/decision",
                json{{"approve", approve}});
  }
  static void Expect(const httplib::Result& reply, int status, const std::string& error = "") {
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, status) << reply->body;
    if (!error.empty()) {
      EXPECT_EQ(json::parse(reply->body)["error"], error) << reply->body;
    }
  }
  // The raters invitations are made for now, by rater id.
  std::vector<std::string> Invited() {
    auto made = Send("POST", m_hr, "/api/v1/campaigns/c360/invitations", json::object());
    EXPECT_TRUE(made && made->status == 201);
    std::vector<std::string> out;
    if (!made || made->status != 201) return out;
    const json body = json::parse(made->body);
    for (const auto& i : body["invitations"]) out.push_back(i["rater_id"]);
    return out;
  }
  // The subject's own list: rater id -> state.
  std::map<std::string, std::string> Mine() {
    auto reply = Send("GET", m_alex, "/api/v1/campaigns/c360/my-nominations");
    EXPECT_TRUE(reply && reply->status == 200);
    std::map<std::string, std::string> out;
    if (!reply || reply->status != 200) return out;
    const json body = json::parse(reply->body);
    for (const auto& n : body["nominations"]) out[n["rater_id"]] = n["status"];
    return out;
  }

  TestServer m_server;
  std::string m_hr, m_alex, m_chief, m_pat;
};

TEST_F(SubjectNominationsTest,
       TheSubjectProposesTheirManagerDecidesAndOnlyApprovedRatersAreInvited) {
  auto before = Send("GET", m_alex, "/api/v1/campaigns/c360/my-nominations");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_FALSE(json::parse(before->body)["campaign"]["subject_nominations"].get<bool>());
  Expect(Propose("pat", "peer"), 409, "subject_nominations_off");

  Expect(Send("PUT", m_hr, "/api/v1/campaigns/c360/subject-nominations", json{{"enabled", "yes"}}),
         400, "invalid_request");
  Expect(Send("PUT", m_alex, "/api/v1/campaigns/c360/subject-nominations", json{{"enabled", true}}),
         403, "forbidden");
  Expect(Send("PUT", m_hr, "/api/v1/campaigns/c360/subject-nominations", json{{"enabled", true}}),
         200);

  // What the subject may propose: never themselves, never as "self", only people and groups
  // that exist, and once each.
  Expect(Propose("alex", "peer"), 400, "invalid_nomination");
  Expect(Propose("pat", "self"), 400, "invalid_nomination");
  Expect(Propose("nobody", "peer"), 400, "invalid_nomination");
  Expect(Propose("pat", "friends"), 400, "invalid_nomination");
  Expect(Propose("pat", "peer"), 201);
  Expect(Propose("pat", "peer"), 409, "already_nominated");
  EXPECT_EQ(Mine(), (std::map<std::string, std::string>{{"pat", "proposed"}}));
  EXPECT_TRUE(Invited().empty()) << "a proposal awaiting approval gets no code";

  // Only the people who lead Alex decide, never Alex, never a manager elsewhere.
  auto listed = Send("GET", m_chief, "/api/v1/campaigns/c360/nomination-approvals");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  const json approvals = json::parse(listed->body);
  ASSERT_EQ(approvals["nominations"].size(), 1u);
  EXPECT_EQ(approvals["nominations"][0]["rater"], "Pat Lee");
  EXPECT_EQ(approvals["nominations"][0]["subject"], "Alex Rivers");
  auto elsewhere = Send("GET", m_pat, "/api/v1/campaigns/c360/nomination-approvals");
  ASSERT_TRUE(elsewhere);
  EXPECT_TRUE(json::parse(elsewhere->body)["nominations"].empty()) << elsewhere->body;
  Expect(Decide(m_pat, "pat", true), 403, "forbidden");
  Expect(Decide(m_alex, "pat", true), 403, "forbidden");
  Expect(Decide(m_chief, "pat", true), 200);
  Expect(Decide(m_chief, "pat", false), 409, "not_proposed");
  Expect(Send("DELETE", m_alex, "/api/v1/campaigns/c360/my-nominations/pat"), 409,
         "already_approved");
  EXPECT_EQ(Invited(), std::vector<std::string>{"pat"});

  // A declined proposal stays visible to the subject, who may take it back.
  Expect(Propose("sam", "peer"), 201);
  Expect(Decide(m_hr, "sam", false), 200);
  EXPECT_EQ(Mine(), (std::map<std::string, std::string>{{"pat", "approved"}, {"sam", "declined"}}));
  EXPECT_TRUE(Invited().empty());
  Expect(Send("DELETE", m_alex, "/api/v1/campaigns/c360/my-nominations/sam"), 200);
  EXPECT_EQ(Mine(), (std::map<std::string, std::string>{{"pat", "approved"}}));

  auto audit = Send("GET", SignedInToken(m_server, "root", "admin"), "/api/v1/audit");
  ASSERT_TRUE(audit);
  for (const char* action : {"subject_nominations", "nomination_proposed", "nomination_approved",
                             "nomination_declined", "nomination_removed"}) {
    EXPECT_THAT(audit->body, HasSubstr(action));
  }
}

TEST_F(SubjectNominationsTest, OnlyASubjectHasRatersToChooseAndAClosedCampaignTakesNoProposal) {
  Expect(Send("PUT", m_hr, "/api/v1/campaigns/c360/subject-nominations", json{{"enabled", true}}),
         200);
  auto not_a_subject = Send("GET", m_pat, "/api/v1/campaigns/c360/my-nominations");
  Expect(not_a_subject, 403, "forbidden");
  EXPECT_THAT(not_a_subject->body, HasSubstr("not one of the people appraised"));
  Expect(Send("GET", m_hr, "/api/v1/campaigns/c360/my-nominations"), 403, "forbidden");
  Expect(Send("GET", SignedInToken(m_server, "ann", "analyst"),
              "/api/v1/campaigns/c360/nomination-approvals"),
         403, "forbidden");
  Expect(Send("GET", m_alex, "/api/v1/campaigns/parks/my-nominations"), 422, "no_nominations");
  Expect(Send("GET", m_alex, "/api/v1/campaigns/nope/my-nominations"), 404, "not_found");

  Expect(Propose("pat", "peer"), 201);
  Expect(Send("POST", m_hr, "/api/v1/campaigns/c360/state", json{{"state", "closed"}}), 200);
  Expect(Propose("sam", "peer"), 409, "campaign_closed");
  Expect(Decide(m_chief, "pat", true), 409, "campaign_closed");
}

}  // namespace
}  // namespace soundings::testing
