// Results routes: parse, call the app's ReportService, ProgrammeReports or ExportService, map
// errors (http_errors.h).
#include <algorithm>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/api/request_helpers.h"
#include "server/api/routes.h"
#include "server/app.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

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

}  // namespace

void RegisterReportRoutes(ApiServer& api, ServerApp& app) {
  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/subjects/{subject}",
                   Permission::kReportsIndividual,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.releases().Individual(
                         who, "user:" + who.username, request.matches[1], request.matches[2]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute(
      "POST", "/api/v1/reports/campaigns/{campaign}/subjects/{subject}/release",
      Permission::kReportsRelease,
      [&app](const Principal& who, const Request& request, Response& response) {
        // An empty body releases to the subject and their manager at once;
        // {"share_with_subject": false} to the manager first.
        bool share = true;
        if (!request.body.empty()) {
          auto body = ParseJsonBody(request);
          if (!body) return WriteError(response, body.error());
          const auto field = body->find("share_with_subject");
          if (field != body->end() && !field->is_boolean()) {
            return WriteError(
                response, BadRequest("invalid_request", "share_with_subject must be true or false.",
                                     {{"share_with_subject", "must be true or false"}}));
          }
          if (field != body->end()) share = field->get<bool>();
        }
        auto released = app.releases().Release(who, "user:" + who.username, request.matches[1],
                                               request.matches[2], share);
        if (!released) return WriteError(response, released.error());
        WriteJson(response, *released);
      });

  // Whoever reads the released report as the subject's manager may share it; the service says
  // who exactly (ReportReleases::Share).
  api.AddUserRoute("POST", "/api/v1/reports/campaigns/{campaign}/subjects/{subject}/share",
                   Permission::kReportsIndividual,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto shared = app.releases().Share(who, "user:" + who.username,
                                                        request.matches[1], request.matches[2]);
                     if (!shared) return WriteError(response, shared.error());
                     WriteJson(response, *shared);
                   });

  api.AddUserRoute("POST", "/api/v1/reports/campaigns/{campaign}/subjects/{subject}/close",
                   Permission::kReportsRelease,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto closed = app.releases().CloseSubject(
                         who, "user:" + who.username, request.matches[1], request.matches[2]);
                     if (!closed) return WriteError(response, closed.error());
                     WriteJson(response, *closed);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/teams", Permission::kReportsTeams,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.reports().Teams(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/organisation",
                   Permission::kReportsOrganisation,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.reports().Organisation(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/consultation",
                   Permission::kReportsConsultation,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.reports().Consultation(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/consultation/scores",
                   Permission::kReportsConsultation,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.reports().ConsultationScores(
                         who, request.matches[1], request.get_param_value("segment"));
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/consultation/scores.csv",
                   Permission::kReportsConsultation,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto file = app.reports().ConsultationScoresCsv(
                         who, request.matches[1], request.get_param_value("segment"));
                     if (!file) return WriteError(response, file.error());
                     WriteFile(response, file->filename, file->body, file->content_type);
                   });

  api.AddUserRoute(
      "GET", "/api/v1/reports/campaigns/{campaign}/crosstab", Permission::kReportsConsultation,
      [&app](const Principal& who, const Request& request, Response& response) {
        std::vector<std::string> filters;
        for (std::size_t i = 0; i < request.get_param_value_count("filter"); ++i)
          filters.push_back(request.get_param_value("filter", i));
        auto report = app.reports().CrossTab(
            who, request.matches[1], request.get_param_value("question"),
            request.get_param_value("segment"), filters, request.get_param_value("layer"));
        if (!report) return WriteError(response, report.error());
        WriteJson(response, *report);
      });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/impact", Permission::kReportsImpact,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.programme().Impact(who, request.matches[1],
                                                          request.get_param_value("baseline"));
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/coaching",
                   Permission::kReportsCoaching,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.programme().Coaching(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/project-team",
                   Permission::kReportsCoaching,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.programme().ProjectTeam(
                         who, request.matches[1], SplitList(request.get_param_value("people")));
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  api.AddUserRoute("GET", "/api/v1/reports/campaigns/{campaign}/services",
                   Permission::kReportsServices,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto report = app.programme().Services(who, request.matches[1]);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  // Residents' comments on one text question (consultation_comments.h, docs/reports.md).
  api.AddUserRoute(
      "GET", "/api/v1/reports/campaigns/{campaign}/comments", Permission::kReportsConsultation,
      [&app](const Principal& who, const Request& request, Response& response) {
        CommentsQuery query;
        query.question = request.get_param_value("question");
        query.search = request.get_param_value("search");
        query.segment = request.get_param_value("segment");
        query.value = request.get_param_value("value");
        query.theme = request.get_param_value("theme");
        const std::string redacted = request.get_param_value("redacted");
        if (redacted != "" && redacted != "true" && redacted != "false") {
          return WriteError(response,
                            BadRequest("invalid_request", "redacted must be true or false.",
                                       {{"redacted", "must be true or false"}}));
        }
        query.redacted = redacted != "false";
        auto report = app.comments().Comments(who, request.matches[1], query);
        if (!report) return WriteError(response, report.error());
        WriteJson(response, *report);
      });

  api.AddUserRoute("PUT", "/api/v1/reports/campaigns/{campaign}/comments/themes",
                   Permission::kPublicPageEdit,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     auto report = app.comments().EditTheme(who, request.matches[1], *body);
                     if (!report) return WriteError(response, report.error());
                     WriteJson(response, *report);
                   });

  struct ExportRoute {
    const char* path;
    ExportFormat format;
  };
  for (const ExportRoute& route :
       {ExportRoute{"/api/v1/exports/campaigns/{campaign}/answers.csv", ExportFormat::kCsvLong},
        ExportRoute{"/api/v1/exports/campaigns/{campaign}/responses.csv", ExportFormat::kCsvWide},
        ExportRoute{"/api/v1/exports/campaigns/{campaign}/responses.json", ExportFormat::kJson}}) {
    api.AddUserRoute(
        "GET", route.path, Permission::kResponsesExport,
        [&app, route](const Principal& who, const Request& request, Response& response) {
          auto file =
              app.exports().Export(who, "user:" + who.username, request.matches[1], route.format);
          if (!file) return WriteError(response, file.error());
          WriteFile(response, file->filename, file->body, file->content_type);
        });
  }
}

}  // namespace soundings::server
