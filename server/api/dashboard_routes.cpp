// The dashboard's static files and its own JSON routes: parse, call OverviewService, map errors
// (http_errors.h). Reports, exports and administration are the existing routes.
#include "server/api/dashboard_routes.h"

#include <cstdlib>
#include <iostream>
#include <system_error>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/api/http_errors.h"
#include "server/reports/sqlite_report_store.h"
#include "server/services/overview.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

// Chart.js 3 as Debian's libjs-chart.js installs it; served, never fetched from a CDN.
constexpr const char* kChartJsDir = "/usr/share/javascript/chart.js";

// The dashboard runs only its own scripts and styles; charts draw on canvases.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const std::vector<std::string> kAdminHr = {"admin", "hr"};
const std::vector<std::string> kAnyRole = {"admin", "hr", "manager", "analyst"};

void WriteJson(Response& response, const json& body) {
  response.status = 200;
  response.set_content(body.dump(), "application/json");
}

const ServiceError kUnavailable = {ErrorKind::kUnavailable,
                                   "dashboard_unavailable",
                                   "The dashboard cannot read the database just now; try again "
                                   "later.",
                                   {}};

struct Dashboard {
  std::unique_ptr<SqliteReportStore> reports;
  std::unique_ptr<OverviewService> overview;
};

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

  auto dashboard = std::make_shared<Dashboard>();
  auto opened = SqliteReportStore::Open(app.config().DatabaseFile(), 1);
  if (opened) {
    dashboard->reports = std::move(opened).value();
    dashboard->overview = std::make_unique<OverviewService>(app.store(), *dashboard->reports);
  } else {
    std::cerr << "soundings-server: dashboard overview unavailable: " << opened.ErrorText() << "\n";
  }

  api.AddUserRoute("GET", "/api/v1/dashboard/campaigns/{campaign}/overview", kAdminHr,
                   [dashboard](const Principal&, const Request& request, Response& response) {
                     if (!dashboard->overview) return WriteError(response, kUnavailable);
                     auto overview = dashboard->overview->Campaign(request.matches[1]);
                     if (!overview) return WriteError(response, overview.error());
                     WriteJson(response, *overview);
                   });

  api.AddUserRoute("GET", "/api/v1/dashboard/campaigns/{campaign}/subjects", kAnyRole,
                   [dashboard](const Principal& who, const Request& request, Response& response) {
                     if (!dashboard->overview) return WriteError(response, kUnavailable);
                     auto subjects = dashboard->overview->Subjects(who, request.matches[1]);
                     if (!subjects) return WriteError(response, subjects.error());
                     WriteJson(response, *subjects);
                   });

  api.AddUserRoute("GET", "/api/v1/dashboard/campaigns/{campaign}/labels", kAnyRole,
                   [dashboard](const Principal&, const Request& request, Response& response) {
                     if (!dashboard->overview) return WriteError(response, kUnavailable);
                     auto labels = dashboard->overview->Labels(request.matches[1]);
                     if (!labels) return WriteError(response, labels.error());
                     WriteJson(response, *labels);
                   });

  api.AddUserRoute("GET", "/api/v1/dashboard/templates", kAdminHr,
                   [dashboard](const Principal&, const Request&, Response& response) {
                     if (!dashboard->overview) return WriteError(response, kUnavailable);
                     auto templates = dashboard->overview->Templates();
                     if (!templates) return WriteError(response, templates.error());
                     WriteJson(response, *templates);
                   });
}

}  // namespace soundings::server
