#pragma once
// The public "you said, we did" page of a consultation, open to anyone, and the two routes HR
// edits it through (docs/reports.md, "PDF and public pages").

namespace soundings::server {

class ApiServer;
class ServerApp;

/// Registers GET /public/campaigns/{campaign} (no sign-in) and GET and PUT
/// /api/v1/campaigns/{campaign}/public-page (admin, hr) on `api`.
void RegisterPublicRoutes(ApiServer& api, ServerApp& app);

}  // namespace soundings::server
