#pragma once
// Hands records to the real IngestService the way kiosks do, in batches of random sizes, for the
// report tests that compare their fast paths with reading every answer.

#include <cstddef>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "server/services/ingest.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

/// Sends `records` in order, in batches of 1 to `max_batch`; every one must be accepted.
inline void IngestInRandomBatches(IngestService& ingest, std::mt19937& random,
                                  const std::vector<sync::ResponseRecord>& records,
                                  std::size_t max_batch) {
  std::uniform_int_distribution<std::size_t> size(1, max_batch);
  DeviceRow kiosk;
  kiosk.id = 1;
  kiosk.name = "kiosk";
  for (std::size_t at = 0; at < records.size();) {
    sync::SyncBatch batch;
    for (std::size_t n = size(random); n > 0 && at < records.size(); --n) {
      batch.responses.push_back(records[at++]);
    }
    auto reply = ingest.Ingest(kiosk, batch);
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    for (const auto& result : reply->results) {
      ASSERT_EQ(result.status, sync::ResponseStatus::kAccepted)
          << (result.problems.empty()
                  ? ""
                  : result.problems[0].path + ": " + result.problems[0].message);
    }
  }
}

}  // namespace soundings::server
