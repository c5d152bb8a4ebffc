#pragma once
// `export CAMPAIGN --format csv-long|csv-wide|json [--out FILE]`: writes exactly the file the
// API's export routes serve (ReportService::Export: same suppression, BOM and quoting) and audits
// it as `responses_exported` with the actor "cli". Returns the process exit code.

#include <iosfwd>
#include <string>
#include <vector>

namespace soundings::server {

int RunExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace soundings::server
