#include "server/cli/admin_commands.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "server/app.h"
#include "server/cli/command_support.h"
#include "server/services/admin.h"
#include "shared/core/parse_int.h"

namespace soundings::server {

namespace {

constexpr const char* kActor = "cli";

bool WantsHelp(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

// Splits args into positional words and the --options LoadConfig understands; named options of
// the command itself (e.g. --role) are taken out into `named`.
struct Parsed {
  std::vector<std::string> words;
  std::map<std::string, std::string> named;
  std::vector<std::string> config_args;
};

Parsed Split(const std::vector<std::string>& args, const std::vector<std::string>& own) {
  Parsed out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (std::find(own.begin(), own.end(), a) != own.end() && i + 1 < args.size()) {
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

std::optional<std::string> ReadFile(const std::string& path, std::ostream& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "soundings-server: cannot read " << path << "\n";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int RunUserCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string usage =
      "Usage: soundings-server user add NAME --role ROLE [--person ID]\n"
      "       soundings-server user list\n"
      "       soundings-server user role NAME ROLE\n"
      "  ROLE is admin, hr, manager, analyst or head_of_service\n"
      "  (each also takes --data DIR; 'add' prints the new user's password once)\n";
  if (args.empty() || WantsHelp(args)) {
    (args.empty() ? err : out) << usage;
    return args.empty() ? 2 : 0;
  }
  auto parsed = Split(args, {"--role", "--person"});
  if (parsed.words.empty()) {
    err << usage;
    return 2;
  }
  const std::string verb = parsed.words[0];
  if ((verb == "add" && (parsed.words.size() != 2 || !parsed.named.contains("--role"))) ||
      (verb == "role" && parsed.words.size() != 3) ||
      (verb == "list" && parsed.words.size() != 1)) {
    err << usage;
    return 2;
  }
  auto app = OpenAppForCommand(parsed.config_args, err);
  if (!app) return 1;
  if (verb == "add") {
    auto password = app->auth().CreateUser(parsed.words[1], parsed.named["--role"],
                                           parsed.named["--person"], kActor);
    if (!password) return PrintServiceError(password.error(), err);
    out << "user " << parsed.words[1] << " (" << parsed.named["--role"]
        << ") created; password: " << *password << "\n";
    return 0;
  }
  if (verb == "list") {
    auto users = app->store().ListUsers();
    if (!users) return PrintServiceError(StorageError(users.error()), err);
    for (const auto& u : *users) out << u.username << "\t" << u.role << "\t" << u.person_id << "\n";
    return 0;
  }
  if (verb == "role") {
    auto changed = app->auth().SetRole(parsed.words[1], parsed.words[2], kActor);
    if (!changed) return PrintServiceError(changed.error(), err);
    out << "user " << parsed.words[1] << " is now " << parsed.words[2] << "\n";
    return 0;
  }
  err << usage;
  return 2;
}

int RunCampaignCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string usage =
      "Usage: soundings-server campaign list\n"
      "       soundings-server campaign create ID --template TEMPLATE_ID --version N --title T\n"
      "       soundings-server campaign state ID draft|open|closing|closed\n"
      "  (each also takes --data DIR)\n"
      "  ID is 1 to 64 lower-case letters, digits, '-' and '_', starting with a letter or digit.\n";
  if (args.empty() || WantsHelp(args)) {
    (args.empty() ? err : out) << usage;
    return args.empty() ? 2 : 0;
  }
  auto parsed = Split(args, {"--template", "--version", "--title"});
  const std::string verb = parsed.words.empty() ? "" : parsed.words[0];
  if ((verb == "list" && parsed.words.size() != 1) ||
      (verb == "create" && (parsed.words.size() != 2 || !parsed.named.contains("--template") ||
                            !parsed.named.contains("--version"))) ||
      (verb == "state" && parsed.words.size() != 3) ||
      (verb != "list" && verb != "create" && verb != "state")) {
    err << usage;
    return 2;
  }
  auto app = OpenAppForCommand(parsed.config_args, err);
  if (!app) return 1;
  if (verb == "list") {
    auto campaigns = app->store().ListCampaigns();
    if (!campaigns) return PrintServiceError(StorageError(campaigns.error()), err);
    for (const auto& c : *campaigns) {
      out << c.id << "\t" << c.state << "\t" << c.kind << "\t" << c.template_id << " v"
          << c.template_version << "\t" << c.title << "\n";
    }
    return 0;
  }
  if (verb == "create") {
    CampaignRow row;
    row.id = parsed.words[1];
    row.template_id = parsed.named["--template"];
    const auto version = ParseInteger<int>(parsed.named["--version"], 1);
    if (!version) {
      err << "soundings-server: --version must be a whole number from 1\n";
      return 2;
    }
    row.template_version = *version;
    row.title = parsed.named.contains("--title") ? parsed.named["--title"] : row.id;
    auto created = app->admin().CreateCampaign(row, kActor);
    if (!created) return PrintServiceError(created.error(), err);
    out << "campaign " << created->id << " created (" << created->kind << ", draft)\n";
    return 0;
  }
  auto changed = app->admin().SetCampaignState(parsed.words[1], parsed.words[2], kActor);
  if (!changed) return PrintServiceError(changed.error(), err);
  out << "campaign " << changed->id << " is now " << changed->state << "\n";
  return 0;
}

int RunPeopleCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string usage =
      "Usage: soundings-server people import PEOPLE.csv [--units UNITS.csv] [--data DIR]\n"
      "  PEOPLE.csv columns: id,display_name,unit_id[,email]\n"
      "  UNITS.csv columns:  id,name,kind,parent_id   (kind: organisation, directorate,\n"
      "                      service or team)\n"
      "  Every row is checked first; any problem is reported with its line and nothing changes.\n";
  if (args.empty() || WantsHelp(args)) {
    (args.empty() ? err : out) << usage;
    return args.empty() ? 2 : 0;
  }
  auto parsed = Split(args, {"--units"});
  if (parsed.words.size() != 2 || parsed.words[0] != "import") {
    err << usage;
    return 2;
  }
  auto people = ReadFile(parsed.words[1], err);
  if (!people) return 1;
  std::string units_text;
  if (parsed.named.contains("--units")) {
    auto units = ReadFile(parsed.named["--units"], err);
    if (!units) return 1;
    units_text = *units;
  }
  auto app = OpenAppForCommand(parsed.config_args, err);
  if (!app) return 1;
  auto counts = app->admin().ImportPeople(units_text, parsed.named["--units"], *people,
                                          parsed.words[1], kActor);
  if (!counts) return PrintServiceError(counts.error(), err);
  out << "imported " << counts->units << " units and " << counts->people << " people\n";
  return 0;
}

int RunNominationsCommand(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err) {
  const std::string usage =
      "Usage: soundings-server nominations import CAMPAIGN NOMINATIONS.csv [--data DIR]\n"
      "  columns: subject_id,rater_id,rater_group (people ids; groups of the campaign's "
      "template)\n"
      "  Every row is checked first; any problem is reported with its line and nothing changes.\n";
  if (args.empty() || WantsHelp(args)) {
    (args.empty() ? err : out) << usage;
    return args.empty() ? 2 : 0;
  }
  auto parsed = Split(args, {});
  if (parsed.words.size() != 3 || parsed.words[0] != "import") {
    err << usage;
    return 2;
  }
  auto text = ReadFile(parsed.words[2], err);
  if (!text) return 1;
  auto app = OpenAppForCommand(parsed.config_args, err);
  if (!app) return 1;
  auto counts = app->admin().ImportNominations(parsed.words[1], *text, parsed.words[2], kActor);
  if (!counts) return PrintServiceError(counts.error(), err);
  out << "imported " << counts->nominations << " nominations for " << counts->subjects
      << " subjects\n";
  return 0;
}

int RunInvitationsCommand(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err) {
  const std::string usage =
      "Usage: soundings-server invitations export CAMPAIGN [--out FILE] [--days N] [--data DIR]\n"
      "  Makes an invitation code for every nomination that has none and writes them as CSV\n"
      "  (to FILE or standard output). Codes are shown only this once; the server keeps hashes.\n";
  if (args.empty() || WantsHelp(args)) {
    (args.empty() ? err : out) << usage;
    return args.empty() ? 2 : 0;
  }
  auto parsed = Split(args, {"--out", "--days"});
  if (parsed.words.size() != 2 || parsed.words[0] != "export") {
    err << usage;
    return 2;
  }
  int days = 28;
  if (parsed.named.contains("--days")) {
    const auto parsed_days = ParseInteger<int>(parsed.named["--days"]);
    if (!parsed_days) {
      err << "soundings-server: --days must be a whole number\n";
      return 2;
    }
    days = *parsed_days;
  }
  auto app = OpenAppForCommand(parsed.config_args, err);
  if (!app) return 1;
  auto made = app->admin().ExportInvitations(parsed.words[1], days, kActor);
  if (!made) return PrintServiceError(made.error(), err);
  const std::string csv = InvitationsCsv(parsed.words[1], *made);
  if (parsed.named.contains("--out")) {
    std::ofstream file(parsed.named["--out"], std::ios::binary);
    file << csv;
    if (!file) {
      err << "soundings-server: cannot write " << parsed.named["--out"] << "\n";
      return 1;
    }
    out << made->size() << " invitations written to " << parsed.named["--out"] << "\n";
  } else {
    out << csv;
  }
  return 0;
}

}  // namespace soundings::server
