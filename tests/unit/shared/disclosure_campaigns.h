#pragma once
// Campaigns for the disclosure tests, built as DisclosureModels the way the server's reports see
// them, and the attacker: a reader who takes every figure a role can read, writes them as a
// linear system over the joint cross-classification of the campaign's people (whole numbers,
// at least 0) and solves, by branch and bound, for the lowest and highest value of every
// protected cell. Written apart from the solver's own audit (which reasons over cells and their
// atoms, mostly with the simplex method) so the two check each other.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/disclosure.h"
#include "shared/results/linear_bounds.h"

namespace soundings::test {

/// A figure a reader knows: a count, or a sum of the scores on dimension `scored`.
struct KnownFigure {
  CellKey key;
  double value = 0;
  int scored = -1;  // -1: a count
};

/// A protected figure the attacker narrowed more than allowed.
struct Leak {
  CellKey key;
  bool sum = false;
  double low = 0;
  double high = 0;
  double required = 0;
  std::string ToString(const DisclosureModel& model) const {
    std::string out = sum ? "sum of " : "count of ";
    for (std::size_t d = 0; d < key.size(); ++d) {
      if (d > 0) out += " x ";
      out += model.dimensions()[d].code(key[d]);
    }
    return out + " in [" + std::to_string(low) + ", " + std::to_string(high) + "], needs width " +
           std::to_string(required);
  }
};

/// The reader's linear system over the joint cross-classification of `model`'s dimensions.
class Attacker {
 public:
  explicit Attacker(const DisclosureModel& model) : m_model(model) {
    const auto& dims = model.dimensions();
    std::vector<std::vector<int>> leaves(dims.size());
    for (std::size_t d = 0; d < dims.size(); ++d)
      for (int c = 0; c < dims[d].size(); ++c)
        if (dims[d].leaf(c)) leaves[d].push_back(c);
    CellKey key(dims.size(), 0);
    std::function<void(std::size_t)> walk = [&](std::size_t d) {
      if (d == dims.size()) {
        m_atoms.push_back(key);
        return;
      }
      for (int leaf : leaves[d]) {
        key[d] = leaf;
        walk(d + 1);
      }
    };
    walk(0);
    m_system.AddVariables(static_cast<int>(m_atoms.size()));
  }

  std::size_t atoms() const { return m_atoms.size(); }

  void Know(const KnownFigure& figure) {
    m_system.AddEquation(Terms(figure.key, figure.scored), figure.value);
  }

  LinearRange Range(const CellKey& key, int scored) {
    return m_system.Bounds(Terms(key, scored), true);
  }

 private:
  std::vector<LinearTerm> Terms(const CellKey& key, int scored) const {
    std::vector<LinearTerm> terms;
    for (std::size_t a = 0; a < m_atoms.size(); ++a) {
      bool in = true;
      for (std::size_t d = 0; d < key.size() && in; ++d)
        in = key[d] == 0 || m_model.Covers(static_cast<int>(d), key[d], m_atoms[a][d]);
      if (!in) continue;
      double coefficient = 1;
      if (scored >= 0) {
        auto score = m_model.dimensions()[static_cast<std::size_t>(scored)].score(
            m_atoms[a][static_cast<std::size_t>(scored)]);
        if (!score) continue;
        coefficient = *score;
      }
      terms.push_back({static_cast<int>(a), coefficient});
    }
    return terms;
  }

  const DisclosureModel& m_model;
  std::vector<CellKey> m_atoms;
  LinearSystem m_system;
};

/// Every cell of the model's tables, their population cells and every joint atom.
inline std::vector<CellKey> CandidateTargets(const DisclosureModel& model) {
  std::set<CellKey> out;
  const auto& dims = model.dimensions();
  for (const auto& table : model.tables()) {
    CellKey key(dims.size(), 0);
    std::function<void(std::size_t)> walk = [&](std::size_t a) {
      if (a == table.axes.size()) {
        out.insert(key);
        out.insert(model.PopulationOf(key));
        return;
      }
      for (int c : table.axes[a].second) {
        key[static_cast<std::size_t>(table.axes[a].first)] = c;
        walk(a + 1);
      }
      key[static_cast<std::size_t>(table.axes[a].first)] = 0;
    };
    walk(0);
  }
  for (const auto& [leaves, count] : model.records()) {
    out.insert(leaves);
    out.insert(model.PopulationOf(leaves));
  }
  return {out.begin(), out.end()};
}

/// The one dimension whose scored categories `key` sums, or -1.
inline int ScoredDimension(const DisclosureModel& model, const CellKey& key) {
  int found = -1;
  int how_many = 0;
  for (std::size_t d = 0; d < key.size(); ++d) {
    if (key[d] == 0) continue;
    bool scored = false;
    for (int c = 0; c < model.dimensions()[d].size(); ++c)
      scored = scored || (model.dimensions()[d].leaf(c) && model.dimensions()[d].score(c) &&
                          model.Covers(static_cast<int>(d), key[d], c));
    if (scored) {
      found = static_cast<int>(d);
      ++how_many;
    }
  }
  return how_many == 1 ? found : -1;
}

/// Whether a cell is protected: people in it, and its group (population) under its minimum.
/// Cells of always-shown tables are public knowledge and never protected.
inline bool IsProtected(const DisclosureModel& model, const CellKey& key,
                        const std::set<CellKey>& always) {
  if (always.contains(key)) return false;
  const auto count = model.CountOf(key);
  const auto size = model.CountOf(model.PopulationOf(key));
  return count > 0 && size > 0 && size < model.MinimumOf(key);
}

inline bool IsAnswerCell(const DisclosureModel& model, const CellKey& key) {
  for (std::size_t d = 0; d < key.size(); ++d)
    if (key[d] != 0 && model.dimensions()[d].answers()) return true;
  return false;
}

/// Of an answer cell, only a scored answer's count is protected (what a group said); whether it
/// answered (n, skipped, "n/a") goes with the group but is not (responses received are public).
inline bool CountIsProtected(const DisclosureModel& model, const CellKey& key) {
  if (!IsAnswerCell(model, key)) return true;
  for (std::size_t d = 0; d < key.size(); ++d) {
    const auto& dim = model.dimensions()[d];
    if (key[d] != 0 && dim.answers() && dim.leaf(key[d]) && dim.score(key[d])) return true;
  }
  return false;
}

/// The cells of `table`.
inline std::vector<CellKey> CellsOf(const DisclosureModel& model, const DisclosureTable& table) {
  std::vector<CellKey> out;
  CellKey key(model.dimensions().size(), 0);
  std::function<void(std::size_t)> walk = [&](std::size_t a) {
    if (a == table.axes.size()) {
      out.push_back(key);
      return;
    }
    for (int c : table.axes[a].second) {
      key[static_cast<std::size_t>(table.axes[a].first)] = c;
      walk(a + 1);
    }
    key[static_cast<std::size_t>(table.axes[a].first)] = 0;
  };
  walk(0);
  return out;
}

/// The figures of `solution` as the attacker knows them.
inline std::vector<KnownFigure> FiguresOf(const DisclosureModel& model,
                                          const DisclosureSolution& solution) {
  std::vector<KnownFigure> out;
  for (const auto& f : solution.figures()) {
    out.push_back({f.key, static_cast<double>(f.count), -1});
    if (f.sum) out.push_back({f.key, *f.sum, ScoredDimension(model, f.key)});
  }
  return out;
}

/// Every protected figure that `known` (what a role reads) narrows below its width (the
/// model's options, or less when the always-shown figures of `readable` alone already narrow it
/// that much). Empty when the role's figures are safe.
inline std::vector<Leak> Attack(const DisclosureModel& model, const std::vector<int>& readable,
                                const std::vector<KnownFigure>& known) {
  std::set<CellKey> always;
  std::vector<KnownFigure> public_figures;
  for (std::size_t t = 0; t < model.tables().size(); ++t) {
    if (!model.tables()[t].always_shown) continue;
    for (const auto& key : CellsOf(model, model.tables()[t])) {
      always.insert(key);
      if (std::find(readable.begin(), readable.end(), static_cast<int>(t)) != readable.end())
        public_figures.push_back({key, static_cast<double>(model.CountOf(key)), -1});
    }
  }
  Attacker reader(model);
  for (const auto& f : known) reader.Know(f);
  std::optional<Attacker> a_priori;
  std::vector<Leak> leaks;
  const auto& options = model.options();
  for (const auto& key : CandidateTargets(model)) {
    if (!IsProtected(model, key, always)) continue;
    const int scored = ScoredDimension(model, key);
    for (bool sum : {false, true}) {
      if (!sum && !CountIsProtected(model, key)) continue;
      // The sum of one scored answer is that answer's count times its score: the count covers it.
      if (sum && (scored < 0 || model.dimensions()[static_cast<std::size_t>(scored)].leaf(
                                    key[static_cast<std::size_t>(scored)])))
        continue;
      double required =
          sum ? options.sum_width
              : (IsAnswerCell(model, key) ? options.answer_width : options.count_width);
      const LinearRange range = reader.Range(key, sum ? scored : -1);
      EXPECT_TRUE(range.feasible) << "the published figures contradict each other";
      if (range.width() >= required - 1e-9) continue;
      if (!a_priori) {
        a_priori.emplace(model);
        for (const auto& f : public_figures) a_priori->Know(f);
      }
      required = std::min(required, a_priori->Range(key, sum ? scored : -1).width());
      if (range.width() >= required - 1e-9) continue;
      leaks.push_back({key, sum, range.low, range.high, required});
    }
  }
  return leaks;
}

// ---------------------------------------------------------------------------------------------
// A 360 of one scored item over an organisation of teams.

/// Who rated one subject, and what each rater answered: 0 not answered, -1 "n/a", 1..5.
struct Raters {
  std::vector<int> self, manager, peers, staff;
};

struct Campaign360 {
  explicit Campaign360(DisclosureOptions options) : model(options) {}
  DisclosureModel model;
  int unit = 0, group = 1, answer = 2;
  int self = 0, others = 0, manager = 0, peers = 0, staff = 0;
  int not_answered = 0, not_applicable = 0, answered = 0;
  std::vector<int> points;             // answer categories of 1..5
  std::vector<int> teams;              // unit categories of teams
  std::vector<int> subjects;           // unit categories of subjects (leaves)
  std::vector<int> team_of;            // per subject: index into teams, or -1
  std::vector<int> individual_tables;  // per subject: the individual report
  std::vector<int> responses_tables;   // per subject: responses received per group
  std::vector<int> export_tables;      // per subject: the row-level export's answers
  std::vector<int> team_tables;        // per team
  int organisation_table = -1;

  std::vector<int> Hr() const {
    std::vector<int> all;
    for (int t = 0; t < static_cast<int>(model.tables().size()); ++t) all.push_back(t);
    return all;
  }
  /// A manager who is subject `s` and leads their own team.
  std::vector<int> Manager(std::size_t s) const {
    std::vector<int> out{individual_tables[s], responses_tables[s]};
    if (team_of[s] >= 0) out.push_back(team_tables[static_cast<std::size_t>(team_of[s])]);
    return out;
  }
  std::vector<int> Subject(std::size_t s) const {
    return {individual_tables[s], responses_tables[s]};
  }
  std::vector<int> Analyst() const {
    std::vector<int> out = team_tables;
    out.push_back(organisation_table);
    return out;
  }
  CellKey Key(int u, int g, int a) const { return CellKey{u, g, a}; }
};

/// Builds a 360: `team_sizes` subjects per team (a team of 0 stands for subjects outside any
/// team: one such subject), `raters[s]` per subject in order. Minimums: self and manager 1,
/// peers and staff `group_minimum`, all others `others_minimum`.
inline Campaign360 Make360(const std::vector<int>& team_sizes, const std::vector<Raters>& raters,
                           int group_minimum = 3, int others_minimum = 3,
                           DisclosureOptions options = {}) {
  Campaign360 c(options);
  DisclosureDimension unit("unit", "organisation");
  std::size_t s = 0;
  for (std::size_t t = 0; t < team_sizes.size(); ++t) {
    if (team_sizes[t] == 0) {
      c.subjects.push_back(unit.Add("p" + std::to_string(s++), 0));
      c.team_of.push_back(-1);
      continue;
    }
    const int team = unit.Add("team" + std::to_string(t), 0);
    c.teams.push_back(team);
    for (int k = 0; k < team_sizes[t]; ++k) {
      c.subjects.push_back(unit.Add("p" + std::to_string(s++), team));
      c.team_of.push_back(static_cast<int>(c.teams.size()) - 1);
    }
  }
  DisclosureDimension group("group", "everyone");
  c.self = group.Add("self");
  c.others = group.Add("others");
  c.manager = group.Add("manager", c.others);
  c.peers = group.Add("peers", c.others);
  c.staff = group.Add("staff", c.others);
  group.SetMinimum(c.self, 1);
  group.SetMinimum(c.manager, 1);
  group.SetMinimum(c.others, others_minimum);
  group.SetMinimum(c.peers, group_minimum);
  group.SetMinimum(c.staff, group_minimum);
  DisclosureDimension answer("answer", "respondents");
  c.not_answered = answer.Add("not_answered");
  c.not_applicable = answer.Add("na");
  c.answered = answer.Add("answered");
  for (int p = 1; p <= 5; ++p) c.points.push_back(answer.Add(std::to_string(p), c.answered, p));
  answer.SetAnswers(c.answered);
  EXPECT_TRUE(c.model.AddDimension(std::move(unit)).ok());
  EXPECT_TRUE(c.model.AddDimension(std::move(group)).ok());
  EXPECT_TRUE(c.model.AddDimension(std::move(answer)).ok());

  auto answer_category = [&](int a) {
    if (a == 0) return c.not_answered;
    if (a < 0) return c.not_applicable;
    return c.points[static_cast<std::size_t>(a - 1)];
  };
  for (std::size_t k = 0; k < c.subjects.size() && k < raters.size(); ++k) {
    const auto& r = raters[k];
    for (const auto& [g, list] : std::vector<std::pair<int, const std::vector<int>*>>{
             {c.self, &r.self}, {c.manager, &r.manager}, {c.peers, &r.peers}, {c.staff, &r.staff}})
      for (int a : *list)
        EXPECT_TRUE(c.model.AddRecord({c.subjects[k], g, answer_category(a)}).ok());
  }
  std::vector<int> all_answers{c.not_answered, c.not_applicable, c.answered};
  all_answers.insert(all_answers.end(), c.points.begin(), c.points.end());
  const int u = c.unit, g = c.group, a = c.answer;
  for (std::size_t k = 0; k < c.subjects.size(); ++k) {
    const std::string p = "p" + std::to_string(k);
    c.individual_tables.push_back(
        *c.model.AddTable({"individual:" + p,
                           {{u, {c.subjects[k]}},
                            {g, {c.self, c.manager, c.peers, c.staff, c.others}},
                            {a, all_answers}},
                           true,
                           false}));
    c.responses_tables.push_back(
        *c.model.AddTable({"responses:" + p,
                           {{u, {c.subjects[k]}}, {g, {c.self, c.manager, c.peers, c.staff}}},
                           false,
                           true}));
    std::vector<int> rows{c.not_answered, c.not_applicable};
    rows.insert(rows.end(), c.points.begin(), c.points.end());
    c.export_tables.push_back(
        *c.model.AddTable({"export:" + p,
                           {{u, {c.subjects[k]}}, {g, {c.manager, c.peers, c.staff}}, {a, rows}},
                           false,
                           false}));
  }
  for (std::size_t t = 0; t < c.teams.size(); ++t)
    c.team_tables.push_back(
        *c.model.AddTable({"team:" + std::to_string(t),
                           {{u, {c.teams[t]}}, {g, {c.others}}, {a, all_answers}},
                           true,
                           false}));
  c.organisation_table = *c.model.AddTable(
      {"organisation", {{u, {0}}, {g, {c.others}}, {a, all_answers}}, true, false});
  return c;
}

// ---------------------------------------------------------------------------------------------
// A consultation question by venue, area, settlement and one equality item.

struct Consultation {
  explicit Consultation(DisclosureOptions options) : model(options) {}
  DisclosureModel model;
  int venue = 0, question = 1, segment = 2;
  std::vector<int> areas, venues, settlements;
  int q_not_answered = 0, q_answered = 0;
  std::vector<int> options;
  int s_not_answered = 0, s_answered = 0;
  std::vector<int> groups;  // segment categories
  int distribution = -1, by_venue = -1, by_area = -1, by_settlement = -1, by_segment = -1,
      segment_distribution = -1, venue_responses = -1;

  std::vector<int> Analyst() const {
    return {distribution,         by_venue,       by_area, by_settlement, by_segment,
            segment_distribution, venue_responses};
  }
};

/// One response: venue index, question answer (-1 not answered, else option index) and segment
/// answer (-1 not answered, else group index).
struct ConsultationResponse {
  int venue = 0;
  int answer = -1;
  int segment = -1;
};

/// `venue_area[v]` is the area index of venue v, `venue_settlement[v]` its settlement index.
inline Consultation MakeConsultation(const std::vector<int>& venue_area,
                                     const std::vector<int>& venue_settlement, int options,
                                     int groups, const std::vector<ConsultationResponse>& responses,
                                     DisclosureOptions disclosure = {}) {
  Consultation c(disclosure);
  DisclosureDimension venue("venue", "all_venues");
  const int area_count =
      venue_area.empty() ? 0 : *std::max_element(venue_area.begin(), venue_area.end()) + 1;
  for (int a = 0; a < area_count; ++a) c.areas.push_back(venue.Add("area" + std::to_string(a)));
  for (std::size_t v = 0; v < venue_area.size(); ++v)
    c.venues.push_back(
        venue.Add("venue" + std::to_string(v), c.areas[static_cast<std::size_t>(venue_area[v])]));
  const int settlement_count =
      venue_settlement.empty()
          ? 0
          : *std::max_element(venue_settlement.begin(), venue_settlement.end()) + 1;
  for (int s = 0; s < settlement_count; ++s) {
    std::vector<int> parts;
    for (std::size_t v = 0; v < venue_settlement.size(); ++v)
      if (venue_settlement[v] == s) parts.push_back(c.venues[v]);
    if (parts.empty()) continue;
    c.settlements.push_back(venue.AddGrouping("settlement" + std::to_string(s), parts));
  }
  venue.AddSplit(0, c.settlements);
  DisclosureDimension question("q", "respondents");
  c.q_not_answered = question.Add("not_answered");
  c.q_answered = question.Add("answered");
  for (int o = 0; o < options; ++o)
    c.options.push_back(question.Add("option" + std::to_string(o), c.q_answered));
  DisclosureDimension segment("segment", "respondents");
  c.s_not_answered = segment.Add("not_answered");
  c.s_answered = segment.Add("answered");
  for (int g = 0; g < groups; ++g)
    c.groups.push_back(segment.Add("group" + std::to_string(g), c.s_answered));
  EXPECT_TRUE(c.model.AddDimension(std::move(venue)).ok());
  EXPECT_TRUE(c.model.AddDimension(std::move(question)).ok());
  EXPECT_TRUE(c.model.AddDimension(std::move(segment)).ok());
  for (const auto& r : responses) {
    CellKey key{c.venues[static_cast<std::size_t>(r.venue)],
                r.answer < 0 ? c.q_not_answered : c.options[static_cast<std::size_t>(r.answer)],
                r.segment < 0 ? c.s_not_answered : c.groups[static_cast<std::size_t>(r.segment)]};
    EXPECT_TRUE(c.model.AddRecord(key).ok());
  }
  std::vector<int> q_all{0, c.q_not_answered};
  q_all.insert(q_all.end(), c.options.begin(), c.options.end());
  std::vector<int> s_all{0, c.s_not_answered};
  s_all.insert(s_all.end(), c.groups.begin(), c.groups.end());
  std::vector<int> venues_all{0};
  venues_all.insert(venues_all.end(), c.venues.begin(), c.venues.end());
  std::vector<int> areas_all{0};
  areas_all.insert(areas_all.end(), c.areas.begin(), c.areas.end());
  std::vector<int> settlements_all{0};
  settlements_all.insert(settlements_all.end(), c.settlements.begin(), c.settlements.end());
  const int v = c.venue, q = c.question, s = c.segment;
  c.distribution = *c.model.AddTable({"question", {{q, q_all}}, false, false});
  c.by_venue =
      *c.model.AddTable({"question by venue", {{q, q_all}, {v, venues_all}}, false, false});
  c.by_area = *c.model.AddTable({"question by area", {{q, q_all}, {v, areas_all}}, false, false});
  c.by_settlement = *c.model.AddTable(
      {"question by settlement", {{q, q_all}, {v, settlements_all}}, false, false});
  c.by_segment = *c.model.AddTable({"question by segment", {{q, q_all}, {s, s_all}}, false, false});
  c.segment_distribution = *c.model.AddTable({"segment", {{s, s_all}}, false, false});
  c.venue_responses = *c.model.AddTable({"responses per venue", {{v, venues_all}}, false, false});
  return c;
}

}  // namespace soundings::test
