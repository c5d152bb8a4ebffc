// What the server believes of a kiosk, over the wire (issue 16, findings 5 and 10): times judged
// against the server's clock at receipt and the campaign's opening; invitation expiry judged at
// receipt; and a bundle that keeps used invitations, with an ETag a use does not change, while a
// second use is still kept aside at sync.
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "shared/sync/invitation_code.h"
#include "test_server.h"

namespace soundings::testing {
namespace {

using sync::ResponseStatus;
using ::testing::HasSubstr;

// The server's clock starts at DemoStart(), 2026-11-28T09:00:00Z.

TEST(Plausibility, AResponseCompletedIn2099IsRejectedAndNotStored) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto r = ParksResponse();
  r.started_at = "2099-01-01T09:00:00Z";
  r.completed_at = "2099-01-01T09:04:00Z";
  auto reply = PostBatch(server, seeded.token, {r, ParksResponse()});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kRejected);
  ASSERT_FALSE(reply->results[0].problems.empty());
  EXPECT_EQ(reply->results[0].problems[0].path, "completed_at");
  EXPECT_THAT(reply->results[0].problems[0].message, HasSubstr("2026-11-28T09:00:00Z"));
  EXPECT_EQ(reply->results[1].status, ResponseStatus::kAccepted) << "the rest of the batch stands";
  EXPECT_EQ(*server.store().CountResponses(), 1);
}

TEST(Plausibility, AResponseStartedAfterItWasCompletedIsRejected) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto r = ParksResponse();
  r.started_at = "2026-11-28T08:40:00Z";
  r.completed_at = "2026-11-28T08:30:00Z";
  auto reply = PostBatch(server, seeded.token, {r});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kRejected);
  ASSERT_EQ(reply->results[0].problems.size(), 1u);
  EXPECT_EQ(reply->results[0].problems[0].path, "started_at");
  EXPECT_EQ(*server.store().CountResponses(), 0);
}

TEST(Plausibility, AResponseCompletedBeforeTheCampaignOpenedIsRejected) {
  TestServer server;
  Seeded seeded = Seed(server);
  ASSERT_TRUE(server.store().SetCampaignDates("parks", "2026-11-20T09:00:00Z", "").ok());
  auto before = ParksResponse();
  before.started_at = "2026-11-19T10:00:00Z";
  before.completed_at = "2026-11-19T10:04:00Z";
  auto after = ParksResponse();
  after.started_at = "2026-11-20T10:00:00Z";
  after.completed_at = "2026-11-20T10:04:00Z";
  auto reply = PostBatch(server, seeded.token, {before, after});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kRejected);
  ASSERT_EQ(reply->results[0].problems.size(), 1u);
  EXPECT_EQ(reply->results[0].problems[0].path, "completed_at");
  EXPECT_THAT(reply->results[0].problems[0].message, HasSubstr("opened at 2026-11-20T09:00:00Z"));
  EXPECT_EQ(reply->results[1].status, ResponseStatus::kAccepted);
}

TEST(Plausibility, AnInvitationExpiredBeforeReceiptIsRefusedThoughCompletedBeforeItsExpiry) {
  TestServer server;
  Seeded seeded = Seed(server);
  const std::string code =
      CreateInvitation(server.store(), "c360", seeded.subject_id, "peer", "2026-11-28T10:00:00Z");
  // Answered at 08:30 by the kiosk's clock, handed in at 11:00, after the invitation expired.
  server.clock().Advance(std::chrono::hours(2));
  auto r = PeerResponse(code);
  r.started_at = "2026-11-28T08:20:00Z";
  r.completed_at = "2026-11-28T08:30:00Z";
  auto reply = PostBatch(server, seeded.token, {r});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kRejected);
  ASSERT_EQ(reply->results[0].problems.size(), 1u);
  EXPECT_EQ(reply->results[0].problems[0].path, "invitation_code");
  EXPECT_EQ(reply->results[0].problems[0].message,
            "the invitation expired at 2026-11-28T10:00:00Z, before the response reached the "
            "server");
  EXPECT_EQ(*server.store().CountResponses(), 0);
}

TEST(BundleAnonymity, AUsedInvitationStaysInTheBundleAndTheEtagDoesNotChange) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto first = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());

  auto reply = PostBatch(server, seeded.token, {PeerResponse(seeded.peer_codes[0])});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results[0].status, ResponseStatus::kAccepted);

  auto headers = Bearer(seeded.token);
  headers.emplace("If-None-Match", etag);
  auto revalidated = server.Client().Get("/api/v1/kiosk/bundle", headers);
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304) << "a use must not change the bundle";
  auto again = server.Client().Get("/api/v1/kiosk/bundle", Bearer(seeded.token));
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(again->body, first->body);
  auto bundle = sync::ParseBundle(again->body);
  ASSERT_TRUE(bundle.ok()) << bundle.ErrorText();
  bool used_code_present = false;
  for (const auto& i : bundle->invitations) {
    used_code_present =
        used_code_present ||
        sync::InvitationCodeMatches(*sync::NormaliseInvitationCode(seeded.peer_codes[0]),
                                    i.code_hash, i.salt);
  }
  EXPECT_TRUE(used_code_present);
  // Nothing in an invitation marks a use: each carries only what checking a code needs.
  const auto json = nlohmann::json::parse(again->body);
  for (const auto& invitation : json["invitations"]) {
    std::set<std::string> keys;
    for (const auto& [key, value] : invitation.items()) keys.insert(key);
    EXPECT_EQ(keys, (std::set<std::string>{"code_hash", "salt", "campaign_id",
                                           "subject_display_name", "rater_group", "expires_at"}));
  }
}

TEST(BundleAnonymity, ASecondResponseWithAUsedCodeIsStillKeptAsideAtSync) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto reply = PostBatch(server, seeded.token, {PeerResponse(seeded.peer_codes[1], 5)});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results[0].status, ResponseStatus::kAccepted);
  // A kiosk whose bundle still lists the code takes it again; the server does not count it.
  reply = PostBatch(server, seeded.token, {PeerResponse(seeded.peer_codes[1], 1)});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kConflict);
  ASSERT_FALSE(reply->results[0].problems.empty());
  EXPECT_THAT(reply->results[0].problems[0].message, HasSubstr("already used"));
  EXPECT_EQ(*server.store().CountResponses(), 1);
}

}  // namespace
}  // namespace soundings::testing
