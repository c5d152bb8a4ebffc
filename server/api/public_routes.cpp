// Public page routes: parse, call PublicPageService, map errors (http_errors.h).
#include "server/api/public_routes.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/api/request_helpers.h"
#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"
#include "server/services/public_page.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;

namespace {

const std::vector<std::string> kEditorRoles = {"admin", "hr"};

struct PublicPages {
  std::unique_ptr<SqliteReportStore> store;
  std::unique_ptr<ReportService> reports;
  std::unique_ptr<PublicPageService> service;
};

const ServiceError kUnavailable = {ErrorKind::kUnavailable,
                                   "reports_unavailable",
                                   "Results cannot read the database just now; try again later.",
                                   {}};

// People reach the public page in a browser, so its errors are pages too, with the status the
// one mapping in http_errors.cpp gives.
void WriteHtmlError(Response& response, const ServiceError& error) {
  response.status = HttpStatus(error.kind);
  const std::string title =
      error.kind == ErrorKind::kNotFound ? "Page not found" : "This page is not available";
  response.set_header("Cache-Control", "no-store");
  response.set_content(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
          title + "</title></head><body><main><h1>" + title + "</h1><p>" +
          HtmlEscape(error.message) + "</p></main></body></html>\n",
      "text/html; charset=utf-8");
}

}  // namespace

void RegisterPublicRoutes(ApiServer& api, ServerApp& app) {
  auto pages = std::make_shared<PublicPages>();
  auto opened = SqliteReportStore::Open(app.config().DatabaseFile());
  if (opened) {
    pages->store = std::move(opened).value();
    pages->reports = std::make_unique<ReportService>(*pages->store);
    pages->service = std::make_unique<PublicPageService>(app.store(), *pages->reports,
                                                         app.templates(), app.clock());
  } else {
    std::cerr << "soundings-server: public results pages unavailable: " << opened.ErrorText()
              << "\n";
  }

  api.AddRoute("GET", "/public/campaigns/{campaign}",
               [pages](const Request& request, Response& response) {
                 if (!pages->service) return WriteHtmlError(response, kUnavailable);
                 auto html = pages->service->PublicHtml(request.matches[1]);
                 if (!html) return WriteHtmlError(response, html.error());
                 response.status = 200;
                 // No script, no outside resource: the page needs only its own inline style.
                 response.set_header("Content-Security-Policy",
                                     "default-src 'none'; style-src 'unsafe-inline'; "
                                     "img-src 'self' data:; base-uri 'none'; form-action 'none'");
                 response.set_header("X-Content-Type-Options", "nosniff");
                 response.set_header("Cache-Control", "no-cache");
                 response.set_content(*html, "text/html; charset=utf-8");
               });

  api.AddUserRoute("GET", "/api/v1/campaigns/{campaign}/public-page", kEditorRoles,
                   [pages](const Principal&, const Request& request, Response& response) {
                     if (!pages->service) return WriteError(response, kUnavailable);
                     auto settings = pages->service->Settings(request.matches[1]);
                     if (!settings) return WriteError(response, settings.error());
                     response.status = 200;
                     response.set_content(JsonText(settings->ToJson()), "application/json");
                   });

  api.AddUserRoute("PUT", "/api/v1/campaigns/{campaign}/public-page", kEditorRoles,
                   [pages, &app](const Principal& who, const Request& request, Response& response) {
                     if (!pages->service) return WriteError(response, kUnavailable);
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     const std::string campaign = request.matches[1];
                     auto settings = pages->service->Update(who, campaign, *body);
                     if (!settings) return WriteError(response, settings.error());
                     app.auth().Audit(
                         "user:" + who.username, "public_page_updated", campaign,
                         std::string("published=") + (settings->published ? "true" : "false"));
                     response.status = 200;
                     response.set_content(JsonText(settings->ToJson()), "application/json");
                   });
}

}  // namespace soundings::server
