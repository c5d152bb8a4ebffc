// Residents' words: comments per question, redacted, searchable, filtered by segment and grouped
// into themes (ReportService::PublicThemes and the comments routes).
#include "server/reports/consultation_comments.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "server/reports/report_parts.h"
#include "shared/results/statistics.h"
#include "shared/results/statistics_json.h"
#include "shared/text/redaction.h"
#include "shared/text/unicode.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;  // NOLINT(google-build-using-namespace): shared report helpers

namespace {

bool IsCommentItem(const Item& item) {
  return item.type == ItemType::kShortText || item.type == ItemType::kLongText;
}

// One resident's answer to a text question. `id` is its place in the question's canonical order
// (by redacted text, then text), never its response's uuid, time or venue.
struct QuestionComment {
  std::string id;
  std::string text;
  RedactedText redacted;
  const ReportResponse* response = nullptr;
};

bool Blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::vector<QuestionComment> CommentsOn(const CampaignResponses& data, const std::string& item_id) {
  std::vector<QuestionComment> out;
  for (const auto& r : data.responses) {
    auto it = r.answers.find(item_id);
    if (it == r.answers.end() || !it->second.is_string()) continue;
    std::string text = it->second.get<std::string>();
    if (Blank(text)) continue;
    QuestionComment c;
    c.redacted = RedactPersonalDetails(text);
    c.text = std::move(text);
    c.response = &r;
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const QuestionComment& a, const QuestionComment& b) {
    return std::tie(a.redacted.text, a.text) < std::tie(b.redacted.text, b.text);
  });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].id = "c" + std::to_string(i + 1);
  return out;
}

std::set<std::string> StemsOfKey(const std::string& key) {
  std::set<std::string> stems;
  const std::string plain = key.substr(0, key.find('~'));
  std::size_t start = 0;
  while (start <= plain.size()) {
    const std::size_t end = std::min(plain.find('+', start), plain.size());
    if (end > start) stems.insert(plain.substr(start, end - start));
    start = end + 1;
  }
  return stems;
}

// A computed theme with its key and the edit HR made of it, if any.
struct KeyedTheme {
  std::string key;
  std::string edit_key;  // the key its edit is stored under ("" when it has none)
  const Theme* theme = nullptr;
  std::set<std::string> stems;  // of every keyphrase
  std::string label;            // HR's; "" when not renamed
  bool pinned = false;
  std::string merged_into;          // the key of the theme it joins; "" when not merged
  std::string merge_missing;        // a stored merge target that no theme answers to any more
  std::vector<std::string> merged;  // keys of the themes merged into this one
  std::string updated_at;
  std::string updated_by;
};

// A question's themes with HR's edits applied.
struct QuestionThemes {
  ThemeResult result;
  std::string unthemed;            // why the question has no themes; "" when it was themed
  std::vector<KeyedTheme> themes;  // largest first, as computed
  std::vector<Store::ThemeEditRow> stale;
  std::map<std::string, std::string> theme_of;  // comment id -> key of the theme it shows in

  int Find(const std::string& key) const {
    for (std::size_t i = 0; i < themes.size(); ++i) {
      if (themes[i].key == key) return static_cast<int>(i);
    }
    return -1;
  }
  // A stored key to the theme it means now: the theme with that key, else the theme whose edit is
  // stored under it, else the largest theme whose keyphrases still hold all of its stems.
  int Resolve(const std::string& stored) const {
    if (int exact = Find(stored); exact >= 0) return exact;
    for (std::size_t i = 0; i < themes.size(); ++i) {
      if (themes[i].edit_key == stored) return static_cast<int>(i);
    }
    const std::set<std::string> wanted = StemsOfKey(stored);
    if (wanted.empty()) return -1;
    for (std::size_t i = 0; i < themes.size(); ++i) {  // largest first
      if (std::includes(themes[i].stems.begin(), themes[i].stems.end(), wanted.begin(),
                        wanted.end())) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
  std::string Label(const KeyedTheme& t) const {
    if (!t.label.empty()) return t.label;
    std::string out;
    for (std::size_t i = 0; i < t.theme->keyphrases.size() && i < 3; ++i) {
      out += (out.empty() ? "" : ", ") + t.theme->keyphrases[i].text;
    }
    return out;
  }
  // People whose comments show in the theme: its own and those of the themes merged into it.
  int People(const KeyedTheme& t) const {
    if (!t.merged_into.empty()) return 0;
    int people = static_cast<int>(t.theme->comment_ids.size());
    for (const auto& key : t.merged) {
      if (int i = Find(key); i >= 0)
        people += static_cast<int>(themes[i].theme->comment_ids.size());
    }
    return people;
  }
};

// How themes are found: ThemeComments itself, or a cache in front of it.
using ThemeFinder = std::function<Result<ThemeResult>(const std::vector<Comment>& comments,
                                                      const ThemeOptions& options)>;

QuestionThemes ThemesOf(const std::vector<QuestionComment>& comments, TextLanguage language,
                        const std::vector<Store::ThemeEditRow>& edits,
                        const ThemeFinder& find = ThemeComments) {
  QuestionThemes out;
  ThemeOptions options;
  options.language = language;
  if (comments.size() > options.max_comments) {
    out.unthemed = "This question has " + std::to_string(comments.size()) +
                   " comments; themes are found for at most " +
                   std::to_string(options.max_comments) + ".";
    out.stale = edits;
    return out;
  }
  std::vector<Comment> input;
  input.reserve(comments.size());
  for (const auto& c : comments) input.push_back({c.id, c.text});
  auto themed = find(input, options);
  if (!themed) {
    out.unthemed = "The comments could not be grouped into themes: " + themed.ErrorText();
    out.stale = edits;
    return out;
  }
  out.result = std::move(themed).value();
  std::map<std::string, int> seen;
  for (const auto& theme : out.result.themes) {
    KeyedTheme t;
    t.theme = &theme;
    t.key = ThemeKey(theme);
    // Two themes with the same top stems: the smaller one gets a suffix, in the result's order.
    if (int n = ++seen[t.key]; n > 1) t.key += "~" + std::to_string(n);
    for (const auto& k : theme.keyphrases) t.stems.insert(k.stem);
    out.themes.push_back(std::move(t));
  }

  // Edits under a theme's own key first; then the rest, newest first, by their stems.
  std::vector<const Store::ThemeEditRow*> pending;
  for (const auto& edit : edits) {
    if (int i = out.Find(edit.theme_key); i >= 0) {
      out.themes[i].edit_key = edit.theme_key;
    } else {
      pending.push_back(&edit);
    }
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const auto* a, const auto* b) { return a->updated_at > b->updated_at; });
  for (const auto* edit : pending) {
    int found = -1;
    const std::set<std::string> wanted = StemsOfKey(edit->theme_key);
    for (std::size_t i = 0; i < out.themes.size() && !wanted.empty(); ++i) {
      const auto& stems = out.themes[i].stems;
      if (out.themes[i].edit_key.empty() &&
          std::includes(stems.begin(), stems.end(), wanted.begin(), wanted.end())) {
        found = static_cast<int>(i);
        break;
      }
    }
    if (found < 0) {
      out.stale.push_back(*edit);
    } else {
      out.themes[found].edit_key = edit->theme_key;
    }
  }
  std::map<std::string, std::string> stored_merge;  // theme key -> merge target as stored
  for (const auto& edit : edits) {
    for (auto& t : out.themes) {
      if (t.edit_key != edit.theme_key) continue;
      t.label = edit.label;
      t.pinned = edit.pinned;
      t.updated_at = edit.updated_at;
      t.updated_by = edit.updated_by;
      if (!edit.merged_into.empty()) stored_merge[t.key] = edit.merged_into;
    }
  }
  // Merges: only into a theme that is not merged itself, never into itself.
  for (auto& t : out.themes) {
    auto stored = stored_merge.find(t.key);
    if (stored == stored_merge.end()) continue;
    const int target = out.Resolve(stored->second);
    if (target < 0 || out.themes[target].key == t.key ||
        stored_merge.contains(out.themes[target].key)) {
      t.merge_missing = stored->second;
      continue;
    }
    t.merged_into = out.themes[target].key;
  }
  for (auto& t : out.themes) {
    if (t.merged_into.empty()) continue;
    out.themes[out.Find(t.merged_into)].merged.push_back(t.key);
  }
  for (const auto& t : out.themes) {
    const std::string& shown_in = t.merged_into.empty() ? t.key : t.merged_into;
    for (const auto& id : t.theme->comment_ids) out.theme_of[id] = shown_in;
  }
  return out;
}

json ThemesJson(const QuestionThemes& themes) {
  json list = json::array();
  for (const auto& t : themes.themes) {
    json keyphrases = json::array();
    for (const auto& k : t.theme->keyphrases) {
      keyphrases.push_back({{"text", k.text}, {"stem", k.stem}, {"comments", k.comments}});
    }
    json item = {{"key", t.key},
                 {"label", themes.Label(t)},
                 {"renamed", !t.label.empty()},
                 {"keyphrases", keyphrases},
                 {"people", themes.People(t)},
                 {"own_people", static_cast<int>(t.theme->comment_ids.size())},
                 {"pinned", t.pinned},
                 {"merged_into", t.merged_into.empty() ? json() : json(t.merged_into)},
                 {"merged", t.merged}};
    if (!t.merge_missing.empty()) item["merge_target_missing"] = t.merge_missing;
    if (!t.edit_key.empty()) {
      item["edit"] = {
          {"stored_as", t.edit_key}, {"updated_at", t.updated_at}, {"updated_by", t.updated_by}};
    }
    list.push_back(std::move(item));
  }
  return list;
}

json StaleJson(const std::vector<Store::ThemeEditRow>& stale) {
  json list = json::array();
  for (const auto& e : stale) {
    list.push_back({{"theme", e.theme_key},
                    {"label", e.label},
                    {"pinned", e.pinned},
                    {"merged_into", e.merged_into.empty() ? json() : json(e.merged_into)},
                    {"updated_at", e.updated_at},
                    {"updated_by", e.updated_by}});
  }
  return list;
}

std::vector<Store::ThemeEditRow> EditsOf(const std::vector<Store::ThemeEditRow>& all,
                                         const std::string& question_id) {
  std::vector<Store::ThemeEditRow> out;
  for (const auto& e : all) {
    if (e.question_id == question_id) out.push_back(e);
  }
  return out;
}

TextLanguage ThemeLanguage(const Template& tmpl) {
  return TextLanguageFromCode(Language(tmpl)).value_or(TextLanguage::kEnglish);
}

// A way of splitting respondents: a venue field or a categorical item.
struct Segment {
  std::string id;
  std::string label;
  bool equality_monitoring = false;
  std::vector<std::pair<std::string, std::string>> values;  // value, label
  std::string venue_field;                                  // "" for an item
  std::optional<CrossTabCategories> categories;             // for an item

  std::optional<std::string> ValueOf(const ReportResponse& r,
                                     const std::map<std::string, const VenueRow*>& venues) const {
    if (categories) return categories->Of(r.answers);
    auto venue = venues.find(r.venue_id);
    if (venue == venues.end()) return std::nullopt;
    const VenueRow& v = *venue->second;
    const std::string& value = venue_field == "venue"        ? v.id
                               : venue_field == "venue_area" ? v.area
                               : venue_field == "venue_ward" ? v.ward
                                                             : v.settlement;
    if (value.empty()) return std::nullopt;
    return value;
  }
};

std::vector<Segment> SegmentsOf(const Template& tmpl, const std::vector<VenueRow>& venues) {
  std::vector<Segment> out;
  const std::string language = Language(tmpl);
  Segment venue{"venue", "Venue", false, {}, "venue", std::nullopt};
  for (const auto& v : venues) venue.values.emplace_back(v.id, v.name);
  out.push_back(std::move(venue));
  for (const auto& [id, label] :
       std::vector<std::pair<std::string, std::string>>{{"venue_area", "Area"},
                                                        {"venue_settlement", "Urban or rural"},
                                                        {"venue_ward", "Ward"}}) {
    Segment s{id, label, false, {}, id, std::nullopt};
    std::set<std::string> distinct;
    for (const auto& v : venues) {
      const std::string& value = id == "venue_area"         ? v.area
                                 : id == "venue_settlement" ? v.settlement
                                                            : v.ward;
      if (!value.empty()) distinct.insert(value);
    }
    for (const auto& value : distinct) s.values.emplace_back(value, value);
    out.push_back(std::move(s));
  }
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      if (item.type != ItemType::kSingleChoice && item.type != ItemType::kYesNo &&
          item.type != ItemType::kLikert) {
        continue;
      }
      auto categories = CrossTabCategoriesOf(tmpl, item.id, false);
      if (!categories) continue;
      Segment s{item.id,    item.Wording("", language, ""), section.equality_monitoring, {}, "",
                *categories};
      const Scale* scale = item.type == ItemType::kLikert ? tmpl.FindScale(item.scale) : nullptr;
      for (std::size_t i = 0; i < categories->values.size(); ++i) {
        const std::string& value = categories->values[i];
        std::string label = value;
        if (item.type == ItemType::kYesNo) label = value == "yes" ? "Yes" : "No";
        if (item.type == ItemType::kSingleChoice && i < item.options.size()) {
          label = Pick(item.options[i].label, language);
        }
        if (scale != nullptr && i < scale->points.size()) {
          label = value + " " + Pick(scale->points[i].label, language);
        }
        s.values.emplace_back(value, label);
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

// Lower case words of `search`; a comment matches when it contains each.
std::vector<std::string> SearchWords(const std::string& search) {
  std::vector<std::string> words;
  std::string lower = LowerUtf8(search);
  std::size_t start = 0;
  while (start < lower.size()) {
    const std::size_t end = std::min(lower.find_first_of(" \t\n\r", start), lower.size());
    if (end > start) words.push_back(lower.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

ServiceResult<CampaignResponses> LoadConsultation(ReportService& reports,
                                                  const std::string& campaign_id) {
  auto data = reports.Load(campaign_id);
  if (!data) return data.error();
  if (data->campaign.kind != "consultation") return WrongKind(data->campaign, "a consultation");
  return data;
}

}  // namespace

std::string ThemeKey(const Theme& theme) {
  std::vector<std::string> stems;
  for (std::size_t i = 0; i < theme.keyphrases.size() && i < 3; ++i) {
    stems.push_back(theme.keyphrases[i].stem);
  }
  std::sort(stems.begin(), stems.end());
  std::string key;
  for (const auto& s : stems) key += (key.empty() ? "" : "+") + s;
  return key.empty() ? theme.id : key;
}

ServiceResult<std::vector<PublicTheme>> ReportService::PublicThemes(
    const std::string& campaign_id) {
  auto data = LoadConsultation(*this, campaign_id);
  if (!data) return data.error();
  auto edits = m_store.ThemeEdits(campaign_id);
  if (!edits) return StorageError(edits.error());
  const Template& tmpl = data->tmpl();
  const SuppressionEngine& engine = EngineFor(data->campaign);
  const int minimum = engine.policy().comment_minimum;

  struct Candidate {
    std::string question_id;
    std::string label;
    int people = 0;
    bool pinned = false;
  };
  std::vector<std::vector<Candidate>> per_question;
  bool any_pinned = false;
  for (const auto& section : tmpl.sections) {
    // Equality-monitoring answers never reach the public page, not even as themes.
    if (section.equality_monitoring) continue;
    for (const auto& item : section.items) {
      if (!IsCommentItem(item)) continue;
      const auto comments = CommentsOn(*data, item.id);
      if (comments.empty()) continue;
      const QuestionThemes themes =
          ThemesOf(comments, ThemeLanguage(tmpl), EditsOf(*edits, item.id));
      std::vector<Candidate> candidates;
      for (const auto& t : themes.themes) {
        if (!t.merged_into.empty()) continue;
        candidates.push_back({item.id, themes.Label(t), themes.People(t), t.pinned});
        any_pinned = any_pinned || t.pinned;
      }
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const Candidate& a, const Candidate& b) { return a.people > b.people; });
      per_question.push_back(std::move(candidates));
    }
  }
  std::vector<PublicTheme> out;
  for (const auto& candidates : per_question) {
    int taken = 0;
    for (const auto& c : candidates) {
      // HR's pins, when they pinned any; else the largest few each question has that are not
      // too small to count.
      const bool shown =
          any_pinned ? c.pinned : taken < kPublicThemesPerQuestion && c.people >= minimum;
      if (!shown) continue;
      ++taken;
      const ProtectedCount people{c.people, minimum};
      out.push_back({c.question_id, c.label, engine.Protect({people}, {}).front()});
    }
  }
  return out;
}

CommentsService::CommentsService(Store& store, ReportStore& report_store, ReportService& reports,
                                 AuditLog& audit, const Clock& clock)
    : m_store(store),
      m_report_store(report_store),
      m_reports(reports),
      m_audit(audit),
      m_clock(clock) {}

std::function<Result<ThemeResult>(const std::vector<Comment>&, const ThemeOptions&)>
CommentsService::Finder(const std::string& campaign_id, const std::string& question_id) {
  return [this, key = campaign_id + "\n" + question_id](
             const std::vector<Comment>& comments,
             const ThemeOptions& options) -> Result<ThemeResult> {
    const auto same = [&](const CachedThemes& cached) {
      return cached.language == options.language && cached.comments.size() == comments.size() &&
             std::equal(comments.begin(), comments.end(), cached.comments.begin(),
                        [](const Comment& a, const Comment& b) {
                          return a.id == b.id && a.text == b.text;
                        });
    };
    {
      std::lock_guard lock(m_mutex);
      auto found = m_themes.find(key);
      if (found != m_themes.end() && same(found->second)) return found->second.result;
    }
    auto themed = ThemeComments(comments, options);
    if (!themed) return themed;
    std::lock_guard lock(m_mutex);
    if (m_themes.size() >= kMaxCachedQuestions && !m_themes.contains(key)) m_themes.clear();
    m_themes[key] = CachedThemes{comments, options.language, *themed};
    return themed;
  };
}

ServiceResult<json> CommentsService::Comments(const Principal& who, const std::string& campaign_id,
                                              const CommentsQuery& query) {
  if (!who.Allows(Permission::kReportsConsultation)) {
    return Forbidden("Managers see 360 reports, not consultations.");
  }
  const bool redact = query.redacted || who.role != Role::kAdmin;
  if (!query.redacted && who.role != Role::kAdmin) {
    return Forbidden("Only an administrator may read comments without redaction.");
  }
  auto data = LoadConsultation(m_reports, campaign_id);
  if (!data) return data.error();
  const Template& tmpl = data->tmpl();
  const std::string language = Language(tmpl);

  json questions = json::array();
  const Item* item = nullptr;
  const Section* item_section = nullptr;
  for (const auto& section : tmpl.sections) {
    for (const auto& candidate : section.items) {
      if (!IsCommentItem(candidate)) continue;
      questions.push_back({{"id", candidate.id},
                           {"section", section.id},
                           {"text", candidate.Wording("", language, "")},
                           {"equality_monitoring", section.equality_monitoring}});
      // No question asked: the first text question, so a page can start without knowing any.
      if (candidate.id == query.question || (query.question.empty() && item == nullptr)) {
        item = &candidate;
        item_section = &section;
      }
    }
  }
  auto venues = m_report_store.Venues();
  if (!venues) return StorageError(venues.error());
  std::map<std::string, const VenueRow*> venue_by_id;
  for (const auto& v : *venues) venue_by_id[v.id] = &v;
  const std::vector<Segment> segments = SegmentsOf(tmpl, *venues);

  Problems problems;
  if (item == nullptr) {
    problems.push_back({"question", "must be a short_text or long_text item of " + tmpl.id});
  }
  const Segment* segment = nullptr;
  if (!query.segment.empty()) {
    for (const auto& s : segments) {
      if (s.id == query.segment) segment = &s;
    }
    if (segment == nullptr) {
      problems.push_back({"segment",
                          "must be venue, venue_area, venue_settlement, venue_ward or a "
                          "single_choice, yes_no or likert item of " +
                              tmpl.id});
    } else if (std::none_of(segment->values.begin(), segment->values.end(),
                            [&](const auto& v) { return v.first == query.value; })) {
      problems.push_back({"value", "must be one of the values of segment " + query.segment});
    }
  } else if (!query.value.empty()) {
    problems.push_back({"segment", "must be given with value"});
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request",
                        "The comments need a text question, and a segment with one of its "
                        "values when filtered.",
                        problems};
  }
  auto all_edits = m_report_store.ThemeEdits(campaign_id);
  if (!all_edits) return StorageError(all_edits.error());
  const auto comments = CommentsOn(*data, item->id);
  const QuestionThemes themes = ThemesOf(
      comments, ThemeLanguage(tmpl), EditsOf(*all_edits, item->id), Finder(campaign_id, item->id));
  if (!query.theme.empty() && query.theme != "other" && themes.Find(query.theme) < 0) {
    return ServiceError{ErrorKind::kBadRequest,
                        "invalid_request",
                        "There is no such theme in this question's comments.",
                        {{"theme", "must be the key of one of the question's themes, or other"}}};
  }
  const SuppressionEngine& engine = m_reports.EngineFor(data->campaign);
  const int minimum = engine.policy().comment_minimum;

  json out = {{"campaign", CampaignJson(data->campaign)},
              {"question",
               {{"id", item->id},
                {"section", item_section->id},
                {"type", ToString(item->type)},
                {"text", item->Wording("", language, "")}}},
              {"questions", questions},
              {"redacted", redact},
              {"comment_minimum", minimum},
              {"people", static_cast<int>(comments.size())},
              {"filter",
               {{"search", query.search},
                {"segment", query.segment},
                {"value", query.value},
                {"theme", query.theme}}},
              {"language", themes.result.language.empty() ? language : themes.result.language},
              {"stemmer", themes.result.stemmer},
              {"themes", ThemesJson(themes)},
              {"other", static_cast<int>(themes.result.other.size())},
              {"stale_edits", StaleJson(themes.stale)}};
  if (!themes.unthemed.empty()) out["themes_note"] = themes.unthemed;
  json segment_list = json::array();
  for (const auto& s : segments) {
    json values = json::array();
    for (const auto& [value, label] : s.values)
      values.push_back({{"value", value}, {"label", label}});
    segment_list.push_back({{"id", s.id},
                            {"label", s.label},
                            {"equality_monitoring", s.equality_monitoring},
                            {"values", values}});
  }
  out["segments"] = segment_list;

  // Which comments the segment filter may list. Comments of people who gave no value, and of
  // values under the minimum, are never listed by value; since the whole question's list holds
  // them, they can be told apart from the listed values' only as one pool, so that pool must hold
  // at least `minimum` people too: the smallest values that pass are withheld as well until it
  // does (or every value is).
  std::set<const QuestionComment*> listable;
  std::optional<std::string> withheld;
  if (segment != nullptr) {
    std::map<std::string, int> people_of;
    int pool = 0;
    for (const auto& c : comments) {
      auto value = segment->ValueOf(*c.response, venue_by_id);
      if (value) {
        ++people_of[*value];
      } else {
        ++pool;
      }
    }
    std::set<std::string> hidden;
    std::vector<std::pair<int, std::string>> passing;
    for (const auto& [value, people] : people_of) {
      if (people < minimum) {
        hidden.insert(value);
        pool += people;
      } else {
        passing.emplace_back(people, value);
      }
    }
    std::sort(passing.begin(), passing.end());
    for (const auto& [people, value] : passing) {
      if (pool == 0 || pool >= minimum) break;
      hidden.insert(value);
      pool += people;
    }
    const int people = people_of[query.value];
    ProtectedCount count{people, minimum};
    const bool complementary = hidden.contains(query.value) && people >= minimum;
    if (complementary) count.published = ProtectedCount::Published::kHidden;
    out["segment_people"] = engine.Protect({count}, {}).front().ToJson();
    // A value nobody from commented reads the same as one under the minimum.
    if (people < minimum) hidden.insert(query.value);
    if (hidden.contains(query.value)) {
      withheld = complementary
                     ? "Comments from this group are not listed: with the groups of fewer than " +
                           std::to_string(minimum) +
                           " people who commented, they could otherwise be told apart from the "
                           "rest."
                     : "Fewer than " + std::to_string(minimum) +
                           " people from this group commented, so their comments are not listed "
                           "here: a comment is never attributed to a group that small.";
    } else {
      for (const auto& c : comments) {
        if (segment->ValueOf(*c.response, venue_by_id) == query.value) listable.insert(&c);
      }
    }
  }
  out["withheld"] = withheld ? json(*withheld) : json();

  // Search what the reader is shown, so a search cannot find a redacted name.
  const std::vector<std::string> words = SearchWords(query.search);
  json list = json::array();
  if (!withheld) {
    for (const auto& c : comments) {
      if (segment != nullptr && !listable.contains(&c)) continue;
      auto in_theme = themes.theme_of.find(c.id);
      const std::string theme = in_theme == themes.theme_of.end() ? "" : in_theme->second;
      if (!query.theme.empty() && theme != (query.theme == "other" ? "" : query.theme)) continue;
      const std::string& shown = redact ? c.redacted.text : c.text;
      if (!words.empty()) {
        const std::string lower = LowerUtf8(shown);
        if (!std::all_of(words.begin(), words.end(), [&](const std::string& w) {
              return lower.find(w) != std::string::npos;
            })) {
          continue;
        }
      }
      json entry = {{"id", c.id}, {"text", shown}, {"theme", theme.empty() ? json() : json(theme)}};
      if (redact) entry["redacted"] = ToJson(c.redacted)["redacted"];
      list.push_back(std::move(entry));
    }
  }
  out["matched"] = static_cast<int>(list.size());
  out["comments"] = std::move(list);

  if (!redact) {
    auto audited = m_audit.Record("user:" + who.username, "comments_read_unredacted", campaign_id,
                                  "question=" + item->id);
    if (!audited) return audited.error();
  }
  return out;
}

ServiceResult<json> CommentsService::EditTheme(const Principal& who, const std::string& campaign_id,
                                               const json& body) {
  if (!who.Allows(Permission::kPublicPageEdit)) {
    return Forbidden("Only HR and administrators edit the themes of comments.");
  }
  Problems problems;
  auto text_field = [&](const char* name, bool required) -> std::string {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) {
      if (required) problems.push_back({name, "is required"});
      return "";
    }
    if (!it->is_string()) {
      problems.push_back({name, "must be text"});
      return "";
    }
    return it->get<std::string>();
  };
  if (!body.is_object()) {
    return ServiceError{ErrorKind::kBadRequest,
                        "invalid_request",
                        "A theme edit is an object with question and theme.",
                        {{"", "must be an object"}}};
  }
  const std::string question = text_field("question", true);
  const std::string theme_key = text_field("theme", true);
  const std::string label = text_field("label", false);
  const std::string merge_into = text_field("merge_into", false);
  bool pinned = false;
  if (auto it = body.find("pinned"); it != body.end() && !it->is_null()) {
    if (it->is_boolean()) {
      pinned = it->get<bool>();
    } else {
      problems.push_back({"pinned", "must be true or false"});
    }
  }
  if (label.size() > kMaxThemeLabelBytes) {
    problems.push_back(
        {"label", "must be at most " + std::to_string(kMaxThemeLabelBytes) + " bytes"});
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request", "The theme edit is not valid.",
                        problems};
  }

  auto data = LoadConsultation(m_reports, campaign_id);
  if (!data) return data.error();
  const Item* item = data->tmpl().FindItem(question);
  if (item == nullptr || !IsCommentItem(*item)) {
    return ServiceError{
        ErrorKind::kBadRequest,
        "invalid_request",
        "Themes belong to a text question.",
        {{"question", "must be a short_text or long_text item of " + data->tmpl().id}}};
  }
  auto all_edits = m_report_store.ThemeEdits(campaign_id);
  if (!all_edits) return StorageError(all_edits.error());
  const auto comments = CommentsOn(*data, question);
  // The themes as readers see them now: the edit names a theme by its current key.
  const QuestionThemes themes =
      ThemesOf(comments, ThemeLanguage(data->tmpl()), EditsOf(*all_edits, question),
               Finder(campaign_id, question));
  const int index = themes.Find(theme_key);
  if (index < 0) {
    problems.push_back({"theme", "must be the key of one of the question's themes"});
  } else if (!merge_into.empty()) {
    const int target = themes.Find(merge_into);
    const KeyedTheme& self = themes.themes[index];
    if (target < 0) {
      problems.push_back({"merge_into", "must be the key of another of the question's themes"});
    } else if (target == index) {
      problems.push_back({"merge_into", "cannot be the theme itself"});
    } else if (!themes.themes[target].merged_into.empty()) {
      problems.push_back({"merge_into", "is merged into " + themes.themes[target].merged_into +
                                            " itself; merge into that theme"});
    } else if (!self.merged.empty()) {
      problems.push_back({"merge_into",
                          "other themes are merged into this one; undo those "
                          "merges first"});
    }
  }
  if (!problems.empty()) {
    return ServiceError{ErrorKind::kBadRequest, "invalid_request",
                        "The theme edit names no theme it can apply to.", problems};
  }
  const KeyedTheme& self = themes.themes[index];
  Store::ThemeEditRow row;
  row.campaign_id = campaign_id;
  row.question_id = question;
  row.theme_key = self.edit_key.empty() ? self.key : self.edit_key;
  row.label = label;
  row.pinned = pinned;
  if (!merge_into.empty()) {
    const KeyedTheme& target = themes.themes[themes.Find(merge_into)];
    row.merged_into = target.edit_key.empty() ? target.key : target.edit_key;
  }
  row.updated_at = FormatRfc3339(m_clock.Now());
  row.updated_by = "user:" + who.username;
  if (auto stored = m_store.PutThemeEdit(row); !stored) return StorageError(stored.error());
  auto audited = m_audit.Record(row.updated_by, "comment_theme_edited", campaign_id,
                                "question=" + question + " theme=" + row.theme_key +
                                    " label=" + label + " pinned=" + (pinned ? "true" : "false") +
                                    " merged_into=" + row.merged_into);
  if (!audited) return audited.error();
  return Comments(who, campaign_id, CommentsQuery{question, "", "", "", "", true});
}

}  // namespace soundings::server
