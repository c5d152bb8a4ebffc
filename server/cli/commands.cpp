#include "server/cli/commands.h"

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "server/cli/admin_commands.h"
#include "server/cli/export_command.h"
#include "server/cli/server_commands.h"
#include "server/cli/template_commands.h"
#include "server/cli/unit_commands.h"
#include "server/cli/venue_commands.h"

namespace soundings::server {

namespace {
void PrintUsage(std::ostream& out) {
  out << "Usage: soundings-server COMMAND [ARGS...]\n\n"
         "Commands:\n"
         "  serve [--data DIR] [--port N] [--bind ADDR] [--demo]\n"
         "                           serve the API (--demo: demo data in an empty folder)\n"
         "  init [--data DIR] [--demo]\n"
         "                           create the database, load templates, optional demo\n"
         "  device enrol-code|list|revoke ID\n"
         "                           kiosk enrolment codes and revocation\n"
         "  user add|list|role       users and their roles (admin, hr, manager, analyst,\n"
         "                           head_of_service)\n"
         "  campaign list|create|state\n"
         "                           campaigns and their state (draft, open, closing, closed)\n"
         "  people import FILE       people (and --units FILE), all or nothing\n"
         "  units list|set-lead UNIT PERSON|--none\n"
         "                           organisation units and who leads each (team scope)\n"
         "  nominations import CAMPAIGN FILE\n"
         "                           360 raters and their groups, all or nothing\n"
         "  invitations export CAMPAIGN\n"
         "                           make and print invitation codes (shown once)\n"
         "  export CAMPAIGN --format csv-long|csv-wide|json [--out FILE]\n"
         "                           responses as the API exports them (audited)\n"
         "  venues list|add|set|import\n"
         "                           consultation venues: name, ward, area, settlement,\n"
         "                           postcode\n"
         "  audit verify [--archive FILE]\n"
         "                           check the audit log's hash chain (or an archive's)\n"
         "  audit rollup --before DATE [--archive FILE] [--force]\n"
         "                           move older entries to an archive behind a checkpoint\n"
         "  template check FILE...   validate template files; list every problem\n"
         "  template show FILE       print a template's outline\n"
         "\nRun 'soundings-server COMMAND --help' for a command's options.\n";
}
}  // namespace

int RunCommandLine(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "template") return RunTemplateCommand(args, std::cout, std::cerr);
  if (command == "serve") return RunServeCommand(args, std::cout, std::cerr);
  if (command == "init") return RunInitCommand(args, std::cout, std::cerr);
  if (command == "device") return RunDeviceCommand(args, std::cout, std::cerr);
  if (command == "audit") return RunAuditCommand(args, std::cout, std::cerr);
  if (command == "user") return RunUserCommand(args, std::cout, std::cerr);
  if (command == "campaign") return RunCampaignCommand(args, std::cout, std::cerr);
  if (command == "people") return RunPeopleCommand(args, std::cout, std::cerr);
  if (command == "nominations") return RunNominationsCommand(args, std::cout, std::cerr);
  if (command == "invitations") return RunInvitationsCommand(args, std::cout, std::cerr);
  if (command == "export") return RunExportCommand(args, std::cout, std::cerr);
  if (command == "venues") return RunVenuesCommand(args, std::cout, std::cerr);
  if (command == "units") return RunUnitsCommand(args, std::cout, std::cerr);
  std::cerr << "soundings-server: unknown command '" << command << "'\n\n";
  PrintUsage(std::cerr);
  return 2;
}

}  // namespace soundings::server
