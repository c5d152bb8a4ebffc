#pragma once
// What services return when they fail: a kind (which api/ maps to one HTTP status, in one place),
// a stable machine code, a sentence for people, and for input errors every problem with its path.

#include <string>
#include <utility>
#include <variant>

#include "shared/core/error.h"
#include "shared/db/sqlite.h"

namespace soundings::server {

enum class ErrorKind {
  kBadRequest,            // 400: malformed or invalid input
  kUnauthorized,          // 401: no or bad credentials, revoked device, expired session
  kForbidden,             // 403: signed in but not allowed
  kNotFound,              // 404
  kConflict,              // 409: clashes with what is stored
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kUnprocessable,         // 422: well-formed but refused by domain rules
  kTooManyRequests,       // 429: slowed (repeated failed sign-ins)
  kHeadersTooLarge,       // 431: too many header lines
  kUnavailable,           // 503: shutting down or database busy: retry later
  kInternal,              // 500: a bug or a broken disk; details only in the server log
};

struct ServiceError {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;     // "invalid_batch", "device_revoked", ...
  std::string message;  // a sentence a person can act on
  Problems problems;    // input errors with paths, when there are any
};

/// A storage failure as a ServiceError: busy becomes 503 "busy"; anything else 500 with a
/// generic sentence (the SQLite text goes to the log, never to a client).
ServiceError StorageError(const db::DbError& error);

template <typename T>
class ServiceResult {
 public:
  ServiceResult(T value) : m_state(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  ServiceResult(ServiceError error) : m_state(std::move(error)) {}  // NOLINT
  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T* operator->() { return &std::get<0>(m_state); }
  const T* operator->() const { return &std::get<0>(m_state); }
  T& operator*() { return value(); }
  const ServiceError& error() const { return std::get<1>(m_state); }

 private:
  std::variant<T, ServiceError> m_state;
};

/// For service operations that produce nothing but can fail.
using ServiceStatus = ServiceResult<Ok>;

}  // namespace soundings::server
