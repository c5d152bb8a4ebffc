#pragma once
// `venues list | add | set | import`: the venues of consultations, as the API and the dashboard
// manage them (VenueService: the same checks, audited with the actor "cli"). Returns the process
// exit code: 0 done, 1 refused or failed (with the reason and every problem on err), 2 usage.

#include <iosfwd>
#include <string>
#include <vector>

namespace soundings::server {

int RunVenuesCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace soundings::server
