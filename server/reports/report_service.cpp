#include "server/reports/report_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "server/reports/report_parts.h"
#include "shared/results/rounding.h"
#include "shared/results/shown_json.h"
#include "shared/results/statistics.h"
#include "shared/results/three_sixty.h"
#include "shared/templates/parser.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;  // NOLINT(google-build-using-namespace): the shared report helpers

namespace {

// The segments consultation reports add (kAllSegment, kVenueSegment...) are in
// consultation_tally.h.
constexpr const char* kEqualityModule = "equality-monitoring";

std::vector<RaterResponse> RaterResponses(const std::vector<const ReportResponse*>& responses) {
  std::vector<RaterResponse> out;
  out.reserve(responses.size());
  for (const auto* r : responses) out.push_back({r->rater_group, r->answers});
  return out;
}

bool IsTextItem(const Item& item) {
  return item.comment || item.type == ItemType::kShortText || item.type == ItemType::kLongText;
}

// Adds the smallest suppression threshold seen in `cell` to `minimums`.
void NoteSuppressed(const CellValue& cell, std::set<int>& minimums) {
  if (cell.suppressed()) minimums.insert(cell.minimum());
}

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

// `r`'s answers re-expressed on the campaign's template version (`versions.current`); cleared
// when they cannot be (another template, a version no longer stored).
void MapToCurrent(const TemplateVersions& versions, ReportResponse& r) {
  const Template& current = *versions.current;
  if (r.template_version == current.version && r.template_id == current.id) return;
  auto answered_on = versions.by_version.find(r.template_version);
  if (r.template_id != current.id || answered_on == versions.by_version.end()) {
    r.answers.clear();  // cannot be compared with the campaign's version
    return;
  }
  r.answers = MapAnswers(current, answered_on->second, versions.mapping, r.answers);
}

void AddFootnotes(json& out, const std::set<int>& minimums) {
  if (minimums.empty()) return;
  json notes = json::array();
  for (int m : minimums) notes.push_back(CellValue::Footnote(m));
  out["footnotes"] = notes;
}

}  // namespace

ReportService::ReportService(ReportStore& store, SuppressionPolicy policy)
    : m_store(store), m_engine(policy) {}

ServiceResult<std::shared_ptr<const TemplateVersions>> ReportService::Templates(
    const std::string& template_id, int version, std::string* fingerprint_out) {
  auto fingerprint = m_store.TemplateFingerprint(template_id);
  if (!fingerprint) return StorageError(fingerprint.error());
  if (fingerprint_out != nullptr) *fingerprint_out = *fingerprint;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_templates.find({template_id, version});
    if (it != m_templates.end() && it->second.first == *fingerprint) return it->second.second;
  }
  auto rows = m_store.TemplateVersions(template_id);
  if (!rows) return StorageError(rows.error());
  auto versions = std::make_shared<TemplateVersions>();
  for (const auto& row : *rows) {
    auto parsed = ParseTemplate(std::string_view(row.document), ModuleSource{});
    if (!parsed) {
      return ServiceError{ErrorKind::kInternal,
                          "template_unreadable",
                          "Stored template " + template_id + " version " +
                              std::to_string(row.version) + " no longer parses.",
                          {}};
    }
    versions->by_version.emplace(row.version, std::move(parsed).value());
  }
  auto current = versions->by_version.find(version);
  if (current == versions->by_version.end()) {
    return ServiceError{
        ErrorKind::kInternal,
        "template_missing",
        "Template " + template_id + " version " + std::to_string(version) + " is not stored.",
        {}};
  }
  versions->current = std::make_shared<const Template>(current->second);
  std::vector<Template> others;
  for (const auto& [v, tmpl] : versions->by_version) {
    if (v != version) others.push_back(tmpl);
  }
  versions->mapping = BuildItemMapping(*versions->current, others);
  std::shared_ptr<const TemplateVersions> shared = versions;
  std::lock_guard lock(m_mutex);
  m_templates[{template_id, version}] = {*fingerprint, shared};
  return shared;
}

ServiceResult<std::string> ReportService::Fingerprint(const CampaignRow& campaign,
                                                      std::optional<std::int64_t> subject_id) {
  auto templates = m_store.TemplateFingerprint(campaign.template_id);
  if (!templates) return StorageError(templates.error());
  auto responses = m_store.ResponsesFingerprint(campaign.id, subject_id);
  if (!responses) return StorageError(responses.error());
  return campaign.template_id + "@" + std::to_string(campaign.template_version) + "|" + *templates +
         "|" + *responses;
}

std::optional<json> ReportService::Cached(const std::string& key, const std::string& fingerprint) {
  std::lock_guard lock(m_mutex);
  auto it = m_reports.find(key);
  if (it == m_reports.end() || it->second.first != fingerprint) {
    ++m_cache_stats.misses;
    return std::nullopt;
  }
  ++m_cache_stats.hits;
  return it->second.second;
}

void ReportService::Remember(const std::string& key, const std::string& fingerprint,
                             const json& report) {
  std::lock_guard lock(m_mutex);
  if (m_reports.size() >= kMaxCachedReports && !m_reports.contains(key)) m_reports.clear();
  m_reports[key] = {fingerprint, report};
}

ReportCacheStats ReportService::CacheStats() {
  std::lock_guard lock(m_mutex);
  return m_cache_stats;
}

ServiceResult<std::shared_ptr<const AggregateLayout>> ReportService::ReadAggregates(
    const CampaignRow& campaign, const std::shared_ptr<const TemplateVersions>& templates,
    std::optional<std::int64_t> subject_id,
    const std::function<void(const AggregateLayout&, std::int64_t,
                             const std::vector<std::int64_t>&)>& each) {
  if (!m_use_aggregates || !Is360(campaign)) return std::shared_ptr<const AggregateLayout>();
  std::shared_ptr<const AggregateLayout> layout;
  std::string fingerprint;  // of the template versions `templates` was parsed from
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [key, entry] : m_templates) {
      if (entry.second == templates) fingerprint = entry.first;
    }
    auto found = m_layouts.find(templates.get());
    if (found != m_layouts.end()) {
      layout = found->second.second;
    } else {
      if (auto made = AggregateLayout::For(templates->current)) {
        layout = std::make_shared<const AggregateLayout>(std::move(*made));
      }
      if (m_layouts.size() >= 64) m_layouts.clear();
      m_layouts[templates.get()] = {templates, layout};
    }
  }
  if (!layout || fingerprint.empty()) return std::shared_ptr<const AggregateLayout>();
  bool readable = true;
  std::vector<std::int64_t> counts;  // one buffer for every subject's row
  auto header = m_store.Aggregates(
      campaign.id, subject_id, [&](std::int64_t subject, const std::string& text) {
        if (!readable) return;
        if (!DecodeCounts(text, counts) || counts.size() != layout->size()) {
          readable = false;
          return;
        }
        each(*layout, subject, counts);
      });
  if (!header) return StorageError(header.error());
  // Built for other template versions (one was added since): the plain path until ingest or
  // the next start rebuilds them.
  if (!readable || !header->has_value() || (*header)->template_fingerprint != fingerprint) {
    return std::shared_ptr<const AggregateLayout>();
  }
  return layout;
}

ServiceResult<CampaignResponses> ReportService::Load(const std::string& campaign_id,
                                                     std::optional<std::int64_t> subject_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  CampaignResponses out;
  out.campaign = **campaign;
  auto templates = Templates(out.campaign.template_id, out.campaign.template_version);
  if (!templates) return templates.error();
  out.templates = *templates;
  auto responses = m_store.Responses(campaign_id, subject_id);
  if (!responses) return StorageError(responses.error());
  out.responses = std::move(*responses);
  for (auto& r : out.responses) MapToCurrent(*out.templates, r);
  return out;
}

// ---- individual 360 ----

ServiceResult<json> ReportService::Individual(const Principal& who, const std::string& campaign_id,
                                              const std::string& subject_person_id) {
  if (!who.Allows(Permission::kReportsIndividual)) {
    return Forbidden("Analysts see team and organisation rollups, not one person's report.");
  }
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if (!Is360(**campaign)) return WrongKind(**campaign, "a 360 or self-assessment");
  auto found = m_store.Subject(campaign_id, subject_person_id);
  if (!found) return StorageError(found.error());
  if (!found->has_value()) {
    return NotFound("No subject " + subject_person_id + " in campaign " + campaign_id + ".");
  }
  const ReportSubject* subject = &**found;
  if (!MayReadPerson(who, Permission::kReportsIndividual, subject->person_id)) {
    return Forbidden("A manager sees only their own report and rollups of the teams they lead.");
  }
  // The report is the same for every reader allowed to see it, so it is cached until a
  // response or invitation of this subject, or a template version, is added.
  const std::string cache_key = "individual\x1f" + campaign_id + "\x1f" + subject_person_id;
  auto current = Fingerprint(**campaign, subject->id);
  if (!current) return current.error();
  if (auto cached = Cached(cache_key, *current)) return *cached;

  auto templates = Templates((*campaign)->template_id, (*campaign)->template_version);
  if (!templates) return templates.error();
  const Template& tmpl = *(*templates)->current;
  // The numbers from the subject's aggregate row when ingest keeps one; the answers are read
  // only for the comments, or for everything on the plain path.
  std::optional<Stats360> aggregated;
  {
    std::vector<std::int64_t> counts;
    auto layout = ReadAggregates(**campaign, *templates, subject->id,
                                 [&](const AggregateLayout&, std::int64_t,
                                     const std::vector<std::int64_t>& c) { counts = c; });
    if (!layout) return layout.error();
    if (*layout) aggregated = (*layout)->ToStats(counts);
  }
  bool has_text = false;
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) has_text = has_text || IsTextItem(item);
  }
  std::vector<ReportResponse> responses;
  if (!aggregated || has_text) {
    auto data = Load(campaign_id, subject->id);
    if (!data) return data.error();
    responses = std::move(data->responses);
  }
  std::vector<const ReportResponse*> refs;
  for (const auto& r : responses) refs.push_back(&r);
  const Stats360 stats =
      aggregated ? std::move(*aggregated) : Compute360(tmpl, RaterResponses(refs));
  const Shown360 shown = m_engine.Show360(tmpl, stats);

  json out;
  out["campaign"] = CampaignJson(**campaign);
  out["subject"] = {{"person_id", subject->person_id}, {"display_name", subject->display_name}};
  out["report"] = ToJson(shown);

  auto invited = m_store.InvitationCounts(subject->id);
  if (!invited) return StorageError(invited.error());
  json rates = json::array();
  json group_labels = json::object();
  for (const auto& group : tmpl.rater_groups) {
    auto received = stats.responses.find(group.id);
    auto made = invited->find(group.id);
    rates.push_back({{"group", group.id},
                     {"received", received == stats.responses.end() ? 0 : received->second},
                     {"invited", made == invited->end() ? 0 : made->second},
                     {"min_responses", group.min_responses},
                     {"comment_min_responses", group.comment_min_responses}});
    group_labels[group.id] = Pick(group.label, Language(tmpl));
  }
  out["response_rates"] = rates;

  // Comments: every free-text item, by rater group, each group gated by its own minimum.
  json comments = json::array();
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      if (!IsTextItem(item)) continue;
      json groups = json::array();
      for (const auto& group : tmpl.rater_groups) {
        std::vector<std::string> texts;
        for (const auto& r : responses) {
          if (r.rater_group != group.id) continue;
          auto answer = r.answers.find(item.id);
          if (answer == r.answers.end() || !answer->second.is_string()) continue;
          if (answer->second.get<std::string>().empty()) continue;
          texts.push_back(answer->second.get<std::string>());
        }
        auto received = stats.responses.find(group.id);
        const int count = received == stats.responses.end() ? 0 : received->second;
        if (count == 0) continue;
        groups.push_back(ToJson(m_engine.Comments(tmpl, group.id, count, std::move(texts))));
      }
      comments.push_back({{"item", item.id},
                          {"section", section.id},
                          {"text", item.Wording("", Language(tmpl), subject->display_name)},
                          {"groups", groups}});
    }
  }
  out["comments"] = comments;

  json item_labels = json::object();
  for (const auto& key : shown.item_keys) {
    item_labels[key] = {{"text", ItemLabel(tmpl, key, subject->display_name)},
                        {"competency", CompetencyOf(tmpl, key)}};
  }
  json competency_labels = json::object();
  for (const auto& id : shown.competency_ids) competency_labels[id] = SectionTitle(tmpl, id);
  out["labels"] = {
      {"groups", group_labels}, {"items", item_labels}, {"competencies", competency_labels}};
  Remember(cache_key, *current, out);
  return out;
}

// ---- team and organisation rollups ----

ServiceResult<json> ReportService::Teams(const Principal& who, const std::string& campaign_id) {
  if (!who.Allows(Permission::kReportsTeams)) return Forbidden("Your role sees no team rollups.");
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if (!Is360(**campaign)) return WrongKind(**campaign, "a 360 or self-assessment");
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
  const std::string cache_key = "organisation\x1f" + campaign_id;
  auto current = Fingerprint(**campaign, std::nullopt);
  if (!current) return current.error();
  if (auto cached = Cached(cache_key, *current)) return *cached;
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

// ---- consultations ----

namespace {

// Every response's answers with its venue, area and settlement filled in as answers to the
// segments of SegmentedTemplate (the plain path).
std::vector<Answers> SegmentAnswers(const std::vector<ReportResponse>& responses,
                                    const std::vector<VenueRow>& venues) {
  std::map<std::string, const VenueRow*> venue_by_id;
  for (const auto& v : venues) venue_by_id[v.id] = &v;
  std::vector<Answers> out;
  out.reserve(responses.size());
  for (const auto& r : responses) {
    Answers a = r.answers;
    a[kAllSegment] = "all";
    auto venue = venue_by_id.find(r.venue_id);
    if (venue != venue_by_id.end()) {
      a[kVenueSegment] = venue->second->id;
      if (!venue->second->area.empty()) a[kAreaSegment] = venue->second->area;
      if (!venue->second->settlement.empty()) a[kSettlementSegment] = venue->second->settlement;
    }
    out.push_back(std::move(a));
  }
  return out;
}

// The public name of a segment ("venue_area") to the id used inside the segmented template.
std::string SegmentItemId(const std::string& segment) {
  if (segment == "venue") return kVenueSegment;
  if (segment == "venue_area") return kAreaSegment;
  if (segment == "venue_settlement") return kSettlementSegment;
  return segment;
}

bool CrossTabulable(const Item& item) {
  return item.type == ItemType::kSingleChoice || item.type == ItemType::kYesNo ||
         item.type == ItemType::kLikert;
}

// The distribution of one item of `segmented` over every answer (the plain path); nullopt for
// items that have none (text, numbers, ranking).
std::optional<ShownDistribution> DistributionOf(const SuppressionEngine& engine,
                                                const Template& segmented,
                                                const std::vector<Answers>& answers,
                                                const Item& item) {
  std::vector<std::string> values;
  std::vector<int> counts;
  if (CrossTabulable(item)) {
    auto table = BuildContingencyTable(segmented, item.id, kAllSegment, RefsOf(answers));
    if (!table) return std::nullopt;
    values = table->row_values;
    for (const auto& row : table->counts) counts.push_back(row.empty() ? 0 : row[0]);
  } else if (item.type == ItemType::kRating) {
    for (int v = 0; v <= 10; ++v) values.push_back(std::to_string(v));
    counts.assign(values.size(), 0);
    for (const auto& a : answers) {
      auto it = a.find(item.id);
      if (it == a.end() || !it->second.is_number()) continue;
      const double v = it->second.get<double>();
      if (v >= 0 && v <= 10 && v == std::floor(v)) ++counts[static_cast<std::size_t>(v)];
    }
  } else if (item.type == ItemType::kMultipleChoice) {
    for (const auto& o : item.options) values.push_back(o.value);
    counts.assign(values.size(), 0);
    for (const auto& a : answers) {
      auto it = a.find(item.id);
      if (it == a.end() || !it->second.is_array()) continue;
      for (const auto& pick : it->second) {
        if (!pick.is_string()) continue;
        auto at = std::find(values.begin(), values.end(), pick.get<std::string>());
        if (at != values.end()) ++counts[static_cast<std::size_t>(at - values.begin())];
      }
    }
  } else {
    return std::nullopt;
  }
  return engine.Distribution(values, counts);
}

}  // namespace

// What a consultation report or cross-tab is made from: the campaign's counts (the tally, kept
// up to date with only the responses stored since the last read) or, on the plain path, every
// answer. Both give the same numbers (tests/unit/server/consultation_tally_test.cpp).
struct ReportService::ConsultationInputs {
  CampaignRow campaign;
  std::shared_ptr<const TemplateVersions> templates;
  std::vector<VenueRow> venues;
  Template segmented;  // the campaign's version with the report's segments (SegmentedTemplate)
  std::shared_ptr<const ConsultationCounts> counts;  // nullptr: the plain path
  std::vector<Answers> answers;                      // plain path: every response, segmented
  std::map<std::string, int> answers_by_day;         // plain path

  const Template& tmpl() const { return *templates->current; }

  std::optional<ShownDistribution> Distribution(const SuppressionEngine& engine,
                                                const std::string& item_id) const {
    const Item* item = segmented.FindItem(item_id);
    if (item == nullptr) return std::nullopt;
    if (!counts) return DistributionOf(engine, segmented, answers, *item);
    auto raw = counts->Distribution(segmented, venues, item_id);
    if (!raw) return std::nullopt;
    return engine.Distribution(raw->values, raw->counts);
  }
  Result<ContingencyTable> Table(const std::string& question, const std::string& segment) const {
    if (!counts) return BuildContingencyTable(segmented, question, segment, RefsOf(answers));
    return counts->Table(segmented, venues, question, segment);
  }
  const std::map<std::string, int>& ByDay() const {
    return counts ? counts->by_day() : answers_by_day;
  }
};

ServiceResult<std::shared_ptr<const ConsultationCounts>> ReportService::Tallied(
    const CampaignRow& campaign, const std::shared_ptr<const TemplateVersions>& templates,
    const std::string& fingerprint) {
  if (!m_use_aggregates) return std::shared_ptr<const ConsultationCounts>();
  std::shared_ptr<ConsultationTally> tally;
  {
    std::lock_guard lock(m_mutex);
    auto& slot = m_tallies[campaign.id];
    if (!slot) slot = std::make_shared<ConsultationTally>();
    tally = slot;
  }
  // Single flight: the first reader folds the new responses in; the readers queued behind it
  // then find none and share the same counts.
  std::lock_guard lock(tally->mutex);
  const std::string key =
      campaign.template_id + "@" + std::to_string(campaign.template_version) + "|" + fingerprint;
  for (int attempt = 0; attempt < 2; ++attempt) {
    // A template version added since: answers map differently, so count afresh.
    if (!tally->counts || tally->key != key) {
      tally->counts = std::make_shared<ConsultationCounts>(*templates->current);
      tally->key = key;
    }
    bool complete = false;
    const bool recount = tally->reads++ % kRecountEvery == 0 || attempt > 0;
    while (true) {
      auto page =
          m_store.ResponsesAfter(campaign.id, tally->counts->last_row(), m_tally_page, recount);
      if (!page) return StorageError(page.error());
      if (!page->has_value()) {  // a store that cannot tell new responses apart
        tally->counts.reset();
        return std::shared_ptr<const ConsultationCounts>();
      }
      NewResponses& got = **page;
      if (!got.responses.empty()) {
        // Readers may still be using the counts they were handed: change a copy (O(counts),
        // once per fold). use_count() would not do: it does not order their reads before our
        // writes.
        tally->counts = std::make_shared<ConsultationCounts>(*tally->counts);
        std::vector<ReportResponse> mapped;
        mapped.reserve(got.responses.size());
        for (auto& [row, r] : got.responses) {
          MapToCurrent(*templates, r);
          mapped.push_back(std::move(r));
        }
        tally->counts->Add(mapped);
        tally->counts->set_last_row(got.responses.back().first);
      }
      if (got.responses.size() < static_cast<std::size_t>(m_tally_page)) {
        // Rows only ever added: nothing counted may lie beyond the store's highest row, and
        // (checked every kRecountEvery reads) the campaign has as many as were counted.
        complete =
            tally->counts->last_row() <= got.highest_row &&
            (!got.campaign_responses || *got.campaign_responses == tally->counts->responses());
        break;
      }
    }
    if (complete) return std::shared_ptr<const ConsultationCounts>(tally->counts);
    // Fewer or more responses than counted: rows were removed or renumbered behind the store's
    // back (a restored backup, say). Count everything afresh once.
    tally->counts.reset();
  }
  return std::shared_ptr<const ConsultationCounts>();  // the plain path, this time
}

ServiceResult<std::shared_ptr<const ReportService::ConsultationInputs>>
ReportService::ConsultationData(const std::string& campaign_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if ((*campaign)->kind != "consultation") return WrongKind(**campaign, "a consultation");
  auto in = std::make_shared<ConsultationInputs>();
  in->campaign = **campaign;
  std::string fingerprint;
  auto templates = Templates(in->campaign.template_id, in->campaign.template_version, &fingerprint);
  if (!templates) return templates.error();
  in->templates = *templates;
  auto venues = m_store.Venues();
  if (!venues) return StorageError(venues.error());
  in->venues = std::move(*venues);
  in->segmented = SegmentedTemplate(in->tmpl(), in->venues);
  auto counts = Tallied(in->campaign, in->templates, fingerprint);
  if (!counts) return counts.error();
  in->counts = *counts;
  if (!in->counts) {
    auto data = Load(campaign_id);
    if (!data) return data.error();
    // Mapped on the versions just loaded, which may be newer than the segmented template's.
    in->templates = data->templates;
    in->segmented = SegmentedTemplate(in->tmpl(), in->venues);
    in->answers = SegmentAnswers(data->responses, in->venues);
    for (const auto& r : data->responses) ++in->answers_by_day[r.completed_at.substr(0, 10)];
  }
  return std::shared_ptr<const ConsultationInputs>(std::move(in));
}

ServiceResult<json> ReportService::Consultation(const Principal& who,
                                                const std::string& campaign_id) {
  if (!who.Allows(Permission::kReportsConsultation)) {
    return Forbidden("Managers see 360 reports, not consultations.");
  }
  auto data = ConsultationData(campaign_id);
  if (!data) return data.error();
  const ConsultationInputs& in = **data;
  const Template& tmpl = in.tmpl();

  json questions = json::array();
  json segments = json::array();
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      auto distribution = in.Distribution(m_engine, item.id);
      if (!distribution) continue;
      questions.push_back({{"id", item.id},
                           {"section", section.id},
                           {"type", ToString(item.type)},
                           {"text", item.Wording("", Language(tmpl), "")},
                           {"cross_tabulable", CrossTabulable(item)},
                           {"distribution", ToJson(*distribution)}});
      if (item.type == ItemType::kSingleChoice || item.type == ItemType::kYesNo) {
        segments.push_back(
            {{"id", item.id}, {"equality_monitoring", section.module == kEqualityModule}});
      }
    }
  }

  std::vector<std::string> days;
  std::vector<int> day_counts;
  for (const auto& [day, count] : in.ByDay()) {
    days.push_back(day);
    day_counts.push_back(count);
  }
  json venue_segments = json::object();
  for (const std::string name : {"venue", "venue_area", "venue_settlement"}) {
    auto distribution = in.Distribution(m_engine, SegmentItemId(name));
    if (distribution) venue_segments[name] = ToJson(*distribution);
  }
  std::map<std::string, std::string> names;
  for (const auto& v : in.venues) names[v.id] = v.name;
  json venue_names = json::object();
  for (const auto& [id, name] : names) venue_names[id] = name;
  json segment_list = {{{"id", "venue"}, {"equality_monitoring", false}},
                       {{"id", "venue_area"}, {"equality_monitoring", false}},
                       {{"id", "venue_settlement"}, {"equality_monitoring", false}}};
  for (auto& s : segments) segment_list.push_back(s);
  return json{{"campaign", CampaignJson(in.campaign)},
              {"questions", questions},
              {"over_time", ToJson(m_engine.Distribution(days, day_counts))},
              {"by_venue", venue_segments.value("venue", json())},
              {"venue_names", venue_names},
              {"segments", segment_list},
              {"segment_distributions", venue_segments}};
}

ServiceResult<json> ReportService::CrossTab(const Principal& who, const std::string& campaign_id,
                                            const std::string& question,
                                            const std::string& segment) {
  if (!who.Allows(Permission::kReportsConsultation)) {
    return Forbidden("Managers see 360 reports, not consultations.");
  }
  auto data = ConsultationData(campaign_id);
  if (!data) return data.error();
  const ConsultationInputs& in = **data;
  const Template& tmpl = in.tmpl();

  Problems problems;
  const Item* question_item = question.starts_with("@") ? nullptr : tmpl.FindItem(question);
  if (question_item == nullptr || !CrossTabulable(*question_item)) {
    problems.push_back(
        {"question", "must be a single_choice, yes_no or likert item of " + tmpl.id});
  }
  const std::string segment_id = SegmentItemId(segment);
  const Item* segment_item = segment.starts_with("@") ? nullptr : in.segmented.FindItem(segment_id);
  if (segment_item == nullptr || segment_item->type == ItemType::kLikert ||
      !CrossTabulable(*segment_item)) {
    problems.push_back({"segment",
                        "must be venue, venue_area, venue_settlement or a "
                        "single_choice or yes_no item of " +
                            tmpl.id});
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request",
                        "The cross-tab needs a question and a segment.", problems};
  }
  auto table = in.Table(question, segment_id);
  if (!table) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request", table.ErrorText(),
                        table.problems()};
  }
  // The margins are published elsewhere as the question's and the segment's distributions:
  // hand them over so this table and those agree and cannot be subtracted from each other.
  auto rows = in.Distribution(m_engine, question_item->id);
  auto columns = in.Distribution(m_engine, segment_item->id);
  const ShownCrossTab shown =
      m_engine.CrossTab(*table, rows ? &*rows : nullptr, columns ? &*columns : nullptr);
  json out = ToJson(shown);
  out["campaign"] = CampaignJson(in.campaign);
  out["question"] = {{"id", question}, {"text", question_item->Wording("", Language(tmpl), "")}};
  out["segment"] = segment;
  return out;
}

// ---- exports ----

std::string CsvField(const std::string& text) {
  std::string cell = text;
  auto is_number = [](const std::string& s) {
    if (s.empty()) return false;
    std::size_t i = s[0] == '-' ? 1 : 0;
    bool digits = false, dot = false;
    for (; i < s.size(); ++i) {
      if (s[i] >= '0' && s[i] <= '9') {
        digits = true;
      } else if (s[i] == '.' && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    return digits;
  };
  if (!cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos &&
      !is_number(cell)) {
    cell.insert(cell.begin(), '\'');
  }
  const bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  line += "\r\n";
  return line;
}

std::string AnswerText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.15g", value.get<double>());
    return buffer;
  }
  if (value.is_array()) {
    std::string out;
    for (const auto& v : value) {
      if (!out.empty()) out += "; ";
      out += AnswerText(v);
    }
    return out;
  }
  if (value.is_null()) return "";
  return value.dump();
}

namespace {

// One answer cell of an export: a key ("item" or "item.row") and its value.
using Cells = std::vector<std::pair<std::string, json>>;

// The keys of every answer column of `tmpl`, in template order (matrix rows flattened).
std::vector<std::string> AnswerKeys(const Template& tmpl) {
  std::vector<std::string> keys;
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      if (item.type == ItemType::kMatrix) {
        for (const auto& row : item.rows) keys.push_back(item.id + "." + row.id);
      } else {
        keys.push_back(item.id);
      }
    }
  }
  return keys;
}

Cells CellsOf(const Template& tmpl, const Answers& answers, bool with_text) {
  Cells cells;
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      auto it = answers.find(item.id);
      if (it == answers.end() || it->second.is_null()) continue;
      if (!with_text && IsTextItem(item)) continue;
      if (item.type == ItemType::kMatrix && it->second.is_object()) {
        for (const auto& row : item.rows) {
          auto value = it->second.find(row.id);
          if (value != it->second.end()) cells.emplace_back(item.id + "." + row.id, *value);
        }
      } else {
        cells.emplace_back(item.id, it->second);
      }
    }
  }
  return cells;
}

}  // namespace

ServiceResult<ExportFile> ReportService::Export(const Principal& who,
                                                const std::string& campaign_id,
                                                ExportFormat format) {
  if (!who.Allows(Permission::kResponsesExport)) {
    return Forbidden("Only admin and hr may export responses.");
  }
  auto data = Load(campaign_id);
  if (!data) return data.error();
  const Template& tmpl = data->tmpl();
  const bool is360 = Is360(data->campaign);

  std::map<std::int64_t, ReportSubject> subjects;
  std::map<std::string, VenueRow> venues;
  if (is360) {
    auto rows = m_store.Subjects(campaign_id);
    if (!rows) return StorageError(rows.error());
    for (auto& s : *rows) subjects[s.id] = s;
  } else {
    auto rows = m_store.Venues();
    if (!rows) return StorageError(rows.error());
    for (auto& v : *rows) venues[v.id] = v;
  }

  // For a 360 a group is exported only from its min_responses (its comments only from
  // comment_min_responses), as the individual report shows it: a row-level export must not
  // show what the report hides.
  std::map<std::pair<std::int64_t, std::string>, int> group_counts;
  for (const auto& r : data->responses) ++group_counts[{r.subject_id, r.rater_group}];
  struct Row {
    const ReportResponse* response;
    Cells cells;
  };
  std::vector<Row> rows;
  for (const auto& r : data->responses) {
    bool with_text = true;
    if (is360) {
      const RaterGroup* group = tmpl.FindRaterGroup(r.rater_group);
      if (group == nullptr) continue;
      const int count = group_counts[{r.subject_id, r.rater_group}];
      if (count < group->min_responses) continue;
      with_text = count >= std::max(group->comment_min_responses, group->min_responses);
    }
    rows.push_back({&r, CellsOf(tmpl, r.answers, with_text)});
  }

  // Responses are numbered in uuid order: uuids are random, so the number says nothing about
  // when or where a response was given.
  auto response_id = [](std::size_t index) { return "R" + std::to_string(index + 1); };
  std::vector<std::string> context_header;
  auto context_of = [&](const ReportResponse& r) {
    std::vector<std::string> fields;
    if (is360) {
      auto s = subjects.find(r.subject_id);
      fields = {s == subjects.end() ? "" : s->second.person_id,
                s == subjects.end() ? "" : s->second.display_name, r.rater_group};
    } else {
      auto v = venues.find(r.venue_id);
      fields = {r.venue_id, v == venues.end() ? "" : v->second.area,
                v == venues.end() ? "" : v->second.settlement, r.completed_at.substr(0, 10)};
    }
    fields.push_back(std::to_string(r.template_version));
    return fields;
  };
  context_header = is360 ? std::vector<std::string>{"subject_id", "subject", "rater_group"}
                         : std::vector<std::string>{"venue", "area", "settlement", "date"};
  context_header.emplace_back("template_version");

  ExportFile file;
  file.responses = static_cast<int>(rows.size());
  const std::string bom = "\xEF\xBB\xBF";
  if (format == ExportFormat::kCsvLong) {
    file.filename = campaign_id + "-answers.csv";
    file.content_type = "text/csv; charset=utf-8";
    std::vector<std::string> header = {"response"};
    header.insert(header.end(), context_header.begin(), context_header.end());
    header.emplace_back("item");
    header.emplace_back("value");
    file.body = bom + CsvLine(header);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<std::string> base = {response_id(i)};
      auto context = context_of(*rows[i].response);
      base.insert(base.end(), context.begin(), context.end());
      for (const auto& [key, value] : rows[i].cells) {
        auto line = base;
        line.push_back(key);
        line.push_back(AnswerText(value));
        file.body += CsvLine(line);
      }
    }
  } else if (format == ExportFormat::kCsvWide) {
    file.filename = campaign_id + "-responses.csv";
    file.content_type = "text/csv; charset=utf-8";
    const auto keys = AnswerKeys(tmpl);
    std::vector<std::string> header = {"response"};
    header.insert(header.end(), context_header.begin(), context_header.end());
    header.insert(header.end(), keys.begin(), keys.end());
    file.body = bom + CsvLine(header);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<std::string> line = {response_id(i)};
      auto context = context_of(*rows[i].response);
      line.insert(line.end(), context.begin(), context.end());
      std::map<std::string, std::string> by_key;
      for (const auto& [key, value] : rows[i].cells) by_key[key] = AnswerText(value);
      for (const auto& key : keys) line.push_back(by_key.contains(key) ? by_key[key] : "");
      file.body += CsvLine(line);
    }
  } else {
    file.filename = campaign_id + "-responses.json";
    file.content_type = "application/json";
    json list = json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      json entry = {{"response", response_id(i)}};
      auto context = context_of(*rows[i].response);
      for (std::size_t c = 0; c < context_header.size(); ++c) entry[context_header[c]] = context[c];
      json answers = json::object();
      for (const auto& [key, value] : rows[i].cells) answers[key] = value;
      entry["answers"] = answers;
      list.push_back(entry);
    }
    file.body = json{{"campaign", CampaignJson(data->campaign)}, {"responses", list}}.dump(1);
  }
  return file;
}

}  // namespace soundings::server
