#include "tests/reliability/raw_http.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

namespace soundings::reliability {

namespace {

int MillisecondsLeft(Deadline deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

// Parses the head (status line and headers, without the blank line); false when malformed.
bool ParseHead(const std::string& head, RawResponse& out) {
  std::istringstream lines(head);
  std::string line;
  if (!std::getline(lines, line)) return false;
  // "HTTP/1.1 413 Payload Too Large"
  if (!line.starts_with("HTTP/1.") || line.size() < 12) return false;
  out.status = std::atoi(line.c_str() + 9);
  if (out.status < 100 || out.status > 599) return false;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    out.headers.emplace(Lower(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
  return true;
}

std::optional<std::string> Header(const RawResponse& response, const std::string& name) {
  auto it = response.headers.find(name);
  if (it == response.headers.end()) return std::nullopt;
  return it->second;
}

// Decodes a chunked body from `data`; the number of bytes consumed, or 0 when incomplete.
std::size_t DecodeChunked(const std::string& data, std::string& body) {
  std::size_t at = 0;
  body.clear();
  for (;;) {
    const auto line_end = data.find("\r\n", at);
    if (line_end == std::string::npos) return 0;
    const unsigned long size = std::strtoul(data.c_str() + at, nullptr, 16);
    at = line_end + 2;
    if (size == 0) {
      const auto end = data.find("\r\n", at);  // no trailers from our server
      return end == std::string::npos ? 0 : end + 2;
    }
    if (data.size() < at + size + 2) return 0;
    body.append(data, at, size);
    at += size + 2;
  }
}

}  // namespace

std::string Outcome::Describe() const {
  switch (end) {
    case ReadEnd::kResponse:
      return "HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 200);
    case ReadEnd::kClosed:
      return "connection closed";
    case ReadEnd::kTimedOut:
      return "no answer and still open at the deadline";
  }
  return "?";
}

bool Outcome::RefusedOrClosed() const {
  if (end == ReadEnd::kClosed) return true;
  return end == ReadEnd::kResponse && response->status >= 400 && response->status < 500;
}

std::optional<RawConnection> RawConnection::Connect(int port, std::string* error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    if (error) *error = std::strerror(errno);
    return std::nullopt;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // A loopback connect completes (or is refused) at once, so a blocking connect cannot hang.
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (error) *error = std::strerror(errno);
    ::close(fd);
    return std::nullopt;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return RawConnection(fd);
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)),
      m_buffer(std::move(other.m_buffer)),
      m_closed(other.m_closed) {}

RawConnection& RawConnection::operator=(RawConnection&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = std::exchange(other.m_fd, -1);
    m_buffer = std::move(other.m_buffer);
    m_closed = other.m_closed;
  }
  return *this;
}

RawConnection::~RawConnection() {
  if (m_fd >= 0) ::close(m_fd);
}

std::size_t RawConnection::Send(std::string_view bytes, Deadline deadline) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    pollfd p{m_fd, POLLOUT, 0};
    const int ready = ::poll(&p, 1, MillisecondsLeft(deadline));
    if (ready <= 0) break;  // deadline (or an interrupted poll: treat alike)
    if (p.revents & (POLLERR | POLLHUP)) break;
    const ssize_t n =
        ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      break;  // EPIPE, ECONNRESET: the server has had enough
    }
    sent += static_cast<std::size_t>(n);
  }
  return sent;
}

long RawConnection::Fill(Deadline deadline) {
  if (m_closed) return 0;
  pollfd p{m_fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, MillisecondsLeft(deadline));
  if (ready <= 0) return -1;
  char chunk[16384];
  const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return Clock::now() < deadline ? 1 : -1;
  if (n <= 0) {
    m_closed = true;  // FIN, or ECONNRESET: either way the server ended the connection
    return 0;
  }
  m_buffer.append(chunk, static_cast<std::size_t>(n));
  return n;
}

ReadEnd RawConnection::ReadResponse(Deadline deadline, RawResponse& out) {
  for (;;) {
    const auto head_end = m_buffer.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      RawResponse response;
      if (!ParseHead(m_buffer.substr(0, head_end), response)) return ReadEnd::kClosed;
      const std::string rest = m_buffer.substr(head_end + 4);
      const auto encoding = Header(response, "transfer-encoding");
      const auto length = Header(response, "content-length");
      if (encoding && Lower(*encoding).find("chunked") != std::string::npos) {
        const std::size_t used = DecodeChunked(rest, response.body);
        if (used > 0) {
          m_buffer = rest.substr(used);
          out = std::move(response);
          return ReadEnd::kResponse;
        }
      } else {
        const std::size_t size = length ? std::strtoull(length->c_str(), nullptr, 10) : 0;
        if (rest.size() >= size) {
          response.body = rest.substr(0, size);
          m_buffer = rest.substr(size);
          out = std::move(response);
          return ReadEnd::kResponse;
        }
      }
    }
    const long got = Fill(deadline);
    if (got == 0) return ReadEnd::kClosed;
    if (got < 0) return ReadEnd::kTimedOut;
  }
}

bool RawConnection::WaitForClose(Deadline deadline) {
  for (;;) {
    m_buffer.clear();
    const long got = Fill(deadline);
    if (got == 0) return true;
    if (got < 0) return false;
  }
}

void RawConnection::ShutdownWrite() { ::shutdown(m_fd, SHUT_WR); }

Outcome Exchange(int port, std::string_view request, std::chrono::milliseconds timeout) {
  Outcome outcome;
  const Deadline deadline = After(timeout);
  auto connection = RawConnection::Connect(port);
  if (!connection) {
    outcome.end = ReadEnd::kClosed;
    return outcome;
  }
  outcome.bytes_sent = connection->Send(request, deadline);
  outcome.send_cut_short = outcome.bytes_sent < request.size();
  RawResponse response;
  outcome.end = connection->ReadResponse(deadline, response);
  if (outcome.end == ReadEnd::kResponse) outcome.response = std::move(response);
  return outcome;
}

std::vector<Outcome> ExchangeAll(int port, const std::vector<std::string>& requests,
                                 std::chrono::milliseconds timeout) {
  const Deadline deadline = After(timeout);
  std::vector<Outcome> outcomes(requests.size());
  std::vector<std::optional<RawConnection>> connections;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    connections.push_back(RawConnection::Connect(port));
    if (!connections.back()) {
      outcomes[i].end = ReadEnd::kClosed;
      continue;
    }
    outcomes[i].bytes_sent = connections.back()->Send(requests[i], deadline);
    outcomes[i].send_cut_short = outcomes[i].bytes_sent < requests[i].size();
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!connections[i]) continue;
    RawResponse response;
    outcomes[i].end = connections[i]->ReadResponse(deadline, response);
    if (outcomes[i].end == ReadEnd::kResponse) outcomes[i].response = std::move(response);
  }
  return outcomes;
}

bool HealthAnswers(int port, std::chrono::milliseconds timeout) {
  const Outcome outcome = Exchange(
      port, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout);
  return outcome.end == ReadEnd::kResponse && outcome.response->status == 200;
}

namespace {

std::size_t StatusKilobytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field + ":")) {
      return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10) * 1024;
    }
  }
  return 0;
}

}  // namespace

std::string GzipCompress(const std::string& text) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return "";
  }
  std::string out(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const bool done = deflate(&stream, Z_FINISH) == Z_STREAM_END;
  out.resize(done ? stream.total_out : 0);
  deflateEnd(&stream);
  return out;
}

std::size_t ProcessRssBytes() { return StatusKilobytes("VmRSS"); }
std::size_t ProcessPeakRssBytes() { return StatusKilobytes("VmHWM"); }

bool ResetPeakRss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

}  // namespace soundings::reliability
