#include "server/cli/venue_commands.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "server/app.h"
#include "server/cli/command_support.h"
#include "server/config.h"

namespace soundings::server {

namespace {

constexpr const char* kActor = "cli";

constexpr const char* kUsage =
    "Usage: soundings-server venues list\n"
    "       soundings-server venues add --id ID --name NAME [--ward WARD] [--area AREA]\n"
    "                                   [--settlement SETTLEMENT] [--postcode POSTCODE]\n"
    "       soundings-server venues set ID [--name NAME] [--ward WARD] [--area AREA]\n"
    "                                   [--settlement SETTLEMENT] [--postcode POSTCODE]\n"
    "       soundings-server venues import FILE\n"
    "  (each also takes --data DIR)\n"
    "  ID is lower-case letters, digits, '-' and '_'; it never changes, as responses keep it.\n"
    "  AREA is north or south, SETTLEMENT urban or rural; POSTCODE a full UK postcode, stored\n"
    "  as \"DL7 8AD\". 'set' changes only the options given; an empty value (--ward \"\")\n"
    "  clears a field. 'list' prints id, name, ward, area, settlement, postcode, tab-separated.\n"
    "  FILE is a CSV with a header line: id,name and optionally ward,area,settlement,postcode;\n"
    "  every row is checked first, and on any problem nothing is added.\n";

constexpr std::array<const char*, 6> kFieldOptions = {"--id",   "--name",       "--ward",
                                                      "--area", "--settlement", "--postcode"};

struct Parsed {
  std::vector<std::string> words;
  std::map<std::string, std::string> named;
  std::vector<std::string> config_args;
  std::string error;  // an option without its value
};

Parsed Split(const std::vector<std::string>& args) {
  Parsed out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool own =
        std::find(kFieldOptions.begin(), kFieldOptions.end(), a) != kFieldOptions.end();
    if (own) {
      // A value never starts with "--": "--name --data DIR" lacks the name.
      if (i + 1 >= args.size() || args[i + 1].starts_with("--")) {
        out.error = a + " needs a value";
        return out;
      }
      out.named[a] = args[++i];
    } else if (a.starts_with("--")) {
      out.config_args.push_back(a);
      if (a != "--demo" && a.find('=') == std::string::npos && i + 1 < args.size()) {
        out.config_args.push_back(args[++i]);
      }
    } else {
      out.words.push_back(a);
    }
  }
  return out;
}

std::optional<std::string> Named(const Parsed& parsed, const std::string& option) {
  auto it = parsed.named.find(option);
  if (it == parsed.named.end()) return std::nullopt;
  return it->second;
}

int Usage(std::ostream& err, const std::string& why) {
  err << "soundings-server venues: " << why << "\n" << kUsage;
  return 2;
}

void Print(const VenueRow& v, std::ostream& out) {
  out << v.id << "\t" << v.name << "\t" << v.ward << "\t" << v.area << "\t" << v.settlement << "\t"
      << v.postcode << "\n";
}

}  // namespace

int RunVenuesCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (auto answered = UsageOrHelp(args, kUsage, out, err)) return *answered;
  const Parsed parsed = Split(args);
  if (!parsed.error.empty()) return Usage(err, parsed.error);
  const std::string verb = parsed.words.empty() ? "" : parsed.words[0];
  const std::size_t words = parsed.words.size();
  if (verb == "list" || verb == "import") {
    if (words != (verb == "list" ? 1U : 2U)) {
      return Usage(err, verb == "list" ? "'list' takes no other word" : "'import' needs FILE");
    }
    if (!parsed.named.empty()) {
      return Usage(err, "'" + verb + "' takes no " + parsed.named.begin()->first);
    }
  } else if (verb == "add") {
    if (words != 1) return Usage(err, "'add' takes its id as --id ID");
    if (!parsed.named.contains("--id") || !parsed.named.contains("--name")) {
      return Usage(err, "'add' needs --id and --name");
    }
  } else if (verb == "set") {
    if (words != 2) return Usage(err, "'set' needs the venue's ID");
    if (parsed.named.contains("--id")) return Usage(err, "a venue's id cannot change");
    if (parsed.named.empty()) return Usage(err, "'set' needs at least one field to change");
  } else {
    return Usage(err, verb.empty() ? "no subcommand" : "unknown subcommand '" + verb + "'");
  }

  std::string csv;
  if (verb == "import") {
    std::ifstream in(parsed.words[1], std::ios::binary);
    if (!in) {
      err << "soundings-server: cannot read " << parsed.words[1] << "\n";
      return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    csv = text.str();
  }

  auto app = OpenAppForCommand(parsed.config_args, err);
  if (!app) return 1;
  if (verb == "list") {
    auto venues = app->venues().List();
    if (!venues) return PrintServiceError(venues.error(), err);
    for (const auto& v : *venues) Print(v, out);
    return 0;
  }
  if (verb == "add") {
    VenueRow row;
    row.id = Named(parsed, "--id").value_or("");
    row.name = Named(parsed, "--name").value_or("");
    row.ward = Named(parsed, "--ward").value_or("");
    row.area = Named(parsed, "--area").value_or("");
    row.settlement = Named(parsed, "--settlement").value_or("");
    row.postcode = Named(parsed, "--postcode").value_or("");
    auto created = app->venues().Create(row, kActor);
    if (!created) return PrintServiceError(created.error(), err);
    out << "venue " << created->id << " added\n";
    Print(*created, out);
    return 0;
  }
  if (verb == "set") {
    VenueChanges changes;
    changes.name = Named(parsed, "--name");
    changes.ward = Named(parsed, "--ward");
    changes.area = Named(parsed, "--area");
    changes.settlement = Named(parsed, "--settlement");
    changes.postcode = Named(parsed, "--postcode");
    auto updated = app->venues().Update(parsed.words[1], changes, kActor);
    if (!updated) return PrintServiceError(updated.error(), err);
    out << "venue " << updated->id << " saved\n";
    Print(*updated, out);
    return 0;
  }
  const std::string file = parsed.words[1];
  auto added = app->venues().Import(csv, file, kActor);
  if (!added) return PrintServiceError(added.error(), err);
  out << *added << (*added == 1 ? " venue" : " venues") << " imported from " << file << "\n";
  return 0;
}

}  // namespace soundings::server
