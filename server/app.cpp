#include "server/app.h"

#include <algorithm>
#include <filesystem>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace soundings::server {

namespace {

// Read-only connections of the one report store, shared by every report, export, PDF, public
// page and dashboard route (each connection serves one query at a time).
constexpr int kReportConnections = 4;

}  // namespace

ServerApp::~ServerApp() = default;

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

  // Opened after the store, which created and migrated the file.
  auto report_store = SqliteReportStore::Open(config.DatabaseFile(), kReportConnections);
  if (!report_store) {
    return Problem{config.DatabaseFile().string(),
                   "cannot open the database for reports: " + report_store.ErrorText()};
  }

  std::unique_ptr<ServerApp> app(new ServerApp());
  app->m_config = config;
  app->m_clock = clock ? std::move(clock) : std::make_shared<SystemClock>();
  const Clock& now = *app->m_clock;
  app->m_store = std::move(store).value();
  Store& db = *app->m_store;
  app->m_audit = std::make_unique<AuditLog>(db, now);
  app->m_templates = std::make_unique<TemplateCatalog>(db);
  app->m_devices = std::make_unique<DeviceService>(db, now);
  app->m_ingest = std::make_unique<IngestService>(db, *app->m_templates, now);
  app->m_bundle = std::make_unique<BundleService>(db, now);
  PasswordPoolLimits pool;
  pool.threads = config.hash_threads > 0 ? static_cast<std::size_t>(config.hash_threads)
                                         : DefaultHashThreads();
  app->m_auth =
      std::make_unique<AuthService>(db, now, std::chrono::hours(config.session_hours), pool);
  app->m_admin = std::make_unique<AdminService>(db, *app->m_templates, now);
  app->m_venues = std::make_unique<VenueService>(db, now);

  app->m_report_store = std::move(report_store).value();
  SuppressionPolicy policy;
  policy.cell_minimum = config.cell_minimum;
  policy.comment_minimum = config.comment_minimum;
  app->m_reports = std::make_unique<ReportService>(*app->m_report_store, policy);
  app->m_programme = std::make_unique<ProgrammeReports>(*app->m_reports, *app->m_report_store);
  app->m_exports = std::make_unique<ExportService>(*app->m_reports, *app->m_audit);
  app->m_releases = std::make_unique<ReportReleases>(db, *app->m_reports, *app->m_audit, now);
  app->m_pdfs =
      std::make_unique<pdf::PdfReports>(*app->m_reports, *app->m_releases, db, *app->m_audit);
  app->m_overview = std::make_unique<OverviewService>(db, *app->m_report_store);
  app->m_public_pages = std::make_unique<PublicPageService>(
      db, *app->m_reports, *app->m_templates, *app->m_audit, now, config.organisation_name);
  app->m_comments = std::make_unique<CommentsService>(db, *app->m_report_store, *app->m_reports,
                                                      *app->m_audit, now);
  return app;
}

DataFolderServices ServerApp::data_folder() {
  return {*m_store, *m_templates, *m_devices, *m_ingest, *m_audit, *m_clock, m_config.data_dir};
}

Result<InitReport> InitialiseDataFolder(ServerApp& app, const std::filesystem::path& template_dir,
                                        bool demo) {
  auto report = InitialiseDataFolder(app.data_folder(), template_dir, demo);
  if (!report) return report;
  for (const auto& campaign : report->campaigns_to_release) {
    auto released = ReleaseEveryReport(app.releases(), app.store(), "cli:init", campaign);
    if (!released) return Problem{campaign, released.error().message};
    report->released_reports[campaign] = *released;
  }
  return report;
}

}  // namespace soundings::server
