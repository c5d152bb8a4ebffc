#pragma once
// Builds what GET /api/v1/kiosk/bundle serves (docs/sync-protocol.md, "The bundle").

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/store/store.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

/// Open and closing campaigns, their template versions, unexpired invitations (used or not: the
/// bundle never tells who has answered) and all venues, with the ETag computed over the result.
ServiceResult<sync::Bundle> BuildBundle(Store& store, const Clock& clock);

/// BuildBundle over the app's store and clock, for the kiosk routes.
class BundleService {
 public:
  BundleService(Store& store, const Clock& clock) : m_store(store), m_clock(clock) {}
  ServiceResult<sync::Bundle> Build() { return BuildBundle(m_store, m_clock); }

 private:
  Store& m_store;
  const Clock& m_clock;
};

}  // namespace soundings::server
