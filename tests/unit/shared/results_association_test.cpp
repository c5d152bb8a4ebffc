// Tests of association: the chi-square states, means by segment with ANOVA and Welch, and the
// distribution functions, against hand-worked figures (R's own figures are in
// results_r_reference_test.cpp).

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/association.h"
#include "shared/results/distributions.h"
#include "test_templates.h"

namespace soundings {
namespace {

using test::Likert;
using test::MakeSection;
using test::SingleChoice;

constexpr double kTight = 1e-9;

TEST(TestCrossTab, TwoByTwoByHandWithCramersV) {
  // [[10, 20], [30, 40]]: chi-square 0.7937 (statistics test), N 100, V = sqrt(0.7937 / 100).
  auto test = TestCrossTab({{10, 20}, {30, 40}});
  ASSERT_TRUE(test.ok());
  EXPECT_EQ(test->state, TestState::kComputed);
  EXPECT_EQ(test->chi_square->total, 100);
  EXPECT_NEAR(test->chi_square->cramers_v, std::sqrt(test->chi_square->statistic / 100), kTight);
  EXPECT_NEAR(test->chi_square->statistic, 50.0 / 63, kTight);
}

TEST(TestCrossTab, CochranFailsOnAnExpectedCountBelowOneOrMoreThanAFifthBelowFive) {
  // [[1, 9], [9, 81]]: E(0,0) = 10 * 10 / 100 = 1, E(0,1) = E(1,0) = 9, E(1,1) = 81: one of four
  // (25 %) is below 5, so the rule fails although no E is below 1.
  auto quarter = TestCrossTab({{1, 9}, {9, 81}});
  ASSERT_TRUE(quarter.ok());
  EXPECT_EQ(quarter->state, TestState::kExpectedCountsTooSmall);
  EXPECT_EQ(quarter->chi_square->cells_expected_below_1, 0);
  EXPECT_TRUE(quarter->chi_square.has_value());  // kept for the caller's own use
  // 2 x 5 with one small cell of ten (10 %) but that one below 1: E(0,0) = 2 * 20 / 200 = 0.2.
  auto tiny = TestCrossTab({{2, 0, 0, 0, 0}, {18, 45, 45, 45, 45}});
  ASSERT_TRUE(tiny.ok());
  EXPECT_GE(tiny->chi_square->cells_expected_below_1, 1);
  EXPECT_EQ(tiny->state, TestState::kExpectedCountsTooSmall);
  // 5 x 1 of ten cells with exactly two (20 %) under 5 and none under 1 passes.
  auto fifth = TestCrossTab({{2, 2}, {20, 20}, {20, 20}, {20, 20}, {20, 20}});
  ASSERT_TRUE(fifth.ok());
  EXPECT_NEAR(fifth->chi_square->share_expected_below_5, 0.2, kTight);
  EXPECT_EQ(fifth->state, TestState::kComputed);
}

TEST(TestCrossTab, NotEnoughDataAndBadTables) {
  EXPECT_EQ(TestCrossTab({{3, 4}})->state, TestState::kNotEnoughData);
  EXPECT_EQ(TestCrossTab({{3, 0}, {4, 0}})->state, TestState::kNotEnoughData);
  EXPECT_EQ(TestCrossTab({})->state, TestState::kNotEnoughData);
  EXPECT_FALSE(TestCrossTab({{1, 2}, {3}}).ok());
  EXPECT_FALSE(TestCrossTab({{1, -2}, {3, 4}}).ok());
  EXPECT_STREQ(ToString(TestState::kExpectedCountsTooSmall), "expected_counts_too_small");
}

TEST(CompareMeans, OneWayAnovaByHand) {
  // Groups {1,2,3}, {4,5,6}, {7,8,9}: means 2, 5, 8, grand mean 5. Between = 3(9 + 0 + 9) = 54 on
  // 2 df; within = 3 x 2 = 6 on 6 df. F = 27 / 1 = 27; p = (1 + 2 F / 6)^(-3)... for df (2, v)
  // the F tail is (1 + 2F/v)^(-v/2) = (1 + 9)^(-3) = 0.001. eta² = 54 / 60 = 0.9.
  auto means = CompareMeans({"a", "b", "c"}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  ASSERT_TRUE(means.ok());
  ASSERT_EQ(means->anova_state, TestState::kComputed);
  EXPECT_NEAR(means->anova->f, 27, kTight);
  EXPECT_EQ(means->anova->df_between, 2);
  EXPECT_EQ(means->anova->df_within, 6);
  EXPECT_NEAR(means->anova->p_value, 0.001, kTight);
  EXPECT_NEAR(means->anova->eta_squared, 0.9, kTight);
  // Each group: sd 1, interval 2 ± t(0.975, 2) / sqrt(3) = 2 ± 4.302653 / 1.732051.
  EXPECT_NEAR(means->groups[0].interval95->low, 2 - 4.302652729911275 / std::sqrt(3.0), 1e-9);
  // Welch with equal n and equal variances: w = 3 each, A = (3·9 + 0 + 3·9) / 2 = 27,
  // lambda = 3 (2/3)² / 2 = 2/3, B = 1 + 2·1/8 · 2/3 = 7/6: F = 27 / (7/6) = 162/7,
  // df2 = 8 / (3 · 2/3) = 4.
  ASSERT_EQ(means->welch_state, TestState::kComputed);
  EXPECT_NEAR(means->welch->f, 162.0 / 7, kTight);
  EXPECT_NEAR(means->welch->df1, 2, kTight);
  EXPECT_NEAR(means->welch->df2, 4, kTight);
  // df (2, 4): tail (1 + 2F/4)^(-2).
  EXPECT_NEAR(means->welch->p_value, std::pow(1 + 81.0 / 7, -2), kTight);
}

TEST(CompareMeans, StatesForEmptySingleAndFlatGroups) {
  // An empty group is listed but takes no part; one value per group leaves no within df.
  auto single = CompareMeans({"a", "b", "c"}, {{1}, {2}, {}});
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->groups.size(), 3u);
  EXPECT_EQ(single->groups[2].n, 0);
  EXPECT_FALSE(single->groups[2].mean.has_value());
  EXPECT_EQ(single->anova_state, TestState::kNotEnoughData);
  EXPECT_EQ(single->welch_state, TestState::kNotEnoughData);
  // Everyone within each group agrees: no within variance for either test.
  auto flat = CompareMeans({"a", "b"}, {{2, 2}, {4, 4, 4}});
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(flat->anova_state, TestState::kNoVariance);
  EXPECT_EQ(flat->welch_state, TestState::kNoVariance);
  // ANOVA works with a group of one; Welch needs two in every group.
  auto mixed = CompareMeans({"a", "b"}, {{1, 2, 3}, {5}});
  EXPECT_EQ(mixed->anova_state, TestState::kComputed);
  EXPECT_EQ(mixed->welch_state, TestState::kNotEnoughData);
  EXPECT_EQ(CompareMeans({"a"}, {{1, 2}})->anova_state, TestState::kNotEnoughData);
  EXPECT_FALSE(CompareMeans({"a", "b"}, {{1}}).ok());
  EXPECT_FALSE(CompareMeans({"a", "b"}, {{1, NAN}, {2}}).ok());
}

Template SegmentTemplate() {
  Item r = Likert("r", "agree5");
  r.reverse_scored = true;
  Section s = MakeSection("s", {Likert("q", "agree5"), r});
  s.scale_score = true;
  Section about = MakeSection(
      "about", {SingleChoice("area", {"north", "south"}, true), test::Number("age", 0, 120, true),
                test::Text("why", ItemType::kLongText)});
  return test::MakeTemplate({s, about});
}

TEST(ValuesBySegment, ScaleItemAndNumberQuestionsBySegmentSkippingWithheld) {
  Template tmpl = SegmentTemplate();
  std::vector<Answers> responses = {
      {{"area", "north"}, {"q", 4}, {"r", 2}, {"age", 30}},  // scale (4 + 4) / 2 = 4
      {{"area", "south"}, {"q", 1}, {"age", 70}},            // scale 1 (one of two answered)
      {{"area", "prefer_not_to_say"}, {"q", 5}, {"r", 1}, {"age", 50}},
      {{"q", 3}, {"r", 3}},  // no area
  };
  auto scale = ValuesBySegment(tmpl, "s", "area", RefsOf(responses));
  ASSERT_TRUE(scale.ok()) << scale.ErrorText();
  EXPECT_EQ(scale->question_kind, "scale");
  EXPECT_EQ(scale->segments, (std::vector<std::string>{"north", "south"}));
  EXPECT_EQ(scale->values, (std::vector<std::vector<double>>{{4}, {1}}));
  auto item = ValuesBySegment(tmpl, "r", "area", RefsOf(responses), true);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->question_kind, "item");
  EXPECT_EQ(item->segments.back(), "prefer_not_to_say");
  EXPECT_EQ(item->values, (std::vector<std::vector<double>>{{4}, {}, {5}}));
  auto age = ValuesBySegment(tmpl, "age", "area", RefsOf(responses));
  ASSERT_TRUE(age.ok());
  EXPECT_EQ(age->question_kind, "number");
  EXPECT_EQ(age->values, (std::vector<std::vector<double>>{{30}, {70}}));

  auto text = ValuesBySegment(tmpl, "why", "area", RefsOf(responses));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.problems()[0].message,
            "a long_text item has no mean; use a scale, a likert item or matrix row, or a number "
            "or rating item");
  EXPECT_FALSE(ValuesBySegment(tmpl, "nope", "area", RefsOf(responses)).ok());
  EXPECT_FALSE(ValuesBySegment(tmpl, "s", "age", RefsOf(responses)).ok());
}

TEST(Distributions, ClosedFormsAndBadArguments) {
  // t with 1 df is Cauchy: P(T > 1) = 1/4; with 2 df, P(T > t) = (1 - t / sqrt(2 + t²)) / 2.
  EXPECT_NEAR(StudentTUpperTail(1, 1), 0.25, kTight);
  EXPECT_NEAR(StudentTUpperTail(-1, 1), 0.75, kTight);
  EXPECT_NEAR(StudentTUpperTail(1.5, 2), (1 - 1.5 / std::sqrt(4.25)) / 2, kTight);
  EXPECT_NEAR(StudentTQuantile(0.75, 1), 1, 1e-10);
  EXPECT_NEAR(StudentTQuantile(0.25, 1), -1, 1e-10);
  EXPECT_EQ(StudentTQuantile(0.5, 7), 0);
  // F(2, v): P(F > f) = (1 + 2f/v)^(-v/2). I_x(1, 1) = x.
  EXPECT_NEAR(FUpperTail(3, 2, 10), std::pow(1.6, -5), kTight);
  EXPECT_EQ(FUpperTail(0, 2, 10), 1);
  EXPECT_NEAR(RegularisedIncompleteBeta(1, 1, 0.37), 0.37, kTight);
  EXPECT_TRUE(std::isnan(StudentTQuantile(1, 5)));
  EXPECT_TRUE(std::isnan(StudentTUpperTail(1, 0)));
  EXPECT_TRUE(std::isnan(FUpperTail(1, 0, 3)));
  EXPECT_TRUE(std::isnan(RegularisedIncompleteBeta(1, 1, 1.5)));
}

}  // namespace
}  // namespace soundings
