#pragma once
// Report aggregates: per campaign and 360 subject, the counts a report needs, kept up to date by
// the ingest transaction (schema migration 4, "report aggregates"), so a report reads one row per
// subject instead of every answer. docs/reports.md ("Performance") says what is kept and why the
// numbers equal those computed from the answers.
//
// A subject's row is one vector of whole numbers laid out by AggregateLayout from the campaign's
// template version: per rater group (the template's groups, then one bucket for responses from
// groups the template does not list) the responses received; per scored item (likert item or
// matrix row) the "not applicable" answers and the answers on each scale point, after mapping to
// the campaign's version through `replaces` and flipping reverse-scored items, exactly as the
// report maths does; and per competency section the respondents with a section score, and the
// sum and sum of squares of their section scores times L = lcm(1..k) (k the section's scored
// items), which makes every section score a whole number. Sums of whole numbers are exact, so
// the aggregates never drift from the answers.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/store/store.h"
#include "shared/answers/answers.h"
#include "shared/core/error.h"
#include "shared/db/sqlite.h"
#include "shared/results/statistics.h"
#include "shared/results/three_sixty.h"
#include "shared/results/version_mapping.h"
#include "shared/templates/model.h"

namespace soundings::server {

/// Where each count of a subject's aggregate row lives, for one campaign template version.
/// Only for templates whose scores are whole numbers and whose reverse-scored items use scales
/// that flip onto their own points: elsewhere For() gives nullopt and reports read the answers.
class AggregateLayout {
 public:
  /// The layout of `current`; nullopt when its scales cannot be aggregated exactly.
  static std::optional<AggregateLayout> For(std::shared_ptr<const Template> current);

  /// Length of a subject's vector.
  std::size_t size() const { return m_size; }

  /// Adds one response to `counts` (resized to size() when shorter): `mapped` is the response's
  /// answers on the campaign's version, or nullptr when they cannot be compared (another
  /// template, or a version the store does not hold): the response then counts as received only.
  void AddResponse(const std::string& rater_group, const Answers* mapped,
                   std::vector<std::int64_t>& counts) const;

  /// The raw numbers Compute360 would give for the responses summed into `counts`.
  Stats360 ToStats(const std::vector<std::int64_t>& counts) const;

  /// Responses summed into `counts`, whatever their group.
  std::int64_t TotalResponses(const std::vector<std::int64_t>& counts) const {
    return counts.empty() ? 0 : counts[0];
  }

  /// What decides whether item `item` of `counts` may be shown for all others: per listed group
  /// (n, not applicable), then all others' n. Equal keys get equal suppression.
  void GateKey(const std::vector<std::int64_t>& counts, std::size_t item,
               std::vector<int>& key) const;
  /// Item `item`'s all-others mean and % favourable as RankByOthers reads them (bit for bit what
  /// its Summary holds); nullopt when no one but self scored it.
  std::optional<Ranked> OthersRanked(const std::vector<std::int64_t>& counts,
                                     std::size_t item) const;
  /// The same numbers without the key: false when no one but self scored the item.
  bool OthersMean(const std::vector<std::int64_t>& counts, std::size_t item, double& mean,
                  double& favourable_pct) const;

  const Template& tmpl() const { return *m_tmpl; }
  const std::vector<ScoredItem>& items() const { return m_items; }

 private:
  struct Competency {
    std::string section_id;
    std::vector<std::size_t> items;  // indices into m_items
    std::int64_t scale = 1;          // L = lcm(1..k)
  };
  std::size_t GroupBase(std::size_t bucket) const { return 1 + bucket * m_per_group; }
  std::size_t ItemBase(std::size_t bucket, std::size_t item) const {
    return GroupBase(bucket) + 1 + m_item_offsets[item];
  }
  std::size_t CompetencyBase(std::size_t bucket, std::size_t competency) const {
    return GroupBase(bucket) + 1 + m_item_width + 3 * competency;
  }
  // The bucket of a rater group: its template index, the unlisted bucket, or nullopt for an
  // unlisted "self" (counted nowhere, as Compute360 does).
  std::optional<std::size_t> Bucket(const std::string& rater_group) const;
  Summary ItemSummary(const std::vector<std::int64_t>& counts, std::size_t item,
                      const std::vector<std::size_t>& buckets) const;
  Summary CompetencySummary(const std::vector<std::int64_t>& counts, std::size_t competency,
                            const std::vector<std::size_t>& buckets) const;

  std::shared_ptr<const Template> m_tmpl;
  std::vector<ScoredItem> m_items;          // pointers into *m_tmpl
  std::vector<std::size_t> m_item_offsets;  // per item, within a group: na then one per point
  std::size_t m_item_width = 0;
  std::vector<Competency> m_competencies;
  std::vector<std::string> m_groups;  // listed groups in template order
  std::optional<std::size_t> m_self;  // index of "self" among them
  std::size_t m_per_group = 0;
  std::size_t m_size = 0;
};

/// A subject's counts as stored: comma-separated numbers, "zN" for N zeros in a row.
std::string EncodeCounts(const std::vector<std::int64_t>& counts);
/// nullopt when `text` is not what EncodeCounts writes.
std::optional<std::vector<std::int64_t>> DecodeCounts(const std::string& text);
/// The same into `out` (its storage reused); false when `text` is not what EncodeCounts writes.
bool DecodeCounts(const std::string& text, std::vector<std::int64_t>& out);

/// "version:hash;..." of every stored version of a template, in version order: the aggregates of
/// a campaign are valid only for the template versions they were built with.
StoreResult<std::string> TemplateFingerprintOf(db::Database& db, const std::string& template_id);

/// Everything needed to aggregate the responses of one campaign.
struct AggregatePlan {
  CampaignRow campaign;
  std::string template_fingerprint;
  std::map<int, Template> by_version;
  ItemMapping mapping;
  std::optional<AggregateLayout> layout;  // nullopt: the campaign is not aggregated
  std::vector<std::string> relevant_ids;  // answer ids that can reach a scored item (sorted)

  /// The answers of `r` on the campaign's version, restricted to what scores need; nullopt when
  /// they cannot be compared (another template or an unknown version).
  std::optional<Answers> Mapped(const StoredResponse& r) const;
};

/// Keeps report aggregates for the single writer connection: plans per campaign (rebuilt when a
/// template version is added) and the counts of the transaction being written.
class ReportAggregator {
 public:
  /// Before `r` of `campaign_id` is inserted in this transaction: makes sure the campaign's
  /// aggregates are current, rebuilding them from its stored responses when they are missing or
  /// were built for other template versions.
  StoreStatus Prepare(db::Database& db, const std::string& campaign_id);
  /// Counts a response just inserted (Prepare ran for its campaign in this transaction).
  void Add(const StoredResponse& r);
  /// Writes the counts of this transaction: one read and one upsert per touched subject.
  StoreStatus Flush(db::Database& db);
  /// Forgets the transaction's counts and checks (after a rollback or a commit).
  void EndTransaction();

  /// Rebuilds every 360 campaign whose aggregates are missing or stale (after migration 4, or
  /// after a template version was added while the server was down). In its own transaction.
  StoreStatus RebuildStale(db::Database& db);

 private:
  StoreResult<std::shared_ptr<const AggregatePlan>> Plan(db::Database& db,
                                                         const std::string& campaign_id);
  StoreStatus Rebuild(db::Database& db, const AggregatePlan& plan);

  std::map<std::string, std::shared_ptr<const AggregatePlan>> m_plans;
  // This transaction: campaigns checked, and counts to add per (campaign, subject).
  std::map<std::string, std::shared_ptr<const AggregatePlan>> m_checked;
  std::map<std::pair<std::string, std::int64_t>, std::vector<std::int64_t>> m_pending;
};

}  // namespace soundings::server
