// Load (issue 7): 64 simulated kiosks sync batches of completed responses while 16 dashboard users
// (signed in as hr) read report JSON, against the real server on loopback, for 60 s (15 s with
// --quick) after a warm-up. The server runs in a child process, so its memory is measured alone
// from /proc/PID/status.
//
// A kiosk syncs a batch of 1 to 25 responses x 20 answers (what a library kiosk holds after a few
// minutes to an hour offline), gzip-compressed on a new connection as kiosk/sync/sync_client.cpp
// does, then waits 0.5-1.5 s: far more often than a real kiosk (every minute or two), so 64 of
// them stand for a few thousand, and the store grows by tens of thousands of responses a minute.
// A dashboard user reads the consultation report (twice as often) or the campaign list on a
// keep-alive connection, then waits 1-3 s; every sync changes the data the report is made from,
// so each read folds in the responses stored since the last one (server/reports/
// consultation_tally.h).
//
//   bench_load [--quick] [--seconds N] [--kiosks N] [--dashboards N]
//   BENCH load_sync_p99_ms <x> ms          p99 of a sync batch's round trip after the warm-up
//   BENCH load_sync_p50_ms <x> ms
//   BENCH load_syncs_per_s <x> batches/s
//   BENCH load_report_p99_ms <x> ms
//   BENCH load_errors <n> count            failed syncs or reads, or a response not accepted
//   BENCH load_rss_growth_mb <x> MB        server RSS at the end minus after the warm-up
//   BENCH load_rss_growth_second_half_mb <x> MB   the same over the second half only: SQLite's
//                                          page caches (capped per connection) fill while the
//                                          store grows, so growth that stops is caches, growth
//                                          that goes on is a leak. stderr shows RSS every 5 s.
//
// Goals: 0 errors, sync p99 < 250 ms, RSS flat (growth within a few MB of noise).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
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

int g_kiosks = 64;      // --kiosks N
int g_dashboards = 16;  // --dashboards N (to tell the two loads apart)
constexpr int kAnswersPerResponse = 20;
constexpr int kMaxBatch = 25;
constexpr int kSeedResponses = 5000;  // in the store before the run, so reports have work to do

json BenchTemplate() { return bench::LikertConsultation("load", "Load", kAnswersPerResponse); }

std::vector<sync::ResponseRecord> MakeBatch(std::mt19937& random, int size) {
  return bench::LikertResponses(random, "load", size, kAnswersPerResponse);
}

int Fail(const std::string& message) {
  std::cerr << "bench_load: " << message << "\n";
  return 1;
}

// The server process: seeds a data folder, serves on a free loopback port, writes one JSON line
// (port, device tokens, hr passwords) to `out`, and serves until SIGTERM.
int RunServer(const std::filesystem::path& dir, int out) {
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, nullptr);  // every thread started below inherits this

  server::ServerConfig config;
  config.data_dir = dir / "data";
  config.port = 0;
  auto app = server::ServerApp::Open(config);
  if (!app) return Fail(app.ErrorText());
  std::filesystem::create_directories(dir / "templates");
  std::ofstream(dir / "templates" / "load.json") << BenchTemplate().dump();
  auto loaded = (*app)->templates().LoadDirectory(dir / "templates");
  if (!loaded.failed.empty()) return Fail(loaded.failed.front());
  if (!(*app)->store().AddCampaign({"load", "load", 1, "Load", "consultation", "open"})) {
    return Fail("cannot add the campaign");
  }
  json hello = {{"tokens", json::array()}, {"users", json::array()}};
  for (int k = 0; k < g_kiosks; ++k) {
    auto code = (*app)->devices().CreateEnrolmentCode(std::chrono::hours(1), "bench");
    auto device = (*app)->devices().Enrol(*code, "kiosk " + std::to_string(k));
    if (!device) return Fail(device.error().message);
    hello["tokens"].push_back(device->token);
  }
  for (int u = 0; u < g_dashboards; ++u) {
    const std::string name = "hr" + std::to_string(u);
    auto password = (*app)->auth().CreateUser(name, "hr", "", "bench");
    if (!password) return Fail(password.error().message);
    hello["users"].push_back({{"username", name}, {"password", *password}});
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
  std::atomic<bool> measuring{false};
  std::atomic<bool> stop{false};
  std::atomic<int> errors{0};
  std::atomic<long> responses{0};
  std::mutex mutex;
  std::vector<double> sync_ms;
  std::vector<double> report_ms;
  std::string first_error;

  void Error(const std::string& what) {
    errors.fetch_add(1);
    std::lock_guard lock(mutex);
    if (first_error.empty()) first_error = what;
  }
};

// Waits `ms` unless the run ends first.
void Think(Shared& shared, int ms) {
  const auto until = Clock::now() + std::chrono::milliseconds(ms);
  while (!shared.stop && Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, 50)));
  }
}

void Kiosk(Shared& shared, int port, const std::string& token, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> size(1, kMaxBatch);
  std::uniform_int_distribution<int> think(500, 1500);
  Think(shared, think(random));  // do not start in lock step
  while (!shared.stop) {
    const auto batch = MakeBatch(random, size(random));
    const std::string body = sync::ToJson(sync::SyncBatch{1, "k", batch}).dump();
    const auto start = Clock::now();
    httplib::Client client("127.0.0.1", port);
    client.set_compress(true);
    client.set_connection_timeout(10, 0);
    client.set_read_timeout(30, 0);
    client.set_bearer_token_auth(token.c_str());
    auto reply = client.Post("/api/v1/sync", body, "application/json");
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const bool measuring = shared.measuring;
    if (!reply) {
      shared.Error("sync: " + httplib::to_string(reply.error()));
    } else if (reply->status != 200) {
      shared.Error("sync: " + std::to_string(reply->status) + " " + reply->body.substr(0, 200));
    } else {
      auto parsed = sync::ParseSyncReply(reply->body);
      bool all_accepted = parsed.ok() && parsed->results.size() == batch.size();
      if (all_accepted) {
        for (const auto& result : parsed->results) {
          all_accepted = all_accepted && result.status == sync::ResponseStatus::kAccepted;
        }
      }
      if (!all_accepted) shared.Error("sync: not every response accepted");
      if (measuring) {
        shared.responses.fetch_add(static_cast<long>(batch.size()));
        std::lock_guard lock(shared.mutex);
        shared.sync_ms.push_back(ms);
      }
    }
    Think(shared, think(random));
  }
}

void Dashboard(Shared& shared, int port, const std::string& username, const std::string& password,
               unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> think(1000, 3000);
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_read_timeout(30, 0);
  auto signed_in =
      client.Post("/api/v1/auth/sign-in",
                  json{{"username", username}, {"password", password}}.dump(), "application/json");
  if (!signed_in || signed_in->status != 200) {
    shared.Error("sign-in failed for " + username);
    return;
  }
  const std::string token = json::parse(signed_in->body).at("token");
  client.set_bearer_token_auth(token.c_str());
  const std::vector<std::string> paths = {"/api/v1/reports/campaigns/load/consultation",
                                          "/api/v1/reports/campaigns/load/consultation",
                                          "/api/v1/campaigns"};
  std::uniform_int_distribution<std::size_t> pick(0, paths.size() - 1);
  Think(shared, think(random));
  while (!shared.stop) {
    const std::string& path = paths[pick(random)];
    const auto start = Clock::now();
    auto reply = client.Get(path);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!reply) {
      shared.Error("GET " + path + ": " + httplib::to_string(reply.error()));
    } else if (reply->status != 200) {
      shared.Error("GET " + path + ": " + std::to_string(reply->status) + " " +
                   reply->body.substr(0, 200));
    } else if (shared.measuring) {
      std::lock_guard lock(shared.mutex);
      shared.report_ms.push_back(ms);
    }
    Think(shared, think(random));
  }
}

// Puts kSeedResponses responses in the store before the run, through the sync route.
bool Seed(int port, const std::string& token) {
  std::mt19937 random(7);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(120, 0);
  client.set_bearer_token_auth(token.c_str());
  for (int sent = 0; sent < kSeedResponses; sent += 500) {
    const auto batch = MakeBatch(random, 500);
    auto reply = client.Post("/api/v1/sync", sync::ToJson(sync::SyncBatch{1, "seed", batch}).dump(),
                             "application/json");
    if (!reply || reply->status != 200) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int seconds_asked = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") quick = true;
    if (arg == "--seconds" && i + 1 < argc) seconds_asked = std::max(5, std::atoi(argv[++i]));
    if (arg == "--kiosks" && i + 1 < argc) g_kiosks = std::max(1, std::atoi(argv[++i]));
    if (arg == "--dashboards" && i + 1 < argc) g_dashboards = std::max(0, std::atoi(argv[++i]));
  }
  const auto warm_up = std::chrono::seconds(quick ? 5 : 10);
  const auto measured = std::chrono::seconds(seconds_asked > 0 ? seconds_asked : quick ? 15 : 60);

  std::random_device entropy;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("soundings-load-" + std::to_string(entropy()) + std::to_string(entropy()));
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
  if (!Seed(port, hello["tokens"][0].get<std::string>())) return finish(Fail("seeding failed"));

  Shared shared;
  std::vector<std::thread> threads;
  for (int k = 0; k < g_kiosks; ++k) {
    threads.emplace_back(Kiosk, std::ref(shared), port, hello["tokens"][k].get<std::string>(),
                         1000u + static_cast<unsigned>(k));
  }
  for (int u = 0; u < g_dashboards; ++u) {
    threads.emplace_back(
        Dashboard, std::ref(shared), port, hello["users"][u]["username"].get<std::string>(),
        hello["users"][u]["password"].get<std::string>(), 2000u + static_cast<unsigned>(u));
  }
  std::this_thread::sleep_for(warm_up);
  const int warm_up_errors = shared.errors.load();
  const double rss_start = ServerRssMb(child);
  shared.measuring = true;
  const auto start = Clock::now();
  std::vector<double> rss_every_5s = {rss_start};
  double rss_half = rss_start;
  const auto half = start + measured / 2;
  bool half_taken = false;
  for (auto next = start + std::chrono::seconds(5); next <= start + measured;
       next += std::chrono::seconds(5)) {
    if (!half_taken && next > half) {
      std::this_thread::sleep_until(half);
      rss_half = ServerRssMb(child);
      half_taken = true;
    }
    std::this_thread::sleep_until(next);
    rss_every_5s.push_back(ServerRssMb(child));
  }
  std::this_thread::sleep_until(start + measured);
  if (!half_taken) rss_half = ServerRssMb(child);
  shared.measuring = false;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double rss_end = ServerRssMb(child);
  shared.stop = true;
  for (auto& t : threads) t.join();

  std::printf("BENCH load_sync_p99_ms %.1f ms\n", Percentile(shared.sync_ms, 0.99));
  std::printf("BENCH load_sync_p50_ms %.1f ms\n", Percentile(shared.sync_ms, 0.50));
  std::printf("BENCH load_syncs_per_s %.1f batches/s\n",
              static_cast<double>(shared.sync_ms.size()) / seconds);
  std::printf("BENCH load_responses_per_s %.0f responses/s\n",
              static_cast<double>(shared.responses.load()) / seconds);
  std::printf("BENCH load_report_p99_ms %.1f ms\n", Percentile(shared.report_ms, 0.99));
  std::printf("BENCH load_errors %d count\n", shared.errors.load());
  std::printf("BENCH load_rss_growth_mb %.1f MB\n", rss_end - rss_start);
  std::printf("BENCH load_rss_growth_second_half_mb %.1f MB\n", rss_end - rss_half);
  std::fflush(stdout);
  std::cerr << "bench_load: server RSS every 5 s (MB):";
  for (double mb : rss_every_5s) std::cerr << " " << static_cast<int>(mb + 0.5);
  std::cerr << "\n";
  std::cerr << "bench_load: " << shared.sync_ms.size() << " syncs and " << shared.report_ms.size()
            << " report reads in " << seconds << " s; server RSS " << rss_start << " -> " << rss_end
            << " MB; " << warm_up_errors << " errors in the warm-up"
            << (shared.first_error.empty() ? "" : "; first: " + shared.first_error) << "\n";
  return finish(shared.errors.load() == 0 ? 0 : 1);
}
