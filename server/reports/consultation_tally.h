#pragma once
// The counts a consultation report and its cross-tabs are made from, kept up to date by folding in
// only the responses stored since the last read (ReportStore::ResponsesAfter), so a read costs
// O(new responses) + O(counts) and memory is O(counts), however many responses the campaign has.
// ReportService keeps one per consultation; the plain path (every answer, through Segment and
// BuildContingencyTable) stays as the reference tests compare these counts against
// (tests/unit/server/consultation_tally_test.cpp).
//
// Counts per venue are kept by the venue id a response was stored with, so the venue, area and
// settlement segments are worked out from the venues table at read time: renaming a venue or
// moving it to another area needs no rebuild.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/reports/report_store.h"
#include "shared/core/error.h"
#include "shared/results/statistics.h"
#include "shared/templates/model.h"

namespace soundings::server {

// Ids of the segments consultation reports add beside a template's own items. They start with
// '@', which no template item id may, so they never shadow a question.
inline constexpr const char* kAllSegment = "@all";
inline constexpr const char* kVenueSegment = "@venue";
inline constexpr const char* kAreaSegment = "@venue_area";
inline constexpr const char* kSettlementSegment = "@venue_settlement";

/// `base` with the report's own segments added as single_choice items (section "@segments"):
/// "@all" (one option, "all"), and the venue ids, areas and settlements of `venues`, sorted.
Template SegmentedTemplate(const Template& base, const std::vector<VenueRow>& venues);

/// Values and counts of one distribution, before suppression.
struct RawDistribution {
  std::vector<std::string> values;
  std::vector<int> counts;
};

/// Counts of a consultation's responses (answers already mapped to the campaign's template
/// version), enough for every distribution of its report and every cross-tab it allows.
class ConsultationCounts {
 public:
  /// Empty counts for `tmpl` (the campaign's version, without the report's segments).
  explicit ConsultationCounts(const Template& tmpl);

  /// Adds `responses` (answers on the template given to the constructor).
  void Add(const std::vector<ReportResponse>& responses);

  /// Responses added so far, and the highest store row key among them (0: none).
  std::int64_t responses() const { return m_responses; }
  std::int64_t last_row() const { return m_last_row; }
  void set_last_row(std::int64_t row) { m_last_row = row; }

  /// The distribution of an item of `segmented` (SegmentedTemplate of the same template and
  /// `venues`): a cross-tabulable, rating or multiple-choice item, or a venue segment. nullopt
  /// for items that have none (text, numbers, ranking), as the plain path.
  std::optional<RawDistribution> Distribution(const Template& segmented,
                                              const std::vector<VenueRow>& venues,
                                              const std::string& item_id) const;
  /// The contingency table of `question` against `segment` (an item of `segmented`: a venue
  /// segment or a single_choice / yes_no item), as BuildContingencyTable would make it from the
  /// answers, with the same errors.
  Result<ContingencyTable> Table(const Template& segmented, const std::vector<VenueRow>& venues,
                                 const std::string& question, const std::string& segment) const;
  /// Responses per day ("YYYY-MM-DD" of completed_at).
  const std::map<std::string, int>& by_day() const { return m_by_day; }

 private:
  // Per-venue counts of one question or of responses, summed over the venues of a segment.
  std::vector<int> VenueColumns(const std::vector<std::string>& values,
                                const std::vector<VenueRow>& venues, const std::string& segment,
                                const std::map<std::string, std::vector<int>>* per_venue,
                                std::size_t row) const;

  Template m_tmpl;  // with only "@all" and "@stored_venue" added, for folding
  std::int64_t m_responses = 0;
  std::int64_t m_last_row = 0;
  // Cross-tabulable items (single_choice, yes_no, likert) with their categories, template order.
  std::vector<std::string> m_questions;
  std::map<std::string, std::size_t> m_question_index;
  std::vector<std::vector<std::string>> m_categories;
  // Indices into m_questions of the single_choice / yes_no items a cross-tab may use as segment.
  std::vector<std::size_t> m_segments;
  std::vector<std::vector<int>> m_all;  // [question][category]
  // [question]: venue id as stored -> [category]
  std::vector<std::map<std::string, std::vector<int>>> m_by_venue;
  // [question][segment][category][segment category]
  std::vector<std::vector<std::vector<std::vector<int>>>> m_pairs;
  // rating (0..10) and multiple_choice items -> counts per value
  std::map<std::string, std::vector<int>> m_picks;
  std::map<std::string, int> m_venue_responses;  // venue id as stored -> responses
  std::map<std::string, int> m_by_day;
};

}  // namespace soundings::server
