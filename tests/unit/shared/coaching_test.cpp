// Coaching matches and project-team coverage from hand-made profiles and shown rankings.

#include "shared/results/coaching.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace soundings {
namespace {

Template ThreeCompetencies() {
  Template tmpl;
  tmpl.id = "t";
  tmpl.version = 1;
  tmpl.kind = TemplateKind::kAppraisal360;
  auto section = [](const std::string& id, std::vector<std::string> items, bool competency) {
    Section s;
    s.id = id;
    s.competency = competency;
    for (const auto& i : items) {
      Item item;
      item.id = i;
      item.type = ItemType::kLikert;
      item.scale = "agree5";
      s.items.push_back(item);
    }
    return s;
  };
  tmpl.sections = {section("lead", {"l1", "l2"}, true), section("talk", {"t1", "t2"}, true),
                   section("plan", {"p1", "p2"}, true), section("misc", {"m1"}, false)};
  return tmpl;
}

TEST(ProfileOf, StrongAndDevelopingComeFromShownRankingsAndMixedCountsAsNeither) {
  const Template tmpl = ThreeCompetencies();
  Shown360 shown;
  shown.strengths = {{"l1", 4.8, 90}, {"l2", 4.5, 80}, {"t1", 4.0, 70}, {"m1", 4.9, 95}};
  shown.development_areas = {{"p1", 1.5, 0}, {"p2", 2.0, 10}, {"t2", 2.5, 20}};
  const CompetencyProfile p = ProfileOf("ann", tmpl, shown);
  EXPECT_EQ(p.person_id, "ann");
  ASSERT_EQ(p.strong.size(), 1u);  // talk is in both lists: mixed; m1 is in no competency
  EXPECT_DOUBLE_EQ(p.strong.at("lead"), 4.8);
  ASSERT_EQ(p.developing.size(), 1u);
  EXPECT_DOUBLE_EQ(p.developing.at("plan"), 1.5);
}

TEST(MatchCoaching, PairsLearnersMostInNeedWithTheStrongestMentorsInTurn) {
  const std::vector<CompetencyProfile> profiles = {
      {"ann", {{"lead", 4.8}}, {{"plan", 1.5}}},
      {"bob", {{"lead", 4.2}, {"plan", 4.6}}, {}},
      {"cat", {}, {{"lead", 2.1}}},
      {"dan", {}, {{"lead", 1.9}, {"talk", 1.0}}},
      {"eve", {}, {{"lead", 2.5}}},
  };
  const auto matches = MatchCoaching(profiles, {"lead", "talk", "plan"});
  ASSERT_EQ(matches.size(), 2u);  // talk has a learner but no mentor
  const CoachingMatch& lead = matches[0];
  EXPECT_EQ(lead.competency, "lead");
  ASSERT_EQ(lead.mentors.size(), 2u);
  EXPECT_EQ(lead.mentors[0].person_id, "ann");
  EXPECT_EQ(lead.mentors[1].person_id, "bob");
  ASSERT_EQ(lead.learners.size(), 3u);
  EXPECT_EQ(lead.learners[0].person_id, "dan");
  EXPECT_EQ(lead.learners[1].person_id, "cat");
  EXPECT_EQ(lead.learners[2].person_id, "eve");
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"ann", "dan"}, {"bob", "cat"}, {"ann", "eve"}};
  EXPECT_EQ(lead.pairs, pairs);
  EXPECT_EQ(matches[1].competency, "plan");
  EXPECT_EQ(matches[1].pairs, (std::vector<std::pair<std::string, std::string>>{{"bob", "ann"}}));
}

TEST(MatchCoaching, TiesAreBrokenByPersonIdSoTheListIsStable) {
  const std::vector<CompetencyProfile> profiles = {
      {"zed", {{"lead", 4.0}}, {}}, {"amy", {{"lead", 4.0}}, {}}, {"kim", {}, {{"lead", 2.0}}}};
  const auto matches = MatchCoaching(profiles, {"lead"});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].mentors[0].person_id, "amy");
  EXPECT_EQ(matches[0].pairs[0].first, "amy");
}

TEST(CoverageOf, ListsWhoIsStrongAndLeavesGapsEmpty) {
  const std::vector<CompetencyProfile> group = {
      {"ann", {{"lead", 4.1}}, {{"plan", 1.5}}},
      {"bob", {{"lead", 4.6}, {"talk", 4.0}}, {}},
  };
  const auto coverage = CoverageOf(group, {"lead", "talk", "plan"});
  ASSERT_EQ(coverage.size(), 3u);
  ASSERT_EQ(coverage[0].strong.size(), 2u);
  EXPECT_EQ(coverage[0].strong[0].person_id, "bob");
  EXPECT_EQ(coverage[1].strong.size(), 1u);
  EXPECT_TRUE(coverage[2].strong.empty());
}

}  // namespace
}  // namespace soundings
