// Consultation scores over HTTP: responses arrive through sync, the scores are read as JSON and
// CSV with each role, and a bad segment is refused naming the parameter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/services/csv.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class ConsultationScoresApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_seeded = Seed(m_server);
    // Six residents at the library: five agree (4) that the park is well kept, one disagrees.
    std::vector<sync::ResponseRecord> batch;
    batch.reserve(6);
    for (int i = 0; i < 6; ++i) batch.push_back(ParksResponse(i < 5 ? 4 : 2));
    auto reply = PostBatch(m_server, m_seeded.token, batch);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results) {
      ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted) << r.uuid;
    }
    m_analyst = SignedInToken(m_server, "ann", "analyst");
  }

  httplib::Result Get(const std::string& token, const std::string& path) {
    return m_server.Client().Get(path, Bearer(token));
  }

  static const json& Item(const json& scores, const std::string& key) {
    for (const auto& item : scores.at("items")) {
      if (item.at("key") == key) return item;
    }
    static const json kMissing;
    ADD_FAILURE() << "no item " << key;
    return kMissing;
  }

  TestServer m_server;
  Seeded m_seeded;
  std::string m_analyst;
};

constexpr const char* kScores = "/api/v1/reports/campaigns/parks/consultation/scores";

TEST_F(ConsultationScoresApiTest, AnAnalystReadsItemScoresWithIntervalsAsJson) {
  // The six: the consultation report hides the lone "2" (and the empty points) in q1's
  // distribution, so q1's mean (22 / 6) and top-2 count, which would give it away, are hidden.
  auto hidden = Get(m_analyst, kScores);
  ASSERT_TRUE(hidden);
  ASSERT_EQ(hidden->status, 200) << hidden->body;
  const json before = json::parse(hidden->body);
  EXPECT_EQ(before["segment"], nullptr);
  EXPECT_EQ(Item(before, "q1")["groups"][0]["mean"]["status"], "suppressed");
  EXPECT_EQ(Item(before, "q1")["groups"][0]["top2"]["count"]["status"], "suppressed");

  // Five more at every point and five "not applicable": 1:5 2:6 3:5 4:10 5:5, N/A 5.
  std::vector<sync::ResponseRecord> batch;
  for (int point = 1; point <= 5; ++point) {
    for (int i = 0; i < 5; ++i) batch.push_back(ParksResponse(point));
  }
  for (int i = 0; i < 5; ++i) {
    auto na = ParksResponse();
    na.answers["q1"] = "na";
    batch.push_back(na);
  }
  auto sent = PostBatch(m_server, m_seeded.token, batch);
  ASSERT_TRUE(sent);
  for (const auto& r : sent->results) ASSERT_EQ(r.status, sync::ResponseStatus::kAccepted);

  auto reply = Get(m_analyst, kScores);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  const json scores = json::parse(reply->body);
  const json& all = Item(scores, "q1")["groups"][0];
  EXPECT_EQ(all["group"], "all");
  EXPECT_EQ(all["n"]["value"], 31);
  EXPECT_TRUE(all["n"]["value"].is_number_integer());
  EXPECT_EQ(all["not_applicable"]["value"], 5);
  EXPECT_DOUBLE_EQ(all["mean"]["value"].get<double>(), 3.13);  // 97 / 31
  EXPECT_EQ(all["top2"]["count"]["value"], 15);
  EXPECT_DOUBLE_EQ(all["top2"]["proportion"]["value"].get<double>(), 0.4839);
  // Wilson 95 % for 15 of 31, and 11 of 31.
  EXPECT_DOUBLE_EQ(all["top2"]["low"]["value"].get<double>(), 0.3197);
  EXPECT_DOUBLE_EQ(all["top2"]["high"]["value"].get<double>(), 0.6516);
  EXPECT_EQ(all["bottom2"]["count"]["value"], 11);
  EXPECT_DOUBLE_EQ(all["bottom2"]["low"]["value"].get<double>(), 0.2112);
  EXPECT_DOUBLE_EQ(all["bottom2"]["high"]["value"].get<double>(), 0.5305);
}

TEST_F(ConsultationScoresApiTest, SplitByALikertItemHidesTheLoneDissenterAndTheGroupBesideIt) {
  auto reply = Get(m_analyst, std::string(kScores) + "?segment=q1");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  const json scores = json::parse(reply->body);
  EXPECT_EQ(scores["segment"], "q1");
  std::map<std::string, json> groups;
  for (const auto& g : Item(scores, "q1")["groups"]) groups[g["group"]] = g;
  // One person answered 2: hidden. The five who answered 4 are hidden too, else all (6) minus
  // them would give that one person's answer.
  EXPECT_EQ(groups["2"]["mean"]["status"], "suppressed");
  EXPECT_EQ(groups["4"]["mean"]["status"], "suppressed");
  EXPECT_EQ(groups["4"]["n"]["text"], "fewer than 5*");
  EXPECT_THAT(scores["footnotes"][0].get<std::string>(), HasSubstr("fewer than 5"));
}

TEST_F(ConsultationScoresApiTest, CsvHasTheFiguresAndFewerThanForHiddenOnes) {
  auto reply = Get(m_analyst, std::string(kScores) + ".csv?segment=q1");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_THAT(reply->get_header_value("Content-Type"), HasSubstr("text/csv"));
  EXPECT_THAT(reply->get_header_value("Content-Disposition"), HasSubstr("parks-scores-by-q1.csv"));
  auto rows = server::ParseCsv(reply->body, "scores.csv",
                               {"segment", "group", "key", "n", "mean", "top2_share", "top2_low",
                                "top2_high", "bottom2_share", "alpha"});
  ASSERT_TRUE(rows.ok()) << rows.ErrorText();
  bool saw_hidden = false;
  for (const auto& row : *rows) {
    if (row.fields.at("key") != "q1" || row.fields.at("group") != "4") continue;
    EXPECT_EQ(row.fields.at("segment"), "q1");
    EXPECT_EQ(row.fields.at("n"), "fewer than 5");
    EXPECT_EQ(row.fields.at("top2_low"), "fewer than 5");
    saw_hidden = true;
  }
  EXPECT_TRUE(saw_hidden);

  auto whole = Get(m_analyst, std::string(kScores) + ".csv");
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200) << whole->body;
  auto all = server::ParseCsv(whole->body, "scores.csv", {"group", "key", "n", "mean"});
  ASSERT_TRUE(all.ok()) << all.ErrorText();
  ASSERT_FALSE(all->empty());
  EXPECT_EQ(all->front().fields.at("group"), "all");
  EXPECT_EQ(all->front().fields.at("key"), "q1");
  // Hidden for the reason the JSON test gives: the lone "2" must stay hidden.
  EXPECT_EQ(all->front().fields.at("mean"), "fewer than 5");
}

TEST_F(ConsultationScoresApiTest, AManagerGets403AndABadSegmentIs400NamingTheParameter) {
  const std::string manager = SignedInToken(m_server, "mo", "manager", "alex");
  for (const std::string& path : {std::string(kScores), std::string(kScores) + ".csv"}) {
    auto refused = Get(manager, path);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << path;
  }
  for (const std::string& path :
       {std::string(kScores) + "?segment=q3", std::string(kScores) + ".csv?segment=nowhere"}) {
    auto bad = Get(m_analyst, path);
    ASSERT_TRUE(bad);
    ASSERT_EQ(bad->status, 400) << path << " " << bad->body;
    const json body = json::parse(bad->body);
    ASSERT_EQ(body["problems"].size(), 1u) << body.dump();
    EXPECT_EQ(body["problems"][0]["path"], "segment");
  }
  auto unknown = Get(m_analyst, "/api/v1/reports/campaigns/nope/consultation/scores");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

}  // namespace
}  // namespace soundings::testing
