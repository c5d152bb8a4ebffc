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

/// A value or the ServiceError that prevented it (shared/core/expected.h).
template <typename T>
using ServiceResult = Expected<T, ServiceError>;

/// For service operations that produce nothing but can fail.
using ServiceStatus = ServiceResult<Ok>;

}  // namespace soundings::server
