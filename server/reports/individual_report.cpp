// The individual 360 of one subject (ReportService::Individual): bars by rater group, gaps,
// strengths and development areas, comments by rater group, each group gated by its minimum.
#include <map>

#include "server/reports/how_to_read.h"
#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/reports/report_service.h"
#include "shared/results/comment_plan.h"
#include "shared/results/shown_json.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

namespace {

// When HR closed this subject's collection early (the campaign's own close is in its header).
json SubjectClosedAt(const ReportSubject& subject) {
  return subject.closed_at.empty() ? json() : json(subject.closed_at);
}

}  // namespace

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
  auto units = m_store.OrgUnits();
  if (!units) return StorageError(units.error());
  if (!PeopleInScope(who, Permission::kReportsIndividual, *units)
           .Covers(subject->person_id, subject->unit_id)) {
    return Forbidden(
        "A manager sees their own report and those of the people in the units they lead, a head "
        "of service those of their own service.");
  }
  // A released report is what everyone reads from then on, frozen; before its release only the
  // readers of live figures (admin, hr) see it, as a preview.
  auto release = m_store.Release(campaign_id, subject_person_id);
  if (!release) return StorageError(release.error());
  if (release->has_value()) {
    // Released to the subject's manager first: the subject reads it once it is shared with them
    // (HR and admin, who read every report, are not held back by being its subject).
    if ((*release)->shared_at.empty() && who.person_id == subject_person_id &&
        !who.Allows(Permission::kReportsRelease)) {
      return ServiceError{ErrorKind::kConflict,
                          "not_shared",
                          "Your report in campaign " + campaign_id + " (" + (*campaign)->title +
                              ") was released to your manager first, to talk it through with "
                              "you; it is shown to you once it is shared with you.",
                          {}};
    }
    return ReleasedReport(**release);
  }
  if (auto refusal = StillCollecting(who, **campaign)) return *refusal;
  if (!who.Allows(Permission::kReportsLive)) return NotReleased(**campaign, subject->display_name);
  // The report is the same for every reader allowed to see it, so it is cached until a
  // response or invitation of this subject, or a template version, is added.
  const std::string cache_key = "individual\x1f" + campaign_id + "\x1f" + subject_person_id;
  auto current = Fingerprint(**campaign, subject->id);
  if (!current) return current.error();
  if (auto cached = Cached(cache_key, *current)) {
    // The fingerprint follows responses, invitations and templates, not the campaign's state,
    // so the header is always today's.
    (*cached)["campaign"] = CampaignJson(**campaign);
    (*cached)["subject"]["closed_at"] = SubjectClosedAt(*subject);
    return *cached;
  }

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
  refs.reserve(responses.size());
  for (const auto& r : responses) refs.push_back(&r);
  const Stats360 stats =
      aggregated ? std::move(*aggregated) : Compute360(tmpl, RaterResponses(refs));
  const Shown360 shown = m_engine.Show360(tmpl, stats);

  json out;
  out["campaign"] = CampaignJson(**campaign);
  out["subject"] = {{"person_id", subject->person_id},
                    {"display_name", subject->display_name},
                    {"closed_at", SubjectClosedAt(*subject)}};
  out["report"] = ToJson(shown);

  // Where each group's scores and words go, and why: the same plan decides the comments below
  // and the sentences of the responses table, so the two cannot disagree.
  const CommentPlan plan = PlanComments(tmpl, shown, m_engine.policy());
  json group_labels = json::object();
  for (const auto& group : tmpl.rater_groups) {
    group_labels[group.id] = Pick(group.label, Language(tmpl));
  }
  auto invited = m_store.InvitationCounts(subject->id);
  if (!invited) return StorageError(invited.error());
  json rates = json::array();
  for (const auto& group : tmpl.rater_groups) {
    const GroupDisclosure& disclosure = *plan.Find(group.id);
    std::vector<std::string> others_in_pool;
    for (const auto& id : plan.pool) {
      if (id != group.id) others_in_pool.push_back(group_labels[id].get<std::string>());
    }
    auto made = invited->find(group.id);
    rates.push_back({{"group", group.id},
                     {"received", disclosure.responses},
                     {"invited", made == invited->end() ? 0 : made->second},
                     {"min_responses", group.min_responses},
                     {"comment_min_responses", group.comment_min_responses},
                     {"scores", disclosure.responses == 0            ? "none"
                                : disclosure.scores_hidden_below > 0 ? "hidden"
                                                                     : "shown"},
                     {"comments", PlacementName(disclosure.comments)},
                     {"in_report", DisclosureSentence(tmpl, disclosure, others_in_pool)}});
  }
  out["response_rates"] = rates;
  json pool_labels = json::array();
  for (const auto& id : plan.pool) pool_labels.push_back(group_labels[id]);

  // Comments: every free-text item; under a group's name only where the plan allows, the pooled
  // groups' words together as "other raters", the rest withheld.
  json comments = json::array();
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      if (!IsTextItem(item)) continue;
      std::map<std::string, std::vector<std::string>> texts;
      for (const auto& r : responses) {
        auto answer = r.answers.find(item.id);
        if (answer == r.answers.end() || !answer->second.is_string()) continue;
        if (answer->second.get<std::string>().empty()) continue;
        texts[r.rater_group].push_back(answer->second.get<std::string>());
      }
      json groups = json::array();
      std::vector<std::string> pooled;
      for (const auto& disclosure : plan.groups) {
        auto& own = texts[disclosure.group];
        switch (disclosure.comments) {
          case CommentPlacement::kNone:
            break;
          case CommentPlacement::kPooled:
            pooled.insert(pooled.end(), own.begin(), own.end());
            break;
          case CommentPlacement::kByName:
          case CommentPlacement::kWithheld:
            groups.push_back(ToJson(m_engine.Comments(plan, disclosure.group, std::move(own))));
            break;
        }
      }
      json pool = nullptr;
      if (plan.pool_shown) {
        pool = ToJson(m_engine.PooledComments(plan, std::move(pooled)));
        pool["groups"] = plan.pool;
        pool["labels"] = pool_labels;
      }
      comments.push_back({{"item", item.id},
                          {"section", section.id},
                          {"text", item.Wording("", Language(tmpl), subject->display_name)},
                          {"groups", groups},
                          {"pooled", pool}});
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
  out["how_to_read"] = HowToRead360(tmpl, shown);
  if (auto sentence = NotEnoughToShow(shown, subject->display_name)) {
    out["not_enough"] = *sentence;
  } else {
    out["not_enough"] = nullptr;
  }
  out["release"] = nullptr;  // live figures: a preview until HR releases the report
  Remember(cache_key, *current, out);
  return out;
}

}  // namespace soundings::server
