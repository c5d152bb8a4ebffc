#include "server/cli/template_commands.h"

#include <algorithm>
#include <ostream>

#include "shared/templates/parser.h"
#include "shared/templates/template_checks.h"

namespace soundings::server {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitProblems = 1;
constexpr int kExitUsage = 2;

void PrintUsage(std::ostream& out) {
  out << "Usage:\n"
         "  soundings-server template check FILE...\n"
         "      Validate template files. Prints \"FILE: ok\" for each valid file, otherwise every\n"
         "      problem as \"FILE: path: message\". Exit status 0 when all are valid, 1 if not.\n"
         "      A valid file with texts missing in one of its languages (shown in the first\n"
         "      language instead) gets a \"FILE: warning: ...\" line per language naming them.\n"
         "  soundings-server template show FILE [--language CODE]\n"
         "      Print a readable outline: title, kind, version, languages, scales, rater\n"
         "      groups, sections and items with their types, logic and replaces.\n"
         "\n"
         "Modules named in \"include\" are read from modules/ beside FILE, then from the\n"
         "bundled templates/modules/.\n";
}

bool IsHelp(const std::string& arg) { return arg == "--help" || arg == "-h" || arg == "help"; }

void PrintProblems(const std::string& file, const Problems& problems, std::ostream& out) {
  for (const auto& p : problems) out << file << ": " << p.ToString() << "\n";
}

int Check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> files;
  for (const auto& arg : args) {
    if (IsHelp(arg)) {
      PrintUsage(out);
      return kExitOk;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      err << "template check: unknown option '" << arg << "'\n";
      return kExitUsage;
    }
    files.push_back(arg);
  }
  if (files.empty()) {
    err << "template check: name at least one template file\n\n";
    PrintUsage(err);
    return kExitUsage;
  }
  int exit_code = kExitOk;
  for (const auto& file : files) {
    auto loaded = LoadTemplateFile(file);
    if (loaded.ok()) {
      out << file << ": ok\n";
      for (const auto& [language, texts] : UntranslatedTexts(loaded.value())) {
        out << file << ": warning: " << texts.size()
            << (texts.size() == 1 ? " text has" : " texts have") << " no \"" << language
            << "\" translation and " << (texts.size() == 1 ? "shows" : "show") << " in \""
            << loaded.value().DefaultLanguage() << "\": ";
        for (std::size_t i = 0; i < texts.size(); ++i) out << (i ? ", " : "") << texts[i];
        out << "\n";
      }
    } else {
      PrintProblems(file, loaded.problems(), out);
      exit_code = kExitProblems;
    }
  }
  return exit_code;
}

int Show(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string file, language;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (IsHelp(arg)) {
      PrintUsage(out);
      return kExitOk;
    }
    if (arg == "--language" || arg == "-l") {
      if (i + 1 == args.size()) {
        err << "template show: --language needs a language code, e.g. --language cy\n";
        return kExitUsage;
      }
      language = args[++i];
    } else if (arg.rfind("--language=", 0) == 0) {
      language = arg.substr(std::string("--language=").size());
    } else if (arg.size() > 1 && arg[0] == '-') {
      err << "template show: unknown option '" << arg << "'\n";
      return kExitUsage;
    } else if (file.empty()) {
      file = arg;
    } else {
      err << "template show: one file at a time ('" << file << "' and '" << arg << "')\n";
      return kExitUsage;
    }
  }
  if (file.empty()) {
    err << "template show: name a template file\n\n";
    PrintUsage(err);
    return kExitUsage;
  }
  auto loaded = LoadTemplateFile(file);
  if (!loaded.ok()) {
    PrintProblems(file, loaded.problems(), err);
    return kExitProblems;
  }
  const Template& tmpl = loaded.value();
  if (language.empty()) language = tmpl.DefaultLanguage();
  if (std::find(tmpl.languages.begin(), tmpl.languages.end(), language) == tmpl.languages.end()) {
    std::string known;
    for (const auto& l : tmpl.languages) known += (known.empty() ? "" : ", ") + l;
    err << file << ": the template has no \"" << language << "\" language (it has " << known
        << ")\n";
    return kExitProblems;
  }
  out << Outline(tmpl, language);
  return kExitOk;
}

}  // namespace

int RunTemplateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    PrintUsage(err);
    return kExitUsage;
  }
  const std::string& sub = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (IsHelp(sub)) {
    PrintUsage(out);
    return kExitOk;
  }
  if (sub == "check") return Check(rest, out, err);
  if (sub == "show") return Show(rest, out, err);
  err << "template: unknown subcommand '" << sub << "' (check or show)\n\n";
  PrintUsage(err);
  return kExitUsage;
}

}  // namespace soundings::server
