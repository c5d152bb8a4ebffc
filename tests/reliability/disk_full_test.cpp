// The server's disk full (issue 7, part 1). The server runs in a forked child whose file size
// limit (RLIMIT_FSIZE, with SIGXFSZ ignored) stops SQLite's WAL from growing: writes past it fail
// as they would on a full disk. A kiosk syncs until a batch is refused; the refusal must be a
// JSON error, the server must keep serving, nothing acknowledged may be lost, and once space
// returns (the child raises its limit on SIGUSR1) everything goes through exactly once.
#include <csignal>
#include <filesystem>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server/api/api_server.h"
#include "server/app.h"
#include "shared/sync/protocol.h"
#include "tests/reliability/reliability_fixture.h"

namespace soundings::reliability {
namespace {

using sync::ResponseRecord;

// Written by the child's SIGUSR1 handler once the limit is lifted.
int g_space_returned_fd = -1;

void LiftFileSizeLimit(int) {
  const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
  ::setrlimit(RLIMIT_FSIZE, &unlimited);
  const char done = 'y';
  [[maybe_unused]] const ssize_t ignored = ::write(g_space_returned_fd, &done, 1);
}

std::shared_ptr<server::ManualClock> TestClock() {
  return std::make_shared<server::ManualClock>(soundings::testing::DemoStart());
}

server::ServerConfig DiskConfig(const std::filesystem::path& folder) {
  server::ServerConfig config = ShortTimeoutConfig();
  config.data_dir = folder / "data";
  config.threads = 4;
  config.synchronous = "NORMAL";
  return config;
}

std::string SeedFolder(const server::ServerConfig& config) {
  auto app = server::ServerApp::Open(config, TestClock());
  if (!app) return "";
  auto& store = (*app)->store();
  (*app)->templates().LoadDirectory(soundings::testing::IntegrationFixtures());
  EXPECT_TRUE(store.AddCampaign({"parks", "parks", 2, "Parks", "consultation", "open"}).ok());
  EXPECT_TRUE(store.AddVenue({"library", "Library", "north", "urban", "Romanby"}).ok());
  auto code = (*app)->devices().CreateEnrolmentCode(std::chrono::hours(1), "test");
  auto enrolled = (*app)->devices().Enrol(*code, "kiosk");
  return enrolled.ok() ? enrolled->token : "";
}

struct LimitedServer {
  pid_t pid = -1;
  int port = 0;
  int space_returned = -1;  // readable once the child has lifted its limit
};

// Forks a server whose files may not grow past `limit_bytes`.
LimitedServer StartLimitedServer(const server::ServerConfig& config, rlim_t limit_bytes) {
  int port_pipe[2];
  int space_pipe[2];
  if (::pipe2(port_pipe, O_CLOEXEC) != 0 || ::pipe2(space_pipe, O_CLOEXEC) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(port_pipe[0]);
    ::close(space_pipe[0]);
    g_space_returned_fd = space_pipe[1];
    std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead
    std::signal(SIGUSR1, LiftFileSizeLimit);
    auto app = server::ServerApp::Open(config, TestClock());
    if (!app) ::_exit(10);
    const rlimit limited{limit_bytes, RLIM_INFINITY};
    if (::setrlimit(RLIMIT_FSIZE, &limited) != 0) ::_exit(11);
    server::ApiServer api(**app);
    auto port = api.Bind("127.0.0.1", 0);
    if (!port) ::_exit(12);
    const int bound = *port;
    if (::write(port_pipe[1], &bound, sizeof bound) != sizeof bound) ::_exit(13);
    api.Serve();
    ::_exit(0);
  }
  ::close(port_pipe[1]);
  ::close(space_pipe[1]);
  LimitedServer server{pid, 0, space_pipe[0]};
  pollfd p{port_pipe[0], POLLIN, 0};
  if (pid > 0 && ::poll(&p, 1, 30'000) == 1 &&
      ::read(port_pipe[0], &server.port, sizeof server.port) != sizeof server.port) {
    server.port = 0;
  }
  ::close(port_pipe[0]);
  return server;
}

httplib::Result Post(int port, const std::string& token, const std::vector<ResponseRecord>& batch) {
  sync::SyncBatch body;
  body.device_id = "kiosk";
  body.responses = batch;
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  return client.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}},
                     sync::ToJson(body).dump(), "application/json");
}

// Runs the whole scenario; returns the status of the refusal (0 if the disk never filled).
int RunDiskFullScenario() {
  soundings::testing::TempFolder folder;
  const server::ServerConfig config = DiskConfig(folder.path());
  const std::string token = SeedFolder(config);
  EXPECT_FALSE(token.empty());
  // The WAL starts empty: let it grow to 64 KB past the database's size, then the disk is full.
  const auto database_size = std::filesystem::file_size(config.DatabaseFile());
  LimitedServer server = StartLimitedServer(config, database_size + 64 * 1024UL);
  if (server.port == 0) {
    ADD_FAILURE() << "the limited server did not start";
    return 0;
  }

  std::vector<ResponseRecord> acknowledged;
  std::vector<ResponseRecord> refused;
  int refusal_status = 0;
  for (int b = 0; b < 300 && refusal_status == 0; ++b) {
    std::vector<ResponseRecord> batch;
    batch.reserve(10);
    for (int r = 0; r < 10; ++r) batch.push_back(soundings::testing::ParksResponse(1 + r % 5));
    auto reply = Post(server.port, token, batch);
    if (!reply) {
      ADD_FAILURE() << "no reply: the server process died when its disk filled";
      break;
    }
    if (reply->status == 200) {
      acknowledged.insert(acknowledged.end(), batch.begin(), batch.end());
      continue;
    }
    refusal_status = reply->status;
    refused = batch;
    const auto body = nlohmann::json::parse(reply->body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("error") && body.contains("message"))
        << reply->body;
  }
  EXPECT_NE(refusal_status, 0) << "the disk never filled";
  EXPECT_FALSE(acknowledged.empty()) << "the disk was full from the start";
  EXPECT_TRUE(HealthAnswers(server.port, kAnswerWithin)) << "the server stopped serving";

  // Space returns: the same server takes the refused batch and more, each response once.
  ::kill(server.pid, SIGUSR1);
  pollfd p{server.space_returned, POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 10'000), 1) << "the server never lifted its limit";
  std::vector<ResponseRecord> after = refused;
  for (int r = 0; r < 10; ++r) after.push_back(soundings::testing::ParksResponse());
  auto reply = Post(server.port, token, after);
  EXPECT_TRUE(reply && reply->status == 200) << (reply ? reply->body : "no reply");
  acknowledged.insert(acknowledged.end(), after.begin(), after.end());

  ::kill(server.pid, SIGKILL);
  ::waitpid(server.pid, nullptr, 0);
  ::close(server.space_returned);
  auto app = server::ServerApp::Open(config, TestClock());
  EXPECT_TRUE(app) << app.ErrorText();
  if (!app) return refusal_status;
  EXPECT_EQ(*(*app)->store().CountResponses(), static_cast<std::int64_t>(acknowledged.size()));
  std::size_t missing = 0;
  for (const auto& r : acknowledged) {
    auto stored = (*app)->store().GetResponse(r.uuid);
    if (!stored.ok() || !stored->has_value()) ++missing;
  }
  EXPECT_EQ(missing, 0u);
  return refusal_status;
}

TEST(DiskFull, ServerRefusesTheBatchKeepsServingLosesNothingAndTakesItOnceSpaceReturns) {
  const int status = RunDiskFullScenario();
  EXPECT_GE(status, 500) << "a full disk is the server's problem, not the kiosk's";
}

// A full disk is a 503 "storage_full" (server/core/service_error.cpp maps SQLITE_FULL and, as
// here, SQLITE_IOERR_WRITE from a file-size limit), which a kiosk retries later without flagging
// a fault.
TEST(DiskFull, AFullDiskIsA503) { EXPECT_EQ(RunDiskFullScenario(), 503); }

}  // namespace
}  // namespace soundings::reliability
