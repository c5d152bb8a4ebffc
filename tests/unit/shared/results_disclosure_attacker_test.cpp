// The attacker test of issue 16: for random campaigns (seeded; tiny groups, empty cells,
// single-person teams, people outside any team, venues alone in their area) and every role's
// set of views, take every figure the role can read, solve them as a linear system over the
// joint cross-classification of the campaign's people (whole numbers, at least 0; GLPK's
// branch and bound) for the lowest and highest value of every protected cell, and require each
// range to keep its width (docs/results-maths.md, "Disclosure control across views").

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/disclosure.h"
#include "tests/unit/shared/disclosure_campaigns.h"

namespace soundings {
namespace {

using test::Attack;
using test::FiguresOf;
using test::Raters;

// Shapes are skewed small: most cells then sit near the minimum, where the attacks bite.
int Small(std::mt19937& rng, int most) {
  std::uniform_int_distribution<int> pick(0, most);
  return std::min(pick(rng), pick(rng));
}

// An answer: mostly a point near the rater's own leaning, sometimes skipped or "n/a".
int Answer(std::mt19937& rng, int leaning) {
  std::uniform_int_distribution<int> roll(0, 99);
  const int r = roll(rng);
  if (r < 7) return 0;
  if (r < 14) return -1;
  std::uniform_int_distribution<int> step(-1, 1);
  return std::clamp(leaning + step(rng) + (r % 11 == 0 ? step(rng) * 2 : 0), 1, 5);
}

std::vector<int> Answers(std::mt19937& rng, int count, int leaning) {
  std::vector<int> out;
  for (int i = 0; i < count; ++i) out.push_back(Answer(rng, leaning));
  return out;
}

// The figures of `readable` with primary suppression only (every group under its minimum
// hidden, whole): what the attacker must be able to break, or the test would prove nothing.
std::vector<test::KnownFigure> PrimaryOnly(const DisclosureModel& model,
                                           const std::vector<int>& readable) {
  std::vector<test::KnownFigure> out;
  for (int t : readable) {
    const auto& table = model.tables()[static_cast<std::size_t>(t)];
    for (const auto& key : test::CellsOf(model, table)) {
      const auto size = model.CountOf(model.PopulationOf(key));
      if (!table.always_shown && size > 0 && size < model.MinimumOf(key)) continue;
      out.push_back({key, static_cast<double>(model.CountOf(key)), -1});
    }
  }
  return out;
}

int g_broken_without_secondary = 0;  // role views the attacker breaks under primary only
int g_views = 0;

void ExpectSafe(const DisclosureModel& model, const std::vector<int>& readable,
                const std::string& what) {
  ++g_views;
  if (!Attack(model, readable, PrimaryOnly(model, readable)).empty()) ++g_broken_without_secondary;
  auto solution = model.Protect(readable);
  ASSERT_TRUE(solution.ok()) << solution.ErrorText();
  EXPECT_TRUE(solution->unprotected().empty()) << what;
  for (const auto& f : solution->figures())
    ASSERT_EQ(f.count, model.CountOf(f.key)) << what << ": a published count is not the data's";
  auto leaks = Attack(model, readable, FiguresOf(model, *solution));
  std::string text;
  for (const auto& l : leaks) text += "  " + l.ToString(model) + "\n";
  EXPECT_TRUE(leaks.empty()) << what << "\n" << text;
}

TEST(DisclosureAttacker, NoRoleCanNarrowAProtectedCellOfARandom360) {
  std::mt19937 rng(20261206);
  constexpr int kCampaigns = 60;
  for (int campaign = 0; campaign < kCampaigns; ++campaign) {
    std::vector<int> team_sizes;
    const int teams = 1 + Small(rng, 3);
    for (int t = 0; t < teams; ++t) team_sizes.push_back(Small(rng, 4));  // 0: outside any team
    int subjects = 0;
    for (int size : team_sizes) subjects += std::max(1, size);
    std::vector<Raters> raters;
    std::uniform_int_distribution<int> coin(0, 1);
    std::uniform_int_distribution<int> leaning(1, 5);
    for (int s = 0; s < subjects; ++s) {
      const int lean = leaning(rng);
      raters.push_back(Raters{Answers(rng, coin(rng), lean), Answers(rng, coin(rng), lean),
                              Answers(rng, Small(rng, 6), lean),
                              Answers(rng, Small(rng, 5), lean)});
    }
    std::uniform_int_distribution<int> minimum(2, 4);
    const int group_minimum = minimum(rng);
    const int others_minimum = minimum(rng);
    auto c = test::Make360(team_sizes, raters, group_minimum, others_minimum);
    const std::string what = "360 campaign " + std::to_string(campaign);
    if (campaign == 0) g_broken_without_secondary = g_views = 0;
    ExpectSafe(c.model, c.Hr(), what + ", hr");
    ExpectSafe(c.model, c.Analyst(), what + ", analyst");
    std::uniform_int_distribution<std::size_t> pick(0, c.subjects.size() - 1);
    const std::size_t manager = pick(rng);
    ExpectSafe(c.model, c.Manager(manager), what + ", manager p" + std::to_string(manager));
    const std::size_t subject = pick(rng);
    ExpectSafe(c.model, c.Subject(subject), what + ", subject p" + std::to_string(subject));
  }
  // The campaigns are hard enough: without secondary suppression many views would leak.
  EXPECT_GT(g_broken_without_secondary * 4, g_views)
      << g_broken_without_secondary << " of " << g_views;
}

// `joint_limit` 0 makes the solver reason table by table (the linked-tables model it falls back
// to for big campaigns) while the attacker still uses the joint cross-classification.
void RandomConsultations(std::int64_t joint_limit) {
  std::mt19937 rng(424242);
  constexpr int kCampaigns = 60;
  for (int campaign = 0; campaign < kCampaigns; ++campaign) {
    const int venues = 2 + Small(rng, 4);
    std::uniform_int_distribution<int> area_of(0, Small(rng, 2));
    std::uniform_int_distribution<int> settlement_of(0, Small(rng, 2));
    std::vector<int> venue_area, venue_settlement;
    for (int v = 0; v < venues; ++v) {
      venue_area.push_back(v == 0 ? 0 : area_of(rng));
      venue_settlement.push_back(v == 0 ? 0 : settlement_of(rng));
    }
    // Areas and settlements numbered without gaps.
    auto compact = [](std::vector<int>& ids) {
      std::vector<int> sorted = ids;
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      for (int& id : ids)
        id = static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(), id) - sorted.begin());
    };
    compact(venue_area);
    compact(venue_settlement);
    std::uniform_int_distribution<int> options_of(2, 4);
    std::uniform_int_distribution<int> groups_of(2, 3);
    const int options = options_of(rng);
    const int groups = groups_of(rng);
    std::uniform_int_distribution<int> responses_of(5, 70);
    const int responses = responses_of(rng);
    // Skewed venues, answers and segments, with some skipping either question.
    std::vector<double> venue_weight, option_weight, group_weight;
    std::uniform_real_distribution<double> weight(0.05, 1.0);
    for (int v = 0; v < venues; ++v) venue_weight.push_back(weight(rng) * weight(rng));
    for (int o = 0; o < options; ++o) option_weight.push_back(weight(rng));
    for (int g = 0; g < groups; ++g) group_weight.push_back(weight(rng));
    std::discrete_distribution<int> venue_pick(venue_weight.begin(), venue_weight.end());
    std::discrete_distribution<int> option_pick(option_weight.begin(), option_weight.end());
    std::discrete_distribution<int> group_pick(group_weight.begin(), group_weight.end());
    std::uniform_int_distribution<int> roll(0, 99);
    std::vector<test::ConsultationResponse> list;
    for (int r = 0; r < responses; ++r)
      list.push_back({venue_pick(rng), roll(rng) < 8 ? -1 : option_pick(rng),
                      roll(rng) < 12 ? -1 : group_pick(rng)});
    DisclosureOptions disclosure;
    disclosure.joint_limit = joint_limit;
    std::uniform_int_distribution<int> minimum(3, 5);
    disclosure.cell_minimum = minimum(rng);
    auto c =
        test::MakeConsultation(venue_area, venue_settlement, options, groups, list, disclosure);
    const std::string what = "consultation " + std::to_string(campaign);
    if (campaign == 0) g_broken_without_secondary = g_views = 0;
    ExpectSafe(c.model, c.Analyst(), what + ", analyst");
    ExpectSafe(c.model, {c.distribution, c.by_segment}, what + ", cross-tab reader");
    ExpectSafe(c.model, {c.distribution}, what + ", public page");
  }
  EXPECT_GT(g_broken_without_secondary * 4, g_views)
      << g_broken_without_secondary << " of " << g_views;
}

TEST(DisclosureAttacker, NoRoleCanNarrowAProtectedCellOfARandomConsultation) {
  RandomConsultations(DisclosureOptions{}.joint_limit);
}

TEST(DisclosureAttacker, TableByTableReasoningStillHoldsAgainstAJointReader) {
  RandomConsultations(0);
}

}  // namespace
}  // namespace soundings
