#include "server/reports/public_page.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

#include "server/reports/report_parts.h"

namespace soundings::server {

using nlohmann::json;
using report_parts::NotFound;
using report_parts::WrongKind;

namespace {

constexpr const char* kEqualityModule = "equality-monitoring";

const json& At(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string Text(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

// A CellValue count as the page prints it.
struct Count {
  bool shown = false;
  double value = 0;
  std::string text;  // the suppression text when hidden: "fewer than 5*"
};

Count CountOf(const json& cell) {
  Count count;
  if (At(cell, "value").is_number()) {
    count.shown = true;
    count.value = At(cell, "value").get<double>();
  } else if (Text(At(cell, "status")) == "suppressed") {
    count.text = Text(At(cell, "text"));
    if (count.text.empty()) count.text = "fewer than the minimum*";
  } else {
    count.text = "none";
  }
  return count;
}

std::string Whole(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", value);
  return buffer;
}

std::string AnswerLabel(const Template& tmpl, const Item& item, const std::string& value,
                        const std::string& language) {
  if (value == kPreferNotToSay) return "Prefer not to say";
  for (const auto& option : item.options) {
    if (option.value == value) return Pick(option.label, language);
  }
  if (item.type == ItemType::kYesNo) {
    if (value == "yes") return "Yes";
    if (value == "no") return "No";
  }
  if (const Scale* scale = tmpl.FindScale(item.scale)) {
    if (value == kNotApplicable && scale->not_applicable) {
      return Pick(*scale->not_applicable, language);
    }
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (end != value.c_str() && *end == '\0') {
      for (const auto& point : scale->points) {
        if (point.value == number) return Pick(point.label, language);
      }
    }
  }
  return value;
}

struct Question {
  const Item* item = nullptr;
  std::string id;
  std::string text;
  std::vector<std::pair<std::string, Count>> answers;  // label, count
  Count total;
  bool picks = false;  // multiple choice: one person may count under several answers
};

std::vector<Question> Questions(const json& consultation, const Template& tmpl,
                                const std::string& language) {
  std::vector<Question> out;
  for (const auto& q : At(consultation, "questions")) {
    const std::string id = Text(At(q, "id"));
    const Item* item = tmpl.FindItem(id);
    const Section* section = tmpl.SectionOfItem(id);
    if (item == nullptr || section == nullptr) continue;
    // Who answered is not a finding: equality-monitoring answers stay in the signed-in reports.
    if (section->module == kEqualityModule) continue;
    Question question;
    question.item = item;
    question.id = id;
    question.text = Text(At(q, "text"));
    question.picks = item->type == ItemType::kMultipleChoice;
    const json& distribution = At(q, "distribution");
    for (const auto& c : At(distribution, "counts")) {
      question.answers.emplace_back(AnswerLabel(tmpl, *item, Text(At(c, "value")), language),
                                    CountOf(At(c, "count")));
    }
    question.total = CountOf(At(distribution, "total"));
    out.push_back(std::move(question));
  }
  return out;
}

// The most chosen answer(s) among the shown counts, as a sentence; "" when none is shown.
std::string Headline(const Question& q) {
  double best = 0;
  for (const auto& [label, count] : q.answers) {
    if (count.shown) best = std::max(best, count.value);
  }
  if (best <= 0) return "";
  std::vector<std::string> top;
  for (const auto& [label, count] : q.answers) {
    if (count.shown && count.value == best) top.push_back("\u201c" + label + "\u201d");
  }
  std::string names;
  for (std::size_t i = 0; i < top.size(); ++i) {
    if (i > 0) names += i + 1 == top.size() ? " and " : ", ";
    names += top[i];
  }
  std::string sentence =
      (top.size() > 1 ? "Joint most common: " : "Most common: ") + names + " (" + Whole(best);
  if (q.total.shown && q.total.value > 0) {
    sentence += " of " + Whole(q.total.value) + (q.picks ? " picks, " : " answers, ") +
                Whole(100.0 * best / q.total.value) + "%";
  }
  return sentence + ")";
}

// A horizontal bar chart: each answer's label above its bar; hidden counts get no bar.
std::string BarChart(const Question& q, const std::string& dom_id) {
  constexpr double kWidth = 640, kBarMax = 500, kRow = 40;
  double max = 0;
  for (const auto& [label, count] : q.answers) {
    if (count.shown) max = std::max(max, count.value);
  }
  const double height = kRow * static_cast<double>(q.answers.size()) + 4;
  std::ostringstream svg;
  svg << "<svg class='chart' viewBox='0 0 " << kWidth << " " << height
      << "' role='img' aria-labelledby='" << dom_id << "-chart' focusable='false'>"
      << "<title id='" << dom_id << "-chart'>Bar chart of the answers to: " << HtmlEscape(q.text)
      << ". The table below gives the same figures.</title>";
  double y = 0;
  for (const auto& [label, count] : q.answers) {
    std::string shown_label = label;
    if (shown_label.size() > 80) shown_label = shown_label.substr(0, 77) + "...";
    svg << "<text x='0' y='" << y + 14 << "' class='label'>" << HtmlEscape(shown_label)
        << "</text>";
    if (count.shown) {
      const double w =
          max > 0 ? std::max(count.value > 0 ? 2.0 : 0.0, kBarMax * count.value / max) : 0.0;
      svg << "<rect x='0' y='" << y + 19 << "' width='" << w << "' height='14' class='bar'/>"
          << "<text x='" << w + 6 << "' y='" << y + 31 << "' class='value'>" << Whole(count.value)
          << "</text>";
    } else {
      svg << "<rect x='0.5' y='" << y + 19.5 << "' width='60' height='13' class='hidden-bar'/>"
          << "<text x='68' y='" << y + 31 << "' class='value muted'>" << HtmlEscape(count.text)
          << "</text>";
    }
    y += kRow;
  }
  svg << "</svg>";
  return svg.str();
}

std::string Table(const Question& q, const std::string& dom_id) {
  std::ostringstream out;
  out << "<table aria-describedby='" << dom_id
      << "-heading'><caption>Answers to: " << HtmlEscape(q.text)
      << "</caption><thead><tr><th scope='col'>Answer</th>"
      << "<th scope='col' class='num'>" << (q.picks ? "Picks" : "Responses") << "</th>"
      << "<th scope='col' class='num'>Share</th></tr></thead><tbody>";
  for (const auto& [label, count] : q.answers) {
    out << "<tr><th scope='row'>" << HtmlEscape(label) << "</th>";
    if (count.shown) {
      out << "<td class='num'>" << Whole(count.value) << "</td><td class='num'>";
      if (q.total.shown && q.total.value > 0) {
        out << Whole(100.0 * count.value / q.total.value) << "%";
      } else {
        out << "&ndash;";
      }
      out << "</td>";
    } else {
      out << "<td class='num muted'>" << HtmlEscape(count.text) << "</td>"
          << "<td class='num'>&ndash;</td>";
    }
    out << "</tr>";
  }
  out << "</tbody><tfoot><tr><th scope='row'>Total</th><td class='num"
      << (q.total.shown ? "'>" + Whole(q.total.value) : " muted'>" + HtmlEscape(q.total.text))
      << "</td><td></td></tr></tfoot></table>";
  return out.str();
}

// HR's text: blank lines separate paragraphs, single line breaks stay.
std::string Paragraphs(const std::string& text) {
  std::string out;
  std::string paragraph;
  auto flush = [&] {
    while (!paragraph.empty() && (paragraph.back() == '\n' || paragraph.back() == ' ')) {
      paragraph.pop_back();
    }
    if (paragraph.empty()) return;
    std::string html;
    std::size_t start = 0;
    for (;;) {
      const std::size_t end = paragraph.find('\n', start);
      html += HtmlEscape(paragraph.substr(start, end - start));
      if (end == std::string::npos) break;
      html += "<br>";
      start = end + 1;
    }
    out += "<p>" + html + "</p>";
    paragraph.clear();
  };
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
    } else {
      paragraph += line + "\n";
    }
  }
  flush();
  return out;
}

constexpr const char* kStyle = R"CSS(
:root{--ink:#1a1a1a;--muted:#4a4a4a;--accent:#1d3557;--bar:#1d4f91;--rule:#c8c8c8;--band:#f1f4f8}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);background:#fff;line-height:1.5;font-size:1.05rem}
header{background:var(--accent);color:#fff;padding:2rem 1.25rem}
header p{margin:.25rem 0}
.wrap{max-width:48rem;margin:0 auto}
h1{font-size:2rem;margin:.25rem 0;line-height:1.2}
h2{font-size:1.5rem;color:var(--accent);margin:2.5rem 0 .75rem;border-bottom:2px solid var(--rule);padding-bottom:.25rem}
h3{font-size:1.15rem;margin:2rem 0 .5rem}
main{padding:0 1.25rem 2rem}
.kicker{text-transform:uppercase;letter-spacing:.06em;font-size:.85rem}
.count{font-size:1.15rem}
.did{background:var(--band);border-left:6px solid var(--accent);padding:.75rem 1.25rem}
.headline li{margin:.35rem 0}
.chart{width:100%;height:auto;max-width:40rem;display:block;margin:.5rem 0}
.chart .label{font-size:14px;fill:var(--ink)}
.chart .value{font-size:13px;fill:var(--ink)}
.chart .muted{fill:var(--muted);font-style:italic}
.chart .bar{fill:var(--bar)}
.chart .hidden-bar{fill:none;stroke:var(--muted);stroke-dasharray:3 3}
table{border-collapse:collapse;width:100%;max-width:40rem;margin:.5rem 0 1rem;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0;color:var(--muted)}
th,td{border-bottom:1px solid var(--rule);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--ink)}
tbody th{font-weight:normal}
tfoot th,tfoot td{font-weight:bold;border-bottom:none}
.num{text-align:right;white-space:nowrap}
.muted{color:var(--muted);font-style:italic}
.note{color:var(--muted);font-size:.95rem}
footer{border-top:1px solid var(--rule);padding:1rem 1.25rem 2rem;color:var(--muted);font-size:.9rem}
@media print{
  header{background:none;color:#000;border-bottom:2px solid #000;padding:0 0 .5rem}
  body{font-size:11pt}
  main,footer{padding:0}
  .wrap{max-width:none}
  h2{break-after:avoid}
  section.question{break-inside:avoid}
  .did{background:none;border-left:3px solid #000}
  .chart .bar{fill:#000}
}
)CSS";

// What a cached page was made from: an edit, even within the same second, makes it stale.
std::string MadeFrom(const PublicPageSettings& settings) {
  return settings.updated_at + '\x1f' + settings.what_we_did;
}

}  // namespace

json PublicPageSettings::ToJson() const {
  return {{"campaign", campaign_id}, {"title", title},           {"what_we_did", what_we_did},
          {"published", published},  {"updated_at", updated_at}, {"updated_by", updated_by}};
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderPublicPageHtml(const json& consultation, const Template& tmpl,
                                 const PublicPageSettings& settings) {
  const std::string language = tmpl.languages.empty() ? "en" : tmpl.DefaultLanguage();
  const std::vector<Question> questions = Questions(consultation, tmpl, language);
  Count responses = CountOf(At(At(consultation, "over_time"), "total"));
  if (!responses.shown && At(At(consultation, "by_venue"), "total").is_object()) {
    responses = CountOf(At(At(consultation, "by_venue"), "total"));
  }
  const std::string title = settings.title.empty() ? Pick(tmpl.title, language) : settings.title;

  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang='" << HtmlEscape(language) << "'>\n<head>\n"
       << "<meta charset='utf-8'>\n"
       << "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
       << "<title>You said, we did: " << HtmlEscape(title) << "</title>\n"
       << "<style>" << kStyle << "</style>\n</head>\n<body>\n"
       << "<header><div class='wrap'><p class='kicker'>Consultation results: you said, we "
          "did</p><h1>"
       << HtmlEscape(title) << "</h1><p class='count'>";
  if (responses.shown) {
    const int n = static_cast<int>(responses.value);
    html << Whole(responses.value) << (n == 1 ? " response" : " responses");
  } else if (!responses.text.empty() && responses.text != "none") {
    html << HtmlEscape(responses.text) << " responses";
  } else {
    html << "No responses yet";
  }
  html << "</p></div></header>\n<main class='wrap'>\n";

  html << "<section aria-labelledby='we-did'><h2 id='we-did'>What we did</h2>";
  if (settings.what_we_did.empty()) {
    html << "<p class='note'>We will say here what we did with what you told us.</p>";
  } else {
    html << "<div class='did'>" << Paragraphs(settings.what_we_did) << "</div>";
  }
  html << "</section>\n";

  html << "<section aria-labelledby='headlines'><h2 id='headlines'>Headline findings</h2>";
  std::vector<std::pair<const Question*, std::string>> headlines;
  for (const auto& q : questions) {
    std::string line = Headline(q);
    if (!line.empty()) headlines.emplace_back(&q, std::move(line));
  }
  if (headlines.empty()) {
    html << "<p class='note'>Not enough answers yet to report findings without risking that "
            "someone could be identified.</p>";
  } else {
    html << "<ul class='headline'>";
    for (const auto& [q, line] : headlines) {
      html << "<li><a href='#q-" << HtmlEscape(q->id) << "'>" << HtmlEscape(q->text)
           << "</a>: " << HtmlEscape(line) << "</li>";
    }
    html << "</ul>";
  }
  html << "</section>\n";

  html << "<section aria-labelledby='told-us'><h2 id='told-us'>What you told us</h2>"
       << "<p class='note'>Every answer to every question, counted. Where fewer than the "
          "minimum number of people gave an answer, the count reads 'fewer than N' so that no "
          "one can be identified.</p>";
  bool any_hidden = false;
  int index = 0;
  for (const auto& q : questions) {
    const std::string dom_id = "q-" + q.id;
    html << "<section class='question' id='" << HtmlEscape(dom_id) << "' aria-labelledby='"
         << HtmlEscape(dom_id) << "-heading'><h3 id='" << HtmlEscape(dom_id) << "-heading'>"
         << ++index << ". " << HtmlEscape(q.text) << "</h3>";
    if (q.picks) html << "<p class='note'>People could pick more than one answer.</p>";
    html << BarChart(q, HtmlEscape(dom_id)) << Table(q, HtmlEscape(dom_id)) << "</section>\n";
    for (const auto& [label, count] : q.answers) any_hidden = any_hidden || !count.shown;
    any_hidden = any_hidden || !q.total.shown;
  }
  if (questions.empty()) html << "<p class='note'>No questions to show.</p>";
  html << "</section>\n</main>\n<footer><div class='wrap'>";
  if (any_hidden) {
    html << "<p>* A count under the minimum, or one that would let a smaller count be worked "
            "out, is not shown.</p>";
  }
  html << "<p>These are the answers of the people who took part, counted; written comments and "
          "equality-monitoring answers are not published here. Nothing on this page identifies "
          "anyone.</p>";
  if (!settings.updated_at.empty()) {
    html << "<p>Last updated " << HtmlEscape(settings.updated_at.substr(0, 10)) << ".</p>";
  }
  html << "</div></footer>\n</body>\n</html>\n";
  return html.str();
}

PublicPageService::PublicPageService(Store& store, ReportService& reports,
                                     TemplateCatalog& templates, AuditLog& audit,
                                     const Clock& clock)
    : m_store(store), m_reports(reports), m_templates(templates), m_audit(audit), m_clock(clock) {}

ServiceResult<PublicPageSettings> PublicPageService::Settings(const std::string& campaign_id) {
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  if ((*campaign)->kind != "consultation") {
    return WrongKind(**campaign,
                     "a consultation (public results pages are for consultations only)");
  }
  auto page = m_store.GetPublicPage(campaign_id);
  if (!page) return StorageError(page.error());
  PublicPageSettings settings;
  settings.campaign_id = campaign_id;
  settings.title = (*campaign)->title;
  if (page->has_value()) {
    settings.what_we_did = (*page)->what_we_did;
    settings.published = (*page)->published;
    settings.updated_at = (*page)->updated_at;
    settings.updated_by = (*page)->updated_by;
  }
  return settings;
}

ServiceResult<PublicPageSettings> PublicPageService::Update(const Principal& who,
                                                            const std::string& campaign_id,
                                                            const json& body) {
  auto settings = Settings(campaign_id);
  if (!settings) return settings.error();
  Problems problems;
  if (!body.is_object()) {
    problems.push_back({"", "must be an object with what_we_did and published"});
  } else {
    const json& text = At(body, "what_we_did");
    if (!text.is_string()) {
      problems.push_back({"what_we_did", "must be a string"});
    } else if (text.get<std::string>().size() > kMaxWhatWeDidBytes) {
      problems.push_back(
          {"what_we_did", "must be at most " + std::to_string(kMaxWhatWeDidBytes) + " bytes"});
    }
    if (!At(body, "published").is_boolean()) {
      problems.push_back({"published", "must be true or false"});
    }
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request",
                        "The public page needs what_we_did (text) and published (true or false).",
                        problems};
  }
  Store::PublicPageRow row;
  row.campaign_id = campaign_id;
  row.what_we_did = body["what_we_did"].get<std::string>();
  row.published = body["published"].get<bool>();
  row.updated_at = FormatRfc3339(m_clock.Now());
  row.updated_by = "user:" + who.username;
  if (auto stored = m_store.PutPublicPage(row); !stored) return StorageError(stored.error());
  auto audited = m_audit.Record(row.updated_by, "public_page_updated", campaign_id,
                                std::string("published=") + (row.published ? "true" : "false"));
  if (!audited) return audited.error();
  settings->what_we_did = row.what_we_did;
  settings->published = row.published;
  settings->updated_at = row.updated_at;
  settings->updated_by = row.updated_by;
  return settings;
}

ServiceResult<std::string> PublicPageService::PublicHtml(const std::string& campaign_id) {
  // One answer for an unknown campaign, a 360 and an unpublished page: the public learns nothing
  // about what exists.
  const ServiceError hidden = NotFound("There is no published results page here.");
  auto settings = Settings(campaign_id);
  if (!settings) {
    return settings.error().kind == ErrorKind::kNotFound ||
                   settings.error().kind == ErrorKind::kUnprocessable
               ? hidden
               : settings.error();
  }
  if (!settings->published) return hidden;
  const TimePoint now = m_clock.Now();
  {
    std::lock_guard lock(m_mutex);
    auto cached = m_cache.find(campaign_id);
    if (cached != m_cache.end() && cached->second.made_from == MadeFrom(*settings) &&
        now >= cached->second.made_at && now - cached->second.made_at < kPublicPageCacheFor) {
      return cached->second.html;
    }
  }
  // The page shows what an analyst's consultation report shows (every count suppressed by the
  // one engine), less free text, which that report never holds, and equality monitoring.
  const Principal reader{0, "public-page", Role::kAnalyst, ""};
  auto report = m_reports.Consultation(reader, campaign_id);
  if (!report) return report.error();
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return hidden;
  auto tmpl = m_templates.Get((*campaign)->template_id, (*campaign)->template_version);
  if (!tmpl) return tmpl.error();
  if (!*tmpl) {
    return ServiceError{ErrorKind::kInternal,
                        "template_missing",
                        "The campaign's template is not in the store.",
                        {}};
  }
  std::string html = RenderPublicPageHtml(*report, **tmpl, *settings);
  std::lock_guard lock(m_mutex);
  m_cache[campaign_id] = {now, MadeFrom(*settings), html};
  return html;
}

}  // namespace soundings::server
