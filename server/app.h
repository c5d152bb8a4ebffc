#pragma once
// The server's object graph: store, clock and services, built once from the configuration and
// shared by the HTTP API, the CLI commands and the tests.

#include <memory>

#include "server/config.h"
#include "server/core/clock.h"
#include "server/services/admin.h"
#include "server/services/auth.h"
#include "server/services/devices.h"
#include "server/services/ingest.h"
#include "server/services/template_catalog.h"
#include "server/store/sqlite_store.h"
#include "shared/core/error.h"

namespace soundings::server {

class ServerApp {
 public:
  /// Creates the data folder if needed and opens (migrating) its database. `clock` defaults to
  /// the system clock; tests pass a ManualClock.
  static Result<std::unique_ptr<ServerApp>> Open(const ServerConfig& config,
                                                 std::shared_ptr<const Clock> clock = nullptr);

  const ServerConfig& config() const { return m_config; }
  Store& store() { return *m_store; }
  const Clock& clock() const { return *m_clock; }
  TemplateCatalog& templates() { return *m_templates; }
  DeviceService& devices() { return *m_devices; }
  IngestService& ingest() { return *m_ingest; }
  AuthService& auth() { return *m_auth; }
  AdminService& admin() { return *m_admin; }

 private:
  ServerApp() = default;
  ServerConfig m_config;
  std::shared_ptr<const Clock> m_clock;
  std::unique_ptr<Store> m_store;
  std::unique_ptr<TemplateCatalog> m_templates;
  std::unique_ptr<DeviceService> m_devices;
  std::unique_ptr<IngestService> m_ingest;
  std::unique_ptr<AuthService> m_auth;
  std::unique_ptr<AdminService> m_admin;
};

}  // namespace soundings::server
