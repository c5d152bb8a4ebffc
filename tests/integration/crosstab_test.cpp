// Consultation cross-tabs over HTTP (issue 13): responses arrive through sync; a scale as the
// question gives means per segment with intervals and Welch's test; filters, a layer, a likert
// item and the ward as segments; "not answered" and "prefer not to say" as their own rows and
// columns so the margins are the distributions the consultation report shows; and 400s naming
// the parameter that was wrong.
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_server.h"
#include "tests/support/temp_dir.h"

namespace soundings::testing {
namespace {

using nlohmann::json;

json Text(const std::string& s) { return {{"en", s}}; }

json Likert(const std::string& id, bool reverse = false) {
  json item = {{"id", id}, {"type", "likert"}, {"scale", "agree5"}, {"text", Text(id)}};
  if (reverse) item["reverse_scored"] = true;
  return item;
}

// "civic" v1: a three-item trust scale (t3 reverse-keyed), a choice and a yes/no, and age with
// "prefer not to say".
json CivicTemplate() {
  json scale = {{"id", "agree5"}, {"points", json::array()}, {"not_applicable", Text("N/A")}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", Text(std::to_string(v))}});
  }
  auto options = [](const std::vector<std::string>& values) {
    json out = json::array();
    for (const auto& v : values) out.push_back({{"value", v}, {"label", Text(v)}});
    return out;
  };
  return {{"id", "civic"},
          {"version", 1},
          {"kind", "consultation"},
          {"languages", {"en"}},
          {"title", Text("Civic")},
          {"scales", {scale}},
          {"sections",
           {{{"id", "trust"},
             {"title", Text("Trust in the council")},
             {"scale_score", true},
             {"items", {Likert("t1"), Likert("t2"), Likert("t3", true)}}},
            {{"id", "views"},
             {"title", Text("Views")},
             {"items",
              {{{"id", "choice"},
                {"type", "single_choice"},
                {"options", options({"a", "b"})},
                {"text", Text("Choice")}},
               {{"id", "yn"}, {"type", "yes_no"}, {"text", Text("Yes or no")}}}}},
            {{"id", "about"},
             {"title", Text("About you")},
             {"items",
              {{{"id", "age"},
                {"type", "single_choice"},
                {"prefer_not_to_say", true},
                {"options", options({"young", "old"})},
                {"text", Text("Age")}}}}}}}};
}

class CrossTabApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    const auto file = m_dir.path() / "civic-v1.json";
    std::ofstream(file) << CivicTemplate().dump();
    auto loaded = m_server.app().templates().LoadFile(file);
    ASSERT_TRUE(loaded.ok()) << loaded.ErrorText();
    auto& store = m_server.store();
    ASSERT_TRUE(store.AddCampaign({"civic", "civic", 1, "Civic", "consultation", "open"}).ok());
    ASSERT_TRUE(store.AddVenue({"hall", "Hall", "south", "rural", "Brompton"}).ok());
    // 30 at the library (ward Romanby): young agree (trust 4), old disagree (trust 2); 12 at the
    // hall (Brompton). 4 of the library's "a" skip age, 6 prefer not to say.
    std::vector<sync::ResponseRecord> batch;
    auto add = [&](const std::string& venue, const std::string& choice, const json& age, int trust,
                   bool yn, int times) {
      for (int i = 0; i < times; ++i) {
        sync::ResponseRecord r = ParksResponse();
        r.campaign_id = "civic";
        r.template_id = "civic";
        r.template_version = 1;
        r.venue_id = venue;
        r.answers = {
            {"t1", trust}, {"t2", trust}, {"t3", 6 - trust}, {"choice", choice}, {"yn", yn}};
        if (!age.is_null()) r.answers["age"] = age;
        batch.push_back(std::move(r));
      }
    };
    add("library", "a", "young", 4, true, 10);
    add("library", "a", "old", 2, false, 8);
    add("library", "a", nullptr, 3, true, 4);
    add("library", "b", "prefer_not_to_say", 3, false, 6);
    add("library", "b", "old", 1, true, 2);
    add("hall", "b", "young", 5, true, 7);
    add("hall", "a", "old", 2, false, 5);
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted) << r.uuid;
    }
    m_analyst = SignedInToken(m_server, "ann", "analyst");
  }

  json Get(const std::string& query, int status = 200) {
    auto reply = m_server.Client().Get("/api/v1/reports/campaigns/civic/crosstab?" + query,
                                       Bearer(m_analyst));
    EXPECT_TRUE(reply);
    if (!reply) return {};
    EXPECT_EQ(reply->status, status) << query << " " << reply->body;
    return json::parse(reply->body);
  }

  ::soundings::testing::TempDir m_dir;
  TestServer m_server;
  Seeded m_seeded;
  std::string m_analyst;
};

TEST_F(CrossTabApiTest, TheMarginsAreTheConsultationsDistributionsWithNotAnsweredHidden) {
  auto reply =
      m_server.Client().Get("/api/v1/reports/campaigns/civic/consultation", Bearer(m_analyst));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  const json report = json::parse(reply->body);
  json choice;
  for (const auto& q : report["questions"]) {
    if (q["id"] == "choice") choice = q["distribution"];
  }
  bool ward_listed = false;
  for (const auto& s : report["segments"]) ward_listed = ward_listed || s["id"] == "venue_ward";
  EXPECT_TRUE(ward_listed);

  const json x = Get("question=choice&segment=age");
  EXPECT_EQ(x["column_values"], json({"young", "old", "prefer_not_to_say", "not_answered"}));
  ASSERT_EQ(x["row_values"], json({"a", "b"}));
  for (std::size_t r = 0; r < 2; ++r) {
    EXPECT_EQ(x["row_totals"][r], choice["counts"][r]["count"]);
  }
  EXPECT_EQ(x["row_totals"][0]["value"], 27);           // every "a", the 4 who skipped age too
  EXPECT_EQ(x["cells"][0][3]["status"], "suppressed");  // those 4
  EXPECT_EQ(x["column_totals"][3]["status"], "suppressed");
  EXPECT_EQ(x["total"]["value"], 42);
  EXPECT_EQ(x["test"]["test"], "chi_square");
  EXPECT_EQ(x["test"]["cells_suppressed"], true);
  EXPECT_FALSE(x["test"].contains("cramers_v"));
}

TEST_F(CrossTabApiTest, AScaleGivesMeansPerSegmentWithIntervalsAndWelchsTest) {
  const json x = Get("question=trust&segment=venue_ward");
  EXPECT_EQ(x["question"]["kind"], "scale");
  EXPECT_EQ(x["question"]["text"], "Trust in the council");
  std::map<std::string, json> groups;
  for (const auto& g : x["means"]["groups"]) groups[g["segment"]] = g;
  ASSERT_TRUE(groups.contains("Romanby") && groups.contains("Brompton"));
  EXPECT_EQ(groups["Romanby"]["n"]["value"], 30);
  EXPECT_EQ(groups["Brompton"]["n"]["value"], 12);
  // t3 is reverse-keyed (6 - trust), so each respondent's scale score is their trust.
  // Brompton: 7 at 5 and 5 at 2 = 45 / 12.
  EXPECT_DOUBLE_EQ(groups["Brompton"]["mean"]["value"].get<double>(), 3.75);
  EXPECT_TRUE(groups["Brompton"]["interval"].contains("low"));
  EXPECT_EQ(x["test"]["welch"]["state"], "computed");
  EXPECT_TRUE(x["test"]["welch"].contains("p_value"));

  // By age among the library's respondents: the 4 who skipped age are a group under 5.
  const json by_age = Get("question=trust&segment=age&filter=venue:library");
  std::map<std::string, json> age;
  for (const auto& g : by_age["means"]["groups"]) age[g["segment"]] = g;
  EXPECT_EQ(age["not_answered"]["mean"]["status"], "suppressed");
  EXPECT_EQ(age["young"]["n"]["value"], 10);
  EXPECT_DOUBLE_EQ(age["young"]["mean"]["value"].get<double>(), 4.0);
}

TEST_F(CrossTabApiTest, FiltersLayersALikertSegmentAndTheWard) {
  const json north = Get("question=choice&segment=yn&filter=venue_area:north");
  EXPECT_EQ(north["total"]["value"], 30);
  EXPECT_EQ(north["filters"][0]["id"], "venue_area");
  // Two filters, ANDed, one with two values.
  const json both = Get("question=choice&segment=yn&filter=venue_area:north&filter=age:young,old");
  EXPECT_EQ(both["total"]["value"], 20);

  const json layered = Get("question=choice&segment=yn&layer=venue_ward");
  ASSERT_EQ(layered["layers"].size(), 2u);
  EXPECT_EQ(layered["layers"][0]["value"], "Brompton");
  EXPECT_EQ(layered["layers"][1]["value"], "Romanby");
  EXPECT_EQ(layered["layers"][0]["total"]["value"], 12);
  EXPECT_EQ(layered["layers"][1]["total"]["value"], 30);
  // The two-way table beside the layers is the one the plain request shows.
  const json plain = Get("question=choice&segment=yn");
  EXPECT_EQ(layered["cells"], plain["cells"]);
  EXPECT_EQ(layered["row_totals"], plain["row_totals"]);
  // A layer reads like the same slice as a filter.
  const json romanby = Get("question=choice&segment=yn&filter=venue_ward:Romanby");
  EXPECT_EQ(romanby["cells"], layered["layers"][1]["cells"]);

  const json by_likert = Get("question=choice&segment=t1");
  EXPECT_EQ(by_likert["column_values"], json({"1", "2", "3", "4", "5", "na"}));
  const json by_ward = Get("question=yn&segment=venue_ward");
  EXPECT_EQ(by_ward["column_values"], json({"Brompton", "Romanby"}));
  EXPECT_EQ(by_ward["column_totals"][1]["value"], 30);
}

TEST_F(CrossTabApiTest, BadParametersAre400NamingTheParameter) {
  for (const auto& [query, path] : std::vector<std::pair<std::string, std::string>>{
           {"question=nowhere&segment=age", "question"},
           {"question=choice&segment=trust", "segment"},
           {"question=choice&segment=choice", "segment"},
           {"question=choice&segment=age&filter=age:ancient", "filter"},
           {"question=choice&segment=age&filter=nocolon", "filter"},
           {"question=choice&segment=age&filter=t9:1", "filter"},
           {"question=choice&segment=age&layer=age", "layer"},
           {"question=trust&segment=age&layer=yn", "layer"}}) {
    const json body = Get(query, 400);
    ASSERT_FALSE(body["problems"].empty()) << query;
    EXPECT_EQ(body["problems"][0]["path"], path) << query;
  }
}

}  // namespace
}  // namespace soundings::testing
