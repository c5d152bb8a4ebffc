// Impact over time against hand-worked fixtures: t quantiles, 95 % intervals of means, the
// overlap rule, and a change between two suppressed 360 summaries.

#include "shared/results/impact.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/suppression.h"
#include "shared/results/three_sixty.h"

namespace soundings {
namespace {

constexpr double kFourDecimals = 5e-5;

Template OneCompetency() {
  Template tmpl;
  tmpl.id = "t";
  tmpl.version = 1;
  tmpl.kind = TemplateKind::kAppraisal360;
  tmpl.languages = {"en"};
  Scale scale;
  scale.id = "agree5";
  for (int v = 1; v <= 5; ++v) scale.points.push_back({static_cast<double>(v), {}});
  tmpl.scales = {scale};
  tmpl.rater_groups = {{"self", {}, 1, 1}, {"peer", {}, 3, 3}};
  Item a;
  a.id = "a";
  a.type = ItemType::kLikert;
  a.scale = "agree5";
  Section lead;
  lead.id = "lead";
  lead.competency = true;
  lead.items = {a};
  tmpl.sections = {lead};
  return tmpl;
}

// The all-others summary of competency "lead" when peers answered `scores`.
ShownSummary Peers(const SuppressionEngine& engine, const std::vector<int>& scores) {
  const Template tmpl = OneCompetency();
  std::vector<RaterResponse> responses;
  for (int s : scores) responses.push_back({"peer", {{"a", s}}});
  return engine.Show360(tmpl, Compute360(tmpl, responses)).competencies.at("lead").all_others;
}

TEST(TQuantile975, MatchesTheTableAndTheNormalLimit) {
  // R's qt(0.975, df) (tests/fixtures/r/reference.txt has these and more, compared to 1e-6).
  EXPECT_NEAR(TQuantile975(1), 12.7062047361747, 1e-9);
  EXPECT_NEAR(TQuantile975(5), 2.57058183563631, 1e-9);
  EXPECT_NEAR(TQuantile975(30), 2.04227245630124, 1e-9);
  EXPECT_NEAR(TQuantile975(120), 1.97993040508242, 1e-9);
  EXPECT_NEAR(TQuantile975(1000000), kZ95, 1e-5);
  EXPECT_TRUE(std::isnan(TQuantile975(0)));
}

TEST(TQuantile975, FallsAsDegreesOfFreedomGrow) {
  for (int df = 1; df < 200; ++df) EXPECT_GT(TQuantile975(df), TQuantile975(df + 1)) << df;
}

TEST(MeanInterval95, IsMeanPlusOrMinusTTimesStandardError) {
  // mean 3, sd 1, n 4: half width t(3) * 1 / 2 = 3.1824 / 2 = 1.5912.
  auto interval = MeanInterval95(3, 1, 4);
  ASSERT_TRUE(interval);
  EXPECT_NEAR(interval->low, 1.4088, kFourDecimals);
  EXPECT_NEAR(interval->high, 4.5912, kFourDecimals);
  // sd 0: a single point.
  auto point = MeanInterval95(2, 0, 5);
  ASSERT_TRUE(point);
  EXPECT_EQ(point->low, 2);
  EXPECT_EQ(point->high, 2);
}

TEST(MeanInterval95, HasNoIntervalForOneAnswer) {
  EXPECT_FALSE(MeanInterval95(4, 0, 1));
  EXPECT_FALSE(MeanInterval95(4, -1, 5));
}

TEST(CompareIntervals, OnlyDisjointIntervalsCountAsChange) {
  struct Case {
    MeanInterval baseline;
    MeanInterval current;
    ChangeVerdict verdict;
  };
  const std::vector<Case> cases = {
      {{1, 2}, {2.5, 3}, ChangeVerdict::kImproved},
      {{2.5, 3}, {1, 2}, ChangeVerdict::kDeclined},
      {{1, 2}, {2, 3}, ChangeVerdict::kWithinNoise},  // touching overlaps
      {{1, 3}, {1.5, 2}, ChangeVerdict::kWithinNoise},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(CompareIntervals(c.baseline, c.current), c.verdict)
        << c.baseline.low << ".." << c.baseline.high << " vs " << c.current.low << ".."
        << c.current.high;
  }
}

TEST(CompareShown, AnImprovementBeyondTheNoiseIsFlagged) {
  const SuppressionEngine engine;
  // Baseline 1,2,2,2,3,2: mean 2, sd sqrt(0.4) = 0.63246; half width t(5) * 0.63246 / sqrt(6)
  // = 2.5706 * 0.258199 = 0.66373. Current 4,5,4,4,3,4: mean 4, same sd.
  const ShownChange change =
      CompareShown(Peers(engine, {1, 2, 2, 2, 3, 2}), Peers(engine, {4, 5, 4, 4, 3, 4}));
  ASSERT_TRUE(change.change);
  EXPECT_NEAR(*change.change, 2.0, 1e-9);
  ASSERT_TRUE(change.baseline_interval && change.current_interval);
  EXPECT_NEAR(change.baseline_interval->low, 1.33627, 1e-4);
  EXPECT_NEAR(change.baseline_interval->high, 2.66373, 1e-4);
  EXPECT_NEAR(change.current_interval->low, 3.33627, 1e-4);
  EXPECT_EQ(change.verdict, ChangeVerdict::kImproved);
  const nlohmann::json json = ToJson(change);
  EXPECT_EQ(json["change"]["value"], 2.0);
  EXPECT_EQ(json["verdict"], "improved");
  EXPECT_EQ(json["baseline"]["interval"]["low"], 1.34);
  EXPECT_EQ(json["current"]["interval"]["high"], 4.66);
}

TEST(CompareShown, ASmallChangeIsWithinTheNoise) {
  const SuppressionEngine engine;
  // Current 2,3,2,2,3,2: mean 2.3333, change +0.33, intervals overlap.
  const ShownChange change =
      CompareShown(Peers(engine, {1, 2, 2, 2, 3, 2}), Peers(engine, {2, 3, 2, 2, 3, 2}));
  ASSERT_TRUE(change.change);
  EXPECT_NEAR(*change.change, 1.0 / 3, 1e-9);
  EXPECT_EQ(change.verdict, ChangeVerdict::kWithinNoise);
  EXPECT_EQ(ToJson(change)["change"]["value"], 0.33);
  const ShownChange down =
      CompareShown(Peers(engine, {4, 5, 4, 4, 3, 4}), Peers(engine, {1, 2, 2, 2, 3, 2}));
  EXPECT_EQ(down.verdict, ChangeVerdict::kDeclined);
  EXPECT_NEAR(*down.change, -2.0, 1e-9);
}

TEST(CompareShown, ASuppressedSideSuppressesTheChangeAndReadsFewerThanN) {
  const SuppressionEngine engine;
  for (bool baseline_small : {true, false}) {
    const ShownSummary small = Peers(engine, {5, 5});  // 2 others: below the minimum of 3
    const ShownSummary full = Peers(engine, {1, 2, 2, 2, 3, 2});
    const ShownChange change =
        baseline_small ? CompareShown(small, full) : CompareShown(full, small);
    EXPECT_FALSE(change.change);
    EXPECT_EQ(change.verdict, ChangeVerdict::kNotAssessed);
    const nlohmann::json json = ToJson(change);
    EXPECT_TRUE(json["change"]["value"].is_null());
    EXPECT_EQ(json["change"]["status"], "suppressed");
    EXPECT_EQ(json["change"]["text"], "fewer than 3*");
    EXPECT_EQ(json[baseline_small ? "baseline" : "current"]["mean"]["status"], "suppressed");
    EXPECT_TRUE(json[baseline_small ? "baseline" : "current"]["interval"].is_null());
    EXPECT_EQ(json.dump().find("5.0"), std::string::npos) << json.dump();
  }
}

TEST(CompareShown, NoBaselineAnswersMeansNotDefinedNotZero) {
  const SuppressionEngine engine;
  const ShownChange change = CompareShown(Peers(engine, {}), Peers(engine, {4, 5, 4}));
  EXPECT_FALSE(change.change);
  const nlohmann::json json = ToJson(change);
  EXPECT_TRUE(json["change"]["value"].is_null());
  EXPECT_NE(json["change"]["status"], "shown");
  EXPECT_EQ(json["verdict"], "not_assessed");
}

}  // namespace
}  // namespace soundings
