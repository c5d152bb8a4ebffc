#pragma once
// ReportStore over the server's SQLite file: its own read-only connections (query_only), so
// report queries never wait behind the ingest writer's lock and can never write.

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "server/reports/report_store.h"
#include "shared/core/error.h"
#include "shared/db/sqlite.h"

namespace soundings::server {

class SqliteReportStore final : public ReportStore {
 public:
  /// Opens `connections` read-only connections to an existing, migrated database file.
  static Result<std::unique_ptr<SqliteReportStore>> Open(const std::filesystem::path& file,
                                                         int connections = 2);

  StoreResult<std::optional<CampaignRow>> GetCampaign(const std::string& id) override;
  StoreResult<std::vector<TemplateVersionRow>> TemplateVersions(
      const std::string& template_id) override;
  StoreResult<std::vector<ReportSubject>> Subjects(const std::string& campaign_id) override;
  StoreResult<std::optional<ReportReleaseRow>> Release(const std::string& campaign_id,
                                                       const std::string& person_id) override;
  StoreResult<std::optional<ReportSubject>> Subject(const std::string& campaign_id,
                                                    const std::string& person_id) override;
  StoreResult<std::map<std::string, int>> InvitationCounts(std::int64_t subject_id) override;
  StoreResult<std::vector<ReportResponse>> Responses(
      const std::string& campaign_id, std::optional<std::int64_t> subject_id) override;
  StoreResult<std::vector<ResponseTally>> ResponseTallies(const std::string& campaign_id) override;
  StoreResult<std::optional<NewResponses>> ResponsesAfter(const std::string& campaign_id,
                                                          std::int64_t after_row, int limit,
                                                          bool count) override;
  StoreResult<std::string> TemplateFingerprint(const std::string& template_id) override;
  StoreResult<std::string> ResponsesFingerprint(const std::string& campaign_id,
                                                std::optional<std::int64_t> subject_id) override;
  StoreResult<std::optional<AggregateHeader>> Aggregates(
      const std::string& campaign_id, std::optional<std::int64_t> subject_id,
      const std::function<void(std::int64_t, const std::string&)>& each) override;
  StoreResult<std::vector<OrgUnitRow>> OrgUnits() override;
  StoreResult<std::vector<VenueRow>> Venues() override;
  StoreResult<std::vector<Store::ThemeEditRow>> ThemeEdits(const std::string& campaign_id) override;

 private:
  struct Connection {
    std::mutex mutex;
    db::Database db;
  };
  class Lease {
   public:
    explicit Lease(Connection& c) : m_lock(c.mutex), m_db(c.db) {}
    db::Database& db() { return m_db; }

   private:
    std::unique_lock<std::mutex> m_lock;
    db::Database& m_db;
  };
  Lease Read();

  SqliteReportStore() = default;
  std::vector<std::unique_ptr<Connection>> m_connections;
  std::atomic<std::size_t> m_next{0};
};

}  // namespace soundings::server
