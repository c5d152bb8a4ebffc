#include "shared/results/scales.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace soundings {

int DefaultMinAnswered(int items) { return std::max(1, (items + 1) / 2); }

Result<ScaleItems> ScaleOf(const Template& tmpl, const std::string& section_id,
                           std::optional<int> min_answered) {
  const Section* section = nullptr;
  for (const auto& s : tmpl.sections)
    if (s.id == section_id) section = &s;
  if (section == nullptr) return Problem{section_id, "there is no section with this id"};
  ScaleItems scale;
  scale.section = section;
  scale.items = ScoredItemsOf(tmpl, *section);
  if (scale.items.empty())
    return Problem{section_id, "the section has no likert items or matrix rows"};
  for (const auto& scored : scale.items)
    if (!ScalesHaveSamePoints(*scored.scale, *scale.items.front().scale))
      return Problem{section_id, "the section mixes scales \"" + scale.items.front().scale->id +
                                     "\" and \"" + scored.scale->id +
                                     "\" with different points, so they cannot be averaged"};
  const int k = static_cast<int>(scale.items.size());
  scale.min_answered = std::clamp(min_answered.value_or(DefaultMinAnswered(k)), 1, k);
  return scale;
}

std::optional<double> ScaleScoreOf(const ScaleItems& scale, const Answers& answers) {
  double total = 0;
  int count = 0;
  for (const auto& scored : scale.items) {
    if (auto score = ScoreOf(scored, answers)) {
      total += *score;
      ++count;
    }
  }
  if (count == 0 || count < scale.min_answered) return std::nullopt;
  return total / count;
}

std::vector<std::optional<double>> ScaleScores(const ScaleItems& scale,
                                               const ResponseRefs& responses) {
  std::vector<std::optional<double>> out;
  out.reserve(responses.size());
  for (const Answers* answers : responses) out.push_back(ScaleScoreOf(scale, *answers));
  return out;
}

double NearestPoint(const Scale& scale, double score) {
  double best = scale.points.front().value;
  double best_distance = std::fabs(score - best);
  for (const auto& point : scale.points) {
    const double distance = std::fabs(score - point.value);
    // Points run from least to most favourable, so ">=" on a tie keeps the later, higher one.
    if (distance < best_distance || (distance == best_distance && point.value > best)) {
      best = point.value;
      best_distance = distance;
    }
  }
  return best;
}

std::optional<double> PearsonCorrelation(const std::vector<double>& x,
                                         const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) return std::nullopt;
  const auto n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0;
  double sxx = 0;
  double syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

Result<ScaleStatistics> SummariseScale(const Template& tmpl, const std::string& section_id,
                                       const ResponseRefs& responses,
                                       std::optional<int> min_answered) {
  auto scale = ScaleOf(tmpl, section_id, min_answered);
  if (!scale) return scale.problems();
  const Scale& points = *scale->items.front().scale;
  ScaleStatistics out;
  out.section_id = section_id;
  out.min_answered = scale->min_answered;
  for (const auto& scored : scale->items) {
    out.item_keys.push_back(scored.key);
    out.reverse_scored.push_back(scored.reverse_scored);
  }

  std::vector<double> scores;
  std::vector<double> placed;
  std::vector<std::vector<double>> complete;
  for (const Answers* answers : responses) {
    std::vector<double> row;
    int answered = 0;
    for (const auto& scored : scale->items) {
      if (auto score = ScoreOf(scored, *answers)) {
        row.push_back(*score);
        ++answered;
      }
    }
    if (auto score = ScaleScoreOf(*scale, *answers)) {
      scores.push_back(*score);
      placed.push_back(NearestPoint(points, *score));
    } else if (answered > 0) {
      ++out.too_few_items;
    }
    if (row.size() == scale->items.size()) complete.push_back(std::move(row));
  }
  // The distribution counts the placed scores; n, mean and sd are of the scores themselves,
  // which a mean over placed scores would blur.
  out.scores = SummariseScores(points, placed);
  out.scores.sum = std::accumulate(scores.begin(), scores.end(), 0.0);
  out.scores.mean.reset();
  out.scores.sd.reset();
  if (!scores.empty()) out.scores.mean = out.scores.sum / static_cast<double>(scores.size());
  if (scores.size() >= 2) {
    double squares = 0;
    for (double v : scores) squares += (v - *out.scores.mean) * (v - *out.scores.mean);
    out.scores.sd = std::sqrt(squares / static_cast<double>(scores.size() - 1));
  }
  out.top2 = ShareOf(out.scores.favourable, out.scores.n);
  out.bottom2 = ShareOf(out.scores.unfavourable, out.scores.n);

  out.alpha_n = static_cast<int>(complete.size());
  out.alpha = CronbachAlpha(complete);
  for (std::size_t j = 0; j < scale->items.size(); ++j) {
    AlphaIfDeleted deleted;
    deleted.key = scale->items[j].key;
    std::vector<std::vector<double>> without;
    std::vector<double> item;
    std::vector<double> rest;
    without.reserve(complete.size());
    for (const auto& row : complete) {
      std::vector<double> others;
      for (std::size_t c = 0; c < row.size(); ++c)
        if (c != j) others.push_back(row[c]);
      item.push_back(row[j]);
      rest.push_back(std::accumulate(others.begin(), others.end(), 0.0));
      without.push_back(std::move(others));
    }
    deleted.alpha = CronbachAlpha(without);
    deleted.item_rest_correlation = PearsonCorrelation(item, rest);
    out.if_deleted.push_back(std::move(deleted));
  }
  return out;
}

std::vector<ScaleStatistics> SummariseScales(const Template& tmpl, const ResponseRefs& responses) {
  std::vector<ScaleStatistics> out;
  for (const auto& section : tmpl.sections) {
    if (!section.IsScale()) continue;
    if (auto stats = SummariseScale(tmpl, section.id, responses))
      out.push_back(std::move(stats).value());
  }
  return out;
}

}  // namespace soundings
