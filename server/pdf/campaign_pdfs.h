#pragma once
// Every subject's individual 360 report of a campaign as a PDF, and all of them in one ZIP. The
// reports come from ReportService::Individual with the caller's principal, so the PDFs show
// exactly what the JSON route would show that person.

#include <string>

#include "server/core/service_error.h"
#include "server/reports/releases.h"
#include "server/reports/report_service.h"
#include "server/services/audit_log.h"
#include "server/store/store.h"

namespace soundings::server::pdf {

/// Subjects a campaign's ZIP may hold: it is built in memory (about 100 KB per subject).
inline constexpr std::size_t kMaxSubjectsPerZip = 2000;

struct PdfFile {
  std::string filename;  // "me2e-2026-priya-shah.pdf"
  std::string body;
};

struct CampaignPdfZip {
  std::string filename;  // "me2e-2026-reports.zip"
  std::string body;
  int subjects = 0;
};

/// One subject's report as a PDF: the same errors as the JSON report, and like it read through
/// the release step (a preview is audited as "report_previewed" by `actor`).
ServiceResult<PdfFile> SubjectReportPdf(ReportReleases& releases, const Principal& who,
                                        const std::string& actor, const std::string& campaign_id,
                                        const std::string& subject_person_id);

/// A ZIP of every subject's PDF, named after the subject ("priya-shah.pdf", with the person id
/// added when two subjects share a name). 404 for no such campaign, 422 when it is not a 360 or
/// self-assessment, or has no subjects or more than kMaxSubjectsPerZip.
ServiceResult<CampaignPdfZip> CampaignReportsZip(ReportService& reports, Store& store,
                                                 const Principal& who,
                                                 const std::string& campaign_id);

/// The PDF routes' service: a subject's PDF, and the campaign's ZIP written to the audit log like
/// every export (who took which campaign's reports).
class PdfReports {
 public:
  PdfReports(ReportService& reports, ReportReleases& releases, Store& store, AuditLog& audit)
      : m_reports(reports), m_releases(releases), m_store(store), m_audit(audit) {}

  ServiceResult<PdfFile> Subject(const Principal& who, const std::string& actor,
                                 const std::string& campaign_id,
                                 const std::string& subject_person_id) {
    return SubjectReportPdf(m_releases, who, actor, campaign_id, subject_person_id);
  }
  /// CampaignReportsZip, audited as "responses_exported" by `actor`; a failed audit write fails it.
  ServiceResult<CampaignPdfZip> Zip(const Principal& who, const std::string& actor,
                                    const std::string& campaign_id);

 private:
  ReportService& m_reports;
  ReportReleases& m_releases;
  Store& m_store;
  AuditLog& m_audit;
};

/// `text` as a file name part: lower-case ASCII letters and digits, other runs as one "-".
std::string FileSlug(const std::string& text);

}  // namespace soundings::server::pdf
