#pragma once
// What the admin commands (admin_commands.cpp, venue_commands.cpp) share: opening the app over
// the settings they were given, and printing a service error the way every command does.

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "server/app.h"
#include "server/core/service_error.h"

namespace soundings::server {

/// The app over the settings `config_args` name (LoadConfig, with the SOUNDINGS_* environment);
/// nullptr after printing why to `err`.
std::unique_ptr<ServerApp> OpenAppForCommand(const std::vector<std::string>& config_args,
                                             std::ostream& err);

/// Prints `error`'s sentence and each of its problems to `err`; returns 1, the exit status.
int PrintServiceError(const ServiceError& error, std::ostream& err);

}  // namespace soundings::server
