#pragma once
// The server's object graph: the store, the clock and every service, built once from the
// configuration in ServerApp::Open and shared by the HTTP API, the CLI commands and the tests.
// Routes and commands never build a store or a service of their own: there is one report cache,
// one consultation tally per campaign and one pool of report-store connections per process.
//
// To add a service: construct it in Open (after what it needs), keep it in a unique_ptr member
// and add an accessor; routes reach it through the ServerApp they are registered with.

#include <filesystem>
#include <memory>

#include "server/config.h"
#include "server/core/clock.h"
#include "server/pdf/campaign_pdfs.h"
#include "server/reports/consultation_comments.h"
#include "server/reports/exports.h"
#include "server/reports/overview.h"
#include "server/reports/programme_reports.h"
#include "server/reports/public_page.h"
#include "server/reports/releases.h"
#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"
#include "server/services/admin.h"
#include "server/services/audit_log.h"
#include "server/services/auth.h"
#include "server/services/bundle.h"
#include "server/services/demo.h"
#include "server/services/devices.h"
#include "server/services/ingest.h"
#include "server/services/template_catalog.h"
#include "server/services/venues.h"
#include "server/store/sqlite_store.h"
#include "shared/core/error.h"

namespace soundings::server {

class ServerApp {
 public:
  /// Creates the data folder if needed, opens (migrating) its database and the report store's
  /// read-only connections, and builds every service. `clock` defaults to the system clock;
  /// tests pass a ManualClock.
  static Result<std::unique_ptr<ServerApp>> Open(const ServerConfig& config,
                                                 std::shared_ptr<const Clock> clock = nullptr);
  ~ServerApp();
  ServerApp(const ServerApp&) = delete;
  ServerApp& operator=(const ServerApp&) = delete;

  const ServerConfig& config() const { return m_config; }
  const Clock& clock() const { return *m_clock; }
  /// The read-write store, for the services, the CLI's plain listings and tests.
  Store& store() { return *m_store; }

  AuditLog& audit() { return *m_audit; }
  TemplateCatalog& templates() { return *m_templates; }
  DeviceService& devices() { return *m_devices; }
  IngestService& ingest() { return *m_ingest; }
  BundleService& bundle() { return *m_bundle; }
  AuthService& auth() { return *m_auth; }
  AdminService& admin() { return *m_admin; }
  VenueService& venues() { return *m_venues; }

  /// Results: the one ReportService (cache and consultation tallies) over the one report store.
  ReportStore& report_store() { return *m_report_store; }
  ReportService& reports() { return *m_reports; }
  ProgrammeReports& programme() { return *m_programme; }
  ExportService& exports() { return *m_exports; }
  pdf::PdfReports& pdfs() { return *m_pdfs; }
  ReportReleases& releases() { return *m_releases; }
  OverviewService& overview() { return *m_overview; }
  PublicPageService& public_pages() { return *m_public_pages; }
  /// Residents' comments per question and HR's edits of their themes.
  CommentsService& comments() { return *m_comments; }

  /// What init works through (services/demo.h).
  DataFolderServices data_folder();

 private:
  ServerApp() = default;
  ServerConfig m_config;
  std::shared_ptr<const Clock> m_clock;
  std::unique_ptr<Store> m_store;
  std::unique_ptr<AuditLog> m_audit;
  std::unique_ptr<TemplateCatalog> m_templates;
  std::unique_ptr<DeviceService> m_devices;
  std::unique_ptr<IngestService> m_ingest;
  std::unique_ptr<BundleService> m_bundle;
  std::unique_ptr<AuthService> m_auth;
  std::unique_ptr<AdminService> m_admin;
  std::unique_ptr<VenueService> m_venues;
  std::unique_ptr<SqliteReportStore> m_report_store;
  std::unique_ptr<ReportService> m_reports;
  std::unique_ptr<ProgrammeReports> m_programme;
  std::unique_ptr<ExportService> m_exports;
  std::unique_ptr<ReportReleases> m_releases;
  std::unique_ptr<pdf::PdfReports> m_pdfs;
  std::unique_ptr<OverviewService> m_overview;
  std::unique_ptr<PublicPageService> m_public_pages;
  std::unique_ptr<CommentsService> m_comments;
};

/// `init` over this app's data folder: InitialiseDataFolder of services/demo.h, then the release
/// of the reports of the campaigns the demo closed.
Result<InitReport> InitialiseDataFolder(ServerApp& app, const std::filesystem::path& template_dir,
                                        bool demo);

}  // namespace soundings::server
