// The server killed with SIGKILL while 20 kiosks sync 100 batches (issue 7, part 1). The server
// runs in a forked child on a real SQLite data folder; after the kill a new server opens the same
// folder, the kiosks resync whatever they had no acknowledgement for, and the folder must then
// hold every response exactly once.
#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server/api/api_server.h"
#include "server/app.h"
#include "shared/sync/protocol.h"
#include "tests/reliability/reliability_fixture.h"

namespace soundings::reliability {
namespace {

using sync::ResponseRecord;
using sync::ResponseStatus;

constexpr int kKiosks = 20;
constexpr int kBatchesPerKiosk = 5;  // 100 batches in all
constexpr int kResponsesPerBatch = 5;
constexpr int kKillAfterAcknowledged = 30;
constexpr int kGiveUp = -1;  // an Endpoint port telling the kiosks there is no server to come

server::ServerConfig CrashConfig(const std::filesystem::path& folder) {
  server::ServerConfig config = ShortTimeoutConfig();
  config.data_dir = folder / "data";
  config.port = 0;
  config.threads = 8;
  // WAL with synchronous=NORMAL loses nothing committed when the process dies (only a power cut
  // can); FULL would add an fsync per batch and nothing to what this test can observe.
  config.synchronous = "NORMAL";
  return config;
}

std::shared_ptr<server::ManualClock> TestClock() {
  return std::make_shared<server::ManualClock>(soundings::testing::DemoStart());
}

// Templates, campaign "parks", venue "library" and an enrolled device, through the services;
// returns the device token.
std::string SeedFolder(const server::ServerConfig& config) {
  auto app = server::ServerApp::Open(config, TestClock());
  if (!app) {
    ADD_FAILURE() << app.ErrorText();
    return "";
  }
  auto& store = (*app)->store();
  auto report = (*app)->templates().LoadDirectory(soundings::testing::IntegrationFixtures());
  EXPECT_TRUE(report.failed.empty());
  EXPECT_TRUE(store.AddCampaign({"parks", "parks", 2, "Parks", "consultation", "open"}).ok());
  EXPECT_TRUE(store.AddVenue({"library", "Library", "north", "urban", "Romanby"}).ok());
  auto code = (*app)->devices().CreateEnrolmentCode(std::chrono::hours(1), "test");
  EXPECT_TRUE(code.ok());
  auto enrolled = (*app)->devices().Enrol(*code, "kiosks");
  EXPECT_TRUE(enrolled.ok());
  return enrolled.ok() ? enrolled->token : "";
}

// A server in a child process; the child only ever ends by a signal.
struct ServerProcess {
  pid_t pid = -1;
  int port = 0;
};

ServerProcess StartServerProcess(const server::ServerConfig& config) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The child: no gtest, no return; report the bound port, then serve until killed.
    ::close(pipe_fds[0]);
    auto app = server::ServerApp::Open(config, TestClock());
    if (!app) ::_exit(10);
    server::ApiServer api(**app);
    auto port = api.Bind("127.0.0.1", 0);
    if (!port) ::_exit(11);
    const int bound = *port;
    if (::write(pipe_fds[1], &bound, sizeof bound) != sizeof bound) ::_exit(12);
    ::close(pipe_fds[1]);
    api.Serve();
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  ServerProcess process{pid, 0};
  pollfd p{pipe_fds[0], POLLIN, 0};
  if (pid > 0 && ::poll(&p, 1, 30'000) == 1 &&
      ::read(pipe_fds[0], &process.port, sizeof process.port) != sizeof process.port) {
    process.port = 0;
  }
  ::close(pipe_fds[0]);
  return process;
}

void Kill(ServerProcess& process) {
  if (process.pid <= 0) return;
  ::kill(process.pid, SIGKILL);
  int status = 0;
  ::waitpid(process.pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the server process ended by itself (status " << status << ") before the kill";
  process.pid = -1;
}

std::optional<sync::SyncReply> TrySync(int port, const std::string& token,
                                       const std::vector<ResponseRecord>& batch) {
  sync::SyncBatch body;
  body.device_id = "kiosk";
  body.responses = batch;
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  auto reply = client.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}},
                           sync::ToJson(body).dump(), "application/json");
  if (!reply || reply->status != 200) return std::nullopt;
  auto decoded = sync::ParseSyncReply(reply->body);
  if (!decoded || decoded->results.size() != batch.size()) return std::nullopt;
  return std::move(decoded).value();
}

// Where the kiosks sync to: the port of the current server process, and a generation that
// changes on every restart so a kiosk whose sync failed waits for the next server rather than
// spinning on a refused port.
class Endpoint {
 public:
  void Set(int port) {
    std::lock_guard lock(m_mutex);
    m_port = port;
    ++m_generation;
    m_changed.notify_all();
  }
  std::pair<int, int> Get() {
    std::lock_guard lock(m_mutex);
    return {m_port, m_generation};
  }
  // Waits until the generation is no longer `seen` (bounded, in case no restart comes).
  void WaitForNext(int seen) {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, std::chrono::seconds(30), [&] { return m_generation != seen; });
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  int m_port = 0;
  int m_generation = 0;
};

TEST(CrashRestart, ServerKilledMidSyncThenRestartedEndsWithEveryResponseStoredOnce) {
  soundings::testing::TempFolder folder;
  const server::ServerConfig config = CrashConfig(folder.path());
  const std::string token = SeedFolder(config);
  ASSERT_FALSE(token.empty());

  std::mt19937 random(20261128);
  std::vector<std::vector<std::vector<ResponseRecord>>> outboxes(kKiosks);
  std::vector<ResponseRecord> sent;
  for (auto& outbox : outboxes) {
    for (int b = 0; b < kBatchesPerKiosk; ++b) {
      auto& batch = outbox.emplace_back();
      for (int r = 0; r < kResponsesPerBatch; ++r) {
        batch.push_back(soundings::testing::ParksResponse(1 + static_cast<int>(random() % 5)));
        sent.push_back(batch.back());
      }
    }
  }

  ServerProcess first = StartServerProcess(config);
  ASSERT_GT(first.port, 0) << "the first server process did not start";
  Endpoint endpoint;
  endpoint.Set(first.port);

  std::mutex mutex;
  std::condition_variable progress;
  int acknowledged = 0;
  int failed_attempts = 0;
  std::map<std::string, std::vector<ResponseStatus>> log;
  std::vector<std::thread> kiosks;
  kiosks.reserve(kKiosks);
  for (int k = 0; k < kKiosks; ++k) {
    kiosks.emplace_back([&, k] {
      for (const auto& batch : outboxes[k]) {
        for (int attempt = 0; attempt < 50; ++attempt) {
          const auto [port, generation] = endpoint.Get();
          if (port == kGiveUp) return;
          if (auto reply = TrySync(port, token, batch)) {
            std::lock_guard lock(mutex);
            for (std::size_t i = 0; i < batch.size(); ++i) {
              log[batch[i].uuid].push_back(reply->results[i].status);
            }
            ++acknowledged;
            progress.notify_all();
            break;
          }
          {
            std::lock_guard lock(mutex);
            ++failed_attempts;
          }
          endpoint.WaitForNext(generation);
        }
      }
    });
  }

  {
    std::unique_lock lock(mutex);
    progress.wait_for(lock, std::chrono::seconds(60),
                      [&] { return acknowledged >= kKillAfterAcknowledged; });
    EXPECT_GE(acknowledged, kKillAfterAcknowledged);
  }
  Kill(first);
  // The restarted server runs in this process: forking again while the kiosk threads run could
  // copy a lock one of them holds.
  auto app = server::ServerApp::Open(config, TestClock());
  std::unique_ptr<server::ApiServer> second;
  std::thread serving;
  if (app) {
    second = std::make_unique<server::ApiServer>(**app);
    if (auto port = second->Bind("127.0.0.1", 0)) {
      serving = std::thread([&second] { second->Serve(); });
      endpoint.Set(*port);
    } else {
      ADD_FAILURE() << port.ErrorText();
    }
  } else {
    ADD_FAILURE() << "the server did not reopen the killed server's data folder: "
                  << app.ErrorText();
  }
  if (!serving.joinable()) endpoint.Set(kGiveUp);
  for (auto& kiosk : kiosks) kiosk.join();
  if (!serving.joinable()) return;
  second->Stop();
  serving.join();

  EXPECT_EQ(acknowledged, kKiosks * kBatchesPerKiosk);
  // Every kiosk still syncing when the server died saw at least one failure.
  EXPECT_GE(failed_attempts, 1);
  int duplicates = 0;
  for (const auto& [uuid, statuses] : log) {
    EXPECT_LE(std::count(statuses.begin(), statuses.end(), ResponseStatus::kAccepted), 1) << uuid;
    duplicates +=
        static_cast<int>(std::count(statuses.begin(), statuses.end(), ResponseStatus::kDuplicate));
    for (const auto status : statuses) {
      EXPECT_TRUE(status == ResponseStatus::kAccepted || status == ResponseStatus::kDuplicate)
          << uuid << ": " << sync::ToString(status);
    }
  }
  EXPECT_EQ(*(*app)->store().CountResponses(), static_cast<std::int64_t>(sent.size()));
  std::size_t missing = 0;
  for (const auto& r : sent) {
    auto stored = (*app)->store().GetResponse(r.uuid);
    ASSERT_TRUE(stored.ok());
    if (!stored->has_value() || (*stored)->content_hash != sync::ContentHash(r)) ++missing;
  }
  EXPECT_EQ(missing, 0u);
  EXPECT_TRUE((*app)->store().ListConflicts()->empty());
  RecordProperty("failed_attempts", failed_attempts);
  // Responses committed by the killed server whose reply never left it.
  RecordProperty("duplicates_after_restart", duplicates);
}

}  // namespace
}  // namespace soundings::reliability
