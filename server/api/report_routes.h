#pragma once
// Results routes: the individual 360, team and organisation rollups, consultation analysis and
// exports (docs/reports.md). Each parses the request, calls ReportService, and maps its errors.

namespace soundings::server {

class ApiServer;
class ServerApp;

/// Registers the /api/v1/reports and /api/v1/exports routes on `api`.
void RegisterReportRoutes(ApiServer& api, ServerApp& app);

}  // namespace soundings::server
