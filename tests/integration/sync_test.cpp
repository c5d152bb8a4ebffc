// Sync protocol v1 against the real server: exactly-once ingest, statuses, limits, devices.
#include <atomic>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/store/sqlite_store.h"
#include "shared/db/sqlite.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using sync::ResponseStatus;
using ::testing::HasSubstr;

std::vector<ResponseStatus> Statuses(const sync::SyncReply& reply) {
  std::vector<ResponseStatus> out;
  for (const auto& r : reply.results) out.push_back(r.status);
  return out;
}

std::string ProblemText(const sync::ResponseResult& result) {
  std::string out;
  for (const auto& p : result.problems) out += p.ToString() + "\n";
  return out;
}

TEST(Health, ReportsOkWithProtocolAndSchemaVersions) {
  TestServer server;
  auto reply = server.Client().Get("/api/v1/health");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  auto body = json::parse(reply->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["protocol_version"], sync::kProtocolVersion);
}

TEST(Errors, UnknownRouteIsA404WithAJsonBody) {
  TestServer server;
  auto reply = server.Client().Get("/api/v1/nothing-here");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);
  auto body = json::parse(reply->body);
  EXPECT_EQ(body["error"], "not_found");
  EXPECT_FALSE(body["message"].get<std::string>().empty());
}

TEST(Sync, BatchesReplayedThreeTimesWithLostRepliesStoreEachResponseExactlyOnce) {
  TestServer server;
  Seeded seeded = Seed(server);
  std::vector<std::vector<sync::ResponseRecord>> batches(4);
  for (auto& batch : batches) {
    for (int i = 0; i < 60; ++i) batch.push_back(ParksResponse(1 + i % 5));
  }
  // The kiosk never sees the first two replies (dropped acknowledgements) and resends.
  std::optional<sync::SyncReply> last;
  for (const auto& batch : batches) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      last = PostBatch(server, seeded.token, batch);
      ASSERT_TRUE(last);
    }
    EXPECT_EQ(Statuses(*last),
              std::vector<ResponseStatus>(batch.size(), ResponseStatus::kDuplicate));
  }
  EXPECT_EQ(*server.store().CountResponses(), 240);
  EXPECT_TRUE(server.store().ListConflicts()->empty());
  for (const auto& batch : batches) {
    for (const auto& r : batch) {
      auto stored = server.store().GetResponse(r.uuid);
      ASSERT_TRUE(stored.ok() && stored->has_value()) << r.uuid;
      EXPECT_EQ((*stored)->answers.at("q1"), r.answers.at("q1").dump());
    }
  }
}

TEST(Sync, FirstReplyAcceptsAndAResponseRepeatedInsideABatchIsADuplicate) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto r = ParksResponse();
  auto reply = PostBatch(server, seeded.token, {r, r});
  ASSERT_TRUE(reply);
  EXPECT_EQ(Statuses(*reply),
            (std::vector<ResponseStatus>{ResponseStatus::kAccepted, ResponseStatus::kDuplicate}));
}

TEST(Sync, SameIdWithDifferentContentIsAConflictKeptAsideAndNeverApplied) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto first = ParksResponse(2);
  ASSERT_TRUE(PostBatch(server, seeded.token, {first}));
  auto changed = first;
  changed.answers["q1"] = 5;
  auto reply = PostBatch(server, seeded.token, {changed});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kConflict);
  EXPECT_EQ((*server.store().GetResponse(first.uuid))->answers.at("q1"), "2");
  auto conflicts = server.store().ListConflicts();
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].uuid, first.uuid);
  // Sending the conflicting record again is still a conflict, kept aside once.
  auto again = PostBatch(server, seeded.token, {changed});
  ASSERT_TRUE(again && again->results.size() == 1u);
  EXPECT_EQ(again->results[0].status, ResponseStatus::kConflict);
  EXPECT_EQ(server.store().ListConflicts()->size(), 1u);
}

TEST(Sync, OldTemplateVersionIsAcceptedAndUnknownVersionRejectedWithItsReason) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto old_version = ParksResponse();
  old_version.template_version = 1;
  old_version.answers.erase("q4");
  auto unknown = ParksResponse();
  unknown.template_version = 9;
  auto reply = PostBatch(server, seeded.token, {old_version, unknown});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kAccepted) << ProblemText(reply->results[0]);
  ASSERT_EQ(reply->results[1].status, ResponseStatus::kRejected);
  EXPECT_EQ(reply->results[1].problems[0].path, "template_version");
  EXPECT_THAT(reply->results[1].problems[0].message, HasSubstr("not known"));
  EXPECT_THAT(reply->results[1].problems[0].message, HasSubstr("1, 2"));
}

TEST(Sync, ClosingCampaignAcceptsAndClosedCampaignRejectsWithItsReason) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto closing = ParksResponse();
  closing.campaign_id = "parks-closing";
  auto closed = ParksResponse();
  closed.campaign_id = "parks-closed";
  auto reply = PostBatch(server, seeded.token, {closing, closed});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kAccepted) << ProblemText(reply->results[0]);
  ASSERT_EQ(reply->results[1].status, ResponseStatus::kRejected);
  EXPECT_THAT(reply->results[1].problems[0].message, HasSubstr("closed"));
}

TEST(Sync, InvalidAnswersAreRejectedWithPathsUnderAnswers) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto r = ParksResponse();
  r.answers["q1"] = 7;
  r.answers["nonexistent"] = 1;
  auto reply = PostBatch(server, seeded.token, {r});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results[0].status, ResponseStatus::kRejected);
  std::set<std::string> paths;
  for (const auto& p : reply->results[0].problems) paths.insert(p.path);
  EXPECT_TRUE(paths.contains("answers.q1")) << ProblemText(reply->results[0]);
  EXPECT_EQ(*server.store().CountResponses(), 0);
}

TEST(Sync, AnInvitationWorksOnceAndASecondDifferentResponseWithItIsAConflict) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto first = PeerResponse(seeded.peer_codes[0], 4);
  auto second = PeerResponse(seeded.peer_codes[0], 2);
  auto reply = PostBatch(server, seeded.token, {first});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kAccepted) << ProblemText(reply->results[0]);
  reply = PostBatch(server, seeded.token, {second, first});
  ASSERT_TRUE(reply);
  EXPECT_EQ(Statuses(*reply),
            (std::vector<ResponseStatus>{ResponseStatus::kConflict, ResponseStatus::kDuplicate}));
  EXPECT_EQ(*server.store().CountResponses(), 1);
}

TEST(Sync, InvitationsAreCheckedForCampaignGroupAndExpiry) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto wrong_group = PeerResponse(seeded.self_code);  // a self invitation sent as "peer"
  auto expired = PeerResponse(seeded.expired_code);
  auto unknown = PeerResponse(sync::GenerateInvitationCode());
  auto missing = PeerResponse("");
  auto reply = PostBatch(server, seeded.token, {wrong_group, expired, unknown, missing});
  ASSERT_TRUE(reply);
  EXPECT_EQ(Statuses(*reply), std::vector<ResponseStatus>(4, ResponseStatus::kRejected));
  EXPECT_EQ(reply->results[0].problems[0].path, "rater_group");
  EXPECT_THAT(reply->results[1].problems[0].message, HasSubstr("expired"));
  EXPECT_EQ(reply->results[2].problems[0].path, "invitation_code");
  EXPECT_EQ(reply->results[3].problems[0].path, "invitation_code");
}

TEST(Anonymity, APeerResponseIsStoredWithSubjectAndGroupOnlyAndNothingLinksItToTheInvitation) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto r = PeerResponse(seeded.peer_codes[1]);
  ASSERT_TRUE(PostBatch(server, seeded.token, {r}));
  auto stored = server.store().GetResponse(r.uuid);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->subject_id, seeded.subject_id);
  EXPECT_EQ((*stored)->rater_group, "peer");
  // No column of responses, answers or invitations can join a response to an invitation or rater.
  auto db = db::Database::Open(server.app().config().DatabaseFile(), {});
  ASSERT_TRUE(db.ok());
  for (const std::string table : {"responses", "answers", "invitations", "conflicts"}) {
    auto columns = db->Prepare("SELECT name FROM pragma_table_info('" + table + "')");
    ASSERT_TRUE(columns.ok());
    while (*columns->Step()) {
      const std::string column = columns->ColumnText(0);
      if (table == "responses" || table == "answers" || table == "conflicts") {
        EXPECT_EQ(column.find("invitation"), std::string::npos) << table << "." << column;
        EXPECT_EQ(column.find("rater_person"), std::string::npos) << table << "." << column;
        EXPECT_EQ(column.find("device"), std::string::npos) << table << "." << column;
        EXPECT_EQ(column.find("nomination"), std::string::npos) << table << "." << column;
      } else {
        EXPECT_EQ(column.find("response"), std::string::npos) << table << "." << column;
        EXPECT_NE(column, "used_at") << "a time of use could be matched to a response";
      }
    }
  }
}

TEST(Anonymity, AConflictKeptAsideDoesNotKeepTheInvitationCode) {
  TestServer server;
  Seeded seeded = Seed(server);
  ASSERT_TRUE(PostBatch(server, seeded.token, {PeerResponse(seeded.peer_codes[2], 4)}));
  ASSERT_TRUE(PostBatch(server, seeded.token, {PeerResponse(seeded.peer_codes[2], 1)}));
  auto conflicts = server.store().ListConflicts();
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].record.find("invitation"), std::string::npos);
  auto normalised = *sync::NormaliseInvitationCode(seeded.peer_codes[2]);
  EXPECT_EQ((*conflicts)[0].record.find(normalised), std::string::npos);
}

TEST(Limits, OversizeBodyGets413AndTheServerKeepsServing) {
  server::ServerConfig config;
  config.max_body_bytes = 64 * 1024;
  TestServer server(config);
  Seeded seeded = Seed(server);
  auto client = server.Client();
  const std::string big(config.max_body_bytes + 1, ' ');
  auto reply = client.Post("/api/v1/sync", Bearer(seeded.token), big, "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  EXPECT_EQ(json::parse(reply->body)["error"], "payload_too_large");
  auto health = server.Client().Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(PostBatch(server, seeded.token, {ParksResponse()}));
}

TEST(Limits, GzipBodyIsAcceptedAndItsDecodedSizeIsLimitedToo) {
  server::ServerConfig config;
  config.max_body_bytes = 64 * 1024;
  TestServer server(config);
  Seeded seeded = Seed(server);
  auto client = server.Client();
  client.set_compress(true);
  sync::SyncBatch batch;
  batch.responses = {ParksResponse()};
  auto reply = client.Post("/api/v1/sync", Bearer(seeded.token), sync::ToJson(batch).dump(),
                           "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200) << reply->body;
  // 1 MiB of spaces compresses to ~1 KiB: under the limit on the wire, over it decoded.
  std::string bomb = sync::ToJson(batch).dump();
  bomb.insert(1, std::string(1024 * 1024, ' '));
  reply = client.Post("/api/v1/sync", Bearer(seeded.token), bomb, "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
}

TEST(Limits, BadBodiesGet4xxWithAMessage) {
  TestServer server;
  Seeded seeded = Seed(server);
  struct Case {
    std::string name;
    std::string body;
    std::string error;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"malformed", "{\"protocol_version\": 1, \"responses\": [", "malformed_json", "malformed"},
      {"not an object", "[1, 2]", "invalid_batch", "must be an object"},
      {"wrong types", R"({"protocol_version": 1, "responses": [{"uuid": 5, "answers": []}]})",
       "invalid_batch", "responses[0].uuid"},
      {"deep nesting", std::string(5000, '[') + std::string(5000, ']'), "malformed_json",
       "nested deeper"},
      {"too many responses",
       sync::ToJson(
           sync::SyncBatch{1, "t", std::vector<sync::ResponseRecord>(501, ParksResponse())})
           .dump(),
       "invalid_batch", "at most 500"},
  };
  for (const auto& c : cases) {
    auto reply =
        server.Client().Post("/api/v1/sync", Bearer(seeded.token), c.body, "application/json");
    ASSERT_TRUE(reply) << c.name;
    EXPECT_EQ(reply->status, 400) << c.name;
    auto body = json::parse(reply->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << c.name << ": " << reply->body;
    EXPECT_EQ(body["error"], c.error) << c.name;
    EXPECT_THAT(body["message"].get<std::string>(), HasSubstr(c.message_part)) << c.name;
  }
  EXPECT_EQ(*server.store().CountResponses(), 0);
}

TEST(Devices, EnrolmentCodeWorksOnlyOnce) {
  TestServer server;
  auto code = server.app().devices().CreateEnrolmentCode(std::chrono::hours(1), "test");
  ASSERT_TRUE(code.ok());
  const std::string body = json{{"enrolment_code", *code}}.dump();
  auto first = server.Client().Post("/api/v1/devices/enrol", body, "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201);
  auto second = server.Client().Post("/api/v1/devices/enrol", body, "application/json");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 401);
  EXPECT_EQ(json::parse(second->body)["error"], "invalid_enrolment_code");
}

TEST(Devices, EnrolmentCodeExpires) {
  TestServer server;
  auto code = server.app().devices().CreateEnrolmentCode(std::chrono::hours(1), "test");
  server.clock().Advance(std::chrono::hours(2));
  auto reply = server.Client().Post("/api/v1/devices/enrol", json{{"enrolment_code", *code}}.dump(),
                                    "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 401);
}

TEST(Devices, CallsWithoutAValidTokenAre401) {
  TestServer server;
  Seed(server);
  auto none = server.Client().Get("/api/v1/kiosk/bundle");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(json::parse(none->body)["error"], "unauthorized");
  auto wrong = server.Client().Post("/api/v1/sync", Bearer("0123"), "{}", "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
}

TEST(Devices, ARevokedDeviceIsRefusedAtItsNextCall) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto before = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);
  auto devices = server.store().ListDevices();
  ASSERT_EQ(devices->size(), 1u);
  ASSERT_TRUE(*server.app().devices().Revoke((*devices)[0].id, "test"));
  auto bundle = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(bundle);
  EXPECT_EQ(bundle->status, 401);
  EXPECT_EQ(json::parse(bundle->body)["error"], "device_revoked");
  sync::SyncBatch batch;
  batch.responses = {ParksResponse()};
  auto sync_reply = server.Client().Post("/api/v1/sync", Bearer(seeded.token),
                                         sync::ToJson(batch).dump(), "application/json");
  ASSERT_TRUE(sync_reply);
  EXPECT_EQ(sync_reply->status, 401);
  EXPECT_EQ(*server.store().CountResponses(), 0);
}

// devices.last_seen_at: written by the first call, then at most once a minute, and shown to
// admins in the device list and to HR in the campaign overview.
TEST(Devices, LastSeenIsKeptToTheMinuteAndShownInTheDeviceListAndOverview) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto last_seen = [&] {
    auto devices = server.store().ListDevices();
    EXPECT_TRUE(devices.ok() && devices->size() == 1u);
    return devices.ok() && !devices->empty() ? devices->front().last_seen_at : std::string();
  };
  EXPECT_EQ(last_seen(), "");
  const std::string first = server::FormatRfc3339(server.clock().Now());
  auto bundle = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(bundle);
  ASSERT_EQ(bundle->status, 200);
  EXPECT_EQ(last_seen(), first);

  server.clock().Advance(std::chrono::seconds(30));  // within the minute: not written again
  ASSERT_TRUE(PostBatch(server, seeded.token, {ParksResponse()}));
  EXPECT_EQ(last_seen(), first);

  server.clock().Advance(std::chrono::seconds(31));
  const std::string second = server::FormatRfc3339(server.clock().Now());
  ASSERT_TRUE(server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token)));
  EXPECT_EQ(last_seen(), second);

  const std::string admin = SignedInToken(server, "ada", "admin");
  auto list = server.Client().Get("/api/v1/devices", Bearer(admin));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(json::parse(list->body)["devices"][0]["last_seen"], second);
  auto overview = server.Client().Get("/api/v1/dashboard/campaigns/parks/overview", Bearer(admin));
  ASSERT_TRUE(overview);
  ASSERT_EQ(overview->status, 200) << overview->body;
  EXPECT_EQ(json::parse(overview->body)["kiosks"]["devices"][0]["last_seen"], second);

  // A revoked device is refused before anything is written.
  server.clock().Advance(std::chrono::minutes(5));
  ASSERT_TRUE(*server.app().devices().Revoke((*server.store().ListDevices())[0].id, "test"));
  auto refused = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(last_seen(), second);
}

// A device id in a URL is read whole: "dev-12x" is no device, not device 12.
TEST(Devices, RevokeReadsTheWholeIdAndRefusesAnythingElse) {
  TestServer server;
  Seed(server);
  const std::int64_t id = (*server.store().ListDevices())[0].id;
  const std::string admin = SignedInToken(server, "ada", "admin");
  const std::string number = std::to_string(id);
  for (const std::string& bad :
       std::vector<std::string>{"dev-" + number + "x", number + "x", "dev-", "dev--" + number,
                                "dev-+" + number, "dev-0x" + number}) {
    auto reply =
        server.Client().Post("/api/v1/devices/" + bad + "/revoke", Bearer(admin), "", "text/plain");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 404) << bad;
  }
  EXPECT_FALSE((*server.store().ListDevices())[0].revoked);

  auto revoked = server.Client().Post("/api/v1/devices/dev-" + number + "/revoke", Bearer(admin),
                                      "", "text/plain");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_TRUE((*server.store().ListDevices())[0].revoked);
}

// Writing last_seen_at can fail (a full disk, a lock held too long): the kiosk's call still goes
// through, and the next call writes it.
TEST(Devices, AFailedLastSeenWriteDoesNotRefuseTheCallAndIsRetried) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto db = db::Database::Open(server.app().config().DatabaseFile(), {});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TRIGGER last_seen_fails BEFORE UPDATE OF last_seen_at ON devices "
                       "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
                  .ok());
  auto bundle = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(bundle);
  EXPECT_EQ(bundle->status, 200);
  ASSERT_TRUE(PostBatch(server, seeded.token, {ParksResponse()}));
  EXPECT_EQ((*server.store().ListDevices())[0].last_seen_at, "");

  ASSERT_TRUE(db->Exec("DROP TRIGGER last_seen_fails").ok());
  auto again = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ((*server.store().ListDevices())[0].last_seen_at,
            server::FormatRfc3339(server.clock().Now()));
}

TEST(Bundle, CarriesCampaignsTemplatesInvitationsAndVenues) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto reply = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200);
  auto bundle = sync::ParseBundle(reply->body);
  ASSERT_TRUE(bundle.ok()) << bundle.ErrorText();
  std::set<std::string> campaigns;
  for (const auto& c : bundle->campaigns) campaigns.insert(c.id);
  EXPECT_EQ(campaigns, (std::set<std::string>{"c360", "parks", "parks-closing"}));
  EXPECT_EQ(bundle->templates.size(), 2u);    // parks v2, lead360 v1
  EXPECT_EQ(bundle->invitations.size(), 5u);  // 4 peers + self; the expired one is left out
  ASSERT_EQ(bundle->venues.size(), 1u);
  // The kiosk can check a typed code offline against the bundle.
  bool found = false;
  for (const auto& i : bundle->invitations) {
    found = found || sync::InvitationCodeMatches(seeded.peer_codes[0], i.code_hash, i.salt);
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(reply->get_header_value("ETag"), "\"" + bundle->etag + "\"");
}

TEST(Bundle, CarriesTheDeadlineAndLeavesOutTheCodesOfASubjectClosedEarly) {
  TestServer server;
  Seeded seeded = Seed(server);
  const std::string hr = SignedInToken(server, "hana", "hr");
  auto client = server.Client();
  auto dated =
      client.Put("/api/v1/campaigns/c360/dates", Bearer(hr),
                 nlohmann::json{{"closes_at", "2027-01-15T17:00:00Z"}}.dump(), "application/json");
  ASSERT_TRUE(dated);
  ASSERT_EQ(dated->status, 200) << dated->body;
  auto closed = client.Post("/api/v1/reports/campaigns/c360/subjects/alex/close", Bearer(hr), "",
                            "text/plain");
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 200) << closed->body;

  auto reply = client.Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200);
  auto bundle = sync::ParseBundle(reply->body);
  ASSERT_TRUE(bundle.ok()) << bundle.ErrorText();
  for (const auto& c : bundle->campaigns) {
    EXPECT_EQ(c.closes_at, c.id == "c360" ? "2027-01-15T17:00:00Z" : "") << c.id;
  }
  EXPECT_TRUE(bundle->invitations.empty()) << "Alex's collection is closed: no code opens it";
}

TEST(Bundle, UnchangedBundleIs304AndAChangeGivesANewEtag) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto first = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto headers = Bearer(seeded.token);
  headers.emplace("If-None-Match", etag);
  auto again = server.Client().Get("/api/v1/kiosk/bundle", headers);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  // A new venue changes the bundle. (Using an invitation does not: sync_plausibility_test.cpp.)
  ASSERT_TRUE(server.store().AddVenue({"hall", "Village hall", "south", "rural", "Thirsk"}).ok());
  auto changed = server.Client().Get("/api/v1/kiosk/bundle", headers);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  EXPECT_NE(changed->get_header_value("ETag"), etag);
}

TEST(Storage, AServerRefusesADataFolderWrittenByANewerRelease) {
  TempFolder folder;
  server::ServerConfig config;
  config.data_dir = folder.path();
  {
    auto db = db::Database::Open(config.DatabaseFile(), {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        db->Exec("PRAGMA user_version=" + std::to_string(server::LatestSchemaVersion() + 5)).ok());
  }
  auto app = server::ServerApp::Open(config);
  ASSERT_FALSE(app.ok());
  EXPECT_THAT(app.ErrorText(), HasSubstr("newer than this soundings-server knows"));
}

}  // namespace
}  // namespace soundings::testing

namespace soundings::testing {
namespace {

TEST(Shutdown, ABatchInFlightWhenTheServerStopsIsCommittedAndAnswered) {
  auto server = std::make_unique<TestServer>();
  Seeded seeded = Seed(*server);
  std::vector<sync::ResponseRecord> batch;
  for (int i = 0; i < 500; ++i) batch.push_back(ParksResponse(1 + i % 5));
  std::optional<sync::SyncReply> reply;
  std::atomic<bool> finished{false};
  std::thread kiosk([&] {
    reply = PostBatch(*server, seeded.token, batch);
    finished = true;
  });
  while (server->api().SyncsInFlight() == 0 && !finished) std::this_thread::yield();
  const bool stopped_mid_way = !finished;
  server->api().Stop();
  kiosk.join();
  ASSERT_TRUE(stopped_mid_way) << "the batch finished before the server could be stopped";
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results.size(), 500u);
  for (const auto& r : reply->results) EXPECT_EQ(r.status, sync::ResponseStatus::kAccepted);
  EXPECT_EQ(*server->store().CountResponses(), 500);
  // The stopped server accepts no new connection.
  auto after = server->Client().Get("/api/v1/health");
  EXPECT_FALSE(after && after->status == 200);
}

}  // namespace
}  // namespace soundings::testing
