// Subjects propose their own raters and the people who lead them approve each one (issue 11
// item 5), where HR turns it on for a campaign. HR's own nominations (one at a time or by CSV,
// nominations.cpp and admin.cpp) are approved as they are made; only approved ones get codes.
#include <algorithm>
#include <string>

#include "server/services/admin.h"
#include "server/services/people_in_scope.h"

namespace soundings::server {

using nlohmann::json;

namespace {

ServiceError Forbidden(const std::string& message) {
  return {ErrorKind::kForbidden, "forbidden", message, {}};
}

ServiceError Conflict(const std::string& code, const std::string& message) {
  return {ErrorKind::kConflict, code, message, {}};
}

json CampaignSummary(const CampaignRow& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"kind", c.kind},
          {"state", c.state},
          {"subject_nominations", c.subject_nominations}};
}

}  // namespace

ServiceResult<json> AdminService::SetSubjectNominations(const std::string& campaign_id,
                                                        bool enabled, const std::string& actor) {
  auto campaign = CampaignTakingNominations(campaign_id);
  if (!campaign) return campaign.error();
  if (auto s = m_store.SetSubjectNominations(campaign_id, enabled); !s) {
    return StorageError(s.error());
  }
  auto audited = m_audit.Record(actor, "subject_nominations", "campaign:" + campaign_id,
                                enabled ? "on" : "off");
  if (!audited) return audited.error();
  return json{{"id", campaign_id}, {"subject_nominations", enabled}};
}

ServiceResult<json> AdminService::MyNominations(const Principal& who,
                                                const std::string& campaign_id) {
  auto campaign = CampaignWithRaters(campaign_id);
  if (!campaign) return campaign.error();
  auto subjects = m_store.ListSubjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  const bool is_subject = !who.person_id.empty() &&
                          std::any_of(subjects->begin(), subjects->end(), [&](const SubjectRow& s) {
                            return s.person_id == who.person_id;
                          });
  if (!is_subject) {
    return Forbidden("You are not one of the people appraised in " + campaign->title +
                     ", so there are no raters of yours to choose.");
  }
  auto labels = GroupLabels(*campaign);
  if (!labels) return labels.error();
  auto rows = m_store.ListNominations(campaign_id);
  if (!rows) return StorageError(rows.error());
  json mine = json::array();
  for (const auto& n : *rows) {
    if (n.subject_person_id == who.person_id) mine.push_back(NominationJson(n, *labels));
  }
  // Whom they may propose: anyone but themselves, as any group but "self".
  json groups = json::array();
  for (const auto& [id, label] : *labels) {
    if (id != "self") groups.push_back({{"id", id}, {"label", label}});
  }
  auto people = m_store.ListPeople();
  if (!people) return StorageError(people.error());
  json others = json::array();
  for (const auto& p : *people) {
    if (p.id != who.person_id) others.push_back({{"id", p.id}, {"name", p.display_name}});
  }
  return json{{"campaign", CampaignSummary(*campaign)},
              {"nominations", mine},
              {"people", others},
              {"groups", groups}};
}

ServiceResult<json> AdminService::ProposeNomination(const Principal& who,
                                                    const std::string& campaign_id,
                                                    const std::string& rater_person_id,
                                                    const std::string& rater_group,
                                                    const std::string& actor) {
  auto mine = MyNominations(who, campaign_id);  // 404, 422, 403 when not a subject
  if (!mine) return mine.error();
  if (!(*mine)["campaign"]["subject_nominations"].get<bool>()) {
    return Conflict("subject_nominations_off",
                    "In this campaign HR chooses the raters; ask them to add anyone missing.");
  }
  Problems problems;
  if (rater_person_id == who.person_id) {
    problems.push_back({"rater_id", "you cannot be one of your own raters"});
  }
  if (rater_group == "self") {
    problems.push_back({"rater_group", "your own self-assessment is not chosen here"});
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_nomination",
                        "This rater was not proposed: " + problems.front().message + ".",
                        std::move(problems)};
  }
  NominationImportRow row{who.person_id, rater_person_id, rater_group};
  row.status = "proposed";
  return AddNomination(campaign_id, row, actor);  // 409 closed, already nominated; 400
}

ServiceResult<json> AdminService::WithdrawProposal(const Principal& who,
                                                   const std::string& campaign_id,
                                                   const std::string& rater_person_id,
                                                   const std::string& actor) {
  auto mine = MyNominations(who, campaign_id);
  if (!mine) return mine.error();
  const json& nominations = (*mine)["nominations"];
  const auto found = std::find_if(nominations.begin(), nominations.end(),
                                  [&](const json& n) { return n["rater_id"] == rater_person_id; });
  if (found == nominations.end()) {
    return ServiceError{ErrorKind::kNotFound,
                        "not_found",
                        "You have no rater " + rater_person_id + " in this campaign.",
                        {}};
  }
  if ((*found)["status"] == "approved") {
    return Conflict("already_approved",
                    "This rater is approved already; ask HR if they should not rate you.");
  }
  return RemoveNomination(campaign_id, who.person_id, rater_person_id, actor);
}

ServiceResult<json> AdminService::NominationApprovals(const Principal& who,
                                                      const std::string& campaign_id) {
  auto campaign = CampaignWithRaters(campaign_id);
  if (!campaign) return campaign.error();
  auto units = m_store.ListOrgUnits();
  if (!units) return StorageError(units.error());
  auto people = m_store.ListPeople();
  if (!people) return StorageError(people.error());
  std::map<std::string, std::string> unit_of;
  for (const auto& p : *people) unit_of[p.id] = p.unit_id;
  const PeopleInScope scope(who, Permission::kNominationsApprove, *units);
  auto labels = GroupLabels(*campaign);
  if (!labels) return labels.error();
  auto rows = m_store.ListNominations(campaign_id);
  if (!rows) return StorageError(rows.error());
  json out = json::array();
  for (const auto& n : *rows) {
    // Proposals, waiting or decided; never the caller's own raters.
    if (n.status != "proposed" && n.decided_by.empty()) continue;
    if (n.subject_person_id == who.person_id) continue;
    if (!scope.Covers(n.subject_person_id, unit_of[n.subject_person_id])) continue;
    out.push_back(NominationJson(n, *labels));
  }
  return json{{"campaign", CampaignSummary(*campaign)}, {"nominations", out}};
}

ServiceResult<json> AdminService::DecideNomination(const Principal& who,
                                                   const std::string& campaign_id,
                                                   const std::string& subject_person_id,
                                                   const std::string& rater_person_id, bool approve,
                                                   const std::string& actor) {
  auto campaign = CampaignTakingNominations(campaign_id);
  if (!campaign) return campaign.error();
  if (subject_person_id == who.person_id) {
    return Forbidden("Your own raters are approved by the person you report to, or HR.");
  }
  auto units = m_store.ListOrgUnits();
  if (!units) return StorageError(units.error());
  auto people = m_store.ListPeople();
  if (!people) return StorageError(people.error());
  const auto subject = std::find_if(people->begin(), people->end(),
                                    [&](const PersonRow& p) { return p.id == subject_person_id; });
  if (subject == people->end() || !PeopleInScope(who, Permission::kNominationsApprove, *units)
                                       .Covers(subject->id, subject->unit_id)) {
    return Forbidden("You approve the raters of the people you lead only.");
  }
  auto decided =
      m_store.DecideNomination(campaign_id, subject_person_id, rater_person_id, approve, actor);
  if (!decided) return StorageError(decided.error());
  if (!*decided) {
    return Conflict("not_proposed", "No proposal of " + rater_person_id + " as a rater of " +
                                        subject->display_name + " awaits a decision.");
  }
  auto audited =
      m_audit.Record(actor, approve ? "nomination_approved" : "nomination_declined",
                     "campaign:" + campaign_id, subject_person_id + " <- " + rater_person_id);
  if (!audited) return audited.error();
  return json{{"subject_id", subject_person_id},
              {"rater_id", rater_person_id},
              {"status", approve ? "approved" : "declined"}};
}

}  // namespace soundings::server
