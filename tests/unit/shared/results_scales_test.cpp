// Item scores with their shares, scale scores with the missing-item rule, alpha-if-deleted, and
// the "scale_score" section flag in templates: hand-computed, each with its working.

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/scales.h"
#include "shared/templates/parser.h"
#include "test_templates.h"

namespace soundings {
namespace {

using test::Likert;
using test::MakeSection;
using test::SingleChoice;

constexpr double kTight = 1e-9;

// Scale "s" of items a, b (reverse-keyed), c on agree5 (1..5 with "na"), and a yes3 item.
Template ThreeItemScale() {
  Item b = Likert("b", "agree5");
  b.reverse_scored = true;
  Section s = MakeSection("s", {Likert("a", "agree5"), b, Likert("c", "agree5"),
                                SingleChoice("area", {"north", "south"})});
  s.scale_score = true;
  return test::MakeTemplate({s});
}

TEST(ShareOf, CountOfNWithItsWilsonInterval) {
  Share share = ShareOf(8, 10);
  EXPECT_EQ(share.count, 8);
  EXPECT_EQ(share.n, 10);
  EXPECT_NEAR(*share.proportion, 0.8, kTight);
  // 8 of 10: centre (0.8 + 0.19207) / 1.38415 = 0.71674, half 0.22646 (docs/results-maths.md).
  EXPECT_NEAR(share.interval->low, 0.4901624, 1e-6);
  EXPECT_NEAR(share.interval->high, 0.9433178, 1e-6);
  EXPECT_FALSE(ShareOf(0, 0).proportion.has_value());
  EXPECT_FALSE(ShareOf(3, 2).interval.has_value());
}

TEST(ScoreItem, FlipsTheReverseItemBeforeTopAndBottomTwoAndLeavesNaOutOfN) {
  Template tmpl = ThreeItemScale();
  // b raw 1, 2, 5, "na", skipped -> scores 5, 4, 1: top-2 is 2 of 3, bottom-2 1 of 3.
  std::vector<Answers> responses = {{{"b", 1}}, {{"b", 2}}, {{"b", 5}}, {{"b", "na"}}, {{"a", 3}}};
  auto item = ScoreItem(tmpl, "b", RefsOf(responses));
  ASSERT_TRUE(item.ok()) << item.ErrorText();
  EXPECT_TRUE(item->reverse_scored);
  EXPECT_EQ(item->summary.n, 3);
  EXPECT_EQ(item->summary.not_applicable, 1);
  EXPECT_NEAR(*item->summary.mean, 10.0 / 3, kTight);
  EXPECT_EQ(item->top2.count, 2);
  EXPECT_EQ(item->top2.n, 3);
  EXPECT_EQ(item->bottom2.count, 1);
  EXPECT_EQ(item->summary.distribution.at(5), 1);  // the raw 1, flipped
  EXPECT_FALSE(ScoreItem(tmpl, "area", RefsOf(responses)).ok());
  EXPECT_EQ(ScoreItems(tmpl, RefsOf(responses)).size(), 3u);
}

TEST(ScaleScores, NeedHalfTheItemsRoundedUpAndAverageOnlyThoseAnswered) {
  EXPECT_EQ(DefaultMinAnswered(1), 1);
  EXPECT_EQ(DefaultMinAnswered(2), 1);
  EXPECT_EQ(DefaultMinAnswered(3), 2);
  EXPECT_EQ(DefaultMinAnswered(6), 3);
  Template tmpl = ThreeItemScale();
  auto scale = ScaleOf(tmpl, "s");
  ASSERT_TRUE(scale.ok());
  EXPECT_EQ(scale->min_answered, 2);
  // a 4, b raw 2 -> 4, c 5: (4 + 4 + 5) / 3. a 2, c "na", b skipped: one item, too few.
  EXPECT_NEAR(*ScaleScoreOf(*scale, {{"a", 4}, {"b", 2}, {"c", 5}}), 13.0 / 3, kTight);
  EXPECT_NEAR(*ScaleScoreOf(*scale, {{"a", 4}, {"c", 1}}), 2.5, kTight);
  EXPECT_FALSE(ScaleScoreOf(*scale, {{"a", 2}, {"c", "na"}}).has_value());
  auto strict = ScaleOf(tmpl, "s", 3);
  EXPECT_FALSE(ScaleScoreOf(*strict, {{"a", 4}, {"c", 1}}).has_value());
  EXPECT_EQ(ScaleOf(tmpl, "s", 99)->min_answered, 3);  // clamped to the number of items
  EXPECT_FALSE(ScaleOf(tmpl, "nope").ok());
}

TEST(NearestPoint, HalfWayGoesToTheHigherPoint) {
  Template tmpl = ThreeItemScale();
  const Scale& scale = *tmpl.FindScale("agree5");
  EXPECT_EQ(NearestPoint(scale, 3.4), 3);
  EXPECT_EQ(NearestPoint(scale, 3.5), 4);
  EXPECT_EQ(NearestPoint(scale, 1.0), 1);
  EXPECT_EQ(NearestPoint(scale, 4.51), 5);
}

TEST(SummariseScale, ScoresDistributionAlphaAndAlphaIfDeletedByHand) {
  Template tmpl = ThreeItemScale();
  // Items a, b (reverse: raw = 6 - score), c; the worked alpha example of docs/results-maths.md:
  // score rows 4 5 4 | 3 3 2 | 5 4 5 | 2 2 3 | 4 4 4, alpha 0.897. A sixth respondent answers
  // only a (too few items), a seventh a and c (scale score (1 + 2) / 2 = 1.5, not complete).
  std::vector<Answers> responses = {{{"a", 4}, {"b", 1}, {"c", 4}},
                                    {{"a", 3}, {"b", 3}, {"c", 2}},
                                    {{"a", 5}, {"b", 2}, {"c", 5}},
                                    {{"a", 2}, {"b", 4}, {"c", 3}},
                                    {{"a", 4}, {"b", 2}, {"c", 4}},
                                    {{"a", 5}},
                                    {{"a", 1}, {"c", 2}}};
  auto stats = SummariseScale(tmpl, "s", RefsOf(responses));
  ASSERT_TRUE(stats.ok()) << stats.ErrorText();
  EXPECT_EQ(stats->item_keys, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(stats->reverse_scored, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(stats->too_few_items, 1);
  // Scores 13/3, 8/3, 14/3, 7/3, 4, 1.5: sum 19.5, mean 3.25.
  ASSERT_EQ(stats->scores.n, 6);
  EXPECT_NEAR(*stats->scores.mean, 3.25, kTight);
  const double values[] = {13.0 / 3, 8.0 / 3, 14.0 / 3, 7.0 / 3, 4, 1.5};
  double squares = 0;
  for (double v : values) squares += (v - 3.25) * (v - 3.25);
  EXPECT_NEAR(*stats->scores.sd, std::sqrt(squares / 5), kTight);
  // Placed at the nearest point: 4, 3, 5, 2, 4, 2 (1.5 goes up to 2).
  EXPECT_EQ(stats->scores.distribution,
            (std::map<double, int>{{1, 0}, {2, 2}, {3, 1}, {4, 2}, {5, 1}}));
  EXPECT_EQ(stats->top2.count, 3);
  EXPECT_EQ(stats->bottom2.count, 2);
  EXPECT_EQ(stats->alpha_n, 5);
  EXPECT_NEAR(*stats->alpha, 8.7 / 9.7, kTight);
  // Every item has variance 5.2/4 = 1.3. Without a, totals b + c = 9 5 9 5 8 (mean 7.2, squares
  // 3.24 + 4.84 + 3.24 + 4.84 + 0.64 = 16.8, variance 4.2): alpha 2 (1 - 2.6/4.2) = 0.7619.
  // Without b, a + c = 8 5 10 5 8, and without c, a + b = 9 6 9 4 8: both variance 18.8/4 =
  // 4.7, alpha 2 (1 - 2.6/4.7) = 0.8936.
  ASSERT_EQ(stats->if_deleted.size(), 3u);
  EXPECT_NEAR(*stats->if_deleted[0].alpha, 2 * (1 - 2.6 / 4.2), kTight);
  EXPECT_NEAR(*stats->if_deleted[1].alpha, 2 * (1 - 2.6 / 4.7), kTight);
  EXPECT_NEAR(*stats->if_deleted[2].alpha, 2 * (1 - 2.6 / 4.7), kTight);
  // a (deviations .4 -.6 1.4 -1.6 .4) against b + c (1.8 -2.2 1.8 -2.2 .8): cross products
  // 0.72 + 1.32 + 2.52 + 3.52 + 0.32 = 8.4, r = 8.4 / sqrt(5.2 x 16.8).
  EXPECT_NEAR(*stats->if_deleted[0].item_rest_correlation, 8.4 / std::sqrt(5.2 * 16.8), kTight);
}

TEST(SummariseScale, TwoItemsHaveNoAlphaIfDeletedAndScalesAreFoundByFlag) {
  Section two = test::MakeSection("two", {Likert("x", "agree5"), Likert("y", "agree5")});
  two.scale_score = true;
  Section plain = test::MakeSection("plain", {Likert("z", "agree5")});
  Template tmpl = test::MakeTemplate({two, plain});
  std::vector<Answers> responses = {
      {{"x", 1}, {"y", 2}}, {{"x", 4}, {"y", 5}}, {{"x", 3}, {"y", 3}}};
  auto stats = SummariseScale(tmpl, "two", RefsOf(responses));
  ASSERT_TRUE(stats.ok());
  ASSERT_TRUE(stats->alpha.has_value());
  EXPECT_FALSE(stats->if_deleted[0].alpha.has_value());
  auto all = SummariseScales(tmpl, RefsOf(responses));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].section_id, "two");
}

TEST(PearsonCorrelation, PerfectUndefinedAndMismatched) {
  EXPECT_NEAR(*PearsonCorrelation({1, 2, 3}, {2, 4, 6}), 1, kTight);
  EXPECT_NEAR(*PearsonCorrelation({1, 2, 3}, {3, 2, 1}), -1, kTight);
  EXPECT_FALSE(PearsonCorrelation({1, 1, 1}, {1, 2, 3}).has_value());
  EXPECT_FALSE(PearsonCorrelation({1, 2}, {1, 2, 3}).has_value());
}

// A consultation with one section whose "scale_score" and items the cases vary.
std::string ScaleTemplate(const std::string& items) {
  return R"({"id": "t", "version": 1, "kind": "consultation", "languages": ["en"],
    "title": {"en": "T"},
    "scales": [
      {"id": "agree3", "points": [{"value": 1, "label": {"en": "No"}},
        {"value": 2, "label": {"en": "Maybe"}}, {"value": 3, "label": {"en": "Yes"}}]},
      {"id": "five", "points": [{"value": 1, "label": {"en": "1"}},
        {"value": 2, "label": {"en": "2"}}, {"value": 3, "label": {"en": "3"}},
        {"value": 4, "label": {"en": "4"}}, {"value": 5, "label": {"en": "5"}}]}],
    "sections": [{"id": "s", "title": {"en": "S"}, "scale_score": true, "items": [)" +
         items + "]}]}";
}

TEST(ScaleScoreFlag, ParsesRoundTripsAndNeedsTwoScoredItemsOnOneSetOfPoints) {
  const ModuleSource modules{SOUNDINGS_FIXTURE_DIR "/templates/modules"};
  auto good = ParseTemplate(
      ScaleTemplate(R"({"id": "a", "type": "likert", "scale": "agree3", "text": {"en": "A"}},
                      {"id": "b", "type": "likert", "scale": "agree3", "reverse_scored": true,
                       "text": {"en": "B"}},
                      {"id": "why", "type": "long_text", "text": {"en": "Why"}})"),
      modules);
  ASSERT_TRUE(good.ok()) << good.ErrorText();
  EXPECT_TRUE(good->sections[0].scale_score);
  EXPECT_TRUE(good->sections[0].IsScale());
  auto again = ParseTemplate(ToJson(*good), modules);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->sections[0].scale_score);

  auto one = ParseTemplate(
      ScaleTemplate(R"({"id": "a", "type": "likert", "scale": "agree3", "text": {"en": "A"}})"),
      modules);
  ASSERT_EQ(one.problems().size(), 1u) << one.ErrorText();
  EXPECT_EQ(one.problems()[0].path, "sections[0].scale_score");
  EXPECT_EQ(one.problems()[0].message,
            "a scale needs at least two likert items or matrix rows; this section has 1");

  auto mixed = ParseTemplate(
      ScaleTemplate(R"({"id": "a", "type": "likert", "scale": "agree3", "text": {"en": "A"}},
                      {"id": "b", "type": "likert", "scale": "five", "text": {"en": "B"}})"),
      modules);
  ASSERT_EQ(mixed.problems().size(), 1u) << mixed.ErrorText();
  EXPECT_EQ(mixed.problems()[0].path, "sections[0].scale_score");
  EXPECT_EQ(mixed.problems()[0].message,
            "a scale averages its items, so they need the same points, but item \"b\" uses scale "
            "\"five\" and an earlier item uses \"agree3\"");

  // Matrix rows count as items.
  auto matrix = ParseTemplate(
      ScaleTemplate(R"({"id": "m", "type": "matrix", "scale": "agree3", "text": {"en": "M"},
                       "rows": [{"id": "r1", "text": {"en": "1"}}, {"id": "r2",
                                "text": {"en": "2"}}]})"),
      modules);
  EXPECT_TRUE(matrix.ok()) << matrix.ErrorText();
}

}  // namespace
}  // namespace soundings
