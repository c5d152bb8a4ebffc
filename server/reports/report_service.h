#pragma once
// Results as the API serves them: the individual 360, team and organisation rollups, consultation
// distributions and cross-tabs, and exports. Every number in a reply is a CellValue made by the
// one SuppressionEngine (shared/results/suppression.h) and serialised by shown_json.h; counts of
// responses received and invited are public (docs/results-maths.md, rule 5). Who may see which
// objects is asked of the access policy (core/access.h) here, so the CLI and the API cannot
// disagree: docs/reports.md has the rules.
//
// A thin caching facade (report_service.cpp: the cache of finished reports, parsed template
// versions, aggregates, Load) over one file per report: individual_report.cpp, team_report.cpp,
// organisation_report.cpp, consultation_report.cpp, exports.cpp, and the consultation tally in
// consultation_tally.cpp. A new report is a new file with a new member here.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/reports/consultation_tally.h"
#include "server/reports/report_store.h"
#include "server/store/aggregates.h"
#include "shared/results/suppression.h"
#include "shared/results/version_mapping.h"
#include "shared/templates/model.h"

namespace soundings::server {

/// Every parsed version of one template with the mapping into the campaign's version.
struct TemplateVersions {
  std::shared_ptr<const Template> current;
  std::map<int, Template> by_version;  // every stored version, current included
  ItemMapping mapping;
};

/// A campaign's responses with answers re-expressed on the campaign's template version.
struct CampaignResponses {
  CampaignRow campaign;
  std::shared_ptr<const TemplateVersions> templates;
  std::vector<ReportResponse> responses;  // answers already mapped to *templates->current
  const Template& tmpl() const { return *templates->current; }
};

enum class ExportFormat { kCsvLong, kCsvWide, kJson };

/// A file an export produces.
struct ExportFile {
  std::string filename;      // "c360-answers.csv"
  std::string content_type;  // "text/csv; charset=utf-8", "application/json"
  std::string body;
  int responses = 0;  // responses written
};

/// A theme of residents' comments as the public page shows it: HR's label (or the keyphrases)
/// and how many people's comments it holds, suppressed like any count.
struct PublicTheme {
  std::string question_id;
  std::string label;
  CellValue people;
};

/// How often a cached report could be reused.
struct ReportCacheStats {
  int hits = 0;
  int misses = 0;
};

class ReportService {
 public:
  explicit ReportService(ReportStore& store, SuppressionPolicy policy = {});

  /// The 360 of one subject (by person id). admin and hr: anyone; manager: only their own
  /// (403 otherwise); analyst: 403 (aggregates of teams and the organisation only).
  ServiceResult<nlohmann::json> Individual(const Principal& who, const std::string& campaign_id,
                                           const std::string& subject_person_id);
  /// Competency means of others' ratings per team and a teams x competencies heatmap. A manager
  /// sees only teams they lead (and the units below them).
  ServiceResult<nlohmann::json> Teams(const Principal& who, const std::string& campaign_id);
  /// Organisation strengths and weaknesses and the training-needs list. Not for managers.
  ServiceResult<nlohmann::json> Organisation(const Principal& who, const std::string& campaign_id);
  /// Per-question distributions, responses over time, by venue, and the segments a cross-tab
  /// can use. Not for managers.
  ServiceResult<nlohmann::json> Consultation(const Principal& who, const std::string& campaign_id);
  /// One question (a single_choice, yes_no or likert item, or a scale section: its mean score per
  /// segment) against one segment ("venue", "venue_area", "venue_settlement", "venue_ward" or a
  /// cross-tabulable item), among respondents matching every `filters` entry ("id:v1,v2"), with
  /// one table per category of `layer` when given. Not for managers. docs/reports.md, "Cross-tab".
  ServiceResult<nlohmann::json> CrossTab(const Principal& who, const std::string& campaign_id,
                                         const std::string& question, const std::string& segment,
                                         const std::vector<std::string>& filters = {},
                                         const std::string& layer = "");
  /// Scores of a consultation (consultation_scores.cpp): per likert item and matrix row n, mean,
  /// sd and top-2 / bottom-2 shares with Wilson 95 % intervals (reverse-keyed items flipped); per
  /// number item n, mean, sd, median, min and max; per scale section its scale score's
  /// distribution, mean, sd and Cronbach's alpha. With `segment` ("venue", "venue_area",
  /// "venue_settlement", "venue_ward" or a single_choice / yes_no / likert item), the same per
  /// segment value and "not answered", each group's figures shown or suppressed whole. Not for
  /// managers; 400 with path "segment" for an unknown segment.
  ServiceResult<nlohmann::json> ConsultationScores(const Principal& who,
                                                   const std::string& campaign_id,
                                                   const std::string& segment);
  /// ConsultationScores as CSV: one row per group and item, number item or scale; suppressed
  /// figures read "fewer than N".
  ServiceResult<ExportFile> ConsultationScoresCsv(const Principal& who,
                                                  const std::string& campaign_id,
                                                  const std::string& segment);
  /// Row-level export for admin and hr only. Reads every response (per-response rows; not a
  /// report a dashboard polls), unlike the consultation report and cross-tabs. For a 360, answers
  /// of a subject's rater group below its min_responses, and comments below comment_min_responses,
  /// are left out; no row carries an invitation, rater or time.
  ServiceResult<ExportFile> Export(const Principal& who, const std::string& campaign_id,
                                   ExportFormat format);

  /// The campaign's responses mapped to its template version; 404 when no such campaign. Reads
  /// every response: for exports, programme reports and the plain paths, not for what a
  /// dashboard polls.
  ServiceResult<CampaignResponses> Load(const std::string& campaign_id,
                                        std::optional<std::int64_t> subject_id = std::nullopt);

  /// The themes of a consultation's comments for its public page: those HR pinned, else the
  /// largest, each with its count of people (consultation_comments.cpp).
  ServiceResult<std::vector<PublicTheme>> PublicThemes(const std::string& campaign_id);

  const SuppressionEngine& engine() const { return m_engine; }
  /// The engine every figure of `campaign`'s reports goes through: the deployment's policy, with
  /// the campaign's own cell and comment minimums where it sets higher ones (a campaign can be
  /// stricter than the deployment, never looser). policy().comment_minimum is the comment rule.
  const SuppressionEngine& EngineFor(const CampaignRow& campaign);

  /// Hits and misses of the report cache since construction.
  ReportCacheStats CacheStats();

  /// Whether 360 reports read the aggregates ingest keeps, and consultation reports and cross-tabs
  /// the counts this service keeps (consultation_tally.h) (the default), or every answer (the
  /// plain path, kept as the reference both are tested against). Both give the same report;
  /// campaigns without current aggregates always take the plain path.
  void UseAggregates(bool on) { m_use_aggregates = on; }
  /// Responses asked of the store at a time while bringing consultation counts up to date (2000;
  /// tests make it small). Set before the first report.
  void TallyPageSize(int responses) { m_tally_page = std::max(1, responses); }

 private:
  // Reports kept at most; past it the cache starts again empty (a crude bound on memory).
  static constexpr std::size_t kMaxCachedReports = 4096;
  ServiceResult<std::string> Fingerprint(const CampaignRow& campaign,
                                         std::optional<std::int64_t> subject_id);
  std::optional<nlohmann::json> Cached(const std::string& key, const std::string& fingerprint);
  void Remember(const std::string& key, const std::string& fingerprint,
                const nlohmann::json& report);
  // Parsed versions of a template; `fingerprint` (when given) gets TemplateFingerprint's value
  // they were parsed at.
  ServiceResult<std::shared_ptr<const TemplateVersions>> Templates(
      const std::string& template_id, int version, std::string* fingerprint = nullptr);
  // What a consultation report or cross-tab is made from (report_service.cpp).
  struct ConsultationInputs;
  ServiceResult<std::shared_ptr<const ConsultationInputs>> ConsultationData(
      const std::string& campaign_id);
  // The campaign's consultation counts brought up to date with the responses stored since the
  // last call; nullptr when the plain path must read every answer instead.
  ServiceResult<std::shared_ptr<const ConsultationCounts>> Tallied(
      const CampaignRow& campaign, const std::shared_ptr<const TemplateVersions>& templates,
      const std::string& fingerprint);
  // Streams the campaign's aggregate counts per subject (one subject's when given) to `each`
  // and returns their layout when they are current for `templates`; nullptr when the plain path
  // must read the answers instead (the caller then discards what `each` was given).
  ServiceResult<std::shared_ptr<const AggregateLayout>> ReadAggregates(
      const CampaignRow& campaign, const std::shared_ptr<const TemplateVersions>& templates,
      std::optional<std::int64_t> subject_id,
      const std::function<void(const AggregateLayout&, std::int64_t,
                               const std::vector<std::int64_t>&)>& each);

  ReportStore& m_store;
  SuppressionEngine m_engine;
  // Engines of campaigns stricter than the deployment, by (cell, comment) minimum; never erased,
  // so references handed out stay valid.
  std::map<std::pair<int, int>, std::unique_ptr<SuppressionEngine>> m_stricter_engines;
  std::mutex m_mutex;
  // (template id, campaign version) -> parsed versions, with the hashes they were built from.
  std::map<std::pair<std::string, int>,
           std::pair<std::string, std::shared_ptr<const TemplateVersions>>>
      m_templates;
  // Report kind + campaign (+ subject) -> the fingerprint it was computed at and the report.
  std::map<std::string, std::pair<std::string, nlohmann::json>> m_reports;
  ReportCacheStats m_cache_stats;
  bool m_use_aggregates = true;
  // Aggregate layouts per parsed template versions (server/store/aggregates.h).
  std::map<const TemplateVersions*, std::pair<std::shared_ptr<const TemplateVersions>,
                                              std::shared_ptr<const AggregateLayout>>>
      m_layouts;
  // One per consultation read: its own mutex, so one reader folds new responses in while the
  // others wait for it instead of each folding the same rows.
  struct ConsultationTally {
    std::mutex mutex;
    std::string key;  // template id, campaign version and template fingerprint counted for
    std::shared_ptr<ConsultationCounts> counts;  // shared with readers; copied before changing
    std::uint64_t reads = 0;
  };
  // Reads of a consultation between two checks that its count of responses is what was counted
  // (a count walks the campaign's index; the other reads cost only what is new).
  static constexpr std::uint64_t kRecountEvery = 64;
  int m_tally_page = 2000;  // responses asked of the store at a time while folding in
  std::map<std::string, std::shared_ptr<ConsultationTally>> m_tallies;  // by campaign id
};

}  // namespace soundings::server
