#include "shared/templates/parser.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <system_error>

#include "shared/core/json_path.h"
#include "shared/templates/template_reader.h"

namespace soundings {

namespace {

using nlohmann::json;
using template_detail::Ledger;
using template_detail::Loc;

// Folders searched, in order, for an included module's file.
using ModuleDirectories = std::vector<std::filesystem::path>;

struct Parsed {
  Template tmpl;
  Ledger ledger;
  Problems problems;
};

std::string Quote(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::size_t CodePoints(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Finds too-deep nesting before nlohmann's parser sees the text, and says where.
std::optional<Problem> CheckTextNesting(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  std::size_t line = 1, column = 0;
  for (char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
    }
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxTemplateNesting)
        return Problem{"", "invalid JSON at line " + std::to_string(line) + ", column " +
                               std::to_string(column) + ": nesting is deeper than " +
                               std::to_string(kMaxTemplateNesting) + " levels"};
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

// String lengths everywhere, and nesting for documents that did not come through our own parse.
// Recursion stops at the nesting limit, so it is bounded whatever the document.
void CheckLimits(const json& value, const std::string& path, int depth, Problems& problems) {
  if (value.is_string()) {
    const std::size_t length = CodePoints(value.get_ref<const std::string&>());
    if (length > kMaxTemplateStringLength)
      template_detail::Report(problems,
                              {path, "is longer than " + std::to_string(kMaxTemplateStringLength) +
                                         " characters (" + std::to_string(length) + ")"});
    return;
  }
  if (!value.is_structured()) return;
  if (depth > kMaxTemplateNesting) {
    template_detail::Report(problems, {path, "nesting is deeper than " +
                                                 std::to_string(kMaxTemplateNesting) + " levels"});
    return;
  }
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      CheckLimits(value[i], IndexPath(path, i), depth + 1, problems);
    return;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string child = JoinPath(path, it.key());
    if (CodePoints(it.key()) > kMaxTemplateStringLength) {
      template_detail::Report(problems,
                              {path, "has a field name longer than " +
                                         std::to_string(kMaxTemplateStringLength) + " characters"});
      continue;
    }
    CheckLimits(*it, child, depth + 1, problems);
  }
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ..." becomes
// "invalid JSON at line 1, column 2: ...".
std::string JsonErrorMessage(const std::string& what) {
  std::string text = what;
  if (!text.empty() && text[0] == '[') {
    auto close = text.find("] ");
    if (close != std::string::npos) text.erase(0, close + 2);
  }
  static const std::string kParseError = "parse error ";
  if (text.compare(0, kParseError.size(), kParseError) == 0)
    return "invalid JSON " + text.substr(kParseError.size());
  return "invalid JSON: " + text;
}

// nlohmann keeps the last of two equal keys without a word; a repeated field is almost always a
// mistake (two "text"s after a copy and paste), so say so, with its path.
class DuplicateKeyFinder {
 public:
  explicit DuplicateKeyFinder(Problems& problems) : m_problems(problems) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        m_frames.push_back({ChildPath(), event == json::parse_event_t::array_start, 0, {}, {}});
        break;
      case json::parse_event_t::key: {
        Frame& frame = m_frames.back();
        frame.key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.key).second)
          template_detail::Report(
              m_problems, {JoinPath(frame.path, frame.key),
                           "field " + Quote(frame.key) + " is given twice; only the last is kept"});
        break;
      }
      case json::parse_event_t::value:
        if (!m_frames.empty() && m_frames.back().is_array) ++m_frames.back().next_index;
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        m_frames.pop_back();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    std::string path;
    bool is_array;
    std::size_t next_index;
    std::string key;  // the latest key of an object
    std::set<std::string> keys;
  };

  // The path of a container that starts now, and counts it as an element of an array parent.
  std::string ChildPath() {
    if (m_frames.empty()) return "";
    Frame& parent = m_frames.back();
    if (parent.is_array) return IndexPath(parent.path, parent.next_index++);
    return JoinPath(parent.path, parent.key);
  }

  Problems& m_problems;
  std::vector<Frame> m_frames;
};

std::optional<json> ParseJson(std::string_view text, Problems& problems) {
  if (text.size() > kMaxTemplateBytes) {
    problems.push_back({"", "the file is " + std::to_string(text.size()) +
                                " bytes; a template may be at most 2 MiB (" +
                                std::to_string(kMaxTemplateBytes) + " bytes)"});
    return std::nullopt;
  }
  if (auto nesting = CheckTextNesting(text)) {
    problems.push_back(*nesting);
    return std::nullopt;
  }
  try {
    DuplicateKeyFinder duplicates(problems);
    return json::parse(text.begin(), text.end(), std::ref(duplicates));
  } catch (const json::exception& e) {
    problems.push_back({"", JsonErrorMessage(e.what())});
  } catch (const std::exception& e) {
    problems.push_back({"", std::string("cannot read the JSON: ") + e.what()});
  }
  return std::nullopt;
}

enum class ReadError { kNone, kMissing, kNotAFile, kTooLarge, kUnreadable };

// Reads at most one byte more than a template may have, so a huge file is refused cheaply.
ReadError ReadSmallFile(const std::filesystem::path& file, std::string& out) {
  std::error_code ec;
  auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) return ReadError::kMissing;
  if (std::filesystem::is_directory(status)) return ReadError::kNotAFile;
  std::ifstream in(file, std::ios::binary);
  if (!in) return ReadError::kUnreadable;
  out.resize(kMaxTemplateBytes + 1);
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  if (in.bad()) return ReadError::kUnreadable;
  out.resize(static_cast<std::size_t>(in.gcount()));
  if (out.size() > kMaxTemplateBytes) return ReadError::kTooLarge;
  return ReadError::kNone;
}

std::string DescribeReadError(ReadError error) {
  switch (error) {
    case ReadError::kMissing:
      return "no such file";
    case ReadError::kNotAFile:
      return "is a directory, not a template file";
    case ReadError::kTooLarge:
      return "the file is larger than 2 MiB (" + std::to_string(kMaxTemplateBytes) +
             " bytes), the most a template may be";
    case ReadError::kUnreadable:
      return "the file cannot be read";
    case ReadError::kNone:
      break;
  }
  return "";
}

Parsed ParseDocument(const json& document, const ModuleDirectories& directories);

// Reads, validates and merges the module named by `include`.
void IncludeModule(const template_detail::Reference& include, const ModuleDirectories& directories,
                   Parsed& into) {
  const std::string& id = include.id;
  const std::string& include_path = include.loc.path;
  auto problem = [&](const std::string& message) {
    template_detail::Report(into.problems, {include_path, message});
  };

  std::string text;
  std::filesystem::path found;
  std::vector<std::string> looked;
  ReadError error = ReadError::kMissing;
  for (const auto& dir : directories) {
    std::filesystem::path candidate = dir / (id + ".json");
    looked.push_back(candidate.string());
    error = ReadSmallFile(candidate, text);
    if (error != ReadError::kMissing) {
      found = candidate;
      break;
    }
  }
  if (error == ReadError::kMissing) {
    problem("unknown module " + Quote(id) + " (no file " +
            template_detail::JoinList(looked, " or ") + ")");
    return;
  }
  if (error != ReadError::kNone) {
    problem("module " + Quote(id) + " (" + found.string() + "): " + DescribeReadError(error));
    return;
  }

  Problems json_problems;
  std::optional<json> document = ParseJson(text, json_problems);
  Parsed module;
  if (document) {
    // A module's own modules are refused by the reader, so this recursion is one level deep.
    module = ParseDocument(*document, {});
  }
  module.problems.insert(module.problems.begin(), json_problems.begin(), json_problems.end());
  if (!module.problems.empty()) {
    for (const auto& p : module.problems) problem("module " + Quote(id) + ": " + p.ToString());
    return;
  }
  Template& m = module.tmpl;
  if (m.kind != TemplateKind::kModule) {
    problem(Quote(id) + " is not a module: its kind is " + ToString(m.kind));
    return;
  }
  if (m.id != id) {
    problem("module file " + found.filename().string() + " has the id " + Quote(m.id) + ", not " +
            Quote(id));
    return;
  }
  bool languages_ok = true;
  for (const auto& language : into.tmpl.languages) {
    if (std::find(m.languages.begin(), m.languages.end(), language) == m.languages.end()) {
      problem("module " + Quote(id) + " has no " + Quote(language) + " translation (it offers " +
              template_detail::JoinList(m.languages) + ")");
      languages_ok = false;
    }
  }
  if (!languages_ok) return;

  template_detail::KeepLanguages(m, into.tmpl.languages);
  module.ledger.MoveIntoModule(include_path, id);
  for (auto& scale : m.scales) into.tmpl.scales.push_back(std::move(scale));
  for (auto& section : m.sections) {
    section.module = id;
    if (m.module_rules.equality_monitoring) section.equality_monitoring = true;
    into.tmpl.sections.push_back(std::move(section));
  }
  into.ledger.Append(module.ledger);
}

Parsed ParseDocument(const json& document, const ModuleDirectories& directories) {
  Parsed parsed;
  CheckLimits(document, "", 1, parsed.problems);
  template_detail::ReadTemplate(document, parsed.tmpl, parsed.ledger, parsed.problems);
  if (!parsed.ledger.includes.empty() && parsed.tmpl.kind != TemplateKind::kModule) {
    // Texts of an included module are checked against these languages; without them, every
    // module would look wrong.
    const bool languages_read = !parsed.tmpl.languages.empty();
    for (const auto& include : parsed.ledger.includes) {
      if (languages_read) IncludeModule(include, directories, parsed);
    }
  }
  template_detail::CheckTemplate(parsed.tmpl, parsed.ledger, parsed.problems);
  return parsed;
}

Result<Template> Finish(Parsed parsed) {
  if (parsed.problems.size() >= template_detail::kMaxReportedProblems)
    parsed.problems.push_back({"", "only the first " +
                                       std::to_string(template_detail::kMaxReportedProblems) +
                                       " problems are listed"});
  if (!parsed.problems.empty()) return std::move(parsed.problems);
  return std::move(parsed.tmpl);
}

// Never let anything escape the API: a problem is better than a crash in a caller.
template <typename Function>
Result<Template> Guarded(Function function) {
  try {
    return function();
  } catch (const std::exception& e) {
    return Problem{"", std::string("the template cannot be read: ") + e.what()};
  } catch (...) {
    return Problem{"", "the template cannot be read"};
  }
}

Result<Template> ParseText(std::string_view json_text, const ModuleDirectories& directories) {
  return Guarded([&]() -> Result<Template> {
    Problems problems;
    std::optional<json> document = ParseJson(json_text, problems);
    if (!document) return problems;
    Parsed parsed = ParseDocument(*document, directories);
    parsed.problems.insert(parsed.problems.begin(), problems.begin(), problems.end());
    return Finish(std::move(parsed));
  });
}

}  // namespace

Result<Template> ParseTemplate(std::string_view json_text, const ModuleSource& modules) {
  return ParseText(json_text, {modules.directory});
}

Result<Template> ParseTemplate(const std::string& json_text, const ModuleSource& modules) {
  return ParseText(json_text, {modules.directory});
}

Result<Template> ParseTemplate(const char* json_text, const ModuleSource& modules) {
  return ParseText(json_text ? std::string_view(json_text) : std::string_view(),
                   {modules.directory});
}

Result<Template> ParseTemplate(const json& document, const ModuleSource& modules) {
  return Guarded([&]() { return Finish(ParseDocument(document, {modules.directory})); });
}

Result<Template> LoadTemplateFile(const std::filesystem::path& file) {
  ModuleDirectories directories{file.parent_path() / "modules"};
  std::filesystem::path bundled = std::filesystem::path(SOUNDINGS_TEMPLATE_DIR) / "modules";
  std::error_code ec;
  if (!std::filesystem::equivalent(directories.front(), bundled, ec) || ec)
    directories.push_back(bundled);
  return Guarded([&]() -> Result<Template> {
    std::string text;
    if (ReadError error = ReadSmallFile(file, text); error != ReadError::kNone)
      return Problem{"", DescribeReadError(error)};
    return ParseText(text, directories);
  });
}

Result<Template> LoadTemplateFile(const std::filesystem::path& file, const ModuleSource& modules) {
  return Guarded([&]() -> Result<Template> {
    std::string text;
    if (ReadError error = ReadSmallFile(file, text); error != ReadError::kNone)
      return Problem{"", DescribeReadError(error)};
    return ParseText(text, {modules.directory});
  });
}

}  // namespace soundings
