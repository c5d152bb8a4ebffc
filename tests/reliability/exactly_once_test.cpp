// Exactly-once under faults (issue 7, part 1): a kiosk syncs through a proxy that cuts
// connections at random byte offsets, in the request or the reply, with FIN or RST, and retries
// until every response has an acknowledgement. The server's store must then hold each response
// once: count equals sent, 0 duplicates, 0 missing, 0 conflicts, and no response was ever
// "accepted" twice.
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "shared/sync/protocol.h"
#include "tests/reliability/fault_proxy.h"
#include "tests/reliability/reliability_fixture.h"

namespace soundings::reliability {
namespace {

using sync::ResponseRecord;
using sync::ResponseStatus;

// The seed is printed on failure; SOUNDINGS_FAULT_SEED replays a run.
std::uint32_t FaultSeed() {
  if (const char* text = std::getenv("SOUNDINGS_FAULT_SEED")) {
    return static_cast<std::uint32_t>(std::strtoul(text, nullptr, 10));
  }
  return 20261128;
}

// A kiosk's view of one sync: the server's reply, or nothing when the connection was cut.
std::optional<sync::SyncReply> TrySync(int port, const std::string& token,
                                       const std::vector<ResponseRecord>& batch) {
  sync::SyncBatch body;
  body.device_id = "t";
  body.responses = batch;
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  auto reply = client.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}},
                           sync::ToJson(body).dump(), "application/json");
  if (!reply) return std::nullopt;
  // A reply cut inside its body can still arrive with a 200 status and a short body: the decode
  // fails and, as on a real kiosk, the batch stays in the outbox.
  if (reply->status != 200) {
    ADD_FAILURE() << "status " << reply->status << ": " << reply->body;
    return std::nullopt;
  }
  auto decoded = sync::ParseSyncReply(reply->body);
  if (!decoded || decoded->results.size() != batch.size()) return std::nullopt;
  return std::move(decoded).value();
}

// Every status a response received over the whole run, in order.
using StatusLog = std::map<std::string, std::vector<ResponseStatus>>;

void Record(const sync::SyncReply& reply, const std::vector<ResponseRecord>& batch,
            StatusLog& log) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(reply.results[i].uuid, batch[i].uuid);
    log[batch[i].uuid].push_back(reply.results[i].status);
  }
}

// Posts `batch` until a reply arrives; returns that reply. Gives up (test failure) after
// `max_attempts` so a broken server cannot spin the test for ever.
std::optional<sync::SyncReply> SyncUntilAcknowledged(int port, const std::string& token,
                                                     const std::vector<ResponseRecord>& batch,
                                                     int max_attempts) {
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    if (auto reply = TrySync(port, token, batch)) return reply;
  }
  ADD_FAILURE() << "no acknowledgement after " << max_attempts << " attempts";
  return std::nullopt;
}

std::vector<ResponseRecord> MakeResponses(std::size_t count, std::mt19937& random) {
  std::vector<ResponseRecord> responses;
  for (std::size_t i = 0; i < count; ++i) {
    responses.push_back(soundings::testing::ParksResponse(1 + static_cast<int>(random() % 5)));
  }
  return responses;
}

// The store holds exactly `sent`: same count, each uuid present with its content hash, no
// conflicts kept aside.
void ExpectStoreHoldsExactly(TestServer& server, const std::vector<ResponseRecord>& sent) {
  EXPECT_EQ(*server.store().CountResponses(), static_cast<std::int64_t>(sent.size()));
  std::size_t missing = 0;
  std::size_t changed = 0;
  for (const auto& r : sent) {
    auto stored = server.store().GetResponse(r.uuid);
    ASSERT_TRUE(stored.ok());
    if (!stored->has_value()) {
      ++missing;
    } else if ((*stored)->content_hash != sync::ContentHash(r)) {
      ++changed;
    }
  }
  EXPECT_EQ(missing, 0u);
  EXPECT_EQ(changed, 0u);
  EXPECT_TRUE(server.store().ListConflicts()->empty());
}

TEST(ExactlyOnce, SyncThroughAProxyCuttingAThousandConnectionsStoresEachResponseOnce) {
  constexpr std::size_t kResponses = 600;
  constexpr std::size_t kCutsWanted = 1000;
  const std::uint32_t seed = FaultSeed();
  SCOPED_TRACE("SOUNDINGS_FAULT_SEED=" + std::to_string(seed));
  std::mt19937 random(seed);

  TestServer server(ShortTimeoutConfig());
  const Seeded seeded = soundings::testing::Seed(server);
  std::mt19937 proxy_random(seed + 1);
  FaultProxy proxy(
      server.port(), [&proxy_random](std::size_t, std::size_t request, std::size_t reply) {
        CutPlan plan;
        std::uniform_real_distribution<double> chance(0, 1);
        if (chance(proxy_random) < 0.3) return plan;  // this one goes through
        plan.direction = chance(proxy_random) < 0.5 ? CutDirection::kRequest : CutDirection::kReply;
        const std::size_t size = plan.direction == CutDirection::kRequest ? request : reply;
        plan.offset = std::uniform_int_distribution<std::size_t>(0, size)(proxy_random);
        plan.reset = chance(proxy_random) < 0.5;
        return plan;
      });
  ASSERT_NE(proxy.port(), 0);

  const std::vector<ResponseRecord> sent = MakeResponses(kResponses, random);
  StatusLog log;
  std::vector<std::vector<ResponseRecord>> batches;
  // The outbox drains in batches of 1 to 6, each retried until acknowledged.
  for (std::size_t at = 0; at < sent.size();) {
    const std::size_t size = std::min<std::size_t>(1 + random() % 6, sent.size() - at);
    batches.emplace_back(sent.begin() + static_cast<long>(at),
                         sent.begin() + static_cast<long>(at + size));
    at += size;
    auto reply = SyncUntilAcknowledged(proxy.port(), seeded.token, batches.back(), 200);
    ASSERT_TRUE(reply);
    Record(*reply, batches.back(), log);
  }
  // A kiosk that lost acknowledgements replays old batches: keep replaying until the proxy has
  // cut kCutsWanted connections; every replayed response must come back a duplicate.
  while (proxy.request_cuts() + proxy.reply_cuts() < kCutsWanted) {
    const auto& batch = batches[random() % batches.size()];
    auto reply = SyncUntilAcknowledged(proxy.port(), seeded.token, batch, 200);
    ASSERT_TRUE(reply);
    for (const auto& result : reply->results) {
      EXPECT_EQ(result.status, ResponseStatus::kDuplicate) << result.uuid;
    }
    Record(*reply, batch, log);
  }

  EXPECT_GE(proxy.request_cuts(), kCutsWanted / 4);
  EXPECT_GE(proxy.reply_cuts(), kCutsWanted / 4);
  ASSERT_EQ(log.size(), sent.size());
  for (const auto& [uuid, statuses] : log) {
    const auto accepted = std::count(statuses.begin(), statuses.end(), ResponseStatus::kAccepted);
    EXPECT_LE(accepted, 1) << uuid << " was accepted " << accepted << " times";
    for (const auto status : statuses) {
      EXPECT_TRUE(status == ResponseStatus::kAccepted || status == ResponseStatus::kDuplicate)
          << uuid << ": " << sync::ToString(status);
    }
  }
  ExpectStoreHoldsExactly(server, sent);
  RecordProperty("connections", static_cast<int>(proxy.connections()));
  RecordProperty("request_cuts", static_cast<int>(proxy.request_cuts()));
  RecordProperty("reply_cuts", static_cast<int>(proxy.reply_cuts()));
}

TEST(ExactlyOnce, AcknowledgementsDroppedAfterCommitAreReplayedAsDuplicates) {
  const std::uint32_t seed = FaultSeed();
  SCOPED_TRACE("SOUNDINGS_FAULT_SEED=" + std::to_string(seed));
  std::mt19937 random(seed);
  TestServer server(ShortTimeoutConfig());
  const Seeded seeded = soundings::testing::Seed(server);
  // Every even connection loses its reply part-way (or entirely): the proxy only cuts a reply
  // once the server has started sending it, so the batch has been committed.
  std::mt19937 proxy_random(seed + 1);
  // Offsets stay under 200 bytes, inside the shortest possible reply (its headers alone are
  // longer), so every even reply is really cut.
  FaultProxy proxy(server.port(), [&proxy_random](std::size_t index, std::size_t, std::size_t) {
    CutPlan plan;
    if (index % 2 == 1) return plan;
    plan.direction = CutDirection::kReply;
    plan.offset = std::uniform_int_distribution<std::size_t>(0, 199)(proxy_random);
    plan.reset = index % 4 == 0;
    return plan;
  });
  ASSERT_NE(proxy.port(), 0);

  std::vector<ResponseRecord> sent;
  for (int b = 0; b < 20; ++b) {
    const std::vector<ResponseRecord> batch = MakeResponses(1 + random() % 25, random);
    EXPECT_FALSE(TrySync(proxy.port(), seeded.token, batch)) << "the reply should have been cut";
    auto replayed = TrySync(proxy.port(), seeded.token, batch);
    ASSERT_TRUE(replayed);
    for (const auto& result : replayed->results) {
      EXPECT_EQ(result.status, ResponseStatus::kDuplicate) << result.uuid;
    }
    sent.insert(sent.end(), batch.begin(), batch.end());
  }
  EXPECT_EQ(proxy.reply_cuts(), 20u);
  ExpectStoreHoldsExactly(server, sent);
}

}  // namespace
}  // namespace soundings::reliability
