#pragma once
// What the admin commands (admin_commands.cpp, venue_commands.cpp, unit_commands.cpp) share:
// opening the app over the settings they were given, and printing a service error the way every
// command does.

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "server/app.h"
#include "server/core/service_error.h"

namespace soundings::server {

/// The app over the settings `config_args` name (LoadConfig, with the SOUNDINGS_* environment);
/// nullptr after printing why to `err`.
std::unique_ptr<ServerApp> OpenAppForCommand(const std::vector<std::string>& config_args,
                                             std::ostream& err);

/// A command's answer before it reads its arguments: `usage` on `err` and status 2 when there are
/// none, on `out` and 0 when they ask for help (--help, -h); nullopt to go on.
std::optional<int> UsageOrHelp(const std::vector<std::string>& args, std::string_view usage,
                               std::ostream& out, std::ostream& err);

/// Prints `error`'s sentence and each of its problems to `err`; returns 1, the exit status.
int PrintServiceError(const ServiceError& error, std::ostream& err);

}  // namespace soundings::server
