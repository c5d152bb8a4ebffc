#pragma once
// The real server, in-process, on any free loopback port, with a temporary data folder and a
// manual clock; stopped and removed on scope exit. No fixed ports, no sleeps.

#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/api/api_server.h"
#include "server/app.h"
#include "server/core/clock.h"
#include "shared/sync/invitation_code.h"
#include "shared/sync/protocol.h"

namespace soundings::testing {

inline std::filesystem::path IntegrationFixtures() {
  return std::filesystem::path(SOUNDINGS_SOURCE_DIR) / "tests" / "integration" / "fixtures";
}

class TempFolder {
 public:
  TempFolder() {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() /
             ("soundings-it-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

inline server::TimePoint DemoStart() { return *server::ParseRfc3339("2026-11-28T09:00:00Z"); }

class TestServer {
 public:
  explicit TestServer(server::ServerConfig config = {}) {
    config.data_dir = m_folder.path() / "data";
    config.port = 0;
    config.threads = 8;
    // NORMAL keeps the test suite quick on slow disks; durability is not what these tests check.
    config.synchronous = "NORMAL";
    m_clock = std::make_shared<server::ManualClock>(DemoStart());
    auto app = server::ServerApp::Open(config, m_clock);
    if (!app) {
      ADD_FAILURE() << app.ErrorText();
      return;
    }
    m_app = std::move(app).value();
    m_api = std::make_unique<server::ApiServer>(*m_app);
    auto port = m_api->Bind("127.0.0.1", 0);
    if (!port) {
      ADD_FAILURE() << port.ErrorText();
      return;
    }
    m_port = *port;
    m_thread = std::thread([this] { m_api->Serve(); });
    // Connections made before the accept loop starts wait in the listen backlog; waiting for
    // is_running only makes sure Stop() cannot come before the loop.
    while (!m_api->IsRunning()) std::this_thread::yield();
  }
  ~TestServer() {
    if (m_api) m_api->Stop();
    if (m_thread.joinable()) m_thread.join();
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", m_port);
    client.set_read_timeout(30, 0);
    client.set_write_timeout(30, 0);
    return client;
  }
  server::ServerApp& app() { return *m_app; }
  server::Store& store() { return m_app->store(); }
  server::ManualClock& clock() { return *m_clock; }
  server::ApiServer& api() { return *m_api; }
  int port() const { return m_port; }

 private:
  TempFolder m_folder;
  std::shared_ptr<server::ManualClock> m_clock;
  std::unique_ptr<server::ServerApp> m_app;
  std::unique_ptr<server::ApiServer> m_api;
  std::thread m_thread;
  int m_port = 0;
};

/// What Seed() created: known invitation codes and an enrolled device's token.
struct Seeded {
  std::vector<std::string> peer_codes;  // invitations of subject "Alex Rivers" in campaign c360
  std::string self_code;
  std::string expired_code;
  std::string token;
  std::int64_t subject_id = 0;
};

inline std::string CreateInvitation(server::Store& store, const std::string& campaign,
                                    std::int64_t subject, const std::string& group,
                                    const std::string& expires_at) {
  const std::string code = sync::GenerateInvitationCode();
  server::InvitationRow row;
  row.campaign_id = campaign;
  row.subject_id = subject;
  row.rater_group = group;
  row.salt = sync::NewInvitationSalt();
  row.code_hash = sync::HashInvitationCode(*sync::NormaliseInvitationCode(code), row.salt);
  row.expires_at = expires_at;
  EXPECT_TRUE(store.AddInvitation(row).ok());
  return code;
}

/// Templates parks v1+v2 and lead360 v1; campaigns "parks" (open, on v2), "parks-closing",
/// "parks-closed", "c360" (open); venue "library"; unit "org" led by person "chief"; one subject
/// (alex, of "org") with 4 peer invitations; an enrolled device.
inline Seeded Seed(TestServer& server) {
  Seeded seeded;
  auto& store = server.store();
  auto report = server.app().templates().LoadDirectory(IntegrationFixtures());
  EXPECT_TRUE(report.failed.empty()) << report.failed.front();
  EXPECT_TRUE(store.AddCampaign({"parks", "parks", 2, "Parks", "consultation", "open"}).ok());
  EXPECT_TRUE(
      store.AddCampaign({"parks-closing", "parks", 2, "Parks", "consultation", "closing"}).ok());
  EXPECT_TRUE(
      store.AddCampaign({"parks-closed", "parks", 2, "Parks", "consultation", "closed"}).ok());
  EXPECT_TRUE(store.AddCampaign({"c360", "lead360", 1, "Lead", "appraisal360", "open"}).ok());
  EXPECT_TRUE(store.AddVenue({"library", "Library", "north", "urban", "Romanby"}).ok());
  // The chief executive ("chief", no person row) leads the organisation.
  EXPECT_TRUE(store.AddOrgUnit({"org", "", "organisation", "Council", "chief"}).ok());
  EXPECT_TRUE(store.AddPerson({"alex", "Alex Rivers", "", "org"}).ok());
  auto subject = store.AddSubject("c360", "alex");
  EXPECT_TRUE(subject.ok());
  seeded.subject_id = *subject;
  const std::string later = "2027-01-31T00:00:00Z";
  for (int i = 0; i < 4; ++i) {
    seeded.peer_codes.push_back(CreateInvitation(store, "c360", *subject, "peer", later));
  }
  seeded.self_code = CreateInvitation(store, "c360", *subject, "self", later);
  seeded.expired_code = CreateInvitation(store, "c360", *subject, "peer", "2026-11-01T00:00:00Z");

  auto code = server.app().devices().CreateEnrolmentCode(std::chrono::hours(1), "test");
  EXPECT_TRUE(code.ok());
  auto client = server.Client();
  auto enrolled = client.Post("/api/v1/devices/enrol",
                              nlohmann::json{{"enrolment_code", *code}, {"name", "t"}}.dump(),
                              "application/json");
  EXPECT_TRUE(enrolled && enrolled->status == 201);
  if (enrolled && enrolled->status == 201) {
    seeded.token = nlohmann::json::parse(enrolled->body)["token"].get<std::string>();
  }
  return seeded;
}

/// A valid consultation response to campaign "parks" on template version 2.
inline sync::ResponseRecord ParksResponse(int score = 4) {
  sync::ResponseRecord r;
  r.uuid = sync::NewUuidV4();
  r.campaign_id = "parks";
  r.template_id = "parks";
  r.template_version = 2;
  r.venue_id = "library";
  r.language = "en";
  r.started_at = "2026-11-28T09:01:00Z";
  r.completed_at = "2026-11-28T09:04:00Z";
  r.answers = {{"q1", score}, {"q2", true}, {"q3", "green"}, {"q4", 9}};
  return r;
}

/// A valid peer response to campaign "c360".
inline sync::ResponseRecord PeerResponse(const std::string& code, int score = 4) {
  sync::ResponseRecord r;
  r.uuid = sync::NewUuidV4();
  r.campaign_id = "c360";
  r.template_id = "lead360";
  r.template_version = 1;
  r.rater_group = "peer";
  r.invitation_code = code;
  r.language = "en";
  r.started_at = "2026-11-28T09:01:00Z";
  r.completed_at = "2026-11-28T09:04:00Z";
  r.answers = {{"a1", score}, {"a2", "Listens well"}};
  return r;
}

inline httplib::Headers Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

/// Creates a user with `role` (linked to `person` if given), signs in through the API and returns
/// the session token; a failure is a test failure and gives "".
inline std::string SignedInToken(TestServer& server, const std::string& name,
                                 const std::string& role, const std::string& person = "") {
  auto password = server.app().auth().CreateUser(name, role, person, "test");
  EXPECT_TRUE(password.ok());
  if (!password.ok()) return "";
  auto reply = server.Client().Post(
      "/api/v1/auth/sign-in", nlohmann::json{{"username", name}, {"password", *password}}.dump(),
      "application/json");
  EXPECT_TRUE(reply && reply->status == 200);
  return reply && reply->status == 200
             ? nlohmann::json::parse(reply->body)["token"].get<std::string>()
             : "";
}

/// Posts a batch and decodes the reply; a failed decode is a test failure.
inline std::optional<sync::SyncReply> PostBatch(
    const TestServer& server, const std::string& token,
    const std::vector<sync::ResponseRecord>& responses) {
  sync::SyncBatch batch;
  batch.device_id = "t";
  batch.responses = responses;
  auto client = server.Client();
  auto reply =
      client.Post("/api/v1/sync", Bearer(token), sync::ToJson(batch).dump(), "application/json");
  if (!reply) {
    ADD_FAILURE() << "no reply: " << httplib::to_string(reply.error());
    return std::nullopt;
  }
  if (reply->status != 200) {
    ADD_FAILURE() << "status " << reply->status << ": " << reply->body;
    return std::nullopt;
  }
  auto decoded = sync::ParseSyncReply(reply->body);
  if (!decoded) {
    ADD_FAILURE() << decoded.ErrorText();
    return std::nullopt;
  }
  return std::move(decoded).value();
}

}  // namespace soundings::testing
