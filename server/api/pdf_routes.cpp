// PDF routes: parse, call the app's PdfReports, map errors (http_errors.h).
#include <string>
#include <vector>

#include <httplib.h>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/api/routes.h"
#include "server/app.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;

// The same permissions as the JSON individual report and the exports; the person rule (a manager
// only their own) is ReportService's.
void RegisterPdfRoutes(ApiServer& api, ServerApp& app) {
  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/subjects/{subject}/pdf",
                   Permission::kReportsIndividual,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto pdf = app.pdfs().Subject(who, "user:" + who.username, request.matches[1],
                                                   request.matches[2]);
                     if (!pdf) return WriteError(response, pdf.error());
                     WriteFile(response, pdf->filename, pdf->body, "application/pdf");
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/pdfs.zip",
                   Permission::kResponsesExport,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto zip = app.pdfs().Zip(who, "user:" + who.username, request.matches[1]);
                     if (!zip) return WriteError(response, zip.error());
                     WriteFile(response, zip->filename, zip->body, "application/zip");
                   });
}

}  // namespace soundings::server
