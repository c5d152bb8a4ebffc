#include "server/cli/export_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "server/app.h"
#include "server/config.h"
#include "shared/core/identifiers.h"

namespace soundings::server {

namespace {

constexpr const char* kUsage =
    "Usage: soundings-server export CAMPAIGN --format csv-long|csv-wide|json [--out FILE]\n"
    "                               [--data DIR]\n"
    "  Writes the campaign's responses exactly as the API's export routes do: CSV long (one\n"
    "  row per answer), CSV wide (one row per response) or JSON; UTF-8 with a byte-order mark\n"
    "  and RFC 4180 quoting for CSV; a 360 rater group below its minimum left out. The export\n"
    "  is written to the audit log. --out FILE (default: the API's file name, e.g.\n"
    "  CAMPAIGN-answers.csv, in the current folder); --out - writes to standard output.\n"
    "  CAMPAIGN is a campaign id: lower-case letters, digits, '-' and '_'.\n";

std::optional<ExportFormat> ParseFormat(const std::string& text) {
  if (text == "csv-long") return ExportFormat::kCsvLong;
  if (text == "csv-wide") return ExportFormat::kCsvWide;
  if (text == "json") return ExportFormat::kJson;
  return std::nullopt;
}

}  // namespace

int RunExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return 2;
  }
  std::vector<std::string> words;
  std::vector<std::string> config_args;
  std::map<std::string, std::string> named;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << kUsage;
      return 0;
    }
    if (a == "--format" || a == "--out") {
      if (i + 1 >= args.size()) {
        err << "soundings-server export: " << a << " needs a value\n" << kUsage;
        return 2;
      }
      named[a] = args[++i];
    } else if (a.starts_with("--")) {
      config_args.push_back(a);
      if (a.find('=') == std::string::npos && i + 1 < args.size()) {
        config_args.push_back(args[++i]);
      }
    } else {
      words.push_back(a);
    }
  }
  if (words.size() != 1 || !named.contains("--format")) {
    err << kUsage;
    return 2;
  }
  auto format = ParseFormat(named["--format"]);
  if (!format) {
    err << "soundings-server export: unknown format '" << named["--format"]
        << "' (known: csv-long, csv-wide, json)\n";
    return 2;
  }
  const std::string& campaign = words[0];
  // Refused before the database is opened: the default file name is built from the id, and an
  // id such as "../x" would put it outside the current folder.
  if (auto valid = CheckCampaignId(campaign); !valid) {
    err << "soundings-server export: " << valid.ErrorText() << "\n";
    return 2;
  }

  auto config = LoadConfig(config_args, SoundingsEnvironment());
  if (!config) {
    err << "soundings-server: " << config.ErrorText() << "\n";
    return 2;
  }
  auto app = ServerApp::Open(*config);
  if (!app) {
    err << "soundings-server: " << app.ErrorText() << "\n";
    return 1;
  }
  // The command line is trusted like an administrator: whoever can run it can read the data
  // folder anyway. The export is audited all the same, as the API's are.
  const Principal cli{0, "cli", "admin", ""};
  auto file = (*app)->exports().Export(cli, "cli", campaign, *format);
  if (!file) {
    err << "soundings-server: " << file.error().message << "\n";
    return 1;
  }

  // The default target is one file name in the current folder, never a path (--out names its own).
  const std::string target =
      named.contains("--out") ? named["--out"] : SafeFileName(file->filename);
  if (target == "-") {
    out.write(file->body.data(), static_cast<std::streamsize>(file->body.size()));
    out.flush();
  } else {
    std::ofstream stream(target, std::ios::binary | std::ios::trunc);
    stream.write(file->body.data(), static_cast<std::streamsize>(file->body.size()));
    stream.close();
    if (!stream) {
      err << "soundings-server: cannot write " << target << "\n";
      return 1;
    }
  }
  if (target != "-") {
    out << "wrote " << file->responses << " responses of " << campaign << " to " << target << "\n";
  }
  return 0;
}

}  // namespace soundings::server
