// Results routes: parse, call ReportService, map errors (http_errors.h).
#include "server/api/report_routes.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/reports/programme_reports.h"
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
const std::vector<std::string> kHrRoles = {"admin", "hr"};

// The store and service the routes share; the service is null when the database could not be
// opened for reading, and every report route then answers 503.
struct Reports {
  std::unique_ptr<SqliteReportStore> store;
  std::unique_ptr<ReportService> service;
  std::unique_ptr<ProgrammeReports> programme;
};

void WriteJson(Response& response, const json& body) {
  response.status = 200;
  response.set_content(body.dump(), "application/json");
}

// "a,b,,c" -> {"a", "b", "c"}: the people of a project team.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
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
    reports->programme = std::make_unique<ProgrammeReports>(*reports->service, *reports->store);
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

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/impact", kTeamRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->programme) return WriteError(response, kUnavailable);
                     auto report = reports->programme->Impact(who, request.matches[1],
                                                              request.get_param_value("baseline"));
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/coaching", kHrRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->programme) return WriteError(response, kUnavailable);
                     auto report = reports->programme->Coaching(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/project-team", kHrRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->programme) return WriteError(response, kUnavailable);
                     auto report = reports->programme->ProjectTeam(
                         who, request.matches[1], SplitList(request.get_param_value("people")));
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/services", kTeamRoles,
                   [reports](const Principal& who, const Request& request, Response& response) {
                     if (!reports->programme) return WriteError(response, kUnavailable);
                     auto report = reports->programme->Services(who, request.matches[1]);
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
