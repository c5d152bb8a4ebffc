#pragma once
// The ONE place that turns error kinds into HTTP statuses and JSON bodies
// {"error": code, "message": sentence[, "problems": [{path, message}]]}.

#include <string>

#include <nlohmann/json.hpp>

#include "server/core/service_error.h"

namespace httplib {
struct Response;
}

namespace soundings::server {

/// Compact JSON text for a reply. Invalid UTF-8 (a client's bytes quoted in a message) becomes
/// U+FFFD instead of throwing.
std::string JsonText(const nlohmann::json& body);

/// The HTTP status of an error kind.
int HttpStatus(ErrorKind kind);
/// Writes `error` as the response: status and JSON body.
void WriteError(httplib::Response& response, const ServiceError& error);
/// A JSON body for a status httplib produced itself (404 no route, 413, 415, 400 unreadable).
ServiceError ErrorForStatus(int status);

}  // namespace soundings::server
