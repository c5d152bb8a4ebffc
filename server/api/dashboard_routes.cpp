// The dashboard's static files and its own JSON routes: parse, call the app's OverviewService,
// map errors (http_errors.h). Reports, exports and administration are the existing routes.
#include <cstdlib>
#include <iostream>
#include <system_error>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/api/routes.h"
#include "server/app.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;

namespace {

// Chart.js 3 as Debian's libjs-chart.js installs it; served, never fetched from a CDN.
constexpr const char* kChartJsDir = "/usr/share/javascript/chart.js";

// The dashboard runs only its own scripts and styles; charts draw on canvases.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

void Redirect(Response& response, const std::string& to) {
  response.status = 302;
  response.set_header("Location", to);
  response.set_content("See " + to + "\n", "text/plain; charset=utf-8");
}

}  // namespace

std::filesystem::path DashboardWebDir() {
  if (const char* env = std::getenv("SOUNDINGS_WEB_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    auto installed = exe.parent_path().parent_path() / "share" / "soundings" / "web";
    if (std::filesystem::is_regular_file(installed / "index.html", error)) return installed;
  }
  return SOUNDINGS_WEB_DIR;
}

void RegisterDashboardRoutes(ApiServer& api, ServerApp& app) {
  const auto web = DashboardWebDir();
  if (!api.MountStatic("/dashboard/", web, "no-cache", kContentSecurityPolicy)) {
    std::cerr << "soundings-server: dashboard not served: " << web.string() << " is not a folder\n";
  }
  if (!api.MountStatic("/assets/vendor/chart.js/", kChartJsDir, "public, max-age=86400", "")) {
    std::cerr << "soundings-server: charts not served: " << kChartJsDir
              << " is missing (install libjs-chart.js: scripts/install-deps)\n";
  }

  api.AddRoute("GET", "/",
               [](const Request&, Response& response) { Redirect(response, "/dashboard/"); });
  api.AddRoute("GET", "/dashboard",
               [](const Request&, Response& response) { Redirect(response, "/dashboard/"); });

  api.AddUserRoute("GET", "/api/v1/dashboard/campaigns/{campaign}/overview",
                   Permission::kCampaignsOverview,
                   [&app](const Principal&, const Request& request, Response& response) {
                     auto overview = app.overview().Campaign(request.matches[1]);
                     if (!overview) return WriteError(response, overview.error());
                     WriteJson(response, *overview);
                   });

  api.AddUserRoute("GET", "/api/v1/dashboard/campaigns/{campaign}/subjects",
                   Permission::kCampaignsRead,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto subjects = app.overview().Subjects(who, request.matches[1]);
                     if (!subjects) return WriteError(response, subjects.error());
                     auto marked = app.releases().MarkNothingToRelease(who, *subjects);
                     if (!marked) return WriteError(response, marked.error());
                     WriteJson(response, *subjects);
                   });

  api.AddUserRoute("GET", "/api/v1/dashboard/campaigns/{campaign}/completion",
                   Permission::kCampaignsCompletion,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto completion = app.overview().Completion(who, request.matches[1]);
                     if (!completion) return WriteError(response, completion.error());
                     WriteJson(response, *completion);
                   });

  api.AddUserRoute("GET", "/api/v1/dashboard/campaigns/{campaign}/labels",
                   Permission::kCampaignsRead,
                   [&app](const Principal&, const Request& request, Response& response) {
                     auto labels = app.overview().Labels(request.matches[1]);
                     if (!labels) return WriteError(response, labels.error());
                     WriteJson(response, *labels);
                   });

  api.AddUserRoute("GET", "/api/v1/dashboard/templates", Permission::kCampaignsManage,
                   [&app](const Principal&, const Request&, Response& response) {
                     auto templates = app.overview().Templates();
                     if (!templates) return WriteError(response, templates.error());
                     WriteJson(response, *templates);
                   });
}

}  // namespace soundings::server
