// Results routes: parse, call ReportService, map errors (http_errors.h).
#include "server/api/report_routes.h"

#include <iostream>
#include <memory>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

const std::vector<std::string> kIndividualRoles = {"admin", "hr", "manager"};
const std::vector<std::string> kTeamRoles = {"admin", "hr", "manager", "analyst"};
const std::vector<std::string> kAggregateRoles = {"admin", "hr", "analyst"};
const std::vector<std::string> kExportRoles = {"admin", "hr"};

// The store and service the routes share; the service is null when the database could not be
// opened for reading, and every report route then answers 503.
struct Reports {
  std::unique_ptr<SqliteReportStore> store;
  std::unique_ptr<ReportService> service;
};

void WriteJson(Response& response, const json& body) {
  response.status = 200;
  response.set_content(body.dump(), "application/json");
}

const ServiceError kUnavailable = {ErrorKind::kUnavailable,
                                   "reports_unavailable",
                                   "Reports cannot read the database just now; try again later.",
                                   {}};

}  // namespace

void RegisterReportRoutes(ApiServer& api, ServerApp& app) {
  auto reports = std::make_shared<Reports>();
  auto opened = SqliteReportStore::Open(app.config().DatabaseFile());
  if (opened) {
    reports->store = std::move(opened).value();
    reports->service = std::make_unique<ReportService>(*reports->store);
  } else {
    std::cerr << "soundings-server: reports unavailable: " << opened.ErrorText() << "\n";
  }

  api.AddUserRoute(
      "GET", "/api/v1/reports/campaigns/{campaign}/subjects/{subject}", kIndividualRoles,
      [reports](const Principal& who, const Request& request, Response& response) {
        if (!reports->service) return WriteError(response, kUnavailable);
        auto report = reports->service->Individual(who, request.matches[1], request.matches[2]);
        if (!report) return WriteError(response, report.error());
        WriteJson(response, *report);
      });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/teams", kTeamRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->service) return WriteError(response, kUnavailable);
                     auto report = reports->service->Teams(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/organisation", kAggregateRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->service) return WriteError(response, kUnavailable);
                     auto report = reports->service->Organisation(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/consultation", kAggregateRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->service) return WriteError(response, kUnavailable);
                     auto report = reports->service->Consultation(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/crosstab", kAggregateRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->service) return WriteError(response, kUnavailable);
                     auto report = reports->service->CrossTab(who, request.matches[1],
                                                              request.get_param_value("question"),
                                                              request.get_param_value("segment"));
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  struct ExportRoute {
    const char* path;
    ExportFormat format;
    const char* name;
  };
  for (const ExportRoute& route :
       {ExportRoute{"/api/v1/exports/campaigns/{campaign}/answers.csv", ExportFormat::kCsvLong,
                    "csv_long"},
        ExportRoute{"/api/v1/exports/campaigns/{campaign}/responses.csv", ExportFormat::kCsvWide,
                    "csv_wide"},
        ExportRoute{"/api/v1/exports/campaigns/{campaign}/responses.json", ExportFormat::kJson,
                    "json"}}) {
    api.AddUserRoute(
        "GET", route.path, kExportRoles,
        [reports, &app, route](const Principal& who, const Request& request, Response& response) {
          if (!reports->service) return WriteError(response, kUnavailable);
          const std::string campaign = request.matches[1];
          auto file = reports->service->Export(who, campaign, route.format);
          if (!file) return WriteError(response, file.error());
          app.auth().Audit("user:" + who.username, "responses_exported", campaign,
                           std::string("format=") + route.name +
                               " responses=" + std::to_string(file->responses));
          response.status = 200;
          response.set_header("Content-Disposition",
                              "attachment; filename=\"" + file->filename + "\"");
          response.set_header("Cache-Control", "no-store");
          response.set_content(file->body, file->content_type);
        });
  }
}

}  // namespace soundings::server
