#include "server/cli/unit_commands.h"

#include <iostream>

#include "server/app.h"
#include "server/cli/command_support.h"

namespace soundings::server {

namespace {

constexpr const char* kActor = "cli";

constexpr const char* kUsage =
    "Usage: soundings-server units list\n"
    "       soundings-server units set-lead UNIT PERSON\n"
    "       soundings-server units set-lead UNIT --none\n"
    "  (each also takes --data DIR)\n"
    "  'list' prints id, kind, parent, lead and name, tab-separated ('-' for none).\n"
    "  'set-lead' makes PERSON (a person id from the people import) the lead of UNIT: a manager\n"
    "  signed in as that person then sees UNIT and the units below it in team reports.\n"
    "  --none clears the lead.\n";

int Usage(std::ostream& err, const std::string& why) {
  err << "soundings-server units: " << why << "\n" << kUsage;
  return 2;
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

}  // namespace

int RunUnitsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (auto answered = UsageOrHelp(args, kUsage, out, err)) return *answered;
  std::vector<std::string> words;
  std::vector<std::string> config_args;
  bool none = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--none") {
      none = true;
    } else if (a.starts_with("--")) {
      config_args.push_back(a);
      if (a != "--demo" && a.find('=') == std::string::npos && i + 1 < args.size()) {
        config_args.push_back(args[++i]);
      }
    } else {
      words.push_back(a);
    }
  }
  const std::string verb = words.empty() ? "" : words[0];
  if (verb == "list") {
    if (words.size() != 1 || none) return Usage(err, "'list' takes no other word");
  } else if (verb == "set-lead") {
    // Exactly one of PERSON and --none: a forgotten PERSON must not clear a lead by accident.
    if (words.size() != (none ? 2U : 3U)) {
      return Usage(err, "'set-lead' needs UNIT and either PERSON or --none");
    }
  } else {
    return Usage(err, verb.empty() ? "no subcommand" : "unknown subcommand '" + verb + "'");
  }

  auto app = OpenAppForCommand(config_args, err);
  if (!app) return 1;
  if (verb == "list") {
    auto units = app->admin().ListUnits();
    if (!units) return PrintServiceError(units.error(), err);
    for (const auto& u : *units) {
      out << u.id << "\t" << u.kind << "\t" << OrDash(u.parent_id) << "\t"
          << OrDash(u.lead_person_id) << "\t" << u.name << "\n";
    }
    return 0;
  }
  const std::string person = none ? "" : words[2];
  auto unit = app->admin().SetUnitLead(words[1], person, kActor);
  if (!unit) return PrintServiceError(unit.error(), err);
  if (person.empty()) {
    out << "unit " << unit->id << " has no lead now\n";
  } else {
    out << "unit " << unit->id << " is led by " << person << " now\n";
  }
  return 0;
}

}  // namespace soundings::server
