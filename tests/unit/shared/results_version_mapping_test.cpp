// Answers on older template versions roll up into the current version through `replaces`.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/statistics.h"
#include "shared/results/version_mapping.h"

namespace soundings {
namespace {

using Ids = std::vector<std::string>;

Item Likert(const std::string& id, Ids replaces = {}, bool reverse = false,
            const std::string& scale = "agree5") {
  Item item;
  item.id = id;
  item.type = ItemType::kLikert;
  item.scale = scale;
  item.replaces = std::move(replaces);
  item.reverse_scored = reverse;
  return item;
}

Scale Points(const std::string& id, int count) {
  Scale scale;
  scale.id = id;
  for (int v = 1; v <= count; ++v) scale.points.push_back({static_cast<double>(v), {}});
  return scale;
}

Template Version(int version, std::vector<Item> items, Ids dropped = {}) {
  Template tmpl;
  tmpl.id = "programme";
  tmpl.version = version;
  tmpl.languages = {"en"};
  tmpl.scales = {Points("agree5", 5), Points("agree4", 4)};
  Section section;
  section.id = "lead";
  section.competency = true;
  section.items = std::move(items);
  tmpl.sections = {section};
  tmpl.dropped = std::move(dropped);
  return tmpl;
}

// v1: kept, split_me, merge_a, merge_b, drop_me, old_word, forgotten
// v2: kept, split_me, merged (replaces merge_a, merge_b), drop_me, new_word (replaces old_word)
// v3: kept, part_1 + part_2 (both replace split_me), merged, newest_word (replaces new_word);
//     drops drop_me; says nothing about `forgotten`.
struct Versions {
  Template v1 =
      Version(1, {Likert("kept"), Likert("split_me"), Likert("merge_a"), Likert("merge_b"),
                  Likert("drop_me"), Likert("old_word"), Likert("forgotten")});
  Template v2 =
      Version(2, {Likert("kept"), Likert("split_me"), Likert("merged", {"merge_a", "merge_b"}),
                  Likert("drop_me"), Likert("new_word", {"old_word"})});
  Template v3 =
      Version(3,
              {Likert("kept"), Likert("part_1", {"split_me"}), Likert("part_2", {"split_me"}),
               Likert("merged"), Likert("newest_word", {"new_word"})},
              {"drop_me"});
};

TEST(BuildItemMapping, SplitMapsToEveryNewItemMergeToOneDroppedToNone) {
  Versions v;
  ItemMapping mapping = BuildItemMapping(v.v3, {v.v1, v.v2});
  EXPECT_EQ(mapping.Targets("kept"), Ids{"kept"});
  EXPECT_EQ(mapping.Targets("split_me"), (Ids{"part_1", "part_2"}));
  EXPECT_EQ(mapping.Targets("merge_a"), Ids{"merged"});
  EXPECT_EQ(mapping.Targets("merge_b"), Ids{"merged"});
  EXPECT_EQ(mapping.Targets("drop_me"), Ids{});
  EXPECT_EQ(mapping.Targets("part_1"), Ids{"part_1"});
  EXPECT_EQ(mapping.Targets("never_heard_of"), Ids{});
}

TEST(BuildItemMapping, FollowsChainsOfReplacesThroughIntermediateVersions) {
  Versions v;
  // old_word (v1) -> new_word (v2) -> newest_word (v3); the older list's order does not matter.
  ItemMapping mapping = BuildItemMapping(v.v3, {v.v2, v.v1});
  EXPECT_EQ(mapping.Targets("old_word"), Ids{"newest_word"});
  EXPECT_EQ(mapping.Targets("new_word"), Ids{"newest_word"});
}

TEST(BuildItemMapping, ListsOlderItemsNoVersionAccountsFor) {
  Versions v;
  ItemMapping mapping = BuildItemMapping(v.v3, {v.v1, v.v2});
  EXPECT_EQ(mapping.unaccounted, Ids{"forgotten"});
  EXPECT_EQ(mapping.Targets("forgotten"), Ids{});
}

TEST(BuildItemMapping, TheNewestVersionDecidesWhenAnIdIsDroppedAfterBeingReplaced) {
  // v2 replaced x by y; v3 drops y: x no longer rolls up.
  Template v1 = Version(1, {Likert("x")});
  Template v2 = Version(2, {Likert("y", {"x"})});
  Template v3 = Version(3, {Likert("z")}, {"y"});
  ItemMapping mapping = BuildItemMapping(v3, {v1, v2});
  EXPECT_EQ(mapping.Targets("x"), Ids{});
  EXPECT_TRUE(mapping.unaccounted.empty());
}

TEST(MapAnswers, CopiesSplitAnswersToEachPartAndDropsDroppedItems) {
  Versions v;
  ItemMapping mapping = BuildItemMapping(v.v3, {v.v1, v.v2});
  Answers old = {{"kept", 4}, {"split_me", 2}, {"drop_me", 5}, {"old_word", 3}, {"forgotten", 1}};
  Answers mapped = MapAnswers(v.v3, v.v1, mapping, old);
  EXPECT_EQ(mapped, (Answers{{"kept", 4}, {"part_1", 2}, {"part_2", 2}, {"newest_word", 3}}));
}

TEST(MapAnswers, MergeTakesTheFirstAnsweredSourceInReplacesOrder) {
  Versions v;
  ItemMapping mapping = BuildItemMapping(v.v3, {v.v1, v.v2});
  // On v1 both merge_a and merge_b were asked; `merged` lists merge_a first.
  EXPECT_EQ(MapAnswers(v.v3, v.v1, mapping, {{"merge_a", 2}, {"merge_b", 5}}),
            (Answers{{"merged", 2}}));
  EXPECT_EQ(MapAnswers(v.v3, v.v1, mapping, {{"merge_a", "na"}, {"merge_b", 5}}),
            (Answers{{"merged", "na"}}));
  EXPECT_EQ(MapAnswers(v.v3, v.v1, mapping, {{"merge_b", 5}}), (Answers{{"merged", 5}}));
}

TEST(MapAnswers, FlipsWhenSourceAndTargetDisagreeOnReverseScoring) {
  // v1 "loses_focus" was reverse scored; v2 "keeps_focus" replaces it and is not. A raw 2 on
  // loses_focus (score 1 + 5 - 2 = 4) must arrive as raw 4 on keeps_focus (score 4): same meaning.
  Template v1 = Version(1, {Likert("loses_focus", {}, true)});
  Template v2 = Version(2, {Likert("keeps_focus", {"loses_focus"}, false)});
  ItemMapping mapping = BuildItemMapping(v2, {v1});
  Answers mapped = MapAnswers(v2, v1, mapping, {{"loses_focus", 2}});
  EXPECT_EQ(mapped, (Answers{{"keeps_focus", 4}}));
  EXPECT_EQ(MapAnswers(v2, v1, mapping, {{"loses_focus", "na"}}), (Answers{{"keeps_focus", "na"}}));
}

TEST(MapAnswers, LeavesOutAnswersWhoseScalesCannotBeCompared) {
  Template v1 = Version(1, {Likert("q", {}, false, "agree4")});
  Template v2 = Version(2, {Likert("r", {"q"}, false, "agree5")});
  ItemMapping mapping = BuildItemMapping(v2, {v1});
  EXPECT_EQ(mapping.Targets("q"), Ids{"r"});
  EXPECT_TRUE(MapAnswers(v2, v1, mapping, {{"q", 3}}).empty());
}

TEST(MapAnswers, MappedOldAnswersRollUpWithCurrentOnes) {
  Versions v;
  ItemMapping mapping = BuildItemMapping(v.v3, {v.v1, v.v2});
  // Two v1 responses on split_me (2 and 4) and one v3 response on part_1 (3):
  // part_1 mean = (2 + 4 + 3) / 3 = 3.
  std::vector<Answers> rolled = {MapAnswers(v.v3, v.v1, mapping, {{"split_me", 2}}),
                                 MapAnswers(v.v3, v.v1, mapping, {{"split_me", 4}}),
                                 MapAnswers(v.v3, v.v3, mapping, {{"part_1", 3}})};
  auto summary = SummariseItem(v.v3, "part_1", RefsOf(rolled));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->n, 3);
  EXPECT_DOUBLE_EQ(*summary->mean, 3);
}

}  // namespace
}  // namespace soundings
