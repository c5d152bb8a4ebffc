#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace soundings::server {

/// `template check FILE...` and `template show FILE`; returns the exit code.
int RunTemplateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace soundings::server
