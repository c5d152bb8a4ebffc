// Sign-in, sign-out, who am I, and the users an admin manages: parse, call AuthService, map
// errors (http_errors.h).
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
using nlohmann::json;

namespace {}  // namespace

void RegisterAuthRoutes(ApiServer& api, ServerApp& app) {
  api.AddRoute("POST", "/api/v1/auth/sign-in", [&app](const Request& request, Response& response) {
    auto body = ParseJsonBody(request);
    if (!body) return WriteError(response, body.error());
    auto username = StringField(*body, "username");
    if (!username) return WriteError(response, username.error());
    auto password = StringField(*body, "password");
    if (!password) return WriteError(response, password.error());
    long long retry_after = 0;
    auto signed_in =
        app.auth().SignIn(*username, *password, ClientAddress(request, app.config()), retry_after);
    if (!signed_in) {
      WriteError(response, signed_in.error());
      if (retry_after > 0) response.set_header("Retry-After", std::to_string(retry_after));
      return;
    }
    WriteJson(response, {{"token", signed_in->token},
                         {"expires_at", signed_in->expires_at},
                         {"role", signed_in->role}});
  });

  api.AddUserRoute("POST", "/api/v1/auth/sign-out", Permission::kSession,
                   [&app](const Principal&, const Request& request, Response& response) {
                     auto done = app.auth().SignOut(BearerToken(request));
                     if (!done) return WriteError(response, done.error());
                     WriteJson(response, {{"signed_out", true}});
                   });

  api.AddUserRoute("GET", "/api/v1/me", Permission::kSession,
                   [](const Principal& who, const Request&, Response& response) {
                     // The caller's permissions with their scope, so the dashboard shows what the
                     // one policy allows instead of keeping its own copy of the role rules.
                     json permissions = json::object();
                     for (Permission permission : AllPermissions()) {
                       const Scope scope = who.ScopeOf(permission);
                       if (scope != Scope::kNone) {
                         permissions[std::string(PermissionName(permission))] = ScopeName(scope);
                       }
                     }
                     WriteJson(response, {{"username", who.username},
                                          {"role", RoleName(who.role)},
                                          {"person_id", who.person_id},
                                          {"permissions", permissions}});
                   });

  api.AddUserRoute("GET", "/api/v1/users", Permission::kUsersManage,
                   [&app](const Principal&, const Request&, Response& response) {
                     auto users = app.auth().ListUsers();
                     if (!users) return WriteError(response, users.error());
                     json out = json::array();
                     for (const auto& u : *users) {
                       out.push_back({{"username", u.username},
                                      {"role", u.role},
                                      {"person_id", u.person_id},
                                      {"disabled", u.disabled}});
                     }
                     WriteJson(response, {{"users", out}});
                   });

  api.AddUserRoute(
      "POST", "/api/v1/users", Permission::kUsersManage,
      [&app](const Principal& who, const Request& request, Response& response) {
        auto body = ParseJsonBody(request);
        if (!body) return WriteError(response, body.error());
        auto username = StringField(*body, "username");
        if (!username) return WriteError(response, username.error());
        auto role = StringField(*body, "role");
        if (!role) return WriteError(response, role.error());
        auto person = StringField(*body, "person_id", false);
        if (!person) return WriteError(response, person.error());
        auto password = app.auth().CreateUser(*username, *role, *person, "user:" + who.username);
        if (!password) return WriteError(response, password.error());
        WriteJson(response, {{"username", *username}, {"role", *role}, {"password", *password}},
                  201);
      });

  api.AddUserRoute("POST", "/api/v1/users/{username}/role", Permission::kUsersManage,
                   [&app](const Principal& who, const Request& request, Response& response) {
                     auto body = ParseJsonBody(request);
                     if (!body) return WriteError(response, body.error());
                     auto role = StringField(*body, "role");
                     if (!role) return WriteError(response, role.error());
                     const std::string username = request.matches[1];
                     auto changed = app.auth().SetRole(username, *role, "user:" + who.username);
                     if (!changed) return WriteError(response, changed.error());
                     WriteJson(response, {{"username", username}, {"role", *role}});
                   });
}

}  // namespace soundings::server
