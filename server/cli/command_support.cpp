#include "server/cli/command_support.h"

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

int PrintServiceError(const ServiceError& error, std::ostream& err) {
  err << "soundings-server: " << error.message << "\n";
  for (const auto& p : error.problems) err << "  " << p.ToString() << "\n";
  return 1;
}

}  // namespace soundings::server
