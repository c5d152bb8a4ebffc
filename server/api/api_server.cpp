#include "server/api/api_server.h"

#include <algorithm>
#include <cctype>
#include <csignal>
#include <exception>
#include <iostream>
#include <regex>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include "server/api/bounded_thread_pool.h"
#include "server/api/http_errors.h"
#include "server/api/request_helpers.h"
#include "server/api/routes.h"

namespace soundings::server {

using httplib::Request;
using httplib::Response;

namespace {

// Connections the kernel may hold for accept() (capped by net.core.somaxconn).
constexpr int kListenBacklog = 1024;

// Connections served at once, each on its own thread (see bounded_thread_pool.h); beyond it they
// queue. A thread holding a stalled connection costs about 20 KB of RSS (docs/reliability.md).
constexpr std::size_t kMaxConnectionThreads = 1024;

// More header lines than any client of ours sends; beyond it a request is refused with 431.
constexpr std::size_t kMaxHeaderLines = 100;

// "/api/v1/devices/{id}/revoke" -> "/api/v1/devices/([^/]+)/revoke"
std::string PatternOf(const std::string& path) {
  return std::regex_replace(path, std::regex(R"(\{[^}]+\})"), "([^/]+)");
}

}  // namespace

// cpp-httplib 0.11 listens with a backlog of 5. When dozens of kiosks reconnect at once (the
// network comes back) the kernel's accept queue overflows and their handshakes are retried with
// second-long backoffs; a second listen() on the bound socket raises the backlog.
class BacklogServer final : public httplib::Server {
 public:
  bool RaiseBacklog(int backlog) { return ::listen(svr_sock_, backlog) == 0; }
};

ApiServer::ApiServer(ServerApp& app) : m_app(app), m_http(std::make_unique<BacklogServer>()) {
  const auto& config = app.config();
  m_http->set_tcp_nodelay(true);
  m_http->set_payload_max_length(config.max_body_bytes);
  m_http->set_read_timeout(config.read_timeout_s, 0);
  m_http->set_write_timeout(config.write_timeout_s, 0);
  m_http->set_keep_alive_timeout(config.keep_alive_timeout_s);
  m_http->set_keep_alive_max_count(1000);
  // `threads` always run; when all are busy (stalled or slow clients hold them) more start, up
  // to kMaxConnectionThreads, so a normal request is never queued behind a slowloris.
  ThreadPoolLimits limits;
  limits.core_threads = static_cast<std::size_t>(config.threads);
  limits.max_threads = std::max(limits.core_threads, kMaxConnectionThreads);
  limits.max_queue = static_cast<std::size_t>(config.max_queue);
  m_http->new_task_queue = [limits] { return new BoundedThreadPool(limits); };

  // Statuses httplib decides itself (no route, 413 before reading, bad encoding) get our JSON
  // body; responses our handlers wrote already have one and pass through.
  m_http->set_error_handler(
      httplib::Server::HandlerWithResponse([](const Request&, Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        WriteError(response, ErrorForStatus(response.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  m_http->set_exception_handler(
      [](const Request& request, Response& response, const std::exception_ptr& error) {
        std::string what = "unknown exception";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::cerr << "soundings-server: " << request.method << " " << request.path
                  << " failed: " << what << "\n";
        WriteError(response, ErrorForStatus(500));
      });
  // Guards cpp-httplib 0.11 lacks, checked after the headers and before any body is read.
  const std::size_t max_body = config.max_body_bytes;
  // Whether a request declares a body over the limit: answered 413 before any of it is read
  // (httplib would read and discard the declared bytes first, holding the thread meanwhile).
  auto declared_too_long = [max_body](const Request& request) {
    const std::string length = request.get_header_value("Content-Length");
    if (length.empty() || length.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    const auto digits = length.find_first_not_of('0');
    if (digits == std::string::npos) return false;
    return length.size() - digits > 18 || std::stoull(length.substr(digits)) > max_body;
  };
  m_http->set_expect_100_continue_handler(
      [declared_too_long](const Request& request, Response& response) {
        if (!declared_too_long(request)) return 100;
        // httplib writes this reply as it is (no error handler, no length of its own), so the
        // body and its length are ours to set.
        WriteError(response, ErrorForStatus(413));
        response.set_header("Content-Length", std::to_string(response.body.size()));
        response.set_header("Connection", "close");
        return 413;
      });
  // Every API reply, and every reply to a request with credentials, is not to be stored by a
  // browser or proxy unless the route said otherwise; HSTS when the client used https (which
  // only a trusted proxy can say).
  m_http->set_post_routing_handler([this](const Request& request, Response& response) {
    const bool api = request.path.starts_with("/api/");
    if ((api || request.has_header("Authorization")) && !response.has_header("Cache-Control")) {
      response.set_header("Cache-Control", "no-store");
    }
    if (ClientUsedHttps(request, m_app.config())) {
      response.set_header("Strict-Transport-Security", "max-age=31536000");
    }
  });
  m_http->set_pre_routing_handler([declared_too_long](const Request& request, Response& response) {
    auto refuse = [&](const ServiceError& error) {
      WriteError(response, error);
      response.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    };
    // httplib adds REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR and LOCAL_PORT to the client's headers.
    if (request.headers.size() > kMaxHeaderLines + 4) {
      return refuse(
          {ErrorKind::kHeadersTooLarge,
           "too_many_headers",
           "The request has more than " + std::to_string(kMaxHeaderLines) + " header lines.",
           {}});
    }
    const auto lengths = request.headers.equal_range("Content-Length");
    const bool chunked = request.has_header("Transfer-Encoding");
    if (chunked && lengths.first != lengths.second) {
      return refuse(BadRequest("ambiguous_framing",
                               "The request has both Content-Length and Transfer-Encoding."));
    }
    for (auto it = lengths.first; it != lengths.second; ++it) {
      if (it->second != lengths.first->second) {
        return refuse(BadRequest("ambiguous_framing",
                                 "The request has Content-Length headers that disagree."));
      }
    }
    const std::string length = request.get_header_value("Content-Length");
    if (!length.empty() && length.find_first_not_of("0123456789") != std::string::npos) {
      return refuse(BadRequest("bad_content_length", "The Content-Length is not a number."));
    }
    if (declared_too_long(request)) return refuse(ErrorForStatus(413));
    // The body's coding exactly as docs/sync-protocol.md says: gzip (any case) or identity.
    // httplib alone inflates deflate, reads x-gzip as plain bytes and does not decode GZIP.
    if (request.has_header("Content-Encoding")) {
      std::string coding = request.get_header_value("Content-Encoding");
      const auto first = coding.find_first_not_of(" \t");
      coding = first == std::string::npos
                   ? ""
                   : coding.substr(first, coding.find_last_not_of(" \t") - first + 1);
      for (char& c : coding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto codings = request.headers.equal_range("Content-Encoding");
      if ((coding != "gzip" && coding != "identity") ||
          std::distance(codings.first, codings.second) != 1) {
        return refuse(ErrorForStatus(415));
      }
      // httplib decodes only the exact "gzip" and reads identity as plain: say it that way.
      auto& headers = const_cast<Request&>(request).headers;
      headers.erase("Content-Encoding");
      if (coding == "gzip") headers.emplace("Content-Encoding", "gzip");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // httplib 0.11 ignores SIGPIPE in its constructor because it sends without MSG_NOSIGNAL; say
  // so here too, so a client hanging up mid-reply can never kill the server after an upgrade.
  std::signal(SIGPIPE, SIG_IGN);
  RegisterRoutes();
}

ApiServer::~ApiServer() { Stop(); }

Result<int> ApiServer::Bind(const std::string& host, int port) {
  int bound = port;
  if (port == 0) {
    bound = m_http->bind_to_any_port(host);
    if (bound < 0) return Problem{host, "cannot bind to any port on this address"};
  } else if (!m_http->bind_to_port(host, port)) {
    return Problem{host + ":" + std::to_string(port),
                   "cannot listen here: the port is in use or the address is not this machine's"};
  }
  if (!static_cast<BacklogServer&>(*m_http).RaiseBacklog(kListenBacklog)) {
    std::cerr << "soundings-server: could not raise the listen backlog; bursts of new "
                 "connections may be slow\n";
  }
  return bound;
}

bool ApiServer::Serve() { return m_http->listen_after_bind(); }

void ApiServer::Stop() {
  m_stopping = true;
  m_http->stop();
}

bool ApiServer::IsRunning() const { return m_http->is_running(); }

void ApiServer::AddRoute(const std::string& method, const std::string& path, Handler handler,
                         std::vector<std::string> access) {
  m_routes.push_back({method, path, std::move(access), std::nullopt});
  auto guarded = [handler = std::move(handler)](const Request& request, Response& response) {
    try {
      handler(request, response);
    } catch (const std::exception& e) {
      std::cerr << "soundings-server: " << request.method << " " << request.path
                << " failed: " << e.what() << "\n";
      WriteError(response, ErrorForStatus(500));
    }
  };
  if (method == "GET") {
    m_http->Get(PatternOf(path), guarded);
    return;
  }
  // A DELETE names what it removes in its path; a body, if sent, is ignored (set_payload_max_length
  // above still bounds what httplib reads of it).
  if (method == "DELETE") {
    m_http->Delete(PatternOf(path), guarded);
    return;
  }
  // A POST (or PUT) without a body is served by the plain handler; one with a body
  // (Content-Length, chunked, gzip) is read through a reader that stops at max_body_bytes,
  // counted after decoding, so no route can be made to buffer more than that.
  const bool put = method == "PUT";
  if (put) {
    m_http->Put(PatternOf(path), guarded);
  } else {
    m_http->Post(PatternOf(path), guarded);
  }
  const std::size_t max_body = m_app.config().max_body_bytes;
  auto read_body = [guarded, max_body](const Request& request, Response& response,
                                       const httplib::ContentReader& reader) {
    std::string body;
    bool too_large = false;
    const bool read = reader([&](const char* data, std::size_t length) {
      if (body.size() + length > max_body) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large || response.status == 413) return WriteError(response, ErrorForStatus(413));
    if (response.status == 415) return WriteError(response, ErrorForStatus(415));
    if (!read) {
      return WriteError(response, BadRequest("unreadable_body",
                                             "The request body could not be read completely (or "
                                             "its compressed data is damaged)."));
    }
    response.status = -1;
    // httplib owns a non-const Request and hands route handlers a const view of it; the body
    // belongs in it as if httplib had read it itself.
    const_cast<Request&>(request).body = std::move(body);
    guarded(request, response);
  };
  if (put) {
    m_http->Put(PatternOf(path), read_body);
  } else {
    m_http->Post(PatternOf(path), read_body);
  }
}

void ApiServer::AddUserRoute(const std::string& method, const std::string& path,
                             Permission permission, UserHandler handler) {
  auto checked = [this, permission, handler = std::move(handler), method, path](
                     const Request& request, Response& response) {
    auto who = m_app.auth().Authenticate(BearerToken(request));
    if (!who) return WriteError(response, who.error());
    if (!who->Allows(permission)) {
      if (auto audited = m_app.auth().AuditForbidden(*who, method, path); !audited) {
        return WriteError(response, audited.error());
      }
      return WriteError(response,
                        {ErrorKind::kForbidden,
                         "forbidden",
                         "Your role (" + std::string(RoleName(who->role)) + ") may not do this.",
                         {}});
    }
    handler(*who, request, response);
  };
  std::vector<std::string> roles;
  for (Role role : RolesWith(permission)) roles.emplace_back(RoleName(role));
  AddRoute(method, path, std::move(checked), std::move(roles));
  m_routes.back().permission = permission;
}

bool ApiServer::MountStatic(const std::string& prefix, const std::filesystem::path& dir,
                            const std::string& cache_control,
                            const std::string& content_security_policy) {
  for (const auto& [extension, type] :
       std::vector<std::pair<std::string, std::string>>{{"html", "text/html; charset=utf-8"},
                                                        {"css", "text/css; charset=utf-8"},
                                                        {"js", "text/javascript; charset=utf-8"},
                                                        {"mjs", "text/javascript; charset=utf-8"},
                                                        {"svg", "image/svg+xml"},
                                                        {"json", "application/json"}}) {
    m_http->set_file_extension_and_mimetype_mapping(extension, type);
  }
  httplib::Headers headers = {{"Cache-Control", cache_control},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"}};
  if (!content_security_policy.empty()) {
    headers.emplace("Content-Security-Policy", content_security_policy);
  }
  return m_http->set_mount_point(prefix, dir.string(), std::move(headers));
}

void ApiServer::AddDeviceRoute(const std::string& method, const std::string& path,
                               DeviceHandler handler) {
  AddRoute(method, path,
           [this, handler = std::move(handler)](const Request& request, Response& response) {
             auto device = m_app.devices().Authenticate(BearerToken(request));
             if (!device) return WriteError(response, device.error());
             handler(*device, request, response);
           },
           {"device"});
}

void ApiServer::AddDeviceUpload(const std::string& path, UploadHandler handler) {
  // The body is read through a content reader, after the device token is checked, so its size
  // is checked after gzip decoding too: a small compressed body must not expand past the limit
  // in memory, and no unknown caller can make the server read a body at all.
  const std::size_t max_body = m_app.config().max_body_bytes;
  m_routes.push_back({"POST", path, {"device"}, std::nullopt});
  m_http->Post(
      path, [this, path, max_body, handler = std::move(handler)](
                const Request& request, Response& response, const httplib::ContentReader& reader) {
        try {
          auto device = m_app.devices().Authenticate(BearerToken(request));
          if (!device) return WriteError(response, device.error());
          if (auto bad = CheckJsonContentType(request)) return WriteError(response, *bad);
          std::string body;
          bool too_large = false;
          const bool read = reader([&](const char* data, std::size_t length) {
            if (body.size() + length > max_body) {
              too_large = true;
              return false;
            }
            body.append(data, length);
            return true;
          });
          if (too_large || response.status == 413) return WriteError(response, ErrorForStatus(413));
          if (response.status == 415) return WriteError(response, ErrorForStatus(415));
          if (!read) {
            return WriteError(response, BadRequest("unreadable_body",
                                                   "The request body could not be read completely "
                                                   "(or its gzip data is damaged)."));
          }
          response.status = -1;
          if (m_stopping) {
            return WriteError(response, {ErrorKind::kUnavailable,
                                         "shutting_down",
                                         "The server is shutting down; sync again in a minute.",
                                         {}});
          }
          // Counted from here: an upload that got past the check above is finished and answered
          // even if Stop() comes now.
          m_syncs_in_flight.fetch_add(1);
          struct Done {
            std::atomic<int>& count;
            ~Done() { count.fetch_sub(1); }
          } done{m_syncs_in_flight};
          handler(*device, std::move(body), response);
        } catch (const std::exception& e) {
          std::cerr << "soundings-server: POST " << path << " failed: " << e.what() << "\n";
          WriteError(response, ErrorForStatus(500));
        }
      });
}

void ApiServer::RegisterRoutes() {
  // One function per area of the API (routes.h); each takes this server and the app.
  RegisterKioskRoutes(*this, m_app);
  RegisterAuthRoutes(*this, m_app);
  RegisterAdminRoutes(*this, m_app);
  RegisterSubjectNominationRoutes(*this, m_app);
  RegisterVenueRoutes(*this, m_app);
  RegisterReportRoutes(*this, m_app);
  RegisterPdfRoutes(*this, m_app);
  RegisterPublicRoutes(*this, m_app);
  RegisterDashboardRoutes(*this, m_app);
}

}  // namespace soundings::server
