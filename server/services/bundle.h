#pragma once
// Builds what GET /api/v1/kiosk/bundle serves (docs/sync-protocol.md, "The bundle").

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/store/store.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

/// Open and closing campaigns, their template versions, unused unexpired invitations and all
/// venues, with the ETag computed over the result.
ServiceResult<sync::Bundle> BuildBundle(Store& store, const Clock& clock);

}  // namespace soundings::server
