// ReportService against a small SQLite data set built here through the real schema: the
// individual 360, team and organisation rollups, consultations and exports, with role rules.
#include "server/reports/report_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/reports/exports.h"
#include "server/reports/releases.h"
#include "server/reports/sqlite_report_store.h"
#include "server/services/audit_log.h"
#include "server/services/csv.h"
#include "server/services/template_catalog.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/protocol.h"
#include "tests/support/temp_dir.h"

namespace soundings::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// 360 template, version 2: three competencies of three likert items and a comment. Version 1
// asked "old_l3", which l3 replaces.
json Template360(int version) {
  json scale = {{"id", "agree5"}, {"points", json::array()}, {"not_applicable", {{"en", "N/A"}}}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", {{"en", std::to_string(v)}}}});
  }
  auto likert = [](const std::string& id) {
    return json{{"id", id},
                {"type", "likert"},
                {"scale", "agree5"},
                {"text", {{"en", id + " for {subject}"}}}};
  };
  json l3 = likert(version == 1 ? "old_l3" : "l3");
  if (version == 2) l3["replaces"] = {"old_l3"};
  json sections = json::array();
  sections.push_back({{"id", "lead"},
                      {"competency", true},
                      {"title", {{"en", "Leading"}}},
                      {"items", {likert("l1"), likert("l2"), l3}}});
  sections.push_back({{"id", "comm"},
                      {"competency", true},
                      {"title", {{"en", "Communicating"}}},
                      {"items", {likert("c1"), likert("c2"), likert("c3")}}});
  sections.push_back({{"id", "plan"},
                      {"competency", true},
                      {"title", {{"en", "Planning"}}},
                      {"items", {likert("p1"), likert("p2"), likert("p3")}}});
  sections.push_back({{"id", "notes"},
                      {"title", {{"en", "Notes"}}},
                      {"items",
                       {{{"id", "strengths"},
                         {"type", "long_text"},
                         {"comment", true},
                         {"text", {{"en", "What does {subject} do well?"}}}}}}});
  auto group = [](const std::string& id, int min, int comment_min) {
    return json{{"id", id},
                {"label", {{"en", id}}},
                {"min_responses", min},
                {"comment_min_responses", comment_min}};
  };
  return {
      {"id", "t360"},
      {"version", version},
      {"kind", "appraisal360"},
      {"languages", {"en"}},
      {"title", {{"en", "Leadership"}}},
      {"scales", {scale}},
      {"rater_groups",
       {group("self", 1, 1), group("manager", 1, 1), group("peer", 3, 3), group("staff", 3, 3)}},
      {"sections", sections}};
}

json TemplateConsultation() {
  json scale = {{"id", "agree5"}, {"points", json::array()}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", {{"en", std::to_string(v)}}}});
  }
  json main_items = json::array();
  main_items.push_back({{"id", "q_like"},
                        {"type", "likert"},
                        {"scale", "agree5"},
                        {"text", {{"en", "I like the park"}}}});
  main_items.push_back({{"id", "q_yes"}, {"type", "yes_no"}, {"text", {{"en", "Weekly?"}}}});
  main_items.push_back({{"id", "q_rate"}, {"type", "rating"}, {"text", {{"en", "Recommend?"}}}});
  main_items.push_back(
      {{"id", "q_text"}, {"type", "long_text"}, {"text", {{"en", "Anything else?"}}}});
  json age = {{"id", "eq_age"},
              {"type", "single_choice"},
              {"prefer_not_to_say", true},
              {"text", {{"en", "Age"}}},
              {"options", json::array()}};
  age["options"].push_back({{"value", "young"}, {"label", {{"en", "Young"}}}});
  age["options"].push_back({{"value", "old"}, {"label", {{"en", "Old"}}}});
  json sections = json::array();
  sections.push_back({{"id", "main"}, {"title", {{"en", "Parks"}}}, {"items", main_items}});
  sections.push_back({{"id", "eq"},
                      {"module", "equality-monitoring"},
                      {"equality_monitoring", true},
                      {"title", {{"en", "About you"}}},
                      {"items", json::array({age})}});
  return {{"id", "cons"},
          {"version", 1},
          {"kind", "consultation"},
          {"languages", {"en"}},
          {"title", {{"en", "Parks"}}},
          {"scales", json::array({scale})},
          {"sections", sections}};
}

// Nine scores in item order l1 l2 l3 c1 c2 c3 p1 p2 p3.
using Scores = std::array<int, 9>;

class ReportServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(store.ok()) << store.ErrorText();
    m_store = std::move(store).value();
    AddTemplate(Template360(1));
    AddTemplate(Template360(2));
    AddTemplate(TemplateConsultation());
    ASSERT_TRUE(m_store->AddOrgUnit({"org", "", "organisation", "Council", "boss"}).ok());
    ASSERT_TRUE(m_store->AddOrgUnit({"ta", "org", "team", "Team A", "mgr_a"}).ok());
    ASSERT_TRUE(m_store->AddOrgUnit({"tb", "org", "team", "Team B", "mgr_b"}).ok());
    for (const auto& [id, unit] :
         std::vector<std::pair<std::string, std::string>>{{"boss", "org"},
                                                          {"mgr_a", "org"},
                                                          {"mgr_b", "org"},
                                                          {"alex", "ta"},
                                                          {"blake", "ta"},
                                                          {"casey", "tb"}}) {
      ASSERT_TRUE(m_store->AddPerson({id, id + " name", "", unit}).ok());
    }
    ASSERT_TRUE(m_store->AddCampaign({"c360", "t360", 2, "Lead", "appraisal360", "closed"}).ok());
    ASSERT_TRUE(m_store->AddCampaign({"cons", "cons", 1, "Parks", "consultation", "open"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_n", "North hall", "north", "urban", "W1"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_s", "South barn", "south", "rural", "W2"}).ok());
    m_alex = *m_store->AddSubject("c360", "alex");
    m_blake = *m_store->AddSubject("c360", "blake");
    m_casey = *m_store->AddSubject("c360", "casey");
    for (const auto& [group, count] : std::vector<std::pair<std::string, int>>{
             {"self", 1}, {"manager", 1}, {"peer", 4}, {"staff", 3}}) {
      for (int i = 0; i < count; ++i) {
        InvitationRow row;
        row.campaign_id = "c360";
        row.subject_id = m_alex;
        row.rater_group = group;
        row.code_hash = "h";
        row.salt = "s";
        row.expires_at = "2027-01-01T00:00:00Z";
        ASSERT_TRUE(m_store->AddInvitation(row).ok());
      }
    }
    // Alex: leading low, communicating middling, planning high; self rates leading 5.
    Add360(m_alex, "self", {5, 5, 5, 3, 3, 3, 4, 4, 4}, "I plan well");
    // The lone manager's scores are hidden to protect the two staff: so is their comment.
    Add360(m_alex, "manager", {2, 2, 2, 3, 3, 3, 5, 5, 5}, "LONE manager note");
    Add360(m_alex, "peer", {2, 2, 4, 3, 3, 3, 5, 5, 5}, "Calm");
    Add360(m_alex, "peer", {2, 2, 4, 3, 4, 3, 5, 4, 5}, "Clear");
    Add360(m_alex, "peer", {3, 2, 2, 3, 3, 4, 5, 5, 5}, "=HYPERLINK(\"http://x\")", 1);
    Add360(m_alex, "staff", {1, 1, 2, 3, 3, 3, 5, 5, 5}, "SECRET staff note");
    Add360(m_alex, "staff", {1, 1, 2, 3, 3, 3, 4, 5, 5});
    // Blake: planning low; Casey: communicating low.
    Add360(m_blake, "self", {3, 3, 3, 3, 3, 3, 3, 3, 3});
    for (int i = 0; i < 3; ++i) Add360(m_blake, "peer", {5, 5, 5, 3, 3, 3, 1, 2, 1});
    for (int i = 0; i < 3; ++i) Add360(m_casey, "peer", {3, 3, 3, 1, 1, 1, 5, 5, 5});

    // Consultation: 12 at the north venue on the 20th, 7 at the south one on the 21st.
    for (int i = 0; i < 19; ++i) {
      const bool north = i < 12;
      Answers a;
      a["q_like"] = north ? 4 : 2;
      a["q_yes"] = north ? i < 8 : i < 18;
      a["q_rate"] = 7;
      a["eq_age"] = i % 2 == 0 ? "young" : "old";
      if (i == 0) a["q_text"] = "=SUM(A1:A9)";
      if (i == 1) a["q_text"] = "Say \"hello\", please";
      AddResponse("cons", "cons", 1, "", 0, north ? "v_n" : "v_s",
                  north ? "2026-11-20T10:00:00Z" : "2026-11-21T10:00:00Z", a);
    }
    auto reports = SqliteReportStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(reports.ok()) << reports.ErrorText();
    m_reports = std::move(reports).value();
    m_service = std::make_unique<ReportService>(*m_reports);
  }

  void AddTemplate(const json& document) {
    TemplateVersionRow row;
    row.template_id = document["id"];
    row.version = document["version"];
    row.kind = document["kind"];
    row.document = document.dump();
    row.document_hash = sync::Sha256Hex(row.document);
    ASSERT_TRUE(m_store->AddTemplateVersion(row).ok());
  }

  void Add360(std::int64_t subject, const std::string& group, Scores scores,
              const std::string& comment = "", int version = 2) {
    static const char* kItems[] = {"l1", "l2", "l3", "c1", "c2", "c3", "p1", "p2", "p3"};
    Answers a;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      std::string id = kItems[i];
      if (id == "l3" && version == 1) id = "old_l3";
      a[id] = scores[i];
    }
    if (!comment.empty()) a["strengths"] = comment;
    AddResponse("c360", "t360", version, group, subject, "", "2026-11-20T10:00:00Z", a);
  }

  void AddResponse(const std::string& campaign, const std::string& tmpl, int version,
                   const std::string& group, std::int64_t subject, const std::string& venue,
                   const std::string& at, const Answers& answers) {
    StoredResponse r;
    r.uuid = sync::NewUuidV4();
    r.content_hash = "x";
    r.campaign_id = campaign;
    r.template_id = tmpl;
    r.template_version = version;
    r.rater_group = group;
    r.subject_id = subject;
    r.venue_id = venue;
    r.language = "en";
    r.started_at = at;
    r.completed_at = at;
    for (const auto& [item, value] : answers) r.answers[item] = value.dump();
    auto tx = m_store->BeginIngest();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->InsertResponse(r).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  static Principal Who(const std::string& role, const std::string& person = "") {
    return {1, "u-" + role, role, person};
  }

  testing::TempDir m_dir;
  std::unique_ptr<SqliteStore> m_store;
  std::unique_ptr<SqliteReportStore> m_reports;
  std::unique_ptr<ReportService> m_service;
  std::int64_t m_alex = 0, m_blake = 0, m_casey = 0;
};

double Value(const json& cell) { return cell.at("value").get<double>(); }
bool Suppressed(const json& cell) { return cell.value("status", "") == "suppressed"; }

TEST_F(ReportServiceTest, IndividualShowsGroupsFromTheirMinimumAndHidesTheManagerToProtectStaff) {
  auto report = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(report.ok()) << report.error().message;
  const json& l1 = (*report)["report"]["items"]["l1"];
  EXPECT_EQ(Value(l1["by_group"]["self"]["mean"]), 5);
  EXPECT_EQ(Value(l1["by_group"]["peer"]["n"]), 3);
  EXPECT_NEAR(Value(l1["by_group"]["peer"]["mean"]), 2.33, 1e-9);
  EXPECT_TRUE(Suppressed(l1["by_group"]["staff"]["mean"]));
  EXPECT_EQ(l1["by_group"]["staff"]["mean"]["text"], "fewer than 3*");
  // All others (6) minus peers (3) would give manager + staff; the lone manager is hidden too.
  EXPECT_TRUE(Suppressed(l1["by_group"]["manager"]["mean"]));
  EXPECT_EQ(Value(l1["all_others"]["n"]), 6);
  EXPECT_NEAR(Value(l1["all_others"]["mean"]), 1.83, 1e-9);
}

TEST_F(ReportServiceTest, AnswersOnAnOlderVersionCountThroughReplaces) {
  auto report = m_service->Individual(Who("admin"), "c360", "alex");
  ASSERT_TRUE(report.ok());
  const json& l3 = (*report)["report"]["items"]["l3"]["by_group"]["peer"];
  EXPECT_EQ(Value(l3["n"]), 3);  // two on v2, one on v1 as old_l3
  EXPECT_NEAR(Value(l3["mean"]), 3.33, 1e-9);
}

TEST_F(ReportServiceTest, IndividualFindsBlindSpotsStrengthsAndDevelopmentAreas) {
  auto report = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(report.ok());
  std::map<std::string, std::string> gaps;
  for (const auto& g : (*report)["report"]["gaps"]) gaps[g["key"]] = g["kind"];
  EXPECT_EQ(gaps["l1"], "blind_spot");
  EXPECT_EQ(gaps["lead"], "blind_spot");
  EXPECT_EQ(gaps["c1"], "none");
  std::set<std::string> development;
  for (const auto& r : (*report)["report"]["development_areas"]) development.insert(r["key"]);
  EXPECT_EQ(development.size(), 5u);
  EXPECT_TRUE(development.contains("l1") && development.contains("l2") &&
              development.contains("l3"));
  std::set<std::string> strengths;
  for (const auto& r : (*report)["report"]["strengths"]) strengths.insert(r["key"]);
  EXPECT_TRUE(strengths.contains("p1") && strengths.contains("p3"));
}

TEST_F(ReportServiceTest, CommentsOfHiddenGroupsArePooledNeverShownUnderTheirName) {
  auto report = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(report.ok());
  const json& comments = (*report)["comments"];
  ASSERT_EQ(comments.size(), 1u);
  // Staff (2) are under their minimum and the lone manager is hidden to protect them: their
  // words are pooled, 3 responses from two groups (the minimum is 3 here).
  std::map<std::string, json> by_group;
  for (const auto& g : comments[0]["groups"]) by_group[g["group"]] = g;
  EXPECT_EQ(by_group.size(), 2u);
  EXPECT_EQ(by_group["self"]["comments"], json({"I plan well"}));
  EXPECT_EQ(by_group["peer"]["comments"], json({"=HYPERLINK(\"http://x\")", "Calm", "Clear"}));
  const json& pooled = comments[0]["pooled"];
  EXPECT_EQ(pooled["groups"], json({"manager", "staff"}));
  EXPECT_EQ(pooled["labels"], json({"manager", "staff"}));  // this template's labels are its ids
  EXPECT_EQ(pooled["comments"], json({"LONE manager note", "SECRET staff note"}));
  EXPECT_EQ(pooled["count"]["value"], 2);

  std::map<std::string, json> rates;
  for (const auto& r : (*report)["response_rates"]) rates[r["group"]] = r;
  EXPECT_EQ(rates["manager"]["scores"], "hidden");
  EXPECT_EQ(rates["manager"]["comments"], "pooled");
  EXPECT_EQ(rates["manager"]["in_report"],
            "Scores not shown, so that another group's hidden scores cannot be worked out. "
            "Comments pooled with those of staff under \"Other raters\", so none can be told "
            "apart.");
  EXPECT_EQ(rates["staff"]["in_report"],
            "Scores not shown: fewer than 3 responses. Comments pooled with those of manager "
            "under \"Other raters\", so none can be told apart.");
  EXPECT_EQ(rates["peer"]["scores"], "shown");
  EXPECT_EQ(rates["peer"]["comments"], "by_name");
  EXPECT_EQ(rates["self"]["in_report"], "Scores shown. Comments shown as the subject's own.");
}

TEST_F(ReportServiceTest, OneStaffMembersWordsAreReadOnlyAmongThePeersTheyHideBehind) {
  // Casey: 3 peers, then one staff response. The staff scores are hidden, the peers' too (else
  // all others minus peers would be that one person); the comment is pooled with the peers'.
  Add360(m_casey, "staff", {3, 3, 3, 1, 1, 1, 5, 5, 5}, "ALONE staff note");
  auto report = m_service->Individual(Who("hr"), "c360", "casey");
  ASSERT_TRUE(report.ok());
  const json& item = (*report)["comments"][0];
  for (const auto& g : item["groups"]) EXPECT_NE(g["group"], "staff");
  EXPECT_EQ(item["pooled"]["groups"], json({"peer", "staff"}));
  EXPECT_EQ(item["pooled"]["comments"], json({"ALONE staff note"}));
}

TEST_F(ReportServiceTest, ResponsesReceivedAreShownAgainstInvitationsPerGroup) {
  auto report = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(report.ok());
  std::map<std::string, std::pair<int, int>> rates;
  for (const auto& r : (*report)["response_rates"]) {
    rates[r["group"]] = {r["received"].get<int>(), r["invited"].get<int>()};
  }
  EXPECT_EQ(rates["peer"], std::make_pair(3, 4));
  EXPECT_EQ(rates["staff"], std::make_pair(2, 3));
  EXPECT_EQ(rates["self"], std::make_pair(1, 1));
}

TEST_F(ReportServiceTest, AManagerSeesTheirOwnAndTheirStaffsReportsAndAnAnalystNone) {
  // Their own and their staff's only once released (the release tests below); never anyone
  // else's. mgr_a leads Alex's team; mgr_b another team.
  auto own = m_service->Individual(Who("manager", "alex"), "c360", "alex");
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().code, "not_released");
  auto staff = m_service->Individual(Who("manager", "mgr_a"), "c360", "alex");
  ASSERT_FALSE(staff.ok());
  EXPECT_EQ(staff.error().code, "not_released");
  auto other = m_service->Individual(Who("manager", "mgr_b"), "c360", "alex");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  auto unlinked = m_service->Individual(Who("manager"), "c360", "alex");
  ASSERT_FALSE(unlinked.ok());
  EXPECT_EQ(unlinked.error().kind, ErrorKind::kForbidden);
  auto analyst = m_service->Individual(Who("analyst"), "c360", "alex");
  ASSERT_FALSE(analyst.ok());
  EXPECT_EQ(analyst.error().kind, ErrorKind::kForbidden);
  auto missing = m_service->Individual(Who("hr"), "c360", "nobody");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto no_campaign = m_service->Individual(Who("hr"), "nope", "alex");
  ASSERT_FALSE(no_campaign.ok());
  EXPECT_EQ(no_campaign.error().kind, ErrorKind::kNotFound);
  auto consultation = m_service->Individual(Who("hr"), "cons", "alex");
  ASSERT_FALSE(consultation.ok());
  EXPECT_EQ(consultation.error().kind, ErrorKind::kUnprocessable);
}

TEST_F(ReportServiceTest, TeamRollupsPoolOthersRatingsPerTeamIntoAHeatmap) {
  auto report = m_service->Teams(Who("analyst"), "c360");
  ASSERT_TRUE(report.ok()) << report.error().message;
  const json& heatmap = (*report)["heatmap"];
  ASSERT_EQ(heatmap["rows"].size(), 2u);
  EXPECT_EQ(heatmap["rows"][0]["unit_id"], "ta");
  EXPECT_EQ(heatmap["columns"], json({"lead", "comm", "plan"}));
  // Team A, communicating: respondents' section scores 3, 3, 10/3, 10/3, 3, 3 (Alex's others)
  // and 3, 3, 3 (Blake's peers): 83/27 = 3.07.
  EXPECT_NEAR(Value(heatmap["mean"][0][1]), 3.07, 1e-9);
  EXPECT_NEAR(Value(heatmap["mean"][1][1]), 1.0, 1e-9);  // Team B: Casey's peers, all 1
  EXPECT_EQ((*report)["teams"][0]["subjects"], 2);
}

TEST_F(ReportServiceTest, AManagerSeesOnlyTheTeamsTheyLead) {
  auto report = m_service->Teams(Who("manager", "mgr_a"), "c360");
  ASSERT_TRUE(report.ok());
  ASSERT_EQ((*report)["teams"].size(), 1u);
  EXPECT_EQ((*report)["teams"][0]["unit_id"], "ta");
  auto none = m_service->Teams(Who("manager", "alex"), "c360");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE((*none)["teams"].empty());
  auto boss = m_service->Teams(Who("manager", "boss"), "c360");  // leads the organisation
  ASSERT_TRUE(boss.ok());
  EXPECT_EQ((*boss)["teams"].size(), 2u);
  auto org = m_service->Organisation(Who("manager", "boss"), "c360");
  ASSERT_FALSE(org.ok());
  EXPECT_EQ(org.error().kind, ErrorKind::kForbidden);
}

TEST_F(ReportServiceTest, TrainingNeedsRankCompetenciesByManagersDevelopingThem) {
  auto report = m_service->Organisation(Who("hr"), "c360");
  ASSERT_TRUE(report.ok()) << report.error().message;
  std::vector<std::pair<std::string, double>> needs;
  for (const auto& n : (*report)["training_needs"]) {
    needs.emplace_back(n["competency"], Value(n["managers"]));
  }
  // Development areas: Alex leading + communicating, Blake planning + communicating, Casey
  // communicating + leading.
  EXPECT_EQ(needs,
            (std::vector<std::pair<std::string, double>>{{"comm", 3}, {"lead", 2}, {"plan", 1}}));
  EXPECT_EQ((*report)["strengths"][0]["key"], "plan");
  EXPECT_EQ((*report)["weaknesses"][0]["key"], "comm");
}

TEST_F(ReportServiceTest, ConsultationDistributionsOverTimeAndByVenue) {
  auto report = m_service->Consultation(Who("analyst"), "cons");
  ASSERT_TRUE(report.ok()) << report.error().message;
  std::map<std::string, json> questions;
  for (const auto& q : (*report)["questions"]) questions[q["id"]] = q;
  ASSERT_TRUE(questions.contains("q_yes"));
  const json& yes = questions["q_yes"]["distribution"];
  EXPECT_EQ(Value(yes["counts"][0]["count"]), 14);  // yes: 8 north + 6 south
  EXPECT_EQ(Value(yes["counts"][1]["count"]), 5);
  EXPECT_EQ(Value(yes["total"]), 19);
  const json& like = questions["q_like"]["distribution"];
  EXPECT_EQ(like["counts"][3]["value"], "4");
  EXPECT_EQ(Value(like["counts"][3]["count"]), 12);
  EXPECT_TRUE(Suppressed(like["counts"][0]["count"]));  // zero is hidden like any small count
  // Every answer is 7: showing 19 there would give away the hidden zeros, so it is hidden too.
  EXPECT_EQ(questions["q_rate"]["distribution"]["counts"].size(), 11u);
  EXPECT_TRUE(Suppressed(questions["q_rate"]["distribution"]["counts"][7]["count"]));
  EXPECT_EQ(Value(questions["q_rate"]["distribution"]["total"]), 19);
  EXPECT_FALSE(questions.contains("q_text"));  // free text is for exports, not counts
  EXPECT_EQ(Value((*report)["over_time"]["counts"][0]["count"]), 12);
  EXPECT_EQ((*report)["over_time"]["counts"][1]["value"], "2026-11-21");
  EXPECT_EQ(Value((*report)["by_venue"]["counts"][1]["count"]), 7);
  bool equality_segment = false;
  for (const auto& s : (*report)["segments"]) {
    if (s["id"] == "eq_age") equality_segment = s["equality_monitoring"];
  }
  EXPECT_TRUE(equality_segment);
  auto manager = m_service->Consultation(Who("manager", "alex"), "cons");
  ASSERT_FALSE(manager.ok());
  EXPECT_EQ(manager.error().kind, ErrorKind::kForbidden);
}

TEST_F(ReportServiceTest, CrossTabByAreaSuppressesSmallCellsAndWhatWouldGiveThemAway) {
  auto table = m_service->CrossTab(Who("hr"), "cons", "q_yes", "venue_area");
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ((*table)["column_values"], json({"north", "south"}));
  // (no, south) = 1 is hidden; each of its row and column then needs a second hidden cell.
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 2; ++c) EXPECT_TRUE(Suppressed((*table)["cells"][r][c])) << r << c;
  }
  EXPECT_EQ(Value((*table)["row_totals"][0]), 14);
  EXPECT_EQ(Value((*table)["column_totals"][1]), 7);
  // With hidden cells the test keeps only its statistic, df and p (never the cells).
  EXPECT_EQ((*table)["test"]["cells_suppressed"], true);
  EXPECT_FALSE((*table)["test"].contains("cramers_v"));
  auto by_age = m_service->CrossTab(Who("analyst"), "cons", "q_like", "eq_age");
  ASSERT_TRUE(by_age.ok());
  // "Prefer not to say" is a category of its own; nobody skipped age, so no "not answered".
  EXPECT_EQ((*by_age)["column_values"], json({"young", "old", "prefer_not_to_say"}));
  auto by_ward = m_service->CrossTab(Who("hr"), "cons", "q_yes", "venue_ward");
  ASSERT_TRUE(by_ward.ok()) << by_ward.error().message;
  EXPECT_EQ((*by_ward)["column_values"], json({"W1", "W2"}));
  EXPECT_EQ(Value((*by_ward)["column_totals"][0]), 12);
  auto by_likert = m_service->CrossTab(Who("hr"), "cons", "q_yes", "q_like", {"venue_area:north"});
  ASSERT_TRUE(by_likert.ok()) << by_likert.error().message;
  EXPECT_EQ(Value((*by_likert)["total"]), 12);
  auto bad_filter = m_service->CrossTab(Who("hr"), "cons", "q_yes", "q_like", {"venue_area:east"});
  ASSERT_FALSE(bad_filter.ok());
  EXPECT_EQ(bad_filter.error().problems.at(0).path, "filter");
  auto bad = m_service->CrossTab(Who("hr"), "cons", "q_text", "nowhere");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kBadRequest);
  EXPECT_EQ(bad.error().problems.size(), 2u);
}

TEST_F(ReportServiceTest, ExportsLeaveOutGroupsBelowTheirMinimumAndCarryNoUuid) {
  auto csv = m_service->Export(Who("hr"), "c360", ExportFormat::kCsvLong);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_TRUE(
      csv->body.starts_with("\xEF\xBB\xBF"
                            "response,subject_id,subject,rater_group,"
                            "template_version,item,value\r\n"));
  EXPECT_THAT(csv->body, Not(HasSubstr("SECRET")));
  EXPECT_THAT(csv->body, Not(HasSubstr(",staff,")));
  EXPECT_THAT(csv->body, HasSubstr("\"'=HYPERLINK(\"\"http://x\"\")\""));
  EXPECT_THAT(csv->body, HasSubstr(",peer,1,l3,2\r\n"));  // the v1 answer, under its new id
  EXPECT_EQ(csv->responses, 12);                          // 14 responses, Alex's two staff left out
  auto rows = m_reports->Responses("c360", std::nullopt);
  ASSERT_TRUE(rows.ok());
  for (const auto& r : *rows) EXPECT_THAT(csv->body, Not(HasSubstr(r.uuid)));

  auto wide = m_service->Export(Who("admin"), "c360", ExportFormat::kCsvWide);
  ASSERT_TRUE(wide.ok());
  EXPECT_THAT(wide->body, HasSubstr("template_version,l1,l2,l3,c1,c2,c3,p1,p2,p3,strengths\r\n"));
  auto json_export = m_service->Export(Who("admin"), "c360", ExportFormat::kJson);
  ASSERT_TRUE(json_export.ok());
  EXPECT_EQ(json::parse(json_export->body)["responses"].size(), 12u);

  auto analyst = m_service->Export(Who("analyst"), "c360", ExportFormat::kJson);
  ASSERT_FALSE(analyst.ok());
  EXPECT_EQ(analyst.error().kind, ErrorKind::kForbidden);
}

TEST_F(ReportServiceTest, ConsultationExportNeutralisesFormulasAndQuotesText) {
  auto csv = m_service->Export(Who("hr"), "cons", ExportFormat::kCsvLong);
  ASSERT_TRUE(csv.ok());
  EXPECT_THAT(csv->body, HasSubstr(",q_text,'=SUM(A1:A9)\r\n"));
  EXPECT_THAT(csv->body, HasSubstr(",q_text,\"Say \"\"hello\"\", please\"\r\n"));
  EXPECT_THAT(csv->body, HasSubstr("v_n,north,urban,2026-11-20,1,q_yes,yes\r\n"));
  auto wide = m_service->Export(Who("hr"), "cons", ExportFormat::kCsvWide);
  ASSERT_TRUE(wide.ok());
  // Header plus one line per response.
  int lines = 0;
  for (char c : wide->body) lines += c == '\n';
  EXPECT_EQ(lines, 20);
}

TEST_F(ReportServiceTest, ACachedReportIsReusedUntilItsOwnSubjectGetsAResponse) {
  ASSERT_TRUE(m_service->Individual(Who("hr"), "c360", "alex").ok());
  ASSERT_TRUE(m_service->Individual(Who("hr"), "c360", "blake").ok());
  auto again = m_service->Individual(Who("admin"), "c360", "alex");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(m_service->CacheStats().hits, 1);
  EXPECT_EQ(m_service->CacheStats().misses, 2);

  Add360(m_alex, "peer", {1, 1, 1, 1, 1, 1, 1, 1, 1});
  ASSERT_TRUE(m_service->Individual(Who("hr"), "c360", "blake").ok());
  EXPECT_EQ(m_service->CacheStats().hits, 2);  // Blake's report did not change
  auto fresh = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(m_service->CacheStats().misses, 3);
  EXPECT_EQ(Value((*fresh)["report"]["items"]["l1"]["by_group"]["peer"]["n"]), 4);
  // The same numbers as a service without a cache.
  ReportService uncached(*m_reports);
  EXPECT_EQ(*uncached.Individual(Who("hr"), "c360", "alex"), *fresh);
}

TEST_F(ReportServiceTest, TheRoleRulesApplyBeforeTheCache) {
  ASSERT_TRUE(m_service->Individual(Who("hr"), "c360", "alex").ok());
  auto other = m_service->Individual(Who("manager", "mgr_b"), "c360", "alex");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
}

TEST_F(ReportServiceTest, TheOrganisationReportIsRecomputedAfterAnyResponseOfTheCampaign) {
  auto before = m_service->Organisation(Who("hr"), "c360");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)["others_responses"], 12);
  ASSERT_TRUE(m_service->Organisation(Who("hr"), "c360").ok());
  EXPECT_EQ(m_service->CacheStats().hits, 1);
  Add360(m_casey, "peer", {3, 3, 3, 1, 1, 1, 5, 5, 5});
  auto after = m_service->Organisation(Who("hr"), "c360");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)["others_responses"], 13);
}

TEST(CsvField, NeutralisesFormulaStartsButNotPlainNumbers) {
  struct Case {
    std::string in, out;
  };
  for (const auto& c : std::vector<Case>{{"=1+2", "'=1+2"},
                                         {"+44 1234", "'+44 1234"},
                                         {"-x", "'-x"},
                                         {"@SUM(A1)", "'@SUM(A1)"},
                                         {"-5", "-5"},
                                         {"-2.5", "-2.5"},
                                         {"plain", "plain"},
                                         {"a,b", "\"a,b\""},
                                         {"two\nlines", "\"two\nlines\""},
                                         {"=\"q\"", "\"'=\"\"q\"\"\""},
                                         {"", ""}}) {
    EXPECT_EQ(CsvField(c.in), c.out) << c.in;
  }
  EXPECT_EQ(CsvLine({"a", "b,c"}), "a,\"b,c\"\r\n");
  EXPECT_EQ(AnswerText(json({"a", "b"})), "a; b");
  EXPECT_EQ(AnswerText(json(true)), "yes");
  EXPECT_EQ(AnswerText(json(2.5)), "2.5");
}

TEST_F(ReportServiceTest, ACachedReportCarriesTheCampaignStateOfTheRead) {
  // The dashboard offers a release by the campaign's state in the report: a cached report must
  // not keep the state it was computed in.
  auto first = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)["campaign"]["state"], "closed");
  ASSERT_TRUE(m_store->SetCampaignState("c360", "closing").ok());
  const int hits = m_service->CacheStats().hits;
  auto second = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(m_service->CacheStats().hits, hits + 1);
  EXPECT_EQ((*second)["campaign"]["state"], "closing");
  auto organisation = m_service->Organisation(Who("hr"), "c360");
  ASSERT_TRUE(organisation.ok());
  ASSERT_TRUE(m_store->SetCampaignState("c360", "closed").ok());
  auto again = m_service->Organisation(Who("hr"), "c360");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)["campaign"]["state"], "closed");
}

// ---- the release step (server/reports/releases.h) ----

class ReportReleaseTest : public ReportServiceTest {
 protected:
  void SetUp() override {
    ReportServiceTest::SetUp();
    m_audit = std::make_unique<AuditLog>(*m_store, m_clock);
    m_releases = std::make_unique<ReportReleases>(*m_store, *m_service, *m_audit, m_clock);
  }
  std::vector<AuditEntry> Audited(const std::string& action) {
    auto entries = m_audit->List();
    EXPECT_TRUE(entries.ok());
    std::vector<AuditEntry> out;
    for (const auto& e : *entries) {
      if (e.action == action) out.push_back(e);
    }
    return out;
  }
  ManualClock m_clock{TimePoint(std::chrono::seconds(1'796'000'000))};
  std::unique_ptr<AuditLog> m_audit;
  std::unique_ptr<ReportReleases> m_releases;
};

TEST_F(ReportReleaseTest, BeforeReleaseOnlyHrPreviewsAndEachPreviewIsAudited) {
  auto manager = m_releases->Individual(Who("manager", "alex"), "user:alex", "c360", "alex");
  ASSERT_FALSE(manager.ok());
  EXPECT_EQ(manager.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(manager.error().code, "not_released");
  EXPECT_THAT(manager.error().message, HasSubstr("alex name"));
  EXPECT_TRUE(Audited("report_previewed").empty());

  for (int i = 0; i < 2; ++i) {
    auto preview = m_releases->Individual(Who("hr"), "user:hr1", "c360", "alex");
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_TRUE(IsPreview(*preview));
  }
  auto previews = Audited("report_previewed");
  ASSERT_EQ(previews.size(), 2u);
  EXPECT_EQ(previews[0].actor, "user:hr1");
  EXPECT_EQ(previews[0].target, "c360/alex");
}

TEST_F(ReportReleaseTest, AReleasedReportIsFrozenHashedAuditedAndReadBySubjectAndManager) {
  auto preview = m_service->Individual(Who("hr"), "c360", "alex");
  ASSERT_TRUE(preview.ok());
  EXPECT_FALSE(m_releases->Release(Who("analyst"), "user:an", "c360", "alex").ok());
  EXPECT_FALSE(m_releases->Release(Who("manager", "alex"), "user:alex", "c360", "alex").ok());

  auto released = m_releases->Release(Who("hr"), "user:hr1", "c360", "alex");
  ASSERT_TRUE(released.ok()) << released.error().message;
  const std::string sha = (*released)["sha256"];
  EXPECT_EQ((*released)["released_at"], FormatRfc3339(m_clock.Now()));

  // The subject (a manager here) reads the release, identical to what HR previewed, with its
  // hash, which is the hash of the stored text.
  auto read = m_releases->Individual(Who("manager", "alex"), "user:alex", "c360", "alex");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_FALSE(IsPreview(*read));
  EXPECT_EQ((*read)["release"]["sha256"], sha);
  json body = *read;
  body.erase("release");
  json live = *preview;
  live.erase("release");
  EXPECT_EQ(body, live);
  EXPECT_EQ(sync::Sha256Hex(body.dump()), sha);

  // Later changes (one more invitation and response, however they got in) do not reach it; HR
  // reads the release too, so that is no preview either.
  InvitationRow row;
  row.campaign_id = "c360";
  row.subject_id = m_alex;
  row.rater_group = "peer";
  row.code_hash = "h2";
  row.salt = "s";
  row.expires_at = "2027-01-01T00:00:00Z";
  ASSERT_TRUE(m_store->AddInvitation(row).ok());
  Add360(m_alex, "peer", {5, 5, 5, 5, 5, 5, 5, 5, 5}, "late");
  auto again = m_releases->Individual(Who("manager", "alex"), "user:alex", "c360", "alex");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->dump(), read->dump());
  auto hr = m_releases->Individual(Who("hr"), "user:hr1", "c360", "alex");
  ASSERT_TRUE(hr.ok());
  EXPECT_EQ(hr->dump(), read->dump());
  EXPECT_TRUE(Audited("report_previewed").empty());

  auto twice = m_releases->Release(Who("hr"), "user:hr1", "c360", "alex");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "already_released");
  auto audited = Audited("report_released");
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].target, "c360/alex");
  EXPECT_EQ(audited[0].detail, "sha256=" + sha);

  // The table itself refuses to change a release.
  auto db = db::Database::Open(m_dir.path() / "s.db", {});
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE(db->Exec("UPDATE report_releases SET report = '{}'").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM report_releases").ok());
}

TEST_F(ReportReleaseTest, ReleaseNeedsAClosedCampaignAndSomethingOfOthersToShow) {
  ASSERT_TRUE(m_store->SetCampaignState("c360", "closing").ok());
  auto open = m_releases->Release(Who("hr"), "user:hr1", "c360", "alex");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().code, "campaign_not_closed");
  ASSERT_TRUE(m_store->SetCampaignState("c360", "closed").ok());

  // A subject who answered only their self-assessment: nothing of others to release.
  const std::int64_t alone = *m_store->AddSubject("c360", "mgr_a");
  Add360(alone, "self", {4, 4, 4, 4, 4, 4, 4, 4, 4});
  auto nothing = m_releases->Release(Who("hr"), "user:hr1", "c360", "mgr_a");
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, "not_enough_responses");

  EXPECT_EQ(m_releases->Release(Who("hr"), "user:hr1", "c360", "nobody").error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(m_releases->Release(Who("hr"), "user:hr1", "cons", "alex").error().kind,
            ErrorKind::kUnprocessable);
  EXPECT_TRUE(Audited("report_released").empty());
}

}  // namespace
}  // namespace soundings::server
