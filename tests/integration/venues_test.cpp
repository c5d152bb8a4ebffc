// Venues through the real server (docs/venues.md): admin and hr add and change them, whoever
// reads consultation reports lists them, every bad field is a 400 naming it, every change is
// audited, reports and kiosks see a change at once, and the CLI does the same through the same
// service.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/cli/venue_commands.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::vector<std::string> Paths(const json& body) {
  std::vector<std::string> out;
  for (const auto& p : body.value("problems", json::array())) out.push_back(p["path"]);
  return out;
}

class VenuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    m_hr = SignedInToken(m_server, "hr1", "hr");
  }

  httplib::Result Send(const std::string& method, const std::string& token, const std::string& path,
                       const json& body = nullptr) {
    auto client = m_server.Client();
    if (method == "GET") return client.Get(path, Bearer(token));
    if (method == "PUT") return client.Put(path, Bearer(token), body.dump(), "application/json");
    return client.Post(path, Bearer(token), body.dump(), "application/json");
  }

  json Venues(const std::string& token) {
    auto reply = Send("GET", token, "/api/v1/venues");
    EXPECT_TRUE(reply);
    if (!reply) return json();
    EXPECT_EQ(reply->status, 200) << reply->body;
    return json::parse(reply->body)["venues"];
  }

  std::vector<server::AuditEntry> Audited(const std::string& action) {
    auto entries = m_server.store().ListAudit();
    EXPECT_TRUE(entries.ok());
    std::vector<server::AuditEntry> out;
    if (!entries.ok()) return out;
    for (const auto& e : *entries) {
      if (e.action == action) out.push_back(e);
    }
    return out;
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_hr;
};

TEST_F(VenuesTest, HrAddsListsAndChangesAVenueAndEachChangeIsAudited) {
  auto created = Send("POST", m_hr, "/api/v1/venues",
                      {{"id", "selby-civic"},
                       {"name", " Selby Civic Centre "},
                       {"ward", "Selby West"},
                       {"area", "South"},
                       {"settlement", "urban"},
                       {"postcode", "yo84sp"}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(json::parse(created->body), json({{"id", "selby-civic"},
                                              {"name", "Selby Civic Centre"},
                                              {"ward", "Selby West"},
                                              {"area", "south"},
                                              {"settlement", "urban"},
                                              {"postcode", "YO8 4SP"}}));

  const json listed = Venues(m_hr);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["id"], "library");
  EXPECT_EQ(listed[0]["postcode"], "");
  EXPECT_EQ(listed[1]["name"], "Selby Civic Centre");

  // Only the fields given change; the id may be repeated but stays.
  auto updated = Send("PUT", m_hr, "/api/v1/venues/selby-civic",
                      {{"id", "selby-civic"}, {"name", "Selby Civic"}, {"settlement", "rural"}});
  ASSERT_TRUE(updated);
  ASSERT_EQ(updated->status, 200) << updated->body;
  const json venue = json::parse(updated->body);
  EXPECT_EQ(venue["name"], "Selby Civic");
  EXPECT_EQ(venue["settlement"], "rural");
  EXPECT_EQ(venue["ward"], "Selby West");
  EXPECT_EQ(venue["postcode"], "YO8 4SP");
  // An empty value clears a field.
  auto cleared = Send("PUT", m_hr, "/api/v1/venues/selby-civic", {{"postcode", ""}});
  ASSERT_TRUE(cleared);
  ASSERT_EQ(cleared->status, 200) << cleared->body;
  EXPECT_EQ(json::parse(cleared->body)["postcode"], "");

  const auto added = Audited("venue_created");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].actor, "user:hr1");
  EXPECT_EQ(added[0].target, "venue:selby-civic");
  const auto changed = Audited("venue_updated");
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[0].detail, "name, settlement");
  EXPECT_EQ(changed[1].detail, "postcode");

  // Saving what is already stored changes nothing, so nothing is audited.
  auto same = Send("PUT", m_hr, "/api/v1/venues/selby-civic", {{"name", "Selby Civic"}});
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 200) << same->body;
  EXPECT_EQ(Audited("venue_updated").size(), 2u);
}

TEST_F(VenuesTest, BadFieldsAre400WithTheirPathsAndNothingIsStored) {
  auto bad = Send("POST", m_hr, "/api/v1/venues",
                  {{"id", "Market Hall"},
                   {"name", ""},
                   {"area", "east"},
                   {"settlement", "suburban"},
                   {"postcode", "not a postcode"}});
  ASSERT_TRUE(bad);
  ASSERT_EQ(bad->status, 400) << bad->body;
  const json body = json::parse(bad->body);
  EXPECT_EQ(body["error"], "invalid_venue");
  EXPECT_EQ(Paths(body),
            (std::vector<std::string>{"id", "name", "area", "settlement", "postcode"}));
  EXPECT_THAT(bad->body, HasSubstr("\\\"north\\\" or \\\"south\\\""));

  auto types =
      Send("POST", m_hr, "/api/v1/venues", {{"id", "hall"}, {"name", 5}, {"post_code", "DL7 8AD"}});
  ASSERT_TRUE(types);
  ASSERT_EQ(types->status, 400) << types->body;
  EXPECT_EQ(Paths(json::parse(types->body)), (std::vector<std::string>{"name", "post_code"}));

  auto not_object = Send("POST", m_hr, "/api/v1/venues", json::array({"hall"}));
  ASSERT_TRUE(not_object);
  EXPECT_EQ(not_object->status, 400) << not_object->body;

  auto rename_id = Send("PUT", m_hr, "/api/v1/venues/library", {{"id", "town-library"}});
  ASSERT_TRUE(rename_id);
  ASSERT_EQ(rename_id->status, 400) << rename_id->body;
  EXPECT_EQ(Paths(json::parse(rename_id->body)), std::vector<std::string>{"id"});

  auto bad_update = Send("PUT", m_hr, "/api/v1/venues/library", {{"area", "west"}});
  ASSERT_TRUE(bad_update);
  ASSERT_EQ(bad_update->status, 400) << bad_update->body;
  EXPECT_EQ(Paths(json::parse(bad_update->body)), std::vector<std::string>{"area"});

  auto unknown = Send("PUT", m_hr, "/api/v1/venues/nowhere", {{"name", "Nowhere"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404) << unknown->body;
  EXPECT_THAT(unknown->body, HasSubstr("venue_not_found"));

  auto twice = Send("POST", m_hr, "/api/v1/venues", {{"id", "library"}, {"name", "Library 2"}});
  ASSERT_TRUE(twice);
  ASSERT_EQ(twice->status, 409) << twice->body;
  EXPECT_THAT(twice->body, HasSubstr("venue_exists"));
  EXPECT_EQ(Paths(json::parse(twice->body)), std::vector<std::string>{"id"});

  const json listed = Venues(m_hr);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0], json({{"id", "library"},
                             {"name", "Library"},
                             {"ward", "Romanby"},
                             {"area", "north"},
                             {"settlement", "urban"},
                             {"postcode", ""}}));
  EXPECT_TRUE(Audited("venue_created").empty());
  EXPECT_TRUE(Audited("venue_updated").empty());
}

TEST_F(VenuesTest, OnlyAdminAndHrChangeVenuesAndAnalystsOnlyList) {
  const std::string admin = SignedInToken(m_server, "root", "admin");
  const std::string analyst = SignedInToken(m_server, "ann", "analyst");
  const std::string manager = SignedInToken(m_server, "mo", "manager", "alex");
  const std::string head = SignedInToken(m_server, "hos", "head_of_service", "alex");
  EXPECT_EQ(Venues(analyst).size(), 1u);
  for (const auto& [who, token] : std::vector<std::pair<std::string, std::string>>{
           {"analyst", analyst}, {"manager", manager}, {"head_of_service", head}}) {
    auto add = Send("POST", token, "/api/v1/venues", {{"id", "hall"}, {"name", "Hall"}});
    ASSERT_TRUE(add);
    EXPECT_EQ(add->status, 403) << who;
    auto change = Send("PUT", token, "/api/v1/venues/library", {{"name", "Renamed"}});
    ASSERT_TRUE(change);
    EXPECT_EQ(change->status, 403) << who;
  }
  for (const auto& token : {manager, head}) {
    auto list = Send("GET", token, "/api/v1/venues");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->status, 403);
  }
  auto anonymous = m_server.Client().Get("/api/v1/venues");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(Venues(admin)[0]["name"], "Library");

  auto by_admin = Send("POST", admin, "/api/v1/venues", {{"id", "hall"}, {"name", "Hall"}});
  ASSERT_TRUE(by_admin);
  EXPECT_EQ(by_admin->status, 201) << by_admin->body;
  const auto added = Audited("venue_created");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].actor, "user:root");
}

// Reports keep counts by the venue id a response was stored with and read the venues when
// asked: a renamed venue, or one moved to another area, shows at once, with no rebuild.
TEST_F(VenuesTest, ARenamedOrMovedVenueShowsInTheConsultationReportAtOnce) {
  std::vector<sync::ResponseRecord> batch;
  batch.reserve(6);
  for (int i = 0; i < 6; ++i) batch.push_back(ParksResponse(i < 5 ? 4 : 2));
  ASSERT_TRUE(PostBatch(m_server, m_seeded.token, batch));
  const std::string crosstab =
      "/api/v1/reports/campaigns/parks/crosstab?question=q1&segment=venue_area";
  auto before = Send("GET", m_hr, crosstab);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_EQ(json::parse(before->body)["column_values"], json({"north"}));

  auto moved =
      Send("PUT", m_hr, "/api/v1/venues/library", {{"name", "Town Library"}, {"area", "south"}});
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->status, 200) << moved->body;

  auto after = Send("GET", m_hr, crosstab);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->status, 200) << after->body;
  const json cross = json::parse(after->body);
  EXPECT_EQ(cross["column_values"], json({"south"}));
  EXPECT_EQ(cross["cells"][3][0]["value"], 5);  // the five who answered 4, as before
  auto report = Send("GET", m_hr, "/api/v1/reports/campaigns/parks/consultation");
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 200) << report->body;
  EXPECT_EQ(json::parse(report->body)["venue_names"]["library"], "Town Library");
}

// A kiosk's responses name their venue; one the server does not know is rejected with the path
// venue_id (the kiosk keeps it), and accepted once the venue is added. The bundle lists it.
TEST_F(VenuesTest, AResponseFromAnUnknownVenueIsRejectedUntilTheVenueIsAdded) {
  auto response = ParksResponse();
  response.venue_id = "market-hall";
  auto first = PostBatch(m_server, m_seeded.token, {response});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->results.size(), 1u);
  EXPECT_EQ(first->results[0].status, sync::ResponseStatus::kRejected);
  ASSERT_FALSE(first->results[0].problems.empty());
  EXPECT_EQ(first->results[0].problems[0].path, "venue_id");
  EXPECT_THAT(first->results[0].problems[0].message, HasSubstr("market-hall"));

  auto added = Send("POST", m_hr, "/api/v1/venues",
                    {{"id", "market-hall"}, {"name", "Leyburn Market Hall"}, {"area", "north"}});
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  auto bundle = m_server.Client().Get("/api/v1/kiosk/bundle", Bearer(m_seeded.token));
  ASSERT_TRUE(bundle);
  ASSERT_EQ(bundle->status, 200) << bundle->body;
  EXPECT_THAT(bundle->body, HasSubstr("Leyburn Market Hall"));

  auto again = PostBatch(m_server, m_seeded.token, {response});
  ASSERT_TRUE(again);
  ASSERT_EQ(again->results.size(), 1u);
  EXPECT_EQ(again->results[0].status, sync::ResponseStatus::kAccepted);
}

class VenuesCliTest : public VenuesTest {
 protected:
  int Run(const std::vector<std::string>& args, std::string* out = nullptr,
          std::string* err = nullptr) {
    std::vector<std::string> with_data = args;
    with_data.emplace_back("--data");
    with_data.push_back(m_server.app().config().data_dir.string());
    std::ostringstream o;
    std::ostringstream e;
    const int code = server::RunVenuesCommand(with_data, o, e);
    if (out) *out = o.str();
    if (err) *err = e.str();
    return code;
  }
  TempFolder m_files;
};

TEST_F(VenuesCliTest, AddsListsAndChangesVenuesAsTheApiDoes) {
  std::string out, err;
  ASSERT_EQ(Run({"add", "--id", "leyburn-market", "--name", "Leyburn Market Hall", "--ward",
                 "Lower Wensleydale", "--area", "north", "--settlement", "rural", "--postcode",
                 "dl8 5aw"},
                &out, &err),
            0)
      << err;
  EXPECT_THAT(out, HasSubstr("venue leyburn-market added"));
  ASSERT_EQ(Run({"set", "leyburn-market", "--name", "Leyburn Market", "--ward", ""}, &out, &err), 0)
      << err;
  ASSERT_EQ(Run({"list"}, &out, &err), 0) << err;
  EXPECT_EQ(out,
            "leyburn-market\tLeyburn Market\t\tnorth\trural\tDL8 5AW\n"
            "library\tLibrary\tRomanby\tnorth\turban\t\n");
  const json listed = Venues(m_hr);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["name"], "Leyburn Market");
  ASSERT_EQ(Audited("venue_created").size(), 1u);
  EXPECT_EQ(Audited("venue_created")[0].actor, "cli");
  ASSERT_EQ(Audited("venue_updated").size(), 1u);
  EXPECT_EQ(Audited("venue_updated")[0].detail, "name, ward");
}

TEST_F(VenuesCliTest, RefusesBadInputWithTheFieldAndAUsageForBadWords) {
  std::string out, err;
  EXPECT_EQ(Run({"add", "--id", "hall", "--name", "Hall", "--postcode", "XX"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("postcode: \"XX\" is not a full UK postcode"));
  EXPECT_EQ(Run({"add", "--id", "library", "--name", "Again"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("exists already"));
  EXPECT_EQ(Run({"set", "nowhere", "--name", "X"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("There is no venue \"nowhere\""));
  EXPECT_EQ(Run({"add", "--name", "Hall"}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("'add' needs --id and --name"));
  EXPECT_EQ(Run({"set", "library", "--id", "lib"}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("a venue's id cannot change"));
  EXPECT_EQ(Run({"set", "library"}, &out, &err), 2);
  EXPECT_EQ(Run({"add", "--id", "hall", "--name"}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("--name needs a value"));
  EXPECT_EQ(Run({"rename"}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("unknown subcommand 'rename'"));
  EXPECT_EQ(Run({"--help"}, &out, &err), 0);
  EXPECT_THAT(out, HasSubstr("venues import FILE"));
  EXPECT_EQ(Venues(m_hr).size(), 1u);
}

TEST_F(VenuesCliTest, ImportsACsvAllOrNothing) {
  const auto bad = m_files.path() / "bad.csv";
  {
    std::ofstream file(bad);
    file << "id,name,ward,area,settlement,postcode\n"
            "selby-civic,Selby Civic Centre,Selby West,south,urban,YO8 4SP\n"
            "library,Library again,,,,\n"
            "sherburn,Sherburn Village Hall,,middle,rural,\n";
  }
  std::string out, err;
  EXPECT_EQ(Run({"import", bad.string()}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("bad.csv:3: id \"library\" exists already"));
  EXPECT_THAT(err, HasSubstr("bad.csv:4: area must be"));
  EXPECT_EQ(Venues(m_hr).size(), 1u) << "a bad file added some venues";

  const auto good = m_files.path() / "good.csv";
  {
    std::ofstream file(good);
    file << "id,name,postcode\r\n"
            "selby-civic,\"Selby Civic Centre, Portholme Road\",yo84sp\r\n"
            "sherburn,Sherburn Village Hall,\r\n";
  }
  ASSERT_EQ(Run({"import", good.string()}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("2 venues imported"));
  const json listed = Venues(m_hr);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[1]["name"], "Selby Civic Centre, Portholme Road");
  EXPECT_EQ(listed[1]["postcode"], "YO8 4SP");
  EXPECT_EQ(Audited("venue_created").size(), 2u);
}

}  // namespace
}  // namespace soundings::testing
