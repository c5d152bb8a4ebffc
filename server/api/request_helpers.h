#pragma once
// What every route needs from a request: the bearer token, a JSON body within the limits, and
// typed fields of that body, failing with ServiceErrors that http_errors.h turns into replies.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/core/service_error.h"

namespace httplib {
struct Request;
}

namespace soundings::server {

struct ServerConfig;

/// The client's address: the TCP peer's, or, when the peer is a trusted proxy, the last address
/// of its X-Forwarded-For.
std::string ClientAddress(const httplib::Request& request, const ServerConfig& config);
/// Whether the client used https, as only a trusted proxy's X-Forwarded-Proto can tell.
bool ClientUsedHttps(const httplib::Request& request, const ServerConfig& config);

/// The token of "Authorization: Bearer <token>", or "".
std::string BearerToken(const httplib::Request& request);
/// 415 unless the body is declared as JSON (or not declared at all).
std::optional<ServiceError> CheckJsonContentType(const httplib::Request& request);
/// The body as JSON, nesting limited; 400 malformed_json with the reason.
ServiceResult<nlohmann::json> ParseJsonBody(const httplib::Request& request);
/// A required string field of a JSON object; 400 invalid_request naming the field.
ServiceResult<std::string> StringField(const nlohmann::json& body, const std::string& key,
                                       bool required = true);
ServiceError BadRequest(std::string code, std::string message, Problems problems = {});
/// The first problems joined into one sentence fragment.
std::string Sentence(const Problems& problems);

}  // namespace soundings::server
