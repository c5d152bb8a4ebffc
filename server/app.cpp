#include "server/app.h"

#include <algorithm>
#include <filesystem>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace soundings::server {

Result<std::unique_ptr<ServerApp>> ServerApp::Open(const ServerConfig& config,
                                                   std::shared_ptr<const Clock> clock) {
#if defined(__GLIBC__)
  // glibc gives threads that allocate at once arenas of their own (up to 8 per core) and seldom
  // hands their freed memory back: with the HTTP worker threads that made the server's RSS creep
  // under load. One arena per core: bench_load --quick grew 9 MB instead of 23 MB (and started at
  // 47 MB instead of 79 MB), docs/reliability.md "Load".
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2U, std::thread::hardware_concurrency())));
#endif
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
