#pragma once
// Server settings: built-in defaults, then DATA/config.json, then SOUNDINGS_* environment
// variables, then --flags (each overriding the one before).

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "shared/core/error.h"

namespace soundings::server {

struct ServerConfig {
  std::filesystem::path data_dir = "var";
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::size_t max_body_bytes = std::size_t{2} * 1024 * 1024;
  // Core worker threads, always running. cpp-httplib gives each keep-alive connection a worker for
  // as long as it stays open; when all are busy the pool grows to 1,024 threads
  // (server/api/api_server.cpp), so stalled clients cannot starve the rest. Set it above the
  // kiosks + signed-in users expected at once so the pool rarely has to grow.
  int threads = 128;
  int max_queue = 1024;  // accepted connections waiting for a worker; beyond, accept waits
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  int keep_alive_timeout_s = 5;
  std::string synchronous = "FULL";
  int busy_timeout_ms = 5000;
  int session_hours = 8;
  bool demo = false;
  std::filesystem::path template_dir;  // "" = the bundled templates
  // Peers whose X-Forwarded-For (client address) and X-Forwarded-Proto (https, for HSTS) are
  // believed; empty: every client is its TCP peer and such headers mean nothing.
  std::vector<std::string> trusted_proxies;
  int hash_threads = 0;  // argon2id checks at once; 0 = one per core
  // Consultation reports: fewest respondents behind any count shown, and fewest commenters
  // before comments are attributed to a group. Campaigns may set higher ones, never lower.
  int cell_minimum = 5;
  int comment_minimum = 5;
  // For letters: who sends them, and the address people use to answer from their own device
  // (what they can reach, often behind a proxy: never the bind address). "" = not printed.
  std::string organisation_name;
  std::string public_url;
  // The organisation's logo at the top of letters: a PNG or JPEG file, read once at start-up
  // (served at /branding/logo). Empty bytes = none.
  std::filesystem::path organisation_logo;
  std::string organisation_logo_bytes;
  std::string organisation_logo_type;  // "image/png" or "image/jpeg"

  /// Whether `peer` (a TCP peer address) is one of trusted_proxies.
  bool TrustsProxy(const std::string& peer) const;

  std::filesystem::path DatabaseFile() const { return data_dir / "soundings.db"; }
};

/// The options every command that takes settings understands, one line each, for --help.
std::string ConfigHelp();

/// Builds the configuration from `args` (flags: --data DIR, --port N, --bind ADDR, --demo,
/// --max-body-bytes N, --threads N, --read-timeout S, --write-timeout S, --synchronous MODE,
/// --templates DIR, --trusted-proxy ADDRS, --hash-threads N), `environment` (SOUNDINGS_DATA,
/// SOUNDINGS_PORT, SOUNDINGS_BIND, ...) and the data folder's config.json. Unknown flags and bad
/// values are problems naming the flag, the variable or the file and key.
Result<ServerConfig> LoadConfig(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& environment);

/// The process environment's SOUNDINGS_* variables.
std::map<std::string, std::string> SoundingsEnvironment();

}  // namespace soundings::server
