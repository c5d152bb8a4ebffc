#include "shared/answers/answers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/expr/utf8.h"

namespace soundings {
namespace {

using nlohmann::json;

constexpr int kDefaultShortTextLength = 200;
constexpr int kDefaultLongTextLength = 4000;
constexpr double kRatingMin = 0;
constexpr double kRatingMax = 10;
constexpr std::size_t kMaxQuotedAnswer = 40;  // bytes of a bad answer echoed in a message
// A list or matrix answer with thousands of bad elements gets this many problems, not thousands.
constexpr std::size_t kMaxProblemsPerItem = 10;

std::string FormatNumber(double value) {
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "?";
  return {buffer.data(), end};
}

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

// "a", "a or b", "a, b or c" (or "and" for lists that must all be given).
std::string JoinWords(const std::vector<std::string>& words, const char* last = "or") {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? std::string(" ") + last + " " : ", ";
    out += words[i];
  }
  return out;
}

// Appends a compact JSON rendering of `value` to `out`, stopping once `out` is long enough. Never
// throws on invalid UTF-8 and never recurses more than a few levels, however deep the answer.
void AppendBounded(const json& value, int depth, std::string& out) {
  if (out.size() > kMaxQuotedAnswer) return;
  if (value.is_array() || value.is_object()) {
    const bool array = value.is_array();
    out += array ? '[' : '{';
    if (depth >= 2 && !value.empty()) {
      out += "...";
    } else {
      bool first = true;
      for (auto it = value.begin(); it != value.end() && out.size() <= kMaxQuotedAnswer; ++it) {
        if (!first) out += ',';
        first = false;
        if (!array)
          out += json(it.key()).dump(-1, ' ', false, json::error_handler_t::replace) + ":";
        AppendBounded(it.value(), depth + 1, out);
      }
    }
    out += array ? ']' : '}';
    return;
  }
  out += value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A bad answer as it was given, shortened, for "(got ...)".
std::string Describe(const json& value) {
  std::string text;
  AppendBounded(value, 0, text);
  if (text.size() <= kMaxQuotedAnswer) return text;
  std::size_t cut = kMaxQuotedAnswer;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string Choices(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " choice" : " choices");
}

std::string Got(const json& value) { return " (got " + Describe(value) + ")"; }

std::vector<std::string> QuotedOptions(const Item& item) {
  std::vector<std::string> out;
  out.reserve(item.options.size());
  for (const auto& option : item.options) out.push_back(Quote(option.value));
  return out;
}

bool IsOption(const Item& item, const std::string& value) {
  return std::any_of(item.options.begin(), item.options.end(),
                     [&](const Option& o) { return o.value == value; });
}

bool IsWholeNumber(double value) { return std::isfinite(value) && std::floor(value) == value; }

class Checker {
 public:
  Checker(const Template& tmpl, const Item& item, Problems& problems)
      : m_tmpl(tmpl), m_item(item), m_problems(problems) {}

  void Check(const json& value) {
    if (value.is_null()) return;
    switch (m_item.type) {
      case ItemType::kLikert:
        CheckScalePoint(m_item.id, value);
        break;
      case ItemType::kSingleChoice:
        CheckSingleChoice(value);
        break;
      case ItemType::kMultipleChoice:
        CheckMultipleChoice(value);
        break;
      case ItemType::kRating:
        CheckRating(value);
        break;
      case ItemType::kNumber:
        CheckNumber(value);
        break;
      case ItemType::kShortText:
        CheckText(value, m_item.max_length > 0 ? m_item.max_length : kDefaultShortTextLength, true);
        break;
      case ItemType::kLongText:
        CheckText(value, m_item.max_length > 0 ? m_item.max_length : kDefaultLongTextLength, false);
        break;
      case ItemType::kRanking:
        CheckRanking(value);
        break;
      case ItemType::kYesNo:
        if (!value.is_boolean()) Add(m_item.id, "must be true or false" + Got(value));
        break;
      case ItemType::kMatrix:
        CheckMatrix(value);
        break;
    }
  }

 private:
  // Loops over elements stop once full, so a huge answer costs no more than a small one.
  bool Full() const { return m_added >= kMaxProblemsPerItem; }

  void Add(const std::string& path, std::string message) {
    if (m_added++ >= kMaxProblemsPerItem) return;
    m_problems.push_back(Problem{path, std::move(message)});
  }

  void CheckScalePoint(const std::string& path, const json& value) {
    const Scale* scale = m_tmpl.FindScale(m_item.scale);
    if (scale == nullptr) {
      Add(path, "cannot be checked: the question's scale " + Quote(m_item.scale) +
                    " is not in the template");
      return;
    }
    if (value.is_number() && scale->HasValue(value.get<double>())) return;
    if (value.is_string() && value.get_ref<const std::string&>() == kNotApplicable &&
        scale->not_applicable) {
      return;
    }
    std::vector<std::string> values;
    for (const auto& point : scale->points) values.push_back(FormatNumber(point.value));
    std::string message = "must be one of the scale values " + JoinWords(values);
    if (scale->not_applicable) message += ", or \"na\" for not applicable";
    Add(path, message + Got(value));
  }

  std::string ChoiceList() const {
    std::string text = JoinWords(QuotedOptions(m_item));
    if (m_item.prefer_not_to_say) text += ", or \"prefer_not_to_say\"";
    return text;
  }

  void CheckSingleChoice(const json& value) {
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      if (IsOption(m_item, text)) return;
      if (m_item.prefer_not_to_say && text == kPreferNotToSay) return;
    }
    Add(m_item.id, "must be one of the options " + ChoiceList() + Got(value));
  }

  void CheckMultipleChoice(const json& value) {
    const std::string options = JoinWords(QuotedOptions(m_item));
    if (!value.is_array()) {
      std::string message = "must be a list of options chosen from " + options;
      if (m_item.prefer_not_to_say) message += ", or [\"prefer_not_to_say\"] alone";
      Add(m_item.id, message + Got(value));
      return;
    }
    bool has_prefer_not_to_say = false;
    bool all_valid = true;
    std::set<std::string> seen;
    for (const auto& element : value) {
      if (Full()) break;
      if (m_item.prefer_not_to_say && element.is_string() &&
          element.get_ref<const std::string&>() == kPreferNotToSay) {
        has_prefer_not_to_say = true;
        continue;
      }
      if (!element.is_string() || !IsOption(m_item, element.get_ref<const std::string&>())) {
        Add(m_item.id, Describe(element) + " is not one of the options " + options);
        all_valid = false;
        continue;
      }
      if (!seen.insert(element.get<std::string>()).second) {
        Add(m_item.id, Describe(element) + " is chosen more than once");
        all_valid = false;
      }
    }
    if (has_prefer_not_to_say) {
      if (value.size() != 1) {
        Add(m_item.id, "\"prefer_not_to_say\" must be the only choice when it is given");
      }
      return;
    }
    if (!all_valid) return;
    const std::size_t picks = value.size();
    const std::size_t max_picks = m_item.max_picks
                                      ? static_cast<std::size_t>(std::max(*m_item.max_picks, 0))
                                      : m_item.options.size();
    if (picks < static_cast<std::size_t>(std::max(m_item.min_picks, 0))) {
      Add(m_item.id,
          "must have at least " + Choices(static_cast<std::size_t>(m_item.min_picks)) + Got(value));
    } else if (picks > max_picks) {
      Add(m_item.id, "must have at most " + Choices(max_picks) + Got(value));
    }
  }

  void CheckRating(const json& value) {
    if (value.is_number()) {
      const double rating = value.get<double>();
      if (IsWholeNumber(rating) && rating >= kRatingMin && rating <= kRatingMax) return;
    }
    Add(m_item.id, "must be a whole number from 0 to 10" + Got(value));
  }

  void CheckNumber(const json& value) {
    bool ok = value.is_number();
    if (ok) {
      const double number = value.get<double>();
      ok = std::isfinite(number) && (!m_item.integer || IsWholeNumber(number)) &&
           (!m_item.min || number >= *m_item.min) && (!m_item.max || number <= *m_item.max);
    }
    if (ok) return;
    std::string message = m_item.integer ? "must be a whole number" : "must be a number";
    if (m_item.min && m_item.max) {
      message += " from " + FormatNumber(*m_item.min) + " to " + FormatNumber(*m_item.max);
    } else if (m_item.min) {
      message += " of at least " + FormatNumber(*m_item.min);
    } else if (m_item.max) {
      message += " of at most " + FormatNumber(*m_item.max);
    }
    Add(m_item.id, message + Got(value));
  }

  void CheckText(const json& value, int max_length, bool one_line) {
    const std::string limit = std::to_string(max_length);
    if (!value.is_string()) {
      Add(m_item.id, "must be text of at most " + limit + " characters" + Got(value));
      return;
    }
    const auto& text = value.get_ref<const std::string&>();
    if (FindInvalidUtf8(text)) {
      Add(m_item.id, "must be valid UTF-8 text");
      return;
    }
    if (one_line && text.find_first_of("\r\n") != std::string::npos) {
      Add(m_item.id, "must be a single line of text, without line breaks");
    }
    const std::size_t length = CountCodePoints(text);
    if (length > static_cast<std::size_t>(std::max(max_length, 0))) {
      Add(m_item.id,
          "must be at most " + limit + " characters long (got " + std::to_string(length) + ")");
    }
  }

  void CheckRanking(const json& value) {
    std::vector<std::string> options = QuotedOptions(m_item);
    if (!value.is_array()) {
      Add(m_item.id, "must be a list of every option, most preferred first: " +
                         JoinWords(options, "and") + Got(value));
      return;
    }
    std::set<std::string> seen;
    for (const auto& element : value) {
      if (Full()) break;
      if (!element.is_string() || !IsOption(m_item, element.get_ref<const std::string&>())) {
        Add(m_item.id, Describe(element) + " is not one of the options " + JoinWords(options));
      } else if (!seen.insert(element.get<std::string>()).second) {
        Add(m_item.id, Describe(element) + " is ranked more than once");
      }
    }
    std::vector<std::string> missing;
    for (const auto& option : m_item.options) {
      if (seen.count(option.value) == 0) missing.push_back(Quote(option.value));
    }
    if (!missing.empty()) {
      Add(m_item.id, "must rank every option; missing " + JoinWords(missing, "and"));
    }
  }

  void CheckMatrix(const json& value) {
    std::vector<std::string> rows;
    for (const auto& row : m_item.rows) rows.push_back(Quote(row.id));
    if (!value.is_object()) {
      Add(m_item.id,
          "must be an object from row id (" + JoinWords(rows) + ") to a scale value" + Got(value));
      return;
    }
    for (auto it = value.begin(); it != value.end() && !Full(); ++it) {
      // Not a structured binding: clang 14 cannot capture those in the lambda below.
      const std::string& row_id = it.key();
      const json& row_value = it.value();
      const std::string path = m_item.id + "." + row_id;
      const bool known = std::any_of(m_item.rows.begin(), m_item.rows.end(),
                                     [&](const MatrixRow& r) { return r.id == row_id; });
      if (!known) {
        Add(path, "is not a row of this question; the rows are " + JoinWords(rows, "and"));
      } else if (!row_value.is_null()) {
        CheckScalePoint(path, row_value);
      }
    }
  }

  const Template& m_tmpl;
  const Item& m_item;
  Problems& m_problems;
  std::size_t m_added = 0;
};

// Answers by item id, matrix rows by "item.row", and the built-ins from the context.
class AnswerLookup {
 public:
  AnswerLookup(const Answers& answers, const AnswerContext& ctx)
      : m_answers(answers), m_rater_group(ctx.rater_group), m_language(ctx.language) {}

  const json* operator()(const std::string& name) const {
    if (name == "rater_group")
      return m_rater_group.get_ref<const std::string&>().empty() ? nullptr : &m_rater_group;
    if (name == "language")
      return m_language.get_ref<const std::string&>().empty() ? nullptr : &m_language;
    if (auto it = m_answers.find(name); it != m_answers.end()) return &it->second;
    const auto dot = name.find('.');
    if (dot == std::string::npos) return nullptr;
    auto it = m_answers.find(name.substr(0, dot));
    if (it == m_answers.end() || !it->second.is_object()) return nullptr;
    auto row = it->second.find(name.substr(dot + 1));
    return row == it->second.end() ? nullptr : &*row;
  }

 private:
  const Answers& m_answers;
  json m_rater_group;
  json m_language;
};

bool Holds(const std::optional<Expression>& condition, const AnswerLookup& lookup) {
  return !condition || condition->Evaluate(std::cref(lookup));
}

bool HasAnswer(const Answers& answers, const std::string& id) {
  auto it = answers.find(id);
  return it != answers.end() && !it->second.is_null();
}

std::string NotAskedMessage(const std::vector<std::string>& groups, const std::string& group) {
  std::vector<std::string> quoted;
  quoted.reserve(groups.size());
  for (const auto& g : groups) quoted.push_back(Quote(g));
  std::string message = "answered, but asked only of the rater group";
  if (quoted.size() > 1) message += "s";
  message += " " + JoinWords(quoted);
  if (!group.empty()) message += ", not of " + Quote(group);
  return message;
}

}  // namespace

ValueLookup MakeAnswerLookup(const Answers& answers, const AnswerContext& ctx) {
  return AnswerLookup(answers, ctx);
}

Problems ValidateAnswer(const Template& tmpl, const Item& item, const nlohmann::json& value) {
  Problems problems;
  Checker(tmpl, item, problems).Check(value);
  return problems;
}

bool IsVisible(const Template& tmpl, const Section& section, const Answers& answers,
               const AnswerContext& ctx) {
  (void)tmpl;
  if (!section.AskedOf(ctx.rater_group)) return false;
  return Holds(section.visible_if, AnswerLookup(answers, ctx));
}

bool IsVisible(const Template& tmpl, const Section& section, const Item& item,
               const Answers& answers, const AnswerContext& ctx) {
  if (!item.AskedOf(ctx.rater_group) || !IsVisible(tmpl, section, answers, ctx)) return false;
  return Holds(item.visible_if, AnswerLookup(answers, ctx));
}

Problems ValidateAnswers(const Template& tmpl, const Answers& answers, const AnswerContext& ctx) {
  Problems problems;
  if (tmpl.rater_groups.empty() && !ctx.rater_group.empty()) {
    problems.push_back(Problem{
        "rater_group",
        "this template has no rater groups, but the response names \"" + ctx.rater_group + "\""});
  } else if (!tmpl.rater_groups.empty() && tmpl.FindRaterGroup(ctx.rater_group) == nullptr) {
    std::string known;
    for (const auto& group : tmpl.rater_groups) known += (known.empty() ? "" : ", ") + group.id;
    problems.push_back(Problem{
        "rater_group", "unknown rater group \"" + ctx.rater_group + "\" (known: " + known + ")"});
  }
  if (!ctx.language.empty() && std::find(tmpl.languages.begin(), tmpl.languages.end(),
                                         ctx.language) == tmpl.languages.end()) {
    std::string known;
    for (const auto& language : tmpl.languages) known += (known.empty() ? "" : ", ") + language;
    problems.push_back(Problem{"language", "this template is not offered in \"" + ctx.language +
                                               "\" (offered: " + known + ")"});
  }
  const AnswerLookup lookup(answers, ctx);
  for (const auto& [id, value] : answers) {
    if (tmpl.FindItem(id) == nullptr) {
      problems.push_back(Problem{id, "is not a question of this template"});
    }
  }
  for (const auto& section : tmpl.sections) {
    const bool section_asked = section.AskedOf(ctx.rater_group);
    const bool section_shown = section_asked && Holds(section.visible_if, lookup);
    for (const auto& item : section.items) {
      const bool answered = HasAnswer(answers, item.id);
      if (!section_asked || !item.AskedOf(ctx.rater_group)) {
        if (answered) {
          problems.push_back(Problem{
              item.id, NotAskedMessage(section_asked ? item.rater_groups : section.rater_groups,
                                       ctx.rater_group)});
        }
        continue;
      }
      if (!section_shown || !Holds(item.visible_if, lookup)) {
        if (answered) {
          const Expression& hidden_by = section_shown ? *item.visible_if : *section.visible_if;
          problems.push_back(
              Problem{item.id, "answered, but hidden by visible_if: " + hidden_by.Source()});
        }
        continue;
      }
      if (answered) {
        const json& value = answers.at(item.id);
        Checker(tmpl, item, problems).Check(value);
        if (item.required && !ctx.partial && item.type == ItemType::kMatrix && value.is_object()) {
          for (const auto& row : item.rows) {
            auto cell = value.find(row.id);
            if (cell == value.end() || cell->is_null()) {
              problems.push_back(Problem{item.id + "." + row.id, "required, but not answered"});
            }
          }
        }
      } else if (item.required && !ctx.partial) {
        problems.push_back(Problem{item.id, "required, but not answered"});
      }
    }
  }
  return problems;
}

}  // namespace soundings
