#pragma once
// Kiosk devices: one-time enrolment codes an admin creates, revocable device tokens.

#include <chrono>
#include <cstdint>
#include <string>

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/services/audit_log.h"
#include "server/store/store.h"

namespace soundings::server {

struct EnrolledDevice {
  std::int64_t device_id = 0;
  std::string token;  // shown once; the store keeps only its SHA-256
};

class DeviceService {
 public:
  DeviceService(Store& store, const Clock& clock)
      : m_store(store), m_clock(clock), m_audit(store, clock) {}

  /// A fresh enrolment code (XXXX-XXXX-XXX, same alphabet as invitation codes) valid for `ttl`.
  ServiceResult<std::string> CreateEnrolmentCode(std::chrono::hours ttl, const std::string& actor);
  /// Trades an enrolment code for a device token, once.
  ServiceResult<EnrolledDevice> Enrol(const std::string& code, const std::string& name);
  /// The device behind a bearer token; 401 unauthorized / device_revoked otherwise. Records when
  /// the device was last seen (devices.last_seen_at, to kLastSeenResolution).
  ServiceResult<DeviceRow> Authenticate(const std::string& token);
  /// Every enrolled device with when it was last seen.
  ServiceResult<std::vector<DeviceRow>> List();
  /// Revokes a device: its next call is refused.
  ServiceResult<bool> Revoke(std::int64_t device_id, const std::string& actor);

  /// How stale a device's last_seen_at may get before a call writes it again.
  static constexpr std::chrono::seconds kLastSeenResolution{60};

 private:
  void NoteSeen(DeviceRow& device);
  Store& m_store;
  const Clock& m_clock;
  AuditLog m_audit;
};

/// SHA-256 hex of a bearer token: 256 random bits need no slow hash.
std::string TokenHash(const std::string& token);
/// 32 random bytes as 64 hex characters.
std::string NewToken();

}  // namespace soundings::server
