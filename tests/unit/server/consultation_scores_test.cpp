// ReportService::ConsultationScores and its CSV against a small SQLite data set built through the
// real schema: item scores with Wilson intervals, a reverse-keyed item flipped, a consultation
// section marked competency as a scale with Cronbach's alpha, number answers, and suppression
// of small segment groups with the secondary rule. Five respondents answer the worked example of
// docs/results-maths.md ("Cronbach's alpha"), so its figures are the expected ones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"
#include "server/services/csv.h"
#include "server/store/sqlite_store.h"
#include "shared/sync/protocol.h"
#include "tests/support/temp_dir.h"

namespace soundings::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json WellbeingTemplate() {
  json scale = {{"id", "agree5"}, {"points", json::array()}, {"not_applicable", {{"en", "N/A"}}}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", {{"en", "p" + std::to_string(v)}}}});
  }
  auto likert = [](const std::string& id, bool reverse) {
    json item = {{"id", id},
                 {"type", "likert"},
                 {"scale", "agree5"},
                 {"text", {{"en", id == "w3" ? "=SUM(A1:A9) is how I feel" : "Statement " + id}}}};
    if (reverse) item["reverse_scored"] = true;
    return item;
  };
  json group = {{"id", "grp"},
                {"type", "single_choice"},
                {"text", {{"en", "Group"}}},
                {"options",
                 {{{"value", "a"}, {"label", {{"en", "Group A"}}}},
                  {{"value", "b"}, {"label", {{"en", "Group B"}}}}}}};
  json age = {{"id", "age"}, {"type", "number"}, {"min", 0},
              {"max", 120},  {"integer", true},  {"text", {{"en", "Your age"}}}};
  json sections = json::array();
  // A consultation section marked competency: a scale like any scale_score section.
  sections.push_back({{"id", "wellbeing"},
                      {"competency", true},
                      {"title", {{"en", "Wellbeing"}}},
                      {"items", {likert("w1", false), likert("w2", true), likert("w3", false)}}});
  sections.push_back({{"id", "about"}, {"title", {{"en", "About you"}}}, {"items", {group, age}}});
  return {{"id", "wb"},
          {"version", 1},
          {"kind", "consultation"},
          {"languages", {"en"}},
          {"title", {{"en", "Wellbeing"}}},
          {"scales", json::array({scale})},
          {"sections", sections}};
}

class ConsultationScoresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(store.ok()) << store.ErrorText();
    m_store = std::move(store).value();
    const json document = WellbeingTemplate();
    TemplateVersionRow row;
    row.template_id = "wb";
    row.version = 1;
    row.kind = "consultation";
    row.document = document.dump();
    row.document_hash = sync::Sha256Hex(row.document);
    ASSERT_TRUE(m_store->AddTemplateVersion(row).ok());
    ASSERT_TRUE(m_store->AddCampaign({"wb", "wb", 1, "Wellbeing", "consultation", "open"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_n", "North hall", "north", "urban", "W1"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_s", "South barn", "south", "rural", "W2"}).ok());
    ASSERT_TRUE(m_store->AddVenue({"v_e", "East library", "", "rural", "W3"}).ok());

    // Group a at the north venue: the worked example's scores (w1 w2 w3 as scores; w2 is
    // reverse-keyed, so its raw answer is 6 - score) and ages 20..60.
    const int example[5][3] = {{4, 5, 4}, {3, 3, 2}, {5, 4, 5}, {2, 2, 3}, {4, 4, 4}};
    for (int i = 0; i < 5; ++i) {
      Add("v_n", "a", example[i][0], 6 - example[i][1], example[i][2], 20 + 10 * i);
    }
    for (int i = 0; i < 6; ++i) Add("v_s", "b", 3, 3, 3, 35);
    for (int i = 0; i < 2; ++i) Add("v_e", "b", 1, 5, 1, 70);

    auto reports = SqliteReportStore::Open(m_dir.path() / "s.db");
    ASSERT_TRUE(reports.ok()) << reports.ErrorText();
    m_reports = std::move(reports).value();
    m_service = std::make_unique<ReportService>(*m_reports);
  }

  void Add(const std::string& venue, const std::string& group, int w1, int w2_raw, int w3,
           int age) {
    StoredResponse r;
    r.uuid = sync::NewUuidV4();
    r.content_hash = "x";
    r.campaign_id = "wb";
    r.template_id = "wb";
    r.template_version = 1;
    r.venue_id = venue;
    r.language = "en";
    r.started_at = "2026-11-20T10:00:00Z";
    r.completed_at = "2026-11-20T10:05:00Z";
    r.answers["w1"] = json(w1).dump();
    r.answers["w2"] = json(w2_raw).dump();
    r.answers["w3"] = json(w3).dump();
    r.answers["grp"] = json(group).dump();
    r.answers["age"] = json(age).dump();
    auto tx = m_store->BeginIngest();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->InsertResponse(r).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  void AddNotApplicable(const std::string& venue, const std::string& group) {
    StoredResponse r;
    r.uuid = sync::NewUuidV4();
    r.content_hash = "x";
    r.campaign_id = "wb";
    r.template_id = "wb";
    r.template_version = 1;
    r.venue_id = venue;
    r.language = "en";
    r.started_at = "2026-11-20T10:00:00Z";
    r.completed_at = "2026-11-20T10:05:00Z";
    for (const char* item : {"w1", "w2", "w3"}) r.answers[item] = json("na").dump();
    r.answers["grp"] = json(group).dump();
    auto tx = m_store->BeginIngest();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->InsertResponse(r).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  json Scores(const std::string& segment) {
    auto report = m_service->ConsultationScores({1, "u-analyst", "analyst", ""}, "wb", segment);
    EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
    return report.ok() ? *report : json();
  }

  testing::TempDir m_dir;
  std::unique_ptr<SqliteStore> m_store;
  std::unique_ptr<SqliteReportStore> m_reports;
  std::unique_ptr<ReportService> m_service;
};

// The entry of `list` whose `field` is `id`, and its group `group`.
const json& Entry(const json& list, const std::string& field, const std::string& id) {
  for (const auto& e : list) {
    if (e.at(field) == id) return e;
  }
  static const json kMissing;
  ADD_FAILURE() << "no " << id;
  return kMissing;
}
const json& GroupOf(const json& entry, const std::string& group) {
  for (const auto& g : entry.at("groups")) {
    if (g.at("group") == group) return g;
  }
  static const json kMissing;
  ADD_FAILURE() << "no group " << group;
  return kMissing;
}
double Value(const json& cell) { return cell.at("value").get<double>(); }
bool Suppressed(const json& cell) { return cell.value("status", "") == "suppressed"; }
std::pair<std::string, std::string> Key(const std::string& group, const std::string& key) {
  return {group, key};
}

// Five more people of group a answer each point of every item, and five more "not applicable":
// then every count of a's items reaches the minimum (w1: 5 6 6 7 6 at points 1-5, N/A 5).
TEST_F(ConsultationScoresTest, ItemFiguresAreTheHandComputedOnesWithWilsonIntervals) {
  for (int point = 1; point <= 5; ++point) {
    for (int i = 0; i < 5; ++i) Add("v_n", "a", point, 6 - point, point, 30);
  }
  for (int i = 0; i < 5; ++i) AddNotApplicable("v_n", "a");
  const json scores = Scores("grp");
  const json& a = GroupOf(Entry(scores["items"], "key", "w1"), "a");
  EXPECT_EQ(a["n"]["value"], 30);
  EXPECT_TRUE(a["n"]["value"].is_number_integer());
  EXPECT_EQ(a["not_applicable"]["value"], 5);
  EXPECT_DOUBLE_EQ(Value(a["mean"]), 3.1);  // (5 + 12 + 18 + 28 + 30) / 30
  EXPECT_DOUBLE_EQ(Value(a["sd"]), 1.4);
  EXPECT_EQ(a["top2"]["count"]["value"], 13);
  EXPECT_DOUBLE_EQ(Value(a["top2"]["proportion"]), 0.4333);
  EXPECT_DOUBLE_EQ(Value(a["top2"]["low"]), 0.2738);
  EXPECT_DOUBLE_EQ(Value(a["top2"]["high"]), 0.608);
  EXPECT_EQ(a["bottom2"]["count"]["value"], 11);
  EXPECT_DOUBLE_EQ(Value(a["bottom2"]["low"]), 0.2187);
  EXPECT_DOUBLE_EQ(Value(a["bottom2"]["high"]), 0.5449);
  // Group b (8: six 3s and two 1s) is large enough, but its counts at 2, 4, 5 and N/A are
  // hidden wherever its distribution is shown: n x mean = 2 x 1 + 6 x 3 would give them away.
  const json& b = GroupOf(Entry(scores["items"], "key", "w1"), "b");
  EXPECT_TRUE(Suppressed(b["mean"]));
  EXPECT_TRUE(Suppressed(b["n"]));
  EXPECT_TRUE(Suppressed(b["top2"]["proportion"]));
  EXPECT_EQ(scores["groups"].back()["value"], "not_answered");
}

TEST_F(ConsultationScoresTest, AReverseKeyedItemIsFlippedAndSaysSo) {
  const json scores = Scores("");
  const json& w2 = Entry(scores["items"], "key", "w2");
  EXPECT_EQ(w2["reverse_scored"], true);
  EXPECT_THAT(w2["note"].get<std::string>(), HasSubstr("shown flipped"));
  EXPECT_EQ(Entry(scores["items"], "key", "w1").contains("note"), false);
  // Raw answers 1 3 2 4 2, 3 x6, 5 x2 score 5 3 4 2 4, 3 x6, 1 x2; with five more people per
  // raw answer 1-5 (scores 5-1) and five N/A, the scores are 1 x7, 2 x6, 3 x12, 4 x7, 5 x6:
  // mean 113 / 38 from the flipped scores, not 115 / 38 from the raw answers.
  for (int raw = 1; raw <= 5; ++raw) {
    for (int i = 0; i < 5; ++i) Add("v_n", "a", raw, raw, raw, 30);
  }
  for (int i = 0; i < 5; ++i) AddNotApplicable("v_n", "a");
  const json after = Scores("");
  const json& all = GroupOf(Entry(after["items"], "key", "w2"), "all");
  EXPECT_EQ(all["n"]["value"], 38);
  EXPECT_DOUBLE_EQ(Value(all["mean"]), 2.97);
  EXPECT_EQ(all["top2"]["count"]["value"], 13);     // scores 5 x6 and 4 x7
  EXPECT_EQ(all["bottom2"]["count"]["value"], 13);  // scores 2 x6 and 1 x7
}

TEST_F(ConsultationScoresTest, ACompetencySectionIsAScaleWithAlphaAndAlphaIfItemDeleted) {
  const json scores = Scores("grp");
  ASSERT_EQ(scores["scales"].size(), 1u);
  const json& scale = scores["scales"][0];
  EXPECT_EQ(scale["section"], "wellbeing");
  EXPECT_EQ(scale["items"][1]["reverse_scored"], true);
  const json& a = GroupOf(scale, "a");
  EXPECT_EQ(a["n"]["value"], 5);
  EXPECT_DOUBLE_EQ(Value(a["mean"]), 3.6);  // 10.8 / 3
  EXPECT_DOUBLE_EQ(Value(a["sd"]), 1.04);   // sqrt(9.7) / 3
  EXPECT_DOUBLE_EQ(Value(a["alpha"]["value"]), 0.897);
  EXPECT_EQ(a["alpha"]["n"]["value"], 5);
  EXPECT_DOUBLE_EQ(Value(a["items"][0]["alpha_if_deleted"]), 0.762);
  EXPECT_DOUBLE_EQ(Value(a["items"][1]["alpha_if_deleted"]), 0.894);
  EXPECT_DOUBLE_EQ(Value(a["items"][2]["alpha_if_deleted"]), 0.894);
  // Scale scores 4.33 2.67 4.67 2.33 4 placed at 4 3 5 2 4: counts under the minimum, hidden
  // like any distribution's, and with them the top-2 share, their sum.
  for (const auto& d : a["distribution"]) EXPECT_TRUE(Suppressed(d["count"])) << d;
  EXPECT_TRUE(Suppressed(a["top2"]["count"]));
}

TEST_F(ConsultationScoresTest, NumberAnswersHaveMeanSdMedianMinAndMax) {
  const json scores = Scores("grp");
  ASSERT_EQ(scores["numbers"].size(), 1u);
  const json& a = GroupOf(scores["numbers"][0], "a");
  EXPECT_EQ(a["n"]["value"], 5);
  EXPECT_DOUBLE_EQ(Value(a["mean"]), 40);
  EXPECT_DOUBLE_EQ(Value(a["sd"]), 15.81);  // sqrt(1000 / 4)
  EXPECT_DOUBLE_EQ(Value(a["median"]), 40);
  EXPECT_DOUBLE_EQ(Value(a["min"]), 20);
  EXPECT_DOUBLE_EQ(Value(a["max"]), 60);
  const json& b = GroupOf(scores["numbers"][0], "b");
  EXPECT_DOUBLE_EQ(Value(b["median"]), 35);  // 35 x6, 70 x2
}

TEST_F(ConsultationScoresTest, ASmallGroupIsHiddenAndTheNextSmallestToo) {
  for (const std::string segment : {"venue_area", "venue_ward"}) {
    const json scores = Scores(segment);
    // East (2; no area, so "not answered" by area) is under 5; north (5) is hidden too, else
    // all (13) minus south (6) minus north would give east's figures. South (6) is shown.
    const std::string east = segment == "venue_area" ? "not_answered" : "W3";
    const std::string north = segment == "venue_area" ? "north" : "W1";
    const std::string south = segment == "venue_area" ? "south" : "W2";
    for (const auto* list : {&scores["items"], &scores["scales"], &scores["numbers"]}) {
      for (const auto& entry : *list) {
        SCOPED_TRACE(segment + " " + entry.dump().substr(0, 40));
        EXPECT_TRUE(Suppressed(GroupOf(entry, east)["n"]));
        EXPECT_TRUE(Suppressed(GroupOf(entry, east)["mean"]));
        EXPECT_EQ(GroupOf(entry, east)["mean"]["text"], "fewer than 5*");
        EXPECT_TRUE(Suppressed(GroupOf(entry, north)["n"]));
        EXPECT_TRUE(Suppressed(GroupOf(entry, north)["sd"]));
      }
    }
    // South's six are enough for its number and scale figures; its item figures stay hidden
    // because all six answered 3, and the other points' counts (0) are hidden wherever shown.
    EXPECT_EQ(GroupOf(scores["numbers"][0], south)["n"]["value"], 6);
    EXPECT_EQ(GroupOf(scores["scales"][0], south)["n"]["value"], 6);
    EXPECT_TRUE(Suppressed(GroupOf(Entry(scores["items"], "key", "w1"), south)["mean"]));
    const json& w1 = Entry(scores["items"], "key", "w1");
    EXPECT_TRUE(Suppressed(GroupOf(w1, north)["top2"]["low"]));
    EXPECT_EQ(GroupOf(w1, segment == "venue_area" ? "north" : "not_answered")["n"]["status"],
              "suppressed");
    // South all answered 3: no variance, so alpha does not exist rather than being hidden.
    EXPECT_EQ(GroupOf(scores["scales"][0], south)["alpha"]["value"]["status"], "not_defined");
    ASSERT_TRUE(scores.contains("footnotes"));
    EXPECT_THAT(scores["footnotes"][0].get<std::string>(), HasSubstr("fewer than 5"));
  }
}

TEST_F(ConsultationScoresTest, AGroupThatAnsweredOnlyNotApplicableStillProtectsAnother) {
  // One person at a fourth ward answers w1 "not applicable" and nothing else. For w1 two groups
  // with answers are hidden (W3's two, W4's one), so neither can be worked out alone and W1
  // stays shown; for w3, where W4 gave no answer at all, W3 alone is hidden and W1 with it.
  ASSERT_TRUE(m_store->AddVenue({"v_w", "West room", "north", "urban", "W4"}).ok());
  StoredResponse r;
  r.uuid = sync::NewUuidV4();
  r.content_hash = "x";
  r.campaign_id = "wb";
  r.template_id = "wb";
  r.template_version = 1;
  r.venue_id = "v_w";
  r.language = "en";
  r.started_at = "2026-11-20T10:00:00Z";
  r.completed_at = "2026-11-20T10:05:00Z";
  r.answers["w1"] = json("na").dump();
  auto tx = m_store->BeginIngest();
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE((*tx)->InsertResponse(r).ok());
  ASSERT_TRUE((*tx)->Commit().ok());

  // The groups' item figures are all hidden by their small counts (see above); the scale (which
  // W4 did not answer) shows that W3 alone is hidden with W1, and W2 shown.
  const json scores = Scores("venue_ward");
  const json& w1 = Entry(scores["items"], "key", "w1");
  EXPECT_TRUE(Suppressed(GroupOf(w1, "W3")["mean"]));
  EXPECT_TRUE(Suppressed(GroupOf(w1, "W4")["not_applicable"]));
  const json& scale = scores["scales"][0];
  EXPECT_TRUE(Suppressed(GroupOf(scale, "W3")["mean"]));
  EXPECT_TRUE(Suppressed(GroupOf(scale, "W1")["mean"]));
  EXPECT_EQ(GroupOf(scale, "W2")["n"]["value"], 6);
}

TEST_F(ConsultationScoresTest, GroupsLargeEnoughAreAllShownAndUnsegmentedIsOneGroup) {
  const json scores = Scores("");
  EXPECT_EQ(scores["groups"], json::parse(R"([{"value": "all", "label": "All respondents"}])"));
  EXPECT_EQ(scores["segment"], nullptr);
  // The 13 leave some answer points with fewer than 5 (item figures hidden, with the footnote);
  // the scale and number figures of all 13 are shown.
  EXPECT_TRUE(scores.contains("footnotes"));
  EXPECT_EQ(GroupOf(scores["numbers"][0], "all")["n"]["value"], 13);
  const json& scale = GroupOf(scores["scales"][0], "all");
  EXPECT_EQ(scale["n"]["value"], 13);
  EXPECT_EQ(scale["alpha"]["n"]["value"], 13);
}

TEST_F(ConsultationScoresTest, ManagersAreRefusedAndABadSegmentNamesTheParameter) {
  auto manager = m_service->ConsultationScores({1, "m", "manager", "alex"}, "wb", "");
  ASSERT_FALSE(manager.ok());
  EXPECT_EQ(manager.error().kind, ErrorKind::kForbidden);
  for (const std::string segment : {"age", "nope", "w1.x", "venue_postcode"}) {
    auto bad = m_service->ConsultationScores({1, "a", "analyst", ""}, "wb", segment);
    ASSERT_FALSE(bad.ok()) << segment;
    EXPECT_EQ(bad.error().kind, ErrorKind::kBadRequest);
    ASSERT_EQ(bad.error().problems.size(), 1u);
    EXPECT_EQ(bad.error().problems[0].path, "segment");
  }
  auto unknown = m_service->ConsultationScores({1, "a", "analyst", ""}, "nope", "");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

TEST_F(ConsultationScoresTest, ALikertItemCanBeTheSegment) {
  const json scores = Scores("w1");
  std::vector<std::string> values;
  for (const auto& g : scores["groups"]) values.push_back(g["value"]);
  EXPECT_EQ(values, (std::vector<std::string>{"1", "2", "3", "4", "5", "na", "not_answered"}));
  EXPECT_EQ(GroupOf(scores["numbers"][0], "3")["n"]["value"], 7);  // a's one 3 and south's six
}

TEST_F(ConsultationScoresTest, ARepeatedReadComesFromTheCacheUntilAResponseArrives) {
  const json first = Scores("venue");
  const int hits = m_service->CacheStats().hits;
  EXPECT_EQ(Scores("venue"), first);
  EXPECT_EQ(m_service->CacheStats().hits, hits + 1);
  Add("v_s", "b", 5, 1, 5, 40);
  const json after = Scores("venue");
  EXPECT_EQ(GroupOf(after["numbers"][0], "v_s")["n"]["value"], 7);
}

TEST_F(ConsultationScoresTest, CsvHasOneRowPerGroupAndFigureWithHiddenOnesAsFewerThan) {
  auto file = m_service->ConsultationScoresCsv({1, "a", "analyst", ""}, "wb", "venue");
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->filename, "wb-scores-by-venue.csv");
  EXPECT_THAT(file->content_type, HasSubstr("text/csv"));
  // w3's wording starts like a formula: written as text, never as something Excel runs.
  EXPECT_THAT(file->body, HasSubstr("'=SUM(A1:A9) is how I feel"));
  auto rows =
      ParseCsv(file->body, "scores.csv",
               {"segment", "group", "kind", "key", "n", "mean", "sd", "top2_share", "top2_low",
                "top2_high", "bottom2_share", "bottom2_low", "bottom2_high", "alpha"});
  ASSERT_TRUE(rows.ok()) << rows.ErrorText();
  // 4 groups (3 venues, not answered) x (3 items + 1 number + 1 scale).
  EXPECT_EQ(rows->size(), 20u);
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> by;
  for (const auto& row : *rows) by[Key(row.fields.at("group"), row.fields.at("key"))] = row.fields;
  const auto& east = by[Key("v_e", "w1")];
  EXPECT_EQ(east.at("n"), "fewer than 5");
  EXPECT_EQ(east.at("mean"), "fewer than 5");
  EXPECT_EQ(east.at("top2_low"), "fewer than 5");
  EXPECT_EQ(by[Key("v_n", "wellbeing")].at("alpha"), "fewer than 5");
  const auto& south = by[Key("v_s", "w1")];
  EXPECT_EQ(south.at("kind"), "item");
  EXPECT_EQ(south.at("mean"), "fewer than 5");  // all six answered 3: the other counts are hidden
  EXPECT_EQ(south.at("alpha"), "");             // an item has no alpha
  const auto& south_scale = by[Key("v_s", "wellbeing")];
  EXPECT_EQ(south_scale.at("n"), "6");
  EXPECT_EQ(south_scale.at("mean"), "3");
  EXPECT_EQ(by[Key("v_s", "wellbeing")].at("alpha"), "not defined");
  EXPECT_EQ(by[Key("v_s", "w2")].at("reverse_scored"), "yes");
}

}  // namespace
}  // namespace soundings::server
