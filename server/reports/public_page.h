#pragma once
// The public "you said, we did" page of a consultation, in the GOV.UK Design System's manner:
// the council's name, the consultation's dates and how many people took part, then the findings
// HR chose ("you said"), each with what the council did about it ("we did"), themes of residents'
// own words, an optional "who took part" profile, and how to get in touch. Every figure goes
// through the campaign's suppression engine in one Protect call, so no figure on the page can be
// worked out from the others, or from the signed-in consultation report, when it is hidden
// there. Served as plain HTML with inline SVG to anyone once HR publishes it. Nothing personal is
// on it: no free-text answer, no venue breakdown, and equality-monitoring questions are never
// findings (at most suppressed profile counts). docs/reports.md has the rules.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/reports/report_service.h"
#include "server/services/audit_log.h"
#include "server/services/template_catalog.h"
#include "server/store/store.h"
#include "shared/answers/answers.h"
#include "shared/results/suppression.h"
#include "shared/templates/model.h"

namespace soundings::server {

/// The longest "what we did" text accepted, in bytes.
inline constexpr std::size_t kMaxWhatWeDidBytes = 20000;
/// The longest summary, contact text, "we did" and "you said" accepted, in bytes.
inline constexpr std::size_t kMaxSummaryBytes = 5000;
inline constexpr std::size_t kMaxContactBytes = 2000;
inline constexpr std::size_t kMaxWeDidBytes = 2000;
inline constexpr std::size_t kMaxYouSaidBytes = 500;
/// The most findings and profile questions a page holds: a page people read, not a report.
inline constexpr std::size_t kMaxFindings = 12;
inline constexpr std::size_t kMaxProfileQuestions = 6;
/// How long a rendered public page is served before it is computed again: the page is open to
/// anyone, so a burst of visitors costs one reading of the responses per campaign per interval.
inline constexpr std::chrono::seconds kPublicPageCacheFor{60};

/// One "you said" finding HR chose: the people who gave any of `values` to `question`, and what
/// the council did about it.
struct PublicFinding {
  std::string question;             // item id; never an equality-monitoring item
  std::vector<std::string> values;  // answer values counted together ("4", "5"; "park")
  std::string you_said;             // HR's sentence; "" = the page words it from the figures
  std::string we_did;

  nlohmann::json ToJson() const;
};

/// What HR edits, and when and by whom it was last changed.
struct PublicPageSettings {
  std::string campaign_id;
  std::string title;  // the campaign's title, shown as the page's heading
  std::string what_we_did;
  bool published = false;
  std::string updated_at;  // "" when never saved
  std::string updated_by;
  std::string summary;                  // a paragraph or two under the heading
  std::vector<PublicFinding> findings;  // in the order HR gave
  std::vector<std::string> profile;     // single_choice / yes_no items for "who took part"
  std::string contact;                  // email, phone, address: plain text

  /// What the API returns; without `questions` (PublicPageService::Settings adds them).
  nlohmann::json ToJson() const;
  /// The stored form of summary, findings, profile and contact (public_pages.content).
  std::string ContentJson() const;
};

/// Fills summary, findings, profile and contact from public_pages.content; a value that is not
/// what ContentJson writes is left empty (the page then shows less, never fails).
void ReadContentJson(const std::string& content, PublicPageSettings& settings);

/// The answer values a finding or profile may count for `item`, in template order ("prefer not to
/// say" and "not applicable" are not among them); nullopt for items with no countable answers
/// (text, number, ranking, matrix).
std::optional<std::vector<std::string>> CountableValues(const Template& tmpl, const Item& item);

/// The label of one answer value of `item` in `language` ("4" -> "Agree").
std::string AnswerLabel(const Template& tmpl, const Item& item, const std::string& value,
                        const std::string& language);

/// The page's figures, each a CellValue from one Protect call (see the file comment).
struct PublicFigures {
  struct Finding {
    const PublicFinding* settings = nullptr;
    const Item* item = nullptr;
    std::string question_text;
    std::vector<std::string> labels;  // of settings->values
    std::size_t answered = 0;         // indices into cells: people who answered the question
    std::size_t chose = 0;            // ...who gave any of the values
  };
  struct Profile {
    const Item* item = nullptr;
    std::string question_text;
    std::vector<std::string> labels;  // per value
    std::vector<std::size_t> counts;  // indices into cells, per value
    std::size_t answered = 0;
  };
  std::vector<CellValue> cells;
  int minimum = 1;         // the engine's cell minimum: "fewer than N"
  std::size_t people = 0;  // index into cells: everyone who took part
  std::vector<Finding> findings;
  std::vector<Profile> profile;

  const CellValue& At(std::size_t index) const { return cells.at(index); }
};

/// The figures of `settings`' findings and profile over `responses` (answers on `tmpl`).
/// `consultation` is the signed-in consultation report (ReportService::Consultation) or null:
/// a count it shows or hides is shown or hidden alike here, so the two cannot be subtracted.
/// Findings or profile entries naming items `tmpl` lacks are skipped.
PublicFigures ComputePublicFigures(const Template& tmpl, const std::vector<Answers>& responses,
                                   const PublicPageSettings& settings,
                                   const nlohmann::json& consultation,
                                   const SuppressionEngine& engine);

/// Everything the page shows besides the figures.
struct PublicPageView {
  std::string organisation;  // ServerConfig::organisation_name; "" = not printed
  std::string opens_at;      // RFC 3339, "" when not set
  std::string closes_at;
  std::vector<PublicTheme> themes;  // ReportService::PublicThemes
};

class PublicPageService {
 public:
  PublicPageService(Store& store, ReportService& reports, TemplateCatalog& templates,
                    AuditLog& audit, const Clock& clock, std::string organisation_name = {});

  /// The page's settings (an unsaved page: empty text, not published). 404 for no such
  /// campaign, 422 when it is not a consultation.
  ServiceResult<PublicPageSettings> Settings(const std::string& campaign_id);
  /// Settings' JSON with "questions": what a finding or the profile may use, for the editor.
  ServiceResult<nlohmann::json> SettingsJson(const std::string& campaign_id);
  /// Saves {"what_we_did": "...", "published": true} and, when given, "summary", "findings",
  /// "profile" and "contact" (left out: kept as saved). 400 naming every field that is missing,
  /// of the wrong type, too long, or names no countable question or answer of the campaign's
  /// template ("findings[1].question"); equality-monitoring questions are refused as findings.
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
  ServiceResult<std::shared_ptr<const Template>> TemplateOf(const CampaignRow& campaign);
  Store& m_store;
  ReportService& m_reports;
  TemplateCatalog& m_templates;
  AuditLog& m_audit;
  const Clock& m_clock;
  std::string m_organisation;
  std::mutex m_mutex;
  std::map<std::string, CachedPage> m_cache;
};

/// `text` safe inside HTML text and attribute values: & < > " ' as character references.
std::string HtmlEscape(std::string_view text);

/// "2026-12-07T09:00:00Z" as "7 December 2026"; "" for text that is not such a time.
std::string LongDate(const std::string& rfc3339);

/// The page itself, a pure function of the template (labels, language), HR's settings, the
/// figures and the rest of what it shows.
std::string RenderPublicPageHtml(const Template& tmpl, const PublicPageSettings& settings,
                                 const PublicFigures& figures, const PublicPageView& view);

}  // namespace soundings::server
