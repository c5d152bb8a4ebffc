// GET /api/v1/health under 64 concurrent keep-alive connections against the real server (its
// default thread pool of 64) on loopback, for a fixed time.
//
//   bench_health [--quick]
//   BENCH health_req_per_s <n> req/s
//   BENCH health_errors <n> errors

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "server/api/api_server.h"
#include "server/app.h"

int main(int argc, char** argv) {
  using namespace soundings;
  using Clock = std::chrono::steady_clock;
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const auto duration = std::chrono::seconds(quick ? 3 : 10);
  constexpr int kConnections = 64;

  std::random_device random;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("soundings-bench-" + std::to_string(random()) + std::to_string(random()));
  int status = 0;
  {
    server::ServerConfig config;
    config.data_dir = dir;
    auto app = server::ServerApp::Open(config);
    if (!app) {
      std::cerr << "bench_health: " << app.ErrorText() << "\n";
      return 1;
    }
    server::ApiServer api(**app);
    auto port = api.Bind("127.0.0.1", 0);
    if (!port) {
      std::cerr << "bench_health: " << port.ErrorText() << "\n";
      return 1;
    }
    std::thread serving([&] { api.Serve(); });
    while (!api.IsRunning()) std::this_thread::yield();

    std::atomic<long long> ok{0};
    std::atomic<long long> errors{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    const auto start = Clock::now();
    for (int c = 0; c < kConnections; ++c) {
      clients.emplace_back([&] {
        httplib::Client client("127.0.0.1", *port);
        client.set_keep_alive(true);
        long long mine_ok = 0;
        long long mine_errors = 0;
        while (!stop.load(std::memory_order_relaxed)) {
          auto reply = client.Get("/api/v1/health");
          if (reply && reply->status == 200) {
            ++mine_ok;
          } else {
            if (mine_errors++ == 0) {
              std::cerr << "bench_health: "
                        << (reply ? "status " + std::to_string(reply->status)
                                  : httplib::to_string(reply.error()))
                        << " after " << mine_ok << " requests at "
                        << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";
            }
          }
        }
        ok += mine_ok;
        errors += mine_errors;
      });
    }
    while (Clock::now() - start < duration)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop = true;
    for (auto& t : clients) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    api.Stop();
    serving.join();
    std::printf("BENCH health_req_per_s %.0f req/s\n", double(ok.load()) / seconds);
    std::printf("BENCH health_errors %lld errors\n", errors.load());
    status = errors.load() == 0 ? 0 : 1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return status;
}
