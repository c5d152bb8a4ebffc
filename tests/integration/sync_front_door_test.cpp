// What the server believes of a kiosk (issue 16, finding 9): a uuid in either case names one
// response.
#include <gtest/gtest.h>

#include "test_server.h"

namespace soundings::testing {
namespace {

using nlohmann::json;
using sync::ResponseStatus;

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

TEST(Uuids, AnUpperCasedUuidIsTheSameResponseADuplicateNotASecondRow) {
  TestServer server;
  Seeded seeded = Seed(server);
  const auto r = ParksResponse();
  auto first = PostBatch(server, seeded.token, {r});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->results[0].status, ResponseStatus::kAccepted);
  auto upper = r;
  upper.uuid = Upper(r.uuid);
  auto again = PostBatch(server, seeded.token, {upper});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->results[0].status, ResponseStatus::kDuplicate);
  EXPECT_EQ(again->results[0].uuid, r.uuid) << "the reply names the canonical lower-case uuid";
  EXPECT_EQ(*server.store().CountResponses(), 1);
}

TEST(Uuids, AResponseFirstSentUpperCasedIsStoredLowerCased) {
  TestServer server;
  Seeded seeded = Seed(server);
  auto r = ParksResponse();
  const std::string lower = r.uuid;
  r.uuid = Upper(lower);
  auto reply = PostBatch(server, seeded.token, {r, ParksResponse()});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results[0].status, ResponseStatus::kAccepted);
  auto stored = server.store().GetResponse(lower);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->has_value());
  r.uuid = lower;
  auto replay = PostBatch(server, seeded.token, {r});
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->results[0].status, ResponseStatus::kDuplicate);
  EXPECT_EQ(*server.store().CountResponses(), 2);
}

}  // namespace
}  // namespace soundings::testing
