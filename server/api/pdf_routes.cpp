// PDF routes: parse, call the PDF services over ReportService, map errors (http_errors.h).
#include "server/api/pdf_routes.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/pdf/campaign_pdfs.h"
#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;

namespace {

// The same roles as the JSON individual report and the exports; the person rule (a manager
// only their own) is ReportService's.
const std::vector<std::string> kIndividualRoles = {"admin", "hr", "manager"};
const std::vector<std::string> kExportRoles = {"admin", "hr"};

struct PdfReports {
  std::unique_ptr<SqliteReportStore> store;
  std::unique_ptr<ReportService> service;
};

const ServiceError kUnavailable = {ErrorKind::kUnavailable,
                                   "reports_unavailable",
                                   "Reports cannot read the database just now; try again later.",
                                   {}};

void WriteFile(Response& response, const std::string& filename, const std::string& body,
               const std::string& content_type) {
  response.status = 200;
  response.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  response.set_header("Cache-Control", "no-store");
  response.set_content(body, content_type);
}

}  // namespace

void RegisterPdfRoutes(ApiServer& api, ServerApp& app) {
  auto reports = std::make_shared<PdfReports>();
  auto opened = SqliteReportStore::Open(app.config().DatabaseFile());
  if (opened) {
    reports->store = std::move(opened).value();
    reports->service = std::make_unique<ReportService>(*reports->store);
  } else {
    std::cerr << "soundings-server: PDF reports unavailable: " << opened.ErrorText() << "\n";
  }

  api.AddUserRoute(
      "GET", "/api/v1/reports/campaigns/{campaign}/subjects/{subject}/pdf", kIndividualRoles,
      [reports](const Principal& who, const Request& request, Response& response) {
        if (!reports->service) return WriteError(response, kUnavailable);
        auto pdf =
            pdf::SubjectReportPdf(*reports->service, who, request.matches[1], request.matches[2]);
        if (!pdf) return WriteError(response, pdf.error());
        WriteFile(response, pdf->filename, pdf->body, "application/pdf");
      });

  api.AddUserRoute(
      "GET", "/api/v1/reports/campaigns/{campaign}/pdfs.zip", kExportRoles,
      [reports, &app](const Principal& who, const Request& request, Response& response) {
        if (!reports->service) return WriteError(response, kUnavailable);
        const std::string campaign = request.matches[1];
        auto zip = pdf::CampaignReportsZip(*reports->service, app.store(), who, campaign);
        if (!zip) return WriteError(response, zip.error());
        // Written to the audit log like every export: who took which campaign's reports.
        app.auth().Audit("user:" + who.username, "responses_exported", campaign,
                         "format=pdf_zip subjects=" + std::to_string(zip->subjects));
        WriteFile(response, zip->filename, zip->body, "application/zip");
      });
}

}  // namespace soundings::server
