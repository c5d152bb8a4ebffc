#include "server/api/request_helpers.h"

#include <algorithm>
#include <cctype>

#include <httplib.h>

#include "server/config.h"
#include "shared/sync/json_limits.h"

namespace soundings::server {

namespace {
std::string Trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}
}  // namespace

std::string ClientAddress(const httplib::Request& request, const ServerConfig& config) {
  if (!config.TrustsProxy(request.remote_addr)) return request.remote_addr;
  const std::string forwarded = request.get_header_value("X-Forwarded-For");
  const auto comma = forwarded.rfind(',');
  const std::string last =
      Trimmed(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
  return last.empty() ? request.remote_addr : last;
}

bool ClientUsedHttps(const httplib::Request& request, const ServerConfig& config) {
  if (!config.TrustsProxy(request.remote_addr)) return false;
  std::string proto = Trimmed(request.get_header_value("X-Forwarded-Proto"));
  for (char& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return proto == "https";
}

ServiceError BadRequest(std::string code, std::string message, Problems problems) {
  return {ErrorKind::kBadRequest, std::move(code), std::move(message), std::move(problems)};
}

std::string BearerToken(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  static const std::string kPrefix = "bearer ";
  if (header.size() <= kPrefix.size()) return "";
  if (!std::equal(kPrefix.begin(), kPrefix.end(), header.begin(), [](char a, char b) {
        return a == std::tolower(static_cast<unsigned char>(b));
      })) {
    return "";
  }
  return header.substr(kPrefix.size());
}

std::optional<ServiceError> CheckJsonContentType(const httplib::Request& request) {
  const std::string type = request.get_header_value("Content-Type");
  // curl -d sends the form type by default; accepting it spares people trying the API by hand.
  if (type.empty() || type.starts_with("application/json") ||
      type.starts_with("application/x-www-form-urlencoded")) {
    return std::nullopt;
  }
  return ServiceError{ErrorKind::kUnsupportedMediaType,
                      "unsupported_media_type",
                      "Send the body as application/json, not " + type + ".",
                      {}};
}

ServiceResult<nlohmann::json> ParseJsonBody(const httplib::Request& request) {
  if (auto bad = CheckJsonContentType(request)) return *bad;
  auto parsed = sync::ParseJsonLimited(request.body);
  if (!parsed) {
    return BadRequest("malformed_json", "The body is not valid JSON: " + parsed.ErrorText() + ".",
                      parsed.problems());
  }
  if (!parsed->is_object()) {
    return BadRequest("invalid_request", "The body must be a JSON object.",
                      {{"", "must be an object"}});
  }
  return std::move(parsed).value();
}

ServiceResult<std::string> StringField(const nlohmann::json& body, const std::string& key,
                                       bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (!required) return std::string();
    return BadRequest("invalid_request", "The field \"" + key + "\" is required.",
                      {{key, "is required"}});
  }
  if (!it->is_string()) {
    return BadRequest("invalid_request", "The field \"" + key + "\" must be a string.",
                      {{key, "must be a string"}});
  }
  return it->get<std::string>();
}

std::string Sentence(const Problems& problems) {
  std::string out;
  for (std::size_t i = 0; i < problems.size() && i < 3; ++i) {
    if (!out.empty()) out += "; ";
    out += problems[i].ToString();
  }
  if (problems.size() > 3) out += "; and " + std::to_string(problems.size() - 3) + " more";
  return out;
}

}  // namespace soundings::server
