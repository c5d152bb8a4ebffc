#pragma once
// Administration shared by the CLI and the API: people and nominations imports (all or nothing,
// every error with its line), campaigns and their states, invitation export.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/services/audit_log.h"
#include "server/services/template_catalog.h"
#include "server/store/store.h"
#include "shared/results/suppression.h"

namespace soundings::server {

struct ImportCounts {
  int units = 0;
  int people = 0;
  int subjects = 0;
  int nominations = 0;
};

class AdminService {
 public:
  AdminService(Store& store, TemplateCatalog& templates, const Clock& clock)
      : m_store(store), m_templates(templates), m_clock(clock), m_audit(store, clock) {}

  /// Units CSV (id,name,kind,parent_id; may be empty text) and people CSV
  /// (id,display_name,unit_id[,email]). Checks every row first; on any problem nothing changes
  /// and every problem comes back with "FILE:LINE".
  ServiceResult<ImportCounts> ImportPeople(const std::string& units_csv,
                                           const std::string& units_file,
                                           const std::string& people_csv,
                                           const std::string& people_file,
                                           const std::string& actor);
  /// Nominations CSV (subject_id,rater_id,rater_group) for a 360 or self-assessment campaign.
  ServiceResult<ImportCounts> ImportNominations(const std::string& campaign_id,
                                                const std::string& csv, const std::string& file,
                                                const std::string& actor);
  // One nomination at a time, as the campaign page does it (nominations.cpp).
  /// A campaign's nominations by subject and rater name, whether each has an invitation, and what
  /// the page needs to add one: every person (id, name) and the template's rater groups (id,
  /// label). 404, 422 for a consultation.
  ServiceResult<nlohmann::json> ListNominations(const std::string& campaign_id);
  /// Nominates `rater_person_id` in `rater_group` for `subject_person_id`, checked as an import
  /// row is. 404, 409 campaign_closed or already_nominated, 400 invalid_nomination (each problem
  /// with its field), 422 for a consultation. Audited as nomination_added.
  ServiceResult<nlohmann::json> AddNomination(const std::string& campaign_id,
                                              const NominationImportRow& nomination,
                                              const std::string& actor);
  /// Withdraws a nomination and its unused invitation (its code stops working). 404 for none,
  /// 409 campaign_closed, or already_answered when its rater has answered (the response stays,
  /// so the nomination does). Audited as nomination_removed.
  ServiceResult<nlohmann::json> RemoveNomination(const std::string& campaign_id,
                                                 const std::string& subject_person_id,
                                                 const std::string& rater_person_id,
                                                 const std::string& actor);

  /// Makes an invitation for every nomination that has none and returns their codes: the only
  /// time the codes exist in the clear. A code is good until the campaign's close date, or for
  /// `valid_days` when it has none. Audited as an export. 409 once the campaign is closed.
  ServiceResult<std::vector<NewInvitation>> ExportInvitations(const std::string& campaign_id,
                                                              int valid_days,
                                                              const std::string& actor);
  /// Reminders to the raters who have not answered: each nominated rater whose invitation is
  /// unused gets a new code (the old one stops working: codes are stored hashed, so the first
  /// one cannot be printed again), for a reminder letter. Those who answered get nothing, and
  /// nothing in the reply says who they are. Audited as reminders_issued. 404, 409 once closed,
  /// 422 for a consultation.
  ServiceResult<std::vector<NewInvitation>> IssueReminders(const std::string& campaign_id,
                                                           int valid_days,
                                                           const std::string& actor);

  /// Every campaign, by id.
  ServiceResult<std::vector<CampaignRow>> ListCampaigns();
  /// Responses kept aside by ingest because their uuid came again with other content.
  ServiceResult<std::vector<ConflictRow>> ListConflicts();

  /// Creates a draft (or the given state) campaign. 400 invalid_id (path "id") for an id that
  /// breaks the rule of shared/core/identifiers.h, 422 unknown_template, 409 campaign_exists.
  ServiceResult<CampaignRow> CreateCampaign(const CampaignRow& campaign, const std::string& actor);

  // Unit leads (unit_leads.cpp): who leads a unit decides a manager's team scope.
  /// Every organisation unit, by id, with its kind, parent and lead.
  ServiceResult<std::vector<OrgUnitRow>> ListUnits();
  /// Every person, by id: whom a unit's lead may be.
  ServiceResult<std::vector<PersonRow>> ListPeople();
  /// Makes `person_id` the lead of `unit_id`, or clears the lead when it is "". 404 for no such
  /// unit; 422 unknown_person (path "person_id") for no such person. Audited as unit_lead_set.
  ServiceResult<OrgUnitRow> SetUnitLead(const std::string& unit_id, const std::string& person_id,
                                        const std::string& actor);
  /// Moves a campaign forward: draft -> open -> closing -> closed (open -> closed allowed).
  ServiceResult<CampaignRow> SetCampaignState(const std::string& id, const std::string& state,
                                              const std::string& actor);

  // Dates (campaign_dates.cpp).
  /// Sets when a campaign opens and closes (RFC 3339 UTC, "" for none; stored normalised). 404,
  /// 409 campaign_closed, 400 invalid_date for text that is not a time or a close before the
  /// opening, 422 closes_in_past. Audited as campaign_dates_set.
  ServiceResult<CampaignRow> SetCampaignDates(const std::string& id, const std::string& opens_at,
                                              const std::string& closes_at,
                                              const std::string& actor);
  /// A campaign's own small-cell and comment minimums (0: the deployment's `floor`, and never
  /// below it: 422 below_deployment_minimum naming the field). 404; 400 for a value outside
  /// 0-1000. Audited as campaign_minimums_set ("cell=N comment=M").
  ServiceResult<CampaignRow> SetCampaignMinimums(const std::string& id, int cell_minimum,
                                                 int comment_minimum,
                                                 const SuppressionPolicy& floor,
                                                 const std::string& actor);
  /// Closes every open or closing campaign whose close date has passed, audited as a state change
  /// by `actor` with the reason; the ids it closed. Drafts are left alone: never opened, they
  /// had no raters to cut off.
  ServiceResult<std::vector<std::string>> CloseDueCampaigns(const std::string& actor);

  // Subjects propose their own raters and the people who lead them approve each, where HR turns
  // it on for a campaign (issue 11 item 5; subject_nominations.cpp). Only approved nominations
  // get invitation codes.
  /// Turns it on or off for a 360 or self-assessment; audited. 404, 422, 409 once closed.
  /// Replies {id, subject_nominations}.
  ServiceResult<nlohmann::json> SetSubjectNominations(const std::string& campaign_id, bool enabled,
                                                      const std::string& actor);
  /// The caller's own raters in the campaign with each one's state, and whom they may propose as
  /// which group (never "self"). 403 unless the caller is a subject of the campaign.
  ServiceResult<nlohmann::json> MyNominations(const Principal& who, const std::string& campaign_id);
  /// The subject proposes a rater: 409 `subject_nominations_off` unless HR turned it on,
  /// `already_nominated`, `campaign_closed`; 400 for an unknown person or group, the self group
  /// or themselves. Audited as nomination_proposed.
  ServiceResult<nlohmann::json> ProposeNomination(const Principal& who,
                                                  const std::string& campaign_id,
                                                  const std::string& rater_person_id,
                                                  const std::string& rater_group,
                                                  const std::string& actor);
  /// The subject takes back a proposal not yet approved; 409 `already_approved` (HR changes
  /// approved raters), 404.
  ServiceResult<nlohmann::json> WithdrawProposal(const Principal& who,
                                                 const std::string& campaign_id,
                                                 const std::string& rater_person_id,
                                                 const std::string& actor);
  /// The proposals of the subjects the caller may decide for (nominations.approve: the people
  /// they lead; never their own), awaiting a decision or decided.
  ServiceResult<nlohmann::json> NominationApprovals(const Principal& who,
                                                    const std::string& campaign_id);
  /// Approves or declines one proposal; 403 outside the caller's scope or for their own raters,
  /// 409 `not_proposed` when none awaits a decision, `campaign_closed`. Audited.
  ServiceResult<nlohmann::json> DecideNomination(const Principal& who,
                                                 const std::string& campaign_id,
                                                 const std::string& subject_person_id,
                                                 const std::string& rater_person_id, bool approve,
                                                 const std::string& actor);

 private:
  /// The campaign `id`: 404 when there is none.
  ServiceResult<CampaignRow> FindCampaign(const std::string& id);
  /// The 360 or self-assessment `id`, which has raters: 404, 422 for a consultation.
  ServiceResult<CampaignRow> CampaignWithRaters(const std::string& id);
  /// The campaign `id` if nominations may change: 404, 409 once closed, 422 for a consultation.
  ServiceResult<CampaignRow> CampaignTakingNominations(const std::string& id);
  /// What is wrong with one nomination, by field ("subject_id", "rater_id", "rater_group").
  static Problems NominationProblems(const NominationImportRow& nomination,
                                     const std::set<std::string>& people,
                                     const std::set<std::string>& groups);
  /// The template's rater groups of `campaign` in its order: id and label in its default language.
  using GroupLabelList = std::vector<std::pair<std::string, std::string>>;
  ServiceResult<GroupLabelList> GroupLabels(const CampaignRow& campaign);
  /// A nomination row as the dashboard shows it (names, the group's label, state).
  static nlohmann::json NominationJson(const Store::NominationRow& n, const GroupLabelList& labels);
  /// When a new invitation code stops working (ExportInvitations).
  std::string CodeExpiry(const CampaignRow& campaign, int valid_days) const;
  /// `opens_at` and `closes_at` checked and normalised; the error names the field.
  ServiceResult<std::pair<std::string, std::string>> CheckedDates(const std::string& opens_at,
                                                                  const std::string& closes_at);

  Store& m_store;
  TemplateCatalog& m_templates;
  const Clock& m_clock;
  AuditLog m_audit;
};

/// CSV text of invitations: campaign,code,subject,rater_group,rater.
std::string InvitationsCsv(const std::string& campaign_id,
                           const std::vector<NewInvitation>& invitations);

}  // namespace soundings::server
