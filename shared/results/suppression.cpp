#include "shared/results/suppression.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numeric>

#include "shared/results/rounding.h"

namespace soundings {

std::string CellValue::Render(int decimals) const {
  switch (m_state) {
    case State::kShown: {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.*f", std::clamp(decimals, 0, 9),
                    RoundForReport(m_value, decimals));
      return buffer;
    }
    case State::kNotDefined:
      return "not defined";
    case State::kSuppressed:
      return "fewer than " + std::to_string(m_minimum) + "*";
  }
  return "not defined";
}

std::string CellValue::Footnote(int minimum) {
  return "* fewer than " + std::to_string(minimum) +
         " responses, or hidden so that a group of fewer than " + std::to_string(minimum) +
         " cannot be worked out from the other figures.";
}

nlohmann::json CellValue::ToJson(int decimals) const {
  switch (m_state) {
    case State::kShown: {
      // Round as Render does, so JSON and CSV agree; a count (0 decimals) is a JSON integer,
      // 922 and never 922.0.
      return {{"value", JsonNumber(m_value, decimals)}};
    }
    case State::kNotDefined:
      return {{"value", nullptr}, {"status", "not_defined"}};
    case State::kSuppressed:
      return {{"value", nullptr},
              {"status", "suppressed"},
              {"threshold", m_minimum},
              {"text", Render()}};
  }
  return nullptr;
}

SuppressionEngine::SuppressionEngine(SuppressionPolicy policy) : m_policy(policy) {
  m_policy.cell_minimum = std::max(1, m_policy.cell_minimum);
  m_policy.all_others_minimum = std::max(1, m_policy.all_others_minimum);
}

namespace {

using State = CellValue::State;
// Why the engine hides a count. Never part of a CellValue: if readers could tell the two apart,
// a secondary count would be known to be at least the minimum, which can give it away.
enum class Hidden { kNo, kBelowMinimum, kProtects };
constexpr double kEpsilon = 1e-9;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The working state of Protect: which counts are hidden and what a reader can deduce.
class Auditor {
 public:
  Auditor(const std::vector<ProtectedCount>& counts, std::vector<AdditiveRelation> relations,
          AuditDepth depth)
      : m_counts(counts),
        m_relations(std::move(relations)),
        m_depth(depth),
        m_states(counts.size(), Hidden::kNo),
        m_protects(counts.size(), 0) {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i].count < counts[i].minimum) {
        m_states[i] = Hidden::kBelowMinimum;
        m_protects[i] = counts[i].minimum;
      } else if (counts[i].published == ProtectedCount::Published::kHidden) {
        m_states[i] = Hidden::kProtects;
        m_protects[i] = counts[i].minimum;
      }
    }
  }

  // Adds secondary suppression until the audit finds nothing, or nothing more can be hidden.
  // Greedy: the smallest shown count of the relation that gave a hidden one away, unless one of
  // the next few candidates would leave nothing exposed at all.
  void Run() {
    constexpr std::size_t kLookAhead = 4;
    for (std::size_t round = 0; round <= m_counts.size(); ++round) {
      auto exposed = FindExposed();
      if (!exposed) return;
      auto candidates = Candidates(exposed->cell, exposed->relation);
      if (candidates.empty()) return;  // every count near it is hidden already
      std::size_t pick = candidates.front();
      for (std::size_t t = 0; t < candidates.size() && t < kLookAhead; ++t) {
        m_states[candidates[t]] = Hidden::kProtects;
        bool clean = !FindExposed();
        m_states[candidates[t]] = Hidden::kNo;
        if (clean) {
          pick = candidates[t];
          break;
        }
      }
      m_states[pick] = Hidden::kProtects;
      m_protects[pick] = m_counts[exposed->cell].minimum;
    }
  }

  bool hidden(std::size_t i) const { return m_states[i] != Hidden::kNo; }
  int protects(std::size_t i) const { return m_protects[i]; }

 private:
  bool Public(std::size_t i) const {
    return m_counts[i].known_elsewhere ||
           m_counts[i].published == ProtectedCount::Published::kShown;
  }
  bool Unknown(std::size_t i) const { return m_states[i] != Hidden::kNo && !Public(i); }

  struct Exposure {
    std::size_t cell = 0;
    std::optional<std::size_t> relation;  // the relation that gives it away, when it is one alone
  };

  // The first hidden count a reader could work out. A relation with a single unknown is the
  // plainest case and names the relation to fix, so it is looked for first.
  std::optional<Exposure> FindExposed() const {
    std::vector<std::size_t> unknowns;
    for (std::size_t i = 0; i < m_counts.size(); ++i)
      if (Unknown(i)) unknowns.push_back(i);
    if (unknowns.empty()) return std::nullopt;
    for (std::size_t r = 0; r < m_relations.size(); ++r) {
      std::optional<std::size_t> only;
      int unknown_count = 0;
      auto see = [&](int index) {
        if (Unknown(static_cast<std::size_t>(index))) {
          ++unknown_count;
          only = static_cast<std::size_t>(index);
        }
      };
      see(m_relations[r].total);
      for (int m : m_relations[r].members) see(m);
      if (unknown_count == 1) return Exposure{*only, r};
    }
    if (auto cell = DeterminedByEquations(unknowns)) return Exposure{*cell, std::nullopt};
    if (m_depth == AuditDepth::kEquationsAndBounds) {
      std::vector<double> low, high;
      PropagateBounds(low, high);
      for (std::size_t i : unknowns)
        if (high[i] - low[i] < 0.5) return Exposure{i, std::nullopt};
      if (auto cell = PinnedBySearch(unknowns, low, high)) return Exposure{*cell, std::nullopt};
    }
    return std::nullopt;
  }

  // Gaussian elimination over the relations restricted to unknown counts: an unknown is
  // determined when its unit vector lies in the row space.
  std::optional<std::size_t> DeterminedByEquations(const std::vector<std::size_t>& unknowns) const {
    std::vector<int> column(m_counts.size(), -1);
    for (std::size_t j = 0; j < unknowns.size(); ++j) column[unknowns[j]] = static_cast<int>(j);
    std::vector<std::vector<double>> rows;
    for (const auto& relation : m_relations) {
      std::vector<double> row(unknowns.size(), 0);
      bool any = false;
      auto add = [&](int index, double coefficient) {
        if (column[static_cast<std::size_t>(index)] < 0) return;
        row[static_cast<std::size_t>(column[static_cast<std::size_t>(index)])] += coefficient;
        any = true;
      };
      add(relation.total, -1);
      for (int member : relation.members) add(member, 1);
      if (any) rows.push_back(std::move(row));
    }
    // Reduced row echelon form.
    std::vector<std::size_t> pivots;
    std::size_t rank = 0;
    for (std::size_t c = 0; c < unknowns.size() && rank < rows.size(); ++c) {
      std::size_t best = rank;
      for (std::size_t r = rank; r < rows.size(); ++r)
        if (std::fabs(rows[r][c]) > std::fabs(rows[best][c])) best = r;
      if (std::fabs(rows[best][c]) < kEpsilon) continue;
      std::swap(rows[rank], rows[best]);
      double pivot = rows[rank][c];
      for (double& v : rows[rank]) v /= pivot;
      for (std::size_t r = 0; r < rows.size(); ++r) {
        if (r == rank || std::fabs(rows[r][c]) < kEpsilon) continue;
        double factor = rows[r][c];
        for (std::size_t k = 0; k < unknowns.size(); ++k) rows[r][k] -= factor * rows[rank][k];
      }
      pivots.push_back(c);
      ++rank;
    }
    // e_j is in the row space iff some pivot row is exactly e_j (in RREF, e_j reduces to zero only
    // when the pivot row of column j has no other non-zero entry).
    for (std::size_t p = 0; p < pivots.size(); ++p) {
      bool alone = true;
      for (std::size_t k = 0; k < unknowns.size() && alone; ++k)
        if (k != pivots[p] && std::fabs(rows[p][k]) > kEpsilon) alone = false;
      if (alone) return unknowns[pivots[p]];
    }
    return std::nullopt;
  }

  // Interval propagation with what a reader knows of a hidden count: it is a whole number, at
  // least 0. (Every suppressed value reads the same, so it carries no other bound.) Sound: the
  // true counts always lie within the bounds it returns.
  void PropagateBounds(std::vector<double>& low, std::vector<double>& high) const {
    low.assign(m_counts.size(), 0);
    high.assign(m_counts.size(), kInfinity);
    for (std::size_t i = 0; i < m_counts.size(); ++i)
      if (!Unknown(i)) low[i] = high[i] = m_counts[i].count;
    for (int pass = 0; pass < 64; ++pass) {
      bool changed = false;
      for (const auto& relation : m_relations) {
        auto tighten = [&](std::size_t i, double lo, double hi) {
          lo = std::ceil(lo - kEpsilon);
          hi = std::floor(hi + kEpsilon);
          if (lo > low[i] + kEpsilon) {
            low[i] = lo;
            changed = true;
          }
          if (hi < high[i] - kEpsilon) {
            high[i] = hi;
            changed = true;
          }
        };
        double members_low = 0;
        double members_high = 0;
        for (int m : relation.members) {
          members_low += low[static_cast<std::size_t>(m)];
          members_high += high[static_cast<std::size_t>(m)];
        }
        auto t = static_cast<std::size_t>(relation.total);
        if (Unknown(t)) tighten(t, members_low, members_high);
        for (int m : relation.members) {
          auto i = static_cast<std::size_t>(m);
          if (!Unknown(i)) continue;
          // The others' bounds, without inf - inf when a bound is infinite.
          double others_low = members_low - low[i];
          double others_high =
              high[i] == kInfinity ? SumHighExcept(relation, i, high) : members_high - high[i];
          tighten(i, low[t] - others_high, high[t] - others_low);
        }
      }
      if (!changed) break;
    }
  }

  // Interval propagation misses what only whole-number combinations reveal (a cell that is 2 in
  // every integer completion of the table). When the propagated domains are small enough, every
  // completion is enumerated, pruning partial ones that no relation can still satisfy.
  std::optional<std::size_t> PinnedBySearch(const std::vector<std::size_t>& unknowns,
                                            const std::vector<double>& low,
                                            const std::vector<double>& high) const {
    constexpr double kSearchLimit = 1e6;
    double space = 1;
    for (std::size_t i : unknowns) {
      if (high[i] == kInfinity) return std::nullopt;
      space *= high[i] - low[i] + 1;
      if (space > kSearchLimit) return std::nullopt;
    }
    std::vector<std::size_t> order = unknowns;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return high[a] - low[a] < high[b] - low[b]; });
    // Terms of each relation as (index, sign): sum of sign * x = 0.
    std::vector<std::vector<std::pair<std::size_t, double>>> terms;
    std::vector<std::vector<std::size_t>> relations_of(m_counts.size());
    for (const auto& relation : m_relations) {
      std::vector<std::pair<std::size_t, double>> t{{static_cast<std::size_t>(relation.total), -1}};
      for (int m : relation.members) t.emplace_back(static_cast<std::size_t>(m), 1);
      for (const auto& [i, sign] : t) relations_of[i].push_back(terms.size());
      terms.push_back(std::move(t));
    }
    std::vector<double> value(m_counts.size());
    std::vector<bool> assigned(m_counts.size(), true);
    for (std::size_t i = 0; i < m_counts.size(); ++i) value[i] = low[i];
    for (std::size_t i : order) assigned[i] = false;
    std::vector<double> seen_low(m_counts.size(), kInfinity);
    std::vector<double> seen_high(m_counts.size(), -kInfinity);
    std::size_t still_pinned = order.size();  // unknowns seen with a single value so far

    auto feasible = [&](std::size_t relation) {
      double lo = 0;
      double hi = 0;
      for (const auto& [i, sign] : terms[relation]) {
        if (assigned[i]) {
          lo += sign * value[i];
          hi += sign * value[i];
        } else {
          lo += std::min(sign * low[i], sign * high[i]);
          hi += std::max(sign * low[i], sign * high[i]);
        }
      }
      return lo <= kEpsilon && hi >= -kEpsilon;
    };
    std::function<bool(std::size_t)> dfs = [&](std::size_t depth) -> bool {
      if (depth == order.size()) {
        for (std::size_t i : order) {
          bool was_single = seen_low[i] == seen_high[i];
          bool first = seen_low[i] == kInfinity;
          seen_low[i] = std::min(seen_low[i], value[i]);
          seen_high[i] = std::max(seen_high[i], value[i]);
          if (!first && was_single && seen_low[i] != seen_high[i]) --still_pinned;
        }
        return still_pinned == 0;  // every unknown has taken two values: stop, nothing pinned
      }
      std::size_t i = order[depth];
      assigned[i] = true;
      for (double v = low[i]; v <= high[i] + kEpsilon; v += 1) {
        value[i] = v;
        bool ok = true;
        for (std::size_t r : relations_of[i]) ok = ok && feasible(r);
        if (ok && dfs(depth + 1)) {
          assigned[i] = false;
          return true;
        }
      }
      assigned[i] = false;
      return false;
    };
    if (dfs(0)) return std::nullopt;
    for (std::size_t i : order)
      if (seen_low[i] == seen_high[i]) return i;
    return std::nullopt;
  }

  static double SumHighExcept(const AdditiveRelation& relation, std::size_t except,
                              const std::vector<double>& high) {
    double sum = 0;
    for (int m : relation.members)
      if (static_cast<std::size_t>(m) != except) sum += high[static_cast<std::size_t>(m)];
    return sum;
  }

  bool InRelation(const AdditiveRelation& relation, std::size_t i) const {
    return static_cast<std::size_t>(relation.total) == i ||
           std::find(relation.members.begin(), relation.members.end(), static_cast<int>(i)) !=
               relation.members.end();
  }

  // Counts that could be hidden next to protect `exposed`, best first: the shown members of the
  // relation that gave it away, smallest first, then its total; then the same for the other
  // relations holding it (fewest unknowns first); then any shown count sharing a relation with
  // an unknown, smallest first.
  std::vector<std::size_t> Candidates(std::size_t exposed,
                                      std::optional<std::size_t> culprit) const {
    std::vector<const AdditiveRelation*> holding;
    if (culprit) holding.push_back(&m_relations[*culprit]);
    for (const auto& relation : m_relations)
      if (InRelation(relation, exposed) && (!culprit || &relation != holding.front()))
        holding.push_back(&relation);
    auto unknowns_in = [&](const AdditiveRelation* r) {
      int n = Unknown(static_cast<std::size_t>(r->total)) ? 1 : 0;
      for (int m : r->members) n += Unknown(static_cast<std::size_t>(m)) ? 1 : 0;
      return n;
    };
    std::stable_sort(holding.begin() + (culprit ? 1 : 0), holding.end(),
                     [&](auto* a, auto* b) { return unknowns_in(a) < unknowns_in(b); });
    std::vector<std::size_t> out;
    auto add = [&](std::size_t i) {
      if (m_states[i] == Hidden::kNo && !Public(i) &&
          std::find(out.begin(), out.end(), i) == out.end())
        out.push_back(i);
    };
    auto by_count = [&](std::vector<std::size_t> indices) {
      std::stable_sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
        return m_counts[a].count < m_counts[b].count;
      });
      for (std::size_t i : indices) add(i);
    };
    for (const auto* relation : holding) {
      std::vector<std::size_t> members;
      for (int m : relation->members) members.push_back(static_cast<std::size_t>(m));
      by_count(members);
      add(static_cast<std::size_t>(relation->total));
    }
    std::vector<std::size_t> nearby;
    for (const auto& relation : m_relations) {
      bool touches = Unknown(static_cast<std::size_t>(relation.total));
      for (int m : relation.members) touches = touches || Unknown(static_cast<std::size_t>(m));
      if (!touches) continue;
      nearby.push_back(static_cast<std::size_t>(relation.total));
      for (int m : relation.members) nearby.push_back(static_cast<std::size_t>(m));
    }
    by_count(nearby);
    return out;
  }

  const std::vector<ProtectedCount>& m_counts;
  std::vector<AdditiveRelation> m_relations;
  AuditDepth m_depth;
  std::vector<Hidden> m_states;
  std::vector<int> m_protects;
};

}  // namespace

std::vector<CellValue> SuppressionEngine::Protect(const std::vector<ProtectedCount>& counts,
                                                  const std::vector<AdditiveRelation>& relations,
                                                  AuditDepth depth) const {
  auto in_range = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < counts.size(); };
  std::vector<AdditiveRelation> valid;
  for (const auto& relation : relations) {
    if (!in_range(relation.total)) continue;
    AdditiveRelation kept{relation.total, {}};
    for (int m : relation.members)
      if (in_range(m)) kept.members.push_back(m);
    valid.push_back(std::move(kept));
  }
  Auditor auditor(counts, std::move(valid), depth);
  auditor.Run();
  std::vector<CellValue> out;
  out.reserve(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (!auditor.hidden(i)) {
      out.push_back(CellValue(State::kShown, counts[i].count, 0));
    } else {
      out.push_back(CellValue(State::kSuppressed, 0, auditor.protects(i)));
    }
  }
  return out;
}

namespace {

// The published state of each of `totals` from `published`, or all kNo when it does not match.
std::vector<ProtectedCount::Published> PublishedStates(const std::vector<int>& totals,
                                                       const ShownDistribution* published) {
  using Published = ProtectedCount::Published;
  std::vector<Published> out(totals.size(), Published::kNo);
  if (published == nullptr || published->counts.size() != totals.size()) return out;
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const CellValue& v = published->counts[i];
    if (v.shown() && *v.value() != totals[i]) return std::vector<Published>(totals.size());
    out[i] = v.shown() ? Published::kShown : Published::kHidden;
  }
  return out;
}

}  // namespace

ShownCrossTab SuppressionEngine::CrossTab(const ContingencyTable& table,
                                          const ShownDistribution* published_rows,
                                          const ShownDistribution* published_columns) const {
  std::size_t rows = table.counts.size();
  std::size_t columns = table.column_values.size();
  // Layout: cells row-major, then row totals, then column totals, then the grand total.
  std::vector<ProtectedCount> counts;
  std::vector<int> row_totals(rows, 0);
  std::vector<int> column_totals(columns, 0);
  int grand = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      int v = c < table.counts[r].size() ? table.counts[r][c] : 0;
      counts.push_back({v, m_policy.cell_minimum, false});
      row_totals[r] += v;
      column_totals[c] += v;
      grand += v;
    }
  }
  auto cell = [&](std::size_t r, std::size_t c) { return static_cast<int>(r * columns + c); };
  auto row_total = [&](std::size_t r) { return static_cast<int>(rows * columns + r); };
  auto column_total = [&](std::size_t c) { return static_cast<int>(rows * columns + rows + c); };
  int grand_index = static_cast<int>(rows * columns + rows + columns);
  auto row_published = PublishedStates(row_totals, published_rows);
  auto column_published = PublishedStates(column_totals, published_columns);
  for (std::size_t r = 0; r < rows; ++r)
    counts.push_back({row_totals[r], m_policy.cell_minimum, false, row_published[r]});
  for (std::size_t c = 0; c < columns; ++c)
    counts.push_back({column_totals[c], m_policy.cell_minimum, false, column_published[c]});
  // The grand total is public if either distribution shows it.
  using Published = ProtectedCount::Published;
  Published grand_published = Published::kNo;
  for (const ShownDistribution* d : {published_rows, published_columns}) {
    if (d == nullptr || d->total.empty()) continue;
    if (d->total[0].shown() && *d->total[0].value() == grand) {
      grand_published = Published::kShown;
    } else if (!d->total[0].shown() && grand_published == Published::kNo) {
      grand_published = Published::kHidden;
    }
  }
  counts.push_back({grand, m_policy.cell_minimum, false, grand_published});

  std::vector<AdditiveRelation> relations;
  AdditiveRelation by_rows{grand_index, {}};
  AdditiveRelation by_columns{grand_index, {}};
  for (std::size_t r = 0; r < rows; ++r) {
    AdditiveRelation relation{row_total(r), {}};
    for (std::size_t c = 0; c < columns; ++c) relation.members.push_back(cell(r, c));
    relations.push_back(std::move(relation));
    by_rows.members.push_back(row_total(r));
  }
  for (std::size_t c = 0; c < columns; ++c) {
    AdditiveRelation relation{column_total(c), {}};
    for (std::size_t r = 0; r < rows; ++r) relation.members.push_back(cell(r, c));
    relations.push_back(std::move(relation));
    by_columns.members.push_back(column_total(c));
  }
  relations.push_back(std::move(by_rows));
  relations.push_back(std::move(by_columns));

  auto values = Protect(counts, relations, AuditDepth::kEquationsAndBounds);
  std::vector<std::vector<CellValue>> cells;
  bool any_hidden = false;
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<CellValue> row;
    for (std::size_t c = 0; c < columns; ++c) {
      const CellValue& v = values[static_cast<std::size_t>(cell(r, c))];
      any_hidden = any_hidden || v.suppressed();
      row.push_back(v);
    }
    cells.push_back(std::move(row));
  }
  std::vector<CellValue> shown_rows(values.begin() + static_cast<long>(rows * columns),
                                    values.begin() + static_cast<long>(rows * columns + rows));
  std::vector<CellValue> shown_columns(values.begin() + static_cast<long>(rows * columns + rows),
                                       values.begin() + grand_index);
  for (const auto& v : values) any_hidden = any_hidden || v.suppressed();
  std::optional<ChiSquareResult> test;
  if (!any_hidden) {
    if (auto computed = ChiSquareTest(table.counts); computed.ok()) test = computed.value();
  }
  return ShownCrossTab{table.row_values,         table.column_values,
                       std::move(cells),         std::move(shown_rows),
                       std::move(shown_columns), {values[static_cast<std::size_t>(grand_index)]},
                       std::move(test)};
}

ShownDistribution SuppressionEngine::Distribution(const std::vector<std::string>& values,
                                                  const std::vector<int>& counts) const {
  std::size_t size = std::min(values.size(), counts.size());
  std::vector<ProtectedCount> protect;
  AdditiveRelation relation{static_cast<int>(size), {}};
  int total = 0;
  for (std::size_t i = 0; i < size; ++i) {
    protect.push_back({counts[i], m_policy.cell_minimum, false});
    relation.members.push_back(static_cast<int>(i));
    total += counts[i];
  }
  protect.push_back({total, m_policy.cell_minimum, false});
  auto shown = Protect(protect, {relation}, AuditDepth::kEquationsAndBounds);
  ShownDistribution out{
      std::vector<std::string>(values.begin(), values.begin() + static_cast<long>(size)),
      std::vector<CellValue>(shown.begin(), shown.begin() + static_cast<long>(size)),
      {shown.back()}};
  return out;
}

ShownSummary SuppressionEngine::ShowSummary(const Summary& summary, const CellValue& gate) const {
  auto hidden = [&]() { return CellValue(gate.state(), 0, gate.minimum()); };
  auto number = [&](std::optional<double> v) {
    return v ? CellValue(State::kShown, *v, 0) : CellValue(State::kNotDefined, 0, 0);
  };
  std::vector<std::pair<double, CellValue>> distribution;
  for (const auto& [point, count] : summary.distribution)
    distribution.emplace_back(point, gate.shown() ? number(count) : hidden());
  if (!gate.shown())
    return ShownSummary{hidden(), hidden(), hidden(), hidden(), hidden(), std::move(distribution)};
  return ShownSummary{number(summary.n),
                      number(summary.mean),
                      number(summary.sd),
                      number(summary.favourable_pct),
                      number(summary.not_applicable),
                      std::move(distribution)};
}

Shown360 SuppressionEngine::Show360(const Template& tmpl, const Stats360& stats,
                                    std::optional<double> gap_threshold, int ranked) const {
  Shown360 out;
  out.groups = stats.groups;
  out.responses = stats.responses;
  out.item_keys = stats.item_keys;
  out.competency_ids = stats.competency_ids;

  // Layout per item or competency: one count per group, then all others, then (when some
  // responses came from groups the template does not list) those, always hidden.
  auto protect = [&](const GroupSummaries& entry) {
    std::vector<ProtectedCount> counts;
    AdditiveRelation relation;
    int listed = 0;
    for (const auto& group_id : stats.groups) {
      const RaterGroup* group = tmpl.FindRaterGroup(group_id);
      auto it = entry.by_group.find(group_id);
      int n = it == entry.by_group.end() ? 0 : it->second.n;
      int not_applicable = it == entry.by_group.end() ? 0 : it->second.not_applicable;
      int minimum = std::max(1, group == nullptr ? 1 : group->min_responses);
      // A group with no answers at all may be public knowledge (none received, or the item is
      // not asked of it): count it as known, so it is never relied on to protect another group.
      counts.push_back({n, minimum, n == 0 && not_applicable == 0});
      if (group_id != kSelfGroup) {
        relation.members.push_back(static_cast<int>(counts.size() - 1));
        listed += n;
      }
    }
    relation.total = static_cast<int>(counts.size());
    counts.push_back({entry.all_others.n, m_policy.all_others_minimum, false});
    if (int unlisted = entry.all_others.n - listed; unlisted > 0) {
      relation.members.push_back(static_cast<int>(counts.size()));
      counts.push_back({unlisted, unlisted + 1, false});
    }
    // When every group that answered is shown, all others is nothing but shown answers: keep it
    // hidden below its minimum, but hiding a shown group to "protect" it would protect nobody.
    bool hides_someone = false;
    for (int m : relation.members) {
      const auto& member = counts[static_cast<std::size_t>(m)];
      hides_someone = hides_someone || (member.count > 0 && member.count < member.minimum);
    }
    counts[static_cast<std::size_t>(relation.total)].known_elsewhere = !hides_someone;
    auto gates = Protect(counts, {relation}, AuditDepth::kEquations);
    ShownGroups shown{
        {}, ShowSummary(entry.all_others, gates[static_cast<std::size_t>(relation.total)])};
    for (std::size_t g = 0; g < stats.groups.size(); ++g) {
      auto it = entry.by_group.find(stats.groups[g]);
      shown.by_group.emplace(
          stats.groups[g],
          ShowSummary(it == entry.by_group.end() ? Summary{} : it->second, gates[g]));
    }
    return shown;
  };
  for (const auto& [key, entry] : stats.items) out.items.emplace(key, protect(entry));
  for (const auto& [id, entry] : stats.competencies) out.competencies.emplace(id, protect(entry));

  // Gaps and rankings from shown means only.
  auto gap_of = [&](const std::string& key, bool competency, const ShownGroups& entry,
                    const Scale& scale) -> std::optional<Gap> {
    auto self = entry.by_group.find(kSelfGroup);
    if (self == entry.by_group.end() || !self->second.mean.shown() ||
        !entry.all_others.mean.shown())
      return std::nullopt;
    Gap gap;
    gap.key = key;
    gap.competency = competency;
    gap.self = *self->second.mean.value();
    gap.others = *entry.all_others.mean.value();
    gap.gap = gap.self - gap.others;
    gap.threshold = gap_threshold.value_or(DefaultGapThreshold(scale));
    gap.kind = ClassifyGap(gap.self, gap.others, gap.threshold);
    return gap;
  };
  std::vector<Ranked> rankable;
  for (const auto& key : out.item_keys) {
    auto scored = FindScoredItem(tmpl, key);
    if (!scored) continue;
    const ShownGroups& entry = out.items.at(key);
    if (auto gap = gap_of(key, false, entry, *scored->scale)) out.gaps.push_back(*gap);
    if (entry.all_others.mean.shown()) {
      rankable.push_back({key, *entry.all_others.mean.value(),
                          entry.all_others.favourable_pct.value().value_or(0)});
    }
  }
  for (const auto& id : out.competency_ids) {
    for (const auto& section : tmpl.sections) {
      if (section.id != id) continue;
      auto items = ScoredItemsOf(tmpl, section);
      if (items.empty()) continue;
      if (auto gap = gap_of(id, true, out.competencies.at(id), *items.front().scale))
        out.gaps.push_back(*gap);
    }
  }
  out.strengths = RankByOthers(rankable, ranked, true);
  out.development_areas = RankByOthers(rankable, ranked, false);
  return out;
}

ShownComments SuppressionEngine::Comments(const Template& tmpl, const std::string& group_id,
                                          int group_responses,
                                          std::vector<std::string> texts) const {
  const RaterGroup* group = tmpl.FindRaterGroup(group_id);
  if (group == nullptr)
    return ShownComments{group_id, CellValue(State::kSuppressed, 0, group_responses + 1), {}};
  int minimum = std::max({1, group->min_responses, group->comment_min_responses});
  if (group_responses < minimum)
    return ShownComments{group_id, CellValue(State::kSuppressed, 0, minimum), {}};
  std::sort(texts.begin(), texts.end());
  auto count = static_cast<double>(texts.size());
  return ShownComments{group_id, CellValue(State::kShown, count, 0), std::move(texts)};
}

CellValue SuppressionEngine::Ratio(const CellValue& part, const CellValue& whole,
                                   double scale) const {
  if (part.suppressed()) return {part.state(), 0, part.minimum()};
  if (whole.suppressed()) return {whole.state(), 0, whole.minimum()};
  if (!part.shown() || !whole.shown() || *whole.value() == 0) return {State::kNotDefined, 0, 0};
  return {State::kShown, *part.value() / *whole.value() * scale, 0};
}

}  // namespace soundings
