// Disclosure control across views (shared/results/disclosure.h) on hand-made cases: the model's
// rules, and one regression test for each differencing attack of issues 13 and 16. Each attack
// is first run against what the old per-table engine (SuppressionEngine) publishes, where the
// attacker must find the leak, then against what DisclosureModel::Protect publishes, where it
// must find none.

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/disclosure.h"
#include "shared/results/suppression.h"
#include "tests/unit/shared/disclosure_campaigns.h"

namespace soundings {
namespace {

using test::Attack;
using test::Campaign360;
using test::Consultation;
using test::ConsultationResponse;
using test::FiguresOf;
using test::KnownFigure;
using test::Leak;
using test::Raters;

std::string Describe(const DisclosureModel& model, const std::vector<Leak>& leaks) {
  std::string out;
  for (const auto& l : leaks) out += l.ToString(model) + "\n";
  return out;
}

// What the old engine's Show360 decides for one set of raters (one subject, or a team or the
// organisation pooled): the same counts, relation and depth it gives SuppressionEngine::Protect.
// Returns shown flags for manager, peers, staff, then all others.
std::vector<bool> OldGates(const std::vector<int>& answered_by_group, int others_answered,
                           const std::vector<int>& minimums, int others_minimum) {
  SuppressionEngine engine(SuppressionPolicy{5, others_minimum});
  std::vector<ProtectedCount> counts;
  AdditiveRelation relation;
  int listed = 0;
  for (std::size_t g = 0; g < answered_by_group.size(); ++g) {
    const int n = answered_by_group[g];
    counts.push_back({n, minimums[g], n == 0});
    relation.members.push_back(static_cast<int>(g));
    listed += n;
  }
  relation.total = static_cast<int>(counts.size());
  counts.push_back({others_answered, others_minimum, false});
  bool hides_someone = false;
  for (int m : relation.members) {
    const auto& member = counts[static_cast<std::size_t>(m)];
    hides_someone = hides_someone || (member.count > 0 && member.count < member.minimum);
  }
  counts.back().known_elsewhere = !hides_someone;
  (void)listed;
  auto gates = engine.Protect(counts, {relation}, AuditDepth::kEquations);
  std::vector<bool> out;
  for (const auto& g : gates) out.push_back(g.shown());
  return out;
}

// Every figure of a 360 row (`unit`, `group`) of the campaign's answer categories, with its sum.
void KnowRow(const Campaign360& c, int unit, int group, std::vector<KnownFigure>& known) {
  std::vector<int> answers{c.not_answered, c.not_applicable, c.answered};
  answers.insert(answers.end(), c.points.begin(), c.points.end());
  for (int a : answers) {
    const CellKey key{unit, group, a};
    known.push_back({key, static_cast<double>(c.model.CountOf(key)), -1});
  }
  const CellKey answered{unit, group, c.answered};
  known.push_back({answered, c.model.SumOf(answered, c.answer), c.answer});
}

void KnowResponses(const Campaign360& c, int unit, std::vector<KnownFigure>& known) {
  for (int g : {c.self, c.manager, c.peers, c.staff}) {
    const CellKey key{unit, g, 0};
    known.push_back({key, static_cast<double>(c.model.CountOf(key)), -1});
  }
}

// The old engine's individual report of subject `s`: each group and all others shown whole or
// hidden whole, as Show360 gates them.
void KnowOldIndividual(const Campaign360& c, std::size_t s, std::vector<KnownFigure>& known) {
  const int unit = c.subjects[s];
  auto n = [&](int g) { return static_cast<int>(c.model.CountOf({unit, g, c.answered})); };
  auto gates = OldGates({n(c.manager), n(c.peers), n(c.staff)}, n(c.others), {1, 3, 3}, 3);
  KnowRow(c, unit, c.self, known);
  const std::vector<int> groups{c.manager, c.peers, c.staff, c.others};
  for (std::size_t g = 0; g < groups.size(); ++g)
    if (gates[g]) KnowRow(c, unit, groups[g], known);
  KnowResponses(c, unit, known);
}

// A team or the organisation as the old engine shows it: all others pooled, hidden under 3.
void KnowOldPooled(const Campaign360& c, int unit, std::vector<KnownFigure>& known) {
  auto n = [&](int g) { return static_cast<int>(c.model.CountOf({unit, g, c.answered})); };
  auto gates = OldGates({n(c.manager), n(c.peers), n(c.staff)}, n(c.others), {1, 3, 3}, 3);
  if (gates.back()) KnowRow(c, unit, c.others, known);
}

// ---------------------------------------------------------------------------------------------
// The model's rules

TEST(Disclosure, AZeroCountIsShownAndNeedsNoSecondarySuppression) {
  // The old engine hid zeros as if they were small groups, then hid more to protect them.
  std::vector<ConsultationResponse> responses;
  for (int i = 0; i < 12; ++i) responses.push_back({0, 0, 0});
  for (int i = 0; i < 9; ++i) responses.push_back({0, 1, 0});
  auto c = test::MakeConsultation({0}, {0}, 3, 1, responses);
  auto solution = c.model.Protect({c.distribution});
  ASSERT_TRUE(solution.ok()) << solution.ErrorText();
  EXPECT_EQ(solution->Count({0, c.options[2], 0}).Render(), "0");
  auto shown = solution->ShowDistribution(
      {"a", "b", "c"}, {{0, c.options[0], 0}, {0, c.options[1], 0}, {0, c.options[2], 0}},
      {0, 0, 0});
  EXPECT_EQ(shown.counts[2].Render(), "0");
  EXPECT_EQ(shown.total[0].Render(), "21");
  EXPECT_EQ(solution->Count({c.venues[0], 0, 0}).Render(), "fewer than 5*");  // in no table
  EXPECT_EQ(solution->Count({0, c.options[0], 0}).Render(), "12");
  EXPECT_EQ(solution->Count({0, c.options[1], 0}).Render(), "9");
  EXPECT_EQ(solution->stats().secondary, 0);
  SuppressionEngine old;
  EXPECT_TRUE(old.Distribution({"a", "b", "c"}, {12, 9, 0}).counts[2].suppressed());
}

TEST(Disclosure, ACountUnderItsMinimumIsHiddenAndProtectedBySecondarySuppression) {
  // 12, 3, 8 of 23 at k = 5: 3 is hidden; 23 - 12 - 8 would give it back, so one more is hidden,
  // and since 3 + 8 = 11 leaves the 3 anywhere in 0..11 nothing more is needed.
  std::vector<ConsultationResponse> responses;
  for (int i = 0; i < 12; ++i) responses.push_back({0, 0, 0});
  for (int i = 0; i < 3; ++i) responses.push_back({0, 1, 0});
  for (int i = 0; i < 8; ++i) responses.push_back({0, 2, 0});
  auto c = test::MakeConsultation({0}, {0}, 3, 1, responses);
  auto solution = c.model.Protect({c.distribution});
  ASSERT_TRUE(solution.ok());
  EXPECT_TRUE(solution->Count({0, c.options[1], 0}).suppressed());
  EXPECT_EQ(solution->Count({0, c.options[1], 0}).Render(), "fewer than 5*");
  EXPECT_EQ(solution->stats().primary, 1);
  EXPECT_GE(solution->stats().secondary, 1);
  EXPECT_TRUE(Attack(c.model, {c.distribution}, FiguresOf(c.model, *solution)).empty());
  EXPECT_TRUE(solution->unprotected().empty());
}

TEST(Disclosure, MinimumsComeFromTheMostDemandingDimension) {
  auto c = test::Make360({1}, {Raters{{4}, {3}, {4, 4, 5}, {2, 3}}});
  EXPECT_EQ(c.model.MinimumOf({c.subjects[0], c.staff, c.answered}), 3);
  EXPECT_EQ(c.model.MinimumOf({c.subjects[0], c.manager, c.answered}), 1);
  EXPECT_EQ(c.model.MinimumOf({c.subjects[0], 0, 0}), 5);  // no dimension sets one: the default
  EXPECT_EQ(c.model.PopulationOf({c.subjects[0], c.staff, c.points[3]}),
            (CellKey{c.subjects[0], c.staff, c.answered}));
  EXPECT_EQ(c.model.PopulationOf({c.subjects[0], c.staff, c.not_answered}),
            (CellKey{c.subjects[0], c.staff, 0}));
}

TEST(Disclosure, AGroupUnderItsMinimumIsHiddenWholeAndAShownGroupKeepsItsDistribution) {
  // Staff (2) are hidden, and the manager with them: all others minus peers then leaves the
  // three answers 5, 1, 3 of manager and staff together, so the staff's sum could be 4, 6 or 8.
  auto c = test::Make360({1}, {Raters{{4}, {5}, {4, 4, 5, 2, 3}, {1, 3}}});
  auto solution = c.model.Protect(c.Subject(0));
  ASSERT_TRUE(solution.ok());
  const int s = c.subjects[0];
  for (int a : {c.answered, c.points[0], c.points[1], c.points[2]})
    EXPECT_TRUE(solution->Count({s, c.staff, a}).suppressed()) << a;
  EXPECT_TRUE(solution->Count({s, c.manager, c.answered}).suppressed());
  EXPECT_TRUE(solution->Count({s, c.others, c.answered}).shown());
  EXPECT_TRUE(solution->Mean({s, c.staff, c.answered}).suppressed());
  // Peers' single answers of 2 and 3 are not small groups: they are the distribution of a group
  // of five, which is shown whole.
  EXPECT_TRUE(solution->Count({s, c.peers, c.points[1]}).shown());
  EXPECT_EQ(solution->Mean({s, c.peers, c.answered}).Render(2), "3.60");
  EXPECT_EQ(solution->Count({s, c.self, c.answered}).Render(), "1");
  EXPECT_TRUE(solution->Count({s, c.staff, 0}).shown());  // responses received are public
  EXPECT_TRUE(Attack(c.model, c.Subject(0), FiguresOf(c.model, *solution)).empty());
}

TEST(Disclosure, ASummaryIsShownWholeOrHiddenWholeAsItsGroupsCell) {
  auto c = test::Make360({1}, {Raters{{4}, {5}, {4, 4, 5, 2, 3}, {1, 3}}});
  auto solution = c.model.Protect(c.Subject(0));
  ASSERT_TRUE(solution.ok());
  const int s = c.subjects[0];
  Summary peers;
  peers.n = 5;
  peers.mean = 3.6;
  peers.sd = 1.14;
  peers.distribution = {{1, 0}, {2, 1}, {3, 1}, {4, 2}, {5, 1}};
  auto shown = solution->ShowSummary({s, c.peers, c.answered}, peers);
  EXPECT_EQ(shown.mean.Render(1), "3.6");
  EXPECT_EQ(shown.distribution[3].second.Render(), "2");
  Summary staff;
  staff.n = 2;
  staff.mean = 2;
  staff.distribution = {{1, 1}, {2, 0}, {3, 1}, {4, 0}, {5, 0}};
  auto hidden = solution->ShowSummary({s, c.staff, c.answered}, staff);
  EXPECT_EQ(hidden.mean.Render(), "fewer than 3*");
  EXPECT_EQ(hidden.n.Render(), "fewer than 3*");
  for (const auto& [point, value] : hidden.distribution) EXPECT_TRUE(value.suppressed());
  peers.n = 6;  // not what the model holds: never shown
  EXPECT_TRUE(solution->ShowSummary({s, c.peers, c.answered}, peers).mean.suppressed());
}

TEST(Disclosure, BadDimensionsRecordsAndTablesAreRefusedWithWhere) {
  DisclosureModel model;
  DisclosureDimension venue("venue");
  const int a = venue.Add("a");
  const int b = venue.Add("b");
  venue.AddSplit(0, {a});  // misses b
  auto added = model.AddDimension(venue);
  ASSERT_FALSE(added.ok());
  EXPECT_NE(added.ErrorText().find("exactly once"), std::string::npos) << added.ErrorText();
  DisclosureDimension fine("venue");
  fine.Add("a");
  fine.Add("b");
  ASSERT_TRUE(model.AddDimension(fine).ok());
  EXPECT_FALSE(model.AddRecord({0}).ok());  // the total is not a leaf
  EXPECT_FALSE(model.AddRecord({1, 1}).ok());
  EXPECT_TRUE(model.AddRecord({b}).ok());
  EXPECT_FALSE(model.AddTable({"x", {{3, {0}}}, false, false}).ok());
  EXPECT_FALSE(model.AddTable({"x", {{0, {7}}}, false, false}).ok());
  EXPECT_FALSE(model.AddTable({"x", {{0, {0}}}, true, false}).ok());  // sums of nothing scored
  EXPECT_FALSE(model.Protect({4}).ok());
}

TEST(Disclosure, SolvingTwiceGivesTheSameFigures) {
  std::vector<ConsultationResponse> responses;
  for (int i = 0; i < 60; ++i)
    responses.push_back({i % 4, (i * 7) % 5 == 4 ? -1 : (i * 7) % 5 % 4, i % 3 - 1});
  auto c = test::MakeConsultation({0, 0, 1, 1}, {0, 1, 0, 1}, 4, 2, responses);
  auto one = c.model.Protect(c.Analyst());
  auto two = c.model.Protect(c.Analyst());
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ(one->figures().size(), two->figures().size());
  for (std::size_t i = 0; i < one->figures().size(); ++i)
    EXPECT_EQ(one->figures()[i].key, two->figures()[i].key);
}

TEST(Disclosure, ReleasedResponsesMoveOnlyInWholeBatches) {
  EXPECT_EQ(ReleasedResponses(0, 5), 0);
  EXPECT_EQ(ReleasedResponses(4, 5), 0);
  EXPECT_EQ(ReleasedResponses(5, 5), 5);
  EXPECT_EQ(ReleasedResponses(13, 5), 10);
  EXPECT_EQ(ReleasedResponses(13, 0), 13);
  for (std::int64_t n = 0; n < 40; ++n) {
    const auto step = ReleasedResponses(n + 1, 5) - ReleasedResponses(n, 5);
    EXPECT_TRUE(step == 0 || step == 5) << n;
  }
}

// ---------------------------------------------------------------------------------------------
// Issue 16, case 1: report minus export (HR).

TEST(DisclosureAttack, ReportMinusExportNoLongerRecoversAStaffGroup) {
  // Staff (2) are hidden, and the single manager with them; the old export filtered rows by each
  // group's own minimum, so it handed over the manager's row: all others - peers - manager =
  // staff.
  auto c = test::Make360({1}, {Raters{{4}, {2}, {4, 5, 3}, {1, 2}}});
  const int s = c.subjects[0];
  std::vector<KnownFigure> old;
  KnowOldIndividual(c, 0, old);
  for (int g : {c.manager, c.peers})  // groups at or over their own minimum
    for (int a : {c.not_answered, c.not_applicable, c.points[0], c.points[1], c.points[2],
                  c.points[3], c.points[4]})
      old.push_back({{s, g, a}, static_cast<double>(c.model.CountOf({s, g, a})), -1});
  const auto hr = c.Hr();
  auto old_leaks = Attack(c.model, hr, old);
  ASSERT_FALSE(old_leaks.empty()) << "the old engine's figures should give the staff away";

  auto solution = c.model.Protect(hr);
  ASSERT_TRUE(solution.ok());
  EXPECT_FALSE(solution->Published({s, c.manager, c.points[1]}));  // not in the export either
  EXPECT_FALSE(solution->Published({s, c.staff, c.points[0]}));
  // Manager and staff together gave 2, 1 and 2: the staff's sum is 3 or 4, each of their
  // answer counts one of two values. Nothing else needs hiding (docs/results-maths.md).
  EXPECT_TRUE(solution->Published({s, c.peers, c.answered}));
  EXPECT_TRUE(solution->Published({s, c.others, c.answered}));
  EXPECT_EQ(solution->Mean({s, c.others, c.answered}).Render(2), "2.83");  // 17 / 6
  auto leaks = Attack(c.model, hr, FiguresOf(c.model, *solution));
  EXPECT_TRUE(leaks.empty()) << Describe(c.model, leaks);
}

// Issue 16, case 2: venue against area (analyst).

TEST(DisclosureAttack, VenueAgainstAreaNoLongerRecoversHiddenVenues) {
  // Area 0 = venues 0 and 1; venue 0 is small. Suppressed table by table, area 0 minus the shown
  // venue 1 gives venue 0.
  std::vector<ConsultationResponse> responses;
  auto add = [&](int venue, int answer, int times) {
    for (int i = 0; i < times; ++i) responses.push_back({venue, answer, 0});
  };
  add(0, 0, 2);
  add(0, 1, 1);
  add(1, 0, 9);
  add(1, 1, 8);
  add(2, 0, 6);
  add(2, 1, 12);
  add(3, 0, 11);
  add(3, 1, 7);
  auto c = test::MakeConsultation({0, 0, 1, 1}, {0, 0, 0, 1}, 2, 1, responses);
  SuppressionEngine engine;
  std::vector<KnownFigure> old;
  auto publish_cross_tab = [&](const std::vector<int>& columns) {
    ContingencyTable table;
    table.row_values = {"o0", "o1"};
    for (int col : columns) table.column_values.push_back(std::to_string(col));
    for (int o : c.options) {
      std::vector<int> row;
      for (int col : columns) row.push_back(static_cast<int>(c.model.CountOf({col, o, 0})));
      table.counts.push_back(row);
    }
    auto shown = engine.CrossTab(table);
    for (std::size_t r = 0; r < c.options.size(); ++r)
      for (std::size_t k = 0; k < columns.size(); ++k)
        if (shown.cells[r][k].shown())
          old.push_back({{columns[k], c.options[r], 0}, *shown.cells[r][k].value(), -1});
    for (std::size_t k = 0; k < columns.size(); ++k)
      if (shown.column_totals[k].shown())
        old.push_back({{columns[k], c.q_answered, 0}, *shown.column_totals[k].value(), -1});
  };
  publish_cross_tab(c.venues);
  publish_cross_tab(c.areas);
  auto old_leaks = Attack(c.model, {c.by_venue, c.by_area}, old);
  ASSERT_FALSE(old_leaks.empty()) << "area minus venue should give venue 0 away";

  auto solution = c.model.Protect(c.Analyst());
  ASSERT_TRUE(solution.ok());
  EXPECT_FALSE(solution->Published({c.venues[0], c.options[1], 0}));
  auto leaks = Attack(c.model, c.Analyst(), FiguresOf(c.model, *solution));
  EXPECT_TRUE(leaks.empty()) << Describe(c.model, leaks);
}

// Issue 16, case 3: organisation minus the shown teams (analyst).

TEST(DisclosureAttack, OrganisationMinusTeamsNoLongerRecoversASuppressedTeam) {
  // Team 2 has two raters in all: hidden; the organisation is shown; the other teams too.
  auto c = test::Make360({1, 1, 1}, {Raters{{}, {4}, {4, 5, 3}, {2}},
                                     Raters{{}, {3}, {2, 4, 4}, {5, 5}}, Raters{{}, {1}, {2}, {}}});
  std::vector<KnownFigure> old;
  for (int team : c.teams) KnowOldPooled(c, team, old);
  KnowOldPooled(c, 0, old);
  auto old_leaks = Attack(c.model, c.Analyst(), old);
  ASSERT_FALSE(old_leaks.empty()) << "organisation minus teams should give team 2 away";

  auto solution = c.model.Protect(c.Analyst());
  ASSERT_TRUE(solution.ok());
  EXPECT_FALSE(solution->Published({c.teams[2], c.others, c.answered}));
  auto leaks = Attack(c.model, c.Analyst(), FiguresOf(c.model, *solution));
  EXPECT_TRUE(leaks.empty()) << Describe(c.model, leaks);
}

// Issue 16, case 4: a manager's team minus their own report.

TEST(DisclosureAttack, TeamMinusOwnReportNoLongerRecoversAColleague) {
  // Subject 0 is the manager; their team also holds subject 1, rated by two people only.
  auto c = test::Make360({2, 1}, {Raters{{4}, {3}, {4, 5, 3, 4}, {2, 4, 4}},
                                  Raters{{3}, {}, {2, 1}, {}}, Raters{{}, {5}, {4, 4, 4}, {}}});
  const auto readable = c.Manager(0);
  std::vector<KnownFigure> old;
  KnowOldIndividual(c, 0, old);
  KnowOldPooled(c, c.teams[0], old);
  auto old_leaks = Attack(c.model, readable, old);
  ASSERT_FALSE(old_leaks.empty()) << "team minus own report should give the colleague away";

  auto solution = c.model.Protect(readable);
  ASSERT_TRUE(solution.ok());
  auto leaks = Attack(c.model, readable, FiguresOf(c.model, *solution));
  EXPECT_TRUE(leaks.empty()) << Describe(c.model, leaks);
}

// Issue 16, case 5 and issue 11: a report before and after one response.

TEST(DisclosureAttack, ReadingsMoveInBatchesSoOneResponseIsNeverTheDifference) {
  // Two readings of one question: after n responses and after n + 1 (live), or at the batch
  // boundaries ReleasedResponses gives (batch = the cell minimum). Arrival order is a dimension:
  // "early" responses and the ones that came since.
  auto build = [](int early, int late) {
    DisclosureModel model;
    DisclosureDimension arrival("arrival", "all");
    const int first = arrival.Add("early");
    arrival.Add("since");
    DisclosureDimension q("q", "respondents");
    const int yes = q.Add("yes");
    const int no = q.Add("no");
    EXPECT_TRUE(model.AddDimension(arrival).ok());
    EXPECT_TRUE(model.AddDimension(q).ok());
    for (int i = 0; i < early; ++i)
      EXPECT_TRUE(model.AddRecord({first, i % 2 == 0 ? yes : no}).ok());
    for (int i = 0; i < late; ++i) EXPECT_TRUE(model.AddRecord({first + 1, no}).ok());
    const int before =
        *model.AddTable({"reading before", {{0, {first}}, {1, {0, yes, no}}}, false, false});
    const int after =
        *model.AddTable({"reading after", {{0, {0}}, {1, {0, yes, no}}}, false, false});
    return std::make_pair(std::move(model), std::vector<int>{before, after});
  };
  {
    // Live: 20 then 21 responses. Each reading alone is a distribution of big counts, so the
    // old engine shows both whole; their difference is one person's answer.
    auto [model, readable] = build(20, 1);
    std::vector<KnownFigure> old;
    for (const auto& table : model.tables())
      for (const auto& key : test::CellsOf(model, table))
        old.push_back({key, static_cast<double>(model.CountOf(key)), -1});
    ASSERT_FALSE(Attack(model, readable, old).empty());
    // Given both readings, the model hides what the difference would give away.
    auto solution = model.Protect(readable);
    ASSERT_TRUE(solution.ok());
    EXPECT_TRUE(Attack(model, readable, FiguresOf(model, *solution)).empty());
  }
  {
    // In batches of 5: the readings are at 20 and 25, and the five since are a group of five.
    const auto before = ReleasedResponses(21, 5);
    const auto after = ReleasedResponses(25, 5);
    auto [model, readable] = build(static_cast<int>(before), static_cast<int>(after - before));
    std::vector<KnownFigure> all;
    for (const auto& table : model.tables())
      for (const auto& key : test::CellsOf(model, table))
        all.push_back({key, static_cast<double>(model.CountOf(key)), -1});
    EXPECT_TRUE(Attack(model, readable, all).empty());
  }
}

// Issue 13: an item's distribution minus its cross-tab's row total gives away who skipped the
// segment question.

TEST(DisclosureAttack, DistributionMinusCrossTabNoLongerRevealsThoseWhoSkippedTheSegment) {
  // 22 answered option 0: 18 of them answered the segment question, 4 skipped it.
  std::vector<ConsultationResponse> responses;
  auto add = [&](int answer, int segment, int times) {
    for (int i = 0; i < times; ++i) responses.push_back({0, answer, segment});
  };
  add(0, 0, 10);
  add(0, 1, 8);
  add(0, -1, 4);
  add(1, 0, 9);
  add(1, 1, 12);
  add(1, -1, 6);
  auto c = test::MakeConsultation({0}, {0}, 2, 2, responses);
  SuppressionEngine engine;
  std::vector<KnownFigure> old;
  // The old distribution counts everyone who answered the item...
  auto distribution = engine.Distribution({"o0", "o1"}, {22, 27});
  for (std::size_t o = 0; o < 2; ++o)
    if (distribution.counts[o].shown())
      old.push_back({{0, c.options[o], 0}, *distribution.counts[o].value(), -1});
  // ...its cross-tab only those who answered both.
  ContingencyTable table{{"o0", "o1"}, {"g0", "g1"}, {{10, 8}, {9, 12}}};
  auto shown = engine.CrossTab(table);
  for (std::size_t r = 0; r < 2; ++r) {
    for (std::size_t k = 0; k < 2; ++k)
      if (shown.cells[r][k].shown())
        old.push_back({{0, c.options[r], c.groups[k]}, *shown.cells[r][k].value(), -1});
    if (shown.row_totals[r].shown())
      old.push_back({{0, c.options[r], c.s_answered}, *shown.row_totals[r].value(), -1});
  }
  const std::vector<int> readable{c.distribution, c.by_segment};
  auto old_leaks = Attack(c.model, readable, old);
  ASSERT_FALSE(old_leaks.empty()) << "22 - 18 should give the 4 who skipped away";

  auto solution = c.model.Protect(readable);
  ASSERT_TRUE(solution.ok());
  EXPECT_FALSE(solution->Published({0, c.options[0], c.s_not_answered}));
  auto leaks = Attack(c.model, readable, FiguresOf(c.model, *solution));
  EXPECT_TRUE(leaks.empty()) << Describe(c.model, leaks);
}

}  // namespace
}  // namespace soundings
