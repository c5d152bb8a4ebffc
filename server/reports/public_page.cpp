#include "server/reports/public_page.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>
#include <utility>

#include "server/reports/report_parts.h"
#include "shared/results/statistics.h"
#include "shared/templates/template_reader.h"

namespace soundings::server {

using nlohmann::json;
using report_parts::NotFound;
using report_parts::WrongKind;
using Published = ProtectedCount::Published;

namespace {

const json& At(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string Text(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

std::string Whole(double value) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.0f", value);
  return buffer.data();
}

std::string LanguageOf(const Template& tmpl) {
  return tmpl.languages.empty() ? "en" : tmpl.DefaultLanguage();
}

// The answer values one response gave `item`, among `values` (the countable ones).
std::set<std::string> Picks(const Item& item, const std::vector<std::string>& values,
                            const Answers& answers) {
  std::set<std::string> out;
  auto it = answers.find(item.id);
  if (it == answers.end()) return out;
  auto take = [&](const json& answer) {
    std::string value;
    if (answer.is_boolean()) {
      value = answer.get<bool>() ? "yes" : "no";
    } else if (answer.is_number()) {
      value = template_detail::FormatNumber(answer.get<double>());
    } else if (answer.is_string()) {
      value = answer.get<std::string>();
    } else {
      return;
    }
    if (std::find(values.begin(), values.end(), value) != values.end()) out.insert(value);
  };
  if (it->second.is_array()) {
    if (item.type != ItemType::kMultipleChoice) return out;
    for (const auto& pick : it->second) take(pick);
  } else if (item.type != ItemType::kMultipleChoice) {
    take(it->second);
  }
  return out;
}

// What the signed-in consultation report did with the same count: a count it shows is public
// anyway, one it hides must stay hidden here too. A count that differs (responses arrived
// between the two readings) is this page's own.
Published PublishedAs(const json& cell, int count) {
  if (Text(At(cell, "status")) == "suppressed") return Published::kHidden;
  const json& value = At(cell, "value");
  if (value.is_number() && value.get<double>() == count) return Published::kShown;
  return Published::kNo;
}

const json* ReportQuestion(const json& consultation, const std::string& id) {
  const json& questions = At(consultation, "questions");
  if (!questions.is_array()) return nullptr;
  for (const auto& q : questions) {
    if (Text(At(q, "id")) == id) return &q;
  }
  return nullptr;
}

const json& ReportValueCell(const json* question, const std::string& value) {
  static const json kNull;
  if (question == nullptr) return kNull;
  const json& counts = At(At(*question, "distribution"), "counts");
  if (!counts.is_array()) return kNull;
  for (const auto& c : counts) {
    if (Text(At(c, "value")) == value) return At(c, "count");
  }
  return kNull;
}

// Subsets of a multiple-choice finding's values are counted one by one (so the page's "any of
// these" agrees with the report's per-answer counts) up to this many values; a larger group
// relates only to the people who answered.
constexpr std::size_t kMaxValuesCountedBySubset = 5;

// The counts and relations handed to one Protect call.
class Ledger {
 public:
  explicit Ledger(int minimum) : m_minimum(minimum) {}
  std::size_t Add(int count, Published published = Published::kNo, bool known = false) {
    m_counts.push_back({count, m_minimum, known, published});
    return m_counts.size() - 1;
  }
  void Relate(std::size_t total, const std::vector<std::size_t>& members) {
    AdditiveRelation relation{static_cast<int>(total), {}};
    for (const std::size_t m : members) relation.members.push_back(static_cast<int>(m));
    m_relations.push_back(std::move(relation));
  }
  std::vector<CellValue> Protect(const SuppressionEngine& engine) const {
    return engine.Protect(m_counts, m_relations);
  }

 private:
  int m_minimum;
  std::vector<ProtectedCount> m_counts;
  std::vector<AdditiveRelation> m_relations;
};

// One question's counts in the ledger, and every response's answers to it.
struct QuestionCounts {
  std::vector<std::string> values;
  std::vector<std::set<std::string>> picks;  // per response
  std::size_t answered = 0;
  std::map<std::string, std::size_t> by_value;  // ledger index per value
};

std::string JoinQuoted(const std::vector<std::string>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += i + 1 == labels.size() ? " or " : ", ";
    out += "\u201c" + labels[i] + "\u201d";
  }
  return out;
}

// HR's text: blank lines separate paragraphs, single line breaks stay. With `link_emails`, a
// word holding an email address becomes a mailto link.
std::string Paragraphs(const std::string& text, bool link_emails = false) {
  auto line_html = [&](const std::string& line) {
    if (!link_emails) return HtmlEscape(line);
    std::string out;
    std::size_t start = 0;
    while (start <= line.size()) {
      std::size_t end = line.find(' ', start);
      if (end == std::string::npos) end = line.size();
      std::string word = line.substr(start, end - start);
      std::string trail;
      while (!word.empty() && (word.back() == '.' || word.back() == ',' || word.back() == ';')) {
        trail.insert(trail.begin(), word.back());
        word.pop_back();
      }
      const std::size_t at = word.find('@');
      if (at != std::string::npos && at > 0 && word.find('.', at) != std::string::npos &&
          word.find_first_of("<>\"'") == std::string::npos) {
        out += "<a class='govuk-link' href='mailto:" + HtmlEscape(word) + "'>" + HtmlEscape(word) +
               "</a>" + HtmlEscape(trail);
      } else {
        out += HtmlEscape(word + trail);
      }
      if (end == line.size()) break;
      out += ' ';
      start = end + 1;
    }
    return out;
  };
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
      html += line_html(paragraph.substr(start, end - start));
      if (end == std::string::npos) break;
      html += "<br>";
      start = end + 1;
    }
    out += "<p class='govuk-body'>" + html + "</p>";
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

// The GOV.UK Design System's look, cut down to what this page uses (class names as there).
constexpr const char* kStyle = R"CSS(
*{box-sizing:border-box}
body{margin:0;font-family:Arial,"Helvetica Neue",Helvetica,"Noto Sans",sans-serif;color:#0b0c0c;background:#fff;font-size:1rem;line-height:1.25}
@media (min-width:40.0625em){body{font-size:1.1875rem;line-height:1.32}}
.govuk-link{color:#1d70b8;text-decoration:underline;text-underline-offset:.1em}
.govuk-link:visited{color:#4c2c92}
.govuk-link:hover{color:#003078;text-decoration-thickness:3px}
a:focus{outline:3px solid transparent;color:#0b0c0c;background-color:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}
.govuk-skip-link{position:absolute;left:-9999px;padding:10px 15px;color:#0b0c0c}
.govuk-skip-link:focus{position:static;display:block;left:auto}
.govuk-header{background:#0b0c0c;color:#fff;border-bottom:10px solid #1d70b8}
.govuk-header__content{padding:15px 0;font-weight:700;font-size:1.5rem;line-height:1.2}
.govuk-header__service{display:block;font-weight:400;font-size:1.1875rem;margin-top:5px}
.govuk-width-container{max-width:960px;margin:0 15px}
@media (min-width:40.0625em){.govuk-width-container{margin:0 30px}}
@media (min-width:1020px){.govuk-width-container{margin:0 auto}}
.govuk-main-wrapper{display:block;padding:30px 0 40px}
.govuk-caption-xl{display:block;color:#505a5f;font-size:1.375rem;margin-bottom:5px}
.govuk-heading-xl{font-size:2rem;font-weight:700;line-height:1.1;margin:0 0 30px}
@media (min-width:40.0625em){.govuk-heading-xl{font-size:3rem;margin-bottom:50px}.govuk-caption-xl{font-size:1.6875rem}}
.govuk-heading-l{font-size:1.5rem;font-weight:700;line-height:1.15;margin:50px 0 20px}
@media (min-width:40.0625em){.govuk-heading-l{font-size:2.25rem}}
.govuk-heading-m{font-size:1.125rem;font-weight:700;margin:0 0 15px}
@media (min-width:40.0625em){.govuk-heading-m{font-size:1.5rem}}
.govuk-heading-s{font-size:1rem;font-weight:700;margin:0 0 10px}
@media (min-width:40.0625em){.govuk-heading-s{font-size:1.1875rem}}
.govuk-body{margin:0 0 20px}
.govuk-body-l{font-size:1.125rem;margin:0 0 20px}
@media (min-width:40.0625em){.govuk-body-l{font-size:1.5rem}}
.govuk-hint{color:#505a5f}
.govuk-summary-list{margin:0 0 30px;width:100%}
.govuk-summary-list__row{border-bottom:1px solid #b1b4b6;padding:10px 0}
.govuk-summary-list__key{font-weight:700;margin:0 0 5px}
.govuk-summary-list__value{margin:0}
@media (min-width:40.0625em){.govuk-summary-list{display:table;table-layout:fixed;border-collapse:collapse}
.govuk-summary-list__row{display:table-row}
.govuk-summary-list__key,.govuk-summary-list__value{display:table-cell;padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6;vertical-align:top}
.govuk-summary-list__key{width:35%}}
.govuk-inset-text{padding:15px;margin:20px 0;border-left:10px solid #b1b4b6}
.govuk-inset-text>:last-child{margin-bottom:0}
.app-finding{margin:0 0 40px;padding:0 0 10px;border-bottom:1px solid #b1b4b6}
.app-figure__number{font-size:2.25rem;font-weight:700;display:block;line-height:1.1}
.app-bar{display:block;width:100%;max-width:40rem;height:1.5rem;margin:0 0 20px}
.app-bar .track{fill:#f3f2f1;stroke:#505a5f;stroke-width:.5}
.app-bar .fill{fill:#1d70b8}
.app-bar .hidden{fill:none;stroke:#505a5f;stroke-dasharray:2 2;stroke-width:.5}
.govuk-table{border-collapse:collapse;width:100%;margin:0 0 40px}
.govuk-table__caption{text-align:left;font-weight:700;font-size:1.125rem;margin-bottom:10px}
.govuk-table th,.govuk-table td{border-bottom:1px solid #b1b4b6;padding:10px 20px 10px 0;text-align:left;vertical-align:top}
.govuk-table .num{text-align:right;white-space:nowrap;padding-right:0}
.govuk-footer{background:#f3f2f1;border-top:1px solid #b1b4b6;padding:25px 0;font-size:1rem;color:#0b0c0c}
@media print{
  .govuk-header{background:none;color:#000;border-bottom:2px solid #000}
  .govuk-skip-link{display:none}
  body{font-size:11pt}
  .app-finding{break-inside:avoid}
  .app-bar .fill{fill:#000}
  .govuk-footer{background:none}
}
)CSS";

// What a cached page was made from: an edit, even within the same second, makes it stale.
std::string MadeFrom(const PublicPageSettings& settings) {
  return settings.updated_at + '\x1f' + settings.what_we_did + '\x1f' + settings.ContentJson() +
         '\x1f' + (settings.published ? "1" : "0");
}

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

}  // namespace

json PublicFinding::ToJson() const {
  return {{"question", question}, {"values", values}, {"you_said", you_said}, {"we_did", we_did}};
}

json PublicPageSettings::ToJson() const {
  json findings_json = json::array();
  for (const auto& f : findings) findings_json.push_back(f.ToJson());
  return {{"campaign", campaign_id},    {"title", title},
          {"what_we_did", what_we_did}, {"published", published},
          {"updated_at", updated_at},   {"updated_by", updated_by},
          {"summary", summary},         {"findings", findings_json},
          {"profile", profile},         {"contact", contact}};
}

std::string PublicPageSettings::ContentJson() const {
  json findings_json = json::array();
  for (const auto& f : findings) findings_json.push_back(f.ToJson());
  return json{
      {"summary", summary}, {"findings", findings_json}, {"profile", profile}, {"contact", contact}}
      .dump();
}

void ReadContentJson(const std::string& content, PublicPageSettings& settings) {
  const json parsed = json::parse(content, nullptr, false);
  if (!parsed.is_object()) return;
  settings.summary = Text(At(parsed, "summary"));
  settings.contact = Text(At(parsed, "contact"));
  const json& findings = At(parsed, "findings");
  if (findings.is_array()) {
    for (const auto& f : findings) {
      PublicFinding finding;
      finding.question = Text(At(f, "question"));
      if (At(f, "values").is_array()) {
        for (const auto& v : At(f, "values")) {
          if (v.is_string()) finding.values.push_back(v.get<std::string>());
        }
      }
      finding.you_said = Text(At(f, "you_said"));
      finding.we_did = Text(At(f, "we_did"));
      if (!finding.question.empty()) settings.findings.push_back(std::move(finding));
    }
  }
  const json& profile = At(parsed, "profile");
  if (profile.is_array()) {
    for (const auto& p : profile) {
      if (p.is_string()) settings.profile.push_back(p.get<std::string>());
    }
  }
}

std::optional<std::vector<std::string>> CountableValues(const Template& tmpl, const Item& item) {
  switch (item.type) {
    case ItemType::kSingleChoice:
    case ItemType::kYesNo:
    case ItemType::kLikert: {
      auto categories = CrossTabCategoriesOf(tmpl, item.id, false);
      if (!categories) return std::nullopt;
      return categories->values;
    }
    case ItemType::kMultipleChoice: {
      std::vector<std::string> values;
      for (const auto& option : item.options) values.push_back(option.value);
      return values;
    }
    case ItemType::kRating: {
      std::vector<std::string> values;
      for (int v = 0; v <= 10; ++v) values.push_back(std::to_string(v));
      return values;
    }
    default:
      return std::nullopt;
  }
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

PublicFigures ComputePublicFigures(const Template& tmpl, const std::vector<Answers>& responses,
                                   const PublicPageSettings& settings, const json& consultation,
                                   const SuppressionEngine& engine) {
  const std::string language = LanguageOf(tmpl);
  Ledger ledger(engine.policy().cell_minimum);
  PublicFigures out;
  out.minimum = engine.policy().cell_minimum;
  const int everyone = static_cast<int>(responses.size());
  out.people =
      ledger.Add(everyone, PublishedAs(At(At(consultation, "over_time"), "total"), everyone));

  // Each question once, however many findings use it: everyone = answered + not answered, and
  // for one-answer questions answered = the sum of its answers' counts.
  std::map<std::string, QuestionCounts> questions;
  auto counts_of = [&](const Item& item, std::vector<std::string> values) -> QuestionCounts& {
    auto found = questions.find(item.id);
    if (found != questions.end()) return found->second;
    QuestionCounts q;
    q.values = std::move(values);
    std::map<std::string, int> tally;
    int answered = 0;
    for (const auto& answers : responses) {
      q.picks.push_back(Picks(item, q.values, answers));
      if (!q.picks.back().empty()) ++answered;
      for (const auto& v : q.picks.back()) ++tally[v];
    }
    const json* reported = ReportQuestion(consultation, item.id);
    const json& reported_total =
        reported == nullptr ? json() : At(At(*reported, "distribution"), "total");
    q.answered = ledger.Add(answered, PublishedAs(reported_total, answered));
    // "Nobody left it unanswered" is no one's answer and hides no group, so a zero here is not
    // protected (else every required question would hide its count of people); a few who left
    // it unanswered are.
    const int unanswered = everyone - answered;
    ledger.Relate(out.people,
                  {q.answered, ledger.Add(unanswered, Published::kNo, unanswered == 0)});
    std::vector<std::size_t> members;
    for (const auto& v : q.values) {
      const std::size_t index =
          ledger.Add(tally[v], PublishedAs(ReportValueCell(reported, v), tally[v]));
      q.by_value[v] = index;
      members.push_back(index);
    }
    if (item.type != ItemType::kMultipleChoice) ledger.Relate(q.answered, members);
    return questions.emplace(item.id, std::move(q)).first->second;
  };

  for (const auto& finding : settings.findings) {
    const Item* item = tmpl.FindItem(finding.question);
    const Section* section = tmpl.SectionOfItem(finding.question);
    if (item == nullptr || section == nullptr || section->equality_monitoring) continue;
    auto values = CountableValues(tmpl, *item);
    if (!values) continue;
    std::vector<std::string> group;
    for (const auto& v : finding.values) {
      if (std::find(values->begin(), values->end(), v) != values->end() &&
          std::find(group.begin(), group.end(), v) == group.end()) {
        group.push_back(v);
      }
    }
    if (group.empty()) continue;
    QuestionCounts& q = counts_of(*item, *values);
    int chose = 0;
    int answered = 0;
    std::map<unsigned, int> subsets;  // bit i: group[i] picked
    for (const auto& picks : q.picks) {
      if (picks.empty()) continue;
      ++answered;
      unsigned mask = 0;
      for (std::size_t i = 0; i < group.size() && i < 32; ++i) {
        if (picks.contains(group[i])) mask |= 1U << i;
      }
      if (mask != 0) {
        ++chose;
        ++subsets[mask];
      }
    }
    PublicFigures::Finding shown;
    shown.settings = &finding;
    shown.item = item;
    shown.question_text = item->Wording("", language, "");
    for (const auto& v : group) shown.labels.push_back(AnswerLabel(tmpl, *item, v, language));
    shown.answered = q.answered;
    shown.chose = ledger.Add(chose);
    ledger.Relate(q.answered, {shown.chose, ledger.Add(answered - chose)});
    if (item->type != ItemType::kMultipleChoice) {
      std::vector<std::size_t> members;
      members.reserve(group.size());
      for (const auto& v : group) members.push_back(q.by_value[v]);
      ledger.Relate(shown.chose, members);
    } else if (group.size() <= kMaxValuesCountedBySubset) {
      // People who picked exactly this subset of the group: "any of these" is their sum, and each
      // answer's own count the sum of the subsets holding it. Empty subsets are left out, which
      // only makes the audit stricter.
      std::vector<std::pair<unsigned, std::size_t>> parts;
      std::vector<std::size_t> members;
      for (const auto& [mask, count] : subsets) {
        parts.emplace_back(mask, ledger.Add(count));
        members.push_back(parts.back().second);
      }
      ledger.Relate(shown.chose, members);
      for (std::size_t i = 0; i < group.size(); ++i) {
        std::vector<std::size_t> holding;
        for (const auto& [mask, index] : parts) {
          if ((mask & (1U << i)) != 0) holding.push_back(index);
        }
        ledger.Relate(q.by_value[group[i]], holding);
      }
    }
    out.findings.push_back(std::move(shown));
  }

  for (const auto& id : settings.profile) {
    const Item* item = tmpl.FindItem(id);
    if (item == nullptr ||
        (item->type != ItemType::kSingleChoice && item->type != ItemType::kYesNo)) {
      continue;
    }
    auto values = CountableValues(tmpl, *item);
    if (!values) continue;
    QuestionCounts& q = counts_of(*item, *values);
    PublicFigures::Profile profile;
    profile.item = item;
    profile.question_text = item->Wording("", language, "");
    for (const auto& v : q.values) {
      profile.labels.push_back(AnswerLabel(tmpl, *item, v, language));
      profile.counts.push_back(q.by_value[v]);
    }
    profile.answered = q.answered;
    out.profile.push_back(std::move(profile));
  }
  out.cells = ledger.Protect(engine);
  return out;
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

std::string LongDate(const std::string& rfc3339) {
  if (rfc3339.size() < 10 || rfc3339[4] != '-' || rfc3339[7] != '-') return "";
  const int year = std::atoi(rfc3339.substr(0, 4).c_str());
  const int month = std::atoi(rfc3339.substr(5, 2).c_str());
  const int day = std::atoi(rfc3339.substr(8, 2).c_str());
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) return "";
  return std::to_string(day) + " " + kMonths.at(static_cast<std::size_t>(month - 1)) + " " +
         std::to_string(year);
}

std::string RenderPublicPageHtml(const Template& tmpl, const PublicPageSettings& settings,
                                 const PublicFigures& figures, const PublicPageView& view) {
  const std::string language = LanguageOf(tmpl);
  const std::string title = settings.title.empty() ? Pick(tmpl.title, language) : settings.title;
  int hidden_minimum = 0;  // the N of "fewer than N*" when any figure shown is hidden
  auto count_text = [&](const CellValue& cell) {
    if (cell.suppressed()) hidden_minimum = std::max(hidden_minimum, cell.minimum());
    return HtmlEscape(cell.Render(0));
  };
  auto share = [](const CellValue& part, const CellValue& whole) -> std::optional<double> {
    if (!part.shown() || !whole.shown() || *whole.value() <= 0) return std::nullopt;
    return 100.0 * *part.value() / *whole.value();
  };

  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang='" << HtmlEscape(language) << "'>\n<head>\n"
       << "<meta charset='utf-8'>\n"
       << "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
       << "<title>You said, we did: " << HtmlEscape(title);
  if (!view.organisation.empty()) html << " - " << HtmlEscape(view.organisation);
  html << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n"
       << "<a href='#main-content' class='govuk-skip-link'>Skip to main content</a>\n"
       << "<header class='govuk-header'><div class='govuk-width-container "
          "govuk-header__content'>"
       << (view.organisation.empty() ? "Consultation results" : HtmlEscape(view.organisation))
       << "<span class='govuk-header__service'>Consultation results: you said, we did</span>"
       << "</div></header>\n"
       << "<div class='govuk-width-container'>\n<main class='govuk-main-wrapper' "
          "id='main-content'>\n"
       << "<span class='govuk-caption-xl'>Consultation</span>"
       << "<h1 class='govuk-heading-xl'>" << HtmlEscape(title) << "</h1>\n";

  // The consultation at a glance.
  html << "<dl class='govuk-summary-list' aria-label='About this consultation'>";
  const std::string opened = LongDate(view.opens_at);
  const std::string closed = LongDate(view.closes_at);
  if (!opened.empty() || !closed.empty()) {
    html << "<div class='govuk-summary-list__row'><dt class='govuk-summary-list__key'>Dates</dt>"
         << "<dd class='govuk-summary-list__value'>";
    if (!opened.empty() && !closed.empty()) {
      html << HtmlEscape(opened) << " to " << HtmlEscape(closed);
    } else if (!opened.empty()) {
      html << "From " << HtmlEscape(opened);
    } else {
      html << "Until " << HtmlEscape(closed);
    }
    html << "</dd></div>";
  }
  if (!view.organisation.empty()) {
    html << "<div class='govuk-summary-list__row'><dt class='govuk-summary-list__key'>Run "
            "by</dt><dd class='govuk-summary-list__value'>"
         << HtmlEscape(view.organisation) << "</dd></div>";
  }
  html << "<div class='govuk-summary-list__row'><dt class='govuk-summary-list__key'>People who "
          "took part</dt><dd class='govuk-summary-list__value' id='people-count'>"
       << count_text(figures.At(figures.people)) << "</dd></div>";
  if (!settings.updated_at.empty()) {
    html << "<div class='govuk-summary-list__row'><dt class='govuk-summary-list__key'>Last "
            "updated</dt><dd class='govuk-summary-list__value'>"
         << HtmlEscape(LongDate(settings.updated_at)) << "</dd></div>";
  }
  html << "</dl>\n";
  if (!settings.summary.empty())
    html << "<div class='app-summary'>" << Paragraphs(settings.summary) << "</div>\n";

  // You said, we did.
  html << "<h2 class='govuk-heading-l' id='you-said-we-did'>You said, we did</h2>\n";
  if (figures.findings.empty()) {
    html << "<p class='govuk-body'>We will publish what you told us, and what we did about it, "
            "here.</p>\n";
  }
  int index = 0;
  for (const auto& f : figures.findings) {
    ++index;
    const std::string id = "finding-" + std::to_string(index);
    const CellValue& answered = figures.At(f.answered);
    const CellValue& chose = figures.At(f.chose);
    const auto percent = share(chose, answered);
    const std::string answers = JoinQuoted(f.labels);  // plain text
    const std::string answers_html = HtmlEscape(answers);
    auto people = [](double n) { return Whole(n) + (n == 1 ? " person" : " people"); };
    std::string figure_sentence;  // HTML
    if (percent) {
      // Follows the percentage, printed large.
      figure_sentence = "of the " + Whole(*answered.value()) + " people who answered chose " +
                        answers_html + " (" + people(*chose.value()) + ").";
    } else if (answered.shown()) {
      figure_sentence = "Of the " + Whole(*answered.value()) + " people who answered, " +
                        count_text(chose) + " chose " + answers_html + ".";
    } else {
      figure_sentence =
          (chose.shown() ? people(*chose.value()) + " chose " + answers_html
                         : "People who chose " + answers_html + ": " + count_text(chose)) +
          " (people who answered: " + count_text(answered) + ").";
    }
    html << "<section class='app-finding' aria-labelledby='" << id << "'>"
         << "<h3 class='govuk-heading-m' id='" << id << "'>" << HtmlEscape(f.question_text)
         << "</h3><h4 class='govuk-heading-s'>You said</h4>";
    if (!f.settings->you_said.empty()) {
      html << "<p class='govuk-body-l'>" << HtmlEscape(f.settings->you_said) << "</p>";
    }
    html << "<p class='govuk-body'>";
    if (percent) html << "<span class='app-figure__number'>" << Whole(*percent) << "%</span> ";
    html << figure_sentence << "</p>";
    // The bar repeats the sentence above for sighted readers; its text alternative says the same.
    const std::string alternative =
        percent ? Whole(*percent) + "% of people who answered chose " + answers
                : "Share not shown: people who chose " + answers + ": " + chose.Render(0);
    html << "<svg class='app-bar' viewBox='0 0 100 6' preserveAspectRatio='none' role='img' "
            "aria-label='"
         << HtmlEscape(alternative) << "'><title>" << HtmlEscape(alternative) << "</title>"
         << "<rect class='track' x='0' y='0' width='100' height='6'/>";
    if (percent) {
      html << "<rect class='fill' x='0' y='0' width='" << std::clamp(*percent, 0.0, 100.0)
           << "' height='6'/>";
    } else {
      html << "<rect class='hidden' x='0.5' y='0.5' width='20' height='5'/>";
    }
    html << "</svg>"
         << "<div class='govuk-inset-text'><h4 class='govuk-heading-s'>We did</h4>"
         << Paragraphs(f.settings->we_did) << "</div></section>\n";
  }
  if (!settings.what_we_did.empty()) {
    html << "<h2 class='govuk-heading-l' id='what-we-did'>What we did</h2>\n"
         << Paragraphs(settings.what_we_did) << "\n";
  }

  // Residents' own words, as themes with how many people's comments each holds.
  std::vector<const PublicTheme*> themes;
  for (const auto& theme : view.themes) {
    const Section* section = tmpl.SectionOfItem(theme.question_id);
    if (section != nullptr && section->equality_monitoring) continue;
    // A theme of fewer people than the minimum is left out altogether: its keyphrases come from
    // the words of so few that they could point to someone.
    if (!theme.people.shown()) continue;
    themes.push_back(&theme);
  }
  if (!themes.empty()) {
    html << "<h2 class='govuk-heading-l' id='own-words'>What people told us in their own "
            "words</h2>\n<p class='govuk-body'>We read every comment and grouped them by what "
            "they were about. These are the main themes, with how many people raised each.</p>\n";
    std::string question;
    bool open = false;
    for (const PublicTheme* theme : themes) {
      if (!open || theme->question_id != question) {
        if (open) html << "</tbody></table>\n";
        question = theme->question_id;
        const Item* item = tmpl.FindItem(question);
        html << "<table class='govuk-table'><caption class='govuk-table__caption'>"
             << HtmlEscape(item != nullptr ? item->Wording("", language, "") : question)
             << "</caption><thead><tr><th scope='col'>Theme</th><th scope='col' "
                "class='num'>People</th></tr></thead><tbody>";
        open = true;
      }
      html << "<tr><th scope='row'>" << HtmlEscape(theme->label) << "</th><td class='num'>"
           << count_text(theme->people) << "</td></tr>";
    }
    if (open) html << "</tbody></table>\n";
  }

  // Who took part: after the findings, never as one.
  if (!figures.profile.empty()) {
    html << "<h2 class='govuk-heading-l' id='who-took-part'>Who took part</h2>\n"
         << "<p class='govuk-body'>So that we can check we heard from everyone, some people told "
            "us about themselves. Shares are of the people who answered each question.</p>\n";
    for (const auto& p : figures.profile) {
      const CellValue& answered = figures.At(p.answered);
      html << "<table class='govuk-table'><caption class='govuk-table__caption'>"
           << HtmlEscape(p.question_text)
           << "</caption><thead><tr><th scope='col'>Answer</th><th scope='col' "
              "class='num'>People</th><th scope='col' class='num'>Share</th></tr></thead><tbody>";
      for (std::size_t i = 0; i < p.labels.size(); ++i) {
        const CellValue& count = figures.At(p.counts[i]);
        const auto percent = share(count, answered);
        html << "<tr><th scope='row'>" << HtmlEscape(p.labels[i]) << "</th><td class='num'>"
             << count_text(count) << "</td><td class='num'>"
             << (percent ? Whole(*percent) + "%" : "&ndash;") << "</td></tr>";
      }
      html << "</tbody><tfoot><tr><th scope='row'>People who answered</th><td class='num'>"
           << count_text(answered) << "</td><td></td></tr></tfoot></table>\n";
    }
  }

  if (!settings.contact.empty()) {
    html << "<h2 class='govuk-heading-l' id='contact'>Contact</h2>\n"
         << "<p class='govuk-body'>If you have a question about this consultation or what we did, "
            "get in touch:</p>\n"
         << Paragraphs(settings.contact, true) << "\n";
  }
  html << "</main>\n</div>\n<footer class='govuk-footer'><div class='govuk-width-container'>";
  if (hidden_minimum > 0) {
    html << "<p class='govuk-body'>" << HtmlEscape(CellValue::Footnote(hidden_minimum)) << "</p>";
  }
  html << "<p class='govuk-body'>Figures count people, not answers: someone who could choose more "
          "than one answer is counted once. Any figure from fewer than "
       << figures.minimum
       << " people reads \u201cfewer than\u201d so that no one can be identified.</p>"
       << "<p class='govuk-body'>Written comments and equality-monitoring answers are not "
          "published here. Nothing on this page identifies anyone.</p>"
       << "</div></footer>\n</body>\n</html>\n";
  return html.str();
}

PublicPageService::PublicPageService(Store& store, ReportService& reports,
                                     TemplateCatalog& templates, AuditLog& audit,
                                     const Clock& clock, std::string organisation_name)
    : m_store(store),
      m_reports(reports),
      m_templates(templates),
      m_audit(audit),
      m_clock(clock),
      m_organisation(std::move(organisation_name)) {}

ServiceResult<std::shared_ptr<const Template>> PublicPageService::TemplateOf(
    const CampaignRow& campaign) {
  auto tmpl = m_templates.Get(campaign.template_id, campaign.template_version);
  if (!tmpl) return tmpl.error();
  if (!*tmpl) {
    return ServiceError{ErrorKind::kInternal,
                        "template_missing",
                        "The campaign's template is not in the store.",
                        {}};
  }
  return *tmpl;
}

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
    ReadContentJson((*page)->content, settings);
  }
  return settings;
}

ServiceResult<json> PublicPageService::SettingsJson(const std::string& campaign_id) {
  auto settings = Settings(campaign_id);
  if (!settings) return settings.error();
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  auto tmpl = TemplateOf(**campaign);
  if (!tmpl) return tmpl.error();
  const std::string language = LanguageOf(**tmpl);
  json questions = json::array();
  for (const auto& section : (*tmpl)->sections) {
    for (const auto& item : section.items) {
      auto values = CountableValues(**tmpl, item);
      if (!values) continue;
      json answers = json::array();
      for (const auto& v : *values) {
        answers.push_back({{"value", v}, {"label", AnswerLabel(**tmpl, item, v, language)}});
      }
      questions.push_back(
          {{"id", item.id},
           {"text", item.Wording("", language, "")},
           {"type", ToString(item.type)},
           {"equality_monitoring", section.equality_monitoring},
           {"finding", !section.equality_monitoring},
           {"profile", item.type == ItemType::kSingleChoice || item.type == ItemType::kYesNo},
           {"values", answers}});
    }
  }
  json out = settings->ToJson();
  out["questions"] = questions;
  return out;
}

namespace {

// A text field of the body: absent is fine (nullopt), anything but a string up to `limit` bytes
// is a problem at `path`.
std::optional<std::string> TextField(const json& body, const char* key, const std::string& path,
                                     std::size_t limit, Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (!it->is_string()) {
    problems.push_back({path, "must be text"});
    return std::nullopt;
  }
  if (it->get<std::string>().size() > limit) {
    problems.push_back({path, "must be at most " + std::to_string(limit) + " bytes"});
    return std::nullopt;
  }
  return it->get<std::string>();
}

}  // namespace

ServiceResult<PublicPageSettings> PublicPageService::Update(const Principal& who,
                                                            const std::string& campaign_id,
                                                            const json& body) {
  auto settings = Settings(campaign_id);
  if (!settings) return settings.error();
  auto campaign = m_store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return NotFound("No campaign " + campaign_id + ".");
  auto tmpl_result = TemplateOf(**campaign);
  if (!tmpl_result) return tmpl_result.error();
  const Template& tmpl = **tmpl_result;

  Problems problems;
  PublicPageSettings next = *settings;
  if (!body.is_object()) {
    problems.push_back({"", "must be an object with what_we_did and published"});
  } else {
    const json& text = At(body, "what_we_did");
    if (!text.is_string()) {
      problems.push_back({"what_we_did", "must be a string"});
    } else if (text.get<std::string>().size() > kMaxWhatWeDidBytes) {
      problems.push_back(
          {"what_we_did", "must be at most " + std::to_string(kMaxWhatWeDidBytes) + " bytes"});
    } else {
      next.what_we_did = text.get<std::string>();
    }
    if (!At(body, "published").is_boolean()) {
      problems.push_back({"published", "must be true or false"});
    } else {
      next.published = body["published"].get<bool>();
    }
    if (auto summary = TextField(body, "summary", "summary", kMaxSummaryBytes, problems)) {
      next.summary = *summary;
    }
    if (auto contact = TextField(body, "contact", "contact", kMaxContactBytes, problems)) {
      next.contact = *contact;
    }
    if (body.contains("findings")) {
      const json& findings = body["findings"];
      next.findings.clear();
      if (!findings.is_array()) {
        problems.push_back({"findings", "must be a list of findings"});
      } else if (findings.size() > kMaxFindings) {
        problems.push_back(
            {"findings", "must hold at most " + std::to_string(kMaxFindings) + " findings"});
      } else {
        // Answers already used by a finding on the same question: two findings sharing one could
        // be subtracted from each other.
        std::map<std::string, std::map<std::string, std::size_t>> used;
        for (std::size_t i = 0; i < findings.size(); ++i) {
          const std::string path = "findings[" + std::to_string(i) + "]";
          const json& f = findings[i];
          if (!f.is_object()) {
            problems.push_back({path, "must be an object with question, values and we_did"});
            continue;
          }
          PublicFinding finding;
          const Item* item = nullptr;
          std::optional<std::vector<std::string>> values;
          if (!At(f, "question").is_string()) {
            problems.push_back({path + ".question", "must be the id of a question"});
          } else {
            finding.question = f["question"].get<std::string>();
            item = tmpl.FindItem(finding.question);
            const Section* section = tmpl.SectionOfItem(finding.question);
            if (item == nullptr || section == nullptr) {
              problems.push_back({path + ".question", "no such question in " + tmpl.id});
              item = nullptr;
            } else if (section->equality_monitoring) {
              problems.push_back({path + ".question",
                                  "is an equality-monitoring question: it is never a finding on "
                                  "the public page (use profile for who took part)"});
              item = nullptr;
            } else if (values = CountableValues(tmpl, *item); !values) {
              problems.push_back({path + ".question",
                                  "is a " + ToString(item->type) +
                                      " question, which has no answers to count; choose a "
                                      "single_choice, multiple_choice, yes_no, likert or rating "
                                      "question"});
              item = nullptr;
            }
          }
          const json& given = At(f, "values");
          if (!given.is_array() || given.empty()) {
            problems.push_back({path + ".values", "must list at least one answer value"});
          } else {
            for (std::size_t j = 0; j < given.size(); ++j) {
              const std::string value_path = path + ".values[" + std::to_string(j) + "]";
              if (!given[j].is_string()) {
                problems.push_back({value_path, "must be an answer value (text)"});
                continue;
              }
              const std::string value = given[j].get<std::string>();
              if (item != nullptr &&
                  std::find(values->begin(), values->end(), value) == values->end()) {
                problems.push_back(
                    {value_path, "\"" + value + "\" is not an answer of " + finding.question});
                continue;
              }
              if (std::find(finding.values.begin(), finding.values.end(), value) !=
                  finding.values.end()) {
                problems.push_back({value_path, "\"" + value + "\" is listed twice"});
                continue;
              }
              if (item != nullptr) {
                auto& question_used = used[finding.question];
                if (auto other = question_used.find(value); other != question_used.end()) {
                  problems.push_back(
                      {value_path, "\"" + value + "\" is already counted by findings[" +
                                       std::to_string(other->second) + "] on the same question"});
                  continue;
                }
              }
              finding.values.push_back(value);
            }
            if (item != nullptr) {
              for (const auto& v : finding.values) used[finding.question].emplace(v, i);
            }
          }
          if (auto said =
                  TextField(f, "you_said", path + ".you_said", kMaxYouSaidBytes, problems)) {
            finding.you_said = *said;
          }
          const json& did = At(f, "we_did");
          if (!did.is_string() ||
              did.get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
            problems.push_back({path + ".we_did", "must say what was done (text)"});
          } else if (did.get<std::string>().size() > kMaxWeDidBytes) {
            problems.push_back(
                {path + ".we_did", "must be at most " + std::to_string(kMaxWeDidBytes) + " bytes"});
          } else {
            finding.we_did = did.get<std::string>();
          }
          next.findings.push_back(std::move(finding));
        }
      }
    }
    if (body.contains("profile")) {
      const json& profile = body["profile"];
      next.profile.clear();
      if (!profile.is_array()) {
        problems.push_back({"profile", "must be a list of question ids"});
      } else if (profile.size() > kMaxProfileQuestions) {
        problems.push_back({"profile", "must hold at most " + std::to_string(kMaxProfileQuestions) +
                                           " questions"});
      } else {
        for (std::size_t i = 0; i < profile.size(); ++i) {
          const std::string path = "profile[" + std::to_string(i) + "]";
          const Item* item =
              profile[i].is_string() ? tmpl.FindItem(profile[i].get<std::string>()) : nullptr;
          if (!profile[i].is_string()) {
            problems.push_back({path, "must be the id of a question"});
          } else if (item == nullptr) {
            problems.push_back({path, "no such question in " + tmpl.id});
          } else if (item->type != ItemType::kSingleChoice && item->type != ItemType::kYesNo) {
            problems.push_back({path, "must be a single_choice or yes_no question"});
          } else if (std::find(next.profile.begin(), next.profile.end(), item->id) !=
                     next.profile.end()) {
            problems.push_back({path, "is listed twice"});
          } else {
            next.profile.push_back(item->id);
          }
        }
      }
    }
  }
  if (!problems.empty()) {
    return ServiceError{
        ErrorKind::kBadRequest, "invalid_request",
        "The public page was not saved: " + problems.front().ToString() +
            (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""),
        problems};
  }
  Store::PublicPageRow row;
  row.campaign_id = campaign_id;
  row.what_we_did = next.what_we_did;
  row.published = next.published;
  row.updated_at = FormatRfc3339(m_clock.Now());
  row.updated_by = "user:" + who.username;
  row.content = next.ContentJson();
  if (auto stored = m_store.PutPublicPage(row); !stored) return StorageError(stored.error());
  auto audited = m_audit.Record(row.updated_by, "public_page_updated", campaign_id,
                                std::string("published=") + (row.published ? "true" : "false"));
  if (!audited) return audited.error();
  next.updated_at = row.updated_at;
  next.updated_by = row.updated_by;
  return next;
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
  // The signed-in report's counts decide, with this page's, what may be shown (PublishedAs).
  const Principal reader{0, "public-page", Role::kAnalyst, ""};
  auto report = m_reports.Consultation(reader, campaign_id);
  if (!report) return report.error();
  auto data = m_reports.Load(campaign_id);
  if (!data) return data.error();
  std::vector<Answers> answers;
  answers.reserve(data->responses.size());
  for (const auto& r : data->responses) answers.push_back(r.answers);
  const SuppressionEngine& engine = m_reports.EngineFor(data->campaign);
  const PublicFigures figures =
      ComputePublicFigures(data->tmpl(), answers, *settings, *report, engine);
  PublicPageView view;
  view.organisation = m_organisation;
  view.opens_at = data->campaign.opens_at;
  view.closes_at = data->campaign.closes_at;
  auto themes = m_reports.PublicThemes(campaign_id);
  if (!themes) return themes.error();
  view.themes = std::move(*themes);
  std::string html = RenderPublicPageHtml(data->tmpl(), *settings, figures, view);
  std::lock_guard lock(m_mutex);
  m_cache[campaign_id] = {now, MadeFrom(*settings), html};
  return html;
}

}  // namespace soundings::server
