#pragma once
// The read-only queries behind results: what the report services need from the database, kept
// apart from the general Store so reports can move to a replica, a cache or another engine
// without touching ingest or administration.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/store/store.h"
#include "shared/answers/answers.h"

namespace soundings::server {

/// One stored response as reports read it. Never an invitation, rater or device: the schema has
/// none, so no report can link a response to a person who gave it.
struct ReportResponse {
  std::string uuid;
  std::string template_id;
  int template_version = 0;
  std::string rater_group;      // "" for consultations
  std::int64_t subject_id = 0;  // 0: none
  std::string venue_id;         // "" when none
  std::string completed_at;
  bool partial = false;
  Answers answers;  // as given, on template_version
};

/// Responses a campaign got after a given store row, with checks from the same snapshot
/// (ReportStore::ResponsesAfter).
struct NewResponses {
  std::int64_t highest_row = 0;  // of every stored response, of any campaign (0: none)
  // Every response of the campaign, old and new, when asked for (it costs a count of them).
  std::optional<std::int64_t> campaign_responses;
  // (row key, response) in row-key order; answers as given, on the response's template version
  std::vector<std::pair<std::int64_t, ReportResponse>> responses;
};

/// A subject of a 360 with the unit their person belongs to.
struct ReportSubject {
  std::int64_t id = 0;
  std::string person_id;
  std::string display_name;
  std::string unit_id;    // "" when the person has no unit
  std::string closed_at;  // when HR closed this subject's collection early; "" while open
};

/// How many responses of a campaign share a rater group, venue, day and partial flag: what the
/// dashboard's overview counts, without any answer.
struct ResponseTally {
  std::string rater_group;  // "" for anonymous responses
  std::string venue_id;     // "" when none
  std::string day;          // "YYYY-MM-DD" of completed_at
  bool partial = false;
  int count = 0;
  bool operator==(const ResponseTally&) const = default;
};

/// What ingest says about a campaign's report aggregates (server/store/aggregates.h).
struct AggregateHeader {
  std::string template_fingerprint;  // as TemplateFingerprint() was when they were built
  std::int64_t changes = 0;          // bumped by every batch that changed them
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;

  virtual StoreResult<std::optional<CampaignRow>> GetCampaign(const std::string& id) = 0;
  /// Every stored version of a template, ascending.
  virtual StoreResult<std::vector<TemplateVersionRow>> TemplateVersions(
      const std::string& template_id) = 0;
  /// Subjects of a campaign, by id.
  virtual StoreResult<std::vector<ReportSubject>> Subjects(const std::string& campaign_id) = 0;
  /// The subject of the campaign whose person is `person_id`; nullopt when none.
  virtual StoreResult<std::optional<ReportSubject>> Subject(const std::string& campaign_id,
                                                            const std::string& person_id) = 0;
  /// Invitations made for one subject per rater group, used or not.
  virtual StoreResult<std::map<std::string, int>> InvitationCounts(std::int64_t subject_id) = 0;
  /// Responses of a campaign (of one subject when `subject_id` is given), by uuid.
  virtual StoreResult<std::vector<ReportResponse>> Responses(
      const std::string& campaign_id, std::optional<std::int64_t> subject_id = std::nullopt) = 0;
  /// The campaign's responses counted by rater group, venue, day and partial flag. The default
  /// counts what Responses() returns; a store overrides it to count without reading answers.
  virtual StoreResult<std::vector<ResponseTally>> ResponseTallies(const std::string& campaign_id);
  /// At most `limit` responses of a campaign stored after row key `after_row` (0: from the
  /// first), in row-key order, and the campaign's count of responses when `count` is set.
  /// Responses are only ever added (a conflict is kept aside, a duplicate not stored again) and
  /// row keys only grow, so a reader that remembers the highest key it has seen gets exactly the
  /// responses it has not. nullopt when the store cannot tell (reports then read every response).
  virtual StoreResult<std::optional<NewResponses>> ResponsesAfter(
      const std::string& /*campaign_id*/, std::int64_t /*after_row*/, int /*limit*/,
      bool /*count*/) {
    return std::optional<NewResponses>();
  }
  /// Changes whenever a version of the template is added: "version:hash;..." in version order.
  virtual StoreResult<std::string> TemplateFingerprint(const std::string& template_id) = 0;
  /// Changes whenever a response of the campaign (of the subject, when given) is stored, or an
  /// invitation of that campaign (and subject) is made. Responses and invitations are only ever
  /// added, so their count and highest row id together say whether anything changed.
  virtual StoreResult<std::string> ResponsesFingerprint(const std::string& campaign_id,
                                                        std::optional<std::int64_t> subject_id) = 0;
  /// The campaign's report aggregates, read in one snapshot: calls `each` with every subject's
  /// encoded counts (only `subject_id`'s when given) and returns the header; nullopt when the
  /// campaign has none (reports then read the answers).
  virtual StoreResult<std::optional<AggregateHeader>> Aggregates(
      const std::string& /*campaign_id*/, std::optional<std::int64_t> /*subject_id*/,
      const std::function<void(std::int64_t subject_id, const std::string& counts)>& /*each*/) {
    return std::optional<AggregateHeader>();
  }
  /// The subject's released report (its text included); nullopt when HR has not released it.
  virtual StoreResult<std::optional<ReportReleaseRow>> Release(const std::string& campaign_id,
                                                               const std::string& person_id) = 0;
  virtual StoreResult<std::vector<OrgUnitRow>> OrgUnits() = 0;
  virtual StoreResult<std::vector<VenueRow>> Venues() = 0;
  /// HR's edits of the themes of the campaign's comments, by question and theme key. A store
  /// without them (a test double) has none.
  virtual StoreResult<std::vector<Store::ThemeEditRow>> ThemeEdits(
      const std::string& /*campaign_id*/) {
    return std::vector<Store::ThemeEditRow>{};
  }
};

}  // namespace soundings::server
