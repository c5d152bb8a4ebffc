#include "server/cli/server_commands.h"

#include <algorithm>
#include <csignal>
#include <iostream>
#include <thread>

#include <pthread.h>

#include "server/api/api_server.h"
#include "server/app.h"
#include "server/cli/deadline_closer.h"
#include "server/services/demo.h"
#include "server/store/store.h"
#include "shared/core/parse_int.h"

namespace soundings::server {

namespace {

bool WantsHelp(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

std::filesystem::path TemplateDir(const ServerConfig& config) {
  return config.template_dir.empty() ? std::filesystem::path(SOUNDINGS_TEMPLATE_DIR)
                                     : config.template_dir;
}

Result<ServerConfig> Configure(const std::vector<std::string>& args, std::ostream& err) {
  auto config = LoadConfig(args, SoundingsEnvironment());
  if (!config) err << "soundings-server: " << config.ErrorText() << "\n";
  return config;
}

Result<std::unique_ptr<ServerApp>> OpenApp(const ServerConfig& config, std::ostream& err) {
  auto app = ServerApp::Open(config);
  if (!app) err << "soundings-server: " << app.ErrorText() << "\n";
  return app;
}

void PrintInitReport(const InitReport& report, std::ostream& out, std::ostream& err) {
  for (const auto& line : report.templates.loaded) out << "loaded template " << line << "\n";
  for (const auto& line : report.templates.failed) err << "template not loaded: " << line << "\n";
  if (!report.demo) return;
  for (const auto& line : report.campaigns) out << "campaign " << line << "\n";
  for (const auto& line : report.notes) err << "note: " << line << "\n";
  out << "\nDemo organisation created.\n";
  for (const auto& sign_in : report.sign_ins) {
    std::string label = "  " + sign_in.role + " sign-in:";
    std::replace(label.begin(), label.end(), '_', ' ');  // "head of service sign-in:"
    label.resize(std::max<std::size_t>(label.size() + 1, 26), ' ');
    out << label << sign_in.username << " / " << sign_in.password << "  (" << sign_in.who << ")\n";
  }
  out << "  kiosk enrolment code:   " << report.enrolment_code << "  (valid 30 days, once)\n"
      << "  unused invitations:     " << report.invitations_file.string() << "\n";
  for (const auto& line : report.sample_invitations) out << "    " << line << "\n";
  out << "These secrets are shown only now; the server keeps only their hashes.\n";
  out << "Demo responses handed in: " << report.demo_responses;
  std::string by_campaign;
  for (const auto& [campaign, count] : report.demo_responses_by_campaign) {
    by_campaign += (by_campaign.empty() ? "" : ", ") + campaign + " " + std::to_string(count);
  }
  if (!by_campaign.empty()) out << " (" << by_campaign << ")";
  out << "\n";
  for (const auto& [campaign, count] : report.released_reports) {
    out << "Reports released in " << campaign << ": " << count << "\n";
  }
  out << "\n";
}

// Waits for SIGINT/SIGTERM on its own thread (signals are blocked everywhere else) and stops the
// server: accepting ends, in-flight batches finish and get their replies, then Serve() returns.
class SignalStopper {
 public:
  explicit SignalStopper(ApiServer& server) {
    sigemptyset(&m_signals);
    sigaddset(&m_signals, SIGINT);
    sigaddset(&m_signals, SIGTERM);
    sigaddset(&m_signals, SIGUSR1);  // our own wake-up when the server stops by itself
    pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
    m_thread = std::thread([this, &server] {
      int signal = 0;
      sigwait(&m_signals, &signal);
      if (signal != SIGUSR1) {
        std::cerr << "soundings-server: stopping (finishing requests in flight)\n";
        server.Stop();
      }
    });
  }
  ~SignalStopper() {
    pthread_kill(m_thread.native_handle(), SIGUSR1);
    m_thread.join();
  }
  SignalStopper(const SignalStopper&) = delete;
  SignalStopper& operator=(const SignalStopper&) = delete;

 private:
  sigset_t m_signals{};
  std::thread m_thread;
};

}  // namespace

int RunServeCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (WantsHelp(args)) {
    out << "Usage: soundings-server serve [--data DIR] [--port N] [--bind ADDR] [--demo] ...\n\n"
           "Serves the kiosk sync API and the administration API from the data folder.\n"
           "With --demo and an empty data folder, runs 'init --demo' first.\n\nOptions:\n"
        << ConfigHelp();
    return 0;
  }
  auto config = Configure(args, err);
  if (!config) return 2;
  const bool fresh = DataFolderIsEmpty(config->data_dir);
  auto app = OpenApp(*config, err);
  if (!app) return 1;
  if (fresh) {
    auto report = InitialiseDataFolder(**app, TemplateDir(*config), config->demo);
    if (!report) {
      err << "soundings-server: " << report.ErrorText() << "\n";
      return 1;
    }
    PrintInitReport(*report, out, err);
  }
  // Block the stop signals before any server thread starts, so they inherit the mask.
  ApiServer server(**app);
  SignalStopper stopper(server);
  auto port = server.Bind(config->bind, config->port);
  if (!port) {
    err << "soundings-server: " << port.ErrorText() << "\n";
    return 1;
  }
  out << "soundings-server listening on http://" << config->bind << ":" << *port
      << "  (data: " << config->data_dir.string() << "; Ctrl-C stops)\n"
      << "HR dashboard: http://" << (config->bind == "0.0.0.0" ? "127.0.0.1" : config->bind) << ":"
      << *port << "/\n"
      << std::flush;
  // Campaigns past their close date are closed now and every minute while serving.
  DeadlineCloser closer((**app).admin(), err);
  const bool served = server.Serve();
  out << "soundings-server stopped\n";
  return served ? 0 : 1;
}

int RunInitCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (WantsHelp(args)) {
    out << "Usage: soundings-server init [--data DIR] [--demo] [--templates DIR]\n\n"
           "Creates the database in the data folder and loads every template of the template\n"
           "folder (each one that fails is reported). --demo adds a demo organisation with\n"
           "responses to every demo campaign (handed in through sync ingest), an admin user and\n"
           "a kiosk enrolment code, printed once.\n\nOptions:\n"
        << ConfigHelp();
    return 0;
  }
  auto config = Configure(args, err);
  if (!config) return 2;
  auto app = OpenApp(*config, err);
  if (!app) return 1;
  auto report = InitialiseDataFolder(**app, TemplateDir(*config), config->demo);
  if (!report) {
    err << "soundings-server: " << report.ErrorText() << "\n";
    return 1;
  }
  PrintInitReport(*report, out, err);
  return report->templates.failed.empty() ? 0 : 1;
}

int RunDeviceCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string usage =
      "Usage: soundings-server device enrol-code [--data DIR]   create a one-time kiosk code\n"
      "       soundings-server device list [--data DIR]\n"
      "       soundings-server device revoke ID [--data DIR]     refuse the device from now on\n";
  if (args.empty() || WantsHelp(args)) {
    (args.empty() ? err : out) << usage;
    return args.empty() ? 2 : 0;
  }
  const std::string& verb = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  std::string id_text;
  if (verb == "revoke") {
    if (rest.empty() || rest[0].starts_with("--")) {
      err << usage;
      return 2;
    }
    id_text = rest[0];
    rest.erase(rest.begin());
  }
  auto config = Configure(rest, err);
  if (!config) return 2;
  auto app = OpenApp(*config, err);
  if (!app) return 1;
  if (verb == "enrol-code") {
    auto code = (*app)->devices().CreateEnrolmentCode(std::chrono::hours(24 * 7), "cli");
    if (!code) {
      err << "soundings-server: " << code.error().message << "\n";
      return 1;
    }
    out << *code << "\n";
    return 0;
  }
  if (verb == "list") {
    auto devices = (*app)->store().ListDevices();
    if (!devices) {
      err << "soundings-server: " << devices.error().message << "\n";
      return 1;
    }
    for (const auto& d : *devices) {
      out << d.id << "\t" << d.name << "\t" << (d.revoked ? "revoked" : "active") << "\t"
          << (d.last_seen_at.empty() ? "never seen" : "last seen " + d.last_seen_at) << "\n";
    }
    return 0;
  }
  if (verb == "revoke") {
    const auto id =
        ParseInteger<std::int64_t>(id_text.starts_with("dev-") ? std::string_view(id_text).substr(4)
                                                               : std::string_view(id_text),
                                   1);
    if (!id) {
      err << "soundings-server: device id \"" << id_text << "\" is not a number\n";
      return 2;
    }
    auto revoked = (*app)->devices().Revoke(*id, "cli");
    if (!revoked) {
      err << "soundings-server: " << revoked.error().message << "\n";
      return 1;
    }
    if (!*revoked) {
      err << "soundings-server: no device " << *id << "\n";
      return 1;
    }
    out << "device " << *id << " revoked\n";
    return 0;
  }
  err << "soundings-server device: unknown action '" << verb << "'\n" << usage;
  return 2;
}

// RunAuditCommand is in audit_command.cpp.

}  // namespace soundings::server
