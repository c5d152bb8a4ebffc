#pragma once
// Sync ingest: one batch, one write transaction, one status per response
// (docs/sync-protocol.md, "Statuses"). The reply exists only once the transaction committed.

#include <chrono>

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/services/template_catalog.h"
#include "server/store/store.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

/// How far ahead of the server's clock a kiosk's `completed_at` (and how far before a campaign's
/// `opens_at`) may be and still be believed: kiosk clocks drift by minutes between time syncs, but
/// a response from next year is a broken clock or a forgery. A kiosk clock that is behind is fine:
/// it may hand in days after it collected.
inline constexpr std::chrono::seconds kAllowedClockSkew{5 * 60};

class IngestService {
 public:
  IngestService(Store& store, TemplateCatalog& templates, const Clock& clock)
      : m_store(store), m_templates(templates), m_clock(clock) {}

  /// Judges and stores every response of `batch` in one transaction; the reply lists one result
  /// per response in batch order. Times are judged against the server's clock when the batch
  /// arrives (docs/sync-protocol.md, "Statuses"). Fails whole (nothing stored) only on storage
  /// errors.
  ServiceResult<sync::SyncReply> Ingest(const DeviceRow& device, const sync::SyncBatch& batch);

 private:
  Store& m_store;
  TemplateCatalog& m_templates;
  const Clock& m_clock;
};

}  // namespace soundings::server
