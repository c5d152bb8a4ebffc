#include "server/cli/command_support.h"

#include <algorithm>
#include <utility>

#include "server/config.h"

namespace soundings::server {

std::unique_ptr<ServerApp> OpenAppForCommand(const std::vector<std::string>& config_args,
                                             std::ostream& err) {
  auto config = LoadConfig(config_args, SoundingsEnvironment());
  if (!config) {
    err << "soundings-server: " << config.ErrorText() << "\n";
    return nullptr;
  }
  auto app = ServerApp::Open(*config);
  if (!app) {
    err << "soundings-server: " << app.ErrorText() << "\n";
    return nullptr;
  }
  return std::move(app).value();
}

std::optional<int> UsageOrHelp(const std::vector<std::string>& args, std::string_view usage,
                               std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << usage;
    return 2;
  }
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    out << usage;
    return 0;
  }
  return std::nullopt;
}

int PrintServiceError(const ServiceError& error, std::ostream& err) {
  err << "soundings-server: " << error.message << "\n";
  for (const auto& p : error.problems) err << "  " << p.ToString() << "\n";
  return 1;
}

}  // namespace soundings::server
