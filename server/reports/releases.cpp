#include "server/reports/releases.h"

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
                                            const std::string& subject_person_id) {
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
    return Conflict("campaign_not_closed",
                    "Campaign " + campaign_id + " is " + (*campaign)->state +
                        ": close it before releasing reports, so no response arrives after a "
                        "report is frozen.");
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
  return json{{"campaign_id", campaign_id},
              {"person_id", subject_person_id},
              {"released_at", row.released_at},
              {"sha256", row.sha256}};
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
