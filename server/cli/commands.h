#pragma once

namespace soundings::server {

/// Dispatches `soundings-server COMMAND ...`; returns the process exit code.
int RunCommandLine(int argc, char** argv);

}  // namespace soundings::server
