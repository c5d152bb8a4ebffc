#include "shared/results/disclosure.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <set>
#include <unordered_map>

#include "shared/results/linear_bounds.h"

namespace soundings {

// ---------------------------------------------------------------------------------------------
// Dimensions

DisclosureDimension::DisclosureDimension(std::string name, std::string total_code)
    : m_name(std::move(name)) {
  m_categories.push_back(Category{std::move(total_code), -1, std::nullopt, {}, false, {}});
}

int DisclosureDimension::Add(const std::string& code, int parent, std::optional<double> score) {
  const int index = size();
  m_categories.push_back(Category{code, parent, score, {}, false, {}});
  if (parent >= 0 && parent < index)
    m_categories[static_cast<std::size_t>(parent)].children.push_back(index);
  return index;
}

int DisclosureDimension::AddGrouping(const std::string& code, const std::vector<int>& parts) {
  const int index = size();
  m_categories.push_back(Category{code, -1, std::nullopt, {}, true, {}});
  m_extra_splits.emplace_back(index, parts);
  return index;
}

void DisclosureDimension::AddSplit(int parent, const std::vector<int>& children) {
  m_extra_splits.emplace_back(parent, children);
}

void DisclosureDimension::SetMinimum(int category, int minimum) {
  if (category >= 0 && category < size())
    m_categories[static_cast<std::size_t>(category)].minimum = std::max(1, minimum);
}

void DisclosureDimension::SetAnswers(int population) { m_population = population; }

std::optional<int> DisclosureDimension::Find(const std::string& code) const {
  for (int i = 0; i < size(); ++i)
    if (m_categories[static_cast<std::size_t>(i)].code == code) return i;
  return std::nullopt;
}

bool DisclosureDimension::leaf(int index) const {
  const auto& c = m_categories.at(static_cast<std::size_t>(index));
  return !c.grouping && c.children.empty();
}

// ---------------------------------------------------------------------------------------------
// The model

namespace {

constexpr double kTolerance = 1e-6;

struct KeyHash {
  std::size_t operator()(const CellKey& key) const {
    std::size_t h = 1469598103934665603ull;
    for (int v : key) h = (h ^ static_cast<std::size_t>(v + 1)) * 1099511628211ull;
    return h;
  }
};

// Calls `each` with every combination of one value from each list (lists in order).
void ForEachCombination(const std::vector<const std::vector<int>*>& lists,
                        const std::function<void(const std::vector<int>&)>& each) {
  for (const auto* list : lists)
    if (list->empty()) return;
  std::vector<std::size_t> at(lists.size(), 0);
  std::vector<int> values(lists.size());
  for (std::size_t i = 0; i < lists.size(); ++i) values[i] = (*lists[i])[0];
  while (true) {
    each(values);
    std::size_t i = lists.size();
    while (i > 0) {
      --i;
      if (++at[i] < lists[i]->size()) {
        values[i] = (*lists[i])[at[i]];
        break;
      }
      at[i] = 0;
      values[i] = (*lists[i])[0];
      if (i == 0) return;
    }
    if (lists.empty()) return;
  }
}

}  // namespace

DisclosureModel::DisclosureModel(DisclosureOptions options) : m_options(options) {
  m_options.cell_minimum = std::max(1, m_options.cell_minimum);
  m_options.count_width = std::max(1, m_options.count_width);
  m_options.answer_width = std::max(1, m_options.answer_width);
  m_options.sum_width = std::max(0.0, m_options.sum_width);
}

Result<int> DisclosureModel::AddDimension(DisclosureDimension dimension) {
  const std::string where = "dimensions[" + std::to_string(m_dimensions.size()) + "]";
  if (!m_records.empty() || !m_tables.empty())
    return Problem{where, "Dimensions must all be added before any record or table."};
  const int n = dimension.size();
  auto& categories = dimension.m_categories;
  std::set<std::string> codes;
  for (int i = 0; i < n; ++i) {
    const auto& c = categories[static_cast<std::size_t>(i)];
    if (!codes.insert(c.code).second)
      return Problem{where + "." + c.code, "The code \"" + c.code + "\" is used twice."};
    if (i > 0 && !c.grouping &&
        (c.parent < 0 || c.parent >= i || categories[static_cast<std::size_t>(c.parent)].grouping))
      return Problem{where + "." + c.code,
                     "The category's parent must be an earlier category that is not a grouping."};
  }
  if (dimension.m_population && (*dimension.m_population < 0 || *dimension.m_population >= n))
    return Problem{where, "The answers' population is not a category of the dimension."};
  // Leaves in index order, then the leaves under every category.
  std::vector<int> leaf_category;
  std::vector<int> ordinal(static_cast<std::size_t>(n), -1);
  for (int i = 0; i < n; ++i) {
    if (dimension.leaf(i)) {
      ordinal[static_cast<std::size_t>(i)] = static_cast<int>(leaf_category.size());
      leaf_category.push_back(i);
    }
  }
  std::vector<std::vector<int>> leaves(static_cast<std::size_t>(n));
  std::vector<int> state(static_cast<std::size_t>(n), 0);  // 0 new, 1 in progress, 2 done
  std::vector<std::pair<int, std::vector<int>>> splits;
  for (int i = 0; i < n; ++i)
    if (!categories[static_cast<std::size_t>(i)].children.empty())
      splits.emplace_back(i, categories[static_cast<std::size_t>(i)].children);
  for (const auto& s : dimension.m_extra_splits) splits.push_back(s);
  for (const auto& [parent, children] : splits) {
    if (parent < 0 || parent >= n) return Problem{where, "A split names an unknown category."};
    for (int c : children)
      if (c < 0 || c >= n || c == parent)
        return Problem{where + "." + categories[static_cast<std::size_t>(parent)].code,
                       "A split names an unknown category or the category itself."};
  }
  std::function<bool(int)> collect = [&](int i) -> bool {
    auto& s = state[static_cast<std::size_t>(i)];
    if (s == 2) return true;
    if (s == 1) return false;  // a grouping made of itself
    s = 1;
    std::vector<int> out;
    const auto& c = categories[static_cast<std::size_t>(i)];
    if (ordinal[static_cast<std::size_t>(i)] >= 0)
      out.push_back(ordinal[static_cast<std::size_t>(i)]);
    std::vector<int> parts = c.children;
    if (c.grouping)
      for (const auto& [parent, children] : dimension.m_extra_splits)
        if (parent == i) parts.insert(parts.end(), children.begin(), children.end());
    for (int p : parts) {
      if (!collect(p)) return false;
      const auto& l = leaves[static_cast<std::size_t>(p)];
      out.insert(out.end(), l.begin(), l.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    leaves[static_cast<std::size_t>(i)] = std::move(out);
    s = 2;
    return true;
  };
  for (int i = 0; i < n; ++i)
    if (!collect(i))
      return Problem{where + "." + categories[static_cast<std::size_t>(i)].code,
                     "A grouping is made of itself."};
  for (const auto& [parent, children] : splits) {
    std::vector<int> together;
    for (int c : children) {
      const auto& l = leaves[static_cast<std::size_t>(c)];
      together.insert(together.end(), l.begin(), l.end());
    }
    std::sort(together.begin(), together.end());
    if (std::adjacent_find(together.begin(), together.end()) != together.end() ||
        together != leaves[static_cast<std::size_t>(parent)])
      return Problem{where + "." + categories[static_cast<std::size_t>(parent)].code,
                     "The parts of \"" + categories[static_cast<std::size_t>(parent)].code +
                         "\" must hold each of its people exactly once."};
  }
  m_leaves.push_back(std::move(leaves));
  m_leaf_category.push_back(std::move(leaf_category));
  m_dimensions.push_back(std::move(dimension));
  return static_cast<int>(m_dimensions.size()) - 1;
}

Status DisclosureModel::AddRecord(const CellKey& leaves, std::int64_t count) {
  if (leaves.size() != m_dimensions.size())
    return Problem{"record", "A record needs one category for each of the " +
                                 std::to_string(m_dimensions.size()) + " dimensions."};
  for (std::size_t d = 0; d < leaves.size(); ++d) {
    if (leaves[d] < 0 || leaves[d] >= m_dimensions[d].size() || !m_dimensions[d].leaf(leaves[d]))
      return Problem{"record." + m_dimensions[d].name(),
                     "A record's category must be a leaf of the dimension."};
  }
  if (count < 0) return Problem{"record", "A record cannot count fewer than 0 people."};
  if (count > 0) m_records[leaves] += count;
  return Ok{};
}

Result<int> DisclosureModel::AddTable(DisclosureTable table) {
  const std::string where = "tables[" + std::to_string(m_tables.size()) + "] (" + table.name + ")";
  std::set<int> seen;
  int scored_axes = 0;
  for (const auto& [d, categories] : table.axes) {
    if (d < 0 || d >= static_cast<int>(m_dimensions.size()))
      return Problem{where, "An axis names an unknown dimension."};
    if (!seen.insert(d).second) return Problem{where, "An axis names a dimension twice."};
    if (categories.empty()) return Problem{where, "An axis shows no category."};
    bool scored = false;
    for (int c : categories) {
      if (c < 0 || c >= m_dimensions[static_cast<std::size_t>(d)].size())
        return Problem{where, "An axis names an unknown category of " +
                                  m_dimensions[static_cast<std::size_t>(d)].name() + "."};
      for (int leaf : m_leaves[static_cast<std::size_t>(d)][static_cast<std::size_t>(c)])
        scored =
            scored ||
            m_dimensions[static_cast<std::size_t>(d)]
                .score(m_leaf_category[static_cast<std::size_t>(d)][static_cast<std::size_t>(leaf)])
                .has_value();
    }
    scored_axes += scored ? 1 : 0;
  }
  if (table.sums && scored_axes != 1)
    return Problem{where, "A table with sums needs exactly one axis of scored answers."};
  m_tables.push_back(std::move(table));
  return static_cast<int>(m_tables.size()) - 1;
}

bool DisclosureModel::Covers(int d, int a, int b) const {
  const auto& la = m_leaves[static_cast<std::size_t>(d)][static_cast<std::size_t>(a)];
  const auto& lb = m_leaves[static_cast<std::size_t>(d)][static_cast<std::size_t>(b)];
  return std::includes(la.begin(), la.end(), lb.begin(), lb.end());
}

std::int64_t DisclosureModel::CountOf(const CellKey& key) const {
  std::int64_t total = 0;
  for (const auto& [leaves, count] : m_records) {
    bool in = true;
    for (std::size_t d = 0; d < key.size() && in; ++d)
      in = key[d] == 0 || Covers(static_cast<int>(d), key[d], leaves[d]);
    if (in) total += count;
  }
  return total;
}

double DisclosureModel::SumOf(const CellKey& key, int scored) const {
  double total = 0;
  for (const auto& [leaves, count] : m_records) {
    bool in = true;
    for (std::size_t d = 0; d < key.size() && in; ++d)
      in = key[d] == 0 || Covers(static_cast<int>(d), key[d], leaves[d]);
    auto score = m_dimensions[static_cast<std::size_t>(scored)].score(
        leaves[static_cast<std::size_t>(scored)]);
    if (in && score) total += *score * static_cast<double>(count);
  }
  return total;
}

int DisclosureModel::MinimumOf(const CellKey& key) const {
  std::optional<int> found;
  for (std::size_t d = 0; d < key.size(); ++d) {
    const auto& dimension = m_dimensions[d];
    // The nearest category at or above key[d] (main hierarchy) that sets a minimum.
    for (int c = key[d]; c >= 0; c = dimension.m_categories[static_cast<std::size_t>(c)].parent) {
      const auto& m = dimension.m_categories[static_cast<std::size_t>(c)].minimum;
      if (m) {
        found = std::max(found.value_or(1), *m);
        break;
      }
    }
  }
  return found.value_or(m_options.cell_minimum);
}

CellKey DisclosureModel::PopulationOf(const CellKey& key) const {
  CellKey out = key;
  for (std::size_t d = 0; d < key.size(); ++d) {
    const auto& population = m_dimensions[d].population();
    if (!population || key[d] == 0) continue;
    out[d] = Covers(static_cast<int>(d), *population, key[d]) ? *population : 0;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The solver: builds the cells of every table and their cross-classifications, then suppresses.

struct DisclosureModel::Solver {
  const DisclosureModel& model;
  std::vector<bool> readable_table;
  std::size_t dims = 0;

  struct Cell {
    CellKey key;
    std::int64_t value = 0;
    double sum = 0;
    int minimum = 1;
    int pop = -1;      // the cell deciding its size (itself when not an answer cell)
    int sum_dim = -1;  // dimension whose scores it sums, when protected as a sum
    bool readable = false;
    bool always = false;
    bool shows_sum = false;    // in a readable table with sums
    bool answers = false;      // an answer dimension is not at its total
    bool sensitive = false;    // people in it, and its group under its minimum
    bool audit_count = false;  // its count must keep its width (answer counts: scored ones)
    bool audit_sum = false;    // its sum of scores must keep its width
    bool suppressed = false;
    bool primary = false;
    int equation = -1;  // one equation giving it as a sum of atoms (none: it is an atom)
  };
  std::vector<Cell> cells;
  std::unordered_map<CellKey, int, KeyHash> index;

  // cells[cell] = sum of cells[atoms]
  struct Equation {
    int cell = 0;
    std::vector<int> atoms;
    int space = -1;  // the atom space it is written over
  };
  std::vector<Equation> equations;  // each written cell as the sum of its atoms
  // What the reader's linear system is made of: every split between cells present (a parent and
  // its parts, one level), and the atom equation of each cell that splits do not reach down to
  // atoms. Equivalent to the atom equations, but a relation whose cells are all published drops
  // out, so hidden cells fall into small independent parts (as HiTaS's subtables do).
  std::vector<Equation> relations;
  std::vector<std::vector<int>> relations_of;   // cell -> relations naming it
  std::vector<std::vector<int>> sum_owners_of;  // atom -> cells whose sum of scores holds it
  std::vector<std::vector<int>> sum_points;     // cell -> its scored answers' cells (or none)
  // Relations parent = sum of children between cells of the model's splits.
  std::vector<std::vector<int>> splits;  // [0] parent, then children
  std::vector<std::vector<int>> splits_of;
  bool joint = false;
  int programmes = 0;
  std::vector<CellKey> unprotected;
  std::set<int> given_up;

  Solver(const DisclosureModel& m, const std::vector<int>& readable)
      : model(m), readable_table(m.m_tables.size(), false), dims(m.m_dimensions.size()) {
    for (int t : readable) readable_table[static_cast<std::size_t>(t)] = true;
  }

  int Insert(const CellKey& key) {
    auto [it, fresh] = index.emplace(key, static_cast<int>(cells.size()));
    if (fresh) {
      Cell c;
      c.key = key;
      cells.push_back(std::move(c));
    }
    return it->second;
  }

  const std::vector<int>& Leaves(std::size_t d, int category) const {
    return model.m_leaves[d][static_cast<std::size_t>(category)];
  }
  int LeafCategory(std::size_t d, int ordinal) const {
    return model.m_leaf_category[d][static_cast<std::size_t>(ordinal)];
  }

  // Whether every coordinate of `key` on `space` is a leaf and every other one is the total.
  bool IsAtom(const CellKey& key, const std::vector<int>& space) const {
    for (std::size_t d = 0; d < dims; ++d) {
      const bool in_space =
          std::find(space.begin(), space.end(), static_cast<int>(d)) != space.end();
      if (in_space ? !model.m_dimensions[d].leaf(key[d]) : key[d] != 0) return false;
    }
    return true;
  }

  void Build() {
    // The dimensions the tables use, and whether their joint cross-classification is small.
    std::set<int> used;
    for (const auto& table : model.m_tables)
      for (const auto& axis : table.axes) used.insert(axis.first);
    std::vector<int> joint_space(used.begin(), used.end());
    double joint_size = 1;
    for (int d : joint_space)
      joint_size *= static_cast<double>(Leaves(static_cast<std::size_t>(d), 0).size());
    joint = joint_size <= static_cast<double>(model.m_options.joint_limit);

    std::vector<std::vector<int>> spaces;   // atom spaces in use
    std::vector<int> space_of;              // cell -> atom space it was written over
    std::set<std::pair<int, int>> written;  // (cell, space) with an equation
    auto space_id = [&](const std::vector<int>& space) {
      auto it = std::find(spaces.begin(), spaces.end(), space);
      if (it != spaces.end()) return static_cast<int>(it - spaces.begin());
      spaces.push_back(space);
      return static_cast<int>(spaces.size()) - 1;
    };
    auto insert = [&](const CellKey& key, int space) {
      const int cell = Insert(key);
      if (space_of.size() < cells.size()) space_of.resize(cells.size(), space);
      return cell;
    };
    auto add_equation = [&](int cell, int space_index) {
      const auto& space = spaces[static_cast<std::size_t>(space_index)];
      if (IsAtom(cells[static_cast<std::size_t>(cell)].key, space)) return;
      if (!written.emplace(cell, space_index).second) return;
      std::vector<std::vector<int>> categories(space.size());
      for (std::size_t i = 0; i < space.size(); ++i) {
        const auto d = static_cast<std::size_t>(space[i]);
        for (int leaf : Leaves(d, cells[static_cast<std::size_t>(cell)].key[d]))
          categories[i].push_back(LeafCategory(d, leaf));
      }
      std::vector<const std::vector<int>*> lists;
      lists.reserve(categories.size());
      for (const auto& c : categories) lists.push_back(&c);
      Equation equation{cell, {}, space_index};
      ForEachCombination(lists, [&](const std::vector<int>& values) {
        CellKey key(dims, 0);
        for (std::size_t i = 0; i < space.size(); ++i)
          key[static_cast<std::size_t>(space[i])] = values[i];
        equation.atoms.push_back(insert(key, space_index));
      });
      if (cells[static_cast<std::size_t>(cell)].equation < 0)
        cells[static_cast<std::size_t>(cell)].equation = static_cast<int>(equations.size());
      equations.push_back(std::move(equation));
    };

    for (std::size_t t = 0; t < model.m_tables.size(); ++t) {
      const auto& table = model.m_tables[t];
      std::vector<int> space;
      if (joint) {
        space = joint_space;
      } else {
        for (const auto& axis : table.axes) space.push_back(axis.first);
        std::sort(space.begin(), space.end());
      }
      const int s = space_id(space);
      std::vector<const std::vector<int>*> lists;
      for (const auto& axis : table.axes) lists.push_back(&axis.second);
      ForEachCombination(lists, [&](const std::vector<int>& values) {
        CellKey key(dims, 0);
        for (std::size_t i = 0; i < table.axes.size(); ++i)
          key[static_cast<std::size_t>(table.axes[i].first)] = values[i];
        const int cell = insert(key, s);
        auto& c = cells[static_cast<std::size_t>(cell)];
        if (readable_table[t]) {
          c.readable = true;
          if (table.sums) c.shows_sum = true;
        }
        if (table.always_shown) c.always = true;
        add_equation(cell, s);
      });
    }
    // Every cell's population cell is in the model too, written over the same atoms.
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const int space = space_of[i];
      const int pop = insert(model.PopulationOf(cells[i].key), space);
      cells[i].pop = pop;
      add_equation(pop, space);
    }
    // Values: each atom of a space from the records (a record falls in one atom of each space),
    // then every other cell as the sum of its atoms.
    std::vector<char> projected(cells.size(), 0);
    for (const auto& [leaves, count] : model.m_records) {
      std::vector<int> hits;
      for (const auto& space : spaces) {
        CellKey key(dims, 0);
        for (int d : space) key[static_cast<std::size_t>(d)] = leaves[static_cast<std::size_t>(d)];
        auto it = index.find(key);
        if (it != index.end()) hits.push_back(it->second);
      }
      std::sort(hits.begin(), hits.end());
      hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
      for (int h : hits) cells[static_cast<std::size_t>(h)].value += count;
    }
    for (std::size_t i = 0; i < cells.size(); ++i)
      for (const auto& space : spaces)
        if (IsAtom(cells[i].key, space)) projected[i] = 1;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      auto& c = cells[i];
      if (projected[i] || c.equation < 0) continue;
      std::int64_t total = 0;
      for (int a : equations[static_cast<std::size_t>(c.equation)].atoms)
        total += cells[static_cast<std::size_t>(a)].value;
      c.value = total;
    }
    // Minimums, answers, sums and sensitivity.
    for (std::size_t i = 0; i < cells.size(); ++i) {
      auto& c = cells[i];
      c.minimum = model.MinimumOf(c.key);
      int scored_dims = 0;
      for (std::size_t d = 0; d < dims; ++d) {
        if (c.key[d] == 0) continue;
        if (model.m_dimensions[d].answers()) c.answers = true;
        bool scored = false;
        for (int leaf : Leaves(d, c.key[d]))
          scored = scored || model.m_dimensions[d].score(LeafCategory(d, leaf)).has_value();
        if (scored) {
          ++scored_dims;
          c.sum_dim = static_cast<int>(d);
        }
      }
      if (scored_dims != 1) c.sum_dim = -1;
      if (c.sum_dim >= 0) c.sum = SumOfCell(static_cast<int>(i));
    }
    for (auto& c : cells) {
      const std::int64_t size = cells[static_cast<std::size_t>(c.pop)].value;
      c.sensitive = !c.always && c.value > 0 && size > 0 && size < c.minimum;
      // Of a group's answers, what it said is protected: each scored answer's count and the
      // sum. Whether it answered at all (n, skipped, "n/a") goes with the group, hidden when it
      // is, but is not audited: responses received are public, and requiring doubt about "both
      // staff answered" would hide every all-others figure whenever nobody skipped.
      bool scored_leaf = false;
      for (std::size_t d = 0; d < dims; ++d)
        if (c.key[d] != 0 && model.m_dimensions[d].answers() &&
            model.m_dimensions[d].leaf(c.key[d]))
          scored_leaf = scored_leaf || model.m_dimensions[d].score(c.key[d]).has_value();
      c.audit_count = c.sensitive && (!c.answers || scored_leaf);
      c.audit_sum = c.sensitive && c.sum_dim >= 0 && !scored_leaf &&
                    !model.m_dimensions[static_cast<std::size_t>(c.sum_dim)].leaf(
                        c.key[static_cast<std::size_t>(c.sum_dim)]);
    }
    // Splits between cells: a parent and all its parts present.
    splits_of.assign(cells.size(), {});
    for (std::size_t i = 0; i < cells.size(); ++i) {
      for (std::size_t d = 0; d < dims; ++d) {
        const auto& dimension = model.m_dimensions[d];
        std::vector<std::vector<int>> parts;
        const auto& category = dimension.m_categories[static_cast<std::size_t>(cells[i].key[d])];
        if (!category.children.empty()) parts.push_back(category.children);
        for (const auto& [parent, children] : dimension.m_extra_splits)
          if (parent == cells[i].key[d]) parts.push_back(children);
        for (const auto& children : parts) {
          std::vector<int> relation{static_cast<int>(i)};
          for (int child : children) {
            CellKey key = cells[i].key;
            key[d] = child;
            auto it = index.find(key);
            if (it == index.end()) break;
            relation.push_back(it->second);
          }
          if (relation.size() != children.size() + 1) continue;
          for (int member : relation)
            splits_of[static_cast<std::size_t>(member)].push_back(static_cast<int>(splits.size()));
          splits.push_back(std::move(relation));
        }
      }
    }
    // Each (cell, atom space) the splits reach down to that space's atoms needs no atom
    // equation of its own; the others keep theirs (a cell written over two spaces, say a
    // question's count in its by-venue and its by-segment tables, links them only through both).
    std::vector<std::vector<int>> written_of(cells.size());
    for (std::size_t e = 0; e < equations.size(); ++e)
      written_of[static_cast<std::size_t>(equations[e].cell)].push_back(static_cast<int>(e));
    std::vector<char> resolved(equations.size(), 0);
    auto reaches = [&](int cell, int space) {
      if (IsAtom(cells[static_cast<std::size_t>(cell)].key,
                 spaces[static_cast<std::size_t>(space)]))
        return true;
      for (int e : written_of[static_cast<std::size_t>(cell)])
        if (equations[static_cast<std::size_t>(e)].space == space &&
            resolved[static_cast<std::size_t>(e)])
          return true;
      return false;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& split : splits) {
        for (int e : written_of[static_cast<std::size_t>(split[0])]) {
          if (resolved[static_cast<std::size_t>(e)]) continue;
          const int space = equations[static_cast<std::size_t>(e)].space;
          bool all = true;
          for (std::size_t k = 1; k < split.size() && all; ++k) all = reaches(split[k], space);
          if (!all) continue;
          resolved[static_cast<std::size_t>(e)] = 1;
          changed = true;
        }
      }
    }
    for (const auto& split : splits)
      relations.push_back(Equation{split[0], std::vector<int>(split.begin() + 1, split.end()), -1});
    for (std::size_t e = 0; e < equations.size(); ++e)
      if (!resolved[e]) relations.push_back(equations[e]);
    relations_of.assign(cells.size(), {});
    for (std::size_t r = 0; r < relations.size(); ++r) {
      relations_of[static_cast<std::size_t>(relations[r].cell)].push_back(static_cast<int>(r));
      for (int a : relations[r].atoms)
        relations_of[static_cast<std::size_t>(a)].push_back(static_cast<int>(r));
    }
    sum_terms.assign(cells.size(), {});
    for (std::size_t i = 0; i < cells.size(); ++i)
      sum_terms[i] = ComputeSumTerms(static_cast<int>(i));
    // The cells of each sum's scored answers one by one: when all of them are published the
    // sum adds nothing (n·mean is their weighted total) and is left out of the reader's system,
    // which keeps a published organisation-wide sum from tying every hidden cell together.
    sum_points.assign(cells.size(), {});
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const int d = cells[i].sum_dim;
      if (d < 0) continue;
      const auto& dimension = model.m_dimensions[static_cast<std::size_t>(d)];
      bool complete = true;
      for (int leaf :
           Leaves(static_cast<std::size_t>(d), cells[i].key[static_cast<std::size_t>(d)])) {
        const int category = LeafCategory(static_cast<std::size_t>(d), leaf);
        if (!dimension.score(category)) continue;
        CellKey key = cells[i].key;
        key[static_cast<std::size_t>(d)] = category;
        auto it = index.find(key);
        if (it == index.end()) {
          complete = false;
          break;
        }
        sum_points[i].push_back(it->second);
      }
      if (!complete) sum_points[i].clear();
    }
    sum_owners_of.assign(cells.size(), {});
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!cells[i].shows_sum || cells[i].sum_dim < 0) continue;
      for (const auto& [atom, score] : SumTerms(static_cast<int>(i)))
        sum_owners_of[static_cast<std::size_t>(atom)].push_back(static_cast<int>(i));
    }
  }

  double SumOfCell(int cell) const {
    const auto& c = cells[static_cast<std::size_t>(cell)];
    if (c.sum_dim < 0) return 0;
    auto score_of = [&](const CellKey& key) {
      return model.m_dimensions[static_cast<std::size_t>(c.sum_dim)]
          .score(key[static_cast<std::size_t>(c.sum_dim)])
          .value_or(0);
    };
    if (c.equation < 0) return score_of(c.key) * static_cast<double>(c.value);
    double total = 0;
    for (int a : equations[static_cast<std::size_t>(c.equation)].atoms)
      total += score_of(cells[static_cast<std::size_t>(a)].key) *
               static_cast<double>(cells[static_cast<std::size_t>(a)].value);
    return total;
  }

  // The score of each atom of `cell`'s equation for its sum (atoms without a score count 0).
  // Cached by Build for every cell with a sum (ComputeSumTerms).
  std::vector<std::vector<std::pair<int, double>>> sum_terms;
  const std::vector<std::pair<int, double>>& SumTerms(int cell) const {
    return sum_terms[static_cast<std::size_t>(cell)];
  }

  std::vector<std::pair<int, double>> ComputeSumTerms(int cell) const {
    const auto& c = cells[static_cast<std::size_t>(cell)];
    std::vector<std::pair<int, double>> out;
    if (c.sum_dim < 0) return out;
    auto score_of = [&](int atom) {
      return model.m_dimensions[static_cast<std::size_t>(c.sum_dim)]
          .score(cells[static_cast<std::size_t>(atom)].key[static_cast<std::size_t>(c.sum_dim)])
          .value_or(0);
    };
    if (c.equation < 0) {
      out.emplace_back(cell, score_of(cell));
      return out;
    }
    for (int a : equations[static_cast<std::size_t>(c.equation)].atoms) {
      const double s = score_of(a);
      if (s != 0) out.emplace_back(a, s);
    }
    return out;
  }

  bool Published(int i) const {
    const auto& c = cells[static_cast<std::size_t>(i)];
    return c.always ? c.readable : (c.readable && !c.suppressed);
  }

  // Hides `cell`, or for an answer count the count of its group (the figures of a group go
  // together), then every answer count whose group is hidden.
  void Suppress(int cell) {
    auto& c = cells[static_cast<std::size_t>(cell)];
    int target = cell;
    if (c.answers && c.pop != cell && cells[static_cast<std::size_t>(c.pop)].readable &&
        !cells[static_cast<std::size_t>(c.pop)].always)
      target = c.pop;
    cells[static_cast<std::size_t>(target)].suppressed = true;
    Gate();
  }

  void Gate() {
    for (auto& c : cells) {
      if (!c.readable || c.always || c.suppressed || !c.answers) continue;
      const auto& p = cells[static_cast<std::size_t>(c.pop)];
      if (p.suppressed || p.sensitive) c.suppressed = true;
    }
  }

  void Primary() {
    for (auto& c : cells) {
      if (c.readable && c.sensitive && !c.always) {
        c.suppressed = true;
        c.primary = true;
      }
    }
    Gate();
  }

  // A cell that may be hidden to protect another, and what hiding it costs.
  bool Candidate(int i) const {
    const auto& c = cells[static_cast<std::size_t>(i)];
    return c.readable && !c.always && !c.suppressed;
  }
  std::int64_t Cost(int i) const {
    const auto& c = cells[static_cast<std::size_t>(i)];
    if (c.answers && c.pop != i && cells[static_cast<std::size_t>(c.pop)].readable)
      return cells[static_cast<std::size_t>(c.pop)].value;
    return c.value;
  }
  // Cheapest first; hiding a zero protects little, so zeros come last.
  bool Cheaper(int a, int b) const {
    const auto ca = Cost(a);
    const auto cb = Cost(b);
    if ((ca == 0) != (cb == 0)) return cb == 0;
    if (ca != cb) return ca < cb;
    return a < b;
  }

  // Hypercube-style first pass: a relation holding exactly one unknown that is protected or
  // hidden gives it away, so one more of its cells is hidden, the cheapest.
  void Heuristic() {
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& relation : splits) {
        int unknown = 0;
        int lone = -1;
        for (int m : relation) {
          if (!Published(m)) {
            ++unknown;
            lone = m;
          }
        }
        if (unknown != 1) continue;
        const auto& c = cells[static_cast<std::size_t>(lone)];
        if (!c.sensitive && !c.suppressed) continue;
        int best = -1;
        for (int m : relation)
          if (Candidate(m) && (best < 0 || Cheaper(m, best))) best = m;
        if (best < 0) continue;
        Suppress(best);
        changed = true;
      }
    }
  }

  // ---- the audit

  // Marks of the cells a walk has seen (a cell is seen when its mark is the walk's number), so a
  // walk costs what it visits, not the model's size.
  mutable std::vector<std::uint64_t> stamp;
  mutable std::uint64_t generation = 0;

  // The unknown cells connected to `starts` through relations and published sums (every
  // published cell is a constant), sorted; `known` says what the reader knows.
  std::vector<int> Component(const std::vector<int>& starts,
                             const std::function<bool(int)>& known) const {
    std::vector<int> out;
    if (stamp.size() != cells.size()) stamp.assign(cells.size(), 0);
    const std::uint64_t now = ++generation;
    std::vector<int> stack;
    auto visit = [&](int j) {
      auto& seen = stamp[static_cast<std::size_t>(j)];
      if (seen == now || known(j)) return;
      seen = now;
      stack.push_back(j);
    };
    for (int s : starts) visit(s);
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      out.push_back(i);
      for (int r : relations_of[static_cast<std::size_t>(i)]) {
        const auto& relation = relations[static_cast<std::size_t>(r)];
        visit(relation.cell);
        for (int a : relation.atoms) visit(a);
      }
      // A published sum ties the unknown atoms of its cell together.
      for (int owner : sum_owners_of[static_cast<std::size_t>(i)]) {
        if (!known(owner) || SumImplied(owner, known)) continue;
        for (const auto& [atom, score] : SumTerms(owner)) visit(atom);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Whether a published sum follows from published counts of each scored answer.
  bool SumImplied(int owner, const std::function<bool(int)>& known) const {
    const auto& points = sum_points[static_cast<std::size_t>(owner)];
    if (points.empty()) return false;
    for (int p : points)
      if (!known(p)) return false;
    return true;
  }

  // The reader's linear system over `component` (unknown cells), with everything `known` as
  // constants; `variable` gets each cell's unknown number.
  // With `listed_unknown`, every listed cell is a variable even when the reader knows it (the
  // caller pins those it tries hiding).
  LinearSystem System(const std::vector<int>& component, const std::function<bool(int)>& known,
                      std::unordered_map<int, int>& variable, bool listed_unknown = false) const {
    LinearSystem system;
    variable.clear();
    const int first = system.AddVariables(static_cast<int>(component.size()));
    for (std::size_t k = 0; k < component.size(); ++k)
      variable[component[k]] = first + static_cast<int>(k);
    auto constant = [&](int cell) {
      return known(cell) && !(listed_unknown && variable.contains(cell));
    };
    std::set<int> used;
    std::set<int> owners;
    for (int i : component) {
      for (int r : relations_of[static_cast<std::size_t>(i)]) used.insert(r);
      for (int o : sum_owners_of[static_cast<std::size_t>(i)])
        if (known(o) && !SumImplied(o, known)) owners.insert(o);
    }
    auto value = [&](int cell) {
      return static_cast<double>(cells[static_cast<std::size_t>(cell)].value);
    };
    for (int r : used) {
      const auto& relation = relations[static_cast<std::size_t>(r)];
      std::vector<LinearTerm> terms;
      double rhs = 0;
      bool inside = true;  // a relation reaching past a neighbourhood is left out (a relaxation)
      auto term = [&](int cell, double coefficient) {
        if (constant(cell)) {
          rhs -= coefficient * value(cell);
        } else if (auto v = variable.find(cell); v != variable.end()) {
          terms.push_back({v->second, coefficient});
        } else {
          inside = false;
        }
      };
      term(relation.cell, 1);
      for (int a : relation.atoms) term(a, -1);
      if (inside) system.AddEquation(terms, rhs);
    }
    for (int o : owners) {
      std::vector<LinearTerm> terms;
      double rhs = cells[static_cast<std::size_t>(o)].sum;
      bool inside = true;
      for (const auto& [atom, score] : SumTerms(o)) {
        if (constant(atom)) {
          rhs -= score * value(atom);
        } else if (auto v = variable.find(atom); v != variable.end()) {
          terms.push_back({v->second, score});
        } else {
          inside = false;
        }
      }
      if (inside && !terms.empty()) system.AddEquation(terms, rhs);
    }
    return system;
  }

  // Where the audit of `cell`'s `figure` starts: the cell, and for a sum its unknown atoms too.
  std::vector<int> Starts(int cell, bool sum, const std::function<bool(int)>& known) const {
    std::vector<int> starts{cell};
    if (sum)
      for (const auto& [atom, score] : SumTerms(cell))
        if (!known(atom)) starts.push_back(atom);
    return starts;
  }

  enum class Figure { kCount, kSum };

  // The whole-number width of `cell`'s count or sum in `system`: the real (simplex) range,
  // rounded inwards, confirmed by branch and bound when it is close to `required`.
  double Width(LinearSystem& system, const std::unordered_map<int, int>& variable, int cell,
               Figure figure, double required, const std::function<bool(int)>& known) {
    std::vector<LinearTerm> objective;
    bool whole = true;
    if (figure == Figure::kCount) {
      objective.push_back({variable.at(cell), 1});
    } else {
      for (const auto& [atom, score] : SumTerms(cell)) {
        whole = whole && score == std::round(score);
        if (known(atom)) continue;
        auto v = variable.find(atom);
        // An unknown atom outside the system is free: nothing bounds the sum.
        if (v == variable.end()) return std::numeric_limits<double>::infinity();
        objective.push_back({v->second, score});
      }
      if (objective.empty()) return 0;
    }
    ++programmes;
    LinearRange range = system.Bounds(objective, false);
    if (!range.feasible) return 0;
    auto width = [&](const LinearRange& r) {
      if (!whole) return r.width();
      return std::floor(r.high + kTolerance) - std::ceil(r.low - kTolerance);
    };
    double w = width(range);
    if (w >= required && w < required + 2) {
      ++programmes;
      const LinearRange exact = system.Bounds(objective, true);
      if (exact.feasible) w = width(exact);
    }
    return w;
  }

  std::map<std::pair<int, Figure>, double> apriori_cache;
  std::set<std::pair<int, Figure>> passed;

  // The unknown cells within `depth` relations of `starts`.
  std::vector<int> Neighbourhood(const std::vector<int>& starts,
                                 const std::function<bool(int)>& known, int depth) const {
    std::set<int> seen;
    std::vector<int> frontier;
    for (int s : starts)
      if (!known(s) && seen.insert(s).second) frontier.push_back(s);
    for (int level = 0; level < depth; ++level) {
      std::vector<int> next;
      for (int i : frontier)
        for (int r : relations_of[static_cast<std::size_t>(i)]) {
          const auto& relation = relations[static_cast<std::size_t>(r)];
          auto visit = [&](int j) {
            if (!known(j) && seen.insert(j).second) next.push_back(j);
          };
          visit(relation.cell);
          for (int a : relation.atoms) visit(a);
        }
      frontier = std::move(next);
    }
    return {seen.begin(), seen.end()};
  }

  // What the reader could say of the figure from the always-shown figures alone. Only the
  // relations near the cell are used: leaving relations out can only widen the range, so the
  // width required of the cell is never less than the true one.
  double Apriori(int cell, Figure figure, double required) {
    auto found = apriori_cache.find({cell, figure});
    if (found != apriori_cache.end()) return found->second;
    auto known = [&](int i) {
      const auto& c = cells[static_cast<std::size_t>(i)];
      return c.always && c.readable;
    };
    std::unordered_map<int, int> variable;
    auto near = Neighbourhood(Starts(cell, figure == Figure::kSum, known), known, 2);
    LinearSystem system = System(near, known, variable);
    const double w = Width(system, variable, cell, figure, required, known);
    apriori_cache[{cell, figure}] = w;
    return w;
  }

  // The component of `cell`, grown until it holds the unknown atoms of every sum it audits.
  std::vector<int> AuditComponentOf(int cell, const std::function<bool(int)>& known) const {
    std::vector<int> starts{cell};
    while (true) {
      auto component = Component(starts, known);
      std::set<int> in(component.begin(), component.end());
      bool grew = false;
      for (int c : component) {
        if (!cells[static_cast<std::size_t>(c)].audit_sum) continue;
        for (const auto& [atom, score] : SumTerms(c))
          if (!known(atom) && in.insert(atom).second) {
            starts.push_back(atom);
            grew = true;
          }
      }
      if (!grew) return component;
    }
  }

  struct Failure {
    int cell = -1;
    Figure figure = Figure::kCount;
    double width = 0;
    double required = 0;
  };

  double Required(int cell, Figure figure) const {
    const auto& o = model.m_options;
    if (figure == Figure::kSum) return o.sum_width;
    return cells[static_cast<std::size_t>(cell)].answers ? o.answer_width : o.count_width;
  }

  // The first protected figure of `component` narrower than required, if any.
  std::optional<Failure> AuditComponent(const std::vector<int>& component) {
    auto known = [&](int i) { return Published(i); };
    std::unordered_map<int, int> variable;
    std::optional<LinearSystem> system;
    for (int cell : component) {
      const auto& c = cells[static_cast<std::size_t>(cell)];
      if (given_up.contains(cell)) continue;
      for (Figure figure : {Figure::kCount, Figure::kSum}) {
        if (!(figure == Figure::kSum ? c.audit_sum : c.audit_count)) continue;
        if (passed.contains({cell, figure})) continue;
        if (!system) system.emplace(System(component, known, variable));
        double required = Required(cell, figure);
        const double w = Width(*system, variable, cell, figure, required, known);
        if (w < required) required = std::min(required, Apriori(cell, figure, required));
        if (w >= required) {
          // Hiding more only widens ranges: a figure wide enough stays so.
          passed.insert({cell, figure});
          continue;
        }
        return Failure{cell, figure, w, required};
      }
    }
    return std::nullopt;
  }

  // The published cells to hide so that `failure`'s figure can move by the width it needs, as
  // tau-ARGUS's modular method finds them: a linear programme over the changes to the cells
  // near it (every relation among them must still add up, no count may fall below 0, a change
  // to a published cell costs that cell's value, to a hidden one nothing), solved down and up;
  // the published cells that change are the ones to hide. Cells with a relation reaching past
  // the neighbourhood do not change, so a change found here balances everywhere. Empty when
  // no such change exists near the cell.
  std::vector<int> ProtectionSet(const Failure& failure) {
    constexpr int kDepth = 3;
    constexpr std::size_t kMaxRegion = 4000;
    auto known = [&](int i) { return Published(i); };
    // The region: cells within kDepth relations, published or not.
    std::vector<int> starts{failure.cell};
    if (failure.figure == Figure::kSum)
      for (const auto& [atom, score] : SumTerms(failure.cell)) starts.push_back(atom);
    std::unordered_map<int, int> local;
    std::vector<int> region;
    auto add = [&](int c) {
      if (local.contains(c)) return false;
      local.emplace(c, static_cast<int>(region.size()));
      region.push_back(c);
      return true;
    };
    std::vector<int> frontier;
    for (int c : starts)
      if (add(c)) frontier.push_back(c);
    for (int level = 0; level < kDepth && region.size() < kMaxRegion; ++level) {
      std::vector<int> next;
      for (int i : frontier)
        for (int r : relations_of[static_cast<std::size_t>(i)]) {
          const auto& relation = relations[static_cast<std::size_t>(r)];
          if (add(relation.cell)) next.push_back(relation.cell);
          for (int a : relation.atoms)
            if (add(a)) next.push_back(a);
        }
      frontier = std::move(next);
    }
    // Relations wholly inside; cells with one reaching outside are frozen.
    std::vector<char> frozen(region.size(), 0);
    std::set<int> inside;
    for (std::size_t k = 0; k < region.size(); ++k) {
      for (int r : relations_of[static_cast<std::size_t>(region[k])]) {
        const auto& relation = relations[static_cast<std::size_t>(r)];
        bool all = local.contains(relation.cell);
        for (int a : relation.atoms) all = all && local.contains(a);
        if (all) {
          inside.insert(r);
        } else {
          frozen[k] = 1;
        }
      }
    }
    // Published sums (those their answers' counts do not give) must still add up as well.
    std::set<int> owners;
    for (int c : region)
      for (int o : sum_owners_of[static_cast<std::size_t>(c)])
        if (known(o) && !SumImplied(o, known)) owners.insert(o);
    std::vector<int> sums;
    for (int o : owners) {
      bool all = true;
      for (const auto& [atom, score] : SumTerms(o)) all = all && local.contains(atom);
      if (all) {
        sums.push_back(o);
      } else {
        for (const auto& [atom, score] : SumTerms(o))
          if (auto it = local.find(atom); it != local.end())
            frozen[static_cast<std::size_t>(it->second)] = 1;
      }
    }
    const auto n = static_cast<int>(region.size());
    auto solve = [&](double change) -> std::optional<std::vector<int>> {
      LinearSystem lp;
      lp.AddVariables(2 * n);  // up, then down, per cell
      for (int k = 0; k < n; ++k) {
        const auto& c = cells[static_cast<std::size_t>(region[static_cast<std::size_t>(k)])];
        const bool fixed = frozen[static_cast<std::size_t>(k)] ||
                           (known(region[static_cast<std::size_t>(k)]) &&
                            !Candidate(region[static_cast<std::size_t>(k)]));
        if (fixed) {
          lp.Limit(k, 0, 0);
          lp.Limit(n + k, 0, 0);
        } else {
          lp.Limit(n + k, 0, static_cast<double>(c.value));
        }
      }
      auto delta = [&](int cell, double coefficient, std::vector<LinearTerm>& terms) {
        const int k = local.at(cell);
        terms.push_back({k, coefficient});
        terms.push_back({n + k, -coefficient});
      };
      for (int r : inside) {
        const auto& relation = relations[static_cast<std::size_t>(r)];
        std::vector<LinearTerm> terms;
        delta(relation.cell, 1, terms);
        for (int a : relation.atoms) delta(a, -1, terms);
        lp.AddEquation(terms, 0);
      }
      for (int o : sums) {
        std::vector<LinearTerm> terms;
        for (const auto& [atom, score] : SumTerms(o)) delta(atom, score, terms);
        lp.AddEquation(terms, 0);
      }
      std::vector<LinearTerm> target;
      if (failure.figure == Figure::kCount) {
        delta(failure.cell, 1, target);
      } else {
        for (const auto& [atom, score] : SumTerms(failure.cell)) delta(atom, score, target);
      }
      lp.AddEquation(target, change);
      std::vector<LinearTerm> cost;
      for (int k = 0; k < n; ++k) {
        const int cell = region[static_cast<std::size_t>(k)];
        if (!known(cell)) continue;
        const double weight = 1 + static_cast<double>(Cost(cell));
        cost.push_back({k, weight});
        cost.push_back({n + k, weight});
      }
      auto solution = lp.Minimise(cost);
      ++programmes;
      if (!solution) return std::nullopt;
      std::vector<int> hide;
      for (int k = 0; k < n; ++k) {
        const int cell = region[static_cast<std::size_t>(k)];
        const double moved = (*solution)[static_cast<std::size_t>(k)] +
                             (*solution)[static_cast<std::size_t>(n) + static_cast<std::size_t>(k)];
        if (moved > 1e-7 && known(cell)) hide.push_back(cell);
      }
      return hide;
    };
    const auto& c = cells[static_cast<std::size_t>(failure.cell)];
    double down = failure.required;
    double up = 0;
    if (failure.figure == Figure::kCount) {
      down = std::min(static_cast<double>(c.value), failure.required);
      up = failure.required - down;
    }
    std::set<int> hide;
    for (double change : {-down, up}) {
      if (change == 0) continue;
      auto found = solve(change);
      if (!found && failure.figure == Figure::kSum) found = solve(-change);
      if (!found) return {};
      hide.insert(found->begin(), found->end());
    }
    return {hide.begin(), hide.end()};
  }

  // The cells Suppress(cell) would hide now (the cell, or its group whole).
  std::vector<int> WouldHide(int cell) {
    std::vector<char> before(cells.size());
    for (std::size_t j = 0; j < cells.size(); ++j) before[j] = cells[j].suppressed ? 1 : 0;
    Suppress(cell);
    std::vector<int> out;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      if (cells[j].suppressed && !before[j]) out.push_back(static_cast<int>(j));
      cells[j].suppressed = before[j] != 0;
    }
    return out;
  }

  // Cells that could be hidden to widen `failure`, best first: those sharing a split with it,
  // then with any unknown cell of its component, then any published cell in a relation with
  // one; cheapest first within each.
  std::vector<int> Candidates(const Failure& failure, const std::vector<int>& component) const {
    std::vector<int> near, around, far;
    std::set<int> seen;
    auto collect = [&](int cell, std::vector<int>& into) {
      for (int s : splits_of[static_cast<std::size_t>(cell)])
        for (int m : splits[static_cast<std::size_t>(s)])
          if (Candidate(m) && seen.insert(m).second) into.push_back(m);
    };
    collect(failure.cell, near);
    for (int cell : component) collect(cell, around);
    for (int cell : component)
      for (int r : relations_of[static_cast<std::size_t>(cell)]) {
        const auto& relation = relations[static_cast<std::size_t>(r)];
        if (Candidate(relation.cell) && seen.insert(relation.cell).second)
          far.push_back(relation.cell);
        for (int a : relation.atoms)
          if (Candidate(a) && seen.insert(a).second) far.push_back(a);
      }
    auto by_cost = [&](int a, int b) { return Cheaper(a, b); };
    std::sort(near.begin(), near.end(), by_cost);
    std::sort(around.begin(), around.end(), by_cost);
    std::sort(far.begin(), far.end(), by_cost);
    near.insert(near.end(), around.begin(), around.end());
    near.insert(near.end(), far.begin(), far.end());
    return near;
  }

  // One pass over the protected cells. A component that fails gets one more hidden cell and is
  // audited again until it passes. Hiding only ever widens ranges, so a component that passed
  // stays safe unless a later one grows into it, and then it is audited again as part of that.
  void Audit() {
    constexpr std::size_t kLookAhead = 24;
    auto known = [&](int i) { return Published(i); };
    std::vector<char> done(cells.size(), 0);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!(cells[i].audit_count || cells[i].audit_sum) || done[i]) continue;
      while (true) {
        auto component = AuditComponentOf(static_cast<int>(i), known);
        auto failure = AuditComponent(component);
        if (!failure) {
          for (int c : component) done[static_cast<std::size_t>(c)] = 1;
          break;
        }
        if (auto set = ProtectionSet(*failure); !set.empty()) {
          for (int c : set) Suppress(c);
          continue;
        }
        auto candidates = Candidates(*failure, component);
        if (candidates.empty()) {
          given_up.insert(failure->cell);
          unprotected.push_back(cells[static_cast<std::size_t>(failure->cell)].key);
          continue;
        }
        // Of the candidates (the cheapest few dozen), the first that protects the figure, else
        // the one that widens it most, else the cheapest. They are tried in one system holding
        // the component and every cell each candidate would hide (a group's answers go with it),
        // each set pinned to its values and let go in turn.
        const std::size_t tried = std::min(candidates.size(), kLookAhead);
        std::vector<std::vector<int>> hides(tried);
        std::set<int> trial_cells(component.begin(), component.end());
        for (std::size_t k = 0; k < tried; ++k) {
          hides[k] = WouldHide(candidates[k]);
          trial_cells.insert(hides[k].begin(), hides[k].end());
        }
        std::vector<int> cells_of_trial(trial_cells.begin(), trial_cells.end());
        std::unordered_map<int, int> variable;
        LinearSystem system = System(cells_of_trial, known, variable, true);
        auto pin = [&](const std::vector<int>& set, bool pinned) {
          for (int c : set) {
            if (known(c) && pinned) {
              system.Fix(variable.at(c),
                         static_cast<double>(cells[static_cast<std::size_t>(c)].value));
            } else if (known(c)) {
              system.Release(variable.at(c));
            }
          }
        };
        for (const auto& set : hides) pin(set, true);
        int pick = candidates.front();
        double best = failure->width;
        for (std::size_t k = 0; k < tried; ++k) {
          pin(hides[k], false);
          const double w =
              Width(system, variable, failure->cell, failure->figure, failure->required, known);
          pin(hides[k], true);
          if (w >= failure->required) {
            pick = candidates[k];
            break;
          }
          if (w > best) {
            best = w;
            pick = candidates[k];
          }
        }
        Suppress(pick);
      }
    }
  }
};

Result<DisclosureSolution> DisclosureModel::Protect(const std::vector<int>& readable) const {
  for (int t : readable)
    if (t < 0 || t >= static_cast<int>(m_tables.size()))
      return Problem{"readable", "Table " + std::to_string(t) + " does not exist."};
  Solver solver(*this, readable);
  solver.Build();
  solver.Primary();
  solver.Heuristic();
  solver.Audit();

  DisclosureSolution out;
  out.m_default_minimum = m_options.cell_minimum;
  out.m_stats.cells = static_cast<int>(solver.cells.size());
  out.m_stats.joint = solver.joint;
  for (std::size_t i = 0; i < solver.cells.size(); ++i) {
    const auto& c = solver.cells[i];
    if (c.audit_count || c.audit_sum) ++out.m_stats.protected_cells;
    if (!c.readable) continue;
    if (c.primary) ++out.m_stats.primary;
    if (c.suppressed && !c.primary && !c.always) ++out.m_stats.secondary;
    DisclosureSolution::Entry entry;
    entry.count = c.value;
    entry.minimum = c.minimum;
    entry.published = solver.Published(static_cast<int>(i));
    if (c.shows_sum && c.sum_dim >= 0) entry.sum = c.sum;
    out.m_cells.emplace(c.key, entry);
  }
  for (const auto& [key, entry] : out.m_cells)
    if (entry.published) out.m_figures.push_back({key, entry.count, entry.sum});
  out.m_unprotected = std::move(solver.unprotected);
  out.m_stats.linear_programmes = solver.programmes;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Solution

bool DisclosureSolution::Published(const CellKey& key) const {
  auto it = m_cells.find(key);
  return it != m_cells.end() && it->second.published;
}

CellValue DisclosureSolution::Count(const CellKey& key) const {
  auto it = m_cells.find(key);
  if (it == m_cells.end()) return CellValue(CellValue::State::kSuppressed, 0, m_default_minimum);
  if (!it->second.published) return CellValue(CellValue::State::kSuppressed, 0, it->second.minimum);
  return CellValue(CellValue::State::kShown, static_cast<double>(it->second.count), 0);
}

CellValue DisclosureSolution::Sum(const CellKey& key) const {
  auto it = m_cells.find(key);
  if (it == m_cells.end()) return CellValue(CellValue::State::kSuppressed, 0, m_default_minimum);
  if (!it->second.published) return CellValue(CellValue::State::kSuppressed, 0, it->second.minimum);
  if (!it->second.sum) return CellValue(CellValue::State::kNotDefined, 0, 0);
  return CellValue(CellValue::State::kShown, *it->second.sum, 0);
}

CellValue DisclosureSolution::Mean(const CellKey& key) const {
  CellValue sum = Sum(key);
  if (!sum.shown()) return sum;
  auto it = m_cells.find(key);
  if (it->second.count == 0) return CellValue(CellValue::State::kNotDefined, 0, 0);
  return CellValue(CellValue::State::kShown,
                   *it->second.sum / static_cast<double>(it->second.count), 0);
}

ShownSummary DisclosureSolution::ShowSummary(const CellKey& answered, const Summary& raw) const {
  const CellValue gate = Count(answered);
  auto it = m_cells.find(answered);
  const bool shown = gate.shown() && it != m_cells.end() && it->second.count == raw.n;
  auto hidden = [&]() {
    return CellValue(CellValue::State::kSuppressed, 0,
                     it == m_cells.end() ? m_default_minimum : it->second.minimum);
  };
  auto number = [&](std::optional<double> v) {
    return v ? CellValue(CellValue::State::kShown, *v, 0)
             : CellValue(CellValue::State::kNotDefined, 0, 0);
  };
  std::vector<std::pair<double, CellValue>> distribution;
  for (const auto& [point, count] : raw.distribution)
    distribution.emplace_back(point, shown ? number(count) : hidden());
  if (!shown)
    return ShownSummary{hidden(), hidden(), hidden(), hidden(), hidden(), std::move(distribution)};
  return ShownSummary{number(raw.n),
                      number(raw.mean),
                      number(raw.sd),
                      number(raw.favourable_pct),
                      number(raw.not_applicable),
                      std::move(distribution)};
}

ShownDistribution DisclosureSolution::ShowDistribution(const std::vector<std::string>& values,
                                                       const std::vector<CellKey>& keys,
                                                       const CellKey& total_key) const {
  const std::size_t size = std::min(values.size(), keys.size());
  ShownDistribution out;
  for (std::size_t i = 0; i < size; ++i) {
    out.values.push_back(values[i]);
    out.counts.push_back(Count(keys[i]));
  }
  out.total.push_back(Count(total_key));
  return out;
}

std::int64_t ReleasedResponses(std::int64_t received, int batch) {
  const std::int64_t b = std::max(1, batch);
  if (received <= 0) return 0;
  return received / b * b;
}

}  // namespace soundings
