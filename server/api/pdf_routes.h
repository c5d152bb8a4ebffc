#pragma once
// PDF reports: one subject's individual 360 as a PDF, and a ZIP of every subject's PDF in a
// campaign (docs/reports.md, "PDF and public pages").

namespace soundings::server {

class ApiServer;
class ServerApp;

/// Registers GET /api/v1/reports/campaigns/{campaign}/subjects/{subject}/pdf and
/// GET /api/v1/reports/campaigns/{campaign}/pdfs.zip on `api`.
void RegisterPdfRoutes(ApiServer& api, ServerApp& app);

}  // namespace soundings::server
