#include "server/config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "shared/core/parse_int.h"

extern char** environ;  // NOLINT: POSIX

namespace soundings::server {

namespace {

// One setting, known by its flag, its environment variable and its config.json key.
struct Setting {
  const char* flag;
  const char* env;
  const char* key;
  const char* help;
  std::function<bool(ServerConfig&, const std::string&)> apply;  // false: bad value
};

template <typename T>
std::function<bool(ServerConfig&, const std::string&)> IntSetting(T ServerConfig::*field,
                                                                  long long min, long long max) {
  return [field, min, max](ServerConfig& config, const std::string& text) {
    const auto value = ParseInteger<long long>(text, min, max);
    if (!value) return false;
    config.*field = static_cast<T>(*value);
    return true;
  };
}

// http(s)://host[:port][/path], no spaces or quotes: it is printed on paper and typed back in.
bool IsPublicUrl(const std::string& url) {
  std::string rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.size() > 200) return false;
  return std::none_of(rest.begin(), rest.end(), [](unsigned char c) {
    return c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c >= 0x7f;
  });
}

// Reads a logo file once, at start-up: a PNG or JPEG (by its first bytes, not its name) of at
// most 512 KB, so letters print it and a wrong file is found now rather than on paper.
bool ReadLogo(ServerConfig& c, const std::string& path) {
  constexpr std::uintmax_t kMaxLogoBytes = std::uintmax_t{512} * 1024;
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error || size == 0 || size > kMaxLogoBytes) return false;
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return false;
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) {
    c.organisation_logo_type = "image/png";
  } else if (bytes.starts_with("\xff\xd8\xff")) {
    c.organisation_logo_type = "image/jpeg";
  } else {
    return false;
  }
  c.organisation_logo = path;
  c.organisation_logo_bytes = std::move(bytes);
  return true;
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      {"--data", "SOUNDINGS_DATA", "data", "DIR   data folder holding the database (default ./var)",
       [](ServerConfig& c, const std::string& v) {
         if (v.empty()) return false;
         c.data_dir = v;
         return true;
       }},
      {"--port", "SOUNDINGS_PORT", "port", "N     TCP port (default 8080; 0 = any free port)",
       IntSetting(&ServerConfig::port, 0, 65535)},
      {"--bind", "SOUNDINGS_BIND", "bind", "ADDR  address to listen on (default 127.0.0.1)",
       [](ServerConfig& c, const std::string& v) {
         if (v.empty()) return false;
         c.bind = v;
         return true;
       }},
      {"--max-body-bytes", "SOUNDINGS_MAX_BODY_BYTES", "max_body_bytes",
       "N  largest request body, after gzip decoding (default 2097152)",
       IntSetting(&ServerConfig::max_body_bytes, 1024, 1LL << 31)},
      {"--threads", "SOUNDINGS_THREADS", "threads",
       "N  core worker threads (default 128); each open keep-alive connection holds one, and "
       "when all are busy the pool grows to 1,024",
       IntSetting(&ServerConfig::threads, 1, 4096)},
      {"--max-queue", "SOUNDINGS_MAX_QUEUE", "max_queue",
       "N  connections waiting for a worker before accepting pauses (default 1024)",
       IntSetting(&ServerConfig::max_queue, 1, 1 << 20)},
      {"--read-timeout", "SOUNDINGS_READ_TIMEOUT", "read_timeout_s",
       "S  seconds to wait for a request's bytes (default 10)",
       IntSetting(&ServerConfig::read_timeout_s, 1, 3600)},
      {"--write-timeout", "SOUNDINGS_WRITE_TIMEOUT", "write_timeout_s",
       "S  seconds to wait while sending a reply (default 10)",
       IntSetting(&ServerConfig::write_timeout_s, 1, 3600)},
      {"--synchronous", "SOUNDINGS_SYNCHRONOUS", "synchronous",
       "MODE  SQLite synchronous: FULL (default, survives power loss) or NORMAL",
       [](ServerConfig& c, const std::string& v) {
         if (v != "FULL" && v != "NORMAL") return false;
         c.synchronous = v;
         return true;
       }},
      {"--session-hours", "SOUNDINGS_SESSION_HOURS", "session_hours",
       "H  hours a sign-in lasts (default 8)", IntSetting(&ServerConfig::session_hours, 1, 720)},
      {"--trusted-proxy", "SOUNDINGS_TRUSTED_PROXY", "trusted_proxy",
       "ADDRS  comma-separated peer addresses whose X-Forwarded-For and X-Forwarded-Proto are "
       "believed (default none)",
       [](ServerConfig& c, const std::string& v) {
         c.trusted_proxies.clear();
         std::stringstream list(v);
         for (std::string item; std::getline(list, item, ',');) {
           const auto first = item.find_first_not_of(' ');
           const auto last = item.find_last_not_of(' ');
           if (first == std::string::npos) return false;
           c.trusted_proxies.push_back(item.substr(first, last - first + 1));
         }
         return !c.trusted_proxies.empty();
       }},
      {"--hash-threads", "SOUNDINGS_HASH_THREADS", "hash_threads",
       "N  password checks run at once (default 0 = one per core); more wait, briefly",
       IntSetting(&ServerConfig::hash_threads, 0, 256)},
      {"--cell-minimum", "SOUNDINGS_CELL_MINIMUM", "cell_minimum",
       "N  fewest respondents behind any count a consultation report shows (default 5, at least "
       "3); a campaign may set a higher one, never a lower",
       IntSetting(&ServerConfig::cell_minimum, 3, 1000)},
      {"--comment-minimum", "SOUNDINGS_COMMENT_MINIMUM", "comment_minimum",
       "N  fewest people of a group who commented before comments are shown for that group "
       "(default 5, at least 3); a campaign may set a higher one, never a lower",
       IntSetting(&ServerConfig::comment_minimum, 3, 1000)},
      {"--organisation-name", "SOUNDINGS_ORGANISATION_NAME", "organisation_name",
       "NAME  the organisation named on invitation letters (default none)",
       [](ServerConfig& c, const std::string& v) {
         if (v.size() > 200) return false;
         c.organisation_name = v;
         return true;
       }},
      {"--public-url", "SOUNDINGS_PUBLIC_URL", "public_url",
       "URL  where people reach this server, printed on letters, e.g. "
       "https://soundings.example.gov.uk (default none)",
       [](ServerConfig& c, const std::string& v) {
         if (!IsPublicUrl(v)) return false;
         c.public_url = v.back() == '/' ? v.substr(0, v.size() - 1) : v;
         return true;
       }},
      {"--organisation-logo", "SOUNDINGS_ORGANISATION_LOGO", "organisation_logo",
       "FILE  a PNG or JPEG of at most 512 KB printed at the top of letters (default none)",
       [](ServerConfig& c, const std::string& v) { return ReadLogo(c, v); }},
      {"--templates", "SOUNDINGS_TEMPLATES", "templates",
       "DIR  folder of templates for init (default: the bundled templates)",
       [](ServerConfig& c, const std::string& v) {
         c.template_dir = v;
         return true;
       }},
  };
  return kSettings;
}

std::string JsonValueText(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

bool ServerConfig::TrustsProxy(const std::string& peer) const {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) != trusted_proxies.end();
}

std::string ConfigHelp() {
  std::ostringstream out;
  for (const auto& s : Settings()) out << "  " << s.flag << " " << s.help << "\n";
  out << "  --demo  create a demo organisation when the data folder is empty\n"
         "Each option may also be set in DATA/config.json (key) or the environment:\n";
  for (const auto& s : Settings()) out << "  " << s.env << " (" << s.key << ")\n";
  return out.str();
}

Result<ServerConfig> LoadConfig(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& environment) {
  ServerConfig config;
  Problems problems;
  // The data folder decides which config.json to read, so find it first.
  std::map<std::string, std::string> flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--demo") {
      config.demo = true;
      continue;
    }
    std::string name = arg;
    std::string value;
    bool has_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    const bool known = std::any_of(Settings().begin(), Settings().end(),
                                   [&](const Setting& s) { return name == s.flag; });
    if (!known) {
      problems.push_back({arg, "is not an option of this command (see --help)"});
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        problems.push_back({arg, "needs a value"});
        continue;
      }
      value = args[++i];
    }
    flags[name] = value;
  }
  if (!problems.empty()) return problems;

  std::filesystem::path data_dir = config.data_dir;
  if (auto it = environment.find("SOUNDINGS_DATA"); it != environment.end()) data_dir = it->second;
  if (auto it = flags.find("--data"); it != flags.end()) data_dir = it->second;

  const auto file = data_dir / "config.json";
  if (std::filesystem::exists(file)) {
    std::ifstream in(file);
    auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
      return Problem{file.string(), "is not a JSON object of settings"};
    }
    for (const auto& [key, value] : json.items()) {
      // clang 14 (clang-tidy's) cannot capture a structured binding in a lambda.
      const std::string& name = key;
      auto setting = std::find_if(Settings().begin(), Settings().end(),
                                  [&](const Setting& s) { return name == s.key; });
      if (setting == Settings().end()) {
        problems.push_back({file.string() + ": " + key, "is not a known setting"});
      } else if (!setting->apply(config, JsonValueText(value))) {
        problems.push_back({file.string() + ": " + key, "has a bad value " + value.dump()});
      }
    }
  }
  for (const auto& s : Settings()) {
    if (auto it = environment.find(s.env); it != environment.end()) {
      if (!s.apply(config, it->second)) {
        problems.push_back({s.env, "has a bad value \"" + it->second + "\""});
      }
    }
  }
  for (const auto& s : Settings()) {
    if (auto it = flags.find(s.flag); it != flags.end()) {
      if (!s.apply(config, it->second)) {
        problems.push_back({s.flag, "has a bad value \"" + it->second + "\""});
      }
    }
  }
  if (!problems.empty()) return problems;
  config.data_dir = data_dir;
  return config;
}

std::map<std::string, std::string> SoundingsEnvironment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string text(*entry);
    if (!text.starts_with("SOUNDINGS_")) continue;
    if (auto eq = text.find('='); eq != std::string::npos) {
      out[text.substr(0, eq)] = text.substr(eq + 1);
    }
  }
  return out;
}

}  // namespace soundings::server
