#pragma once
// `units list | set-lead UNIT PERSON|--none`: the organisation's units and who leads each, as the
// API's /api/v1/units routes manage them (AdminService: the same checks, audited with the actor
// "cli"). A unit's lead sees that unit and those below it in their team reports. Returns the
// process exit code: 0 done, 1 refused or failed (with the reason on err), 2 usage.

#include <iosfwd>
#include <string>
#include <vector>

namespace soundings::server {

int RunUnitsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace soundings::server
