#include "shared/results/statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace soundings {

ResponseRefs RefsOf(const std::vector<Answers>& responses) {
  ResponseRefs refs;
  refs.reserve(responses.size());
  for (const auto& r : responses) refs.push_back(&r);
  return refs;
}

std::vector<ScoredItem> ScoredItemsOf(const Template& tmpl, const Section& section) {
  std::vector<ScoredItem> out;
  for (const auto& item : section.items) {
    if (item.type != ItemType::kLikert && item.type != ItemType::kMatrix) continue;
    const Scale* scale = tmpl.FindScale(item.scale);
    if (scale == nullptr) continue;
    if (item.type == ItemType::kLikert) {
      out.push_back({item.id, &section, &item, nullptr, scale, item.reverse_scored});
    } else {
      for (const auto& row : item.rows)
        out.push_back({item.id + "." + row.id, &section, &item, &row, scale, row.reverse_scored});
    }
  }
  return out;
}

std::vector<ScoredItem> ScoredItemsOf(const Template& tmpl) {
  std::vector<ScoredItem> out;
  for (const auto& section : tmpl.sections) {
    auto part = ScoredItemsOf(tmpl, section);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

std::optional<ScoredItem> FindScoredItem(const Template& tmpl, const std::string& key) {
  for (const auto& section : tmpl.sections)
    for (auto& scored : ScoredItemsOf(tmpl, section))
      if (scored.key == key) return scored;
  return std::nullopt;
}

bool ScalesHaveSamePoints(const Scale& a, const Scale& b) {
  if (a.points.size() != b.points.size()) return false;
  for (std::size_t i = 0; i < a.points.size(); ++i)
    if (a.points[i].value != b.points[i].value) return false;
  return true;
}

double FlipScore(const Scale& scale, double value) { return scale.Min() + scale.Max() - value; }

std::optional<double> ScoreValue(const Scale& scale, bool reverse_scored,
                                 const nlohmann::json& value) {
  if (!value.is_number()) return std::nullopt;
  double raw = value.get<double>();
  if (!scale.HasValue(raw)) return std::nullopt;
  return reverse_scored ? FlipScore(scale, raw) : raw;
}

const nlohmann::json& RawAnswer(const ScoredItem& scored, const Answers& answers) {
  static const nlohmann::json kNull;
  auto it = answers.find(scored.item->id);
  if (it == answers.end()) return kNull;
  if (scored.row == nullptr) return it->second;
  if (!it->second.is_object()) return kNull;
  auto row = it->second.find(scored.row->id);
  return row == it->second.end() ? kNull : *row;
}

std::optional<double> ScoreOf(const ScoredItem& scored, const Answers& answers) {
  return ScoreValue(*scored.scale, scored.reverse_scored, RawAnswer(scored, answers));
}

bool IsNotApplicable(const ScoredItem& scored, const Answers& answers) {
  const auto& raw = RawAnswer(scored, answers);
  return raw.is_string() && raw.get<std::string>() == kNotApplicable;
}

namespace {

// Sets n, sum, mean and sd from per-respondent scores.
void FillMoments(Summary& summary, const std::vector<double>& values) {
  summary.n = static_cast<int>(values.size());
  summary.sum = std::accumulate(values.begin(), values.end(), 0.0);
  if (values.empty()) return;
  double mean = summary.sum / static_cast<double>(values.size());
  summary.mean = mean;
  if (values.size() < 2) return;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  summary.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
}

// Sets distribution, answers and favourable_pct from pooled scores on `scale`.
void FillDistribution(Summary& summary, const Scale& scale, const std::vector<double>& pooled) {
  for (const auto& point : scale.points) summary.distribution[point.value] = 0;
  const std::size_t top = std::min<std::size_t>(2, scale.points.size());
  for (double v : pooled) {
    summary.distribution[v] += 1;
    for (std::size_t i = 0; i < top; ++i) {
      if (scale.points[scale.points.size() - 1 - i].value == v) ++summary.favourable;
      if (scale.points[i].value == v) ++summary.unfavourable;
    }
  }
  summary.answers = static_cast<int>(pooled.size());
  if (!pooled.empty())
    summary.favourable_pct = 100.0 * summary.favourable / static_cast<double>(pooled.size());
}

std::string FormatNumber(double value) {
  char buffer[32];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%g", value);
  }
  return buffer;
}

}  // namespace

Summary SummariseScores(const Scale& scale, const std::vector<double>& scores, int not_applicable) {
  std::vector<double> kept;
  kept.reserve(scores.size());
  for (double v : scores)
    if (scale.HasValue(v)) kept.push_back(v);
  Summary summary;
  summary.not_applicable = not_applicable;
  FillMoments(summary, kept);
  FillDistribution(summary, scale, kept);
  return summary;
}

Result<Summary> SummariseItem(const Template& tmpl, const std::string& key,
                              const ResponseRefs& responses) {
  auto scored = FindScoredItem(tmpl, key);
  if (!scored) return Problem{key, "there is no likert item or matrix row with this id"};
  std::vector<double> scores;
  int not_applicable = 0;
  for (const Answers* answers : responses) {
    if (auto score = ScoreOf(*scored, *answers)) {
      scores.push_back(*score);
    } else if (IsNotApplicable(*scored, *answers)) {
      ++not_applicable;
    }
  }
  return SummariseScores(*scored->scale, scores, not_applicable);
}

Result<Summary> SummariseSection(const Template& tmpl, const std::string& section_id,
                                 const ResponseRefs& responses) {
  const Section* section = nullptr;
  for (const auto& s : tmpl.sections)
    if (s.id == section_id) section = &s;
  if (section == nullptr) return Problem{section_id, "there is no section with this id"};
  auto items = ScoredItemsOf(tmpl, *section);
  if (items.empty()) return Problem{section_id, "the section has no likert items or matrix rows"};
  for (const auto& scored : items) {
    if (!ScalesHaveSamePoints(*scored.scale, *items.front().scale)) {
      return Problem{section_id, "the section mixes scales \"" + items.front().scale->id +
                                     "\" and \"" + scored.scale->id +
                                     "\" with different points, so its scores cannot be pooled"};
    }
  }
  std::vector<double> respondent_scores;
  std::vector<double> pooled;
  int not_applicable = 0;
  for (const Answers* answers : responses) {
    double total = 0;
    int count = 0;
    for (const auto& scored : items) {
      if (auto score = ScoreOf(scored, *answers)) {
        total += *score;
        ++count;
        pooled.push_back(*score);
      } else if (IsNotApplicable(scored, *answers)) {
        ++not_applicable;
      }
    }
    if (count > 0) respondent_scores.push_back(total / count);
  }
  Summary summary;
  summary.not_applicable = not_applicable;
  FillMoments(summary, respondent_scores);
  FillDistribution(summary, *items.front().scale, pooled);
  return summary;
}

std::optional<double> CronbachAlpha(const std::vector<std::vector<double>>& cases) {
  if (cases.size() < 2) return std::nullopt;
  std::size_t k = cases.front().size();
  if (k < 2) return std::nullopt;
  for (const auto& row : cases)
    if (row.size() != k) return std::nullopt;
  auto variance = [](const std::vector<double>& values) {
    double mean =
        std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
    double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    return squares / static_cast<double>(values.size() - 1);
  };
  double item_variances = 0;
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<double> column;
    column.reserve(cases.size());
    for (const auto& row : cases) column.push_back(row[j]);
    item_variances += variance(column);
  }
  std::vector<double> totals;
  totals.reserve(cases.size());
  for (const auto& row : cases) totals.push_back(std::accumulate(row.begin(), row.end(), 0.0));
  double total_variance = variance(totals);
  if (total_variance <= 0) return std::nullopt;
  auto kd = static_cast<double>(k);
  return kd / (kd - 1) * (1 - item_variances / total_variance);
}

std::optional<double> SectionAlpha(const Template& tmpl, const std::string& section_id,
                                   const ResponseRefs& responses) {
  const Section* section = nullptr;
  for (const auto& s : tmpl.sections)
    if (s.id == section_id) section = &s;
  if (section == nullptr) return std::nullopt;
  auto items = ScoredItemsOf(tmpl, *section);
  std::vector<std::vector<double>> cases;
  for (const Answers* answers : responses) {
    std::vector<double> row;
    for (const auto& scored : items) {
      auto score = ScoreOf(scored, *answers);
      if (!score) break;
      row.push_back(*score);
    }
    if (row.size() == items.size()) cases.push_back(std::move(row));
  }
  return CronbachAlpha(cases);
}

std::optional<Interval> WilsonInterval(int successes, int n, double z) {
  if (n <= 0 || successes < 0 || successes > n) return std::nullopt;
  double nd = n;
  double p = successes / nd;
  double z2 = z * z;
  double denominator = 1 + z2 / nd;
  double centre = (p + z2 / (2 * nd)) / denominator;
  double half = z / denominator * std::sqrt(p * (1 - p) / nd + z2 / (4 * nd * nd));
  // 0/n and n/n reach exactly 0 and 1 in exact arithmetic; say so rather than show 0.9999999.
  return Interval{successes == 0 ? 0.0 : std::max(0.0, centre - half),
                  successes == n ? 1.0 : std::min(1.0, centre + half)};
}

Share ShareOf(int count, int n) {
  Share share;
  if (n <= 0 || count < 0 || count > n) return share;
  share.count = count;
  share.n = n;
  share.proportion = static_cast<double>(count) / n;
  share.interval = WilsonInterval(count, n);
  return share;
}

Result<ItemScores> ScoreItem(const Template& tmpl, const std::string& key,
                             const ResponseRefs& responses) {
  auto scored = FindScoredItem(tmpl, key);
  if (!scored) return Problem{key, "there is no likert item or matrix row with this id"};
  auto summary = SummariseItem(tmpl, key, responses);
  if (!summary) return summary.problems();
  ItemScores out;
  out.key = key;
  out.reverse_scored = scored->reverse_scored;
  out.summary = std::move(summary).value();
  out.top2 = ShareOf(out.summary.favourable, out.summary.n);
  out.bottom2 = ShareOf(out.summary.unfavourable, out.summary.n);
  return out;
}

std::vector<ItemScores> ScoreItems(const Template& tmpl, const ResponseRefs& responses) {
  std::vector<ItemScores> out;
  for (const auto& scored : ScoredItemsOf(tmpl))
    if (auto item = ScoreItem(tmpl, scored.key, responses)) out.push_back(std::move(item).value());
  return out;
}

double RegularisedUpperGamma(double a, double x) {
  if (!(a > 0) || !(x >= 0)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return 1;
  constexpr double kEpsilon = 1e-15;
  constexpr double kTiny = 1e-300;
  constexpr int kMaxIterations = 10000;
  double log_prefactor = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1) {
    // Series for the lower function P(a, x); Q = 1 - P.
    double term = 1 / a;
    double sum = term;
    double ap = a;
    for (int i = 0; i < kMaxIterations; ++i) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
    }
    return std::clamp(1 - sum * std::exp(log_prefactor), 0.0, 1.0);
  }
  // Continued fraction for Q(a, x), evaluated by the modified Lentz method.
  double b = x + 1 - a;
  double c = 1 / kTiny;
  double d = 1 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return std::clamp(std::exp(log_prefactor) * h, 0.0, 1.0);
}

double ChiSquarePValue(double statistic, int df) {
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  if (statistic <= 0) return 1;
  return RegularisedUpperGamma(df / 2.0, statistic / 2.0);
}

Result<ChiSquareResult> ChiSquareTest(const std::vector<std::vector<int>>& table) {
  if (table.empty()) return Problem{"", "the table has no rows"};
  std::size_t width = table.front().size();
  Problems problems;
  for (std::size_t r = 0; r < table.size(); ++r) {
    if (table[r].size() != width) {
      problems.push_back({"[" + std::to_string(r) + "]",
                          "the row has " + std::to_string(table[r].size()) +
                              " cells where the first row has " + std::to_string(width)});
      continue;
    }
    for (std::size_t c = 0; c < width; ++c)
      if (table[r][c] < 0)
        problems.push_back({"[" + std::to_string(r) + "][" + std::to_string(c) + "]",
                            "a count cannot be negative"});
  }
  if (!problems.empty()) return problems;

  ChiSquareResult result;
  std::vector<double> row_totals;
  std::vector<double> column_totals(width, 0);
  for (std::size_t r = 0; r < table.size(); ++r) {
    double total = 0;
    for (std::size_t c = 0; c < width; ++c) {
      total += table[r][c];
      column_totals[c] += table[r][c];
    }
    if (total > 0) {
      result.rows_kept.push_back(static_cast<int>(r));
      row_totals.push_back(total);
    }
  }
  for (std::size_t c = 0; c < width; ++c)
    if (column_totals[c] > 0) result.columns_kept.push_back(static_cast<int>(c));
  if (result.rows_kept.size() < 2 || result.columns_kept.size() < 2)
    return Problem{"", "the test needs at least two non-empty rows and two non-empty columns"};

  double grand = std::accumulate(row_totals.begin(), row_totals.end(), 0.0);
  int cells = 0;
  int below_5 = 0;
  result.min_expected = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < result.rows_kept.size(); ++i) {
    std::vector<double> expected_row;
    for (int c : result.columns_kept) {
      double expected = row_totals[i] * column_totals[c] / grand;
      double observed = table[result.rows_kept[i]][c];
      result.statistic += (observed - expected) * (observed - expected) / expected;
      result.min_expected = std::min(result.min_expected, expected);
      ++cells;
      if (expected < 5) ++below_5;
      if (expected < 1) ++result.cells_expected_below_1;
      expected_row.push_back(expected);
    }
    result.expected.push_back(std::move(expected_row));
  }
  result.df = static_cast<int>((result.rows_kept.size() - 1) * (result.columns_kept.size() - 1));
  result.p_value = ChiSquarePValue(result.statistic, result.df);
  result.share_expected_below_5 = static_cast<double>(below_5) / cells;
  result.small_expected = below_5 > 0;
  result.cochran_met = result.cells_expected_below_1 == 0 && 5 * below_5 <= cells;
  result.total = static_cast<int>(std::lround(grand));
  const auto smaller = std::min(result.rows_kept.size(), result.columns_kept.size());
  result.cramers_v = std::sqrt(result.statistic / (grand * static_cast<double>(smaller - 1)));
  return result;
}

std::optional<std::string> CrossTabCategories::Of(const Answers& answers) const {
  auto it = answers.find(item->id);
  if (it == answers.end() || it->second.is_null()) return std::nullopt;
  std::string category;
  if (it->second.is_boolean()) {
    category = it->second.get<bool>() ? "yes" : "no";
  } else if (it->second.is_number()) {
    category = FormatNumber(it->second.get<double>());
  } else if (it->second.is_string()) {
    category = it->second.get<std::string>();
  } else {
    return std::nullopt;
  }
  if (std::find(values.begin(), values.end(), category) == values.end()) return std::nullopt;
  return category;
}

std::optional<std::size_t> CrossTabCategories::IndexOf(const Answers& answers) const {
  auto category = Of(answers);
  if (!category) return std::nullopt;
  return static_cast<std::size_t>(std::find(values.begin(), values.end(), *category) -
                                  values.begin());
}

Result<CrossTabCategories> CrossTabCategoriesOf(const Template& tmpl, const std::string& id,
                                                bool include_withheld) {
  const Item* item = tmpl.FindItem(id);
  if (item == nullptr) return Problem{id, "there is no item with this id"};
  CrossTabCategories categories;
  categories.item = item;
  switch (item->type) {
    case ItemType::kSingleChoice:
      for (const auto& option : item->options) categories.values.push_back(option.value);
      if (include_withheld && item->prefer_not_to_say)
        categories.values.emplace_back(kPreferNotToSay);
      break;
    case ItemType::kYesNo:
      categories.values = {"yes", "no"};
      break;
    case ItemType::kLikert: {
      const Scale* scale = tmpl.FindScale(item->scale);
      if (scale == nullptr)
        return Problem{id, "the item's scale \"" + item->scale + "\" is unknown"};
      for (const auto& point : scale->points)
        categories.values.push_back(FormatNumber(point.value));
      if (include_withheld && scale->not_applicable) categories.values.emplace_back(kNotApplicable);
      break;
    }
    default:
      return Problem{id,
                     "a " + ToString(item->type) +
                         " item cannot be cross-tabulated; use single_choice, yes_no or likert"};
  }
  return categories;
}

Result<ContingencyTable> BuildContingencyTable(const Template& tmpl, const std::string& question_id,
                                               const std::string& segment_id,
                                               const ResponseRefs& responses,
                                               bool include_withheld) {
  auto rows = CrossTabCategoriesOf(tmpl, question_id, include_withheld);
  auto columns = CrossTabCategoriesOf(tmpl, segment_id, include_withheld);
  Problems problems = rows.problems();
  problems.insert(problems.end(), columns.problems().begin(), columns.problems().end());
  if (!problems.empty()) return problems;

  ContingencyTable table;
  table.row_values = rows->values;
  table.column_values = columns->values;
  table.counts.assign(table.row_values.size(), std::vector<int>(table.column_values.size(), 0));
  for (const Answers* answers : responses) {
    auto row = rows->IndexOf(*answers);
    auto column = columns->IndexOf(*answers);
    if (!row || !column) continue;
    table.counts[*row][*column] += 1;
  }
  return table;
}

}  // namespace soundings
