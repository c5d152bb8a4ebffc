#include "shared/results/association.h"

#include <cmath>
#include <functional>
#include <numeric>

#include "shared/results/distributions.h"
#include "shared/results/scales.h"

namespace soundings {

const char* ToString(TestState state) {
  switch (state) {
    case TestState::kComputed:
      return "computed";
    case TestState::kExpectedCountsTooSmall:
      return "expected_counts_too_small";
    case TestState::kNotEnoughData:
      return "not_enough_data";
    case TestState::kNoVariance:
      return "no_variance";
  }
  return "not_enough_data";
}

Result<CrossTabTest> TestCrossTab(const std::vector<std::vector<int>>& counts) {
  CrossTabTest test;
  if (counts.empty()) return test;
  const std::size_t width = counts.front().size();
  Problems problems;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    if (counts[r].size() != width) {
      problems.push_back({"[" + std::to_string(r) + "]",
                          "the row has " + std::to_string(counts[r].size()) +
                              " cells where the first row has " + std::to_string(width)});
      continue;
    }
    for (std::size_t c = 0; c < width; ++c)
      if (counts[r][c] < 0)
        problems.push_back({"[" + std::to_string(r) + "][" + std::to_string(c) + "]",
                            "a count cannot be negative"});
  }
  if (!problems.empty()) return problems;
  auto chi = ChiSquareTest(counts);
  if (!chi) return test;  // well-formed, so the only failure left is too few rows or columns
  test.state = chi->cochran_met ? TestState::kComputed : TestState::kExpectedCountsTooSmall;
  test.chi_square = std::move(chi).value();
  return test;
}

namespace {

GroupMean MomentsOf(const std::string& segment, const std::vector<double>& values) {
  GroupMean group;
  group.segment = segment;
  group.n = static_cast<int>(values.size());
  group.sum = std::accumulate(values.begin(), values.end(), 0.0);
  if (values.empty()) return group;
  const double mean = group.sum / static_cast<double>(values.size());
  group.mean = mean;
  if (values.size() < 2) return group;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  group.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  group.interval95 = MeanInterval95(mean, *group.sd, group.n);
  return group;
}

}  // namespace

Result<MeansComparison> CompareMeans(const std::vector<std::string>& segments,
                                     const std::vector<std::vector<double>>& values) {
  if (segments.size() != values.size())
    return Problem{"", "there are " + std::to_string(segments.size()) + " segments but " +
                           std::to_string(values.size()) + " lists of values"};
  for (std::size_t g = 0; g < values.size(); ++g)
    for (double v : values[g])
      if (!std::isfinite(v))
        return Problem{"[" + std::to_string(g) + "]", "a value is not a finite number"};

  MeansComparison out;
  std::vector<const GroupMean*> used;
  for (std::size_t g = 0; g < segments.size(); ++g) {
    out.groups.push_back(MomentsOf(segments[g], values[g]));
  }
  int total_n = 0;
  double grand_sum = 0;
  for (const auto& group : out.groups) {
    if (group.n == 0) continue;
    used.push_back(&group);
    total_n += group.n;
    grand_sum += group.sum;
  }
  const int k = static_cast<int>(used.size());
  if (k < 2) return out;

  // Classic ANOVA.
  if (total_n - k >= 1) {
    const double grand_mean = grand_sum / total_n;
    double between = 0;
    double within = 0;
    for (std::size_t g = 0; g < out.groups.size(); ++g) {
      const GroupMean& group = out.groups[g];
      if (group.n == 0) continue;
      between += group.n * (*group.mean - grand_mean) * (*group.mean - grand_mean);
      for (double v : values[g]) within += (v - *group.mean) * (v - *group.mean);
    }
    if (within > 0) {
      AnovaResult anova;
      anova.df_between = k - 1;
      anova.df_within = total_n - k;
      anova.f = (between / anova.df_between) / (within / anova.df_within);
      anova.p_value = FUpperTail(anova.f, anova.df_between, anova.df_within);
      anova.eta_squared = between / (between + within);
      out.anova = anova;
      out.anova_state = TestState::kComputed;
    } else {
      out.anova_state = TestState::kNoVariance;
    }
  }

  // Welch: weights n / s², so every group needs a variance above 0.
  bool welch_possible = true;
  bool any_flat = false;
  for (const GroupMean* group : used) {
    if (group->n < 2)
      welch_possible = false;
    else if (*group->sd <= 0)
      any_flat = true;
  }
  if (!welch_possible) return out;
  if (any_flat) {
    out.welch_state = TestState::kNoVariance;
    return out;
  }
  double w_total = 0;
  double weighted = 0;
  for (const GroupMean* group : used) {
    const double w = group->n / (*group->sd * *group->sd);
    w_total += w;
    weighted += w * *group->mean;
  }
  const double centre = weighted / w_total;
  double a = 0;
  double lambda = 0;
  for (const GroupMean* group : used) {
    const double w = group->n / (*group->sd * *group->sd);
    a += w * (*group->mean - centre) * (*group->mean - centre);
    lambda += (1 - w / w_total) * (1 - w / w_total) / (group->n - 1);
  }
  const double kd = k;
  a /= kd - 1;
  const double b = 1 + 2 * (kd - 2) / (kd * kd - 1) * lambda;
  WelchResult welch;
  welch.f = a / b;
  welch.df1 = kd - 1;
  welch.df2 = (kd * kd - 1) / (3 * lambda);
  welch.p_value = FUpperTail(welch.f, welch.df1, welch.df2);
  out.welch = welch;
  out.welch_state = TestState::kComputed;
  return out;
}

Result<SegmentedValues> ValuesBySegment(const Template& tmpl, const std::string& question,
                                        const std::string& segment_id,
                                        const ResponseRefs& responses, bool include_withheld) {
  auto columns = CrossTabCategoriesOf(tmpl, segment_id, include_withheld);
  if (!columns) return columns.problems();
  SegmentedValues out;
  out.segments = columns->values;
  out.values.assign(out.segments.size(), {});

  // One way of reading the question's value from a response, whichever kind it is.
  std::function<std::optional<double>(const Answers&)> value_of;
  std::optional<ScaleItems> scale;
  std::optional<ScoredItem> scored = FindScoredItem(tmpl, question);
  const Item* item = tmpl.FindItem(question);
  bool is_section = false;
  for (const auto& section : tmpl.sections) is_section = is_section || section.id == question;
  if (is_section) {
    auto found = ScaleOf(tmpl, question);
    if (!found) return found.problems();
    scale = std::move(found).value();
    out.question_kind = "scale";
    value_of = [&scale](const Answers& answers) { return ScaleScoreOf(*scale, answers); };
  } else if (scored) {
    out.question_kind = "item";
    value_of = [&scored](const Answers& answers) { return ScoreOf(*scored, answers); };
  } else if (item != nullptr &&
             (item->type == ItemType::kNumber || item->type == ItemType::kRating)) {
    out.question_kind = "number";
    value_of = [item](const Answers& answers) -> std::optional<double> {
      auto it = answers.find(item->id);
      if (it == answers.end() || !it->second.is_number()) return std::nullopt;
      const double v = it->second.get<double>();
      if (!std::isfinite(v)) return std::nullopt;
      return v;
    };
  } else if (item != nullptr) {
    return Problem{question, "a " + ToString(item->type) +
                                 " item has no mean; use a scale, a likert item or matrix row, "
                                 "or a number or rating item"};
  } else {
    return Problem{question, "there is no section, scored item or number item with this id"};
  }

  for (const Answers* answers : responses) {
    auto column = columns->IndexOf(*answers);
    if (!column) continue;
    if (auto v = value_of(*answers)) out.values[*column].push_back(*v);
  }
  return out;
}

}  // namespace soundings
