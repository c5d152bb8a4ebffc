// Public page routes: parse, call the app's PublicPageService, map errors (http_errors.h).
#include <string>
#include <vector>

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

namespace {

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
  api.AddRoute("GET", "/public/campaigns/{campaign}",
               [&app](const Request& request, Response& response) {
                 auto html = app.public_pages().PublicHtml(request.matches[1]);
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

  // The organisation's logo (organisation_logo), for letters: public, as letters are.
  api.AddRoute("GET", "/branding/logo", [&app](const Request&, Response& response) {
    const ServerConfig& config = app.config();
    if (config.organisation_logo_bytes.empty()) {
      return WriteError(response, ServiceError{ErrorKind::kNotFound,
                                               "not_found",
                                               "This server has no organisation_logo setting.",
                                               {}});
    }
    response.status = 200;
    response.set_header("Cache-Control", "public, max-age=3600");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_content(config.organisation_logo_bytes, config.organisation_logo_type);
  });

  api.AddUserRoute("GET", "/api/v1/campaigns/{campaign}/public-page", Permission::kPublicPageEdit,
                   [&app](const Principal&, const Request& request, Response& response) {
                     // With the questions a finding or the profile may use, for the editor.
                     auto settings = app.public_pages().SettingsJson(request.matches[1]);
                     if (!settings) return WriteError(response, settings.error());
                     WriteJson(response, *settings);
                   });

  api.AddUserRoute("PUT", "/api/v1/campaigns/{campaign}/public-page", Permission::kPublicPageEdit,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     const std::string campaign = request.matches[1];
                     auto settings = app.public_pages().Update(who, campaign, *body);
                     if (!settings) return WriteError(response, settings.error());
                     WriteJson(response, settings->ToJson());
                   });
}

}  // namespace soundings::server
