// Role x route x state (issue 11): every report, export and tracker route of a 360, read by each
// role while the campaign is a draft, open, closed, and once the subject's report is released,
// against the real server. The expected status of each cell comes from the rules written out
// below, not from what the server happens to answer; a cell that differs names its route, role
// and state.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;

enum class State { kDraft, kOpen, kClosed, kReleased };
enum class Role {
  kAdmin,
  kHr,
  kOwnManager,
  kOtherManager,
  kAnalyst,
  kOwnHeadOfService,
  kOtherHeadOfService
};

const char* Name(State s) {
  switch (s) {
    case State::kDraft:
      return "draft";
    case State::kOpen:
      return "open";
    case State::kClosed:
      return "closed";
    case State::kReleased:
      return "released";
  }
  return "?";
}

const char* Name(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kHr:
      return "hr";
    case Role::kOwnManager:
      return "manager (the subject)";
    case Role::kOtherManager:
      return "manager (someone else)";
    case Role::kAnalyst:
      return "analyst";
    case Role::kOwnHeadOfService:
      return "head of service (over the subject)";
    case Role::kOtherHeadOfService:
      return "head of service (another service)";
  }
  return "?";
}

bool Live(Role r) { return r == Role::kAdmin || r == Role::kHr; }
bool Manager(Role r) { return r == Role::kOwnManager || r == Role::kOtherManager; }
bool HeadOfService(Role r) {
  return r == Role::kOwnHeadOfService || r == Role::kOtherHeadOfService;
}
// Who may read alex's own report once it is released: alex, and the head of alex's service.
bool ReadsAlex(Role r) { return r == Role::kOwnManager || r == Role::kOwnHeadOfService; }
bool Collecting(State s) { return s == State::kDraft || s == State::kOpen; }

struct Route {
  std::string path;  // {c}: the campaign
  // The status the rules give a role in a state.
  std::function<int(Role, State)> expected;
};

// The rules (docs/reports.md, docs/dashboard.md "Who sees what"):
// - a role without the route's permission gets 403, whatever the state;
// - admin and hr (reports.live) read every figure in every state;
// - other readers get 409 while a 360 collects (draft or open): no figure can be re-read as
//   responses arrive;
// - a subject's own report reaches them only once released (409 not_released after the close);
//   another person's report is 403 for a manager;
// - a head of service reads as a manager does, for everyone in the units they lead and below
//   (alex's report once released), and the completion tracker of their own service in every
//   state (counts, not answers); the organisation's figures, exports and live views are 403.
const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      {"/api/v1/reports/campaigns/{c}/subjects/alex",
       [](Role r, State s) {
         if (Live(r)) return 200;
         if (!ReadsAlex(r)) return 403;
         return s == State::kReleased ? 200 : 409;
       }},
      {"/api/v1/reports/campaigns/{c}/subjects/alex/pdf",
       [](Role r, State s) {
         if (Live(r)) return 200;
         if (!ReadsAlex(r)) return 403;
         return s == State::kReleased ? 200 : 409;
       }},
      {"/api/v1/reports/campaigns/{c}/teams",
       [](Role r, State s) {
         if (Live(r)) return 200;
         return Collecting(s) ? 409 : 200;  // a manager sees the teams they lead (none here)
       }},
      {"/api/v1/reports/campaigns/{c}/organisation",
       [](Role r, State s) {
         if (Live(r)) return 200;
         if (Manager(r) || HeadOfService(r)) return 403;
         return Collecting(s) ? 409 : 200;
       }},
      {"/api/v1/reports/campaigns/{c}/impact?baseline=c360-2025",
       [](Role r, State s) {
         if (Live(r)) return 200;
         return Collecting(s) ? 409 : 200;
       }},
      {"/api/v1/reports/campaigns/{c}/coaching", [](Role r, State) { return Live(r) ? 200 : 403; }},
      {"/api/v1/reports/campaigns/{c}/project-team?people=alex",
       [](Role r, State) { return Live(r) ? 200 : 403; }},
      {"/api/v1/exports/campaigns/{c}/answers.csv",
       [](Role r, State) { return Live(r) ? 200 : 403; }},
      {"/api/v1/exports/campaigns/{c}/responses.csv",
       [](Role r, State) { return Live(r) ? 200 : 403; }},
      {"/api/v1/exports/campaigns/{c}/responses.json",
       [](Role r, State) { return Live(r) ? 200 : 403; }},
      {"/api/v1/reports/campaigns/{c}/pdfs.zip", [](Role r, State) { return Live(r) ? 200 : 403; }},
      {"/api/v1/dashboard/campaigns/{c}/completion",
       [](Role r, State) { return Live(r) || HeadOfService(r) ? 200 : 403; }},
      {"/api/v1/dashboard/campaigns/{c}/overview",
       [](Role r, State) { return Live(r) ? 200 : 403; }},
  };
  return kRoutes;
}

class ReportAccessMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    auto& store = m_server.store();
    ASSERT_TRUE(store.AddPerson({"pat", "Pat Lee", "", "org"}).ok());
    // The same 360 as a draft: a subject, no response yet.
    ASSERT_TRUE(
        store.AddCampaign({"c360-draft", "lead360", 1, "Lead", "appraisal360", "draft"}).ok());
    ASSERT_TRUE(store.AddSubject("c360-draft", "alex").ok());
    // Last year's, closed: the impact report's baseline.
    ASSERT_TRUE(
        store.AddCampaign({"c360-2025", "lead360", 1, "Lead", "appraisal360", "closed"}).ok());
    ASSERT_TRUE(store.AddSubject("c360-2025", "alex").ok());
    auto self = PeerResponse(m_seeded.self_code, 5);
    self.rater_group = "self";
    std::vector<sync::ResponseRecord> batch = {self};
    for (int i = 0; i < 3; ++i) batch.push_back(PeerResponse(m_seeded.peer_codes[i], 2 + i));
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted);
    m_tokens[Role::kAdmin] = SignedInToken(m_server, "ada", "admin");
    m_tokens[Role::kHr] = SignedInToken(m_server, "hana", "hr");
    m_tokens[Role::kOwnManager] = SignedInToken(m_server, "alex-user", "manager", "alex");
    m_tokens[Role::kOtherManager] = SignedInToken(m_server, "pat-user", "manager", "pat");
    m_tokens[Role::kAnalyst] = SignedInToken(m_server, "ann", "analyst");
    // The chief leads the organisation, alex's unit; Lee leads a directorate alex is not in.
    ASSERT_TRUE(store.AddOrgUnit({"adults", "org", "directorate", "Adults", "lee"}).ok());
    ASSERT_TRUE(store.AddPerson({"lee", "Lee Ward", "", "adults"}).ok());
    ASSERT_TRUE(store.AddPerson({"chief", "Chris Chief", "", "org"}).ok());
    m_tokens[Role::kOwnHeadOfService] =
        SignedInToken(m_server, "chief-user", "head_of_service", "chief");
    m_tokens[Role::kOtherHeadOfService] =
        SignedInToken(m_server, "lee-user", "head_of_service", "lee");
  }

  // Every route, every role, against `campaign` in `state`: each cell that differs from the
  // rules is a failure naming it.
  void CheckAll(const std::string& campaign, State state) {
    for (const auto& route : Routes()) {
      std::string path = route.path;
      path.replace(path.find("{c}"), 3, campaign);
      for (const auto& [role, token] : m_tokens) {
        auto reply = m_server.Client().Get(path, Bearer(token));
        ASSERT_TRUE(reply) << path;
        EXPECT_EQ(reply->status, route.expected(role, state))
            << path << " read by " << Name(role) << " while " << Name(state) << ": "
            << reply->body.substr(0, 200);
        if (reply->status == 403 || reply->status == 409) {
          // A refusal is a sentence, never figures.
          const json body = json::parse(reply->body, nullptr, false);
          EXPECT_TRUE(body.is_object() && body.contains("error") && body.contains("message"))
              << path;
          EXPECT_FALSE(body.contains("report")) << path;
        }
      }
    }
  }

  TestServer m_server;
  Seeded m_seeded;
  std::map<Role, std::string> m_tokens;
};

TEST_F(ReportAccessMatrixTest, EveryReportRouteAnswersEachRoleAsTheRulesSayInEveryState) {
  CheckAll("c360-draft", State::kDraft);
  CheckAll("c360", State::kOpen);
  auto closed = m_server.Client().Post("/api/v1/campaigns/c360/state", Bearer(m_tokens[Role::kHr]),
                                       json{{"state", "closed"}}.dump(), "application/json");
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 200) << closed->body;
  CheckAll("c360", State::kClosed);
  auto released = m_server.Client().Post("/api/v1/reports/campaigns/c360/subjects/alex/release",
                                         Bearer(m_tokens[Role::kHr]), "", "text/plain");
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  CheckAll("c360", State::kReleased);
}

TEST_F(ReportAccessMatrixTest, OnlyAdminAndHrMayReleaseAndOnlyOnceClosed) {
  auto release = [&](Role role) {
    auto reply = m_server.Client().Post("/api/v1/reports/campaigns/c360/subjects/alex/release",
                                        Bearer(m_tokens[role]), "", "text/plain");
    return reply ? reply->status : 0;
  };
  const std::vector<Role> others = {Role::kOwnManager, Role::kOtherManager, Role::kAnalyst,
                                    Role::kOwnHeadOfService, Role::kOtherHeadOfService};
  for (Role role : others) EXPECT_EQ(release(role), 403) << Name(role);
  EXPECT_EQ(release(Role::kHr), 409);  // still open
  auto closed = m_server.Client().Post("/api/v1/campaigns/c360/state", Bearer(m_tokens[Role::kHr]),
                                       json{{"state", "closed"}}.dump(), "application/json");
  ASSERT_TRUE(closed);
  for (Role role : others) EXPECT_EQ(release(role), 403) << Name(role);
  EXPECT_EQ(release(Role::kAdmin), 200);
  EXPECT_EQ(release(Role::kHr), 409);  // already released
}

// A head of service's tracker and subject list hold their own service's subjects only, and the
// tracker has counts but no rater.
TEST_F(ReportAccessMatrixTest, AHeadOfServiceTracksAndListsOnlyTheirOwnService) {
  auto get = [&](Role role, const std::string& path) {
    auto reply = m_server.Client().Get(path, Bearer(m_tokens[role]));
    EXPECT_TRUE(reply && reply->status == 200) << Name(role) << " " << path;
    return reply && reply->status == 200 ? json::parse(reply->body) : json();
  };
  const std::string completion = "/api/v1/dashboard/campaigns/c360/completion";
  const json own = get(Role::kOwnHeadOfService, completion);
  ASSERT_EQ(own["subjects"].size(), 1U) << own.dump();
  EXPECT_EQ(own["subjects"][0]["person_id"], "alex");
  EXPECT_EQ(own["subjects"][0]["groups"]["peer"]["received"], 3);
  EXPECT_EQ(own["totals"]["subjects"], 1);
  EXPECT_EQ(own.dump().find("code"), std::string::npos) << "no invitation code or rater";
  const json other = get(Role::kOtherHeadOfService, completion);
  EXPECT_TRUE(other["subjects"].empty()) << other.dump();
  EXPECT_EQ(other["totals"]["subjects"], 0);

  const std::string subjects = "/api/v1/dashboard/campaigns/c360/subjects";
  EXPECT_EQ(get(Role::kOwnHeadOfService, subjects)["subjects"].size(), 1U);
  EXPECT_TRUE(get(Role::kOtherHeadOfService, subjects)["subjects"].empty());
  // A head of service never answers and never manages: no nominations, no invitation codes.
  auto nominate =
      m_server.Client().Post("/api/v1/campaigns/c360/invitations",
                             Bearer(m_tokens[Role::kOwnHeadOfService]), "{}", "application/json");
  ASSERT_TRUE(nominate);
  EXPECT_EQ(nominate->status, 403);
}

}  // namespace
}  // namespace soundings::testing
