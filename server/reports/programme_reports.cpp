#include "server/reports/programme_reports.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "server/reports/report_parts.h"
#include "shared/results/coaching.h"
#include "shared/results/impact.h"
#include "shared/results/rounding.h"
#include "shared/results/shown_json.h"
#include "shared/results/three_sixty.h"
#include "shared/results/version_mapping.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;  // NOLINT(google-build-using-namespace): the shared report helpers

namespace {

ServiceError BadRequest(const std::string& message, const std::string& parameter) {
  return {ErrorKind::kBadRequest, "invalid_request", message, {{parameter, message}}};
}

double Round2(double x) { return RoundForReport(x, 2); }

using ResponsePtrs = std::vector<const ReportResponse*>;

Shown360 ShowPool(const SuppressionEngine& engine, const Template& tmpl,
                  const ResponsePtrs& responses) {
  std::vector<RaterResponse> raters;
  raters.reserve(responses.size());
  for (const auto* r : responses) raters.push_back({r->rater_group, r->answers});
  return engine.Show360(tmpl, Compute360(tmpl, raters));
}

std::vector<std::string> CompetencyIds(const Template& tmpl) {
  return Compute360(tmpl, {}).competency_ids;
}

// Collects the thresholds of suppressed values for the footnotes.
class Footnotes {
 public:
  void See(const CellValue& value) {
    if (value.suppressed()) m_minimums.insert(value.minimum());
  }
  void See(const ShownSummary& summary) {
    for (const CellValue* v :
         {&summary.n, &summary.mean, &summary.sd, &summary.favourable_pct, &summary.not_applicable})
      See(*v);
  }
  void See(const ShownChange& change) {
    See(change.baseline);
    See(change.current);
    if (change.hidden_by) See(*change.hidden_by);
  }
  void AddTo(json& out) const {
    if (m_minimums.empty()) return;
    json notes = json::array();
    for (int m : m_minimums) notes.push_back(CellValue::Footnote(m));
    out["footnotes"] = notes;
  }

 private:
  std::set<int> m_minimums;
};

}  // namespace

ProgrammeReports::ProgrammeReports(ReportService& reports, ReportStore& store)
    : m_reports(reports), m_store(store) {}

// ---- impact over time ----

ServiceResult<json> ProgrammeReports::Impact(const Principal& who, const std::string& campaign_id,
                                             const std::string& baseline_id) {
  if (baseline_id.empty()) {
    return BadRequest("The impact report needs a baseline campaign to compare with.", "baseline");
  }
  if (baseline_id == campaign_id) {
    return BadRequest("The baseline must be another campaign of the same programme.", "baseline");
  }
  auto current = m_reports.Load(campaign_id);
  if (!current) return current.error();
  if (!Is360(current->campaign)) return WrongKind(current->campaign, "a 360 or self-assessment");
  auto baseline = m_reports.Load(baseline_id);
  if (!baseline) return baseline.error();
  if (baseline->campaign.template_id != current->campaign.template_id ||
      baseline->campaign.kind != current->campaign.kind) {
    return ServiceError{ErrorKind::kUnprocessable,
                        "different_programme",
                        "Campaign " + baseline_id + " uses template " +
                            baseline->campaign.template_id + " (" + baseline->campaign.kind +
                            "); " + campaign_id + " uses " + current->campaign.template_id + " (" +
                            current->campaign.kind +
                            "). Only campaigns of the same programme can be compared.",
                        {}};
  }
  for (const CampaignRow* campaign : {&current->campaign, &baseline->campaign}) {
    if (auto refusal = StillCollecting(who, *campaign)) return *refusal;
  }
  const Template& tmpl = current->tmpl();
  const TemplateVersions& versions = *current->templates;
  // The baseline's answers are on the baseline's version; roll them on to this campaign's.
  if (baseline->campaign.template_version != tmpl.version) {
    auto on = versions.by_version.find(baseline->campaign.template_version);
    for (auto& r : baseline->responses) {
      if (on == versions.by_version.end()) {
        r.answers.clear();
      } else if (!r.answers.empty()) {
        r.answers = MapAnswers(tmpl, on->second, versions.mapping, r.answers);
      }
    }
  }

  auto current_subjects = m_store.Subjects(campaign_id);
  if (!current_subjects) return StorageError(current_subjects.error());
  auto baseline_subjects = m_store.Subjects(baseline_id);
  if (!baseline_subjects) return StorageError(baseline_subjects.error());
  auto units = m_store.OrgUnits();
  if (!units) return StorageError(units.error());

  // One report, three scopes: people as for individual reports, teams as for team rollups, the
  // organisation as for its report.
  const bool see_people = who.Allows(Permission::kReportsIndividual);
  const bool see_organisation = who.Allows(Permission::kReportsOrganisation);
  const std::set<std::string> in_scope = UnitsInScope(who, Permission::kReportsTeams, *units);
  const PeopleInScope people_in_scope(who, Permission::kReportsIndividual, *units);

  // Responses by person and by the person's (current) unit, on each side.
  struct Side {
    std::map<std::string, ResponsePtrs> by_person;
    std::map<std::string, ResponsePtrs> by_unit;
    ResponsePtrs all;
  };
  auto split = [](const std::vector<ReportSubject>& subjects,
                  const std::vector<ReportResponse>& responses) {
    Side side;
    std::map<std::int64_t, const ReportSubject*> subject_by_id;
    for (const auto& s : subjects) subject_by_id[s.id] = &s;
    for (const auto& r : responses) {
      side.all.push_back(&r);
      auto s = subject_by_id.find(r.subject_id);
      if (s == subject_by_id.end()) continue;
      side.by_person[s->second->person_id].push_back(&r);
      side.by_unit[s->second->unit_id].push_back(&r);
    }
    return side;
  };
  const Side before = split(*baseline_subjects, baseline->responses);
  const Side after = split(*current_subjects, current->responses);

  const SuppressionEngine& engine = m_reports.engine();
  const std::vector<std::string> competency_ids = CompetencyIds(tmpl);
  Footnotes footnotes;
  const ResponsePtrs none;
  auto find = [&none](const std::map<std::string, ResponsePtrs>& map, const std::string& key) {
    auto it = map.find(key);
    return it == map.end() ? none : it->second;
  };
  auto compare = [&](const ResponsePtrs& b, const ResponsePtrs& c) {
    const Shown360 shown_before = ShowPool(engine, tmpl, b);
    const Shown360 shown_after = ShowPool(engine, tmpl, c);
    json list = json::array();
    for (const auto& id : competency_ids) {
      auto x = shown_before.competencies.find(id);
      auto y = shown_after.competencies.find(id);
      if (x == shown_before.competencies.end() || y == shown_after.competencies.end()) continue;
      const ShownChange change = CompareShown(x->second.all_others, y->second.all_others);
      footnotes.See(change);
      json entry = {{"id", id}};
      entry.update(ToJson(change));
      list.push_back(entry);
    }
    return list;
  };

  json people = json::array();
  if (see_people) {
    for (const auto& s : *current_subjects) {
      if (!people_in_scope.Covers(s.person_id, s.unit_id)) continue;
      people.push_back({{"person_id", s.person_id},
                        {"display_name", s.display_name},
                        {"unit_id", s.unit_id},
                        {"competencies", compare(find(before.by_person, s.person_id),
                                                 find(after.by_person, s.person_id))}});
    }
  }
  json teams = json::array();
  std::set<std::string> units_with_subjects;
  for (const auto& s : *current_subjects) units_with_subjects.insert(s.unit_id);
  for (const auto& u : *units) {
    if (!in_scope.contains(u.id) || !units_with_subjects.contains(u.id)) continue;
    teams.push_back(
        {{"unit_id", u.id},
         {"name", u.name},
         {"kind", u.kind},
         {"competencies", compare(find(before.by_unit, u.id), find(after.by_unit, u.id))}});
  }

  json competencies = json::array();
  for (const auto& id : competency_ids) {
    competencies.push_back({{"id", id}, {"title", SectionTitle(tmpl, id)}});
  }
  json out = {{"campaign", CampaignJson(current->campaign)},
              {"baseline", CampaignJson(baseline->campaign)},
              {"competencies", competencies},
              {"rule",
               "A change exceeds the noise when the two 95 % t-intervals of the means do not "
               "overlap."},
              {"teams", teams}};
  if (see_people) out["people"] = people;
  if (see_organisation) out["organisation"] = compare(before.all, after.all);
  footnotes.AddTo(out);
  return out;
}

// ---- coaching and mentoring ----

namespace {

json PersonJson(const std::string& person_id, double others_mean,
                const std::map<std::string, std::string>& names) {
  auto name = names.find(person_id);
  return {{"person_id", person_id},
          {"display_name", name == names.end() ? person_id : name->second},
          {"others_mean", Round2(others_mean)}};
}

}  // namespace

ServiceResult<json> ProgrammeReports::Coaching(const Principal& who,
                                               const std::string& campaign_id) {
  if (!who.Allows(Permission::kReportsCoaching)) {
    return Forbidden("Only admin and hr see the coaching and mentoring list.");
  }
  auto data = m_reports.Load(campaign_id);
  if (!data) return data.error();
  if (!Is360(data->campaign)) return WrongKind(data->campaign, "a 360 or self-assessment");
  if (auto refusal = StillCollecting(who, data->campaign)) return *refusal;
  const Template& tmpl = data->tmpl();
  auto subjects = m_store.Subjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());

  std::map<std::int64_t, ResponsePtrs> by_subject;
  for (const auto& r : data->responses) by_subject[r.subject_id].push_back(&r);
  std::map<std::string, std::string> names;
  std::vector<CompetencyProfile> profiles;
  for (const auto& s : *subjects) {
    names[s.person_id] = s.display_name;
    auto responses = by_subject.find(s.id);
    if (responses == by_subject.end()) continue;
    const Shown360 shown = ShowPool(m_reports.engine(), tmpl, responses->second);
    profiles.push_back(ProfileOf(s.person_id, tmpl, shown));
  }
  const std::vector<CoachingMatch> matches = MatchCoaching(profiles, CompetencyIds(tmpl));
  json list = json::array();
  for (const auto& m : matches) {
    json mentors = json::array();
    json learners = json::array();
    json pairs = json::array();
    std::map<std::string, double> score;
    for (const auto& p : m.mentors) {
      mentors.push_back(PersonJson(p.person_id, p.others_mean, names));
      score["m:" + p.person_id] = p.others_mean;
    }
    for (const auto& p : m.learners) {
      learners.push_back(PersonJson(p.person_id, p.others_mean, names));
      score["l:" + p.person_id] = p.others_mean;
    }
    for (const auto& [mentor, learner] : m.pairs) {
      pairs.push_back({{"mentor", PersonJson(mentor, score["m:" + mentor], names)},
                       {"learner", PersonJson(learner, score["l:" + learner], names)}});
    }
    list.push_back({{"competency", m.competency},
                    {"title", SectionTitle(tmpl, m.competency)},
                    {"mentors", mentors},
                    {"learners", learners},
                    {"pairs", pairs}});
  }
  return json{{"campaign", CampaignJson(data->campaign)},
              {"managers_with_responses", profiles.size()},
              {"rule",
               "Strong: a competency holding one of the manager's top 5 items by others' mean; "
               "developing: one holding one of their bottom 5; both at once counts as neither. "
               "Only values the report may show are used."},
              {"matches", list}};
}

// ---- project team ----

ServiceResult<json> ProgrammeReports::ProjectTeam(const Principal& who,
                                                  const std::string& campaign_id,
                                                  const std::vector<std::string>& people) {
  if (!who.Allows(Permission::kReportsCoaching)) {
    return Forbidden("Only admin and hr see the project-team view: it names people.");
  }
  std::vector<std::string> members;
  for (const auto& p : people) {
    if (!p.empty() && std::find(members.begin(), members.end(), p) == members.end()) {
      members.push_back(p);
    }
  }
  if (members.empty()) {
    return BadRequest("Name the group's managers as people=id1,id2,...", "people");
  }
  if (members.size() > kMaxProjectTeam) {
    return BadRequest(
        "A project team may name at most " + std::to_string(kMaxProjectTeam) + " people.",
        "people");
  }
  auto data = m_reports.Load(campaign_id);
  if (!data) return data.error();
  if (!Is360(data->campaign)) return WrongKind(data->campaign, "a 360 or self-assessment");
  if (auto refusal = StillCollecting(who, data->campaign)) return *refusal;
  const Template& tmpl = data->tmpl();
  auto subjects = m_store.Subjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  std::map<std::string, const ReportSubject*> by_person;
  for (const auto& s : *subjects) by_person[s.person_id] = &s;
  std::vector<std::string> unknown;
  for (const auto& m : members) {
    if (!by_person.contains(m)) unknown.push_back(m);
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    return NotFound("Not subjects of campaign " + campaign_id + ": " + list + ".");
  }

  std::map<std::int64_t, ResponsePtrs> by_subject;
  for (const auto& r : data->responses) by_subject[r.subject_id].push_back(&r);
  const std::vector<std::string> competency_ids = CompetencyIds(tmpl);
  std::vector<CompetencyProfile> profiles;
  std::map<std::string, Shown360> shown_of;
  std::map<std::string, std::string> names;
  for (const auto& m : members) {
    const ReportSubject& s = *by_person[m];
    names[m] = s.display_name;
    auto responses = by_subject.find(s.id);
    const Shown360 shown =
        ShowPool(m_reports.engine(), tmpl,
                 responses == by_subject.end() ? ResponsePtrs{} : responses->second);
    profiles.push_back(ProfileOf(m, tmpl, shown));
    shown_of.emplace(m, shown);
  }

  Footnotes footnotes;
  json competencies = json::array();
  json gaps = json::array();
  for (const auto& coverage : CoverageOf(profiles, competency_ids)) {
    const std::string& id = coverage.competency;
    // The best shown others' mean among members; when no member's mean is shown, the first
    // suppressed one stands in so the reader sees "fewer than N", never a blank.
    const std::string* best = nullptr;
    std::optional<CellValue> best_value;
    std::optional<CellValue> hidden;
    for (const auto& m : members) {
      const auto& competencies_of = shown_of.at(m).competencies;
      auto c = competencies_of.find(id);
      if (c == competencies_of.end()) continue;
      const CellValue& mean = c->second.all_others.mean;
      if (mean.shown()) {
        if (!best_value || *mean.value() > *best_value->value()) {
          best = &m;
          best_value = mean;
        }
      } else if (mean.suppressed() && !hidden) {
        hidden = mean;
      }
    }
    json best_json = nullptr;
    if (best_value) {
      best_json = {{"person_id", *best},
                   {"display_name", names[*best]},
                   {"others_mean", best_value->ToJson(2)}};
    } else if (hidden) {
      footnotes.See(*hidden);
      best_json = {
          {"person_id", nullptr}, {"display_name", nullptr}, {"others_mean", hidden->ToJson(2)}};
    }
    json strong = json::array();
    for (const auto& p : coverage.strong)
      strong.push_back(PersonJson(p.person_id, p.others_mean, names));
    if (coverage.strong.empty()) gaps.push_back(id);
    competencies.push_back({{"id", id},
                            {"title", SectionTitle(tmpl, id)},
                            {"best", best_json},
                            {"strong", strong},
                            {"covered", !coverage.strong.empty()}});
  }
  json member_list = json::array();
  for (const auto& p : profiles) {
    json strong = json::array();
    json developing = json::array();
    for (const auto& [c, mean] : p.strong) strong.push_back(c);
    for (const auto& [c, mean] : p.developing) developing.push_back(c);
    member_list.push_back({{"person_id", p.person_id},
                           {"display_name", names[p.person_id]},
                           {"strong", strong},
                           {"developing", developing}});
  }
  json out = {{"campaign", CampaignJson(data->campaign)},
              {"members", member_list},
              {"competencies", competencies},
              {"not_covered", gaps}};
  footnotes.AddTo(out);
  return out;
}

// ---- self-assessment per service ----

ServiceResult<json> ProgrammeReports::Services(const Principal& who,
                                               const std::string& campaign_id) {
  auto data = m_reports.Load(campaign_id);
  if (!data) return data.error();
  if (data->campaign.kind != "self_assessment") {
    return WrongKind(data->campaign, "a self-assessment");
  }
  if (auto refusal = StillCollecting(who, data->campaign)) return *refusal;
  const Template& tmpl = data->tmpl();
  auto subjects = m_store.Subjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  auto units = m_store.OrgUnits();
  if (!units) return StorageError(units.error());
  const std::set<std::string> in_scope = UnitsInScope(who, Permission::kReportsServices, *units);

  std::map<std::string, const OrgUnitRow*> unit_by_id;
  for (const auto& u : *units) unit_by_id[u.id] = &u;
  // A unit's service: itself or the nearest unit above it of kind service, else directorate.
  auto service_of = [&](const std::string& unit_id) -> const OrgUnitRow* {
    const OrgUnitRow* directorate = nullptr;
    std::set<std::string> seen;
    for (std::string id = unit_id; !id.empty() && seen.insert(id).second;) {
      auto u = unit_by_id.find(id);
      if (u == unit_by_id.end()) break;
      if (u->second->kind == "service") return u->second;
      if (u->second->kind == "directorate" && directorate == nullptr) directorate = u->second;
      id = u->second->parent_id;
    }
    return directorate;
  };

  std::map<std::int64_t, const OrgUnitRow*> service_of_subject;
  std::map<std::string, int> subjects_per_service;
  int without_service = 0;
  for (const auto& s : *subjects) {
    const OrgUnitRow* service = service_of(s.unit_id);
    if (service == nullptr) {
      ++without_service;
      continue;
    }
    service_of_subject[s.id] = service;
    ++subjects_per_service[service->id];
  }
  std::map<std::string, ResponsePtrs> by_service;
  for (const auto& r : data->responses) {
    auto s = service_of_subject.find(r.subject_id);
    if (s != service_of_subject.end()) by_service[s->second->id].push_back(&r);
  }

  const std::vector<std::string> competency_ids = CompetencyIds(tmpl);
  Footnotes footnotes;
  json services = json::array();
  for (const auto& u : *units) {
    if (!subjects_per_service.contains(u.id) || !in_scope.contains(u.id)) continue;
    std::vector<RaterResponse> raters;
    for (const auto* r : by_service[u.id]) raters.push_back({r->rater_group, r->answers});
    const Stats360 stats = Compute360(tmpl, raters);
    const Shown360 shown = m_reports.engine().Show360(tmpl, stats);
    json sections = json::array();
    for (const auto& id : competency_ids) {
      auto section = shown.competencies.find(id);
      if (section == shown.competencies.end()) continue;
      footnotes.See(section->second.all_others);
      json items = json::array();
      for (const auto& key : shown.item_keys) {
        if (CompetencyOf(tmpl, key) != id) continue;
        const ShownSummary& all = shown.items.at(key).all_others;
        footnotes.See(all);
        items.push_back(
            {{"key", key}, {"text", ItemLabel(tmpl, key, u.name)}, {"all", ToJson(all)}});
      }
      sections.push_back({{"id", id},
                          {"title", SectionTitle(tmpl, id)},
                          {"all", ToJson(section->second.all_others)},
                          {"items", items}});
    }
    services.push_back({{"unit_id", u.id},
                        {"name", u.name},
                        {"kind", u.kind},
                        {"subjects", subjects_per_service[u.id]},
                        {"responses", stats.responses},
                        {"sections", sections}});
  }
  json out = {{"campaign", CampaignJson(data->campaign)},
              {"services", services},
              {"subjects_without_service",
               who.ScopeOf(Permission::kReportsServices) == Scope::kAll ? without_service : 0}};
  footnotes.AddTo(out);
  return out;
}

}  // namespace soundings::server
