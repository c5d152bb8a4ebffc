// The access policy across the wire: GET /api/v1/me hands each role exactly its permissions and
// scopes, and docs/openapi.json's x-access and x-permission are what each route declares.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "server/core/access.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;

TEST(AccessPolicy, MeListsExactlyTheCallersPermissionsWithTheirScopes) {
  TestServer server;
  for (server::Role role : server::kRoles) {
    const std::string name(server::RoleName(role));
    const std::string token = SignedInToken(server, "u-" + name, name);
    auto reply = server.Client().Get("/api/v1/me", Bearer(token));
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status, 200) << reply->body;
    const json me = json::parse(reply->body);
    EXPECT_EQ(me["role"], name);
    json expected = json::object();
    for (server::Permission permission : server::AllPermissions()) {
      const server::Scope scope = server::ScopeOf(role, permission);
      if (scope != server::Scope::kNone) {
        expected[std::string(server::PermissionName(permission))] = server::ScopeName(scope);
      }
    }
    EXPECT_EQ(me["permissions"], expected) << name;
  }
  // Spelled out once for the role with scopes, as the dashboard reads them.
  const std::string manager = SignedInToken(server, "m2", "manager");
  auto reply = server.Client().Get("/api/v1/me", Bearer(manager));
  ASSERT_TRUE(reply);
  EXPECT_EQ(json::parse(reply->body)["permissions"], json({{"session", "all"},
                                                           {"campaigns.read", "all"},
                                                           {"reports.individual", "led"},
                                                           {"reports.teams", "led"},
                                                           {"reports.impact", "led"},
                                                           {"reports.services", "led"},
                                                           {"nominations.propose", "own"},
                                                           {"nominations.approve", "led"}}));
}

TEST(AccessPolicy, OpenApiAccessAndPermissionAreWhatEachRouteDeclares) {
  TestServer server;
  const auto file = std::filesystem::path(SOUNDINGS_SOURCE_DIR) / "docs" / "openapi.json";
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  const json doc = json::parse(in, nullptr, false);
  ASSERT_TRUE(doc.is_object());
  int user_routes = 0;
  for (const auto& route : server.api().Routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const json* operation = nullptr;
    if (doc["paths"].contains(route.path) && doc["paths"][route.path].contains(method)) {
      operation = &doc["paths"][route.path][method];
    }
    ASSERT_NE(operation, nullptr) << route.method << " " << route.path << " is not documented";
    EXPECT_EQ(operation->value("x-access", json()), json(route.access))
        << route.method << " " << route.path;
    if (route.permission) {
      ++user_routes;
      EXPECT_EQ(operation->value("x-permission", json()),
                std::string(server::PermissionName(*route.permission)))
          << route.method << " " << route.path;
    } else {
      EXPECT_FALSE(operation->contains("x-permission")) << route.method << " " << route.path;
    }
  }
  EXPECT_GT(user_routes, 30);
}

}  // namespace
}  // namespace soundings::testing
