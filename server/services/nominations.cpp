// Nominations one at a time (issue 11 item 5): the campaign page adds and withdraws raters by
// name and by the group's label, checked exactly as an import row is (admin.cpp imports CSV).
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "server/services/admin.h"
#include "shared/templates/model.h"

namespace soundings::server {

using nlohmann::json;

ServiceResult<CampaignRow> AdminService::FindCampaign(const std::string& id) {
  auto campaign = m_store.GetCampaign(id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) {
    return ServiceError{ErrorKind::kNotFound, "not_found", "No campaign \"" + id + "\".", {}};
  }
  return **campaign;
}

namespace {

ServiceError NoRaters(const std::string& id) {
  return {ErrorKind::kUnprocessable,
          "no_nominations",
          "Campaign \"" + id + "\" is a consultation; it has no raters.",
          {}};
}

}  // namespace

ServiceResult<CampaignRow> AdminService::CampaignWithRaters(const std::string& id) {
  auto campaign = FindCampaign(id);
  if (!campaign) return campaign.error();
  if (campaign->kind == "consultation") return NoRaters(id);
  return campaign;
}

ServiceResult<CampaignRow> AdminService::CampaignTakingNominations(const std::string& id) {
  auto campaign = FindCampaign(id);
  if (!campaign) return campaign.error();
  if (campaign->state == "closed") {
    return ServiceError{ErrorKind::kConflict,
                        "campaign_closed",
                        "Campaign \"" + id + "\" is closed: it takes no new nominations.",
                        {}};
  }
  if (campaign->kind == "consultation") return NoRaters(id);
  return campaign;
}

Problems AdminService::NominationProblems(const NominationImportRow& n,
                                          const std::set<std::string>& people,
                                          const std::set<std::string>& groups) {
  Problems problems;
  if (!people.contains(n.subject_person_id)) {
    problems.push_back(
        {"subject_id", "subject \"" + n.subject_person_id + "\" is not a known person"});
  }
  if (!people.contains(n.rater_person_id)) {
    problems.push_back({"rater_id", "rater \"" + n.rater_person_id + "\" is not a known person"});
  }
  if (!groups.empty() && !groups.contains(n.rater_group)) {
    std::string known;
    for (const auto& g : groups) known += (known.empty() ? "" : ", ") + g;
    problems.push_back({"rater_group", "rater group \"" + n.rater_group +
                                           "\" is not one of the template's groups (" + known +
                                           ")"});
  }
  if (n.rater_group == "self" && n.subject_person_id != n.rater_person_id) {
    problems.push_back({"rater_id", "a \"self\" rater must be the subject"});
  }
  return problems;
}

ServiceResult<AdminService::GroupLabelList> AdminService::GroupLabels(const CampaignRow& campaign) {
  auto tmpl = m_templates.Get(campaign.template_id, campaign.template_version);
  if (!tmpl) return tmpl.error();
  GroupLabelList labels;
  if (*tmpl) {
    for (const auto& g : (*tmpl)->rater_groups) {
      labels.emplace_back(g.id, Pick(g.label, (*tmpl)->DefaultLanguage()));
    }
  }
  return labels;
}

json AdminService::NominationJson(const Store::NominationRow& n, const GroupLabelList& labels) {
  auto label = std::find_if(labels.begin(), labels.end(),
                            [&](const auto& l) { return l.first == n.rater_group; });
  return {{"subject_id", n.subject_person_id},
          {"subject", n.subject_display_name},
          {"rater_id", n.rater_person_id},
          {"rater", n.rater_display_name},
          {"rater_group", n.rater_group},
          {"rater_group_label", label != labels.end() ? label->second : n.rater_group},
          {"invited", n.invited},
          {"status", n.status}};
}

ServiceResult<json> AdminService::ListNominations(const std::string& campaign_id) {
  auto campaign = CampaignWithRaters(campaign_id);
  if (!campaign) return campaign.error();
  auto labels = GroupLabels(*campaign);
  if (!labels) return labels.error();
  json groups = json::array();
  for (const auto& [id, label] : *labels) groups.push_back({{"id", id}, {"label", label}});
  auto rows = m_store.ListNominations(campaign_id);
  if (!rows) return StorageError(rows.error());
  json nominations = json::array();
  for (const auto& n : *rows) nominations.push_back(NominationJson(n, *labels));
  auto people = m_store.ListPeople();
  if (!people) return StorageError(people.error());
  json everyone = json::array();
  for (const auto& p : *people) everyone.push_back({{"id", p.id}, {"name", p.display_name}});
  return json{{"nominations", nominations}, {"people", everyone}, {"groups", groups}};
}

ServiceResult<json> AdminService::AddNomination(const std::string& campaign_id,
                                                const NominationImportRow& nomination,
                                                const std::string& actor) {
  auto campaign = CampaignTakingNominations(campaign_id);
  if (!campaign) return campaign.error();
  auto labels = GroupLabels(*campaign);
  if (!labels) return labels.error();
  std::set<std::string> groups;
  for (const auto& [id, label] : *labels) groups.insert(id);
  auto people = m_store.ListPeople();
  if (!people) return StorageError(people.error());
  std::set<std::string> person_ids;
  for (const auto& p : *people) person_ids.insert(p.id);
  if (auto problems = NominationProblems(nomination, person_ids, groups); !problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_nomination",
                        "This nomination was not added: " + problems.front().message + ".",
                        std::move(problems)};
  }
  auto subjects = m_store.ListSubjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  for (const auto& subject : *subjects) {
    if (subject.person_id == nomination.subject_person_id && !subject.closed_at.empty()) {
      return ServiceError{ErrorKind::kConflict,
                          "subject_closed",
                          "The collection for " + subject.display_name + " was closed at " +
                              subject.closed_at + ": it takes no new raters.",
                          {}};
    }
  }
  if (auto s = m_store.ImportNominations(campaign_id, {nomination}); !s) {
    if (s.error().Constraint()) {
      return ServiceError{ErrorKind::kConflict,
                          "already_nominated",
                          "This rater is already nominated for this subject.",
                          {}};
    }
    return StorageError(s.error());
  }
  const bool proposed = nomination.status == "proposed";
  auto audited = m_audit.Record(actor, proposed ? "nomination_proposed" : "nomination_added",
                                "campaign:" + campaign_id,
                                nomination.subject_person_id + " <- " + nomination.rater_person_id +
                                    " (" + nomination.rater_group + ")");
  if (!audited) return audited.error();
  return json{{"subject_id", nomination.subject_person_id},
              {"rater_id", nomination.rater_person_id},
              {"rater_group", nomination.rater_group},
              {"invited", false},
              {"status", nomination.status}};
}

ServiceResult<json> AdminService::RemoveNomination(const std::string& campaign_id,
                                                   const std::string& subject_person_id,
                                                   const std::string& rater_person_id,
                                                   const std::string& actor) {
  auto campaign = CampaignTakingNominations(campaign_id);
  if (!campaign) return campaign.error();
  auto removed = m_store.RemoveNomination(campaign_id, subject_person_id, rater_person_id);
  if (!removed) return StorageError(removed.error());
  switch (*removed) {
    case Store::NominationRemoval::kNotFound:
      return ServiceError{ErrorKind::kNotFound,
                          "not_found",
                          "No nomination of " + rater_person_id + " for " + subject_person_id +
                              " in campaign " + campaign_id + ".",
                          {}};
    case Store::NominationRemoval::kAnswered:
      return ServiceError{ErrorKind::kConflict,
                          "already_answered",
                          "This rater has answered already; their answers stay in the campaign, "
                          "so the nomination does too.",
                          {}};
    case Store::NominationRemoval::kRemoved:
      break;
  }
  auto audited = m_audit.Record(actor, "nomination_removed", "campaign:" + campaign_id,
                                subject_person_id + " <- " + rater_person_id);
  if (!audited) return audited.error();
  return json{{"removed", true}};
}

}  // namespace soundings::server
