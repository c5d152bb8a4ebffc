#include "server/reports/releases.h"

#include <algorithm>

#include "server/reports/report_parts.h"
#include "shared/core/time.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

using nlohmann::json;

namespace {

ServiceError Conflict(const std::string& code, const std::string& message) {
  return {ErrorKind::kConflict, code, message, {}};
}

// Whether the report shows any item's "all others" (every rater but the subject): otherwise it
// tells the subject nothing of what others said.
bool ShowsOthers(const json& report) {
  const json items = report.value("report", json::object()).value("items", json::object());
  for (const auto& [key, groups] : items.items()) {
    const json n = groups.value("all_others", json::object()).value("n", json::object());
    if (!n.contains("status") && n.value("value", 0.0) > 0) return true;
  }
  return false;
}

}  // namespace

ServiceResult<int> ReleaseEveryReport(ReportReleases& releases, Store& store,
                                      const std::string& actor, const std::string& campaign_id) {
  auto subjects = store.ListSubjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  const Principal admin(0, actor, Role::kAdmin, "");
  int released = 0;
  for (const auto& subject : *subjects) {
    auto done = releases.Release(admin, actor, campaign_id, subject.person_id);
    if (done) {
      ++released;
    } else if (done.error().code != "not_enough_responses") {
      return done.error();
    }
  }
  return released;
}

bool IsPreview(const json& report) {
  return report.contains("release") && report["release"].is_null();
}

ServiceResult<json> ReportReleases::Release(const Principal& who, const std::string& actor,
                                            const std::string& campaign_id,
                                            const std::string& subject_person_id,
                                            bool share_with_subject) {
  if (!who.Allows(Permission::kReportsRelease)) {
    return report_parts::Forbidden("Only admin and hr release reports.");
  }
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return report_parts::NotFound("No campaign " + campaign_id + ".");
  if (!report_parts::Is360(**campaign)) {
    return report_parts::WrongKind(**campaign, "a 360 or self-assessment");
  }
  if ((*campaign)->state != "closed") {
    auto subjects = m_store.ListSubjects(campaign_id);
    if (!subjects) return StorageError(subjects.error());
    const auto subject = std::find_if(subjects->begin(), subjects->end(), [&](const SubjectRow& s) {
      return s.person_id == subject_person_id;
    });
    if (subject == subjects->end() || subject->closed_at.empty()) {
      return Conflict("campaign_not_closed",
                      "Campaign " + campaign_id + " is " + (*campaign)->state +
                          ": close it, or close this subject's collection, before releasing "
                          "the report, so no response arrives after it is frozen.");
    }
  }
  auto report = m_reports.Individual(who, campaign_id, subject_person_id);
  if (!report) return report.error();
  const std::string name =
      report->value("subject", json::object()).value("display_name", subject_person_id);
  const ServiceError already_released =
      Conflict("already_released", "The report of " + name + " in campaign " + campaign_id +
                                       " was released already; a release is never changed.");
  if (!IsPreview(*report)) return already_released;
  if (!ShowsOthers(*report)) {
    return Conflict("not_enough_responses",
                    "The report of " + name +
                        " has no rater group other than the self-assessment "
                        "with enough responses to show, so there is nothing "
                        "to release.");
  }
  report->erase("release");
  ReportReleaseRow row;
  row.campaign_id = campaign_id;
  row.person_id = subject_person_id;
  row.released_at = FormatRfc3339(m_clock.Now());
  row.released_by = actor;
  row.report = report->dump();
  row.sha256 = sync::Sha256Hex(row.report);
  auto added = m_store.AddReportRelease(row);
  if (!added) return StorageError(added.error());
  if (!*added) return already_released;  // released meanwhile by another request
  auto audited = m_audit.Record(actor, "report_released", campaign_id + "/" + subject_person_id,
                                "sha256=" + row.sha256);
  if (!audited) return audited.error();
  json out{{"campaign_id", campaign_id},
           {"person_id", subject_person_id},
           {"released_at", row.released_at},
           {"sha256", row.sha256},
           {"shared_at", nullptr}};
  if (share_with_subject) {
    auto shared = Shared(actor, campaign_id, subject_person_id);
    if (!shared) {
      // The release stands (frozen, audited); only the share is missing, and Share can add it.
      ServiceError error = shared.error();
      error.message =
          "The report of " + name +
          " is released to their manager, but it could not be shared with them: " + error.message +
          " Share it with them again from the report.";
      return error;
    }
    out["shared_at"] = *shared;
  }
  return out;
}

ServiceResult<std::string> ReportReleases::Shared(const std::string& actor,
                                                  const std::string& campaign_id,
                                                  const std::string& subject_person_id) {
  const std::string at = FormatRfc3339(m_clock.Now());
  auto added = m_store.ShareReport(campaign_id, subject_person_id, at, actor);
  if (!added) return StorageError(added.error());
  if (!*added) {
    return Conflict("already_shared", "The report of " + subject_person_id + " in campaign " +
                                          campaign_id + " was shared with them already.");
  }
  auto audited = m_audit.Record(actor, "report_shared", campaign_id + "/" + subject_person_id);
  if (!audited) return audited.error();
  return at;
}

ServiceResult<json> ReportReleases::Share(const Principal& who, const std::string& actor,
                                          const std::string& campaign_id,
                                          const std::string& subject_person_id) {
  if (who.person_id == subject_person_id && !who.Allows(Permission::kReportsRelease)) {
    return report_parts::Forbidden(
        "Your manager or HR shares your report with you; it cannot be shared by its subject.");
  }
  // Reading it is the test of being allowed to share it: admin and hr read every report, a
  // manager or head of service those of the people they lead. A report not yet released reads
  // as a preview (admin, hr) or a refusal (everyone else).
  auto report = m_reports.Individual(who, campaign_id, subject_person_id);
  if (!report) return report.error();
  if (IsPreview(*report)) {
    return Conflict("not_released", "The report of " + subject_person_id + " in campaign " +
                                        campaign_id +
                                        " has not been released yet: release it first.");
  }
  auto shared = Shared(actor, campaign_id, subject_person_id);
  if (!shared) return shared.error();
  return json{
      {"campaign_id", campaign_id}, {"person_id", subject_person_id}, {"shared_at", *shared}};
}

ServiceResult<json> ReportReleases::CloseSubject(const Principal& who, const std::string& actor,
                                                 const std::string& campaign_id,
                                                 const std::string& subject_person_id) {
  if (!who.Allows(Permission::kReportsRelease)) {
    return report_parts::Forbidden("Only admin and hr close a subject's collection.");
  }
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return report_parts::NotFound("No campaign " + campaign_id + ".");
  if (!report_parts::Is360(**campaign)) {
    return report_parts::WrongKind(**campaign, "a 360 or self-assessment");
  }
  if ((*campaign)->state == "closed") {
    return Conflict("campaign_closed",
                    "Campaign " + campaign_id + " is closed already, and every subject with it.");
  }
  auto subjects = m_store.ListSubjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  const auto subject = std::find_if(subjects->begin(), subjects->end(), [&](const SubjectRow& s) {
    return s.person_id == subject_person_id;
  });
  if (subject == subjects->end()) {
    return report_parts::NotFound("No subject " + subject_person_id + " in campaign " +
                                  campaign_id + ".");
  }
  const std::string at = FormatRfc3339(m_clock.Now());
  auto closed = m_store.CloseSubject(campaign_id, subject_person_id, at, actor);
  if (!closed) return StorageError(closed.error());
  if (!*closed) {
    return Conflict("already_closed", "The collection for " + subject->display_name +
                                          " was closed already, at " + subject->closed_at + ".");
  }
  auto audited = m_audit.Record(actor, "subject_closed", campaign_id + "/" + subject_person_id);
  if (!audited) return audited.error();
  return json{{"campaign_id", campaign_id}, {"person_id", subject_person_id}, {"closed_at", at}};
}

ServiceStatus ReportReleases::MarkNothingToRelease(const Principal& who, json& subject_list) {
  if (!who.Allows(Permission::kReportsRelease)) return Ok{};
  const std::string campaign_id =
      subject_list.value("campaign", json::object()).value("id", std::string());
  if (!subject_list.contains("subjects") || !subject_list["subjects"].is_array()) return Ok{};
  for (auto& subject : subject_list["subjects"]) {
    if (subject.value("report_state", std::string()) != "ready") continue;
    // The live report as Release would freeze it (cached, so a second look costs little).
    auto report = m_reports.Individual(who, campaign_id, subject.value("person_id", std::string()));
    if (!report) return report.error();
    if (!ShowsOthers(*report)) subject["report_state"] = "not_enough";
  }
  return Ok{};
}

ServiceResult<json> ReportReleases::Individual(const Principal& who, const std::string& actor,
                                               const std::string& campaign_id,
                                               const std::string& subject_person_id) {
  auto report = m_reports.Individual(who, campaign_id, subject_person_id);
  if (!report) return report.error();
  if (IsPreview(*report)) {
    auto audited = m_audit.Record(actor, "report_previewed", campaign_id + "/" + subject_person_id);
    if (!audited) return audited.error();
  }
  return report;
}

}  // namespace soundings::server
