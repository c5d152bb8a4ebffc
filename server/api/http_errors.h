#pragma once
// The ONE place that turns error kinds into HTTP statuses and JSON bodies
// {"error": code, "message": sentence[, "problems": [{path, message}]]}.

#include <string>

#include "server/core/service_error.h"

namespace httplib {
struct Response;
}

namespace soundings::server {

/// The HTTP status of an error kind.
int HttpStatus(ErrorKind kind);
/// Writes `error` as the response: status and JSON body.
void WriteError(httplib::Response& response, const ServiceError& error);
/// A JSON body for a status httplib produced itself (404 no route, 413, 415, 400 unreadable).
ServiceError ErrorForStatus(int status);

}  // namespace soundings::server
