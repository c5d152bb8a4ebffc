#include "server/app.h"

#include <filesystem>

namespace soundings::server {

Result<std::unique_ptr<ServerApp>> ServerApp::Open(const ServerConfig& config,
                                                   std::shared_ptr<const Clock> clock) {
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) {
    return Problem{config.data_dir.string(), "cannot create the data folder: " + error.message()};
  }
  SqliteStoreOptions options;
  options.synchronous = config.synchronous;
  options.busy_timeout_ms = config.busy_timeout_ms;
  auto store = SqliteStore::Open(config.DatabaseFile(), options);
  if (!store) return store.problems();

  std::unique_ptr<ServerApp> app(new ServerApp());
  app->m_config = config;
  app->m_clock = clock ? std::move(clock) : std::make_shared<SystemClock>();
  app->m_store = std::move(store).value();
  app->m_templates = std::make_unique<TemplateCatalog>(*app->m_store);
  app->m_devices = std::make_unique<DeviceService>(*app->m_store, *app->m_clock);
  app->m_ingest = std::make_unique<IngestService>(*app->m_store, *app->m_templates, *app->m_clock);
  app->m_auth = std::make_unique<AuthService>(*app->m_store, *app->m_clock,
                                              std::chrono::hours(config.session_hours));
  app->m_admin = std::make_unique<AdminService>(*app->m_store, *app->m_templates, *app->m_clock);
  return app;
}

}  // namespace soundings::server
