#pragma once
// The API's routes, one file per area, each registered through one function taking the server
// and the app. A route parses the request, calls a service of the ServerApp (never a store and
// never a service it builds itself), and maps errors through http_errors.h. A new area is a new
// file with its Register function, called from ApiServer::RegisterRoutes.

#include <filesystem>

namespace soundings::server {

class ApiServer;
class ServerApp;

/// Health, kiosk enrolment, the kiosk bundle and sync (kiosk_routes.cpp).
void RegisterKioskRoutes(ApiServer& api, ServerApp& app);
/// Sign-in, sign-out, /me and the user administration (auth_routes.cpp).
void RegisterAuthRoutes(ApiServer& api, ServerApp& app);
/// Campaigns, people and nominations imports, invitations, devices, audit log and conflicts
/// (admin_routes.cpp).
void RegisterAdminRoutes(ApiServer& api, ServerApp& app);
/// Raters proposed by their subject and approved by the people who lead them, and HR's switch
/// for it (subject_nomination_routes.cpp).
void RegisterSubjectNominationRoutes(ApiServer& api, ServerApp& app);
/// List, add and change venues (venue_routes.cpp, docs/venues.md).
void RegisterVenueRoutes(ApiServer& api, ServerApp& app);
/// The /api/v1/reports and /api/v1/exports routes (report_routes.cpp, docs/reports.md).
void RegisterReportRoutes(ApiServer& api, ServerApp& app);
/// A subject's 360 as a PDF and a campaign's PDFs as one ZIP (pdf_routes.cpp).
void RegisterPdfRoutes(ApiServer& api, ServerApp& app);
/// The public "you said, we did" page (no sign-in) and the two routes HR edits it through
/// (public_routes.cpp).
void RegisterPublicRoutes(ApiServer& api, ServerApp& app);
/// The dashboard's static files, the redirect from "/" and the JSON routes only the dashboard
/// needs (dashboard_routes.cpp, docs/dashboard.md).
void RegisterDashboardRoutes(ApiServer& api, ServerApp& app);

/// Where the dashboard's files are: $SOUNDINGS_WEB_DIR when set, else `share/soundings/web`
/// beside the executable's folder (an installed layout), else the source tree's server/web.
std::filesystem::path DashboardWebDir();

}  // namespace soundings::server
