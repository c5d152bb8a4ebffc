// Unit leads through the API and the CLI (issue 16 item 5): who leads a unit decides a manager's
// team scope, and until now only an import could set it.
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/cli/unit_commands.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class UnitLeadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(m_server);  // unit "org" led by "chief"; alex in it, a subject of c360
    ASSERT_TRUE(m_server.store().AddPerson({"pat", "Pat Quinn", "", "org"}).ok());
    ASSERT_TRUE(m_server.store().AddOrgUnit({"parks-team", "org", "team", "Parks", ""}).ok());
    // Team reports of a 360 are read once it has closed.
    ASSERT_TRUE(m_server.store().SetCampaignState("c360", "closed").ok());
    m_admin = SignedInToken(m_server, "admin1", "admin");
    m_manager = SignedInToken(m_server, "pat-user", "manager", "pat");
  }

  httplib::Result PutLead(const std::string& unit, const json& body,
                          const std::string& token = "") {
    return m_server.Client().Put("/api/v1/units/" + unit + "/lead",
                                 Bearer(token.empty() ? m_admin : token), body.dump(),
                                 "application/json");
  }

  // The units the manager's team rollup of c360 covers.
  std::vector<std::string> TeamsOfManager() {
    auto reply = m_server.Client().Get("/api/v1/reports/campaigns/c360/teams", Bearer(m_manager));
    EXPECT_TRUE(reply);
    if (!reply) return {};
    EXPECT_EQ(reply->status, 200) << reply->body;
    std::vector<std::string> out;
    if (reply->status != 200) return out;
    const json body = json::parse(reply->body);
    for (const auto& t : body["teams"]) out.push_back(t["unit_id"].get<std::string>());
    return out;
  }

  std::string LeadOf(const std::string& unit) {
    auto units = m_server.store().ListOrgUnits();
    EXPECT_TRUE(units.ok());
    if (!units.ok()) return "?";
    for (const auto& u : *units) {
      if (u.id == unit) return u.lead_person_id;
    }
    return "?";
  }

  TestServer m_server;
  std::string m_admin;
  std::string m_manager;
};

TEST_F(UnitLeadTest, SettingALeadGivesThatManagerTeamScope) {
  EXPECT_TRUE(TeamsOfManager().empty());
  auto set = PutLead("org", {{"person_id", "pat"}});
  ASSERT_TRUE(set);
  ASSERT_EQ(set->status, 200) << set->body;
  const json unit = json::parse(set->body);
  EXPECT_EQ(unit["id"], "org");
  EXPECT_EQ(unit["lead_person_id"], "pat");
  EXPECT_EQ(TeamsOfManager(), std::vector<std::string>{"org"});

  auto cleared = PutLead("org", {{"person_id", nullptr}});
  ASSERT_TRUE(cleared);
  ASSERT_EQ(cleared->status, 200) << cleared->body;
  EXPECT_TRUE(json::parse(cleared->body)["lead_person_id"].is_null());
  EXPECT_EQ(LeadOf("org"), "");
  EXPECT_TRUE(TeamsOfManager().empty());
}

TEST_F(UnitLeadTest, IsAudited) {
  ASSERT_EQ(PutLead("parks-team", {{"person_id", "pat"}})->status, 200);
  ASSERT_EQ(PutLead("parks-team", {{"person_id", ""}})->status, 200);
  auto audit = m_server.store().ListAudit();
  ASSERT_TRUE(audit.ok());
  std::vector<std::string> details;
  for (const auto& e : *audit) {
    if (e.action == "unit_lead_set") {
      EXPECT_EQ(e.target, "unit:parks-team");
      EXPECT_EQ(e.actor, "user:admin1");
      details.push_back(e.detail);
    }
  }
  EXPECT_EQ(details, (std::vector<std::string>{"none -> pat", "pat -> none"}));
}

TEST_F(UnitLeadTest, RefusesUnknownUnitsPeopleAndBadBodies) {
  auto no_unit = PutLead("nowhere", {{"person_id", "pat"}});
  ASSERT_TRUE(no_unit);
  EXPECT_EQ(no_unit->status, 404);
  EXPECT_EQ(json::parse(no_unit->body)["error"], "not_found");

  auto no_person = PutLead("org", {{"person_id", "ghost"}});
  ASSERT_TRUE(no_person);
  EXPECT_EQ(no_person->status, 422);
  const json error = json::parse(no_person->body);
  EXPECT_EQ(error["error"], "unknown_person");
  EXPECT_EQ(error["problems"][0]["path"], "person_id");
  EXPECT_EQ(LeadOf("org"), "chief");

  for (const json& body : {json::object(), json{{"person_id", 7}}}) {
    auto bad = PutLead("org", body);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400) << body.dump();
    EXPECT_EQ(json::parse(bad->body)["problems"][0]["path"], "person_id");
  }
  auto as_manager = PutLead("org", {{"person_id", "pat"}}, m_manager);
  ASSERT_TRUE(as_manager);
  EXPECT_EQ(as_manager->status, 403);
  EXPECT_EQ(LeadOf("org"), "chief");
}

TEST_F(UnitLeadTest, ListsUnitsWithKindParentAndLead) {
  auto reply = m_server.Client().Get("/api/v1/units", Bearer(m_admin));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  const json units = json::parse(reply->body)["units"];
  ASSERT_EQ(units.size(), 2U);
  EXPECT_EQ(units[0], (json{{"id", "org"},
                            {"name", "Council"},
                            {"kind", "organisation"},
                            {"parent_id", nullptr},
                            {"lead_person_id", "chief"}}));
  EXPECT_EQ(units[1]["parent_id"], "org");
  EXPECT_TRUE(units[1]["lead_person_id"].is_null());
  const json people = json::parse(reply->body)["people"];
  ASSERT_EQ(people.size(), 2U);
  EXPECT_EQ(people[1], (json{{"id", "pat"}, {"name", "Pat Quinn"}}));
  auto as_manager = m_server.Client().Get("/api/v1/units", Bearer(m_manager));
  ASSERT_TRUE(as_manager);
  EXPECT_EQ(as_manager->status, 403);
}

TEST_F(UnitLeadTest, CliSetsListsAndClearsLeads) {
  const std::string data = m_server.app().config().data_dir.string();
  auto run = [](const std::vector<std::string>& args, std::string& out, std::string& err) {
    std::ostringstream o;
    std::ostringstream e;
    const int code = server::RunUnitsCommand(args, o, e);
    out = o.str();
    err = e.str();
    return code;
  };
  std::string out;
  std::string err;
  ASSERT_EQ(run({"set-lead", "parks-team", "pat", "--data", data}, out, err), 0) << err;
  EXPECT_THAT(out, HasSubstr("parks-team is led by pat"));
  EXPECT_EQ(LeadOf("parks-team"), "pat");
  ASSERT_EQ(run({"list", "--data", data}, out, err), 0) << err;
  EXPECT_THAT(out, HasSubstr("parks-team\tteam\torg\tpat\tParks\n"));
  EXPECT_THAT(out, HasSubstr("org\torganisation\t-\tchief\tCouncil\n"));
  ASSERT_EQ(run({"set-lead", "parks-team", "--none", "--data", data}, out, err), 0) << err;
  EXPECT_EQ(LeadOf("parks-team"), "");

  EXPECT_EQ(run({"set-lead", "parks-team", "ghost", "--data", data}, out, err), 1);
  EXPECT_THAT(err, HasSubstr("person_id: no such person"));
  EXPECT_EQ(run({"set-lead", "nowhere", "pat", "--data", data}, out, err), 1);
  EXPECT_THAT(err, HasSubstr("No unit \"nowhere\""));
  // Neither PERSON nor --none: a lead is never cleared by a forgotten argument.
  EXPECT_EQ(run({"set-lead", "parks-team", "--data", data}, out, err), 2);
  EXPECT_EQ(run({"set-lead", "parks-team", "pat", "--none", "--data", data}, out, err), 2);
  auto audit = m_server.store().ListAudit();
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->back().actor, "cli");
}

}  // namespace
}  // namespace soundings::testing
