// 360 grouping against a hand-worked subject: by group, all others, gaps and rankings.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/three_sixty.h"

namespace soundings {
namespace {

constexpr double kTight = 1e-9;

Item Likert(const std::string& id, bool reverse = false) {
  Item item;
  item.id = id;
  item.type = ItemType::kLikert;
  item.scale = "agree5";
  item.reverse_scored = reverse;
  return item;
}

Template Appraisal() {
  Template tmpl;
  tmpl.id = "me2e";
  tmpl.version = 1;
  tmpl.kind = TemplateKind::kAppraisal360;
  tmpl.languages = {"en"};
  Scale scale;
  scale.id = "agree5";
  for (int v = 1; v <= 5; ++v) scale.points.push_back({static_cast<double>(v), {}});
  scale.not_applicable = LocalText{{"en", "N/A"}};
  tmpl.scales = {scale};
  tmpl.rater_groups = {
      {"self", {}, 1, 1}, {"manager", {}, 1, 3}, {"peer", {}, 3, 3}, {"staff", {}, 3, 4}};
  Section lead;
  lead.id = "lead";
  lead.competency = true;
  lead.items = {Likert("a"), Likert("b", true)};
  Section talk;
  talk.id = "talk";
  talk.competency = true;
  talk.items = {Likert("c")};
  tmpl.sections = {lead, talk};
  return tmpl;
}

// b is reverse scored: raw 1 -> 5, 2 -> 4, 3 -> 3, 4 -> 2.
std::vector<RaterResponse> Responses() {
  return {
      {"self", {{"a", 5}, {"b", 1}, {"c", 2}}},     // scores a5 b5 c2
      {"manager", {{"a", 3}, {"b", 3}, {"c", 4}}},  // a3 b3 c4
      {"peer", {{"a", 4}, {"b", 2}, {"c", 5}}},     // a4 b4 c5
      {"peer", {{"a", 2}, {"b", 4}, {"c", 4}}},     // a2 b2 c4
      {"peer", {{"a", 3}, {"b", "na"}, {"c", 5}}},  // a3 b-  c5
      {"staff", {{"a", 3}, {"b", 2}, {"c", 3}}},    // a3 b4 c3
      {"staff", {{"a", 4}, {"b", 1}, {"c", 5}}},    // a4 b5 c5
  };
}

TEST(Compute360, SummarisesEachGroupAndAllOthersWithoutSelf) {
  Template tmpl = Appraisal();
  auto responses = Responses();
  Stats360 stats = Compute360(tmpl, responses);
  EXPECT_EQ(stats.groups, (std::vector<std::string>{"self", "manager", "peer", "staff"}));
  EXPECT_EQ(stats.responses.at("peer"), 3);
  EXPECT_EQ(stats.all_others_responses, 6);
  const auto& a = stats.items.at("a");
  // Peers on a: {4,2,3}: mean 3, deviations 1,-1,0: variance 2/2 = 1, sd 1.
  EXPECT_NEAR(*a.by_group.at("peer").mean, 3, kTight);
  EXPECT_NEAR(*a.by_group.at("peer").sd, 1, kTight);
  // All others on a: {3,4,2,3,3,4}: sum 19, mean 19/6; self's 5 is not in it.
  EXPECT_EQ(a.all_others.n, 6);
  EXPECT_NEAR(*a.all_others.mean, 19.0 / 6.0, kTight);
  // All others on b, flipped: {3,4,2,4,5} (one na): n 5, mean 18/5 = 3.6.
  const auto& b = stats.items.at("b");
  EXPECT_EQ(b.all_others.n, 5);
  EXPECT_EQ(b.all_others.not_applicable, 1);
  EXPECT_NEAR(*b.all_others.mean, 3.6, kTight);
  EXPECT_EQ(b.by_group.at("peer").n, 2);
}

TEST(Compute360, CompetencyAveragesEachRatersItemScores) {
  Template tmpl = Appraisal();
  Stats360 stats = Compute360(tmpl, Responses());
  EXPECT_EQ(stats.competency_ids, (std::vector<std::string>{"lead", "talk"}));
  // Others' lead scores: manager (3+3)/2 = 3, peers (4+4)/2 = 4, (2+2)/2 = 2, 3 (b na),
  // staff (3+4)/2 = 3.5, (4+5)/2 = 4.5: mean 20/6.
  const auto& lead = stats.competencies.at("lead");
  EXPECT_EQ(lead.all_others.n, 6);
  EXPECT_NEAR(*lead.all_others.mean, 20.0 / 6.0, kTight);
  EXPECT_NEAR(*lead.by_group.at("self").mean, 5, kTight);
}

TEST(Gaps, FindsBlindSpotsAndHiddenStrengthsAtAThirdOfTheRange) {
  Template tmpl = Appraisal();
  Stats360 stats = Compute360(tmpl, Responses());
  // Threshold (5 - 1) / 3 = 1.3333.
  // a: 5 - 19/6 = 1.8333 -> blind spot; b: 5 - 3.6 = 1.4 -> blind spot;
  // c: 2 - 26/6 = -2.3333 -> hidden strength; lead: 5 - 20/6 = 1.6667 -> blind spot;
  // talk: same as c.
  auto gaps = Gaps(tmpl, stats);
  ASSERT_EQ(gaps.size(), 5u);
  EXPECT_EQ(gaps[0].key, "a");
  EXPECT_NEAR(gaps[0].gap, 5 - 19.0 / 6.0, kTight);
  EXPECT_NEAR(gaps[0].threshold, 4.0 / 3.0, kTight);
  EXPECT_EQ(gaps[0].kind, GapKind::kBlindSpot);
  EXPECT_EQ(gaps[1].kind, GapKind::kBlindSpot);
  EXPECT_EQ(gaps[2].kind, GapKind::kHiddenStrength);
  EXPECT_TRUE(gaps[3].competency);
  EXPECT_EQ(gaps[3].key, "lead");
  EXPECT_EQ(gaps[3].kind, GapKind::kBlindSpot);
  EXPECT_EQ(gaps[4].kind, GapKind::kHiddenStrength);
  // With a threshold of 1.5 points, b's 1.4 is no longer a blind spot.
  EXPECT_EQ(Gaps(tmpl, stats, 1.5)[1].kind, GapKind::kNone);
}

TEST(ClassifyGap, ExactlyAThirdCountsAndJustBelowDoesNot) {
  double third = 4.0 / 3.0;
  EXPECT_EQ(ClassifyGap(4, 4 - third, third), GapKind::kBlindSpot);
  EXPECT_EQ(ClassifyGap(2.0, 2.0 + third, third), GapKind::kHiddenStrength);
  EXPECT_EQ(ClassifyGap(4, 2.7, third), GapKind::kNone);  // gap 1.3
  EXPECT_EQ(ClassifyGap(3, 3, third), GapKind::kNone);
}

TEST(RankByOthers, TopStrengthsAndDevelopmentAreasByOthersMean) {
  Template tmpl = Appraisal();
  Stats360 stats = Compute360(tmpl, Responses());
  // Others' means: a 3.1667, b 3.6, c 4.3333.
  auto top = TopStrengths(stats, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].key, "c");
  EXPECT_EQ(top[1].key, "b");
  auto bottom = DevelopmentAreas(stats, 2);
  ASSERT_EQ(bottom.size(), 2u);
  EXPECT_EQ(bottom[0].key, "a");
  EXPECT_EQ(bottom[1].key, "b");
  EXPECT_EQ(TopStrengths(stats).size(), 3u);  // fewer items than 5: all of them
}

TEST(RankByOthers, TiesGoToFavourableThenTemplateOrder) {
  std::vector<Ranked> entries = {{"x", 4, 50}, {"y", 4, 80}, {"z", 4, 80}, {"w", 3, 100}};
  auto best = RankByOthers(entries, 5, true);
  EXPECT_EQ(best[0].key, "y");
  EXPECT_EQ(best[1].key, "z");
  EXPECT_EQ(best[2].key, "x");
  auto worst = RankByOthers(entries, 2, false);
  EXPECT_EQ(worst[0].key, "w");
  EXPECT_EQ(worst[1].key, "x");
}

TEST(Compute360, NoSelfResponseMeansNoGap) {
  Template tmpl = Appraisal();
  auto responses = Responses();
  responses.erase(responses.begin());
  Stats360 stats = Compute360(tmpl, responses);
  EXPECT_TRUE(Gaps(tmpl, stats).empty());
  EXPECT_EQ(stats.responses.at("self"), 0);
}

}  // namespace
}  // namespace soundings
