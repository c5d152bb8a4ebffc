#pragma once
// Shared pieces of the reliability tests: the in-process server (tests/integration/test_server.h)
// with short timeouts, so a server that waits for bytes that never come gives up within a test's
// deadline, and request builders for hand-made HTTP.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "server/config.h"
#include "tests/integration/test_server.h"
#include "tests/reliability/raw_http.h"

namespace soundings::reliability {

using soundings::testing::Seeded;
using soundings::testing::TestServer;

/// The server's read/write/keep-alive timeout in these tests.
inline constexpr std::chrono::seconds kServerTimeout{2};
/// Every hostile exchange must end (answer or close) within this; the promise is 6 s.
inline constexpr std::chrono::milliseconds kAnswerWithin{6000};

/// Defaults as shipped, but with the timeouts shortened to kServerTimeout.
inline server::ServerConfig ShortTimeoutConfig() {
  server::ServerConfig config;
  config.read_timeout_s = static_cast<int>(kServerTimeout.count());
  config.write_timeout_s = static_cast<int>(kServerTimeout.count());
  config.keep_alive_timeout_s = static_cast<int>(kServerTimeout.count());
  return config;
}

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// An HTTP/1.1 request exactly as given: no Content-Length is added for you.
inline std::string HttpRequest(const std::string& method, const std::string& target,
                               const HeaderList& headers, const std::string& body = "") {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

/// A request with a correct Content-Length and the given extra headers.
inline std::string PostJson(const std::string& target, const std::string& body,
                            HeaderList headers = {}) {
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Content-Length", std::to_string(body.size()));
  headers.emplace_back("Connection", "close");
  return HttpRequest("POST", target, headers, body);
}

}  // namespace soundings::reliability
