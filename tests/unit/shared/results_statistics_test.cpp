// Aggregation maths against hand-computed fixtures: every expected number has its working beside
// it.

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/statistics.h"

namespace soundings {
namespace {

constexpr double kTight = 1e-9;

Scale Agree5() {
  Scale scale;
  scale.id = "agree5";
  for (int v = 1; v <= 5; ++v) scale.points.push_back({static_cast<double>(v), {{"en", "p"}}});
  scale.not_applicable = LocalText{{"en", "Not applicable"}};
  return scale;
}

Item Likert(const std::string& id, bool reverse = false) {
  Item item;
  item.id = id;
  item.type = ItemType::kLikert;
  item.scale = "agree5";
  item.reverse_scored = reverse;
  return item;
}

// One competency "lead" with likert a, b (reversed) and matrix m (rows r1, r2 reversed); a
// consultation-style section "about" with area (single choice) and urban (yes/no).
Template MakeTemplate() {
  Template tmpl;
  tmpl.id = "t";
  tmpl.version = 1;
  tmpl.languages = {"en"};
  tmpl.scales = {Agree5()};
  Section lead;
  lead.id = "lead";
  lead.competency = true;
  lead.items = {Likert("a"), Likert("b", true)};
  Item matrix;
  matrix.id = "m";
  matrix.type = ItemType::kMatrix;
  matrix.scale = "agree5";
  matrix.rows = {{"r1", {}, false}, {"r2", {}, true}};
  lead.items.push_back(matrix);
  Section about;
  about.id = "about";
  Item area;
  area.id = "area";
  area.type = ItemType::kSingleChoice;
  area.options = {{"north", {}}, {"south", {}}};
  area.prefer_not_to_say = true;
  Item urban;
  urban.id = "urban";
  urban.type = ItemType::kYesNo;
  about.items = {area, urban};
  tmpl.sections = {lead, about};
  return tmpl;
}

TEST(SummariseScores, MeanSampleSdDistributionAndFavourableOfOneTwoFourFive) {
  // {1,2,4,5}: mean = 12/4 = 3; squared deviations 4+1+1+4 = 10; sample variance 10/3;
  // sd = sqrt(3.3333...) = 1.8257418583505538. Favourable = points 4 and 5: 2 of 4 = 50 %.
  Summary s = SummariseScores(Agree5(), {1, 2, 4, 5});
  EXPECT_EQ(s.n, 4);
  EXPECT_EQ(s.answers, 4);
  EXPECT_DOUBLE_EQ(s.sum, 12);
  EXPECT_NEAR(*s.mean, 3.0, kTight);
  EXPECT_NEAR(*s.sd, std::sqrt(10.0 / 3.0), kTight);
  EXPECT_NEAR(*s.sd, 1.8257418583505538, kTight);
  EXPECT_EQ(s.distribution, (std::map<double, int>{{1, 1}, {2, 1}, {3, 0}, {4, 1}, {5, 1}}));
  EXPECT_NEAR(*s.favourable_pct, 50.0, kTight);
}

TEST(SummariseScores, EmptyInputHasNoMeanAndOneValueHasNoSd) {
  Summary empty = SummariseScores(Agree5(), {});
  EXPECT_EQ(empty.n, 0);
  EXPECT_FALSE(empty.mean);
  EXPECT_FALSE(empty.sd);
  EXPECT_FALSE(empty.favourable_pct);
  EXPECT_EQ(empty.distribution.size(), 5u);  // every point listed, with zero
  Summary one = SummariseScores(Agree5(), {4});
  EXPECT_NEAR(*one.mean, 4, kTight);
  EXPECT_FALSE(one.sd);  // n - 1 = 0: undefined, not zero
  EXPECT_NEAR(*one.favourable_pct, 100, kTight);
}

TEST(SummariseScores, LeavesOutValuesThatAreNotScalePoints) {
  Summary s = SummariseScores(Agree5(), {1, 7, 2.5});
  EXPECT_EQ(s.n, 1);
  EXPECT_NEAR(*s.mean, 1, kTight);
}

TEST(ScoreValue, FlipsReverseScoredAndRejectsNaNullAndOffScale) {
  Scale scale = Agree5();
  EXPECT_EQ(ScoreValue(scale, false, 2), 2);
  EXPECT_EQ(ScoreValue(scale, true, 2), 4);  // 1 + 5 - 2
  EXPECT_EQ(ScoreValue(scale, true, 5), 1);  // 1 + 5 - 5
  EXPECT_FALSE(ScoreValue(scale, false, "na"));
  EXPECT_FALSE(ScoreValue(scale, false, nullptr));
  EXPECT_FALSE(ScoreValue(scale, false, 6));
  EXPECT_FALSE(ScoreValue(scale, false, "3"));
}

TEST(SummariseItem, FlipsReverseItemAndCountsNotApplicableOutsideN) {
  Template tmpl = MakeTemplate();
  // b is reverse scored: raw {1, 2, na, 5, missing} -> scores {5, 4, 1}; mean 10/3;
  // deviations 5/3, 2/3, -7/3 -> squares (25+4+49)/9 = 78/9; variance 78/18 = 13/3.
  std::vector<Answers> responses = {{{"b", 1}}, {{"b", 2}}, {{"b", "na"}}, {{"b", 5}}, {}};
  auto s = SummariseItem(tmpl, "b", RefsOf(responses));
  ASSERT_TRUE(s.ok()) << s.ErrorText();
  EXPECT_EQ(s->n, 3);
  EXPECT_EQ(s->not_applicable, 1);
  EXPECT_NEAR(*s->mean, 10.0 / 3.0, kTight);
  EXPECT_NEAR(*s->sd, std::sqrt(13.0 / 3.0), kTight);
  EXPECT_EQ(s->distribution.at(5), 1);                   // raw 1 flipped to 5
  EXPECT_EQ(s->distribution.at(1), 1);                   // raw 5 flipped to 1
  EXPECT_NEAR(*s->favourable_pct, 200.0 / 3.0, kTight);  // scores 5 and 4 of 3
}

TEST(SummariseItem, ReadsMatrixRowsByDottedKeyAndFlipsReversedRows) {
  Template tmpl = MakeTemplate();
  std::vector<Answers> responses = {{{"m", {{"r1", 2}, {"r2", 2}}}},
                                    {{"m", {{"r1", 4}, {"r2", "na"}}}}};
  auto r1 = SummariseItem(tmpl, "m.r1", RefsOf(responses));
  auto r2 = SummariseItem(tmpl, "m.r2", RefsOf(responses));
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_NEAR(*r1->mean, 3, kTight);  // (2 + 4) / 2
  EXPECT_EQ(r2->n, 1);
  EXPECT_NEAR(*r2->mean, 4, kTight);  // raw 2 flipped: 1 + 5 - 2
  EXPECT_EQ(r2->not_applicable, 1);
}

TEST(SummariseItem, FailsForUnknownOrUnscoredItem) {
  Template tmpl = MakeTemplate();
  EXPECT_FALSE(SummariseItem(tmpl, "nope", {}).ok());
  auto area = SummariseItem(tmpl, "area", {});
  ASSERT_FALSE(area.ok());
  EXPECT_EQ(area.problems().front().path, "area");
}

TEST(SummariseSection, AveragesRespondentScoresAndPoolsTheDistribution) {
  Template tmpl = MakeTemplate();
  // Respondent 1: a=5, b raw 1 -> 5, m.r1=2, m.r2 raw 4 -> 2: scores {5,5,2,2}, mean 3.5.
  // Respondent 2: a=3, b=na, m.r1=4: scores {3,4}, mean 3.5... b na is left out, m.r2 missing.
  // Respondent 3: only na: not a respondent of the section.
  // n = 2, mean of {3.5, 3.5} = 3.5, sd = 0; pooled scores {5,5,2,2,3,4}: favourable 3 of 6.
  std::vector<Answers> responses = {
      {{"a", 5}, {"b", 1}, {"m", {{"r1", 2}, {"r2", 4}}}},
      {{"a", 3}, {"b", "na"}, {"m", {{"r1", 4}}}},
      {{"a", "na"}},
  };
  auto s = SummariseSection(tmpl, "lead", RefsOf(responses));
  ASSERT_TRUE(s.ok()) << s.ErrorText();
  EXPECT_EQ(s->n, 2);
  EXPECT_EQ(s->answers, 6);
  EXPECT_EQ(s->not_applicable, 2);
  EXPECT_NEAR(*s->mean, 3.5, kTight);
  EXPECT_NEAR(*s->sd, 0, kTight);
  EXPECT_NEAR(*s->favourable_pct, 50, kTight);
  EXPECT_EQ(s->distribution.at(2), 2);
  EXPECT_EQ(s->distribution.at(5), 2);
}

TEST(SummariseSection, RefusesToPoolScalesWithDifferentPoints) {
  Template tmpl = MakeTemplate();
  Scale four;
  four.id = "agree4";
  for (int v = 1; v <= 4; ++v) four.points.push_back({static_cast<double>(v), {}});
  tmpl.scales.push_back(four);
  Item c = Likert("c");
  c.scale = "agree4";
  tmpl.sections[0].items.push_back(c);
  auto s = SummariseSection(tmpl, "lead", {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.ErrorText().find("mixes scales"), std::string::npos);
}

TEST(CronbachAlpha, ThreeItemsFiveCasesByHand) {
  // Items (columns) and cases (rows), totals on the right:
  //   4 5 4 | 13      item variances: each column is a permutation of {4,3,5,2,4}:
  //   3 3 2 |  8        mean 3.6, squared deviations .16+.36+1.96+2.56+.16 = 5.2, var 5.2/4 = 1.3
  //   5 4 5 | 14      totals {13,8,14,7,12}: mean 10.8, squared deviations
  //   2 2 3 |  7        4.84+7.84+10.24+14.44+1.44 = 38.8, var 38.8/4 = 9.7
  //   4 4 4 | 12      alpha = 3/2 * (1 - 3*1.3/9.7) = 1.5 * 5.8/9.7 = 8.7/9.7 = 0.8969072164948454
  std::vector<std::vector<double>> cases = {{4, 5, 4}, {3, 3, 2}, {5, 4, 5}, {2, 2, 3}, {4, 4, 4}};
  auto alpha = CronbachAlpha(cases);
  ASSERT_TRUE(alpha);
  EXPECT_NEAR(*alpha, 8.7 / 9.7, kTight);
}

TEST(CronbachAlpha, UndefinedBelowTwoItemsOrTwoCasesOrWithoutVariance) {
  EXPECT_FALSE(CronbachAlpha({{1, 2}}));             // one case
  EXPECT_FALSE(CronbachAlpha({{1}, {2}, {3}}));      // one item
  EXPECT_FALSE(CronbachAlpha({{3, 3}, {3, 3}}));     // totals do not vary
  EXPECT_FALSE(CronbachAlpha({{1, 2}, {1, 2, 3}}));  // ragged
}

TEST(SectionAlpha, UsesCompleteCasesOnlyWithReverseItemsFlipped) {
  Template tmpl = MakeTemplate();
  tmpl.sections[0].items.pop_back();  // keep a and b (b reversed)
  Item c = Likert("c");
  tmpl.sections[0].items.push_back(c);
  // Same 5x3 table as above, with b given raw (6 - score) and two incomplete responses added.
  std::vector<Answers> responses = {
      {{"a", 4}, {"b", 1}, {"c", 4}}, {{"a", 3}, {"b", 3}, {"c", 2}},
      {{"a", 5}, {"b", 2}, {"c", 5}}, {{"a", 2}, {"b", 4}, {"c", 3}},
      {{"a", 4}, {"b", 2}, {"c", 4}}, {{"a", 1}, {"b", "na"}, {"c", 1}},
      {{"a", 5}, {"c", 1}},
  };
  auto alpha = SectionAlpha(tmpl, "lead", RefsOf(responses));
  ASSERT_TRUE(alpha);
  EXPECT_NEAR(*alpha, 8.7 / 9.7, kTight);
  EXPECT_FALSE(SectionAlpha(tmpl, "lead", RefsOf({responses[0]})));  // one case only
  EXPECT_FALSE(SectionAlpha(tmpl, "nope", RefsOf(responses)));
}

TEST(WilsonInterval, EightOutOfTenByHand) {
  // p = .8, z^2 = 3.841459, z^2/n = .3841459, denominator 1.3841459;
  // centre = (.8 + .19207295) / 1.3841459 = .7167402;
  // half = 1.959964 / 1.3841459 * sqrt(.016 + 3.841459/400) = 1.4160 * .1600113 = .2265777;
  // interval (.4901625, .9433178) — the published Wilson interval for 8/10 is (.4902, .9433).
  auto ci = WilsonInterval(8, 10);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->low, 0.4901625, 1e-6);
  EXPECT_NEAR(ci->high, 0.9433178, 1e-6);
}

TEST(WilsonInterval, EndsAreExactAndBadInputHasNoInterval) {
  // 0/10: centre = half = (z^2/20)/1.3841459, so low = 0 and high = z^2/(n + z^2).
  auto none = WilsonInterval(0, 10);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->low, 0);
  EXPECT_NEAR(none->high, 0.2775328, 1e-6);  // 3.841459 / (10 + 3.841459)
  auto all = WilsonInterval(10, 10);
  EXPECT_EQ(all->high, 1);
  EXPECT_FALSE(WilsonInterval(1, 0));
  EXPECT_FALSE(WilsonInterval(11, 10));
  EXPECT_FALSE(WilsonInterval(-1, 10));
}

struct CriticalValue {
  double statistic;
  int df;
  double p;
};

class ChiSquareTableTest : public ::testing::TestWithParam<CriticalValue> {};

TEST_P(ChiSquareTableTest, PValueMatchesPublishedCriticalValues) {
  EXPECT_NEAR(ChiSquarePValue(GetParam().statistic, GetParam().df), GetParam().p, 5e-6);
}

// From the standard chi-square table (upper-tail critical values).
INSTANTIATE_TEST_SUITE_P(
    PublishedTable, ChiSquareTableTest,
    ::testing::Values(CriticalValue{3.841459, 1, 0.05}, CriticalValue{6.634897, 1, 0.01},
                      CriticalValue{5.991465, 2, 0.05}, CriticalValue{9.210340, 2, 0.01},
                      CriticalValue{7.814728, 3, 0.05}, CriticalValue{9.487729, 4, 0.05},
                      CriticalValue{18.307038, 10, 0.05}, CriticalValue{0.454936, 1, 0.5},
                      CriticalValue{37.652484, 25, 0.05}));

TEST(RegularisedUpperGamma, MatchesClosedFormsAndRejectsBadArguments) {
  // Q(1, x) = e^-x; Q(1/2, x) = erfc(sqrt x).
  EXPECT_NEAR(RegularisedUpperGamma(1, 0.5), std::exp(-0.5), 1e-12);
  EXPECT_NEAR(RegularisedUpperGamma(1, 7), std::exp(-7.0), 1e-12);
  EXPECT_NEAR(RegularisedUpperGamma(0.5, 0.3), std::erfc(std::sqrt(0.3)), 1e-12);
  EXPECT_NEAR(RegularisedUpperGamma(0.5, 4), std::erfc(2.0), 1e-12);
  EXPECT_EQ(RegularisedUpperGamma(3, 0), 1);
  EXPECT_TRUE(std::isnan(RegularisedUpperGamma(0, 1)));
  EXPECT_TRUE(std::isnan(RegularisedUpperGamma(1, -1)));
}

TEST(ChiSquareTest, TwoByTwoByHand) {
  // [[10,20],[30,40]]: row totals 30, 70; column totals 40, 60; N = 100.
  // expected 12, 18, 28, 42; chi2 = 4/12 + 4/18 + 4/28 + 4/42 = .3333+.2222+.1429+.0952
  //   = 0.7936507936507936; df = 1; p = erfc(sqrt(chi2/2)) = erfc(.629941) = 0.372998 (df 1
  //   closed form; a printed table puts 0.794 between p = .50 at 0.455 and p = .25 at 1.323).
  auto t = ChiSquareTest({{10, 20}, {30, 40}});
  ASSERT_TRUE(t.ok()) << t.ErrorText();
  EXPECT_NEAR(t->statistic, 4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42, kTight);
  EXPECT_EQ(t->df, 1);
  EXPECT_NEAR(t->p_value, std::erfc(std::sqrt(t->statistic / 2)), 1e-12);
  EXPECT_NEAR(t->p_value, 0.372998, 1e-6);
  EXPECT_NEAR(t->expected[1][1], 42, kTight);
  EXPECT_FALSE(t->small_expected);
}

TEST(ChiSquareTest, WarnsWhenAnExpectedCountIsBelowFive) {
  // [[8,2],[2,8]]: expected 5 everywhere: no warning. [[3,1],[1,3]]: expected 2: warning.
  // chi2 of the first = 4 * 9/5 = 7.2.
  auto fine = ChiSquareTest({{8, 2}, {2, 8}});
  ASSERT_TRUE(fine.ok());
  EXPECT_NEAR(fine->statistic, 7.2, kTight);
  EXPECT_FALSE(fine->small_expected);
  auto small = ChiSquareTest({{3, 1}, {1, 3}});
  ASSERT_TRUE(small.ok());
  EXPECT_TRUE(small->small_expected);
  EXPECT_NEAR(small->share_expected_below_5, 1.0, kTight);
  EXPECT_NEAR(small->min_expected, 2.0, kTight);
}

TEST(ChiSquareTest, DropsEmptyRowsAndColumnsFromDegreesOfFreedom) {
  // The zero row and zero column are left out: the same 2x2 as above, df 1.
  auto t = ChiSquareTest({{10, 0, 20}, {0, 0, 0}, {30, 0, 40}});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->df, 1);
  EXPECT_EQ(t->rows_kept, (std::vector<int>{0, 2}));
  EXPECT_EQ(t->columns_kept, (std::vector<int>{0, 2}));
  EXPECT_NEAR(t->statistic, 0.7936507936507936, kTight);
}

TEST(ChiSquareTest, ThreeByTwoByHand) {
  // [[20,10],[15,15],[5,15]]: row totals 30,30,20; columns 40,40; N 80.
  // expected rows: 15,15 / 15,15 / 10,10; chi2 = 25/15+25/15+0+0+25/10+25/10 = 3.3333+5 = 8.3333;
  // df = 2; p = e^(-chi2/2) (df 2 closed form) = e^-4.16667 = 0.015502.
  auto t = ChiSquareTest({{20, 10}, {15, 15}, {5, 15}});
  ASSERT_TRUE(t.ok());
  EXPECT_NEAR(t->statistic, 25.0 / 3.0, kTight);
  EXPECT_EQ(t->df, 2);
  EXPECT_NEAR(t->p_value, std::exp(-25.0 / 6.0), 1e-12);
}

TEST(ChiSquareTest, RejectsRaggedNegativeAndDegenerateTables) {
  EXPECT_FALSE(ChiSquareTest({}).ok());
  EXPECT_FALSE(ChiSquareTest({{1, 2}, {3}}).ok());
  EXPECT_FALSE(ChiSquareTest({{1, -2}, {3, 4}}).ok());
  EXPECT_FALSE(ChiSquareTest({{1, 2}, {0, 0}}).ok());  // one non-empty row
}

TEST(BuildContingencyTable, CountsAnswersAgainstSegmentAndSkipsWithheldByDefault) {
  Template tmpl = MakeTemplate();
  std::vector<Answers> responses = {
      {{"area", "north"}, {"urban", true}}, {{"area", "north"}, {"urban", false}},
      {{"area", "south"}, {"urban", true}}, {{"area", "prefer_not_to_say"}, {"urban", true}},
      {{"area", "north"}, {"urban", true}}, {{"area", "south"}},
  };
  auto table = BuildContingencyTable(tmpl, "urban", "area", RefsOf(responses));
  ASSERT_TRUE(table.ok()) << table.ErrorText();
  EXPECT_EQ(table->row_values, (std::vector<std::string>{"yes", "no"}));
  EXPECT_EQ(table->column_values, (std::vector<std::string>{"north", "south"}));
  EXPECT_EQ(table->counts, (std::vector<std::vector<int>>{{2, 1}, {1, 0}}));
  auto with = BuildContingencyTable(tmpl, "urban", "area", RefsOf(responses), true);
  ASSERT_TRUE(with.ok());
  EXPECT_EQ(with->column_values.back(), "prefer_not_to_say");
  EXPECT_EQ(with->counts[0][2], 1);
}

TEST(BuildContingencyTable, LikertPointsAreCategoriesAndTextItemsAreRefused) {
  Template tmpl = MakeTemplate();
  std::vector<Answers> responses = {{{"a", 4}, {"area", "north"}},
                                    {{"a", "na"}, {"area", "north"}}};
  auto table = BuildContingencyTable(tmpl, "a", "area", RefsOf(responses));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->row_values, (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(table->counts[3][0], 1);
  auto bad = BuildContingencyTable(tmpl, "m", "nope", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problems().size(), 2u);  // both ids reported at once
}

}  // namespace
}  // namespace soundings
