// The suppression engine on hand-worked cases: primary and secondary suppression, rendering,
// 360 rater groups, comments, distributions and cross-tabs.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/suppression.h"

namespace soundings {
namespace {

// Which values are suppressed, as a string of '#' (suppressed) and '.' (shown).
std::string Hidden(const std::vector<CellValue>& values) {
  std::string out;
  for (const auto& v : values) out += v.suppressed() ? '#' : '.';
  return out;
}

TEST(CellValue, SuppressedRendersFewerThanNeverBlankOrZero) {
  SuppressionEngine engine;
  auto values = engine.Distribution({"a", "b", "c"}, {12, 0, 3});
  for (const auto& v : values.counts) {
    if (!v.suppressed()) continue;
    EXPECT_FALSE(v.Render().empty());
    EXPECT_NE(v.Render(), "0");
    EXPECT_EQ(v.Render(), "fewer than 5*");
    EXPECT_FALSE(v.value());
    EXPECT_TRUE(v.ToJson()["value"].is_null());
    EXPECT_EQ(v.ToJson()["threshold"], 5);
    EXPECT_EQ(v.ToJson()["status"], "suppressed");
  }
  // 0 and 3 hide each other: a reader knows only that they sum to 15 - 12 = 3.
  EXPECT_EQ(values.counts[0].Render(), "12");
}

TEST(CellValue, ShownCountsAreJsonIntegersAndMeansKeepTheirDecimals) {
  SuppressionEngine engine;
  auto values = engine.Distribution({"a", "b"}, {922, 40});
  const auto count = values.counts[0].ToJson();
  EXPECT_TRUE(count["value"].is_number_integer()) << count.dump();
  EXPECT_EQ(count.dump(), R"({"value":922})");
  EXPECT_EQ(values.total[0].ToJson().dump(), R"({"value":962})");
  const auto share = engine.Ratio(values.counts[1], values.total[0]).ToJson(1);
  EXPECT_TRUE(share["value"].is_number_float()) << share.dump();
  EXPECT_DOUBLE_EQ(share["value"].get<double>(), 4.2);
}

TEST(Distribution, HidesTheNextSmallestWhenOneCountIsBelowTheMinimum) {
  // {12, 3, 8} of 23 at k = 5: 3 is hidden (primary). Alone it would be 23 - 12 - 8 = 3, so the
  // smallest shown count, 8, is hidden too (secondary). A reader then knows only 3' + 8' = 11.
  // Both read "fewer than 5*": were the 8 marked differently, a reader would know it is at least
  // 5, and so that 3' is at most 6 — and in other tables such a bound pins a value exactly.
  SuppressionEngine engine;
  auto d = engine.Distribution({"yes", "no", "unsure"}, {12, 3, 8});
  EXPECT_EQ(d.counts[0].Render(), "12");
  EXPECT_EQ(d.counts[1].Render(), "fewer than 5*");
  EXPECT_EQ(d.counts[2].Render(), "fewer than 5*");
  EXPECT_EQ(d.total[0].Render(), "23");
  EXPECT_EQ(CellValue::Footnote(5),
            "* fewer than 5 responses, or hidden so that a group of fewer than 5 cannot be worked "
            "out from the other figures.");
}

TEST(Distribution, ZeroIsProtectedLikeAnyOtherSmallCount) {
  // {12, 5, 0} of 17: 0 is hidden; alone it would be 17 - 12 - 5, so 5 is hidden too. A reader
  // knows 0' + 5' = 5 with both whole and >= 0: six possibilities, nothing pinned.
  SuppressionEngine engine;
  auto d = engine.Distribution({"a", "b", "c"}, {12, 5, 0});
  EXPECT_EQ(Hidden(d.counts), ".##");
  EXPECT_EQ(d.total[0].Render(), "17");
}

TEST(Distribution, TwoSmallCountsProtectEachOther) {
  // {12, 0, 3}: 0 and 3 are hidden; a reader knows only that they sum to 15 - 12 = 3.
  SuppressionEngine engine;
  EXPECT_EQ(Hidden(engine.Distribution({"a", "b", "c"}, {12, 0, 3}).counts), ".##");
}

TEST(Distribution, MinimumIsConfigurable) {
  SuppressionEngine engine(SuppressionPolicy{3, 3});
  auto d = engine.Distribution({"a", "b", "c"}, {12, 3, 8});
  EXPECT_TRUE(d.counts[1].shown());
  EXPECT_EQ(d.counts[1].Render(), "3");
  SuppressionEngine floor(SuppressionPolicy{0, 0});
  EXPECT_EQ(floor.policy().cell_minimum, 1);
}

TEST(CrossTab, HidesARectangleAroundASmallCell) {
  // k = 5.          north south east | total
  //          yes      12     7    3  |  22
  //          no        9     6    8  |  23
  //          total    21    13   11  |  45
  // (yes, east) = 3 is hidden. Row "yes" would give it back (22 - 12 - 7), so (yes, south) = 7
  // is hidden; column "east" would still give it back (11 - 8), so (no, east) = 8 is hidden;
  // column "south" would then give back 7 (13 - 6), so (no, south) = 6 is hidden. The four form a
  // rectangle: a + b = 10, c + d = 14, a + c = 13, b + d = 11 has a free parameter, and with
  // whole numbers >= 0, b can be anything in 0..10 — not pinned.
  SuppressionEngine engine;
  ContingencyTable table{{"yes", "no"}, {"north", "south", "east"}, {{12, 7, 3}, {9, 6, 8}}};
  auto shown = engine.CrossTab(table);
  EXPECT_EQ(shown.cells[0][0].Render(), "12");
  EXPECT_EQ(shown.cells[1][0].Render(), "9");
  EXPECT_EQ(Hidden(shown.cells[0]), ".##");
  EXPECT_EQ(Hidden(shown.cells[1]), ".##");
  for (const auto& v : shown.row_totals) EXPECT_TRUE(v.shown());
  for (const auto& v : shown.column_totals) EXPECT_TRUE(v.shown());
  EXPECT_EQ(shown.total[0].Render(), "45");
  EXPECT_FALSE(shown.test);  // withheld: the statistic could help solve the hidden cells
}

TEST(CrossTab, ShowsEverythingAndTheTestWhenNoCellIsSmall) {
  SuppressionEngine engine;
  ContingencyTable table{{"yes", "no"}, {"urban", "rural"}, {{10, 20}, {30, 40}}};
  auto shown = engine.CrossTab(table);
  for (const auto& row : shown.cells)
    for (const auto& v : row) EXPECT_TRUE(v.shown());
  ASSERT_TRUE(shown.test);
  EXPECT_NEAR(shown.test->statistic, 0.7936507936507936, 1e-12);
}

TEST(CrossTab, SmallMarginIsHiddenWithItsCells) {
  // Row "no" totals 4 (< 5): the margin and its cells are hidden; the grand total 44 minus the
  // "yes" row 40 would give the margin back, so the audit keeps hiding until it cannot.
  SuppressionEngine engine;
  ContingencyTable table{{"yes", "no"}, {"a", "b"}, {{20, 20}, {2, 2}}};
  auto shown = engine.CrossTab(table);
  EXPECT_TRUE(shown.row_totals[1].suppressed());
  EXPECT_TRUE(shown.cells[1][0].suppressed());
  EXPECT_TRUE(shown.cells[1][1].suppressed());
  // Whatever else is hidden, the small row's total can no longer be 44 - 40.
  EXPECT_FALSE(shown.row_totals[0].shown() && shown.total[0].shown());
}

TEST(CrossTab, AgreesWithThePublishedDistributionsOfItsMargins) {
  // The question's own distribution {40, 4} hides 4 and, so that 44 - 40 cannot give it back,
  // 40 as well. The cross-tab by area must hide the same row totals and show the area totals
  // the area distribution shows.
  SuppressionEngine engine;
  ContingencyTable table{{"yes", "no"}, {"a", "b"}, {{20, 20}, {2, 2}}};
  auto rows = engine.Distribution(table.row_values, {40, 4});
  auto columns = engine.Distribution(table.column_values, {22, 22});
  EXPECT_EQ(Hidden(rows.counts), "##");
  EXPECT_EQ(Hidden(columns.counts), "..");
  auto shown = engine.CrossTab(table, &rows, &columns);
  EXPECT_EQ(Hidden(shown.row_totals), "##");
  EXPECT_EQ(Hidden(shown.column_totals), "..");
  EXPECT_EQ(shown.total[0].Render(), "44");
}

TEST(CrossTab, IgnoresAPublishedDistributionOfOtherCounts) {
  SuppressionEngine engine;
  ContingencyTable table{{"yes", "no"}, {"a", "b"}, {{10, 20}, {30, 40}}};
  auto other = engine.Distribution(table.row_values, {31, 69});  // not this table's 30 and 70
  auto shown = engine.CrossTab(table, &other, nullptr);
  EXPECT_EQ(shown.row_totals[0].Render(), "30");
}

TEST(Protect, CountKnownElsewhereIsNeverCountedAsProtection) {
  // total 6 = a(2, min 3) + b(0, min 3, known) + c(4, min 1): b's zero is public, so a alone
  // is unknown and c must be hidden.
  SuppressionEngine engine;
  auto values = engine.Protect({{6, 3, false}, {2, 3, false}, {0, 3, true}, {4, 1, false}},
                               {{0, {1, 2, 3}}}, AuditDepth::kEquations);
  EXPECT_EQ(Hidden(values), ".###");
  EXPECT_EQ(values[3].Render(), "fewer than 3*");  // it protects a group whose minimum is 3
}

// A 360 template with self 1, manager 1, peer 3, staff 3 (comments: peer 3, staff 4).
Template Appraisal() {
  Template tmpl;
  tmpl.id = "me2e";
  tmpl.kind = TemplateKind::kAppraisal360;
  tmpl.languages = {"en"};
  Scale scale;
  scale.id = "agree5";
  for (int v = 1; v <= 5; ++v) scale.points.push_back({static_cast<double>(v), {}});
  tmpl.scales = {scale};
  tmpl.rater_groups = {
      {"self", {}, 1, 3}, {"manager", {}, 1, 3}, {"peer", {}, 3, 3}, {"staff", {}, 3, 4}};
  Section lead;
  lead.id = "lead";
  lead.competency = true;
  Item a;
  a.id = "a";
  a.type = ItemType::kLikert;
  a.scale = "agree5";
  lead.items = {a};
  tmpl.sections = {lead};
  return tmpl;
}

std::vector<RaterResponse> Raters(int self, int manager, int peer, int staff, int value = 4) {
  std::vector<RaterResponse> out;
  auto add = [&](const char* group, int count) {
    for (int i = 0; i < count; ++i) out.push_back({group, {{"a", value}}});
  };
  add("self", self);
  add("manager", manager);
  add("peer", peer);
  add("staff", staff);
  return out;
}

TEST(Show360, HidingOneGroupAlsoHidesTheSmallestShownSoAllOthersCannotGiveItBack) {
  // self 1, manager 1, peer 3, staff 2 (< 3): all others (6) minus manager (1) minus peers (3)
  // would be the staff's two answers. The manager (smallest shown) is hidden as well.
  Template tmpl = Appraisal();
  SuppressionEngine engine;
  auto shown = engine.Show360(tmpl, Compute360(tmpl, Raters(1, 1, 3, 2)));
  const auto& a = shown.items.at("a");
  EXPECT_TRUE(a.by_group.at("self").mean.shown());
  EXPECT_TRUE(a.by_group.at("peer").mean.shown());
  EXPECT_EQ(a.by_group.at("staff").mean.Render(), "fewer than 3*");
  EXPECT_EQ(a.by_group.at("manager").mean.Render(), "fewer than 3*");
  EXPECT_EQ(a.all_others.n.Render(), "6");
  EXPECT_EQ(a.by_group.at("staff").distribution.front().second.Render(), "fewer than 3*");
}

TEST(Show360, TwoHiddenGroupsProtectEachOther) {
  // peer 2 and staff 2 are both below 3: all others minus the manager gives only their sum.
  Template tmpl = Appraisal();
  SuppressionEngine engine;
  auto a = engine.Show360(tmpl, Compute360(tmpl, Raters(1, 1, 2, 2))).items.at("a");
  EXPECT_TRUE(a.by_group.at("manager").mean.shown());
  EXPECT_TRUE(a.by_group.at("peer").mean.suppressed());
  EXPECT_TRUE(a.by_group.at("staff").mean.suppressed());
  EXPECT_TRUE(a.all_others.mean.shown());
}

TEST(Show360, AGroupWithNoResponsesDoesNotProtectAnother) {
  // peer 0 is public ("0 of 4 responded"), so it cannot hide staff 2: the manager is hidden.
  Template tmpl = Appraisal();
  SuppressionEngine engine;
  auto a = engine.Show360(tmpl, Compute360(tmpl, Raters(1, 1, 0, 2))).items.at("a");
  EXPECT_TRUE(a.by_group.at("manager").mean.suppressed());
  EXPECT_TRUE(a.all_others.mean.shown());  // 3 responses: manager and staff together
}

TEST(Show360, AllOthersBelowItsMinimumIsHiddenButDoesNotHideTheManager) {
  // Only the manager answered: all others (1) is below 3 and hidden, but it is nothing but the
  // manager's own shown answer, so the manager stays shown.
  Template tmpl = Appraisal();
  SuppressionEngine engine;
  auto shown = engine.Show360(tmpl, Compute360(tmpl, Raters(1, 1, 0, 0)));
  const auto& a = shown.items.at("a");
  EXPECT_TRUE(a.by_group.at("manager").mean.shown());
  EXPECT_EQ(a.all_others.mean.Render(), "fewer than 3*");
  EXPECT_TRUE(shown.gaps.empty());  // no shown all-others mean to compare self with
  EXPECT_TRUE(shown.strengths.empty());
}

TEST(Show360, GapsAndRankingsUseOnlyShownValues) {
  Template tmpl = Appraisal();
  SuppressionEngine engine;
  auto responses = Raters(0, 1, 3, 3, 2);
  responses.push_back({"self", {{"a", 5}}});
  auto shown = engine.Show360(tmpl, Compute360(tmpl, responses));
  // self 5, all others 2: gap 3 >= 4/3: blind spot, for the item and the competency.
  ASSERT_EQ(shown.gaps.size(), 2u);
  EXPECT_EQ(shown.gaps[0].kind, GapKind::kBlindSpot);
  EXPECT_DOUBLE_EQ(shown.gaps[0].gap, 3);
  ASSERT_EQ(shown.strengths.size(), 1u);
  EXPECT_EQ(shown.strengths[0].key, "a");
  EXPECT_EQ(shown.items.at("a").by_group.at("self").sd.Render(), "not defined");
}

TEST(Comments, NeedTheGroupsOwnHigherMinimum) {
  Template tmpl = Appraisal();
  SuppressionEngine engine;
  // Staff results show from 3 responses, but their comments need 4.
  auto staff = engine.Comments(tmpl, "staff", 3, {"b", "a"});
  EXPECT_TRUE(staff.texts.empty());
  EXPECT_EQ(staff.count.Render(), "fewer than 4*");
  auto peers = engine.Comments(tmpl, "peer", 3, {"zebra", "apple"});
  EXPECT_EQ(peers.texts, (std::vector<std::string>{"apple", "zebra"}));  // sorted, not as sent
  EXPECT_EQ(peers.count.Render(), "2");
  EXPECT_TRUE(engine.Comments(tmpl, "nobody", 10, {"x"}).texts.empty());
}

TEST(Ratio, IsSuppressedWhenEitherSideIs) {
  SuppressionEngine engine;
  auto d = engine.Distribution({"a", "b", "c"}, {12, 3, 8});
  auto share = engine.Ratio(d.counts[0], d.total[0]);
  EXPECT_EQ(share.Render(1), "52.2");  // 12 / 23 = 52.17 %
  EXPECT_TRUE(engine.Ratio(d.counts[1], d.total[0]).suppressed());
  EXPECT_EQ(engine.Ratio(d.counts[1], d.total[0]).Render(), "fewer than 5*");
}

}  // namespace
}  // namespace soundings
