// The individual 360 of one subject (ReportService::Individual): bars by rater group, gaps,
// strengths and development areas, comments by rater group, each group gated by its minimum.
#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/reports/report_service.h"
#include "shared/results/shown_json.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

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
  // A released report is what everyone reads from then on, frozen; before its release only the
  // readers of live figures (admin, hr) see it, as a preview.
  auto release = m_store.Release(campaign_id, subject_person_id);
  if (!release) return StorageError(release.error());
  if (release->has_value()) return ReleasedReport(**release);
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

  // Comments: every free-text item, by rater group, each group gated by its own minimum and
  // withheld wherever its scores are hidden.
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
        groups.push_back(ToJson(m_engine.Comments(tmpl, shown, group.id, std::move(texts))));
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
  out["release"] = nullptr;  // live figures: a preview until HR releases the report
  Remember(cache_key, *current, out);
  return out;
}

}  // namespace soundings::server
