// JSON of item scores, scales, tests and themes: counts are JSON integers (922, never 922.0),
// figures are rounded as documented, and a test's figures appear only in its "computed" state.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/rounding.h"
#include "shared/results/statistics_json.h"
#include "test_templates.h"

namespace soundings {
namespace {

using test::Likert;
using test::MakeSection;

TEST(JsonNumber, CountsAreIntegersAndFiguresAreRounded) {
  EXPECT_EQ(JsonNumber(922, 0).dump(), "922");
  EXPECT_TRUE(JsonNumber(922.0, 0).is_number_integer());
  EXPECT_EQ(JsonNumber(3.14159, 2).dump(), "3.14");
  EXPECT_TRUE(JsonNumber(std::nan(""), 2).is_null());
  EXPECT_EQ(JsonSignificant(0.000123456, 4).dump(), "0.0001235");
  EXPECT_EQ(JsonSignificant(0.5102819803604, 4).dump(), "0.5103");
}

TEST(StatisticsJson, ItemScoresWithIntegerCountsAndShares) {
  Item b = Likert("b", "agree5");
  b.reverse_scored = true;
  Template tmpl = test::MakeTemplate({MakeSection("s", {Likert("a", "agree5"), b})});
  std::vector<Answers> responses = {{{"b", 1}}, {{"b", 2}}, {{"b", 5}}, {{"b", "na"}}};
  auto item = ScoreItem(tmpl, "b", RefsOf(responses));
  ASSERT_TRUE(item.ok());
  const nlohmann::json json = ToJson(*item);
  EXPECT_EQ(json["key"], "b");
  EXPECT_EQ(json["reverse_scored"], true);
  EXPECT_EQ(json["n"].dump(), "3");
  EXPECT_EQ(json["not_applicable"].dump(), "1");
  EXPECT_EQ(json["mean"].dump(), "3.33");
  EXPECT_EQ(json["distribution"][4].dump(), R"({"count":1,"point":5})");
  EXPECT_EQ(json["top2"]["count"].dump(), "2");
  EXPECT_EQ(json["top2"]["proportion"].dump(), "0.6667");
  EXPECT_TRUE(json["top2"]["interval"]["low"].is_number_float());
  // Wilson 1 of 3: (0.0615, 0.7923).
  EXPECT_EQ(json["bottom2"]["interval"].dump(), R"({"high":0.7923,"low":0.0615})");
}

TEST(StatisticsJson, ScaleWithAlphaAndPerItemFigures) {
  Section s = MakeSection("s", {Likert("x", "agree5"), Likert("y", "agree5")});
  s.scale_score = true;
  Template tmpl = test::MakeTemplate({s});
  std::vector<Answers> responses = {
      {{"x", 1}, {"y", 2}}, {{"x", 4}, {"y", 5}}, {{"x", 3}, {"y", 3}}};
  auto scale = SummariseScale(tmpl, "s", RefsOf(responses));
  ASSERT_TRUE(scale.ok());
  const nlohmann::json json = ToJson(*scale);
  EXPECT_EQ(json["section"], "s");
  EXPECT_EQ(json["n"].dump(), "3");
  EXPECT_EQ(json["alpha"]["n"].dump(), "3");
  EXPECT_TRUE(json["alpha"]["value"].is_number());
  ASSERT_EQ(json["items"].size(), 2u);
  EXPECT_TRUE(json["items"][0]["alpha_if_deleted"].is_null());  // one item left
  // x = 1 4 3 against y = 2 5 3: cross products 13/3, sums of squares 14/3 each: r = 13/14.
  EXPECT_EQ(json["items"][0]["item_rest_correlation"].dump(), "0.929");
}

TEST(StatisticsJson, ChiSquareFiguresOnlyWhenComputed) {
  auto fine = TestCrossTab({{10, 20}, {30, 40}});
  const nlohmann::json computed = ToJson(*fine);
  EXPECT_EQ(computed["state"], "computed");
  EXPECT_EQ(computed["df"].dump(), "1");
  EXPECT_EQ(computed["n"].dump(), "100");
  EXPECT_EQ(computed["statistic"].dump(), "0.794");
  EXPECT_EQ(computed["p_value"].dump(), "0.373");
  EXPECT_EQ(computed["cramers_v"].dump(), "0.089");

  auto small = TestCrossTab({{1, 9}, {9, 81}});
  const nlohmann::json too_small = ToJson(*small);
  EXPECT_EQ(too_small["state"], "expected_counts_too_small");
  EXPECT_EQ(too_small["min_expected"].dump(), "1.0");
  EXPECT_EQ(too_small["share_expected_below_5"].dump(), "0.25");
  EXPECT_FALSE(too_small.contains("p_value"));
  EXPECT_FALSE(too_small.contains("statistic"));
  EXPECT_EQ(ToJson(*TestCrossTab({{3, 4}})).dump(),
            R"({"state":"not_enough_data","test":"chi_square"})");
}

TEST(StatisticsJson, MeansWithIntervalsAndBothTests) {
  auto means = CompareMeans({"a", "b", "c"}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  const nlohmann::json json = ToJson(*means);
  EXPECT_EQ(json["groups"][0]["n"].dump(), "3");
  EXPECT_EQ(json["groups"][0]["interval"].dump(), R"({"high":4.48,"low":-0.48})");
  EXPECT_EQ(json["anova"]["state"], "computed");
  EXPECT_EQ(json["anova"]["df_within"].dump(), "6");
  EXPECT_EQ(json["anova"]["f"].dump(), "27.0");
  EXPECT_EQ(json["anova"]["p_value"].dump(), "0.001");
  EXPECT_EQ(json["welch"]["df1"].dump(), "2");
  EXPECT_EQ(json["welch"]["df2"].dump(), "4.0");
  auto flat = CompareMeans({"a", "b"}, {{2, 2}, {4, 4}});
  EXPECT_EQ(ToJson(*flat)["anova"].dump(), R"({"state":"no_variance"})");
}

TEST(StatisticsJson, ThemesAndRedactedText) {
  auto themes = ThemeComments({{"a", "The bins overflow every week"},
                               {"b", "Bins overflow, collect them every week"},
                               {"c", "Lovely town"}});
  ASSERT_TRUE(themes.ok());
  const nlohmann::json json = ToJson(*themes);
  EXPECT_EQ(json["language"], "en");
  ASSERT_EQ(json["themes"].size(), 1u);
  EXPECT_EQ(json["themes"][0]["id"], "theme-1");
  EXPECT_EQ(json["themes"][0]["size"].dump(), "2");
  EXPECT_EQ(json["themes"][0]["comments"].dump(), R"(["a","b"])");
  EXPECT_EQ(json["other"].dump(), R"(["c"])");
  const nlohmann::json redacted = ToJson(RedactPersonalDetails("Call 07700 900123, Mr Brown"));
  EXPECT_EQ(redacted["text"], "Call [phone], Mr [name]");
  EXPECT_EQ(redacted["redacted"].dump(), R"({"email":0,"name":1,"phone":1,"postcode":0})");
}

}  // namespace
}  // namespace soundings
