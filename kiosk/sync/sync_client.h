#pragma once
// The kiosk's side of sync protocol v1 (docs/sync-protocol.md): enrol, fetch the bundle with its
// ETag, push a batch of responses. Plain C++ over cpp-httplib; no threads of its own.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "shared/sync/protocol.h"

namespace soundings::kiosk {

/// Why a call did not get a usable reply.
struct ClientError {
  int status = 0;       // HTTP status; 0 when the server could not be reached at all
  std::string code;     // the server's error code ("device_revoked"), if it sent one
  std::string message;  // a sentence for the operator screen
  /// Worth trying again later (no connection, 5xx, 429); otherwise someone must act.
  bool Retryable() const { return status == 0 || status >= 500 || status == 429 || status == 408; }
};

// Not an alias of soundings::Expected (shared/core/expected.h) yet: its callers read `value` and
// `error` as members. [[nodiscard]] as Expected is, so no reply is dropped unread.
template <typename T>
struct [[nodiscard]] ClientResult {
  std::optional<T> value;
  ClientError error;
  bool ok() const { return value.has_value(); }
  T* operator->() { return &*value; }
  const T* operator->() const { return &*value; }
};

struct Enrolment {
  std::string device_id;
  std::string token;
};

struct BundleFetch {
  bool changed = false;  // false: 304, the kiosk's bundle is current
  std::string etag;
  std::string body;  // the bundle JSON when changed
  sync::Bundle bundle;
};

class SyncClient {
 public:
  /// `base_url` like "http://127.0.0.1:8080"; `token` may be empty before enrolment.
  SyncClient(std::string base_url, std::string token,
             std::chrono::seconds timeout = std::chrono::seconds(20));

  ClientResult<Enrolment> Enrol(const std::string& enrolment_code, const std::string& name);
  /// GET /api/v1/kiosk/bundle with If-None-Match: `etag` (when not empty).
  ClientResult<BundleFetch> FetchBundle(const std::string& etag);
  /// POST /api/v1/sync, gzip-compressed; the reply's results in the batch's order.
  ClientResult<sync::SyncReply> Push(const sync::SyncBatch& batch);

 private:
  std::string m_base_url;
  std::string m_token;
  std::chrono::seconds m_timeout;
};

}  // namespace soundings::kiosk
