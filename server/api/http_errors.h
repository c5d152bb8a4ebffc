#pragma once
// The ONE place that turns error kinds into HTTP statuses and JSON bodies
// {"error": code, "message": sentence[, "problems": [{path, message}]]}, and the writers of the
// replies every route shares (JSON, downloads).

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

/// Writes `body` as a JSON reply with `status`.
void WriteJson(httplib::Response& response, const nlohmann::json& body, int status = 200);
/// Writes a download: `body` as `content_type`, saved as `filename`, never cached.
void WriteFile(httplib::Response& response, const std::string& filename, const std::string& body,
               const std::string& content_type);

/// The HTTP status of an error kind.
int HttpStatus(ErrorKind kind);
/// Writes `error` as the response: status and JSON body.
void WriteError(httplib::Response& response, const ServiceError& error);
/// A JSON body for a status httplib produced itself (404 no route, 413, 415, 400 unreadable).
ServiceError ErrorForStatus(int status);

}  // namespace soundings::server
