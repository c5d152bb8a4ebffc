// Sync ingest throughput: 4 simulated kiosks post batches of 500 responses x 20 answers to the
// real server over HTTP (loopback, keep-alive), then the same rows go into a fresh database by
// raw batched SQLite inserts (prepared statements, one transaction per 500). Both with
// synchronous=FULL, as the server runs. The ratio says what HTTP + JSON + validation + our store
// cost over the bare database.
//
//   bench_ingest [--quick]
//   BENCH ingest_http_responses_per_s <n> responses/s
//   BENCH ingest_sqlite_responses_per_s <n> responses/s
//   BENCH ingest_ratio <x> ratio

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "bench/likert_consultation.h"
#include "server/api/api_server.h"
#include "server/app.h"
#include "server/store/sqlite_store.h"
#include "shared/db/sqlite.h"
#include "shared/sync/protocol.h"

namespace {

using namespace soundings;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kKiosks = 4;
constexpr int kResponsesPerBatch = 500;
constexpr int kAnswersPerResponse = 20;

json BenchTemplate() {
  return bench::LikertConsultation("bench", "Benchmark", kAnswersPerResponse);
}

std::vector<sync::ResponseRecord> MakeBatch(std::mt19937& random) {
  return bench::LikertResponses(random, "bench", kResponsesPerBatch, kAnswersPerResponse);
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device random;
    path = std::filesystem::temp_directory_path() /
           ("soundings-bench-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

bool Fail(const std::string& message) {
  std::cerr << "bench_ingest: " << message << "\n";
  return false;
}

// Posts every kiosk's batches over HTTP; returns seconds, or a negative number on failure.
double RunHttp(const std::filesystem::path& dir,
               const std::vector<std::vector<std::vector<sync::ResponseRecord>>>& kiosks) {
  server::ServerConfig config;
  config.data_dir = dir / "http";
  config.port = 0;
  auto app = server::ServerApp::Open(config);
  if (!app) return Fail(app.ErrorText()), -1;
  std::filesystem::create_directories(dir / "templates");
  std::ofstream(dir / "templates" / "bench.json") << BenchTemplate().dump();
  auto report = (*app)->templates().LoadDirectory(dir / "templates");
  if (!report.failed.empty()) return Fail(report.failed.front()), -1;
  if (!(*app)->store().AddCampaign({"bench", "bench", 1, "Bench", "consultation", "open"})) {
    return Fail("cannot add the campaign"), -1;
  }
  std::vector<std::string> tokens;
  for (int k = 0; k < kKiosks; ++k) {
    auto code = (*app)->devices().CreateEnrolmentCode(std::chrono::hours(1), "bench");
    auto device = (*app)->devices().Enrol(*code, "kiosk " + std::to_string(k));
    if (!device) return Fail(device.error().message), -1;
    tokens.push_back(device->token);
  }
  server::ApiServer api(**app);
  auto port = api.Bind("127.0.0.1", 0);
  if (!port) return Fail(port.ErrorText()), -1;
  std::thread serving([&] { api.Serve(); });
  while (!api.IsRunning()) std::this_thread::yield();

  // Encode before timing: a kiosk has its outbox ready; the server's work is what we measure.
  std::vector<std::vector<std::string>> bodies(kiosks.size());
  for (std::size_t k = 0; k < kiosks.size(); ++k) {
    for (const auto& batch : kiosks[k]) {
      bodies[k].push_back(sync::ToJson(sync::SyncBatch{1, "k", batch}).dump());
    }
  }
  std::atomic<int> failures{0};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < kiosks.size(); ++k) {
    threads.emplace_back([&, k] {
      httplib::Client client("127.0.0.1", *port);
      client.set_keep_alive(true);
      client.set_read_timeout(120, 0);
      for (const auto& body : bodies[k]) {
        auto reply = client.Post("/api/v1/sync", {{"Authorization", "Bearer " + tokens[k]}}, body,
                                 "application/json");
        if (!reply || reply->status != 200 ||
            reply->body.find("\"rejected\"") != std::string::npos) {
          if (failures++ == 0 && reply) std::cerr << reply->body.substr(0, 400) << "\n";
          continue;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  api.Stop();
  serving.join();
  if (failures > 0) return Fail(std::to_string(failures.load()) + " batches failed"), -1;
  return seconds;
}

// The same rows by raw prepared inserts, one transaction per batch, on the same schema.
double RunSqlite(const std::filesystem::path& dir,
                 const std::vector<std::vector<std::vector<sync::ResponseRecord>>>& kiosks) {
  const auto file = dir / "raw.db";
  {
    auto store = server::SqliteStore::Open(file);
    if (!store) return Fail(store.ErrorText()), -1;
    if (!(*store)->AddTemplateVersion({"bench", 1, "consultation", "{}", "h"}) ||
        !(*store)->AddCampaign({"bench", "bench", 1, "Bench", "consultation", "open"})) {
      return Fail("cannot seed the raw database"), -1;
    }
  }
  auto db = db::Database::Open(file, {});
  if (!db) return Fail(db.error().message), -1;
  auto insert_response = db->Prepare(
      "INSERT INTO responses(uuid, content_hash, campaign_id, template_id, template_version, "
      "rater_group, subject_id, venue_id, language, started_at, completed_at, partial) "
      "VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?)");
  auto insert_answer =
      db->Prepare("INSERT INTO answers(response_uuid, item_id, value) VALUES (?, ?, ?)");
  if (!insert_response || !insert_answer) return Fail("cannot prepare inserts"), -1;
  const auto start = Clock::now();
  for (const auto& batches : kiosks) {
    for (const auto& batch : batches) {
      auto tx = db::Transaction::Begin(*db);
      if (!tx) return Fail(tx.error().message), -1;
      for (const auto& r : batch) {
        insert_response->Reset();
        insert_response->Bind(1, r.uuid)
            .Bind(2, "0000")
            .Bind(3, r.campaign_id)
            .Bind(4, r.template_id)
            .Bind(5, r.template_version)
            .Bind(6, r.language)
            .Bind(7, r.started_at)
            .Bind(8, r.completed_at)
            .Bind(9, r.partial);
        if (!insert_response->Run()) return Fail("raw insert failed"), -1;
        for (const auto& [item, value] : r.answers) {
          insert_answer->Reset();
          insert_answer->Bind(1, r.uuid).Bind(2, item).Bind(3, value.dump());
          if (!insert_answer->Run()) return Fail("raw answer insert failed"), -1;
        }
      }
      if (!tx->Commit()) return Fail("raw commit failed"), -1;
    }
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int batches_per_kiosk = quick ? 2 : 10;
  std::mt19937 random(42);
  std::vector<std::vector<std::vector<sync::ResponseRecord>>> kiosks(kKiosks);
  for (auto& batches : kiosks) {
    for (int b = 0; b < batches_per_kiosk; ++b) batches.push_back(MakeBatch(random));
  }
  const double responses = double(kKiosks) * batches_per_kiosk * kResponsesPerBatch;
  TempDir dir;
  const double http_seconds = RunHttp(dir.path, kiosks);
  if (http_seconds <= 0) return 1;
  const double sqlite_seconds = RunSqlite(dir.path, kiosks);
  if (sqlite_seconds <= 0) return 1;
  const double http_rate = responses / http_seconds;
  const double sqlite_rate = responses / sqlite_seconds;
  std::printf("BENCH ingest_http_responses_per_s %.0f responses/s\n", http_rate);
  std::printf("BENCH ingest_sqlite_responses_per_s %.0f responses/s\n", sqlite_rate);
  std::printf("BENCH ingest_ratio %.2f ratio\n", http_rate / sqlite_rate);
  return 0;
}
