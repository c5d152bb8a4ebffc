#include "shared/templates/template_reader.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "shared/core/json_path.h"
#include "shared/expr/expression.h"

namespace soundings::template_detail {

using nlohmann::json;

Problem Loc::At(const std::string& message) const {
  if (include_path.empty()) return Problem{path, message};
  return Problem{include_path,
                 "module \"" + module_id + "\": " + (path.empty() ? "" : path + ": ") + message};
}

Problem Loc::AtField(const std::string& field, const std::string& message) const {
  Loc inner = *this;
  inner.path = JoinPath(path, field);
  return inner.At(message);
}

std::string Loc::Describe() const {
  if (include_path.empty()) return path;
  return path + " of module \"" + module_id + "\"";
}

void Ledger::MoveIntoModule(const std::string& include_path, const std::string& module_id) {
  auto move = [&](Loc& loc) {
    loc.include_path = include_path;
    loc.module_id = module_id;
  };
  for (auto* list : {&scales, &groups, &nodes})
    for (auto& d : *list) move(d.loc);
  for (auto* list : {&scale_refs, &group_refs, &replaces, &dropped, &includes})
    for (auto& r : *list) move(r.loc);
  for (auto& s : sections) {
    move(s.loc);
    for (auto& i : s.items) move(i.loc);
  }
}

void Ledger::Append(const Ledger& module) {
  scales.insert(scales.end(), module.scales.begin(), module.scales.end());
  nodes.insert(nodes.end(), module.nodes.begin(), module.nodes.end());
  replaces.insert(replaces.end(), module.replaces.begin(), module.replaces.end());
  sections.insert(sections.end(), module.sections.begin(), module.sections.end());
}

bool Report(Problems& problems, Problem problem) {
  if (problems.size() >= kMaxReportedProblems) return false;
  problems.push_back(std::move(problem));
  return true;
}

std::string FormatNumber(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  return json(value).dump();
}

std::string DescribeValue(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return value.dump();
    case json::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      if (s.size() <= 40) return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
      return "a string";
    }
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    default:
      return "an unreadable value";
  }
}

std::string JoinList(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

namespace {

std::string Quote(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

bool IsValidId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  if (id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// "en", "cy", "pl", "en-GB": two or three lower case letters, then optional subtags.
bool IsLanguageCode(const std::string& code) {
  std::size_t i = 0;
  while (i < code.size() && code[i] >= 'a' && code[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  while (i < code.size()) {
    if (code[i] != '-') return false;
    std::size_t start = ++i;
    while (i < code.size() && std::isalnum(static_cast<unsigned char>(code[i]))) ++i;
    if (i - start < 2 || i - start > 8) return false;
  }
  return true;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The longest max_length a text item may set, in characters.
constexpr int kMaxTextLength = 10000;

const char* const kIdRule =
    "an id starts with a lower case letter, then up to 63 lower case letters, digits, \"-\" or "
    "\"_\"";

// Every type-specific item field, so that "scale" on a single_choice item reads as "does not
// apply" rather than "unknown".
const std::vector<std::string> kTypeFields = {
    "scale", "reverse_scored", "options",    "prefer_not_to_say", "min_picks", "max_picks", "min",
    "max",   "integer",        "max_length", "comment",           "rows"};

std::vector<std::string> FieldsOfType(ItemType type) {
  switch (type) {
    case ItemType::kLikert:
      return {"scale", "reverse_scored"};
    case ItemType::kSingleChoice:
      return {"options", "prefer_not_to_say"};
    case ItemType::kMultipleChoice:
      return {"options", "min_picks", "max_picks", "prefer_not_to_say"};
    case ItemType::kNumber:
      return {"min", "max", "integer"};
    case ItemType::kShortText:
    case ItemType::kLongText:
      return {"max_length", "comment"};
    case ItemType::kRanking:
      return {"options"};
    case ItemType::kMatrix:
      return {"scale", "rows"};
    case ItemType::kRating:
    case ItemType::kYesNo:
      return {};
  }
  return {};
}

// Reads one JSON object field by field; whatever was never asked for is reported as unknown.
class ObjectFields {
 public:
  ObjectFields(const json& object, std::string path, Problems& problems)
      : m_object(object), m_path(std::move(path)), m_problems(problems) {}

  std::string PathOf(const std::string& key) const { return JoinPath(m_path, key); }

  const json* Optional(const std::string& key) {
    m_known.push_back(key);
    auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
  }

  const json* Required(const std::string& key) {
    const json* value = Optional(key);
    if (!value) Report(m_problems, {PathOf(key), "required field is missing"});
    return value;
  }

  // A field that exists in the language but not here.
  void Refuse(const std::string& key, const std::string& message) {
    m_known.push_back(key);
    if (m_object.contains(key)) Report(m_problems, {PathOf(key), message});
  }

  // A field whose problems someone else reports (or that is ignored on purpose).
  void Skip(const std::string& key) { m_known.push_back(key); }

  void ReportUnknown() {
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
      const std::string& key = it.key();
      if (std::find(m_known.begin(), m_known.end(), key) != m_known.end()) continue;
      if (m_problems.size() >= kMaxReportedProblems) return;
      std::string message = "unknown field " + Quote(key);
      std::string best;
      std::size_t best_distance = 3;
      if (key.size() >= 3 && key.size() <= 64) {
        for (const auto& known : m_known) {
          std::size_t d = EditDistance(key, known);
          if (d < best_distance) {
            best_distance = d;
            best = known;
          }
        }
      }
      if (!best.empty()) message += " (did you mean " + Quote(best) + "?)";
      Report(m_problems, {PathOf(key), message});
    }
  }

 private:
  const json& m_object;
  std::string m_path;
  Problems& m_problems;
  std::vector<std::string> m_known;
};

// Reading state shared by the functions below.
struct Reader {
  Problems& problems;
  Ledger& ledger;
  std::set<std::string> languages;
  std::vector<std::string> ordered_languages;
  std::string language_list;  // "en, cy", in the template's order
  bool languages_ok = false;  // texts are checked for translations only when languages read well

  bool Add(std::string path, std::string message) {
    return Report(problems, {std::move(path), std::move(message)});
  }

  bool ExpectObject(const json& value, const std::string& path) {
    if (value.is_object()) return true;
    Add(path, "must be an object, not " + DescribeValue(value));
    return false;
  }
  bool ExpectList(const json& value, const std::string& path) {
    if (value.is_array()) return true;
    Add(path, "must be a list, not " + DescribeValue(value));
    return false;
  }

  bool String(const json* value, const std::string& path, std::string& out) {
    if (!value) return false;
    if (!value->is_string()) {
      Add(path, "must be a string, not " + DescribeValue(*value));
      return false;
    }
    out = value->get<std::string>();
    return true;
  }

  bool Bool(const json* value, const std::string& path, bool& out) {
    if (!value) return false;
    if (!value->is_boolean()) {
      Add(path, "must be true or false, not " + DescribeValue(*value));
      return false;
    }
    out = value->get<bool>();
    return true;
  }

  bool Integer(const json* value, const std::string& path, int minimum, int maximum, int& out) {
    if (!value) return false;
    if (!value->is_number_integer()) {
      Add(path, "must be an integer, not " + DescribeValue(*value));
      return false;
    }
    // Compare in 64 bits: JSON integers may be far outside int.
    bool too_large = false;
    long long number = 0;
    if (value->is_number_unsigned()) {
      auto u = value->get<std::uint64_t>();
      too_large = u > static_cast<std::uint64_t>(maximum);
      number = too_large ? maximum : static_cast<long long>(u);
    } else {
      number = value->get<std::int64_t>();
      too_large = number > maximum;
    }
    if (too_large || number < minimum) {
      if (maximum != INT_MAX)
        Add(path, "must be between " + std::to_string(minimum) + " and " + std::to_string(maximum) +
                      ", not " + value->dump());
      else if (too_large)
        Add(path, "is too large: at most " + std::to_string(maximum) + ", not " + value->dump());
      else
        Add(path, "must be at least " + std::to_string(minimum) + ", not " + value->dump());
      return false;
    }
    out = static_cast<int>(number);
    return true;
  }

  bool Number(const json* value, const std::string& path, double& out) {
    if (!value) return false;
    if (!value->is_number()) {
      Add(path, "must be a number, not " + DescribeValue(*value));
      return false;
    }
    out = value->get<double>();
    if (!std::isfinite(out)) {
      Add(path, "must be a finite number");
      return false;
    }
    return true;
  }

  bool Id(const json* value, const std::string& path, std::string& out, bool reserved = false) {
    std::string id;
    if (!String(value, path, id)) return false;
    if (!IsValidId(id)) {
      Add(path, Quote(id) + " is not a valid id: " + kIdRule);
      return false;
    }
    if (reserved && IsReservedWord(id)) {
      Add(path, Quote(id) + " is reserved by the expression language; choose another id");
      return false;
    }
    out = std::move(id);
    return true;
  }

  // A list of ids; each repeated id is reported. Returns each id with its path.
  std::vector<Reference> IdList(const json* value, const std::string& path) {
    std::vector<Reference> out;
    if (!value || !ExpectList(*value, path)) return out;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < value->size(); ++i) {
      std::string element_path = IndexPath(path, i);
      std::string id;
      if (!Id(&(*value)[i], element_path, id)) continue;
      if (!seen.insert(id).second) {
        Add(element_path, Quote(id) + " is listed twice");
        continue;
      }
      out.push_back({id, Loc{element_path, {}, {}}, {}});
    }
    return out;
  }

  bool Text(const json* value, const std::string& path, LocalText& out) {
    if (!value) return false;
    if (!ExpectObject(*value, path)) return false;
    bool ok = true;
    for (auto it = value->begin(); it != value->end(); ++it) {
      std::string key_path = JoinPath(path, it.key());
      if (languages_ok && !languages.count(it.key())) {
        if (!Add(key_path, Quote(it.key()) + " is not one of the template's languages (" +
                               language_list + ")"))
          return false;
        ok = false;
        continue;
      }
      std::string text;
      if (!String(&*it, key_path, text)) {
        ok = false;
        continue;
      }
      out[it.key()] = std::move(text);
    }
    // The first language must have every text; another language may lack some, which then
    // show in the first language, string by string (`template check` lists them as warnings).
    if (languages_ok && !ordered_languages.empty() && !value->contains(ordered_languages.front())) {
      Add(path, "missing the " + Quote(ordered_languages.front()) +
                    " translation (the first language must have every text)");
      ok = false;
    }
    return ok;
  }

  void Expression(const json* value, const std::string& path,
                  std::optional<soundings::Expression>& out) {
    std::string source;
    if (!String(value, path, source)) return;
    auto parsed = soundings::Expression::Parse(source);
    if (!parsed.ok()) {
      for (const auto& p : parsed.problems()) Add(path, "cannot parse: " + p.message);
      return;
    }
    out = std::move(parsed).value();
  }

  void Languages(const json* value, const std::string& path, std::vector<std::string>& out) {
    if (!value || !ExpectList(*value, path)) return;
    bool ok = true;
    if (value->empty()) {
      Add(path, "must list at least one language");
      ok = false;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      std::string element_path = IndexPath(path, i);
      std::string code;
      if (!String(&(*value)[i], element_path, code)) {
        ok = false;
        continue;
      }
      if (!IsLanguageCode(code)) {
        Add(element_path, Quote(code) + R"( is not a language code such as "en" or "cy")");
        ok = false;
        continue;
      }
      if (!languages.insert(code).second) {
        Add(element_path, Quote(code) + " is listed twice");
        ok = false;
        continue;
      }
      out.push_back(code);
    }
    ordered_languages = out;
    language_list = JoinList(out);
    languages_ok = ok;
  }

  void Scales(const json* value, const std::string& path, std::vector<Scale>& out) {
    if (!value || !ExpectList(*value, path)) return;
    for (std::size_t i = 0; i < value->size(); ++i) {
      std::string scale_path = IndexPath(path, i);
      const json& j = (*value)[i];
      if (!ExpectObject(j, scale_path)) continue;
      ObjectFields f(j, scale_path, problems);
      Scale scale;
      if (Id(f.Required("id"), f.PathOf("id"), scale.id))
        ledger.scales.push_back({scale.id, Loc{f.PathOf("id"), {}, {}}, false});
      if (const json* points = f.Required("points");
          points && ExpectList(*points, f.PathOf("points"))) {
        std::string points_path = f.PathOf("points");
        if (points->size() < 2)
          Add(points_path,
              "a scale needs at least two points, not " + std::to_string(points->size()));
        std::optional<double> previous;
        for (std::size_t p = 0; p < points->size(); ++p) {
          std::string point_path = IndexPath(points_path, p);
          const json& pj = (*points)[p];
          if (!ExpectObject(pj, point_path)) continue;
          ObjectFields pf(pj, point_path, problems);
          ScalePoint point;
          bool has_value = Number(pf.Required("value"), pf.PathOf("value"), point.value);
          Text(pf.Required("label"), pf.PathOf("label"), point.label);
          pf.ReportUnknown();
          if (!has_value) continue;
          if (previous && point.value <= *previous)
            Add(pf.PathOf("value"), "must be greater than the previous point's value (" +
                                        FormatNumber(*previous) + "): values strictly increase");
          previous = point.value;
          scale.points.push_back(std::move(point));
        }
      }
      if (const json* na = f.Optional("not_applicable")) {
        LocalText text;
        Text(na, f.PathOf("not_applicable"), text);
        scale.not_applicable = std::move(text);
      }
      f.ReportUnknown();
      out.push_back(std::move(scale));
    }
  }

  void RaterGroups(const json* value, const std::string& path, std::vector<RaterGroup>& out) {
    if (!value || !ExpectList(*value, path)) return;
    for (std::size_t i = 0; i < value->size(); ++i) {
      std::string group_path = IndexPath(path, i);
      const json& j = (*value)[i];
      if (!ExpectObject(j, group_path)) continue;
      ObjectFields f(j, group_path, problems);
      RaterGroup group;
      if (Id(f.Required("id"), f.PathOf("id"), group.id))
        ledger.groups.push_back({group.id, Loc{f.PathOf("id"), {}, {}}, false});
      Text(f.Required("label"), f.PathOf("label"), group.label);
      Integer(f.Optional("min_responses"), f.PathOf("min_responses"), 1, INT_MAX,
              group.min_responses);
      group.comment_min_responses = std::max(3, group.min_responses);
      const json* comment_min = f.Optional("comment_min_responses");
      if (Integer(comment_min, f.PathOf("comment_min_responses"), 1, INT_MAX,
                  group.comment_min_responses) &&
          group.comment_min_responses < group.min_responses) {
        Add(f.PathOf("comment_min_responses"), "must be at least min_responses (" +
                                                   std::to_string(group.min_responses) + "), not " +
                                                   std::to_string(group.comment_min_responses));
      }
      Bool(f.Optional("named"), f.PathOf("named"), group.named);
      f.ReportUnknown();
      out.push_back(std::move(group));
    }
  }

  void Options(const json* value, const std::string& path, std::vector<Option>& out) {
    if (!value || !ExpectList(*value, path)) return;
    if (value->size() < 2)
      Add(path, "needs at least two options, not " + std::to_string(value->size()));
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < value->size(); ++i) {
      std::string option_path = IndexPath(path, i);
      const json& j = (*value)[i];
      if (!ExpectObject(j, option_path)) continue;
      ObjectFields f(j, option_path, problems);
      Option option;
      std::string value_path = f.PathOf("value");
      if (Id(f.Required("value"), value_path, option.value)) {
        if (option.value == kPreferNotToSay) {
          Add(value_path,
              "\"prefer_not_to_say\" is reserved; set \"prefer_not_to_say\": true on the item "
              "instead");
        } else if (auto [it, inserted] = first.emplace(option.value, i); !inserted) {
          Add(value_path, "duplicate option value " + Quote(option.value) + " (also at " +
                              IndexPath(path, it->second) + ")");
        }
      }
      Text(f.Required("label"), f.PathOf("label"), option.label);
      f.ReportUnknown();
      out.push_back(std::move(option));
    }
  }

  void Rows(const json* value, const std::string& path, std::vector<MatrixRow>& out) {
    if (!value || !ExpectList(*value, path)) return;
    if (value->empty()) Add(path, "a matrix needs at least one row");
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < value->size(); ++i) {
      std::string row_path = IndexPath(path, i);
      const json& j = (*value)[i];
      if (!ExpectObject(j, row_path)) continue;
      ObjectFields f(j, row_path, problems);
      MatrixRow row;
      if (Id(f.Required("id"), f.PathOf("id"), row.id)) {
        if (auto [it, inserted] = first.emplace(row.id, i); !inserted)
          Add(f.PathOf("id"), "duplicate row id " + Quote(row.id) + " (also at " +
                                  IndexPath(path, it->second) + ")");
      }
      Text(f.Required("text"), f.PathOf("text"), row.text);
      Bool(f.Optional("reverse_scored"), f.PathOf("reverse_scored"), row.reverse_scored);
      f.ReportUnknown();
      out.push_back(std::move(row));
    }
  }

  void GroupRefs(const json* value, const std::string& path, std::vector<std::string>& out) {
    for (auto& ref : IdList(value, path)) {
      out.push_back(ref.id);
      ledger.group_refs.push_back(std::move(ref));
    }
  }

  void TextByGroup(const json* value, const std::string& path,
                   std::map<std::string, LocalText>& out) {
    if (!value || !ExpectObject(*value, path)) return;
    for (auto it = value->begin(); it != value->end(); ++it) {
      std::string key_path = JoinPath(path, it.key());
      ledger.group_refs.push_back({it.key(), Loc{key_path, {}, {}}, {}});
      LocalText text;
      Text(&*it, key_path, text);
      out[it.key()] = std::move(text);
    }
  }

  bool ReadItem(const json& j, const std::string& path, Item& item, ItemSite& site) {
    if (!ExpectObject(j, path)) return false;
    site.loc = Loc{path, {}, {}};
    ObjectFields f(j, path, problems);
    if (Id(f.Required("id"), f.PathOf("id"), item.id, true))
      ledger.nodes.push_back({item.id, Loc{f.PathOf("id"), {}, {}}, false});
    std::optional<ItemType> type;
    std::string type_name;
    if (String(f.Required("type"), f.PathOf("type"), type_name)) {
      type = ItemTypeFromString(type_name);
      if (!type) {
        std::vector<std::string> known;
        for (int t = 0; t <= static_cast<int>(ItemType::kMatrix); ++t)
          known.push_back(ToString(static_cast<ItemType>(t)));
        Add(f.PathOf("type"),
            "unknown item type " + Quote(type_name) + " (known: " + JoinList(known) + ")");
      }
    }
    Text(f.Required("text"), f.PathOf("text"), item.text);
    Bool(f.Optional("required"), f.PathOf("required"), item.required);
    Text(f.Optional("help"), f.PathOf("help"), item.help);
    TextByGroup(f.Optional("text_by_group"), f.PathOf("text_by_group"), item.text_by_group);
    GroupRefs(f.Optional("rater_groups"), f.PathOf("rater_groups"), item.rater_groups);
    Expression(f.Optional("visible_if"), f.PathOf("visible_if"), item.visible_if);
    for (auto& ref : IdList(f.Optional("replaces"), f.PathOf("replaces"))) {
      item.replaces.push_back(ref.id);
      ref.owner_item = item.id;
      ledger.replaces.push_back(std::move(ref));
    }

    if (!type) {
      for (const auto& field : kTypeFields) f.Skip(field);
      f.ReportUnknown();
      return true;
    }
    item.type = *type;
    site.type_known = true;
    const std::vector<std::string> own = FieldsOfType(*type);
    for (const auto& field : kTypeFields) {
      if (std::find(own.begin(), own.end(), field) == own.end())
        f.Refuse(field, Quote(field) + " does not apply to " + type_name + " items");
    }
    switch (*type) {
      case ItemType::kLikert:
      case ItemType::kMatrix:
        if (String(f.Required("scale"), f.PathOf("scale"), item.scale))
          ledger.scale_refs.push_back({item.scale, Loc{f.PathOf("scale"), {}, {}}, {}});
        if (*type == ItemType::kLikert)
          Bool(f.Optional("reverse_scored"), f.PathOf("reverse_scored"), item.reverse_scored);
        else
          Rows(f.Required("rows"), f.PathOf("rows"), item.rows);
        break;
      case ItemType::kSingleChoice:
      case ItemType::kMultipleChoice:
      case ItemType::kRanking:
        Options(f.Required("options"), f.PathOf("options"), item.options);
        if (*type != ItemType::kRanking)
          Bool(f.Optional("prefer_not_to_say"), f.PathOf("prefer_not_to_say"),
               item.prefer_not_to_say);
        if (*type == ItemType::kMultipleChoice) {
          const int count = static_cast<int>(item.options.size());
          bool has_min =
              Integer(f.Optional("min_picks"), f.PathOf("min_picks"), 0, INT_MAX, item.min_picks);
          int max_picks = 0;
          if (Integer(f.Optional("max_picks"), f.PathOf("max_picks"), 1, INT_MAX, max_picks))
            item.max_picks = max_picks;
          if (has_min && item.max_picks && item.min_picks > *item.max_picks)
            Add(f.PathOf("min_picks"),
                "must not be greater than max_picks (" + std::to_string(*item.max_picks) + ")");
          else if (has_min && count >= 2 && item.min_picks > count)
            Add(f.PathOf("min_picks"),
                "must not be greater than the number of options (" + std::to_string(count) + ")");
          if (item.max_picks && count >= 2 && *item.max_picks > count)
            Add(f.PathOf("max_picks"),
                "must not be greater than the number of options (" + std::to_string(count) + ")");
        }
        break;
      case ItemType::kNumber: {
        double bound = 0;
        if (Number(f.Optional("min"), f.PathOf("min"), bound)) item.min = bound;
        if (Number(f.Optional("max"), f.PathOf("max"), bound)) item.max = bound;
        Bool(f.Optional("integer"), f.PathOf("integer"), item.integer);
        if (item.min && item.max && *item.min > *item.max)
          Add(f.PathOf("min"), "must not be greater than max (" + FormatNumber(*item.max) + ")");
        break;
      }
      case ItemType::kShortText:
      case ItemType::kLongText:
        item.max_length = *type == ItemType::kShortText ? 200 : 4000;
        Integer(f.Optional("max_length"), f.PathOf("max_length"), 1, kMaxTextLength,
                item.max_length);
        Bool(f.Optional("comment"), f.PathOf("comment"), item.comment);
        break;
      case ItemType::kRating:
      case ItemType::kYesNo:
        break;
    }
    f.ReportUnknown();
    return true;
  }

  void ReadSection(const json& j, const std::string& path, Section& section, SectionSite& site) {
    site.loc = Loc{path, {}, {}};
    ObjectFields f(j, path, problems);
    if (Id(f.Required("id"), f.PathOf("id"), section.id, true))
      ledger.nodes.push_back({section.id, Loc{f.PathOf("id"), {}, {}}, true});
    Text(f.Required("title"), f.PathOf("title"), section.title);
    Text(f.Optional("description"), f.PathOf("description"), section.description);
    Bool(f.Optional("competency"), f.PathOf("competency"), section.competency);
    Bool(f.Optional("scale_score"), f.PathOf("scale_score"), section.scale_score);
    Id(f.Optional("module"), f.PathOf("module"), section.module);
    Bool(f.Optional("equality_monitoring"), f.PathOf("equality_monitoring"),
         section.equality_monitoring);
    GroupRefs(f.Optional("rater_groups"), f.PathOf("rater_groups"), section.rater_groups);
    Expression(f.Optional("visible_if"), f.PathOf("visible_if"), section.visible_if);
    std::string items_path = f.PathOf("items");
    if (const json* items = f.Required("items"); items && ExpectList(*items, items_path)) {
      if (items->empty()) Add(items_path, "a section needs at least one item");
      for (std::size_t i = 0; i < items->size(); ++i) {
        Item item;
        ItemSite item_site;
        if (ReadItem((*items)[i], IndexPath(items_path, i), item, item_site)) {
          section.items.push_back(std::move(item));
          site.items.push_back(std::move(item_site));
        }
      }
    }
    f.ReportUnknown();
  }
};

}  // namespace

void ReadTemplate(const json& document, Template& tmpl, Ledger& ledger, Problems& problems) {
  Reader r{problems, ledger, {}, {}, {}, false};
  if (!document.is_object()) {
    r.Add("", "a template must be a JSON object, not " + DescribeValue(document));
    return;
  }
  ObjectFields f(document, "", problems);
  r.Languages(f.Required("languages"), "languages", tmpl.languages);

  std::string kind_name;
  std::optional<TemplateKind> kind;
  if (r.String(f.Required("kind"), "kind", kind_name)) {
    kind = TemplateKindFromString(kind_name);
    if (!kind)
      r.Add("kind", "unknown kind " + Quote(kind_name) +
                        " (known: appraisal360, self_assessment, consultation, module)");
  }
  if (kind) tmpl.kind = *kind;
  const bool is_module = kind == TemplateKind::kModule;

  r.Id(f.Required("id"), "id", tmpl.id);
  r.Integer(f.Required("version"), "version", 1, INT_MAX, tmpl.version);
  r.Text(f.Required("title"), "title", tmpl.title);
  if (is_module) {
    f.Refuse("introduction", "a module has no introduction; the including template's applies");
    f.Refuse("privacy_notice", "a module has no privacy notice; the including template's applies");
    f.Refuse("include", "a module cannot include other modules");
    f.Refuse("dropped", "a module has no versions of its own to drop items from");
    f.Refuse("keep_anonymous_partials",
             "a module has no respondents of its own; the including template decides");
  } else {
    r.Bool(f.Optional("keep_anonymous_partials"), "keep_anonymous_partials",
           tmpl.keep_anonymous_partials);
    r.Text(f.Optional("introduction"), "introduction", tmpl.introduction);
    r.Text(f.Optional("privacy_notice"), "privacy_notice", tmpl.privacy_notice);
    ledger.includes = r.IdList(f.Optional("include"), "include");
    ledger.dropped = r.IdList(f.Optional("dropped"), "dropped");
    for (const auto& d : ledger.dropped) tmpl.dropped.push_back(d.id);
  }
  r.Scales(f.Optional("scales"), "scales", tmpl.scales);

  const json* groups = f.Optional("rater_groups");
  r.RaterGroups(groups, "rater_groups", tmpl.rater_groups);
  const bool groups_listed = groups && groups->is_array();
  if (kind == TemplateKind::kAppraisal360) {
    if (!groups) {
      r.Add("rater_groups", "an appraisal360 template needs rater groups, including \"self\"");
    } else if (groups_listed) {
      bool has_self = std::any_of(tmpl.rater_groups.begin(), tmpl.rater_groups.end(),
                                  [](const RaterGroup& g) { return g.id == "self"; });
      bool has_other =
          std::any_of(tmpl.rater_groups.begin(), tmpl.rater_groups.end(),
                      [](const RaterGroup& g) { return g.id != "self" && !g.id.empty(); });
      if (!has_self) r.Add("rater_groups", "an appraisal360 template needs a \"self\" rater group");
      if (!has_other)
        r.Add("rater_groups",
              "an appraisal360 template needs at least one rater group besides \"self\"");
    }
  } else if (kind == TemplateKind::kConsultation && groups_listed && !groups->empty()) {
    r.Add("rater_groups", "a consultation has no rater groups: everyone answers alike");
  } else if (is_module && groups_listed && !groups->empty()) {
    r.Add("rater_groups", "a module has no rater groups; the including template's apply");
  }

  if (const json* sections = f.Required("sections");
      sections && r.ExpectList(*sections, "sections")) {
    if (sections->empty()) r.Add("sections", "a template needs at least one section");
    for (std::size_t i = 0; i < sections->size(); ++i) {
      std::string path = IndexPath("sections", i);
      const json& j = (*sections)[i];
      if (!r.ExpectObject(j, path)) continue;
      Section section;
      SectionSite site;
      r.ReadSection(j, path, section, site);
      tmpl.sections.push_back(std::move(section));
      ledger.sections.push_back(std::move(site));
    }
  }

  if (is_module) {
    const json* rules = f.Optional("rules");
    if (rules && r.ExpectObject(*rules, "rules")) {
      ObjectFields rf(*rules, "rules", problems);
      r.Bool(rf.Optional("require_prefer_not_to_say"), "rules.require_prefer_not_to_say",
             tmpl.module_rules.require_prefer_not_to_say);
      r.Bool(rf.Optional("equality_monitoring"), "rules.equality_monitoring",
             tmpl.module_rules.equality_monitoring);
      rf.ReportUnknown();
    }
    if (tmpl.module_rules.require_prefer_not_to_say) {
      for (std::size_t s = 0; s < tmpl.sections.size(); ++s) {
        for (std::size_t i = 0; i < tmpl.sections[s].items.size(); ++i) {
          const Item& item = tmpl.sections[s].items[i];
          if (!ledger.sections[s].items[i].type_known) continue;
          const std::string& path = ledger.sections[s].items[i].loc.path;
          switch (item.type) {
            case ItemType::kSingleChoice:
            case ItemType::kMultipleChoice:
              if (!item.prefer_not_to_say)
                r.Add(JoinPath(path, "prefer_not_to_say"),
                      "this module requires \"prefer_not_to_say\": true on every choice item");
              break;
            case ItemType::kShortText:
            case ItemType::kLongText:
              break;
            default:
              r.Add(JoinPath(path, "type"),
                    "this module allows only single_choice, multiple_choice, short_text and "
                    "long_text items, not " +
                        ToString(item.type));
          }
        }
      }
    }
  } else {
    f.Refuse("rules", "only modules have rules");
  }
  f.ReportUnknown();
}

}  // namespace soundings::template_detail
