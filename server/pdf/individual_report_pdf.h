#pragma once
// One person's individual 360 report as a print-quality A4 PDF, drawn with cairo and pango. The
// input is exactly the JSON of ReportService::Individual (docs/reports.md), so the PDF can show
// no more than the JSON route does: every number is a CellValue and a suppressed one is printed
// as its "fewer than N" text. A pure function of the JSON: no store, no clock, no server.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"

namespace soundings::server::pdf {

struct PdfOptions {
  /// A pango family list; Noto Sans and DejaVu Sans come with scripts/install-deps.
  std::string font_family = "Noto Sans, DejaVu Sans, sans-serif";
};

/// The report as PDF bytes: a title block with responses received against invited per group,
/// competency bars by rater group, the gap chart, strengths, development areas, blind spots,
/// hidden strengths and comments by rater group, with page numbers. Fails with a sentence only
/// when cairo cannot produce the document (out of memory); missing parts of the JSON are shown
/// as "none" rather than refused.
Result<std::string> RenderIndividualReportPdf(const nlohmann::json& report,
                                              const PdfOptions& options = {});

/// The same, written to `file`; fails with the file as path when it cannot be written.
Status WriteIndividualReportPdf(const nlohmann::json& report, const std::filesystem::path& file,
                                const PdfOptions& options = {});

}  // namespace soundings::server::pdf
