// Team rollups and the teams x competencies heatmap (ReportService::Teams): each team's counts
// pooled from its subjects' aggregate rows, or its subjects' responses on the plain path.
#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/reports/report_service.h"
#include "shared/results/shown_json.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

ServiceResult<json> ReportService::Teams(const Principal& who, const std::string& campaign_id) {
  if (!who.Allows(Permission::kReportsTeams)) return Forbidden("Your role sees no team rollups.");
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if (!Is360(**campaign)) return WrongKind(**campaign, "a 360 or self-assessment");
  if (auto refusal = StillCollecting(who, **campaign)) return *refusal;
  auto templates = Templates((*campaign)->template_id, (*campaign)->template_version);
  if (!templates) return templates.error();
  const Template& tmpl = *(*templates)->current;
  auto subjects = m_store.Subjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  auto units = m_store.OrgUnits();
  if (!units) return StorageError(units.error());

  const std::set<std::string> in_scope = UnitsInScope(who, Permission::kReportsTeams, *units);

  std::map<std::int64_t, std::string> unit_of_subject;
  for (const auto& s : *subjects) unit_of_subject[s.id] = s.unit_id;
  std::map<std::string, std::set<std::int64_t>> subjects_by_unit;
  for (const auto& s : *subjects) subjects_by_unit[s.unit_id].insert(s.id);
  // Each team's counts are the sum of its subjects' aggregate rows; on the plain path, its
  // subjects' responses pooled.
  std::map<std::string, std::vector<std::int64_t>> counts_by_unit;
  auto layout = ReadAggregates(
      **campaign, *templates, std::nullopt,
      [&](const AggregateLayout&, std::int64_t subject, const std::vector<std::int64_t>& counts) {
        auto unit = unit_of_subject.find(subject);
        if (unit == unit_of_subject.end()) return;
        auto& sum = counts_by_unit[unit->second];
        sum.resize(counts.size(), 0);
        for (std::size_t i = 0; i < counts.size(); ++i) sum[i] += counts[i];
      });
  if (!layout) return layout.error();
  std::optional<CampaignResponses> data;
  std::map<std::string, std::vector<const ReportResponse*>> by_unit;
  if (!*layout) {
    auto loaded = Load(campaign_id);
    if (!loaded) return loaded.error();
    data = std::move(*loaded);
    for (const auto& r : data->responses) {
      auto unit = unit_of_subject.find(r.subject_id);
      if (unit != unit_of_subject.end()) by_unit[unit->second].push_back(&r);
    }
  }
  auto stats_of = [&](const std::string& unit_id) {
    return *layout ? (*layout)->ToStats(counts_by_unit[unit_id])
                   : Compute360(tmpl, RaterResponses(by_unit[unit_id]));
  };

  std::vector<std::string> competency_ids;
  json competencies = json::array();
  {
    const Stats360 empty = Compute360(tmpl, {});
    competency_ids = empty.competency_ids;
    for (const auto& id : competency_ids) {
      competencies.push_back({{"id", id}, {"title", SectionTitle(tmpl, id)}});
    }
  }
  json teams = json::array();
  json heat_rows = json::array();
  std::set<int> minimums;
  for (const auto& unit : *units) {
    if (!in_scope.contains(unit.id) || !subjects_by_unit.contains(unit.id)) continue;
    const Stats360 stats = stats_of(unit.id);
    const Shown360 shown = m_engine.Show360(tmpl, stats);
    json team_competencies = json::array();
    json heat_row = json::array();
    for (const auto& id : competency_ids) {
      auto found = shown.competencies.find(id);
      if (found == shown.competencies.end()) continue;
      const ShownSummary& others = found->second.all_others;
      NoteSuppressed(others.mean, minimums);
      team_competencies.push_back({{"id", id}, {"others", ToJson(others)}});
      heat_row.push_back(others.mean.ToJson(2));
    }
    teams.push_back({{"unit_id", unit.id},
                     {"name", unit.name},
                     {"kind", unit.kind},
                     {"subjects", subjects_by_unit[unit.id].size()},
                     {"others_responses", stats.all_others_responses},
                     {"competencies", team_competencies}});
    heat_rows.push_back(heat_row);
  }
  json team_ids = json::array();
  for (const auto& t : teams) team_ids.push_back({{"unit_id", t["unit_id"]}, {"name", t["name"]}});
  json out = {{"campaign", CampaignJson(**campaign)},
              {"competencies", competencies},
              {"teams", teams},
              {"heatmap", {{"rows", team_ids}, {"columns", competency_ids}, {"mean", heat_rows}}}};
  AddFootnotes(out, minimums);
  return out;
}

}  // namespace soundings::server
