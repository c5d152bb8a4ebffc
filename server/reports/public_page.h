#pragma once
// The public "you said, we did" page of a consultation: headline findings and per-question
// charts, every count through the suppression engine (counts under the threshold read "fewer
// than N"), and a "what we did" text HR writes. Served as plain HTML with inline SVG to anyone,
// signed in or not, once HR publishes it. Nothing personal is on it: no free-text answer, no
// equality-monitoring answer, no venue breakdown.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/reports/report_service.h"
#include "server/services/audit_log.h"
#include "server/services/template_catalog.h"
#include "server/store/store.h"
#include "shared/templates/model.h"

namespace soundings::server {

/// The longest "what we did" text accepted, in bytes.
inline constexpr std::size_t kMaxWhatWeDidBytes = 20000;
/// How long a rendered public page is served before it is computed again: the page is open to
/// anyone, so a burst of visitors costs one consultation report per campaign per interval.
inline constexpr std::chrono::seconds kPublicPageCacheFor{60};

/// What HR edits, and when and by whom it was last changed.
struct PublicPageSettings {
  std::string campaign_id;
  std::string title;  // the campaign's title, shown as the page's heading
  std::string what_we_did;
  bool published = false;
  std::string updated_at;  // "" when never saved
  std::string updated_by;

  nlohmann::json ToJson() const;
};

class PublicPageService {
 public:
  PublicPageService(Store& store, ReportService& reports, TemplateCatalog& templates,
                    AuditLog& audit, const Clock& clock);

  /// The page's settings (an unsaved page: empty text, not published). 404 for no such
  /// campaign, 422 when it is not a consultation.
  ServiceResult<PublicPageSettings> Settings(const std::string& campaign_id);
  /// Replaces the text and the published flag from {"what_we_did": "...", "published": true};
  /// 400 naming the field when one is missing, of the wrong type, or the text is too long.
  /// Audited as "public_page_updated"; a failed audit write fails the update's reply.
  ServiceResult<PublicPageSettings> Update(const Principal& who, const std::string& campaign_id,
                                           const nlohmann::json& body);
  /// The public page as HTML; 404 (the same for all three) when there is no such campaign, it is
  /// not a consultation, or its page is not published. New responses show within
  /// kPublicPageCacheFor; an edit of the page shows at once.
  ServiceResult<std::string> PublicHtml(const std::string& campaign_id);

 private:
  struct CachedPage {
    TimePoint made_at;
    std::string made_from;  // the settings it was made from
    std::string html;
  };
  Store& m_store;
  ReportService& m_reports;
  TemplateCatalog& m_templates;
  AuditLog& m_audit;
  const Clock& m_clock;
  std::mutex m_mutex;
  std::map<std::string, CachedPage> m_cache;
};

/// `text` safe inside HTML text and attribute values: & < > " ' as character references.
std::string HtmlEscape(std::string_view text);

/// The page itself, a pure function: `consultation` is ReportService::Consultation's JSON,
/// `tmpl` the campaign's template (labels, language, which sections are equality monitoring).
std::string RenderPublicPageHtml(const nlohmann::json& consultation, const Template& tmpl,
                                 const PublicPageSettings& settings);

}  // namespace soundings::server
