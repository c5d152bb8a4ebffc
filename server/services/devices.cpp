#include "server/services/devices.h"

#include <array>

#include <sodium.h>

#include "shared/sync/invitation_code.h"
#include "shared/sync/protocol.h"

namespace soundings::server {

std::string TokenHash(const std::string& token) { return sync::Sha256Hex(token); }

std::string NewToken() {
  // sodium_init was called by the first Sha256Hex/NewUuidV4; call it here too to be independent.
  if (sodium_init() < 0) std::abort();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return sync::ToHex(bytes.data(), bytes.size());
}

ServiceResult<std::vector<DeviceRow>> DeviceService::List() {
  auto devices = m_store.ListDevices();
  if (!devices) return StorageError(devices.error());
  return std::move(devices).value();
}

ServiceResult<std::string> DeviceService::CreateEnrolmentCode(std::chrono::hours ttl,
                                                              const std::string& actor) {
  const std::string code = sync::GenerateInvitationCode();
  const auto now = m_clock.Now();
  auto normalised = sync::NormaliseInvitationCode(code);
  // Audited first: the code is shown once, so a failed audit write must leave no code behind.
  if (auto audited = m_audit.Record(actor, "enrolment_code_created", ""); !audited) {
    return audited.error();
  }
  auto stored = m_store.AddEnrolmentCode(TokenHash(*normalised), FormatRfc3339(now),
                                         FormatRfc3339(now + ttl));
  if (!stored) return StorageError(stored.error());
  return code;
}

ServiceResult<EnrolledDevice> DeviceService::Enrol(const std::string& code,
                                                   const std::string& name) {
  auto normalised = sync::NormaliseInvitationCode(code);
  if (!normalised) {
    return ServiceError{ErrorKind::kUnauthorized,
                        "invalid_enrolment_code",
                        "That enrolment code is not valid: " + normalised.ErrorText() + ".",
                        {}};
  }
  EnrolledDevice out;
  out.token = NewToken();
  auto device = m_store.EnrolDevice(TokenHash(*normalised), name.empty() ? "kiosk" : name,
                                    TokenHash(out.token), FormatRfc3339(m_clock.Now()));
  if (!device) return StorageError(device.error());
  if (!device->has_value()) {
    if (auto audited = m_audit.Record("anonymous", "device_enrol_failed", ""); !audited) {
      return audited.error();
    }
    return ServiceError{ErrorKind::kUnauthorized,
                        "invalid_enrolment_code",
                        "That enrolment code is unknown, already used or expired; ask an "
                        "administrator for a new one.",
                        {}};
  }
  out.device_id = **device;
  auto audited = m_audit.Record("device:" + std::to_string(out.device_id), "device_enrolled",
                                "device:" + std::to_string(out.device_id));
  if (!audited) return audited.error();
  return out;
}

ServiceResult<DeviceRow> DeviceService::Authenticate(const std::string& token) {
  if (token.empty()) {
    return ServiceError{ErrorKind::kUnauthorized,
                        "unauthorized",
                        "This call needs a device token in the Authorization header "
                        "(\"Bearer <token>\").",
                        {}};
  }
  auto device = m_store.FindDeviceByTokenHash(TokenHash(token));
  if (!device) return StorageError(device.error());
  if (!device->has_value()) {
    return ServiceError{ErrorKind::kUnauthorized,
                        "unauthorized",
                        "The device token is not known; enrol the device again.",
                        {}};
  }
  if ((*device)->revoked) {
    return ServiceError{ErrorKind::kUnauthorized,
                        "device_revoked",
                        "This device has been revoked by an administrator; it can no longer "
                        "sync. Enrol it again with a new code.",
                        {}};
  }
  NoteSeen(**device);
  return **device;
}

void DeviceService::NoteSeen(DeviceRow& device) {
  // At most one write a minute per device: every sync and bundle call authenticates, and a write
  // per call would queue behind the single writer for a figure HR reads to the minute.
  const TimePoint now = m_clock.Now();
  if (!device.last_seen_at.empty()) {
    auto last = ParseRfc3339(device.last_seen_at);
    if (last && now - *last < kLastSeenResolution) return;
  }
  const std::string at = FormatRfc3339(now);
  // A failed write (disk full, busy) must not refuse the kiosk its call; the next call retries.
  if (m_store.RecordDeviceSeen(device.id, at)) device.last_seen_at = at;
}

ServiceResult<bool> DeviceService::Revoke(std::int64_t device_id, const std::string& actor) {
  auto revoked = m_store.RevokeDevice(device_id);
  if (!revoked) return StorageError(revoked.error());
  if (*revoked) {
    auto audited = m_audit.Record(actor, "device_revoked", "device:" + std::to_string(device_id));
    if (!audited) return audited.error();
  }
  return *revoked;
}

}  // namespace soundings::server
