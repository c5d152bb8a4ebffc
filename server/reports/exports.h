#pragma once
// Exports as the API and the CLI hand them out: ReportService::Export written to the audit log,
// one place for both, so no export leaves the server unrecorded.

#include <string>

#include <nlohmann/json.hpp>

#include "server/core/service_error.h"
#include "server/reports/report_service.h"
#include "server/services/audit_log.h"

namespace soundings::server {

/// The text an answer value is written as in a CSV cell: strings as they are, booleans
/// "yes"/"no", numbers without trailing zeros, lists joined with "; ".
std::string AnswerText(const nlohmann::json& value);

/// The name of an export format in the audit log: "csv_long", "csv_wide", "json".
const char* ExportFormatName(ExportFormat format);

class ExportService {
 public:
  ExportService(ReportService& reports, AuditLog& audit) : m_reports(reports), m_audit(audit) {}

  /// The export of `campaign_id` for `who`, audited as "responses_exported" by `actor`
  /// ("user:NAME", "cli"); a failed audit write fails the export.
  ServiceResult<ExportFile> Export(const Principal& who, const std::string& actor,
                                   const std::string& campaign_id, ExportFormat format);

 private:
  ReportService& m_reports;
  AuditLog& m_audit;
};

}  // namespace soundings::server
