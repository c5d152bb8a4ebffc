// Sign-in flood (issue 16, case 6): 500 clients at once send sign-ins with invented names and
// wrong passwords for a real one, each from its own address (the server trusts loopback as a
// proxy, so X-Forwarded-For spreads the flood over 500 addresses, as a botnet would, and the
// per-address limits do not simply refuse it), while 4 kiosks keep syncing. The server runs in a
// child process so its memory is measured alone from /proc/PID/status; with two cores or more it
// has core 0 to itself, and the load generator (attackers at the lowest priority, kiosks at the
// normal one) the others.
//
//   bench_signin_flood [--quick] [--clients N] [--seconds N]
//   BENCH signin_flood_rss_mb <x> MB        the server's peak RSS during the flood minus its RSS
//                                           before it (goal <= 64)
//   BENCH signin_flood_sync_p99_ms <x> ms   p99 of a sync batch's round trip during the flood
//                                           (goal <= 100)
//   BENCH signin_flood_sync_p50_ms <x> ms   its median
//   BENCH signin_flood_sync_quiet_p99_ms <x> ms   the same before the flood, for comparison
//   BENCH signin_flood_attempts_per_s <x> attempts/s   sign-ins answered (401, 429 or 200)
//   BENCH signin_flood_errors <n> count     syncs failed or not accepted, sign-ins unanswered
//
// Before issue 16 every attempt ran argon2id at 19 MiB on a thread of a 1,024-thread pool: 150
// parallel sign-ins took the server from 116 MB to 2.4 GB and sync p50 from 3 to 108 ms.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/likert_consultation.h"
#include "bench/server_process.h"
#include "server/api/api_server.h"
#include "server/app.h"
#include "shared/sync/protocol.h"

namespace {

using namespace soundings;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kKiosks = 4;
constexpr int kAnswersPerResponse = 20;

int Fail(const std::string& message) {
  std::cerr << "bench_signin_flood: " << message << "\n";
  return 1;
}

// The server process: a consultation, kKiosks enrolled devices and one hr user; serves on a free
// loopback port trusting loopback as its proxy, writes one JSON line (port, device tokens) to
// `out`, and serves until SIGTERM.
// With two cores or more, the server gets core 0 to itself and this load generator the others, so
// the figures are the server's and not its competition with 500 client threads for a core.
void Pin(bool server) {
  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 2) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (server) {
    CPU_SET(0, &set);
  } else {
    for (long c = 1; c < cores; ++c) CPU_SET(static_cast<int>(c), &set);
  }
  ::sched_setaffinity(0, sizeof(set), &set);
}

int RunServer(const std::filesystem::path& dir, int out) {
  Pin(true);
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, nullptr);

  server::ServerConfig config;
  config.data_dir = dir / "data";
  config.port = 0;
  config.trusted_proxies = {"127.0.0.1"};
  auto app = server::ServerApp::Open(config);
  if (!app) return Fail(app.ErrorText());
  std::filesystem::create_directories(dir / "templates");
  std::ofstream(dir / "templates" / "flood.json")
      << bench::LikertConsultation("flood", "Flood", kAnswersPerResponse).dump();
  auto loaded = (*app)->templates().LoadDirectory(dir / "templates");
  if (!loaded.failed.empty()) return Fail(loaded.failed.front());
  if (!(*app)->store().AddCampaign({"flood", "flood", 1, "Flood", "consultation", "open"})) {
    return Fail("cannot add the campaign");
  }
  json hello = {{"tokens", json::array()}};
  for (int k = 0; k < kKiosks; ++k) {
    auto code = (*app)->devices().CreateEnrolmentCode(std::chrono::hours(1), "bench");
    auto device = (*app)->devices().Enrol(*code, "kiosk " + std::to_string(k));
    if (!device) return Fail(device.error().message);
    hello["tokens"].push_back(device->token);
  }
  if (auto made = (*app)->auth().CreateUser("hr.officer", "hr", "", "bench"); !made) {
    return Fail(made.error().message);
  }
  server::ApiServer api(**app);
  auto port = api.Bind("127.0.0.1", 0);
  if (!port) return Fail(port.ErrorText());
  hello["port"] = *port;
  std::thread serving([&] { api.Serve(); });
  const std::string line = hello.dump() + "\n";
  if (::write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    return Fail("cannot tell the load generator the port");
  }
  ::close(out);
  int signal_number = 0;
  sigwait(&term, &signal_number);
  api.Stop();
  serving.join();
  return 0;
}

using bench::Percentile;
using bench::ServerRssMb;

struct Shared {
  std::atomic<bool> flooding{false};
  std::atomic<bool> stop{false};
  std::atomic<int> errors{0};
  std::atomic<long> attempts{0};
  std::atomic<long> busy{0};  // 429 answers
  std::mutex mutex;
  std::vector<double> quiet_sync_ms;
  std::vector<double> flood_sync_ms;
  std::string first_error;

  void Error(const std::string& what) {
    errors.fetch_add(1);
    std::lock_guard lock(mutex);
    if (first_error.empty()) first_error = what;
  }
};

// A kiosk syncing a batch of 5 responses every 100-300 ms.
void Kiosk(Shared& shared, int port, const std::string& token, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> think(100, 300);
  while (!shared.stop) {
    const auto batch = bench::LikertResponses(random, "flood", 5, kAnswersPerResponse);
    const std::string body = sync::ToJson(sync::SyncBatch{1, "k", batch}).dump();
    const bool flooding = shared.flooding;
    const auto start = Clock::now();
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(10, 0);
    client.set_read_timeout(30, 0);
    client.set_bearer_token_auth(token.c_str());
    auto reply = client.Post("/api/v1/sync", body, "application/json");
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!reply || reply->status != 200) {
      shared.Error("sync: " + (reply ? std::to_string(reply->status) + " " + reply->body
                                     : httplib::to_string(reply.error())));
    } else {
      std::lock_guard lock(shared.mutex);
      (flooding ? shared.flood_sync_ms : shared.quiet_sync_ms).push_back(ms);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(think(random)));
  }
}

// One attacker: sign-ins as fast as the server answers, from its own forwarded address, half
// with invented names and half with the real one.
void Attacker(Shared& shared, int port, int index) {
  // The attackers' own CPU is not the server's: on one machine they run at the lowest priority,
  // so the kiosks beside them in this process are timed, not starved by them.
  setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 19);
  std::mt19937 random(static_cast<unsigned>(9000 + index));
  const std::string address =
      "10." + std::to_string(index / 250) + "." + std::to_string(index % 250) + ".7";
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_connection_timeout(30, 0);
  client.set_read_timeout(30, 0);
  const httplib::Headers headers = {{"X-Forwarded-For", address}};
  long tries = 0;
  while (!shared.stop) {
    const std::string name =
        (++tries % 2 == 0) ? "hr.officer" : "nobody" + std::to_string(random() % 100000);
    auto reply =
        client.Post("/api/v1/auth/sign-in", headers,
                    json{{"username", name}, {"password", "guess" + std::to_string(tries)}}.dump(),
                    "application/json");
    if (!reply) {
      shared.Error("sign-in: " + httplib::to_string(reply.error()));
      client.stop();
      continue;
    }
    shared.attempts.fetch_add(1);
    if (reply->status == 429) shared.busy.fetch_add(1);
    if (reply->status != 401 && reply->status != 429) {
      shared.Error("sign-in answered " + std::to_string(reply->status));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int clients = 500;
  int seconds = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") quick = true;
    if (arg == "--clients" && i + 1 < argc) clients = std::max(1, std::atoi(argv[++i]));
    if (arg == "--seconds" && i + 1 < argc) seconds = std::max(2, std::atoi(argv[++i]));
  }
  const auto quiet = std::chrono::seconds(quick ? 5 : 10);
  const auto flood = std::chrono::seconds(seconds > 0 ? seconds : quick ? 15 : 60);

  std::random_device entropy;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("soundings-flood-" + std::to_string(entropy()) + std::to_string(entropy()));
  std::filesystem::create_directories(dir);
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return Fail("pipe failed");
  const pid_t child = ::fork();
  if (child < 0) return Fail("fork failed");
  if (child == 0) {
    ::close(pipe_fds[0]);
    ::_exit(RunServer(dir, pipe_fds[1]));
  }
  ::close(pipe_fds[1]);
  Pin(false);
  std::string line;
  char c = 0;
  while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(pipe_fds[0]);
  auto finish = [&](int code) {
    ::kill(child, SIGTERM);
    int status = 0;
    ::waitpid(child, &status, 0);
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return code;
  };
  if (line.empty()) return finish(Fail("the server did not start"));
  const json hello = json::parse(line);
  const int port = hello.at("port");

  Shared shared;
  std::vector<std::thread> kiosks;
  for (int k = 0; k < kKiosks; ++k) {
    kiosks.emplace_back(Kiosk, std::ref(shared), port, hello["tokens"][k].get<std::string>(),
                        100u + static_cast<unsigned>(k));
  }
  std::this_thread::sleep_for(quiet);
  const double rss_before = ServerRssMb(child);
  shared.flooding = true;
  std::vector<std::thread> attackers;
  attackers.reserve(static_cast<std::size_t>(clients));
  for (int a = 0; a < clients; ++a) attackers.emplace_back(Attacker, std::ref(shared), port, a);
  double rss_peak = rss_before;
  const auto start = Clock::now();
  while (Clock::now() - start < flood) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rss_peak = std::max(rss_peak, ServerRssMb(child));
  }
  const double flood_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  shared.stop = true;
  for (auto& t : attackers) t.join();
  for (auto& t : kiosks) t.join();

  std::printf("BENCH signin_flood_rss_mb %.1f MB\n", rss_peak - rss_before);
  std::printf("BENCH signin_flood_sync_p99_ms %.1f ms\n", Percentile(shared.flood_sync_ms, 0.99));
  std::printf("BENCH signin_flood_sync_p50_ms %.1f ms\n", Percentile(shared.flood_sync_ms, 0.50));
  std::printf("BENCH signin_flood_sync_quiet_p99_ms %.1f ms\n",
              Percentile(shared.quiet_sync_ms, 0.99));
  std::printf("BENCH signin_flood_attempts_per_s %.0f attempts/s\n",
              static_cast<double>(shared.attempts.load()) / flood_seconds);
  std::printf("BENCH signin_flood_errors %d count\n", shared.errors.load());
  std::fflush(stdout);
  std::cerr << "bench_signin_flood: " << clients << " clients, " << shared.attempts.load()
            << " sign-ins answered (" << shared.busy.load() << " with 429) and "
            << shared.flood_sync_ms.size() << " syncs in " << flood_seconds << " s; server RSS "
            << rss_before << " -> peak " << rss_peak << " MB"
            << (shared.first_error.empty() ? "" : "; first error: " + shared.first_error) << "\n";
  return finish(shared.errors.load() == 0 ? 0 : 1);
}
