#include "server/reports/exports.h"

namespace soundings::server {

const char* ExportFormatName(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsvLong:
      return "csv_long";
    case ExportFormat::kCsvWide:
      return "csv_wide";
    case ExportFormat::kJson:
      return "json";
  }
  return "unknown";
}

ServiceResult<ExportFile> ExportService::Export(const Principal& who, const std::string& actor,
                                                const std::string& campaign_id,
                                                ExportFormat format) {
  auto file = m_reports.Export(who, campaign_id, format);
  if (!file) return file.error();
  auto audited = m_audit.Record(actor, "responses_exported", campaign_id,
                                std::string("format=") + ExportFormatName(format) +
                                    " responses=" + std::to_string(file->responses));
  if (!audited) return audited.error();
  return file;
}

}  // namespace soundings::server
