// `init --demo` hands in its demo responses through the real ingest path: every demo campaign has
// responses, every individual 360 shows suppression and "all others", the consultation cross-tab
// by area has data, only unused invitation codes are listed, and the demo is the same every time.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/services/demo.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;

std::vector<std::vector<std::string>> ReadCsv(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

class DemoDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto report = server::InitialiseDataFolder(m_server.app(), SOUNDINGS_TEMPLATE_DIR, true);
    ASSERT_TRUE(report.ok()) << report.ErrorText();
    m_report = std::move(report).value();
    m_hr = SignedInToken(m_server, "hazel", "hr");
  }

  json Get(const std::string& path) {
    auto reply = m_server.Client().Get(path, Bearer(m_hr));
    if (!reply) {
      ADD_FAILURE() << path << ": no reply";
      return json();
    }
    EXPECT_EQ(reply->status, 200) << path << ": " << reply->body;
    return json::parse(reply->body, nullptr, false);
  }

  TestServer m_server;
  server::InitReport m_report;
  std::string m_hr;
};

const std::vector<std::string> kDemoCampaigns = {
    "me2e-2026",        "me2e-2025", "self-2026", "community-2026", "combined-authority-2026",
    "customer-feedback"};

TEST_F(DemoDataTest, EveryDemoCampaignHasResponsesAndInvitationsAreLeftUnused) {
  int total = 0;
  for (const auto& campaign : kDemoCampaigns) {
    const json overview = Get("/api/v1/dashboard/campaigns/" + campaign + "/overview");
    const int responses = overview.value("responses", 0);
    EXPECT_GT(responses, 0) << campaign;
    EXPECT_EQ(m_report.demo_responses_by_campaign[campaign], responses) << campaign;
    total += responses;
    if (campaign == "me2e-2026" || campaign == "me2e-2025" || campaign == "self-2026") {
      EXPECT_LT(responses, overview.value("invited", 0)) << campaign << ": received vs invited";
    } else {
      EXPECT_GE(responses, 80) << campaign;
    }
  }
  EXPECT_EQ(m_report.demo_responses, total);
  EXPECT_GE(total, 500);
}

TEST_F(DemoDataTest, TheInvitationsFileListsOnlyTheCodesNoResponseUsed) {
  const auto rows = ReadCsv(m_report.invitations_file);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front(),
            (std::vector<std::string>{"campaign", "code", "subject", "rater_group", "rater"}));
  int invited = 0;
  int received = 0;
  for (const auto& campaign : {"me2e-2026", "self-2026"}) {
    const json overview = Get(std::string("/api/v1/dashboard/campaigns/") + campaign + "/overview");
    invited += overview.value("invited", 0);
    received += overview.value("responses", 0);
  }
  EXPECT_EQ(static_cast<int>(rows.size()) - 1, invited - received);

  // A listed code is still good on a kiosk: a response with it is accepted.
  const auto& listed = rows[1];
  ASSERT_EQ(listed[0], "me2e-2026");
  auto code = m_server.app().devices().CreateEnrolmentCode(std::chrono::hours(1), "test");
  ASSERT_TRUE(code.ok());
  auto enrolled = m_server.Client().Post("/api/v1/devices/enrol",
                                         json{{"enrolment_code", *code}, {"name", "kiosk"}}.dump(),
                                         "application/json");
  ASSERT_TRUE(enrolled && enrolled->status == 201);
  const std::string token = json::parse(enrolled->body)["token"].get<std::string>();
  sync::ResponseRecord r;
  r.uuid = sync::NewUuidV4();
  r.campaign_id = "me2e-2026";
  r.template_id = "me2e-360";
  r.template_version = 2;
  r.rater_group = listed[3];
  r.invitation_code = listed[1];
  r.language = "en";
  r.started_at = "2026-11-28T08:41:00Z";
  r.completed_at = "2026-11-28T08:54:00Z";  // before the server's clock: no later than receipt
  r.partial = true;  // only one answer: the point is the code, not the questionnaire
  r.answers = {{"los_explains_priorities", 4}};
  auto reply = PostBatch(m_server, token, {r});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results.size(), 1U);
  EXPECT_EQ(reply->results[0].status, sync::ResponseStatus::kAccepted)
      << (reply->results[0].problems.empty() ? "" : reply->results[0].problems[0].ToString());
}

TEST_F(DemoDataTest, EveryIndividual360ShowsASuppressedGroupAndAllOthers) {
  const json subjects = Get("/api/v1/dashboard/campaigns/me2e-2026/subjects");
  ASSERT_EQ(subjects["subjects"].size(), 12U);
  for (const auto& subject : subjects["subjects"]) {
    const std::string id = subject["person_id"].get<std::string>();
    const json report = Get("/api/v1/reports/campaigns/me2e-2026/subjects/" + id);
    ASSERT_TRUE(report.contains("report")) << id;
    std::set<std::string> suppressed;
    int all_others_shown = 0;
    for (const auto& [competency, figures] : report["report"]["competencies"].items()) {
      for (const auto& [group, cells] : figures["by_group"].items()) {
        if (cells["mean"].value("status", "") == "suppressed") {
          EXPECT_THAT(cells["mean"]["text"].get<std::string>(),
                      ::testing::StartsWith("fewer than"));
          suppressed.insert(group);
        }
      }
      if (figures["all_others"]["mean"]["value"].is_number()) ++all_others_shown;
    }
    EXPECT_FALSE(suppressed.empty()) << id << " has no group below its minimum";
    EXPECT_EQ(all_others_shown, static_cast<int>(report["report"]["competencies"].size())) << id;
  }
}

// The whole cycle in the demo: last year's 360 closed with its reports released, this year's
// still collecting. A manager reads their own released report and is refused this year's.
TEST_F(DemoDataTest, LastYears360IsClosedAndReleasedWhileThisYearsCollects) {
  const json last_year = Get("/api/v1/dashboard/campaigns/me2e-2025/subjects");
  EXPECT_EQ(last_year["campaign"]["state"], "closed");
  ASSERT_EQ(last_year["subjects"].size(), 12U);
  int released = 0;
  for (const auto& subject : last_year["subjects"]) {
    // The demo's init releases each report to the subject and their manager at once.
    if (subject["report_state"] == "shared") ++released;
  }
  EXPECT_EQ(released, m_report.released_reports["me2e-2025"]);
  EXPECT_GE(released, 10);  // one whose raters were too few may stay unreleased, not more
  const json this_years = Get("/api/v1/dashboard/campaigns/me2e-2026/subjects");
  for (const auto& subject : this_years["subjects"]) {
    EXPECT_EQ(subject["report_state"], "collecting") << subject;
  }

  const json first = last_year["subjects"][0];
  ASSERT_EQ(first["report_state"], "shared");
  const std::string person = first["person_id"];
  const std::string manager = SignedInToken(m_server, "own-" + person, "manager", person);
  auto own = m_server.Client().Get("/api/v1/reports/campaigns/me2e-2025/subjects/" + person,
                                   Bearer(manager));
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(json::parse(own->body)["release"]["sha256"].get<std::string>().size(), 64U);
  auto this_year = m_server.Client().Get("/api/v1/reports/campaigns/me2e-2026/subjects/" + person,
                                         Bearer(manager));
  ASSERT_TRUE(this_year);
  EXPECT_EQ(this_year->status, 409);
  EXPECT_EQ(json::parse(this_year->body)["error"], "still_collecting");
}

// The demo's printed sign-ins let a person try the cycle from each side: the manager reads their
// own released report of last year and is refused this year's while it collects; the director of
// Adult Social Care, head of service, tracks completion of that directorate's managers only.
TEST_F(DemoDataTest, TheDemoSignInsShowTheCycleFromEachSide) {
  ASSERT_EQ(m_report.sign_ins.size(), 3U);
  std::map<std::string, std::string> token_of;
  for (const auto& sign_in : m_report.sign_ins) {
    auto reply = m_server.Client().Post(
        "/api/v1/auth/sign-in",
        json{{"username", sign_in.username}, {"password", sign_in.password}}.dump(),
        "application/json");
    ASSERT_TRUE(reply && reply->status == 200) << sign_in.username;
    token_of[sign_in.role] = json::parse(reply->body)["token"].get<std::string>();
  }
  const auto status = [this](const std::string& token, const std::string& path) {
    auto reply = m_server.Client().Get(path, Bearer(token));
    return reply ? reply->status : 0;
  };
  const std::string reports = "/api/v1/reports/campaigns/";
  EXPECT_EQ(status(token_of["manager"], reports + "me2e-2025/subjects/p1"), 200);
  EXPECT_EQ(status(token_of["manager"], reports + "me2e-2026/subjects/p1"), 409);
  EXPECT_EQ(status(token_of["manager"], reports + "me2e-2025/subjects/p6"), 403);

  auto completion = m_server.Client().Get("/api/v1/dashboard/campaigns/me2e-2026/completion",
                                          Bearer(token_of["head_of_service"]));
  ASSERT_TRUE(completion && completion->status == 200);
  const json tracker = json::parse(completion->body);
  std::set<std::string> tracked;
  for (const auto& subject : tracker["subjects"]) {
    tracked.insert(subject["person_id"].get<std::string>());
  }
  // Adult Care North and South: the first four of the twelve managers.
  EXPECT_EQ(tracked, (std::set<std::string>{"p1", "p6", "p11", "p16"}));
  EXPECT_EQ(status(token_of["head_of_service"], reports + "me2e-2025/subjects/p6"), 200);
  EXPECT_EQ(status(token_of["head_of_service"], reports + "me2e-2025/subjects/p21"), 403);
  EXPECT_EQ(status(token_of["head_of_service"], reports + "me2e-2026/subjects/p6"), 409);
}

// The completion tracker (issue 11 item 4) agrees with each report's own counts, says who is
// short of which minimum, and is for readers of live figures only.
TEST_F(DemoDataTest, TheCompletionTrackerCountsWhatEachReportReceivedAndWhoIsShort) {
  const json completion = Get("/api/v1/dashboard/campaigns/me2e-2026/completion");
  ASSERT_EQ(completion["subjects"].size(), 12U);
  ASSERT_EQ(completion["groups"].size(), 4U);
  EXPECT_EQ(completion["groups"][2]["label"], "Peers (third-tier managers)");
  int under = 0;
  int without_self = 0;
  for (const auto& subject : completion["subjects"]) {
    const std::string id = subject["person_id"].get<std::string>();
    const json report = Get("/api/v1/reports/campaigns/me2e-2026/subjects/" + id);
    bool short_anywhere = false;
    for (const auto& rate : report["response_rates"]) {
      const json cell = subject["groups"][rate["group"].get<std::string>()];
      EXPECT_EQ(cell["received"], rate["received"]) << id << " " << rate["group"];
      EXPECT_EQ(cell["invited"], rate["invited"]) << id << " " << rate["group"];
      EXPECT_EQ(cell["minimum"], rate["min_responses"]);
      const int invited = cell["invited"];
      const int received = cell["received"];
      const int minimum = cell["minimum"];
      EXPECT_EQ(cell["short_by"], invited > 0 ? std::max(0, minimum - received) : 0);
      short_anywhere = short_anywhere || (invited > 0 && received < minimum);
    }
    EXPECT_EQ(subject["under_minimum"], short_anywhere) << id;
    EXPECT_EQ(subject["self_assessed"], subject["groups"]["self"]["received"] > 0) << id;
    if (short_anywhere) ++under;
    if (!subject["self_assessed"].get<bool>()) ++without_self;
  }
  EXPECT_GT(under, 0);  // the demo has subjects short of peers or staff
  EXPECT_EQ(completion["totals"]["under_minimum"], under);
  EXPECT_EQ(completion["totals"]["without_self_assessment"], without_self);

  const std::string manager = SignedInToken(m_server, "mina", "manager", "p1");
  auto refused =
      m_server.Client().Get("/api/v1/dashboard/campaigns/me2e-2026/completion", Bearer(manager));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto consultation =
      m_server.Client().Get("/api/v1/dashboard/campaigns/community-2026/completion", Bearer(m_hr));
  ASSERT_TRUE(consultation);
  EXPECT_EQ(consultation->status, 422);
  auto missing =
      m_server.Client().Get("/api/v1/dashboard/campaigns/nothing/completion", Bearer(m_hr));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(DemoDataTest, TheConsultationCrossTabByAreaHasData) {
  const json table = Get(
      "/api/v1/reports/campaigns/community-2026/crosstab?question=feel_safe&segment=venue_area");
  ASSERT_TRUE(table.contains("cells"));
  EXPECT_EQ(table["column_values"], json({"north", "south"}));
  int shown = 0;
  for (const auto& row : table["cells"]) {
    for (const auto& cell : row) {
      if (cell["value"].is_number() && cell["value"].get<double>() > 0) ++shown;
    }
  }
  EXPECT_EQ(shown, 4) << table.dump();  // yes and no, north and south: all large enough
  EXPECT_TRUE(table["test"].is_object()) << "a chi-squared test needs every cell shown";

  // By the area people answered: its small "not sure" column hides some cells, never all.
  const json by_answer =
      Get("/api/v1/reports/campaigns/community-2026/crosstab?question=feel_safe&segment=area");
  ASSERT_TRUE(by_answer.contains("column_totals"));
  EXPECT_TRUE(by_answer["column_totals"][0]["value"].is_number()) << by_answer.dump();
  // Equality-monitoring answers are there to cross-tabulate too.
  const json by_age = Get(
      "/api/v1/reports/campaigns/community-2026/crosstab?question=good_place&segment=eq_age_band");
  EXPECT_GE(by_age["total"]["value"].get<double>(), 100);
}

TEST_F(DemoDataTest, ASecondDemoInitIsRefusedAndAddsNothing) {
  auto again = server::InitialiseDataFolder(m_server.app(), SOUNDINGS_TEMPLATE_DIR, true);
  EXPECT_FALSE(again.ok());
  EXPECT_THAT(again.ErrorText(), ::testing::HasSubstr("already holds an organisation"));
  const json overview = Get("/api/v1/dashboard/campaigns/community-2026/overview");
  EXPECT_EQ(overview.value("responses", 0), m_report.demo_responses_by_campaign["community-2026"]);
}

TEST_F(DemoDataTest, TheDemoIsTheSameEveryTime) {
  TestServer other;
  auto report = server::InitialiseDataFolder(other.app(), SOUNDINGS_TEMPLATE_DIR, true);
  ASSERT_TRUE(report.ok()) << report.ErrorText();
  EXPECT_EQ(report->demo_responses_by_campaign, m_report.demo_responses_by_campaign);
  const std::string other_hr = SignedInToken(other, "hazel", "hr");
  for (const auto& campaign : kDemoCampaigns) {
    const std::string path = "/api/v1/exports/campaigns/" + campaign + "/answers.csv";
    auto mine = m_server.Client().Get(path, Bearer(m_hr));
    auto theirs = other.Client().Get(path, Bearer(other_hr));
    ASSERT_TRUE(mine && theirs);
    EXPECT_EQ(mine->body, theirs->body) << campaign;
  }
}

}  // namespace
}  // namespace soundings::testing
