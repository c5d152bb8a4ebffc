#include "server/services/admin.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "server/services/csv.h"
#include "shared/core/identifiers.h"
#include "shared/results/anonymity_promise.h"
#include "shared/sync/invitation_code.h"

namespace soundings::server {

namespace {

ServiceError InvalidImport(const std::string& what, Problems problems) {
  const std::size_t count = problems.size();
  return {ErrorKind::kBadRequest, "invalid_import",
          "The " + what + " were not imported: " + std::to_string(count) +
              (count == 1 ? " problem" : " problems") + " (nothing was changed).",
          std::move(problems)};
}

std::string Where(const std::string& file, int line) { return file + ":" + std::to_string(line); }

int StateRank(const std::string& state) {
  if (state == "draft") return 0;
  if (state == "open") return 1;
  if (state == "closing") return 2;
  if (state == "closed") return 3;
  return -1;
}

// A closed campaign accepts no responses (ingest), so a nomination or code made for it now could
// never be answered: 409 with what was refused.
std::optional<ServiceError> RefuseIfClosed(const CampaignRow& campaign, const std::string& what) {
  if (campaign.state != "closed") return std::nullopt;
  return ServiceError{ErrorKind::kConflict,
                      "campaign_closed",
                      "Campaign \"" + campaign.id + "\" is closed: it " + what + ".",
                      {}};
}

}  // namespace

ServiceResult<std::vector<CampaignRow>> AdminService::ListCampaigns() {
  auto campaigns = m_store.ListCampaigns();
  if (!campaigns) return StorageError(campaigns.error());
  return std::move(campaigns).value();
}

ServiceResult<std::vector<ConflictRow>> AdminService::ListConflicts() {
  auto conflicts = m_store.ListConflicts();
  if (!conflicts) return StorageError(conflicts.error());
  return std::move(conflicts).value();
}

ServiceResult<ImportCounts> AdminService::ImportPeople(const std::string& units_csv,
                                                       const std::string& units_file,
                                                       const std::string& people_csv,
                                                       const std::string& people_file,
                                                       const std::string& actor) {
  Problems problems;
  std::vector<CsvRow> unit_rows;
  if (!units_csv.empty()) {
    auto parsed = ParseCsv(units_csv, units_file, {"id", "name", "kind", "parent_id"});
    if (!parsed) return InvalidImport("people", parsed.problems());
    unit_rows = std::move(parsed).value();
  }
  auto people_rows = ParseCsv(people_csv, people_file, {"id", "display_name", "unit_id"});
  if (!people_rows) return InvalidImport("people", people_rows.problems());

  auto existing_units = m_store.ListOrgUnits();
  if (!existing_units) return StorageError(existing_units.error());
  auto existing_people = m_store.ListPeople();
  if (!existing_people) return StorageError(existing_people.error());
  std::set<std::string> unit_ids;
  for (const auto& u : *existing_units) unit_ids.insert(u.id);
  std::set<std::string> person_ids;
  for (const auto& p : *existing_people) person_ids.insert(p.id);

  std::vector<OrgUnitRow> units;
  for (const auto& row : unit_rows) {
    const std::string where = Where(units_file, row.line);
    OrgUnitRow unit{row.fields.at("id"), row.fields.at("parent_id"), row.fields.at("kind"),
                    row.fields.at("name"), ""};
    if (unit.id.empty()) problems.push_back({where, "the id is empty"});
    if (unit.name.empty()) problems.push_back({where, "the name is empty"});
    if (unit.kind != "organisation" && unit.kind != "directorate" && unit.kind != "service" &&
        unit.kind != "team") {
      problems.push_back({where,
                          "the kind must be organisation, directorate, service or team, "
                          "not \"" +
                              unit.kind + "\""});
    }
    if (!unit.id.empty() && !unit_ids.insert(unit.id).second) {
      problems.push_back({where, "unit \"" + unit.id + "\" exists already or twice in the file"});
    }
    units.push_back(std::move(unit));
  }
  // Parents may come later in the file, so check them once every id is known.
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (!units[i].parent_id.empty() && !unit_ids.contains(units[i].parent_id)) {
      problems.push_back({Where(units_file, unit_rows[i].line),
                          "the parent unit \"" + units[i].parent_id + "\" does not exist"});
    }
  }
  // Insert parents before children, whatever their kinds and order in the file; a parent chain
  // that loops back on itself can never be inserted, so each unit in one is a problem.
  {
    std::map<std::string, std::size_t> in_file;
    for (std::size_t i = 0; i < units.size(); ++i) in_file.emplace(units[i].id, i);
    std::vector<OrgUnitRow> ordered;
    std::vector<bool> placed(units.size(), false);
    std::set<std::string> placed_ids;
    for (bool progress = true; progress && ordered.size() < units.size();) {
      progress = false;
      for (std::size_t i = 0; i < units.size(); ++i) {
        if (placed[i]) continue;
        const std::string& parent = units[i].parent_id;
        if (parent.empty() || !in_file.contains(parent) || placed_ids.contains(parent)) {
          placed[i] = true;
          placed_ids.insert(units[i].id);
          ordered.push_back(units[i]);
          progress = true;
        }
      }
    }
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (!placed[i]) {
        problems.push_back(
            {Where(units_file, unit_rows[i].line),
             "unit \"" + units[i].id +
                 "\" is in a loop of parents (it is its own ancestor), or below one"});
      }
    }
    units = std::move(ordered);
  }

  std::vector<PersonRow> people;
  for (const auto& row : *people_rows) {
    const std::string where = Where(people_file, row.line);
    PersonRow person{row.fields.at("id"), row.fields.at("display_name"),
                     row.fields.contains("email") ? row.fields.at("email") : "",
                     row.fields.at("unit_id")};
    if (person.id.empty()) problems.push_back({where, "the id is empty"});
    if (person.display_name.empty()) problems.push_back({where, "the display_name is empty"});
    if (!person.id.empty() && !person_ids.insert(person.id).second) {
      problems.push_back(
          {where, "person \"" + person.id + "\" exists already or twice in the file"});
    }
    if (!person.unit_id.empty() && !unit_ids.contains(person.unit_id)) {
      problems.push_back({where, "unit \"" + person.unit_id + "\" does not exist"});
    }
    if (!person.email.empty() && person.email.find('@') == std::string::npos) {
      problems.push_back({where, "\"" + person.email + "\" is not an email address"});
    }
    people.push_back(std::move(person));
  }
  if (!problems.empty()) return InvalidImport("people", std::move(problems));
  if (auto s = m_store.ImportPeople(units, people); !s) return StorageError(s.error());
  auto audited = m_audit.Record(
      actor, "people_imported", people_file,
      std::to_string(units.size()) + " units, " + std::to_string(people.size()) + " people");
  if (!audited) return audited.error();
  ImportCounts counts;
  counts.units = static_cast<int>(units.size());
  counts.people = static_cast<int>(people.size());
  return counts;
}

ServiceResult<ImportCounts> AdminService::ImportNominations(const std::string& campaign_id,
                                                            const std::string& csv,
                                                            const std::string& file,
                                                            const std::string& actor) {
  auto campaign = CampaignTakingNominations(campaign_id);
  if (!campaign) return campaign.error();
  auto tmpl = m_templates.Get(campaign->template_id, campaign->template_version);
  if (!tmpl) return tmpl.error();
  std::set<std::string> groups;
  if (*tmpl) {
    for (const auto& g : (*tmpl)->rater_groups) groups.insert(g.id);
  }
  auto rows = ParseCsv(csv, file, {"subject_id", "rater_id", "rater_group"});
  if (!rows) return InvalidImport("nominations", rows.problems());
  auto people = m_store.ListPeople();
  if (!people) return StorageError(people.error());
  std::set<std::string> person_ids;
  for (const auto& p : *people) person_ids.insert(p.id);

  Problems problems;
  std::vector<NominationImportRow> nominations;
  std::set<std::pair<std::string, std::string>> seen;
  std::set<std::string> subjects;
  for (const auto& row : *rows) {
    const std::string where = Where(file, row.line);
    NominationImportRow n{row.fields.at("subject_id"), row.fields.at("rater_id"),
                          row.fields.at("rater_group")};
    for (auto& problem : NominationProblems(n, person_ids, groups)) {
      problems.push_back({where, std::move(problem.message)});
    }
    if (!seen.insert({n.subject_person_id, n.rater_person_id}).second) {
      problems.push_back({where, "this rater is nominated twice for this subject"});
    }
    subjects.insert(n.subject_person_id);
    nominations.push_back(std::move(n));
  }
  if (!problems.empty()) return InvalidImport("nominations", std::move(problems));
  if (auto s = m_store.ImportNominations(campaign_id, nominations); !s) {
    if (s.error().Constraint()) {
      return ServiceError{ErrorKind::kConflict,
                          "already_nominated",
                          "Some of these nominations exist already; nothing was imported.",
                          {}};
    }
    return StorageError(s.error());
  }
  auto audited = m_audit.Record(actor, "nominations_imported", "campaign:" + campaign_id,
                                std::to_string(nominations.size()) + " nominations");
  if (!audited) return audited.error();
  ImportCounts counts;
  counts.subjects = static_cast<int>(subjects.size());
  counts.nominations = static_cast<int>(nominations.size());
  return counts;
}

namespace {

// A fresh code for one nomination: the letter's text in `invitation` (the code in the clear,
// shown once) and what the store keeps in `row` (its salted hash).
void MakeCode(const Template* tmpl, const Store::PendingNomination& p, const std::string& expires,
              NewInvitation& invitation, InvitationRow& row) {
  invitation.subject_person_id = p.who.subject_person_id;
  invitation.subject_display_name = p.subject_display_name;
  invitation.rater_person_id = p.who.rater_person_id;
  invitation.rater_display_name = p.rater_display_name;
  invitation.rater_group = p.who.rater_group;
  invitation.code = sync::GenerateInvitationCode();
  if (tmpl != nullptr) {
    const RaterGroup* group = tmpl->FindRaterGroup(p.who.rater_group);
    invitation.rater_group_label =
        group != nullptr ? Pick(group->label, tmpl->DefaultLanguage()) : p.who.rater_group;
    invitation.anonymity =
        AnonymityPromise(*tmpl, p.who.rater_group, p.subject_display_name, tmpl->DefaultLanguage());
  }
  row.subject_id = p.subject_id;
  row.nomination_id = p.nomination_id;
  row.rater_group = p.who.rater_group;
  row.salt = sync::NewInvitationSalt();
  row.code_hash =
      sync::HashInvitationCode(*sync::NormaliseInvitationCode(invitation.code), row.salt);
  row.expires_at = expires;
}

}  // namespace

std::string AdminService::CodeExpiry(const CampaignRow& campaign, int valid_days) const {
  // A code is good until the campaign closes, when its close date is set: a later one could
  // never be used, an earlier one would lock out a rater before the deadline their letter gives.
  if (!campaign.closes_at.empty()) return campaign.closes_at;
  return FormatRfc3339(m_clock.Now() + std::chrono::hours(24 * std::max(1, valid_days)));
}

ServiceResult<std::vector<NewInvitation>> AdminService::ExportInvitations(
    const std::string& campaign_id, int valid_days, const std::string& actor) {
  auto campaign = FindCampaign(campaign_id);
  if (!campaign) return campaign.error();
  if (auto refusal = RefuseIfClosed(*campaign, "issues no new invitation codes")) {
    return *refusal;
  }
  auto tmpl = m_templates.Get(campaign->template_id, campaign->template_version);
  if (!tmpl) return tmpl.error();
  auto pending = m_store.NominationsWithoutInvitation(campaign_id);
  if (!pending) return StorageError(pending.error());
  const std::string expires = CodeExpiry(*campaign, valid_days);
  std::vector<InvitationRow> rows(pending->size());
  std::vector<NewInvitation> out(pending->size());
  for (std::size_t i = 0; i < pending->size(); ++i) {
    rows[i].campaign_id = campaign_id;
    MakeCode(tmpl->get(), (*pending)[i], expires, out[i], rows[i]);
  }
  // Audited first: the codes are shown once, so a failed audit write must leave none behind.
  auto audited = m_audit.Record(actor, "invitations_exported", "campaign:" + campaign_id,
                                std::to_string(out.size()) + " new invitations");
  if (!audited) return audited.error();
  if (auto s = m_store.AddInvitations(rows); !s) return StorageError(s.error());
  return out;
}

ServiceResult<std::vector<NewInvitation>> AdminService::IssueReminders(
    const std::string& campaign_id, int valid_days, const std::string& actor) {
  auto campaign = FindCampaign(campaign_id);
  if (!campaign) return campaign.error();
  if (auto refusal = RefuseIfClosed(*campaign, "sends no reminders")) return *refusal;
  if (campaign->kind == "consultation") {
    return ServiceError{
        ErrorKind::kUnprocessable,
        "wrong_kind",
        "Campaign \"" + campaign_id + "\" is a consultation: it has no nominated raters to remind.",
        {}};
  }
  auto tmpl = m_templates.Get(campaign->template_id, campaign->template_version);
  if (!tmpl) return tmpl.error();
  auto awaited = m_store.NominationsAwaitingResponse(campaign_id);
  if (!awaited) return StorageError(awaited.error());
  // Codes are kept only as salted hashes, so a reminder cannot print the first letter's code:
  // it gives the rater a new one, and the old one stops working.
  const std::string expires = CodeExpiry(*campaign, valid_days);
  std::vector<InvitationRow> rows(awaited->size());
  std::vector<NewInvitation> letters(awaited->size());
  for (std::size_t i = 0; i < awaited->size(); ++i) {
    rows[i].id = (*awaited)[i].invitation_id;
    rows[i].campaign_id = campaign_id;
    MakeCode(tmpl->get(), (*awaited)[i].nomination, expires, letters[i], rows[i]);
  }
  auto audited = m_audit.Record(actor, "reminders_issued", "campaign:" + campaign_id,
                                std::to_string(rows.size()) + " unanswered invitations");
  if (!audited) return audited.error();
  auto changed = m_store.ReissueInvitationCodes(rows);
  if (!changed) return StorageError(changed.error());
  // A rater who answered between the read and the write keeps their used invitation and gets
  // no letter.
  const std::set<std::int64_t> reissued(changed->begin(), changed->end());
  std::vector<NewInvitation> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (reissued.contains(rows[i].id)) out.push_back(std::move(letters[i]));
  }
  return out;
}

ServiceResult<CampaignRow> AdminService::CreateCampaign(const CampaignRow& campaign,
                                                        const std::string& actor) {
  // An id ends up in URLs, download names and CLI file names: it must follow the one rule.
  if (auto valid = CheckCampaignId(campaign.id); !valid) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_id", valid.error().front().message,
                        valid.error()};
  }
  auto tmpl = m_templates.Get(campaign.template_id, campaign.template_version);
  if (!tmpl) return tmpl.error();
  if (!*tmpl) {
    return ServiceError{ErrorKind::kUnprocessable,
                        "unknown_template",
                        "Template \"" + campaign.template_id + "\" version " +
                            std::to_string(campaign.template_version) + " is not loaded.",
                        {{"template_version", "unknown"}}};
  }
  CampaignRow row = campaign;
  auto dates = CheckedDates(campaign.opens_at, campaign.closes_at);
  if (!dates) return dates.error();
  row.opens_at = dates->first;
  row.closes_at = dates->second;
  row.kind = ToString((*tmpl)->kind);
  if (row.state.empty()) row.state = "draft";
  if (StateRank(row.state) < 0) {
    return ServiceError{ErrorKind::kBadRequest,
                        "invalid_state",
                        "A campaign state is draft, open, closing or closed.",
                        {}};
  }
  if (auto s = m_store.AddCampaign(row); !s) {
    if (s.error().Constraint()) {
      return ServiceError{ErrorKind::kConflict,
                          "campaign_exists",
                          "A campaign \"" + row.id + "\" exists already.",
                          {}};
    }
    return StorageError(s.error());
  }
  auto audited = m_audit.Record(actor, "campaign_created", "campaign:" + row.id, row.template_id);
  if (!audited) return audited.error();
  return row;
}

ServiceResult<CampaignRow> AdminService::SetCampaignState(const std::string& id,
                                                          const std::string& state,
                                                          const std::string& actor) {
  auto campaign = FindCampaign(id);
  if (!campaign) return campaign.error();
  const int from = StateRank(campaign->state);
  const int to = StateRank(state);
  if (to < 0) {
    return ServiceError{
        ErrorKind::kBadRequest,
        "invalid_state",
        "A campaign state is draft, open, closing or closed, not \"" + state + "\".",
        {{"state", "unknown state"}}};
  }
  if (to <= from || (from == 0 && to != 1)) {
    return ServiceError{ErrorKind::kConflict,
                        "invalid_transition",
                        "Campaign \"" + id + "\" is " + campaign->state +
                            "; it can only move forward (draft, open, closing, closed), and a "
                            "draft must open first.",
                        {}};
  }
  CampaignRow row = *campaign;
  // Opened before its planned date (or with none): it opened now. Ingest refuses responses
  // completed before a campaign's opening, so the date must not be later than the real one.
  const std::string now = FormatRfc3339(m_clock.Now());
  if (to == 1 && (row.opens_at.empty() || row.opens_at > now)) {
    row.opens_at = now;
    if (auto s = m_store.SetCampaignDates(id, row.opens_at, row.closes_at); !s) {
      return StorageError(s.error());
    }
  }
  if (auto s = m_store.SetCampaignState(id, state); !s) return StorageError(s.error());
  auto audited = m_audit.Record(actor, "campaign_state_changed", "campaign:" + id,
                                campaign->state + " -> " + state);
  if (!audited) return audited.error();
  row.state = state;
  return row;
}

std::string InvitationsCsv(const std::string& campaign_id,
                           const std::vector<NewInvitation>& invitations) {
  // "\n" lines: the file is read by people and mail-merge scripts on the server's machine.
  std::string out = CsvLine({"campaign", "code", "subject_id", "subject", "rater_group", "rater_id",
                             "rater", "rater_group_label", "anonymity"},
                            "\n");
  for (const auto& i : invitations) {
    out += CsvLine({campaign_id, i.code, i.subject_person_id, i.subject_display_name, i.rater_group,
                    i.rater_person_id, i.rater_display_name, i.rater_group_label, i.anonymity},
                   "\n");
  }
  return out;
}

}  // namespace soundings::server
