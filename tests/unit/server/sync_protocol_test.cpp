// The sync protocol's wire types live in shared/ but are tested here, beside the server that
// speaks them (tests/unit/shared belongs to the template-language work).
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "shared/sync/invitation_code.h"
#include "shared/sync/json_limits.h"
#include "shared/sync/protocol.h"

namespace soundings::sync {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;

ResponseRecord SampleRecord() {
  ResponseRecord r;
  r.uuid = "3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b";
  r.campaign_id = "me2e-2026";
  r.template_id = "me2e-360";
  r.template_version = 2;
  r.rater_group = "peer";
  r.invitation_code = "K7QM-3XPA-9RT";
  r.language = "en";
  r.started_at = "2026-11-28T09:15:00Z";
  r.completed_at = "2026-11-28T09:27:41.250Z";
  r.answers = {{"q1", 4}, {"q2", "na"}, {"c1", "Listens well."}};
  return r;
}

TEST(SyncProtocol, BatchRoundTripsThroughJson) {
  SyncBatch batch;
  batch.device_id = "kiosk-7";
  batch.responses = {SampleRecord()};
  auto decoded = ParseSyncBatch(ToJson(batch).dump());
  ASSERT_TRUE(decoded.ok()) << decoded.ErrorText();
  EXPECT_EQ(decoded->device_id, "kiosk-7");
  ASSERT_EQ(decoded->responses.size(), 1u);
  EXPECT_EQ(decoded->responses[0], SampleRecord());
}

TEST(SyncProtocol, ReportsEveryProblemOfAResponseWithItsPath) {
  json batch = ToJson(SyncBatch{1, "k", {SampleRecord()}});
  batch["responses"][0]["uuid"] = "not-a-uuid";
  batch["responses"][0]["template_version"] = "2";
  batch["responses"][0]["started_at"] = "28/11/2026";
  batch["responses"][0].erase("campaign_id");
  batch["responses"][0]["answers"] = json::array();
  auto decoded = SyncBatchFromJson(batch);
  ASSERT_FALSE(decoded.ok());
  std::set<std::string> paths;
  for (const auto& p : decoded.problems()) paths.insert(p.path);
  EXPECT_EQ(paths, (std::set<std::string>{"responses[0].uuid", "responses[0].template_version",
                                          "responses[0].started_at", "responses[0].campaign_id",
                                          "responses[0].answers"}));
}

TEST(SyncProtocol, RejectsABatchOfMoreThan500Responses) {
  SyncBatch batch;
  batch.responses.assign(kMaxBatchResponses + 1, SampleRecord());
  auto decoded = SyncBatchFromJson(ToJson(batch));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.problems()[0].path, "responses");
  EXPECT_THAT(decoded.problems()[0].message, HasSubstr("at most 500"));
}

TEST(SyncProtocol, RejectsAnotherProtocolVersion) {
  json batch = ToJson(SyncBatch{1, "k", {}});
  batch["protocol_version"] = 2;
  auto decoded = SyncBatchFromJson(batch);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.problems()[0].path, "protocol_version");
}

TEST(SyncProtocol, MalformedAndDeeplyNestedJsonBecomeProblemsNotExceptions) {
  EXPECT_FALSE(ParseSyncBatch("{\"protocol_version\": 1,").ok());
  EXPECT_FALSE(ParseSyncBatch("").ok());
  EXPECT_FALSE(ParseSyncBatch("[]").ok());
  auto deep = ParseSyncBatch(std::string(100000, '[') + std::string(100000, ']'));
  ASSERT_FALSE(deep.ok());
  EXPECT_THAT(deep.problems()[0].message, HasSubstr("nested deeper"));
}

TEST(SyncProtocol, NestingCountIgnoresBracketsInsideStrings) {
  EXPECT_EQ(JsonNestingDepth(R"({"a": "[[[[{{{{\"[["})", 32), 1);
  EXPECT_EQ(JsonNestingDepth(R"([[[]]])", 32), 3);
}

TEST(SyncProtocol, ReplyRoundTripsWithProblems) {
  SyncReply reply;
  reply.results.push_back({"u1", ResponseStatus::kAccepted, {}});
  reply.results.push_back({"u2", ResponseStatus::kRejected, {{"answers.q3", "is required"}}});
  auto decoded = ParseSyncReply(ToJson(reply).dump());
  ASSERT_TRUE(decoded.ok()) << decoded.ErrorText();
  ASSERT_EQ(decoded->results.size(), 2u);
  EXPECT_EQ(decoded->results[1].status, ResponseStatus::kRejected);
  EXPECT_EQ(decoded->results[1].problems, (Problems{{"answers.q3", "is required"}}));
}

TEST(SyncProtocol, BundleRoundTripsAndItsEtagFollowsContent) {
  Bundle bundle;
  bundle.code_hash_scheme = kInvitationHashScheme;
  bundle.templates.push_back({{"id", "t"}, {"version", 1}});
  bundle.campaigns.push_back(
      {"c1", "t", 1, "Title", CampaignState::kClosing, "consultation", "2027-03-14T17:00:00Z"});
  bundle.invitations.push_back({"ab", "cd", "c1", "Alex Smith", "peer", "2026-12-31T23:59:59Z"});
  bundle.venues.push_back({"v1", "Library", "north", "rural", "Ward 3"});
  bundle.etag = ComputeBundleEtag(bundle);
  auto decoded = ParseBundle(ToJson(bundle).dump());
  ASSERT_TRUE(decoded.ok()) << decoded.ErrorText();
  EXPECT_EQ(decoded->etag, bundle.etag);
  EXPECT_EQ(decoded->campaigns[0].state, CampaignState::kClosing);
  EXPECT_EQ(decoded->campaigns[0].closes_at, "2027-03-14T17:00:00Z");
  EXPECT_EQ(decoded->venues[0].settlement, "rural");
  EXPECT_EQ(ComputeBundleEtag(*decoded), bundle.etag);
  // A bundle from a server without campaign dates, and one whose date is nonsense.
  json older = ToJson(bundle);
  older["campaigns"][0].erase("closes_at");
  auto old_server = BundleFromJson(older);
  ASSERT_TRUE(old_server.ok()) << old_server.ErrorText();
  EXPECT_EQ(old_server->campaigns[0].closes_at, "");
  json bad = ToJson(bundle);
  bad["campaigns"][0]["closes_at"] = "next Tuesday";
  EXPECT_NE(BundleFromJson(bad).ErrorText().find("campaigns[0].closes_at"), std::string::npos)
      << BundleFromJson(bad).ErrorText();
  decoded->venues[0].name = "Town hall";
  EXPECT_NE(ComputeBundleEtag(*decoded), bundle.etag);
}

TEST(SyncProtocol, ContentHashIgnoresTheInvitationCodeButNotTheAnswers) {
  ResponseRecord a = SampleRecord();
  ResponseRecord b = a;
  b.invitation_code = "";
  EXPECT_EQ(ContentHash(a), ContentHash(b));
  b.answers["q1"] = 5;
  EXPECT_NE(ContentHash(a), ContentHash(b));
  EXPECT_EQ(ContentHash(a).size(), 64u);
}

TEST(SyncProtocol, ContentHashIsTheSha256OfTheCanonicalJsonWithoutTheCode) {
  ResponseRecord r = SampleRecord();
  r.answers["m"] = json{{"row2", "na"}, {"row1", 3}};
  r.answers["list"] = json::array({"b", "a"});
  r.answers["q\"uote"] = "line\nbreak \u00e9";
  r.venue_id = "v";
  r.partial = true;
  json canonical = ToJson(r);
  canonical.erase("invitation_code");
  EXPECT_EQ(ContentHash(r), Sha256Hex(canonical.dump()));
}

TEST(SyncProtocol, UuidsAreVersion4AndCheckedStrictly) {
  const std::string id = NewUuidV4();
  EXPECT_TRUE(IsUuidV4(id)) << id;
  EXPECT_NE(id, NewUuidV4());
  EXPECT_FALSE(IsUuidV4("3f2b8c1e-9a4d-1e2f-8b1a-0c9d8e7f6a5b"));  // version 1
  EXPECT_FALSE(IsUuidV4("3f2b8c1e9a4d4e2f8b1a0c9d8e7f6a5b"));
}

TEST(SyncProtocol, Rfc3339CheckAcceptsUtcOnlyWithRealDates) {
  EXPECT_TRUE(IsRfc3339Utc("2026-11-28T09:15:00Z"));
  EXPECT_TRUE(IsRfc3339Utc("2024-02-29T23:59:59.123456Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-02-29T00:00:00Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-28T09:15:00+01:00"));
  EXPECT_FALSE(IsRfc3339Utc("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-28 09:15:00Z"));
}

TEST(InvitationCode, GeneratedCodesAreGroupedAndUseOnlyCrockfordsAlphabet) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string code = GenerateInvitationCode();
    ASSERT_EQ(code.size(), 13u);
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code.find_first_of("OILU"), std::string::npos) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(InvitationCode, NormalisesCaseDashesAndSpaces) {
  auto code = NormaliseInvitationCode(" k7qm 3xpa-9rt ");
  ASSERT_TRUE(code.ok()) << code.ErrorText();
  EXPECT_EQ(*code, "K7QM3XPA9RT");
}

TEST(InvitationCode, ReadsOAsZeroAndIOrLAsOne) {
  EXPECT_EQ(*NormaliseInvitationCode("DEMO-2468-KQ7"), "DEM02468KQ7");
  EXPECT_EQ(*NormaliseInvitationCode("k7qm-3xpa-9il"), "K7QM3XPA911");
  EXPECT_EQ(CanonicalInvitationCharacters("dem-o 1"), "DEM01");
}

TEST(InvitationCode, CodesMadeBeforeCrockfordsAlphabetStillWork) {
  EXPECT_EQ(*NormaliseInvitationCode("K7QM-3XPA-9RU"), "K7QM3XPA9RU");
}

TEST(InvitationCode, ExplainsStrayCharactersAndShortInput) {
  auto stray = NormaliseInvitationCode("K7QM-3XPA-9R#");
  ASSERT_FALSE(stray.ok());
  EXPECT_THAT(stray.problems()[0].message, HasSubstr("\"#\" is not part of any code"));
  EXPECT_FALSE(NormaliseInvitationCode("K7QM-3XPA").ok());
  EXPECT_FALSE(NormaliseInvitationCode("K7QM-3XPA-9RTT").ok());
}

TEST(InvitationCode, MatchesOnlyTheRightCodeWithItsOwnSalt) {
  const std::string code = GenerateInvitationCode();
  const std::string salt = NewInvitationSalt();
  const std::string hash = HashInvitationCode(*NormaliseInvitationCode(code), salt);
  ASSERT_EQ(hash.size(), 64u);
  std::string lower = code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(InvitationCodeMatches(lower, hash, salt));
  EXPECT_FALSE(InvitationCodeMatches(code, hash, NewInvitationSalt()));
  EXPECT_FALSE(InvitationCodeMatches(GenerateInvitationCode(), hash, salt));
  EXPECT_EQ(HashInvitationCode("K7QM3XPA9RT", "zz"), "");
}

}  // namespace
}  // namespace soundings::sync
