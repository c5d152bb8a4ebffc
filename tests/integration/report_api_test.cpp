// Report and export routes against the real server: responses arrive through sync, reports are
// read over HTTP with each role.
#include <random>

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

  // Closes a campaign through the API as hr, as the dashboard does.
  void Close(const std::string& campaign) {
    const std::string hr = SignedInToken(m_server, "closer-" + campaign, "hr");
    auto reply = m_server.Client().Post("/api/v1/campaigns/" + campaign + "/state", Bearer(hr),
                                        json{{"state", "closed"}}.dump(), "application/json");
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status, 200) << reply->body;
  }

  // Releases a subject's report as `token`; the reply.
  httplib::Result Release(const std::string& token, const std::string& campaign,
                          const std::string& person) {
    return m_server.Client().Post(
        "/api/v1/reports/campaigns/" + campaign + "/subjects/" + person + "/release", Bearer(token),
        "", "text/plain");
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
  Close("c360");
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  auto released = Release(hr, "c360", "alex");
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
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
  Close("c360");
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

// The differencing attack of issue 11, over time: a reader who re-reads a figure before and after
// one more response learns that rater's answer. Responses are added one at a time (peers with
// scores drawn from a seeded generator, a second self-assessment refused as used); after each,
// everything the subject (a manager), a head of service over them and an analyst can read is
// byte for byte what it was before the first. Once closed no response can arrive, so what they
// read never changes: rollups from the close, the report once hr releases it, the same frozen
// copy after every later attempt. Only hr and admin (reports.live) watch the figures grow. (The
// completion tracker a head of service also reads counts invitations used, by design: it says
// that a rater answered, never what.)
TEST_F(ReportApiTest, NothingButHrsViewChangesAsResponsesArriveOneByOneAndAReleaseIsFrozen) {
  const std::string manager = SignedInToken(m_server, "alex-user", "manager", "alex");
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  ASSERT_TRUE(m_server.store().AddPerson({"chief", "Chris Chief", "", "org"}).ok());
  const std::string head = SignedInToken(m_server, "chief-user", "head_of_service", "chief");
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  // Last year's, closed: the impact report's baseline.
  ASSERT_TRUE(m_server.store()
                  .AddCampaign({"c360-2025", "lead360", 1, "Lead", "appraisal360", "closed"})
                  .ok());
  ASSERT_TRUE(m_server.store().AddSubject("c360-2025", "alex").ok());
  struct Read {
    std::string token;
    std::string path;
  };
  const std::vector<Read> reads = {
      {manager, "/api/v1/reports/campaigns/c360/subjects/alex"},
      {manager, "/api/v1/reports/campaigns/c360/subjects/alex/pdf"},
      {manager, "/api/v1/reports/campaigns/c360/impact?baseline=c360-2025"},
      {manager, "/api/v1/dashboard/campaigns/c360/subjects"},
      {head, "/api/v1/reports/campaigns/c360/subjects/alex"},
      {head, "/api/v1/reports/campaigns/c360/subjects/alex/pdf"},
      {head, "/api/v1/reports/campaigns/c360/teams"},
      {head, "/api/v1/reports/campaigns/c360/impact?baseline=c360-2025"},
      {analyst, "/api/v1/reports/campaigns/c360/teams"},
      {analyst, "/api/v1/reports/campaigns/c360/organisation"},
  };
  auto read_all = [&] {
    std::vector<std::pair<int, std::string>> out;
    for (const auto& read : reads) {
      auto reply = Get(read.token, read.path);
      EXPECT_TRUE(reply) << read.path;
      if (!reply) continue;
      // cairo stamps each PDF with the second it was made: not a figure, so left out.
      std::string body = reply->body;
      if (auto at = body.find("/CreationDate ("); at != std::string::npos) {
        body.erase(at, body.find(')', at) + 1 - at);
      }
      out.emplace_back(reply->status, std::move(body));
    }
    return out;
  };
  auto peer_n = [&](const std::string& token) {
    auto reply = Get(token, "/api/v1/reports/campaigns/c360/subjects/alex");
    EXPECT_TRUE(reply && reply->status == 200) << (reply ? reply->body : "no reply");
    return reply && reply->status == 200
               ? json::parse(reply->body)["report"]["items"]["a1"]["by_group"]["peer"]["n"]
               : json();
  };

  const auto before = read_all();
  ASSERT_EQ(before.size(), reads.size());
  for (std::size_t i = 0; i < reads.size(); ++i) {
    const int want = reads[i].path.ends_with("/subjects") ? 200 : 409;
    EXPECT_EQ(before[i].first, want) << reads[i].path << ": " << before[i].second;
    if (want == 409) {
      EXPECT_EQ(json::parse(before[i].second)["error"], "still_collecting") << reads[i].path;
    }
    EXPECT_THAT(before[i].second, Not(HasSubstr("peer comment"))) << reads[i].path;
  }
  EXPECT_EQ(peer_n(hr)["value"], 3);

  // One response at a time: the fourth seeded peer code, then eight more invitations.
  std::vector<std::string> codes = {m_seeded.peer_codes[3]};
  for (int i = 0; i < 8; ++i) {
    codes.push_back(CreateInvitation(m_server.store(), "c360", m_seeded.subject_id, "peer",
                                     "2027-01-31T00:00:00Z"));
  }
  std::mt19937 random(20261207);
  std::uniform_int_distribution<int> score(1, 5);
  int accepted = 3;
  for (const auto& code : codes) {
    auto one_more = PostBatch(m_server, m_seeded.token, {PeerResponse(code, score(random))});
    ASSERT_TRUE(one_more);
    ASSERT_EQ(one_more->results[0].status, sync::ResponseStatus::kAccepted);
    ++accepted;
    ASSERT_EQ(read_all(), before) << "a reader saw response " << accepted << " arrive";
    EXPECT_EQ(peer_n(hr)["value"], accepted) << "hr watches the figures grow";
  }

  const std::string unused = CreateInvitation(m_server.store(), "c360", m_seeded.subject_id, "peer",
                                              "2027-01-31T00:00:00Z");
  Close("c360");
  const auto closed = read_all();
  ASSERT_EQ(closed.size(), reads.size());
  for (std::size_t i = 0; i < reads.size(); ++i) {
    const bool alex_report = reads[i].path.find("/subjects/alex") != std::string::npos;
    EXPECT_EQ(closed[i].first, alex_report ? 409 : 200)
        << reads[i].path << ": " << closed[i].second;
    if (alex_report) {
      EXPECT_EQ(json::parse(closed[i].second)["error"], "not_released") << reads[i].path;
    }
  }
  EXPECT_EQ(Release(manager, "c360", "alex")->status, 403);
  EXPECT_EQ(Release(head, "c360", "alex")->status, 403);
  auto released = Release(hr, "c360", "alex");
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  const auto after_release = read_all();
  for (std::size_t i = 0; i < reads.size(); ++i) {
    EXPECT_EQ(after_release[i].first, 200) << reads[i].path << ": " << after_release[i].second;
  }
  EXPECT_EQ(peer_n(manager)["value"], accepted);
  EXPECT_EQ(peer_n(head)["value"], accepted);

  // A late response is refused, so every read after the release is the same.
  auto late = PostBatch(m_server, m_seeded.token, {PeerResponse(unused, 5)});
  ASSERT_TRUE(late);
  EXPECT_EQ(late->results[0].status, sync::ResponseStatus::kRejected);
  EXPECT_EQ(read_all(), after_release);
}

// The release step over HTTP: hr previews (each read audited), releases once the campaign has
// closed, and from then on everyone reads the same frozen report whose hash the audit log holds.
TEST_F(ReportApiTest, HrReleasesAClosedSubjectsReportOnceAndItsHashIsAudited) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  const std::string admin = SignedInToken(m_server, "root", "admin");
  auto early = Release(hr, "c360", "alex");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 409);
  EXPECT_EQ(json::parse(early->body)["error"], "campaign_not_closed");

  auto preview = Get(hr, "/api/v1/reports/campaigns/c360/subjects/alex");
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_TRUE(json::parse(preview->body)["release"].is_null());

  Close("c360");
  auto released = Release(hr, "c360", "alex");
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  const json release = json::parse(released->body);
  EXPECT_EQ(release["person_id"], "alex");
  auto again = Release(admin, "c360", "alex");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(json::parse(again->body)["error"], "already_released");

  const std::string alex = SignedInToken(m_server, "alex-user", "manager", "alex");
  auto read = Get(alex, "/api/v1/reports/campaigns/c360/subjects/alex");
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200) << read->body;
  json body = json::parse(read->body);
  EXPECT_EQ(body["release"]["sha256"], release["sha256"]);
  EXPECT_EQ(body["release"]["released_at"], release["released_at"]);
  body.erase("release");
  EXPECT_EQ(sync::Sha256Hex(body.dump()), release["sha256"]);
  auto hr_read = Get(hr, "/api/v1/reports/campaigns/c360/subjects/alex");
  ASSERT_TRUE(hr_read);
  EXPECT_EQ(hr_read->body, read->body);

  // The subjects list says where each report is in the cycle.
  auto subjects = Get(hr, "/api/v1/dashboard/campaigns/c360/subjects");
  ASSERT_TRUE(subjects);
  ASSERT_EQ(subjects->status, 200) << subjects->body;
  const json listed = json::parse(subjects->body);
  ASSERT_EQ(listed["subjects"].size(), 1u);
  for (const auto& s : listed["subjects"]) {
    EXPECT_EQ(s["report_state"], s["person_id"] == "alex" ? "shared" : "ready") << s;
  }

  auto audit = Get(admin, "/api/v1/audit");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->status, 200) << audit->body;
  int previews = 0;
  int releases = 0;
  const json log = json::parse(audit->body);
  for (const auto& e : log["entries"]) {
    if (e["action"] == "report_previewed" && e["target"] == "c360/alex") ++previews;
    if (e["action"] == "report_released") {
      ++releases;
      EXPECT_EQ(e["detail"], "sha256=" + release["sha256"].get<std::string>());
      EXPECT_EQ(e["actor"], "user:hr1");
    }
  }
  EXPECT_EQ(previews, 1);  // the one preview; reads of the release are not previews
  EXPECT_EQ(releases, 1);
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

// A campaign may protect small groups more strictly than the deployment (5 here), never less;
// its reports then hide what its own minimum hides, and every count is a JSON integer.
TEST_F(ReportApiTest, ACampaignsOwnMinimumIsStricterThanTheDeploymentsNeverLooser) {
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  auto before = Get(analyst, "/api/v1/reports/campaigns/parks/consultation");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_THAT(before->body, HasSubstr(R"("total":{"value":6})"));  // 6, never 6.0

  auto put = [&](const std::string& token, const json& body) {
    return m_server.Client().Put("/api/v1/campaigns/parks/minimums", Bearer(token), body.dump(),
                                 "application/json");
  };
  auto looser = put(hr, {{"cell_minimum", 4}});
  ASSERT_TRUE(looser);
  EXPECT_EQ(looser->status, 422) << looser->body;
  EXPECT_THAT(looser->body, HasSubstr("below_deployment_minimum"));
  EXPECT_THAT(looser->body, HasSubstr("\"path\":\"cell_minimum\""));
  auto not_a_number = put(hr, {{"comment_minimum", "eight"}});
  ASSERT_TRUE(not_a_number);
  EXPECT_EQ(not_a_number->status, 400) << not_a_number->body;
  EXPECT_THAT(not_a_number->body, HasSubstr("comment_minimum"));
  auto not_allowed = put(analyst, {{"cell_minimum", 10}});
  ASSERT_TRUE(not_allowed);
  EXPECT_EQ(not_allowed->status, 403);

  auto stricter = put(hr, {{"cell_minimum", 10}, {"comment_minimum", 8}});
  ASSERT_TRUE(stricter);
  ASSERT_EQ(stricter->status, 200) << stricter->body;
  EXPECT_EQ(json::parse(stricter->body)["cell_minimum"], 10);
  auto after = Get(analyst, "/api/v1/reports/campaigns/parks/consultation");
  ASSERT_TRUE(after);
  ASSERT_EQ(after->status, 200) << after->body;
  const json total = json::parse(after->body)["by_venue"]["total"];
  EXPECT_EQ(total["status"], "suppressed") << total;
  EXPECT_EQ(total["threshold"], 10);

  auto entries = m_server.store().ListAudit();
  ASSERT_TRUE(entries.ok());
  bool audited = false;
  for (const auto& e : *entries) {
    audited = audited || (e.action == "campaign_minimums_set" && e.detail == "cell=10 comment=8");
  }
  EXPECT_TRUE(audited);
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
