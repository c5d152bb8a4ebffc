#pragma once
// The counts a consultation report and its cross-tabs are made from, kept up to date by folding in
// only the responses stored since the last read (ReportStore::ResponsesAfter), so a read costs
// O(new responses) + O(counts) and memory is O(counts), however many responses the campaign has.
// ReportService keeps one per consultation; the plain path (every answer, through Segment and
// BuildContingencyTable) stays as the reference tests compare these counts against
// (tests/unit/server/consultation_tally_test.cpp).
//
// Counts per venue are kept by the venue id a response was stored with, so the venue, area,
// settlement and ward segments are worked out from the venues table at read time: renaming a venue
// or moving it to another area needs no rebuild.
//
// One margin: every category list here ends with kNotAnswered and keeps "prefer not to say" / "na"
// as categories, so a cross-tab's row and column totals are exactly the question's and the
// segment's distributions over the same respondents (docs/reports.md, "One margin").

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
inline constexpr const char* kWardSegment = "@venue_ward";

/// The category of a respondent who left an item (or a venue field) unanswered.
inline constexpr const char* kNotAnswered = "not_answered";

/// Whether `value` is a category that withholds an answer (prefer not to say, n/a, not answered):
/// such rows and columns are shown but left out of tests of association.
bool IsWithheldCategory(const std::string& value);

/// The categories of a single_choice, yes_no or likert item (or a report segment) of `tmpl` as
/// margins count them: the item's categories with "prefer_not_to_say" / "na" where it offers
/// them, then kNotAnswered. Fails as CrossTabCategoriesOf.
Result<CrossTabCategories> MarginCategories(const Template& tmpl, const std::string& id);

/// The index in `categories` (from MarginCategories) of the answer in `answers`; the index of
/// kNotAnswered (the last) when unanswered or not one of the categories.
std::size_t MarginIndex(const CrossTabCategories& categories, const Answers& answers);

/// `table` (question x segment over MarginCategories) counted over `answers`.
Result<ContingencyTable> MarginTable(const Template& tmpl, const std::string& question,
                                     const std::string& segment, const ResponseRefs& answers);

/// `base` with the report's own segments added as single_choice items (section "@segments"):
/// "@all" (one option, "all"), and the venue ids, areas, settlements and wards of `venues`,
/// sorted.
Template SegmentedTemplate(const Template& base, const std::vector<VenueRow>& venues);

/// Values and counts of one distribution, before suppression.
struct RawDistribution {
  std::vector<std::string> values;
  std::vector<int> counts;
};

/// Leaves out a kNotAnswered category (a last value, row or column) that counts nobody: a zero
/// there is structural (everyone answered), and hiding it would cost a secondary suppression in
/// every row. Apply it to a view and to the distributions published as its margins alike.
void DropEmptyNotAnswered(RawDistribution& distribution);
void DropEmptyNotAnswered(ContingencyTable& table);

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
  /// `venues`): a cross-tabulable, rating or multiple-choice item, or a venue segment (a
  /// cross-tabulable item or segment over MarginCategories, kNotAnswered always last). nullopt
  /// for items that have none (text, numbers, ranking), as the plain path.
  std::optional<RawDistribution> Distribution(const Template& segmented,
                                              const std::vector<VenueRow>& venues,
                                              const std::string& item_id) const;
  /// The contingency table of `question` against `segment` (an item of `segmented`: a venue
  /// segment or a single_choice, yes_no or likert item), as MarginTable would make it from the
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
  std::vector<std::vector<int>> m_all;  // [question][category]
  // [question]: venue id as stored -> [category]
  std::vector<std::map<std::string, std::vector<int>>> m_by_venue;
  // [q][k - q - 1][category of q][category of k] for q < k: the other half is its transpose.
  std::vector<std::vector<std::vector<std::vector<int>>>> m_pairs;
  // rating (0..10) and multiple_choice items -> counts per value
  std::map<std::string, std::vector<int>> m_picks;
  std::map<std::string, int> m_venue_responses;  // venue id as stored -> responses
  std::map<std::string, int> m_by_day;
};

}  // namespace soundings::server
