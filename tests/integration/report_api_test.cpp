// Report and export routes against the real server: responses arrive through sync, reports are
// read over HTTP with each role.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class ReportApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    ASSERT_TRUE(m_server.store().AddPerson({"pat", "Pat Lee", "", "org"}).ok());
    auto self = PeerResponse(m_seeded.self_code, 5);
    self.rater_group = "self";
    self.answers["a2"] = "I set priorities";
    std::vector<sync::ResponseRecord> batch = {self};
    for (int i = 0; i < 3; ++i) {
      auto peer = PeerResponse(m_seeded.peer_codes[i], 2 + i);
      peer.answers["a2"] = "peer comment " + std::to_string(i);
      batch.push_back(peer);
    }
    for (int i = 0; i < 6; ++i) batch.push_back(ParksResponse(i < 5 ? 4 : 2));
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted) << r.uuid;
    }
  }

  httplib::Result Get(const std::string& token, const std::string& path) {
    return m_server.Client().Get(path, Bearer(token));
  }

  TestServer m_server;
  Seeded m_seeded;
};

TEST_F(ReportApiTest, HrReadsTheIndividualReportWithPeersShownAndSelfComments) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  auto reply = Get(hr, "/api/v1/reports/campaigns/c360/subjects/alex");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  auto body = json::parse(reply->body);
  const json& a1 = body["report"]["items"]["a1"];
  EXPECT_EQ(a1["by_group"]["peer"]["n"]["value"], 3);
  EXPECT_EQ(a1["by_group"]["peer"]["mean"]["value"], 3.0);  // 2, 3, 4
  EXPECT_EQ(a1["by_group"]["self"]["mean"]["value"], 5.0);
  EXPECT_EQ(body["subject"]["display_name"], "Alex Rivers");
  std::map<std::string, json> rates;
  for (const auto& r : body["response_rates"]) rates[r["group"]] = r;
  EXPECT_EQ(rates["peer"]["received"], 3);
  EXPECT_EQ(rates["peer"]["invited"], 5);  // four open invitations and an expired one
}

TEST_F(ReportApiTest, AManagerReadsTheirOwnReportButGets403OnAnotherPersons) {
  const std::string own = SignedInToken(m_server, "alex-user", "manager", "alex");
  auto mine = Get(own, "/api/v1/reports/campaigns/c360/subjects/alex");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->status, 200) << mine->body;
  const std::string other = SignedInToken(m_server, "pat-user", "manager", "pat");
  auto theirs = Get(other, "/api/v1/reports/campaigns/c360/subjects/alex");
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->status, 403);
  EXPECT_EQ(json::parse(theirs->body)["error"], "forbidden");
  EXPECT_THAT(theirs->body, Not(HasSubstr("peer comment")));
}

TEST_F(ReportApiTest, AnAnalystGetsAggregatesButNoIndividualReportOrExport) {
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  auto individual = Get(analyst, "/api/v1/reports/campaigns/c360/subjects/alex");
  ASSERT_TRUE(individual);
  EXPECT_EQ(individual->status, 403);
  auto teams = Get(analyst, "/api/v1/reports/campaigns/c360/teams");
  ASSERT_TRUE(teams);
  EXPECT_EQ(teams->status, 200) << teams->body;
  auto organisation = Get(analyst, "/api/v1/reports/campaigns/c360/organisation");
  ASSERT_TRUE(organisation);
  EXPECT_EQ(organisation->status, 200) << organisation->body;
  auto export_csv = Get(analyst, "/api/v1/exports/campaigns/c360/answers.csv");
  ASSERT_TRUE(export_csv);
  EXPECT_EQ(export_csv->status, 403);
}

TEST_F(ReportApiTest, ConsultationReportAndCrossTabByVenueArea) {
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  auto report = Get(analyst, "/api/v1/reports/campaigns/parks/consultation");
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 200) << report->body;
  auto body = json::parse(report->body);
  EXPECT_EQ(body["by_venue"]["total"]["value"], 6);
  auto table =
      Get(analyst, "/api/v1/reports/campaigns/parks/crosstab?question=q1&segment=venue_area");
  ASSERT_TRUE(table);
  ASSERT_EQ(table->status, 200) << table->body;
  auto cross = json::parse(table->body);
  EXPECT_EQ(cross["column_values"], json({"north"}));
  EXPECT_EQ(cross["cells"][3][0]["value"], 5);  // five answered 4
  EXPECT_EQ(cross["cells"][1][0]["status"], "suppressed");
  auto bad = Get(analyst, "/api/v1/reports/campaigns/parks/crosstab?question=q3&segment=venue");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto unknown = Get(analyst, "/api/v1/reports/campaigns/nope/consultation");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(ReportApiTest, ExportsAreCsvForExcelAndAudited) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  auto csv = Get(hr, "/api/v1/exports/campaigns/parks/answers.csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_THAT(csv->get_header_value("Content-Type"), HasSubstr("text/csv"));
  EXPECT_THAT(csv->get_header_value("Content-Disposition"), HasSubstr("parks-answers.csv"));
  EXPECT_TRUE(
      csv->body.starts_with("\xEF\xBB\xBF"
                            "response,venue,area,settlement,date"));
  auto wide = Get(hr, "/api/v1/exports/campaigns/c360/responses.csv");
  ASSERT_TRUE(wide);
  ASSERT_EQ(wide->status, 200);
  EXPECT_THAT(wide->body, HasSubstr("peer comment 1"));
  auto json_export = Get(hr, "/api/v1/exports/campaigns/c360/responses.json");
  ASSERT_TRUE(json_export);
  ASSERT_EQ(json_export->status, 200);
  EXPECT_EQ(json::parse(json_export->body)["responses"].size(), 4u);
  auto entries = m_server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  int exports = 0;
  for (const auto& e : *entries) exports += e.action == "responses_exported";
  EXPECT_EQ(exports, 3);
}

}  // namespace
}  // namespace soundings::testing
