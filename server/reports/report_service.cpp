// ReportService as a facade: the cache of finished reports, the parsed template versions, the
// aggregates ingest keeps, and Load. Each report has its own file (individual_report.cpp,
// team_report.cpp, organisation_report.cpp, consultation_report.cpp, exports.cpp); the
// consultation tally is consultation_tally.cpp.
#include "server/reports/report_service.h"

#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "shared/templates/parser.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;  // NOLINT(google-build-using-namespace): the shared report helpers

namespace report_internals {

std::vector<RaterResponse> RaterResponses(const std::vector<const ReportResponse*>& responses) {
  std::vector<RaterResponse> out;
  out.reserve(responses.size());
  for (const auto* r : responses) out.push_back({r->rater_group, r->answers});
  return out;
}

bool IsTextItem(const Item& item) {
  return item.comment || item.type == ItemType::kShortText || item.type == ItemType::kLongText;
}

void NoteSuppressed(const CellValue& cell, std::set<int>& minimums) {
  if (cell.suppressed()) minimums.insert(cell.minimum());
}

void MapToCurrent(const TemplateVersions& versions, ReportResponse& r) {
  const Template& current = *versions.current;
  if (r.template_version == current.version && r.template_id == current.id) return;
  auto answered_on = versions.by_version.find(r.template_version);
  if (r.template_id != current.id || answered_on == versions.by_version.end()) {
    r.answers.clear();  // cannot be compared with the campaign's version
    return;
  }
  r.answers = MapAnswers(current, answered_on->second, versions.mapping, r.answers);
}

void AddFootnotes(json& out, const std::set<int>& minimums) {
  if (minimums.empty()) return;
  json notes = json::array();
  for (int m : minimums) notes.push_back(CellValue::Footnote(m));
  out["footnotes"] = notes;
}

}  // namespace report_internals

using namespace report_internals;  // NOLINT(google-build-using-namespace)

ReportService::ReportService(ReportStore& store, SuppressionPolicy policy)
    : m_store(store), m_engine(policy) {}

const SuppressionEngine& ReportService::EngineFor(const CampaignRow& campaign) {
  SuppressionPolicy policy = m_engine.policy();
  policy.cell_minimum = std::max(policy.cell_minimum, campaign.cell_minimum);
  policy.comment_minimum = std::max(policy.comment_minimum, campaign.comment_minimum);
  if (policy.cell_minimum == m_engine.policy().cell_minimum &&
      policy.comment_minimum == m_engine.policy().comment_minimum) {
    return m_engine;
  }
  std::lock_guard lock(m_mutex);
  auto& engine = m_stricter_engines[{policy.cell_minimum, policy.comment_minimum}];
  if (!engine) engine = std::make_unique<SuppressionEngine>(policy);
  return *engine;
}

ServiceResult<std::shared_ptr<const TemplateVersions>> ReportService::Templates(
    const std::string& template_id, int version, std::string* fingerprint_out) {
  auto fingerprint = m_store.TemplateFingerprint(template_id);
  if (!fingerprint) return StorageError(fingerprint.error());
  if (fingerprint_out != nullptr) *fingerprint_out = *fingerprint;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_templates.find({template_id, version});
    if (it != m_templates.end() && it->second.first == *fingerprint) return it->second.second;
  }
  auto rows = m_store.TemplateVersions(template_id);
  if (!rows) return StorageError(rows.error());
  auto versions = std::make_shared<TemplateVersions>();
  for (const auto& row : *rows) {
    auto parsed = ParseTemplate(std::string_view(row.document), ModuleSource{});
    if (!parsed) {
      return ServiceError{ErrorKind::kInternal,
                          "template_unreadable",
                          "Stored template " + template_id + " version " +
                              std::to_string(row.version) + " no longer parses.",
                          {}};
    }
    versions->by_version.emplace(row.version, std::move(parsed).value());
  }
  auto current = versions->by_version.find(version);
  if (current == versions->by_version.end()) {
    return ServiceError{
        ErrorKind::kInternal,
        "template_missing",
        "Template " + template_id + " version " + std::to_string(version) + " is not stored.",
        {}};
  }
  versions->current = std::make_shared<const Template>(current->second);
  std::vector<Template> others;
  for (const auto& [v, tmpl] : versions->by_version) {
    if (v != version) others.push_back(tmpl);
  }
  versions->mapping = BuildItemMapping(*versions->current, others);
  std::shared_ptr<const TemplateVersions> shared = versions;
  std::lock_guard lock(m_mutex);
  m_templates[{template_id, version}] = {*fingerprint, shared};
  return shared;
}

ServiceResult<std::string> ReportService::Fingerprint(const CampaignRow& campaign,
                                                      std::optional<std::int64_t> subject_id) {
  auto templates = m_store.TemplateFingerprint(campaign.template_id);
  if (!templates) return StorageError(templates.error());
  auto responses = m_store.ResponsesFingerprint(campaign.id, subject_id);
  if (!responses) return StorageError(responses.error());
  // The campaign's own minimums change what a report hides, so they are part of what it was
  // computed from.
  return campaign.template_id + "@" + std::to_string(campaign.template_version) + "|" + *templates +
         "|" + *responses + "|k" + std::to_string(campaign.cell_minimum) + "," +
         std::to_string(campaign.comment_minimum);
}

std::optional<json> ReportService::Cached(const std::string& key, const std::string& fingerprint) {
  std::lock_guard lock(m_mutex);
  auto it = m_reports.find(key);
  if (it == m_reports.end() || it->second.first != fingerprint) {
    ++m_cache_stats.misses;
    return std::nullopt;
  }
  ++m_cache_stats.hits;
  return it->second.second;
}

void ReportService::Remember(const std::string& key, const std::string& fingerprint,
                             const json& report) {
  std::lock_guard lock(m_mutex);
  if (m_reports.size() >= kMaxCachedReports && !m_reports.contains(key)) m_reports.clear();
  m_reports[key] = {fingerprint, report};
}

ReportCacheStats ReportService::CacheStats() {
  std::lock_guard lock(m_mutex);
  return m_cache_stats;
}

ServiceResult<std::shared_ptr<const AggregateLayout>> ReportService::ReadAggregates(
    const CampaignRow& campaign, const std::shared_ptr<const TemplateVersions>& templates,
    std::optional<std::int64_t> subject_id,
    const std::function<void(const AggregateLayout&, std::int64_t,
                             const std::vector<std::int64_t>&)>& each) {
  if (!m_use_aggregates || !Is360(campaign)) return std::shared_ptr<const AggregateLayout>();
  std::shared_ptr<const AggregateLayout> layout;
  std::string fingerprint;  // of the template versions `templates` was parsed from
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [key, entry] : m_templates) {
      if (entry.second == templates) fingerprint = entry.first;
    }
    auto found = m_layouts.find(templates.get());
    if (found != m_layouts.end()) {
      layout = found->second.second;
    } else {
      if (auto made = AggregateLayout::For(templates->current)) {
        layout = std::make_shared<const AggregateLayout>(std::move(*made));
      }
      if (m_layouts.size() >= 64) m_layouts.clear();
      m_layouts[templates.get()] = {templates, layout};
    }
  }
  if (!layout || fingerprint.empty()) return std::shared_ptr<const AggregateLayout>();
  bool readable = true;
  std::vector<std::int64_t> counts;  // one buffer for every subject's row
  auto header = m_store.Aggregates(
      campaign.id, subject_id, [&](std::int64_t subject, const std::string& text) {
        if (!readable) return;
        if (!DecodeCounts(text, counts) || counts.size() != layout->size()) {
          readable = false;
          return;
        }
        each(*layout, subject, counts);
      });
  if (!header) return StorageError(header.error());
  // Built for other template versions (one was added since): the plain path until ingest or
  // the next start rebuilds them.
  if (!readable || !header->has_value() || (*header)->template_fingerprint != fingerprint) {
    return std::shared_ptr<const AggregateLayout>();
  }
  return layout;
}

ServiceResult<CampaignResponses> ReportService::Load(const std::string& campaign_id,
                                                     std::optional<std::int64_t> subject_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  CampaignResponses out;
  out.campaign = **campaign;
  auto templates = Templates(out.campaign.template_id, out.campaign.template_version);
  if (!templates) return templates.error();
  out.templates = *templates;
  auto responses = m_store.Responses(campaign_id, subject_id);
  if (!responses) return StorageError(responses.error());
  out.responses = std::move(*responses);
  for (auto& r : out.responses) MapToCurrent(*out.templates, r);
  return out;
}

}  // namespace soundings::server
