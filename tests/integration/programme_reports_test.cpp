// The programme's own reports against the real server: impact over time across two campaigns
// on different template versions, the coaching list, the project-team view and self-assessment
// results per service, each with its role rules and with suppressed values reading "fewer
// than N". Responses arrive through sync; reports are read over HTTP.
#include <fstream>
#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// Competency sections of the test programme, three likert items each, in template order.
const std::vector<std::string> kCompetencies = {"lead", "talk", "plan", "team"};

std::vector<std::string> ItemsOf(const std::string& competency, int version) {
  if (competency == "lead" && version == 1) return {"lead_old", "lead2", "lead3"};
  return {competency + "1", competency + "2", competency + "3"};
}

json Scale5() {
  json points = json::array();
  for (int v = 1; v <= 5; ++v) {
    points.push_back({{"value", v}, {"label", {{"en", "p" + std::to_string(v)}}}});
  }
  return {{"id", "agree5"}, {"points", points}};
}

// "prog" v1 and v2: v2's lead1 continues v1's lead_old (replaces).
json ProgTemplate(int version) {
  json sections = json::array();
  for (const auto& c : kCompetencies) {
    json items = json::array();
    for (const auto& id : ItemsOf(c, version)) {
      json item = {{"id", id},
                   {"type", "likert"},
                   {"scale", "agree5"},
                   {"text", {{"en", "{subject} does " + id}}}};
      if (version == 2 && id == "lead1") item["replaces"] = json::array({"lead_old"});
      items.push_back(item);
    }
    sections.push_back(
        {{"id", c}, {"competency", true}, {"title", {{"en", "Title " + c}}}, {"items", items}});
  }
  return {{"id", "prog"},
          {"version", version},
          {"kind", "appraisal360"},
          {"languages", {"en"}},
          {"title", {{"en", "Programme"}}},
          {"scales", json::array({Scale5()})},
          {"rater_groups",
           json::array({{{"id", "self"}, {"label", {{"en", "Self"}}}, {"min_responses", 1}},
                        {{"id", "peer"}, {"label", {{"en", "Peers"}}}, {"min_responses", 3}}})},
          {"sections", sections}};
}

json SelfTemplate() {
  json items = json::array();
  for (const auto& id : {"s1", "s2"}) {
    items.push_back({{"id", id},
                     {"type", "likert"},
                     {"scale", "agree5"},
                     {"text", {{"en", "{subject} does " + std::string(id)}}}});
  }
  return {
      {"id", "selfprog"},
      {"version", 1},
      {"kind", "self_assessment"},
      {"languages", {"en"}},
      {"title", {{"en", "Self-assessment"}}},
      {"scales", json::array({Scale5()})},
      {"rater_groups",
       json::array(
           {{{"id", "team_member"}, {"label", {{"en", "Team members"}}}, {"min_responses", 3}}})},
      {"sections", json::array({{{"id", "los"},
                                 {"competency", true},
                                 {"title", {{"en", "Line of sight"}}},
                                 {"items", items}}})}};
}

// Scores per competency given by one rater.
using Scores = std::map<std::string, int>;

class ProgrammeReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    TempFolder templates;
    for (const auto& [name, doc] : {std::pair<std::string, json>{"prog-v1.json", ProgTemplate(1)},
                                    {"prog-v2.json", ProgTemplate(2)},
                                    {"selfprog.json", SelfTemplate()}}) {
      std::ofstream(templates.path() / name) << doc.dump(1);
    }
    auto loaded = m_server.app().templates().LoadDirectory(templates.path());
    ASSERT_TRUE(loaded.failed.empty()) << loaded.failed.front();
    auto& store = m_server.store();
    ASSERT_TRUE(store.AddOrgUnit({"dir", "org", "directorate", "Place", ""}).ok());
    ASSERT_TRUE(store.AddOrgUnit({"svc", "dir", "service", "Parks service", "sam"}).ok());
    ASSERT_TRUE(store.AddOrgUnit({"svc2", "dir", "service", "Roads service", ""}).ok());
    ASSERT_TRUE(store.AddOrgUnit({"ta", "svc", "team", "Team A", "ann"}).ok());
    ASSERT_TRUE(store.AddOrgUnit({"tb", "svc", "team", "Team B", "cat"}).ok());
    for (const auto& [id, unit] :
         std::vector<std::pair<std::string, std::string>>{{"ann", "ta"},
                                                          {"bob", "ta"},
                                                          {"cat", "tb"},
                                                          {"dee", "tb"},
                                                          {"sam", "svc"},
                                                          {"zoe", "svc2"}}) {
      ASSERT_TRUE(store.AddPerson({id, "Name " + id, "", unit}).ok());
    }
    ASSERT_TRUE(store.AddCampaign({"y2025", "prog", 1, "2025", "appraisal360", "open"}).ok());
    ASSERT_TRUE(store.AddCampaign({"y2026", "prog", 2, "2026", "appraisal360", "open"}).ok());
    ASSERT_TRUE(
        store.AddCampaign({"self26", "selfprog", 1, "Self 2026", "self_assessment", "open"}).ok());

    std::vector<sync::ResponseRecord> batch;
    // 2025 on v1. ann: lead_old 1, lead2 and lead3 3 (so lead rolls up to 7/3 only if lead_old
    // maps to lead1); talk 2, 3, 4 from three peers. bob: all 3. cat: only two peers.
    AddPeers(batch, "y2025", 1, "ann",
             {{{"lead_old", 1}, {"lead", 3}, {"talk", 2}, {"plan", 3}, {"team", 3}},
              {{"lead_old", 1}, {"lead", 3}, {"talk", 3}, {"plan", 3}, {"team", 3}},
              {{"lead_old", 1}, {"lead", 3}, {"talk", 4}, {"plan", 3}, {"team", 3}}});
    AddPeers(batch, "y2025", 1, "bob",
             std::vector<Scores>(3, Scores{{"lead", 3}, {"talk", 3}, {"plan", 3}, {"team", 3}}));
    AddPeers(batch, "y2025", 1, "cat",
             std::vector<Scores>(2, Scores{{"lead", 3}, {"talk", 3}, {"plan", 3}, {"team", 3}}));
    // 2026 on v2. ann strong in lead, developing plan; bob strong in plan, developing lead; cat
    // strong in talk, developing team; dee has only two peers (suppressed).
    AddPeers(batch, "y2026", 2, "ann",
             std::vector<Scores>(3, Scores{{"lead", 5}, {"talk", 3}, {"plan", 1}, {"team", 3}}));
    AddPeers(batch, "y2026", 2, "bob",
             std::vector<Scores>(3, Scores{{"lead", 1}, {"talk", 3}, {"plan", 5}, {"team", 3}}));
    AddPeers(batch, "y2026", 2, "cat",
             std::vector<Scores>(3, Scores{{"lead", 3}, {"talk", 5}, {"plan", 3}, {"team", 1}}));
    AddPeers(batch, "y2026", 2, "dee",
             std::vector<Scores>(2, Scores{{"lead", 5}, {"talk", 5}, {"plan", 5}, {"team", 5}}));
    // Self-assessment: ann's and cat's teams roll up to the Parks service (4 team members),
    // zoe's to the Roads service with only 2.
    AddSelf(batch, "ann", {4, 4, 2});
    AddSelf(batch, "cat", {4});
    AddSelf(batch, "zoe", {5, 5});
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted)
          << r.uuid << " " << (r.problems.empty() ? "" : r.problems[0].ToString());
    }
    // Collected: managers and analysts see a 360's figures once it has closed (docs/reports.md).
    for (const char* campaign : {"y2025", "y2026", "self26"}) {
      ASSERT_TRUE(m_server.store().SetCampaignState(campaign, "closed").ok());
    }
  }

  std::int64_t SubjectOf(const std::string& campaign, const std::string& person) {
    auto key = campaign + "/" + person;
    if (!m_subjects.contains(key)) {
      auto id = m_server.store().AddSubject(campaign, person);
      EXPECT_TRUE(id.ok());
      m_subjects[key] = id.ok() ? *id : 0;
    }
    return m_subjects[key];
  }

  sync::ResponseRecord Record(const std::string& campaign, const std::string& tmpl, int version,
                              const std::string& person, const std::string& group) {
    sync::ResponseRecord r;
    r.uuid = sync::NewUuidV4();
    r.campaign_id = campaign;
    r.template_id = tmpl;
    r.template_version = version;
    r.rater_group = group;
    r.invitation_code = CreateInvitation(m_server.store(), campaign, SubjectOf(campaign, person),
                                         group, "2027-01-31T00:00:00Z");
    r.language = "en";
    r.started_at = "2026-11-28T09:01:00Z";
    r.completed_at = "2026-11-28T09:04:00Z";
    return r;
  }

  void AddPeers(std::vector<sync::ResponseRecord>& batch, const std::string& campaign, int version,
                const std::string& person, const std::vector<Scores>& peers) {
    for (const auto& scores : peers) {
      auto r = Record(campaign, "prog", version, person, "peer");
      for (const auto& c : kCompetencies) {
        for (const auto& item : ItemsOf(c, version)) {
          r.answers[item] = item == "lead_old" && scores.contains("lead_old")
                                ? scores.at("lead_old")
                                : scores.at(c);
        }
      }
      batch.push_back(r);
    }
  }

  void AddSelf(std::vector<sync::ResponseRecord>& batch, const std::string& person,
               const std::vector<int>& scores) {
    for (int s : scores) {
      auto r = Record("self26", "selfprog", 1, person, "team_member");
      r.answers = {{"s1", s}, {"s2", s}};
      batch.push_back(r);
    }
  }

  json GetJson(const std::string& token, const std::string& path, int status = 200) {
    auto reply = m_server.Client().Get(path, Bearer(token));
    EXPECT_TRUE(reply);
    if (!reply) return nullptr;
    EXPECT_EQ(reply->status, status) << path << ": " << reply->body;
    return json::parse(reply->body, nullptr, false);
  }

  // The entry of `list` whose `key` is `value`; null when none.
  static json Find(const json& list, const std::string& key, const std::string& value) {
    for (const auto& e : list) {
      if (e.contains(key) && e[key] == value) return e;
    }
    return nullptr;
  }

  TestServer m_server;
  Seeded m_seeded;
  std::map<std::string, std::int64_t> m_subjects;
};

TEST_F(ProgrammeReportsTest, ImpactComparesThroughTheVersionMappingAndFlagsChangeBeyondNoise) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  json body = GetJson(hr, "/api/v1/reports/campaigns/y2026/impact?baseline=y2025");
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body["baseline"]["id"], "y2025");
  const json ann = Find(body["people"], "person_id", "ann");
  ASSERT_TRUE(ann.is_object()) << body.dump();
  const json lead = Find(ann["competencies"], "id", "lead");
  // Baseline lead: each peer (1 + 3 + 3) / 3 = 2.33 only because lead_old rolls up into lead1.
  EXPECT_EQ(lead["baseline"]["mean"]["value"], 2.33);
  EXPECT_EQ(lead["current"]["mean"]["value"], 5.0);
  EXPECT_EQ(lead["change"]["value"], 2.67);
  EXPECT_EQ(lead["verdict"], "improved");
  // Talk: 2, 3, 4 (mean 3, sd 1, interval 3 +- 2.48) against 3, 3, 3: no change.
  const json talk = Find(ann["competencies"], "id", "talk");
  EXPECT_EQ(talk["change"]["value"], 0.0);
  EXPECT_EQ(talk["verdict"], "within_noise");
  EXPECT_EQ(talk["baseline"]["interval"]["low"], 0.52);
  // Plan fell from 3 to 1 with no spread on either side.
  EXPECT_EQ(Find(ann["competencies"], "id", "plan")["verdict"], "declined");
  EXPECT_TRUE(body.contains("organisation"));
  EXPECT_TRUE(Find(body["teams"], "unit_id", "ta").is_object());
}

TEST_F(ProgrammeReportsTest, ImpactWithASuppressedSideReadsFewerThanN) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  json body = GetJson(hr, "/api/v1/reports/campaigns/y2026/impact?baseline=y2025");
  ASSERT_TRUE(body.is_object());
  // cat had two peers in 2025: the baseline and so the change are suppressed.
  const json cat_lead =
      Find(Find(body["people"], "person_id", "cat")["competencies"], "id", "lead");
  EXPECT_EQ(cat_lead["baseline"]["mean"]["status"], "suppressed");
  EXPECT_EQ(cat_lead["change"]["status"], "suppressed");
  EXPECT_EQ(cat_lead["change"]["text"], "fewer than 3*");
  EXPECT_TRUE(cat_lead["change"]["value"].is_null());
  EXPECT_EQ(cat_lead["current"]["mean"]["value"], 3.0);
  // dee has two peers in 2026 and none in 2025.
  const json dee_lead =
      Find(Find(body["people"], "person_id", "dee")["competencies"], "id", "lead");
  EXPECT_EQ(dee_lead["current"]["mean"]["text"], "fewer than 3*");
  EXPECT_EQ(dee_lead["change"]["text"], "fewer than 3*");
  ASSERT_TRUE(body.contains("footnotes"));
  EXPECT_THAT(body["footnotes"][0].get<std::string>(), HasSubstr("fewer than 3"));
}

TEST_F(ProgrammeReportsTest, AManagerSeesTheImpactOfThemselvesAndTheirStaffAndTheirTeamsOnly) {
  const std::string ann = SignedInToken(m_server, "ann-user", "manager", "ann");
  json body = GetJson(ann, "/api/v1/reports/campaigns/y2026/impact?baseline=y2025");
  ASSERT_TRUE(body.is_object());
  std::set<std::string> people;
  for (const auto& p : body["people"]) people.insert(p["person_id"]);
  EXPECT_EQ(people, (std::set<std::string>{"ann", "bob"})) << "Ann leads team A: Bob's manager";
  ASSERT_EQ(body["teams"].size(), 1u);
  EXPECT_EQ(body["teams"][0]["unit_id"], "ta");
  EXPECT_FALSE(body.contains("organisation"));
  EXPECT_EQ(body.dump().find("Name cat"), std::string::npos);

  const std::string bob = SignedInToken(m_server, "bob-user", "manager", "bob");
  json own = GetJson(bob, "/api/v1/reports/campaigns/y2026/impact?baseline=y2025");
  ASSERT_EQ(own["people"].size(), 1u);
  EXPECT_EQ(own["people"][0]["person_id"], "bob");
  EXPECT_TRUE(own["teams"].empty());
}

TEST_F(ProgrammeReportsTest, ManagersAndAnalystsGetNoImpactOrServicesFromACampaignStillCollecting) {
  ASSERT_TRUE(m_server.store().SetCampaignState("y2026", "open").ok());
  ASSERT_TRUE(m_server.store().SetCampaignState("self26", "closing").ok());
  const std::string ann = SignedInToken(m_server, "ann-user", "manager", "ann");
  const std::string analyst = SignedInToken(m_server, "ann-a", "analyst");
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  for (const std::string& token : {ann, analyst}) {
    json refused = GetJson(token, "/api/v1/reports/campaigns/y2026/impact?baseline=y2025", 409);
    EXPECT_EQ(refused["error"], "still_collecting");
    // The open campaign as the baseline gives nothing away either.
    GetJson(token, "/api/v1/reports/campaigns/y2025/impact?baseline=y2026", 409);
    GetJson(token, "/api/v1/reports/campaigns/self26/services", 409);
  }
  EXPECT_TRUE(GetJson(hr, "/api/v1/reports/campaigns/y2026/impact?baseline=y2025").is_object());
  EXPECT_TRUE(GetJson(hr, "/api/v1/reports/campaigns/self26/services").contains("services"));
}

TEST_F(ProgrammeReportsTest, AnAnalystSeesTeamsAndOrganisationButNoPersonsImpact) {
  const std::string analyst = SignedInToken(m_server, "ann-a", "analyst");
  json body = GetJson(analyst, "/api/v1/reports/campaigns/y2026/impact?baseline=y2025");
  ASSERT_TRUE(body.is_object());
  EXPECT_FALSE(body.contains("people"));
  EXPECT_TRUE(body.contains("organisation"));
  EXPECT_EQ(body["teams"].size(), 2u);
}

TEST_F(ProgrammeReportsTest, ImpactRefusesAMissingOrForeignBaseline) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  json missing = GetJson(hr, "/api/v1/reports/campaigns/y2026/impact", 400);
  EXPECT_EQ(missing["problems"][0]["path"], "baseline");
  GetJson(hr, "/api/v1/reports/campaigns/y2026/impact?baseline=nope", 404);
  GetJson(hr, "/api/v1/reports/campaigns/y2026/impact?baseline=c360", 422);
  GetJson(hr, "/api/v1/reports/campaigns/parks/impact?baseline=y2025", 422);
}

TEST_F(ProgrammeReportsTest, CoachingPairsStrongWithDevelopingManagersForHrOnly) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  json body = GetJson(hr, "/api/v1/reports/campaigns/y2026/coaching");
  ASSERT_TRUE(body.is_object());
  const json lead = Find(body["matches"], "competency", "lead");
  ASSERT_TRUE(lead.is_object()) << body.dump();
  ASSERT_EQ(lead["pairs"].size(), 1u);
  EXPECT_EQ(lead["pairs"][0]["mentor"]["person_id"], "ann");
  EXPECT_EQ(lead["pairs"][0]["learner"]["person_id"], "bob");
  EXPECT_EQ(lead["pairs"][0]["mentor"]["others_mean"], 5.0);
  const json plan = Find(body["matches"], "competency", "plan");
  ASSERT_TRUE(plan.is_object());
  EXPECT_EQ(plan["pairs"][0]["mentor"]["person_id"], "bob");
  EXPECT_EQ(plan["pairs"][0]["learner"]["person_id"], "ann");
  // talk has a mentor (cat) but no learner, team a learner (cat) but no mentor; dee's ratings
  // are suppressed and so never make her a mentor.
  EXPECT_TRUE(Find(body["matches"], "competency", "talk").is_null());
  EXPECT_TRUE(Find(body["matches"], "competency", "team").is_null());
  EXPECT_EQ(body.dump().find("\"dee\""), std::string::npos);

  const std::string manager = SignedInToken(m_server, "ann-user", "manager", "ann");
  json refused = GetJson(manager, "/api/v1/reports/campaigns/y2026/coaching", 403);
  EXPECT_EQ(refused["error"], "forbidden");
  const std::string analyst = SignedInToken(m_server, "an", "analyst");
  GetJson(analyst, "/api/v1/reports/campaigns/y2026/coaching", 403);
}

TEST_F(ProgrammeReportsTest, ProjectTeamShowsCoverageAndGaps) {
  const std::string hr = SignedInToken(m_server, "hr1", "hr");
  json body = GetJson(hr, "/api/v1/reports/campaigns/y2026/project-team?people=ann,cat,dee");
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body["not_covered"], json({"plan", "team"}));
  const json lead = Find(body["competencies"], "id", "lead");
  EXPECT_EQ(lead["best"]["person_id"], "ann");
  EXPECT_EQ(lead["best"]["others_mean"]["value"], 5.0);
  EXPECT_EQ(lead["strong"][0]["person_id"], "ann");
  EXPECT_EQ(Find(body["competencies"], "id", "talk")["best"]["person_id"], "cat");
  // dee's means are suppressed, so her 5s never count as the best.
  EXPECT_EQ(Find(body["competencies"], "id", "plan")["best"]["person_id"], "cat");

  json alone = GetJson(hr, "/api/v1/reports/campaigns/y2026/project-team?people=dee");
  const json dee_lead = Find(alone["competencies"], "id", "lead");
  EXPECT_TRUE(dee_lead["best"]["person_id"].is_null());
  EXPECT_EQ(dee_lead["best"]["others_mean"]["text"], "fewer than 3*");

  GetJson(hr, "/api/v1/reports/campaigns/y2026/project-team", 400);
  json unknown = GetJson(hr, "/api/v1/reports/campaigns/y2026/project-team?people=ann,nobody", 404);
  EXPECT_THAT(unknown["message"].get<std::string>(), HasSubstr("nobody"));
  const std::string manager = SignedInToken(m_server, "ann-user", "manager", "ann");
  GetJson(manager, "/api/v1/reports/campaigns/y2026/project-team?people=ann", 403);
}

TEST_F(ProgrammeReportsTest, SelfAssessmentPerServiceWithSuppressionAndScope) {
  const std::string analyst = SignedInToken(m_server, "an", "analyst");
  json body = GetJson(analyst, "/api/v1/reports/campaigns/self26/services");
  ASSERT_TRUE(body.is_object());
  const json parks = Find(body["services"], "unit_id", "svc");
  ASSERT_TRUE(parks.is_object()) << body.dump();
  EXPECT_EQ(parks["subjects"], 2);
  const json los = parks["sections"][0];
  EXPECT_EQ(los["id"], "los");
  EXPECT_EQ(los["all"]["n"]["value"], 4);
  EXPECT_EQ(los["all"]["mean"]["value"], 3.5);  // 4, 4, 2, 4
  EXPECT_EQ(los["all"]["favourable_pct"]["value"], 75.0);
  EXPECT_EQ(los["items"][0]["key"], "s1");
  EXPECT_EQ(los["items"][0]["text"], "Parks service does s1");
  EXPECT_EQ(los["items"][0]["all"]["mean"]["value"], 3.5);
  const json roads = Find(body["services"], "unit_id", "svc2");
  ASSERT_TRUE(roads.is_object());
  EXPECT_EQ(roads["sections"][0]["all"]["mean"]["text"], "fewer than 3*");
  EXPECT_EQ(roads["sections"][0]["items"][0]["all"]["mean"]["status"], "suppressed");
  EXPECT_TRUE(roads["sections"][0]["items"][1]["all"]["mean"]["value"].is_null());

  const std::string sam = SignedInToken(m_server, "sam-user", "manager", "sam");
  json led = GetJson(sam, "/api/v1/reports/campaigns/self26/services");
  ASSERT_EQ(led["services"].size(), 1u);
  EXPECT_EQ(led["services"][0]["unit_id"], "svc");
  const std::string bob = SignedInToken(m_server, "bob-user", "manager", "bob");
  EXPECT_TRUE(GetJson(bob, "/api/v1/reports/campaigns/self26/services")["services"].empty());
  GetJson(analyst, "/api/v1/reports/campaigns/y2026/services", 422);
}

}  // namespace
}  // namespace soundings::testing
