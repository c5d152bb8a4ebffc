#include "shared/results/three_sixty.h"

#include <algorithm>
#include <cmath>

namespace soundings {

Stats360 Compute360(const Template& tmpl, const std::vector<RaterResponse>& responses) {
  Stats360 stats;
  std::map<std::string, ResponseRefs> by_group;
  ResponseRefs all_others;
  for (const auto& group : tmpl.rater_groups) {
    stats.groups.push_back(group.id);
    stats.responses[group.id] = 0;
    by_group[group.id];
  }
  for (const auto& response : responses) {
    if (auto it = by_group.find(response.rater_group); it != by_group.end()) {
      it->second.push_back(&response.answers);
      stats.responses[response.rater_group] += 1;
    }
    if (response.rater_group != kSelfGroup) {
      all_others.push_back(&response.answers);
      stats.all_others_responses += 1;
    }
  }

  for (const auto& scored : ScoredItemsOf(tmpl)) {
    stats.item_keys.push_back(scored.key);
    GroupSummaries& entry = stats.items[scored.key];
    for (const auto& [group, refs] : by_group)
      entry.by_group[group] = SummariseItem(tmpl, scored.key, refs).value();
    entry.all_others = SummariseItem(tmpl, scored.key, all_others).value();
  }
  for (const auto& section : tmpl.sections) {
    if (!section.competency) continue;
    auto others = SummariseSection(tmpl, section.id, all_others);
    if (!others.ok()) continue;
    stats.competency_ids.push_back(section.id);
    GroupSummaries& entry = stats.competencies[section.id];
    entry.all_others = std::move(others).value();
    for (const auto& [group, refs] : by_group)
      entry.by_group[group] = SummariseSection(tmpl, section.id, refs).value();
  }
  return stats;
}

double DefaultGapThreshold(const Scale& scale) { return (scale.Max() - scale.Min()) / 3.0; }

GapKind ClassifyGap(double self, double others, double threshold) {
  // Means are sums divided by counts; without a tolerance a gap of exactly a third of the range
  // (4 against 2.6666...) could miss by one ulp.
  constexpr double kTolerance = 1e-9;
  if (self - others >= threshold - kTolerance) return GapKind::kBlindSpot;
  if (others - self >= threshold - kTolerance) return GapKind::kHiddenStrength;
  return GapKind::kNone;
}

namespace {

std::optional<Gap> GapOf(const std::string& key, bool competency, const GroupSummaries& entry,
                         double threshold) {
  auto self = entry.by_group.find(kSelfGroup);
  if (self == entry.by_group.end() || !self->second.mean || !entry.all_others.mean)
    return std::nullopt;
  Gap gap;
  gap.key = key;
  gap.competency = competency;
  gap.self = *self->second.mean;
  gap.others = *entry.all_others.mean;
  gap.gap = gap.self - gap.others;
  gap.threshold = threshold;
  gap.kind = ClassifyGap(gap.self, gap.others, threshold);
  return gap;
}

const Scale* ScaleOfCompetency(const Template& tmpl, const std::string& section_id) {
  for (const auto& section : tmpl.sections) {
    if (section.id != section_id) continue;
    auto items = ScoredItemsOf(tmpl, section);
    return items.empty() ? nullptr : items.front().scale;
  }
  return nullptr;
}

}  // namespace

std::vector<Gap> Gaps(const Template& tmpl, const Stats360& stats,
                      std::optional<double> threshold) {
  std::vector<Gap> gaps;
  for (const auto& key : stats.item_keys) {
    auto scored = FindScoredItem(tmpl, key);
    if (!scored) continue;
    double t = threshold.value_or(DefaultGapThreshold(*scored->scale));
    if (auto gap = GapOf(key, false, stats.items.at(key), t)) gaps.push_back(*gap);
  }
  for (const auto& id : stats.competency_ids) {
    const Scale* scale = ScaleOfCompetency(tmpl, id);
    if (scale == nullptr) continue;
    double t = threshold.value_or(DefaultGapThreshold(*scale));
    if (auto gap = GapOf(id, true, stats.competencies.at(id), t)) gaps.push_back(*gap);
  }
  return gaps;
}

std::vector<Ranked> RankByOthers(std::vector<Ranked> entries, int count, bool best_first) {
  std::stable_sort(entries.begin(), entries.end(), [&](const Ranked& a, const Ranked& b) {
    if (a.others_mean != b.others_mean)
      return best_first ? a.others_mean > b.others_mean : a.others_mean < b.others_mean;
    if (a.others_favourable_pct != b.others_favourable_pct)
      return best_first ? a.others_favourable_pct > b.others_favourable_pct
                        : a.others_favourable_pct < b.others_favourable_pct;
    return false;
  });
  if (count >= 0 && entries.size() > static_cast<std::size_t>(count))
    entries.resize(static_cast<std::size_t>(count));
  return entries;
}

std::vector<Ranked> RankableItems(const Stats360& stats) {
  std::vector<Ranked> entries;
  for (const auto& key : stats.item_keys) {
    const Summary& others = stats.items.at(key).all_others;
    if (!others.mean) continue;
    entries.push_back({key, *others.mean, others.favourable_pct.value_or(0)});
  }
  return entries;
}

std::vector<Ranked> TopStrengths(const Stats360& stats, int count) {
  return RankByOthers(RankableItems(stats), count, true);
}

std::vector<Ranked> DevelopmentAreas(const Stats360& stats, int count) {
  return RankByOthers(RankableItems(stats), count, false);
}

}  // namespace soundings
