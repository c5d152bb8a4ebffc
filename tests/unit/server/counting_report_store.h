#pragma once
// A ReportStore that forwards every call to another and counts what the report service read, so
// a test can tell the fast paths (aggregates, consultation counts) never read every answer.

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/reports/report_store.h"

namespace soundings::server {

class CountingReportStore final : public ReportStore {
 public:
  /// `incremental` false: ResponsesAfter says "not supported", as a store without it would.
  explicit CountingReportStore(ReportStore& inner, bool incremental = true)
      : m_inner(inner), m_incremental(incremental) {}
  std::atomic<int> response_reads{0};  // calls that read every response
  std::atomic<int> rows_after{0};      // responses handed out by ResponsesAfter
  std::atomic<int> counts{0};          // ResponsesAfter calls that counted the campaign

  StoreResult<std::optional<CampaignRow>> GetCampaign(const std::string& id) override {
    return m_inner.GetCampaign(id);
  }
  StoreResult<std::vector<TemplateVersionRow>> TemplateVersions(const std::string& id) override {
    return m_inner.TemplateVersions(id);
  }
  StoreResult<std::vector<ReportSubject>> Subjects(const std::string& campaign_id) override {
    return m_inner.Subjects(campaign_id);
  }
  StoreResult<std::optional<ReportSubject>> Subject(const std::string& campaign_id,
                                                    const std::string& person_id) override {
    return m_inner.Subject(campaign_id, person_id);
  }
  StoreResult<std::optional<ReportReleaseRow>> Release(const std::string& campaign_id,
                                                       const std::string& person_id) override {
    return m_inner.Release(campaign_id, person_id);
  }
  StoreResult<std::map<std::string, int>> InvitationCounts(std::int64_t subject_id) override {
    return m_inner.InvitationCounts(subject_id);
  }
  StoreResult<std::vector<ReportResponse>> Responses(
      const std::string& campaign_id, std::optional<std::int64_t> subject_id) override {
    ++response_reads;
    return m_inner.Responses(campaign_id, subject_id);
  }
  StoreResult<std::optional<NewResponses>> ResponsesAfter(const std::string& campaign_id,
                                                          std::int64_t after_row, int limit,
                                                          bool count) override {
    if (!m_incremental) return std::optional<NewResponses>();
    if (count) ++counts;
    auto got = m_inner.ResponsesAfter(campaign_id, after_row, limit, count);
    if (got && got->has_value()) rows_after += static_cast<int>((*got)->responses.size());
    return got;
  }
  StoreResult<std::string> TemplateFingerprint(const std::string& id) override {
    return m_inner.TemplateFingerprint(id);
  }
  StoreResult<std::string> ResponsesFingerprint(const std::string& campaign_id,
                                                std::optional<std::int64_t> subject_id) override {
    return m_inner.ResponsesFingerprint(campaign_id, subject_id);
  }
  StoreResult<std::optional<AggregateHeader>> Aggregates(
      const std::string& campaign_id, std::optional<std::int64_t> subject_id,
      const std::function<void(std::int64_t, const std::string&)>& each) override {
    return m_inner.Aggregates(campaign_id, subject_id, each);
  }
  StoreResult<std::vector<OrgUnitRow>> OrgUnits() override { return m_inner.OrgUnits(); }
  StoreResult<std::vector<VenueRow>> Venues() override { return m_inner.Venues(); }

 private:
  ReportStore& m_inner;
  bool m_incremental;
};

}  // namespace soundings::server
