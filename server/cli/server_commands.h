#pragma once
// `serve`, `init`, `device` and `audit`: each returns the process exit code.

#include <iosfwd>
#include <string>
#include <vector>

namespace soundings::server {

int RunServeCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunInitCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunDeviceCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunAuditCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace soundings::server
