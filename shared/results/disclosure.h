#pragma once
// Disclosure control across every view of a campaign (docs/results-maths.md, "Disclosure control
// across views"). Every figure a report, dashboard, export or public page shows is a cell of one
// model: a combination of one category per dimension (organisation ⊃ team ⊃ person, rater
// group, area ⊃ venue, settlement, an equality item, an item's answers with an explicit "not
// answered"), whose value is the number of people (and, for scored items, their sum of scores)
// falling in it. A view is a table over some of those dimensions; a role reads a set of tables.
// DisclosureModel::Protect solves primary suppression (a count under its minimum) and secondary
// suppression across all the role's tables at once, so no linear combination of the figures the
// role can read pins a protected cell down to less than its protection width: the linked-tables
// method of statistical offices (tau-ARGUS's modular/HiTaS approach, R sdcTable's
// protectLinkedTables): a hypercube-style heuristic ("two hidden in every relation holding one")
// followed by an audit that solves the reader's linear programme (linear_bounds.h) for the lowest
// and highest value of each protected cell and hides more until every range is wide enough.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shared/core/error.h"
#include "shared/results/suppression.h"

namespace soundings {

/// One category per dimension of a DisclosureModel, in the order the dimensions were added; 0 is
/// a dimension's total.
using CellKey = std::vector<int>;

/// One way of classifying people: a hierarchy of categories under a total (category 0), with
/// optional further partitions (a settlement's venues beside an area's), per-category minimums,
/// and scores on the categories of a scored item's answers.
class DisclosureDimension {
 public:
  /// A dimension called `name` holding only its total, coded `total_code`.
  explicit DisclosureDimension(std::string name, std::string total_code = "total");

  /// Adds category `code` under `parent` (0: the total) and returns its index. `score` marks an
  /// answer point of a scored item: cells summing such categories publish n·mean = Σ score.
  int Add(const std::string& code, int parent = 0, std::optional<double> score = std::nullopt);
  /// Adds a category that is the union of `parts` (existing categories with disjoint people: a
  /// settlement made of venues) and returns its index; it is also a partition of itself.
  int AddGrouping(const std::string& code, const std::vector<int>& parts);
  /// Declares that `parent` is also the sum of `children` (say the total of the settlements).
  /// Checked by DisclosureModel::AddDimension: the children must partition the parent's people.
  void AddSplit(int parent, const std::vector<int>& children);
  /// Cells whose category here is `category` or lies below it need at least `minimum` people
  /// (a cell's minimum is the largest any of its dimensions sets, else the model's default).
  void SetMinimum(int category, int minimum);
  /// Makes this an answer dimension: its categories are what people said, not groups of people.
  /// A cell's size for its minimum is then that of its `population` category (say "answered")
  /// for categories under it, else of the total (say "not answered"), and a figure of a group
  /// under its minimum is hidden whole: every answer count goes with its population's count.
  void SetAnswers(int population);

  /// The dimension's name.
  const std::string& name() const { return m_name; }
  /// Number of categories, the total included.
  int size() const { return static_cast<int>(m_categories.size()); }
  /// The code of category `index`.
  const std::string& code(int index) const { return m_categories.at(index).code; }
  /// The index of the category coded `code`, if any.
  std::optional<int> Find(const std::string& code) const;
  /// Whether `index` is a leaf: no category lies below it (records are made of leaves).
  bool leaf(int index) const;
  /// The score of category `index`, if it is a scored answer point.
  std::optional<double> score(int index) const { return m_categories.at(index).score; }
  /// Whether this is an answer dimension (SetAnswers).
  bool answers() const { return m_population.has_value(); }
  /// The population category of an answer dimension.
  std::optional<int> population() const { return m_population; }

 private:
  friend class DisclosureModel;
  struct Category {
    std::string code;
    int parent = -1;  // main hierarchy; -1 for the total and groupings
    std::optional<double> score;
    std::vector<int> children;  // main hierarchy
    bool grouping = false;
    std::optional<int> minimum;
  };
  std::string m_name;
  std::vector<Category> m_categories;
  std::vector<std::pair<int, std::vector<int>>> m_extra_splits;
  std::optional<int> m_population;
};

/// A view: the cells of the product of its axes' categories (dimensions it does not name stay at
/// their total), as a report, export, chart or public page shows them.
struct DisclosureTable {
  std::string name;  // for messages: "individual:p17", "question q3 by area"
  /// Per axis: the dimension's index and the categories the view shows on it.
  std::vector<std::pair<int, std::vector<int>>> axes;
  /// Also shows, beside each count over scored answer points, their sum (a mean with its n).
  bool sums = false;
  /// Figures everyone reading the campaign knows anyway (responses received per rater group):
  /// always shown, never protected, never used to protect another cell.
  bool always_shown = false;
};

/// How much doubt a protected cell must keep, and where protection starts.
struct DisclosureOptions {
  int cell_minimum = 5;  // where no dimension sets a minimum
  /// A hidden count of people under its minimum: the highest and lowest values the reader cannot
  /// rule out differ by at least this many people (2: more than one person's worth of doubt).
  int count_width = 2;
  /// Each answer count of a group under its minimum (how many of it gave each answer, skipped,
  /// answered "n/a"): at least this wide (1: never determined exactly).
  int answer_width = 1;
  /// The sum of scores of a group under its minimum (n·mean): at least this many score points.
  double sum_width = 1;
  /// Up to this many cells in the cross-classification of every dimension the tables use, the
  /// audit reasons over it (every joint count ≥ 0, as a reader of all tables may); above it, each
  /// table's own cross-classification (the linked-tables model of tau-ARGUS and sdcTable).
  std::int64_t joint_limit = 20000;
};

/// A figure a role may read: a cell's count and, for a table with sums, its sum of scores.
struct PublishedFigure {
  CellKey key;
  std::int64_t count = 0;
  std::optional<double> sum;
};

/// What Protect did, for logs, tests and the benchmark.
struct DisclosureStats {
  int cells = 0;            // cells in the model's tables and their cross-classifications
  int primary = 0;          // readable cells hidden because their group is under its minimum
  int secondary = 0;        // readable cells hidden to protect those
  int protected_cells = 0;  // cells (readable or not) whose range was audited
  int linear_programmes = 0;
  bool joint = false;  // whether the audit used the joint cross-classification
};

/// The protected figures of one role: what it may show, and as what. Cheap to copy; immutable.
class DisclosureSolution {
 public:
  /// Whether `key` is a cell of one of the role's tables and is not suppressed.
  bool Published(const CellKey& key) const;
  /// The cell's count as a report shows it: the number, or suppressed ("fewer than N*", N its
  /// minimum, or the model's cell_minimum for a cell of none of the role's tables).
  CellValue Count(const CellKey& key) const;
  /// The cell's sum of scores when Published and its table shows sums; suppressed when hidden;
  /// not defined when the cell has no scored answers.
  CellValue Sum(const CellKey& key) const;
  /// Sum / Count, under the same rules; not defined for a count of 0.
  CellValue Mean(const CellKey& key) const;
  /// A summary of one group's answers to one item (a rater group, a team's or the
  /// organisation's all others) as a report may show it: every number of `raw` when the group's
  /// `answered` cell is published, else all of them suppressed with the cell's minimum. Groups
  /// are shown or hidden whole, so this is the whole decision. Suppressed too when `raw.n` is not
  /// the cell's count (the report and the model were built from different responses).
  ShownSummary ShowSummary(const CellKey& answered, const Summary& raw) const;
  /// Counts of `keys` with their total `total_key` as a distribution of `values` (same length
  /// as `keys`; extra entries of either are ignored).
  ShownDistribution ShowDistribution(const std::vector<std::string>& values,
                                     const std::vector<CellKey>& keys,
                                     const CellKey& total_key) const;
  /// Every figure the role may read, in a stable order (the attacker test solves these).
  const std::vector<PublishedFigure>& figures() const { return m_figures; }
  /// Protected cells whose range could not be widened to the required width by hiding more
  /// (empty unless a view shows something public knowledge already gives away).
  const std::vector<CellKey>& unprotected() const { return m_unprotected; }
  /// What the solve did.
  const DisclosureStats& stats() const { return m_stats; }

 private:
  friend class DisclosureModel;
  struct Entry {
    std::int64_t count = 0;
    std::optional<double> sum;
    int minimum = 1;
    bool published = false;
  };
  std::map<CellKey, Entry> m_cells;  // every cell of the role's tables
  std::vector<PublishedFigure> m_figures;
  std::vector<CellKey> m_unprotected;
  DisclosureStats m_stats;
  int m_default_minimum = 1;  // for cells of no readable table
};

/// A campaign's dimensions, people and views. Build it once per campaign (from responses, or
/// from counts kept per combination of leaves), then Protect once per role with the tables the
/// role reads, and ask the solution about every figure a view, PDF or export renders.
class DisclosureModel {
 public:
  /// An empty model with `options` (minimum and widths below 1 become 1; sum_width below 0, 0).
  explicit DisclosureModel(DisclosureOptions options = {});

  /// Adds `dimension` (before any record or table) and returns its index; fails naming the
  /// category when a split does not partition its parent's people.
  Result<int> AddDimension(DisclosureDimension dimension);
  /// Adds `count` people whose category in every dimension is the leaf `leaves[d]`; fails when
  /// the key is the wrong length or names a category that is not a leaf.
  Status AddRecord(const CellKey& leaves, std::int64_t count = 1);
  /// Adds a view and returns its index; fails when an axis names an unknown dimension or
  /// category, or a dimension twice, or when `sums` is set without exactly one scored axis.
  Result<int> AddTable(DisclosureTable table);

  /// The dimensions, in order.
  const std::vector<DisclosureDimension>& dimensions() const { return m_dimensions; }
  /// The tables, in order.
  const std::vector<DisclosureTable>& tables() const { return m_tables; }
  /// The records, merged by key.
  const std::map<CellKey, std::int64_t>& records() const { return m_records; }
  /// The options in force.
  const DisclosureOptions& options() const { return m_options; }
  /// The number of people in `key`.
  std::int64_t CountOf(const CellKey& key) const;
  /// The sum of scores in `key` over the scored categories of dimension `scored` under it.
  double SumOf(const CellKey& key, int scored) const;
  /// The minimum `key` needs (SetMinimum, else options().cell_minimum).
  int MinimumOf(const CellKey& key) const;
  /// The cell whose size decides whether `key` is under its minimum: `key` with each answer
  /// dimension lifted to its population (or total).
  CellKey PopulationOf(const CellKey& key) const;
  /// Whether dimension `d`'s category `a` covers category `b` (is it or lies above it).
  bool Covers(int d, int a, int b) const;

  /// Primary and secondary suppression for a role that reads `readable` (indices of tables);
  /// every other table's cells count as unknown to it, and are protected too when under their
  /// minimum (a team total a manager cannot read, a colleague's report). Deterministic. Fails
  /// only for an unknown table index.
  Result<DisclosureSolution> Protect(const std::vector<int>& readable) const;

 private:
  struct Solver;
  // Leaf ordinals below each category, per dimension (sorted).
  std::vector<std::vector<std::vector<int>>> m_leaves;
  std::vector<std::vector<int>> m_leaf_category;  // per dimension: leaf ordinal -> category
  DisclosureOptions m_options;
  std::vector<DisclosureDimension> m_dimensions;
  std::vector<DisclosureTable> m_tables;
  std::map<CellKey, std::int64_t> m_records;
};

/// The number of responses (taken in the order they were received) that figures read by roles
/// below HR may include while a campaign is collecting: the largest multiple of `batch` not above
/// `received` (`batch` below 1 counts as 1). Two readings then differ by a whole batch or not at
/// all, never by one response; choose `batch` at least the cell minimum.
std::int64_t ReleasedResponses(std::int64_t received, int batch);

}  // namespace soundings
