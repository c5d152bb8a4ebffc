#pragma once
// The release step of a 360 or self-assessment report (docs/reports.md, "Release"). A subject and
// their manager read a report only once admin or hr has released it, and what they read is the
// frozen copy stored at that moment with its SHA-256: nothing that happens later changes it.
// Before then admin and hr may look at the live figures, a preview, and each look is written to
// the audit log, as is each release. The API's report routes go through here, not straight to
// ReportService::Individual, so no preview is read unrecorded.

#include <string>

#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/reports/report_service.h"
#include "server/services/audit_log.h"
#include "server/store/store.h"

namespace soundings::server {

class ReportReleases {
 public:
  ReportReleases(Store& store, ReportService& reports, AuditLog& audit, const Clock& clock)
      : m_store(store), m_reports(reports), m_audit(audit), m_clock(clock) {}

  /// Freezes the subject's report as it is now and shows it to their manager (and the heads of
  /// service above) from then on, and to the subject too when `share_with_subject` (otherwise
  /// the manager talks it through first and Share gives it to the subject later); audited as
  /// "report_released" by `actor` with the report's SHA-256. 403 without reports.release; 404
  /// for an unknown campaign or subject; 409 `campaign_not_closed` while the campaign, and this
  /// subject's own collection (CloseSubject), can still take responses, `already_released`, or
  /// `not_enough_responses` when the report shows no item's "all others" (nothing of what others
  /// said). Replies {campaign_id, person_id, released_at, sha256, shared_at}.
  ServiceResult<nlohmann::json> Release(const Principal& who, const std::string& actor,
                                        const std::string& campaign_id,
                                        const std::string& subject_person_id,
                                        bool share_with_subject = true);

  /// Gives the subject their released report; audited as "report_shared". Admin and hr may, and
  /// so may whoever reads the subject's report as their manager or head of service, but not the
  /// subject (403). 409 `not_released` before the release, `already_shared`. Replies
  /// {campaign_id, person_id, shared_at}.
  ServiceResult<nlohmann::json> Share(const Principal& who, const std::string& actor,
                                      const std::string& campaign_id,
                                      const std::string& subject_person_id);

  /// Closes one subject's collection while the campaign goes on (HR "closes that subject
  /// early"): their raters' codes are refused from now on and the report can be released.
  /// Audited as "subject_closed". 403 without reports.release; 404; 422 for a consultation; 409
  /// `already_closed`, or `campaign_closed` when the whole campaign is. Replies {campaign_id,
  /// person_id, closed_at}.
  ServiceResult<nlohmann::json> CloseSubject(const Principal& who, const std::string& actor,
                                             const std::string& campaign_id,
                                             const std::string& subject_person_id);

  /// Marks, in a subject list (OverviewService::Subjects), each report that is closed but has
  /// nothing of others to show as "not_enough" instead of "ready", so HR does not press a Release
  /// that would answer `not_enough_responses`. Only for a `who` who may release (admin, hr):
  /// others keep "ready". Reads the live report without an audit entry: only that yes or no
  /// leaves here, never a figure.
  ServiceStatus MarkNothingToRelease(const Principal& who, nlohmann::json& subject_list);

  /// ReportService::Individual for `who`; when that is a preview (live figures of a report not
  /// yet released, which only admin and hr get) the read is audited as "report_previewed" by
  /// `actor` first, and a failed audit write fails the read.
  ServiceResult<nlohmann::json> Individual(const Principal& who, const std::string& actor,
                                           const std::string& campaign_id,
                                           const std::string& subject_person_id);

 private:
  /// Records the share and audits it; replies when, or 409 `already_shared`.
  ServiceResult<std::string> Shared(const std::string& actor, const std::string& campaign_id,
                                    const std::string& subject_person_id);

  Store& m_store;
  ReportService& m_reports;
  AuditLog& m_audit;
  const Clock& m_clock;
};

/// Releases every report of a closed campaign that can be released, as `actor` with admin's
/// rights (init's demo, server/app.h); those with nothing of others to show stay unreleased.
/// Returns how many were released; a storage or audit failure is an error.
ServiceResult<int> ReleaseEveryReport(ReportReleases& releases, Store& store,
                                      const std::string& actor, const std::string& campaign_id);

/// Whether a report (ReportService::Individual's reply) is live figures rather than a release.
bool IsPreview(const nlohmann::json& report);

}  // namespace soundings::server
