// Property: over random organisations and response sets, no value the engine suppresses can be
// recovered from any combination of what it shows. The attacks here are written independently
// of the engine's own audit:
//   - chained subtraction: any relation (row, column, margin, "all others") with one unknown is
//     solved, and solving repeats with what was learnt;
//   - linear algebra: a hidden count is determined when dropping its column from the system of
//     relations lowers the rank;
//   - bounds: counts are whole and non-negative (every suppressed value reads "fewer than N*",
//     whether small itself or hidden to protect a small one, so the label bounds nothing);
//     intervals are propagated to a fixpoint;
//   - exhaustive search: when the remaining domains are small, every integer completion of the
//     hidden cells consistent with everything shown is enumerated; a cell that takes one value in
//     all of them is recovered.
// 360 reports are attacked through "all others" minus the shown groups for every additive
// quantity (respondents, sum of scores, each distribution count, N/A count), knowing which groups
// received no responses at all (that is shown as "received vs invited").

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/results/comment_plan.h"
#include "shared/results/suppression.h"

namespace soundings {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A flattened set of counts with additive relations, as an attacker sees it.
struct Puzzle {
  std::vector<int> truth;
  std::vector<bool> hidden;
  std::vector<double> low, high;  // what the labels say about each hidden count
  std::vector<std::vector<std::pair<int, int>>> relations;  // (index, sign): sum of sign*x = 0
};

std::string Describe(const Puzzle& p) {
  std::ostringstream out;
  for (std::size_t i = 0; i < p.truth.size(); ++i)
    out << i << ":" << p.truth[i] << (p.hidden[i] ? "(h)" : "") << " ";
  return out.str();
}

// Chained subtraction; returns the hidden indices it recovers.
std::set<int> AttackBySubtraction(const Puzzle& p) {
  std::vector<bool> known(p.truth.size());
  for (std::size_t i = 0; i < known.size(); ++i) known[i] = !p.hidden[i];
  std::set<int> recovered;
  for (bool progress = true; progress;) {
    progress = false;
    for (const auto& relation : p.relations) {
      int unknown = -1;
      int count = 0;
      for (auto [i, sign] : relation)
        if (!known[static_cast<std::size_t>(i)]) {
          unknown = i;
          ++count;
        }
      if (count != 1) continue;
      known[static_cast<std::size_t>(unknown)] = true;
      recovered.insert(unknown);
      progress = true;
    }
  }
  return recovered;
}

int Rank(std::vector<std::vector<double>> m) {
  int rank = 0;
  std::size_t cols = m.empty() ? 0 : m[0].size();
  for (std::size_t c = 0; c < cols && rank < static_cast<int>(m.size()); ++c) {
    auto pivot = static_cast<std::size_t>(rank);
    for (std::size_t r = pivot; r < m.size(); ++r)
      if (std::fabs(m[r][c]) > std::fabs(m[pivot][c])) pivot = r;
    if (std::fabs(m[pivot][c]) < 1e-9) continue;
    std::swap(m[pivot], m[static_cast<std::size_t>(rank)]);
    for (std::size_t r = static_cast<std::size_t>(rank) + 1; r < m.size(); ++r) {
      double f = m[r][c] / m[static_cast<std::size_t>(rank)][c];
      for (std::size_t k = c; k < cols; ++k) m[r][k] -= f * m[static_cast<std::size_t>(rank)][k];
    }
    ++rank;
  }
  return rank;
}

std::set<int> AttackByRank(const Puzzle& p) {
  std::vector<int> unknowns;
  for (std::size_t i = 0; i < p.truth.size(); ++i)
    if (p.hidden[i]) unknowns.push_back(static_cast<int>(i));
  auto matrix = [&](int without) {
    std::vector<std::vector<double>> m;
    for (const auto& relation : p.relations) {
      std::vector<double> row;
      for (int u : unknowns) {
        if (u == without) continue;
        double v = 0;
        for (auto [i, sign] : relation)
          if (i == u) v += sign;
        row.push_back(v);
      }
      m.push_back(row);
    }
    return m;
  };
  std::set<int> recovered;
  int full = Rank(matrix(-1));
  for (int u : unknowns)
    if (Rank(matrix(u)) == full - 1) recovered.insert(u);
  return recovered;
}

// Interval propagation; fills low/high and returns the pinned hidden indices.
std::set<int> AttackByBounds(const Puzzle& p, std::vector<double>& low, std::vector<double>& high) {
  low = p.low;
  high = p.high;
  for (std::size_t i = 0; i < p.truth.size(); ++i)
    if (!p.hidden[i]) low[i] = high[i] = p.truth[i];
  for (int pass = 0; pass < 200; ++pass) {
    bool changed = false;
    for (const auto& relation : p.relations) {
      for (auto [i, sign] : relation) {
        // sign_i * x_i = -sum over others of sign_j * x_j
        double lo = 0, hi = 0;
        for (auto [j, s] : relation) {
          if (j == i) continue;
          double a = -s * low[static_cast<std::size_t>(j)];
          double b = -s * high[static_cast<std::size_t>(j)];
          lo += std::min(a, b);
          hi += std::max(a, b);
        }
        if (sign < 0) std::swap(lo, hi), lo = -lo, hi = -hi;
        auto k = static_cast<std::size_t>(i);
        double new_low = std::max(low[k], std::ceil(lo - 1e-9));
        double new_high = std::min(high[k], std::floor(hi + 1e-9));
        if (new_low > low[k] || new_high < high[k]) {
          low[k] = new_low;
          high[k] = new_high;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  std::set<int> recovered;
  for (std::size_t i = 0; i < p.truth.size(); ++i)
    if (p.hidden[i] && low[i] == high[i]) recovered.insert(static_cast<int>(i));
  return recovered;
}

// Exhaustive search within the propagated bounds; returns recovered indices, or nothing when the
// search space is too large to enumerate (the other attacks still ran).
std::set<int> AttackByEnumeration(const Puzzle& p, const std::vector<double>& low,
                                  const std::vector<double>& high) {
  std::vector<int> unknowns;
  double space = 1;
  for (std::size_t i = 0; i < p.truth.size(); ++i) {
    if (!p.hidden[i]) continue;
    if (high[i] == kInf) return {};
    unknowns.push_back(static_cast<int>(i));
    space *= high[i] - low[i] + 1;
  }
  if (unknowns.empty() || space > 2e5) return {};
  std::vector<double> value(p.truth.size());
  for (std::size_t i = 0; i < p.truth.size(); ++i) value[i] = p.truth[i];
  std::map<int, std::set<double>> seen;
  std::function<void(std::size_t)> dfs = [&](std::size_t depth) {
    if (depth == unknowns.size()) {
      for (const auto& relation : p.relations) {
        double sum = 0;
        for (auto [i, sign] : relation) sum += sign * value[static_cast<std::size_t>(i)];
        if (std::fabs(sum) > 1e-9) return;
      }
      for (int u : unknowns) seen[u].insert(value[static_cast<std::size_t>(u)]);
      return;
    }
    auto k = static_cast<std::size_t>(unknowns[depth]);
    for (double v = low[k]; v <= high[k]; v += 1) {
      value[k] = v;
      dfs(depth + 1);
    }
  };
  dfs(0);
  std::set<int> recovered;
  for (int u : unknowns)
    if (seen[u].size() == 1) recovered.insert(u);
  return recovered;
}

// Builds the attacker's puzzle of a shown cross-tab (cells, row totals, column totals, grand
// total, in the engine's order but with relations written out here).
Puzzle PuzzleOf(const std::vector<std::vector<int>>& counts, const ShownCrossTab& shown) {
  std::size_t rows = counts.size();
  std::size_t cols = rows == 0 ? 0 : counts[0].size();
  Puzzle p;
  std::vector<const CellValue*> cells;
  std::vector<int> row_totals(rows, 0), col_totals(cols, 0);
  int grand = 0;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      p.truth.push_back(counts[r][c]);
      cells.push_back(&shown.cells[r][c]);
      row_totals[r] += counts[r][c];
      col_totals[c] += counts[r][c];
      grand += counts[r][c];
    }
  for (std::size_t r = 0; r < rows; ++r) {
    p.truth.push_back(row_totals[r]);
    cells.push_back(&shown.row_totals[r]);
  }
  for (std::size_t c = 0; c < cols; ++c) {
    p.truth.push_back(col_totals[c]);
    cells.push_back(&shown.column_totals[c]);
  }
  p.truth.push_back(grand);
  cells.push_back(&shown.total[0]);
  for (const CellValue* v : cells) {
    p.hidden.push_back(!v->shown());
    EXPECT_NE(v->Render(), "");
    if (v->suppressed()) {
      EXPECT_EQ(v->Render(), "fewer than " + std::to_string(v->minimum()) + "*");
    }
    p.low.push_back(0);
    p.high.push_back(kInf);
  }
  int base_rows = static_cast<int>(rows * cols);
  int base_cols = base_rows + static_cast<int>(rows);
  int grand_index = base_cols + static_cast<int>(cols);
  std::vector<std::pair<int, int>> by_rows{{grand_index, -1}}, by_cols{{grand_index, -1}};
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<std::pair<int, int>> relation{{base_rows + static_cast<int>(r), -1}};
    for (std::size_t c = 0; c < cols; ++c) relation.emplace_back(static_cast<int>(r * cols + c), 1);
    p.relations.push_back(relation);
    by_rows.emplace_back(base_rows + static_cast<int>(r), 1);
  }
  for (std::size_t c = 0; c < cols; ++c) {
    std::vector<std::pair<int, int>> relation{{base_cols + static_cast<int>(c), -1}};
    for (std::size_t r = 0; r < rows; ++r) relation.emplace_back(static_cast<int>(r * cols + c), 1);
    p.relations.push_back(relation);
    by_cols.emplace_back(base_cols + static_cast<int>(c), 1);
  }
  p.relations.push_back(by_rows);
  p.relations.push_back(by_cols);
  return p;
}

// Every attack against one puzzle.
void ExpectNothingRecovered(const Puzzle& p, const std::string& context) {
  auto by_subtraction = AttackBySubtraction(p);
  EXPECT_TRUE(by_subtraction.empty())
      << context << " subtraction recovers " << *by_subtraction.begin() << " in " << Describe(p);
  auto by_rank = AttackByRank(p);
  EXPECT_TRUE(by_rank.empty()) << context << " linear algebra recovers " << *by_rank.begin()
                               << " in " << Describe(p);
  std::vector<double> low, high;
  auto by_bounds = AttackByBounds(p, low, high);
  EXPECT_TRUE(by_bounds.empty()) << context << " bounds pin " << *by_bounds.begin() << " in "
                                 << Describe(p);
  auto by_search = AttackByEnumeration(p, low, high);
  EXPECT_TRUE(by_search.empty()) << context << " exhaustive search pins " << *by_search.begin()
                                 << " in " << Describe(p);
}

// Small counts are the interesting ones: draw from a skewed distribution with many 0..6.
int SkewedCount(std::mt19937& rng) {
  std::uniform_int_distribution<int> pick(0, 9);
  int kind = pick(rng);
  if (kind < 5) return std::uniform_int_distribution<int>(0, 6)(rng);
  if (kind < 8) return std::uniform_int_distribution<int>(4, 15)(rng);
  return std::uniform_int_distribution<int>(10, 60)(rng);
}

TEST(SuppressionProperty, NoHiddenCrossTabCellCanBeRecoveredFromRandomTables) {
  std::mt19937 rng(20260512);
  int hidden_seen = 0;
  for (int iteration = 0; iteration < 1000; ++iteration) {
    int rows = std::uniform_int_distribution<int>(1, 5)(rng);
    int cols = std::uniform_int_distribution<int>(2, 5)(rng);
    int k = std::vector<int>{3, 5, 5, 10}[std::uniform_int_distribution<int>(0, 3)(rng)];
    std::vector<std::vector<int>> counts(static_cast<std::size_t>(rows),
                                         std::vector<int>(static_cast<std::size_t>(cols)));
    for (auto& row : counts)
      for (int& v : row) v = SkewedCount(rng);
    ContingencyTable table;
    for (int r = 0; r < rows; ++r) table.row_values.push_back("r" + std::to_string(r));
    for (int c = 0; c < cols; ++c) table.column_values.push_back("c" + std::to_string(c));
    table.counts = counts;
    SuppressionEngine engine(SuppressionPolicy{k, 3});
    ShownCrossTab shown = engine.CrossTab(table);
    Puzzle p = PuzzleOf(counts, shown);
    for (std::size_t i = 0; i < p.truth.size(); ++i) {
      if (p.hidden[i]) ++hidden_seen;
      // Primary suppression: everything below k is hidden, and hidden means "fewer than" text.
      if (p.truth[i] < k) {
        EXPECT_TRUE(p.hidden[i]) << "count " << p.truth[i] << " shown at k " << k;
      }
    }
    ExpectNothingRecovered(p, "table " + std::to_string(iteration) + " k " + std::to_string(k));
    if (HasFailure()) return;
  }
  EXPECT_GT(hidden_seen, 700);  // the generator does exercise suppression
}

// A random consultation: areas, urban/rural, a question; the attacker also knows each
// question's published distribution, which must agree with the cross-tab's margins.
TEST(SuppressionProperty, NothingRecoveredFromConsultationCrossTabsAndDistributionsTogether) {
  std::mt19937 rng(7);
  for (int organisation = 0; organisation < 300; ++organisation) {
    int areas = std::uniform_int_distribution<int>(2, 6)(rng);
    int options = std::uniform_int_distribution<int>(2, 5)(rng);
    int people = std::uniform_int_distribution<int>(3, 150)(rng);
    Template tmpl;
    tmpl.id = "consult";
    tmpl.languages = {"en"};
    Section about;
    about.id = "about";
    Item area;
    area.id = "area";
    area.type = ItemType::kSingleChoice;
    for (int a = 0; a < areas; ++a) area.options.push_back({"a" + std::to_string(a), {}});
    Item question;
    question.id = "q";
    question.type = ItemType::kSingleChoice;
    for (int o = 0; o < options; ++o) question.options.push_back({"o" + std::to_string(o), {}});
    about.items = {area, question};
    tmpl.sections = {about};

    // Skewed: a few big areas and options, a long tail of small ones.
    std::vector<double> area_weights, option_weights;
    for (int a = 0; a < areas; ++a) area_weights.push_back(std::pow(0.4, a));
    for (int o = 0; o < options; ++o) option_weights.push_back(std::pow(0.5, o));
    std::discrete_distribution<int> pick_area(area_weights.begin(), area_weights.end());
    std::discrete_distribution<int> pick_option(option_weights.begin(), option_weights.end());
    std::vector<Answers> responses;
    responses.reserve(static_cast<std::size_t>(people));
    for (int i = 0; i < people; ++i)
      responses.push_back({{"area", "a" + std::to_string(pick_area(rng))},
                           {"q", "o" + std::to_string(pick_option(rng))}});
    auto table = BuildContingencyTable(tmpl, "q", "area", RefsOf(responses));
    ASSERT_TRUE(table.ok());
    int k = std::uniform_int_distribution<int>(0, 1)(rng) == 0 ? 5 : 3;
    SuppressionEngine engine(SuppressionPolicy{k, 3});

    // The question's distribution and the area distribution are published too: whatever they
    // show becomes known to the attacker, as the margins they equal.
    std::vector<int> question_counts, area_counts;
    for (const auto& row : table->counts) {
      int sum = 0;
      for (int v : row) sum += v;
      question_counts.push_back(sum);
    }
    for (std::size_t c = 0; c < table->column_values.size(); ++c) {
      int sum = 0;
      for (const auto& row : table->counts) sum += row[c];
      area_counts.push_back(sum);
    }
    auto question_shown = engine.Distribution(table->row_values, question_counts);
    auto area_shown = engine.Distribution(table->column_values, area_counts);
    ShownCrossTab shown = engine.CrossTab(*table, &question_shown, &area_shown);
    Puzzle p = PuzzleOf(table->counts, shown);
    std::size_t rows = table->counts.size();
    std::size_t cols = table->column_values.size();
    for (std::size_t r = 0; r < rows; ++r)
      if (question_shown.counts[r].shown()) p.hidden[rows * cols + r] = false;
    for (std::size_t c = 0; c < cols; ++c)
      if (area_shown.counts[c].shown()) p.hidden[rows * cols + rows + c] = false;
    if (question_shown.total[0].shown()) p.hidden.back() = false;
    ExpectNothingRecovered(p, "organisation " + std::to_string(organisation));
    if (HasFailure()) return;
  }
}

struct GroupSpec {
  std::string id;
  int min_responses;
  int comment_min;
  int max_raters;
};

TEST(SuppressionProperty, NoHiddenRaterGroupCanBeRecoveredFromAllOthersInRandom360s) {
  std::mt19937 rng(360);
  int secondary_seen = 0;
  for (int organisation = 0; organisation < 60; ++organisation) {
    Template tmpl;
    tmpl.id = "me2e";
    tmpl.kind = TemplateKind::kAppraisal360;
    tmpl.languages = {"en"};
    Scale scale;
    scale.id = "agree5";
    for (int v = 1; v <= 5; ++v) scale.points.push_back({static_cast<double>(v), {}});
    scale.not_applicable = LocalText{{"en", "N/A"}};
    tmpl.scales = {scale};
    std::vector<GroupSpec> specs = {
        {"self", 1, 1, 1},
        {"manager", 1, 3, 2},
        {"peer", std::uniform_int_distribution<int>(2, 4)(rng), 3, 6},
        {"staff", std::uniform_int_distribution<int>(2, 5)(rng), 4, 8},
        {"partner", std::uniform_int_distribution<int>(1, 3)(rng), 3, 3},
    };
    for (const auto& spec : specs)
      tmpl.rater_groups.push_back({spec.id, {}, spec.min_responses, spec.comment_min});
    for (int s = 0; s < 2; ++s) {
      Section section;
      section.id = "competency" + std::to_string(s);
      section.competency = true;
      for (int i = 0; i < 3; ++i) {
        Item item;
        item.id = "c" + std::to_string(s) + "i" + std::to_string(i);
        item.type = ItemType::kLikert;
        item.scale = "agree5";
        item.reverse_scored = i == 2;
        section.items.push_back(item);
      }
      tmpl.sections.push_back(section);
    }
    int all_others_minimum = std::uniform_int_distribution<int>(1, 4)(rng);
    SuppressionEngine engine(SuppressionPolicy{5, all_others_minimum});

    for (int subject = 0; subject < 12; ++subject) {
      std::vector<RaterResponse> responses;
      for (const auto& spec : specs) {
        int raters = std::uniform_int_distribution<int>(0, spec.max_raters)(rng);
        for (int r = 0; r < raters; ++r) {
          RaterResponse response{spec.id, {}};
          for (const auto& section : tmpl.sections)
            for (const auto& item : section.items) {
              int roll = std::uniform_int_distribution<int>(0, 19)(rng);
              if (roll == 0) continue;  // skipped
              if (roll <= 3) {
                response.answers[item.id] = "na";
              } else {
                response.answers[item.id] = std::uniform_int_distribution<int>(1, 5)(rng);
              }
            }
          responses.push_back(std::move(response));
        }
      }
      Stats360 stats = Compute360(tmpl, responses);
      Shown360 shown = engine.Show360(tmpl, stats);

      auto check = [&](const std::string& key, const GroupSummaries& raw, const ShownGroups& view) {
        // Primary suppression.
        for (const auto& spec : specs) {
          const Summary& truth = raw.by_group.at(spec.id);
          if (truth.n < spec.min_responses) {
            EXPECT_FALSE(view.by_group.at(spec.id).mean.shown()) << key << " " << spec.id;
            EXPECT_FALSE(view.by_group.at(spec.id).n.shown()) << key << " " << spec.id;
          }
        }
        if (raw.all_others.n < all_others_minimum) {
          EXPECT_FALSE(view.all_others.mean.shown()) << key;
        }
        if (!view.all_others.n.shown()) return;
        // All others minus the shown groups leaves the hidden ones; the attacker knows which
        // groups received no responses. Exactly one other hidden group would be recovered.
        std::vector<std::string> unknown;
        for (const auto& spec : specs) {
          if (spec.id == std::string(kSelfGroup)) continue;
          if (view.by_group.at(spec.id).n.shown()) continue;
          if (stats.responses.at(spec.id) == 0) continue;
          unknown.push_back(spec.id);
        }
        if (unknown.size() != 1) return;
        const Summary& victim = raw.by_group.at(unknown[0]);
        // Work it out as an attacker would: respondents, sum of scores, each count, N/A.
        double n = *view.all_others.n.value();
        double sum = *view.all_others.mean.value() * n;
        double na = *view.all_others.not_applicable.value();
        for (const auto& spec : specs) {
          const auto& group = view.by_group.at(spec.id);
          if (spec.id == std::string(kSelfGroup) || !group.n.shown()) continue;
          n -= *group.n.value();
          if (group.mean.value()) sum -= *group.mean.value() * *group.n.value();
          na -= *group.not_applicable.value();
        }
        // Recovering "this group gave no answers at all" discloses nothing of theirs.
        if (victim.n == 0 && victim.not_applicable == 0) return;
        ADD_FAILURE() << key << ": all others minus shown groups gives " << unknown[0] << " n=" << n
                      << " (true " << victim.n << "), sum=" << sum << " (true " << victim.sum
                      << "), na=" << na << " (true " << victim.not_applicable << ")";
      };
      for (const auto& key : stats.item_keys) check(key, stats.items.at(key), shown.items.at(key));
      for (const auto& id : stats.competency_ids)
        check(id, stats.competencies.at(id), shown.competencies.at(id));
      for (const auto& [key, view] : shown.items)
        for (const auto& spec : specs)
          if (view.by_group.at(spec.id).n.suppressed() &&
              stats.items.at(key).by_group.at(spec.id).n >= spec.min_responses)
            ++secondary_seen;

      // Comments follow their own minimum.
      for (const auto& spec : specs) {
        auto comments = engine.Comments(tmpl, spec.id, stats.responses.at(spec.id), {"text"});
        EXPECT_EQ(comments.texts.empty(),
                  stats.responses.at(spec.id) < std::max(spec.min_responses, spec.comment_min));
      }
      // In the report, no anonymous group's words show under its name where any of its scores
      // is hidden or it is under its comment minimum; a shown pool mixes two groups or more and
      // meets every member's minimum; the self is never pooled.
      const CommentPlan plan = PlanComments(tmpl, shown, engine.policy());
      for (const auto& spec : specs) {
        bool hidden = false;
        for (const auto* views : {&shown.items, &shown.competencies}) {
          for (const auto& [key, view] : *views) {
            hidden = hidden || view.by_group.at(spec.id).mean.suppressed();
          }
        }
        const int responses = stats.responses.at(spec.id);
        const bool below = responses < std::max(spec.min_responses, spec.comment_min);
        const GroupDisclosure& d = *plan.Find(spec.id);
        const bool by_name = !engine.Comments(plan, spec.id, {"text"}).texts.empty();
        EXPECT_EQ(by_name, d.comments == CommentPlacement::kByName) << spec.id;
        if (spec.id == "self") {
          EXPECT_NE(d.comments, CommentPlacement::kPooled);
        } else if (by_name) {
          EXPECT_FALSE(hidden || below) << spec.id;
        }
        EXPECT_EQ(d.comments == CommentPlacement::kNone, responses == 0) << spec.id;
      }
      if (plan.pool_shown) {
        EXPECT_GE(plan.pool.size(), 2u);
        EXPECT_GE(plan.pool_responses, engine.policy().all_others_minimum);
        int pooled = 0;
        for (const auto& id : plan.pool) {
          pooled += stats.responses.at(id);
          EXPECT_GE(plan.pool_minimum, plan.Find(id)->comment_minimum);
        }
        EXPECT_EQ(pooled, plan.pool_responses);
        EXPECT_GE(plan.pool_responses, plan.pool_minimum);
      }
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(secondary_seen, 50);  // the generator does exercise secondary suppression
}

}  // namespace
}  // namespace soundings
