// The completion tracker (issue 11 item 4): who is short of responses while a 360 or
// self-assessment collects, so HR can chase the right people before the close.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "server/reports/overview.h"
#include "server/reports/report_parts.h"
#include "server/reports/template_labels.h"

namespace soundings::server {

using nlohmann::json;

ServiceResult<json> OverviewService::Completion(const Principal& who,
                                                const std::string& campaign_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return report_parts::NotFound("No campaign " + campaign_id + ".");
  const CampaignRow& row = **campaign;
  if (!report_parts::Is360(row)) return report_parts::WrongKind(row, "a 360 or self-assessment");
  auto version = m_store.GetTemplateVersion(row.template_id, row.template_version);
  if (!version) return StorageError(version.error());
  const std::vector<RaterGroupRule> rules =
      version->has_value() ? RaterGroupRules((*version)->document) : std::vector<RaterGroupRule>{};
  auto subjects = m_reports.Subjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  auto invitations = m_store.ListInvitations(campaign_id);
  if (!invitations) return StorageError(invitations.error());
  auto units = m_reports.OrgUnits();
  if (!units) return StorageError(units.error());
  // HR sees every subject; a head of service the subjects of their own service only.
  const report_parts::PeopleInScope in_scope(who, Permission::kCampaignsCompletion, *units);

  // An invitation is used once its response is stored (ingest), so used invitations are the
  // responses received with a code.
  struct Tally {
    int invited = 0;
    int received = 0;
  };
  std::map<std::int64_t, std::map<std::string, Tally>> tallies;
  for (const auto& invitation : *invitations) {
    Tally& tally = tallies[invitation.subject_id][invitation.rater_group];
    ++tally.invited;
    if (invitation.used) ++tally.received;
  }

  json groups = json::array();
  for (const auto& rule : rules) {
    groups.push_back(
        {{"id", rule.id}, {"label", rule.label}, {"min_responses", rule.min_responses}});
  }
  json rows = json::array();
  int under_minimum = 0;
  int without_self = 0;
  for (const auto& subject : *subjects) {
    if (!in_scope.Covers(subject.person_id, subject.unit_id)) continue;
    json by_group = json::object();
    bool short_anywhere = false;
    bool self_assessed = false;
    for (const auto& rule : rules) {
      const Tally tally = tallies[subject.id][rule.id];
      const int short_by = std::max(0, rule.min_responses - tally.received);
      // A group nobody was invited to is not short: it cannot be asked.
      if (short_by > 0 && tally.invited > 0) short_anywhere = true;
      if (rule.id == "self" && tally.received > 0) self_assessed = true;
      // too_few_invited: even if all answer, too few were asked, so nominate more.
      const bool too_few = tally.invited > 0 && tally.invited < rule.min_responses;
      by_group[rule.id] = {{"invited", tally.invited},
                           {"received", tally.received},
                           {"minimum", rule.min_responses},
                           {"short_by", tally.invited > 0 ? short_by : 0},
                           {"too_few_invited", too_few}};
    }
    if (short_anywhere) ++under_minimum;
    if (!self_assessed) ++without_self;
    rows.push_back({{"person_id", subject.person_id},
                    {"display_name", subject.display_name},
                    {"unit_id", subject.unit_id},
                    {"groups", by_group},
                    {"under_minimum", short_anywhere},
                    {"self_assessed", self_assessed}});
  }
  return json{{"campaign", report_parts::CampaignJson(row)},
              {"groups", groups},
              {"subjects", rows},
              {"totals",
               {{"subjects", rows.size()},
                {"under_minimum", under_minimum},
                {"without_self_assessment", without_self}}}};
}

}  // namespace soundings::server
