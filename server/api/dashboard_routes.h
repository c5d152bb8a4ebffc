#pragma once
// The web dashboard: its static files (server/web, Chart.js from Debian's libjs-chart.js), the
// redirect from "/" and the few JSON routes only the dashboard needs (campaign overview,
// templates to start a campaign from, subjects a user may open). See docs/dashboard.md.

#include <filesystem>
#include <memory>

#include "server/app.h"

namespace soundings::server {

class ApiServer;

/// Where the dashboard's files are: $SOUNDINGS_WEB_DIR when set, else `share/soundings/web`
/// beside the executable's folder (an installed layout), else the source tree's server/web.
std::filesystem::path DashboardWebDir();

/// Mounts the dashboard and registers its routes.
void RegisterDashboardRoutes(ApiServer& api, ServerApp& app);

}  // namespace soundings::server
