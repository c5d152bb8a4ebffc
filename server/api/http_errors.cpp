#include "server/api/http_errors.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "shared/core/identifiers.h"

namespace soundings::server {

std::string JsonText(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void WriteJson(httplib::Response& response, const nlohmann::json& body, int status) {
  response.status = status;
  response.set_content(JsonText(body), "application/json");
}

void WriteFile(httplib::Response& response, const std::string& filename, const std::string& body,
               const std::string& content_type) {
  response.status = 200;
  // Names come from campaign ids, and an old database may hold one from before the id rule: a
  // quote or slash in it must not break the header or the saved file's folder.
  response.set_header("Content-Disposition",
                      "attachment; filename=\"" + SafeFileName(filename) + "\"");
  response.set_header("Cache-Control", "no-store");
  response.set_content(body, content_type);
}

int HttpStatus(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest:
      return 400;
    case ErrorKind::kUnauthorized:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnsupportedMediaType:
      return 415;
    case ErrorKind::kUnprocessable:
      return 422;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kHeadersTooLarge:
      return 431;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

void WriteError(httplib::Response& response, const ServiceError& error) {
  nlohmann::json body = {{"error", error.code}, {"message", error.message}};
  if (!error.problems.empty()) {
    auto& problems = body["problems"] = nlohmann::json::array();
    for (const auto& p : error.problems) {
      problems.push_back({{"path", p.path}, {"message", p.message}});
    }
  }
  response.status = HttpStatus(error.kind);
  if (error.kind == ErrorKind::kUnauthorized) {
    response.set_header("WWW-Authenticate", "Bearer");
  }
  response.set_content(JsonText(body), "application/json");
}

ServiceError ErrorForStatus(int status) {
  switch (status) {
    case 404:
      return {ErrorKind::kNotFound, "not_found", "There is no such route or object.", {}};
    case 405:
      return {ErrorKind::kNotFound, "not_found", "That method is not allowed on this route.", {}};
    case 413:
      return {ErrorKind::kPayloadTooLarge,
              "payload_too_large",
              "The request body is larger than this server accepts; send smaller batches.",
              {}};
    case 414:
      return {ErrorKind::kBadRequest, "uri_too_long", "The request URI is too long.", {}};
    case 415:
      return {ErrorKind::kUnsupportedMediaType,
              "unsupported_media_type",
              "The body's encoding is not supported; send JSON, optionally gzip-compressed.",
              {}};
    case 503:
      return {
          ErrorKind::kUnavailable, "unavailable", "The server is not available; retry later.", {}};
    default:
      break;
  }
  if (status >= 500) {
    return {ErrorKind::kInternal,
            "internal_error",
            "The server failed to handle the request; the details are in its log.",
            {}};
  }
  return {ErrorKind::kBadRequest, "bad_request", "The request could not be read.", {}};
}

}  // namespace soundings::server
