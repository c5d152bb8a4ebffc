#pragma once
// Residents' words in the dashboard: one question's comments (short_text and long_text answers),
// redacted for everyone but an administrator who asks otherwise (shared/text/redaction.h),
// searchable, filtered by a segment without ever attributing a comment to a group under the
// comment minimum, and grouped into themes (shared/results/themes.h) that HR renames, merges and
// pins for the public page. docs/reports.md, "Residents' comments", has the rules.
//
// A theme's key is the stems of its top three keyphrases, sorted and joined by "+" ("bus+late+
// servic"): the same comments always give the same key, and a key an edit was stored under still
// finds its theme after new comments arrive while the theme's keyphrases still hold those stems.

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/reports/report_service.h"
#include "server/reports/report_store.h"
#include "server/services/audit_log.h"
#include "server/store/store.h"
#include "shared/results/themes.h"

namespace soundings::server {

/// The longest theme label HR may give, in bytes.
inline constexpr std::size_t kMaxThemeLabelBytes = 200;
/// Themes per question the public page shows when HR pinned none in the campaign.
inline constexpr int kPublicThemesPerQuestion = 3;

/// What a read of one question's comments asks for (GET .../comments).
struct CommentsQuery {
  std::string question{};  // "" for the template's first text question
  std::string search{};    // words a comment must all contain, any case; "" for every comment
  std::string segment{};   // "" or venue, venue_area, venue_settlement, venue_ward, or an item id
  std::string value{};     // the segment's value (a venue id, "north", an option's value, "4")
  std::string theme{};     // "" or a theme's key; "other" for comments in no theme
  bool redacted = true;    // false: an administrator reads the comments as written (audited)
};

/// The stable key of `theme`: its top three keyphrases' stems, sorted, joined by "+".
std::string ThemeKey(const Theme& theme);

class CommentsService {
 public:
  CommentsService(Store& store, ReportStore& report_store, ReportService& reports, AuditLog& audit,
                  const Clock& clock);

  /// One text question's comments with the question's themes and which theme each comment is in.
  /// reports.consultation reads them redacted; only admin may ask redacted=false (403 otherwise),
  /// and that read is audited as "comments_read_unredacted". 400 naming `question` when it is not
  /// a short_text or long_text item, `segment` or `value` when unknown; 404 / 422 for no such
  /// campaign or another kind. A segment value under the comment minimum lists no comment.
  ServiceResult<nlohmann::json> Comments(const Principal& who, const std::string& campaign_id,
                                         const CommentsQuery& query);
  /// Sets HR's edit of one theme from {"question", "theme", "label", "pinned", "merge_into"}
  /// (label "" and merge_into "" undo; a missing field is its default) and answers as Comments
  /// would for that question. 400 naming the field that is wrong (an unknown theme, a merge into
  /// itself or into a theme merged elsewhere, a label over kMaxThemeLabelBytes). Audited as
  /// "comment_theme_edited".
  ServiceResult<nlohmann::json> EditTheme(const Principal& who, const std::string& campaign_id,
                                          const nlohmann::json& body);

 private:
  // Questions whose themes are kept at most; past it the cache starts again empty.
  static constexpr std::size_t kMaxCachedQuestions = 256;
  // The themes of one question with the comments they were found in: ThemeComments gives the
  // same themes for the same comments, so a read whose comments are unchanged reuses them.
  struct CachedThemes {
    std::vector<Comment> comments;
    TextLanguage language = TextLanguage::kEnglish;
    ThemeResult result;
  };
  // ThemeComments through the cache, for `question_id` of `campaign_id`.
  std::function<Result<ThemeResult>(const std::vector<Comment>&, const ThemeOptions&)> Finder(
      const std::string& campaign_id, const std::string& question_id);

  Store& m_store;
  ReportStore& m_report_store;
  ReportService& m_reports;
  AuditLog& m_audit;
  const Clock& m_clock;
  std::mutex m_mutex;
  std::map<std::string, CachedThemes> m_themes;  // by campaign id + "\n" + question id
};

}  // namespace soundings::server
