// The organisation's strengths, weaknesses and training needs (ReportService::Organisation).
#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/reports/report_service.h"
#include "shared/results/rounding.h"
#include "shared/results/shown_json.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

namespace {

// Whether the engine shows all others' numbers of item `item` of `layout` given its counts per
// group (`gate`, as AggregateLayout::GateKey lays it out): Show360 of a one-item 360 with those
// counts. The numbers themselves play no part in the decision.
bool OthersGateShown(const SuppressionEngine& engine, const Template& tmpl,
                     const AggregateLayout& layout, std::size_t item,
                     const std::vector<int>& gate) {
  const std::string& key = layout.items()[item].key;
  Stats360 probe;
  probe.item_keys = {key};
  GroupSummaries& entry = probe.items[key];
  for (std::size_t g = 0; g < tmpl.rater_groups.size(); ++g) {
    const std::string& id = tmpl.rater_groups[g].id;
    probe.groups.push_back(id);
    Summary summary;
    summary.n = gate[2 * g];
    summary.not_applicable = gate[2 * g + 1];
    entry.by_group[id] = summary;
  }
  entry.all_others.n = gate.back();
  const Shown360 shown = engine.Show360(tmpl, probe);
  return !shown.items.at(key).all_others.mean.suppressed();
}

}  // namespace

ServiceResult<json> ReportService::Organisation(const Principal& who,
                                                const std::string& campaign_id) {
  if (!who.Allows(Permission::kReportsOrganisation)) {
    return Forbidden(
        "A manager sees their own report and the teams they lead, not the "
        "whole organisation.");
  }
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if (!Is360(**campaign)) return WrongKind(**campaign, "a 360 or self-assessment");
  if (auto refusal = StillCollecting(who, **campaign)) return *refusal;
  const std::string cache_key = "organisation\x1f" + campaign_id;
  auto current = Fingerprint(**campaign, std::nullopt);
  if (!current) return current.error();
  if (auto cached = Cached(cache_key, *current)) {
    // The fingerprint follows responses, invitations and templates, not the campaign's state,
    // so the header is always today's.
    (*cached)["campaign"] = CampaignJson(**campaign);
    return *cached;
  }
  auto templates = Templates((*campaign)->template_id, (*campaign)->template_version);
  if (!templates) return templates.error();
  const Template& tmpl = *(*templates)->current;

  // Training needs: how many managers have each competency among their development areas,
  // each manager's from their own suppressed 360 (a hidden item never counts).
  std::map<std::string, int> needs;
  std::size_t subjects_with_responses = 0;
  std::map<std::string, std::string> competency_of;  // item key -> its competency ("" if none)
  auto count_needs = [&](const std::vector<Ranked>& development_areas) {
    std::set<std::string> areas;
    for (const auto& r : development_areas) {
      auto known = competency_of.find(r.key);
      if (known == competency_of.end()) {
        known = competency_of.emplace(r.key, CompetencyOf(tmpl, r.key)).first;
      }
      if (!known->second.empty()) areas.insert(known->second);
    }
    for (const auto& c : areas) ++needs[c];
  };

  // From the aggregates: the campaign's counts are the sum of its subjects' rows, and each
  // subject's development areas need only its items' all-others gates, means and % favourable.
  // A gate depends only on the item's counts per group, so the engine decides each distinct
  // combination once (a one-item 360) and equal combinations reuse its decision.
  // The bottom 5 are RankByOthers(..., 5, false) over the shown items in template order: mean,
  // then % favourable, ascending, ties to the earlier item; here on plain numbers, no strings.
  struct Entry {
    double mean = 0;
    double favourable_pct = 0;
    std::size_t item = 0;
  };
  std::vector<std::int64_t> pooled;
  std::map<std::vector<int>, bool> gate_shown;
  std::vector<int> gate;
  std::vector<Entry> entries;
  std::vector<std::string> competency_ids;  // competencies of items, by index
  std::vector<int> item_competency;         // item index -> index in competency_ids, or -1
  std::vector<int> needs_by_competency;     // managers per index in competency_ids
  std::vector<char> in_areas;
  auto layout = ReadAggregates(
      **campaign, *templates, std::nullopt,
      [&](const AggregateLayout& l, std::int64_t subject, const std::vector<std::int64_t>& counts) {
        pooled.resize(counts.size(), 0);
        for (std::size_t i = 0; i < counts.size(); ++i) pooled[i] += counts[i];
        if (subject == 0 || l.TotalResponses(counts) == 0) return;
        ++subjects_with_responses;
        if (item_competency.empty()) {
          for (const auto& scored : l.items()) {
            const std::string id = CompetencyOf(tmpl, scored.key);
            auto at = std::find(competency_ids.begin(), competency_ids.end(), id);
            if (id.empty()) {
              item_competency.push_back(-1);
            } else if (at == competency_ids.end()) {
              item_competency.push_back(static_cast<int>(competency_ids.size()));
              competency_ids.push_back(id);
            } else {
              item_competency.push_back(static_cast<int>(at - competency_ids.begin()));
            }
          }
          needs_by_competency.assign(competency_ids.size(), 0);
        }
        entries.clear();
        for (std::size_t i = 0; i < l.items().size(); ++i) {
          l.GateKey(counts, i, gate);
          auto decided = gate_shown.find(gate);
          if (decided == gate_shown.end()) {
            decided = gate_shown.emplace(gate, OthersGateShown(m_engine, tmpl, l, i, gate)).first;
          }
          if (!decided->second) continue;
          Entry entry;
          entry.item = i;
          if (l.OthersMean(counts, i, entry.mean, entry.favourable_pct)) entries.push_back(entry);
        }
        const std::size_t bottom = std::min<std::size_t>(5, entries.size());
        std::partial_sort(entries.begin(), entries.begin() + static_cast<long>(bottom),
                          entries.end(), [](const Entry& a, const Entry& b) {
                            if (a.mean != b.mean) return a.mean < b.mean;
                            if (a.favourable_pct != b.favourable_pct) {
                              return a.favourable_pct < b.favourable_pct;
                            }
                            return a.item < b.item;
                          });
        in_areas.assign(competency_ids.size(), 0);
        for (std::size_t e = 0; e < bottom; ++e) {
          const int c = item_competency[entries[e].item];
          if (c >= 0) in_areas[static_cast<std::size_t>(c)] = 1;
        }
        for (std::size_t c = 0; c < in_areas.size(); ++c) needs_by_competency[c] += in_areas[c];
      });
  if (!layout) return layout.error();
  for (std::size_t c = 0; c < competency_ids.size(); ++c) {
    if (needs_by_competency[c] > 0) needs[competency_ids[c]] += needs_by_competency[c];
  }
  std::optional<Stats360> aggregated;
  if (*layout) {
    aggregated = (*layout)->ToStats(pooled);
  } else {
    needs.clear();
    subjects_with_responses = 0;
    auto data = Load(campaign_id);
    if (!data) return data.error();
    std::vector<const ReportResponse*> all;
    std::map<std::int64_t, std::vector<const ReportResponse*>> by_subject;
    for (const auto& r : data->responses) {
      all.push_back(&r);
      by_subject[r.subject_id].push_back(&r);
    }
    aggregated = Compute360(tmpl, RaterResponses(all));
    for (const auto& [subject, responses] : by_subject) {
      if (subject == 0) continue;
      ++subjects_with_responses;
      const Shown360 own = m_engine.Show360(tmpl, Compute360(tmpl, RaterResponses(responses)));
      count_needs(own.development_areas);
    }
  }
  const Stats360& stats = *aggregated;
  const Shown360 shown = m_engine.Show360(tmpl, stats);

  std::set<int> minimums;
  json competencies = json::array();
  std::vector<Ranked> rankable;
  for (const auto& id : shown.competency_ids) {
    const ShownSummary& others = shown.competencies.at(id).all_others;
    NoteSuppressed(others.mean, minimums);
    competencies.push_back(
        {{"id", id}, {"title", SectionTitle(tmpl, id)}, {"others", ToJson(others)}});
    if (others.mean.shown()) {
      rankable.push_back({id, *others.mean.value(), others.favourable_pct.value().value_or(0)});
    }
  }
  auto ranked_json = [&](const std::vector<Ranked>& ranked, bool items) {
    json list = json::array();
    for (const auto& r : ranked) {
      list.push_back(
          {{"key", r.key},
           {"title", items ? ItemLabel(tmpl, r.key, "the manager") : SectionTitle(tmpl, r.key)},
           {"others_mean", RoundForReport(r.others_mean, 2)},
           {"others_favourable_pct", RoundForReport(r.others_favourable_pct, 1)}});
    }
    return list;
  };
  const int top = std::max<int>(1, std::min<int>(3, static_cast<int>(rankable.size()) / 2));

  std::vector<std::string> order = shown.competency_ids;
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& a, const std::string& b) { return needs[a] > needs[b]; });
  json training = json::array();
  for (const auto& id : order) {
    if (needs[id] == 0) continue;
    // Counts of managers are not about raters, but still reach the reader only as CellValues.
    const CellValue managers = m_engine.Protect({{needs[id], 1, false, {}}}, {}).at(0);
    training.push_back(
        {{"competency", id}, {"title", SectionTitle(tmpl, id)}, {"managers", managers.ToJson()}});
  }

  json out = {{"campaign", CampaignJson(**campaign)},
              {"subjects_with_responses", subjects_with_responses},
              {"others_responses", stats.all_others_responses},
              {"competencies", competencies},
              {"strengths", ranked_json(RankByOthers(rankable, top, true), false)},
              {"weaknesses", ranked_json(RankByOthers(rankable, top, false), false)},
              {"item_strengths", ranked_json(shown.strengths, true)},
              {"item_development_areas", ranked_json(shown.development_areas, true)},
              {"training_needs", training}};
  AddFootnotes(out, minimums);
  Remember(cache_key, *current, out);
  return out;
}

}  // namespace soundings::server
