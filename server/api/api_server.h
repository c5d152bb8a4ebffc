#pragma once
// The HTTP API over cpp-httplib: the server's guards (limits, framing, thread pool, shutdown) and
// the ways to register a route. The routes themselves live in one file per area (routes.h): each
// parses the request, calls a service of the ServerApp, and maps errors through http_errors.h.
// docs/openapi.json documents exactly the routes registered here (a test checks).

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/app.h"
#include "shared/core/error.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace soundings::server {

struct RouteInfo {
  std::string method;  // "GET", "POST"
  std::string path;    // as documented: "/api/v1/devices/{id}/revoke"
  /// Who may call it: {"public"}, {"device"}, or the user roles holding `permission`
  /// ({"admin", "hr"}), as docs/openapi.json's x-access lists them.
  std::vector<std::string> access;
  /// What a signed-in user needs to call it (x-permission); none for public and device routes.
  std::optional<Permission> permission;
};

class ApiServer {
 public:
  explicit ApiServer(ServerApp& app);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  /// Binds to `host`:`port` (0 = any free port); returns the bound port. Connections made after
  /// this wait in the listen backlog until Serve() accepts them.
  Result<int> Bind(const std::string& host, int port);
  /// Accepts and serves until Stop(); returns after in-flight requests have finished.
  bool Serve();
  /// Stops accepting; in-flight requests (a sync batch mid-commit) complete and get their reply.
  void Stop();
  bool IsRunning() const;
  /// Sync batches being judged and written right now.
  int SyncsInFlight() const { return m_syncs_in_flight.load(); }
  /// Whether Stop() was called: routes say so (health answers 503 "stopping").
  bool Stopping() const { return m_stopping.load(); }

  /// Every registered route.
  const std::vector<RouteInfo>& Routes() const { return m_routes; }

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  using UserHandler =
      std::function<void(const Principal&, const httplib::Request&, httplib::Response&)>;
  using DeviceHandler =
      std::function<void(const DeviceRow&, const httplib::Request&, httplib::Response&)>;
  using UploadHandler = std::function<void(const DeviceRow&, std::string body, httplib::Response&)>;
  /// Registers a route open to anyone (or checking its own credentials); exceptions from the
  /// handler become 500 JSON replies.
  void AddRoute(const std::string& method, const std::string& path, Handler handler,
                std::vector<std::string> access = {"public"});
  /// Registers a route for signed-in users whose role holds `permission` in the access policy
  /// (core/access.h): no or an expired session gets 401, a role without it 403 (audited). What
  /// the caller may see within the route (a manager's own report) is the service's to ask.
  void AddUserRoute(const std::string& method, const std::string& path, Permission permission,
                    UserHandler handler);
  /// Registers a route for enrolled kiosks: a missing, unknown or revoked device token gets 401
  /// (DeviceService::Authenticate) before the handler runs.
  void AddDeviceRoute(const std::string& method, const std::string& path, DeviceHandler handler);
  /// Registers a POST for enrolled kiosks whose JSON body is read only after the device token
  /// was checked, up to max_body_bytes after gzip decoding (413 beyond); refused with 503
  /// "shutting_down" once Stop() was called, and counted in SyncsInFlight() while the handler
  /// runs, so a batch that was accepted is always answered.
  void AddDeviceUpload(const std::string& path, UploadHandler handler);
  /// Serves the files under `dir` at `prefix` ("/dashboard/"; a folder serves its index.html)
  /// with `cache_control` and, when not empty, `content_security_policy`; false when `dir` is not
  /// a folder. Static files are not API routes: Routes() does not list them.
  bool MountStatic(const std::string& prefix, const std::filesystem::path& dir,
                   const std::string& cache_control, const std::string& content_security_policy);

 private:
  void RegisterRoutes();
  ServerApp& m_app;
  std::unique_ptr<httplib::Server> m_http;
  std::vector<RouteInfo> m_routes;
  std::atomic<bool> m_stopping{false};
  std::atomic<int> m_syncs_in_flight{0};
};

}  // namespace soundings::server
