// How long disclosure control across views takes for realistic campaigns
// (shared/results/disclosure.h): one DisclosureModel per campaign, solved once per role.
//
//   BENCH disclosure_solve_ms          a consultation of 2,800 respondents, 6 questions of 5
//                                      options and 3 equality items by venue (20), area (5) and
//                                      settlement (3) and by each equality item, for an analyst
//   BENCH disclosure_360_item_solve_ms one scored item of a 360 of 60 managers in 8 teams, for HR
//                                      (every individual report, export, team and organisation)
//   BENCH disclosure_360_manager_ms    the same item for one manager (own report and own team)
//   BENCH disclosure_cells             cells of the consultation's model
//
// Median of several runs; --quick runs fewer.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "shared/results/disclosure.h"

namespace {

using soundings::CellKey;
using soundings::DisclosureDimension;
using soundings::DisclosureModel;
using soundings::DisclosureTable;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename F>
double TimeMs(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "disclosure_bench: %s failed\n", what);
    std::exit(1);
  }
}

struct Built {
  DisclosureModel model;
  std::vector<int> readable;
};

Built Consultation() {
  std::mt19937 rng(7);
  Built b{DisclosureModel{}, {}};
  DisclosureDimension venue("venue", "all");
  std::vector<int> areas, venues, settlements;
  for (int a = 0; a < 5; ++a) areas.push_back(venue.Add("area" + std::to_string(a)));
  for (int v = 0; v < 20; ++v)
    venues.push_back(
        venue.Add("venue" + std::to_string(v), areas[static_cast<std::size_t>(v % 5)]));
  for (int s = 0; s < 3; ++s) {
    std::vector<int> parts;
    for (int v = s; v < 20; v += 3) parts.push_back(venues[static_cast<std::size_t>(v)]);
    settlements.push_back(venue.AddGrouping("settlement" + std::to_string(s), parts));
  }
  venue.AddSplit(0, settlements);
  Check(b.model.AddDimension(venue).ok(), "venue dimension");
  // Questions (5 options) and equality items (4 to 6 groups), each with "not answered".
  struct Item {
    int dimension = 0;
    int not_answered = 0;
    std::vector<int> options;
  };
  std::vector<Item> questions, equality;
  auto add_item = [&](const std::string& name, int options) {
    DisclosureDimension d(name, "respondents");
    Item item;
    item.not_answered = d.Add("not_answered");
    const int answered = d.Add("answered");
    for (int o = 0; o < options; ++o)
      item.options.push_back(d.Add("o" + std::to_string(o), answered));
    auto index = b.model.AddDimension(d);
    Check(index.ok(), "item dimension");
    item.dimension = *index;
    return item;
  };
  for (int q = 0; q < 6; ++q) questions.push_back(add_item("q" + std::to_string(q), 5));
  for (int e = 0; e < 3; ++e) equality.push_back(add_item("e" + std::to_string(e), 4 + e));
  const std::size_t dims = b.model.dimensions().size();
  std::vector<double> venue_weight;
  for (int v = 0; v < 20; ++v) venue_weight.push_back(v < 4 ? 10.0 : (v % 3 == 0 ? 0.3 : 2.0));
  std::discrete_distribution<int> venue_pick(venue_weight.begin(), venue_weight.end());
  std::uniform_int_distribution<int> roll(0, 99);
  for (int r = 0; r < 2800; ++r) {
    CellKey key(dims, 0);
    key[0] = venues[static_cast<std::size_t>(venue_pick(rng))];
    for (const auto* items : {&questions, &equality}) {
      for (const auto& item : *items) {
        const int x = roll(rng);
        // Skewed answers: the last option is rare, a few skip.
        const int n = static_cast<int>(item.options.size());
        key[static_cast<std::size_t>(item.dimension)] =
            x < 6 ? item.not_answered
                  : item.options[static_cast<std::size_t>(x < 90 ? x % (n - 1) : n - 1)];
      }
    }
    Check(b.model.AddRecord(key).ok(), "record");
  }
  auto all = [](const Item& item) {
    std::vector<int> out{0, item.not_answered};
    out.insert(out.end(), item.options.begin(), item.options.end());
    return out;
  };
  std::vector<int> venues_all{0}, areas_all{0}, settlements_all{0};
  venues_all.insert(venues_all.end(), venues.begin(), venues.end());
  areas_all.insert(areas_all.end(), areas.begin(), areas.end());
  settlements_all.insert(settlements_all.end(), settlements.begin(), settlements.end());
  auto table = [&](DisclosureTable t) {
    auto index = b.model.AddTable(std::move(t));
    Check(index.ok(), "table");
    b.readable.push_back(*index);
  };
  table({"responses per venue", {{0, venues_all}}, false, false});
  for (const auto& e : equality) table({"equality", {{e.dimension, all(e)}}, false, false});
  for (const auto& q : questions) {
    table({"question", {{q.dimension, all(q)}}, false, false});
    table({"by venue", {{q.dimension, all(q)}, {0, venues_all}}, false, false});
    table({"by area", {{q.dimension, all(q)}, {0, areas_all}}, false, false});
    table({"by settlement", {{q.dimension, all(q)}, {0, settlements_all}}, false, false});
    for (const auto& e : equality)
      table({"by equality", {{q.dimension, all(q)}, {e.dimension, all(e)}}, false, false});
  }
  return b;
}

struct Built360 {
  DisclosureModel model;
  std::vector<int> hr;
  std::vector<int> manager;
};

Built360 ThreeSixty() {
  std::mt19937 rng(11);
  Built360 b{DisclosureModel{}, {}, {}};
  DisclosureDimension unit("unit", "organisation");
  std::vector<int> teams, subjects, team_of;
  for (int t = 0; t < 8; ++t) teams.push_back(unit.Add("team" + std::to_string(t)));
  for (int s = 0; s < 60; ++s) {
    subjects.push_back(unit.Add("p" + std::to_string(s), teams[static_cast<std::size_t>(s % 8)]));
    team_of.push_back(s % 8);
  }
  DisclosureDimension group("group", "everyone");
  const int self = group.Add("self");
  const int others = group.Add("others");
  const int manager = group.Add("manager", others);
  const int peers = group.Add("peers", others);
  const int staff = group.Add("staff", others);
  group.SetMinimum(self, 1);
  group.SetMinimum(manager, 1);
  group.SetMinimum(others, 3);
  group.SetMinimum(peers, 3);
  group.SetMinimum(staff, 3);
  DisclosureDimension answer("answer", "respondents");
  const int not_answered = answer.Add("not_answered");
  const int na = answer.Add("na");
  const int answered = answer.Add("answered");
  std::vector<int> points;
  for (int p = 1; p <= 5; ++p) points.push_back(answer.Add(std::to_string(p), answered, p));
  answer.SetAnswers(answered);
  Check(b.model.AddDimension(unit).ok() && b.model.AddDimension(group).ok() &&
            b.model.AddDimension(answer).ok(),
        "360 dimensions");
  std::uniform_int_distribution<int> peers_of(1, 6), staff_of(0, 6), lean_of(2, 5), step(-1, 1),
      roll(0, 99);
  for (int s = 0; s < 60; ++s) {
    const int lean = lean_of(rng);
    auto rate = [&](int g, int count) {
      for (int i = 0; i < count; ++i) {
        const int x = roll(rng);
        const int a =
            x < 5    ? not_answered
            : x < 10 ? na
                     : points[static_cast<std::size_t>(std::clamp(lean + step(rng), 1, 5) - 1)];
        Check(b.model.AddRecord({subjects[static_cast<std::size_t>(s)], g, a}).ok(), "360 record");
      }
    };
    rate(self, 1);
    rate(manager, 1);
    rate(peers, peers_of(rng));
    rate(staff, staff_of(rng));
  }
  std::vector<int> all{not_answered, na, answered};
  all.insert(all.end(), points.begin(), points.end());
  std::vector<int> rows{not_answered, na};
  rows.insert(rows.end(), points.begin(), points.end());
  auto table = [&](DisclosureTable t) {
    auto index = b.model.AddTable(std::move(t));
    Check(index.ok(), "360 table");
    return *index;
  };
  for (int s = 0; s < 60; ++s) {
    const int u = subjects[static_cast<std::size_t>(s)];
    const int individual = table({"individual",
                                  {{0, {u}}, {1, {self, manager, peers, staff, others}}, {2, all}},
                                  true,
                                  false});
    const int responses =
        table({"responses", {{0, {u}}, {1, {self, manager, peers, staff}}}, false, true});
    const int exported =
        table({"export", {{0, {u}}, {1, {manager, peers, staff}}, {2, rows}}, false, false});
    b.hr.insert(b.hr.end(), {individual, responses, exported});
    if (s == 0) b.manager = {individual, responses};
  }
  for (int t = 0; t < 8; ++t) {
    const int team = table({"team",
                            {{0, {teams[static_cast<std::size_t>(t)]}}, {1, {others}}, {2, all}},
                            true,
                            false});
    b.hr.push_back(team);
    if (t == 0) b.manager.push_back(team);
  }
  b.hr.push_back(table({"organisation", {{0, {0}}, {1, {others}}, {2, all}}, true, false}));
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int runs = quick ? 3 : 7;
  auto consultation = Consultation();
  auto three_sixty = ThreeSixty();
  std::vector<double> consultation_ms, hr_ms, manager_ms;
  int cells = 0, secondary = 0, primary = 0, programmes = 0;
  for (int r = 0; r < runs; ++r) {
    consultation_ms.push_back(TimeMs([&] {
      auto s = consultation.model.Protect(consultation.readable);
      Check(s.ok() && s->unprotected().empty(), "consultation solve");
      cells = s->stats().cells;
      primary = s->stats().primary;
      secondary = s->stats().secondary;
      programmes = s->stats().linear_programmes;
    }));
    hr_ms.push_back(
        TimeMs([&] { Check(three_sixty.model.Protect(three_sixty.hr).ok(), "360 hr solve"); }));
    manager_ms.push_back(TimeMs(
        [&] { Check(three_sixty.model.Protect(three_sixty.manager).ok(), "360 manager solve"); }));
  }
  std::printf("BENCH disclosure_solve_ms %.1f ms\n", Median(consultation_ms));
  std::printf("BENCH disclosure_360_item_solve_ms %.1f ms\n", Median(hr_ms));
  std::printf("BENCH disclosure_360_manager_ms %.1f ms\n", Median(manager_ms));
  std::printf("BENCH disclosure_cells %d cells\n", cells);
  std::fprintf(stderr, "consultation: %d primary, %d secondary, %d linear programmes\n", primary,
               secondary, programmes);
  return 0;
}
