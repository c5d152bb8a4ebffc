#pragma once
// A raw-socket HTTP client for hostile-input tests: it sends exactly the bytes it is given (no
// framing fixes, no header checks) to 127.0.0.1 and reads with poll() against a deadline, so a
// test can send malformed HTTP and learn, without sleeping, whether the server answered, closed
// the connection, or left it hanging.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soundings::reliability {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

inline Deadline After(std::chrono::milliseconds timeout) { return Clock::now() + timeout; }

/// One parsed HTTP response: status, headers (names lower-cased) and body.
struct RawResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;
  std::string body;
};

/// How a read ended.
enum class ReadEnd {
  kResponse,  // a complete response arrived (more may follow on the connection)
  kClosed,    // the peer closed (FIN or RST) before a complete response
  kTimedOut,  // the deadline passed with the connection still open and no complete response
};

/// Everything one hostile exchange produced.
struct Outcome {
  ReadEnd end = ReadEnd::kTimedOut;
  std::optional<RawResponse> response;  // set when end == kResponse
  bool send_cut_short = false;          // the peer stopped taking bytes before all were sent
  std::size_t bytes_sent = 0;

  /// "413", "closed", "timed out": for failure messages.
  std::string Describe() const;
  /// A 4xx answer, or the connection closed; the promise hostile input gets.
  bool RefusedOrClosed() const;
};

class RawConnection {
 public:
  /// Connects to 127.0.0.1:`port`; nullopt (with the errno text in `error`) when it cannot.
  static std::optional<RawConnection> Connect(int port, std::string* error = nullptr);

  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&& other) noexcept;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection();

  /// Sends all of `bytes` unless the peer closes or the deadline passes first; returns the number
  /// of bytes the kernel took. Never raises SIGPIPE.
  std::size_t Send(std::string_view bytes, Deadline deadline);

  /// Reads until one complete response (Content-Length or chunked body, or a body ended by close)
  /// has arrived, the peer closes, or `deadline` passes. Bytes after the response stay buffered
  /// for the next call.
  ReadEnd ReadResponse(Deadline deadline, RawResponse& out);

  /// Reads and discards until the peer closes (true) or the deadline passes (false).
  bool WaitForClose(Deadline deadline);

  /// Closes the write side: the server sees end of input.
  void ShutdownWrite();

  int fd() const { return m_fd; }

 private:
  explicit RawConnection(int fd) : m_fd(fd) {}
  // Reads what is available within the deadline into m_buffer; 0 = closed, -1 = timed out.
  long Fill(Deadline deadline);
  int m_fd = -1;
  std::string m_buffer;
  bool m_closed = false;
};

/// Connects, sends `request`, and reads one response: the building block of every hostile test.
/// A connection refused counts as closed.
Outcome Exchange(int port, std::string_view request, std::chrono::milliseconds timeout);

/// Exchange() for several requests at once, each on its own connection, all against one deadline.
std::vector<Outcome> ExchangeAll(int port, const std::vector<std::string>& requests,
                                 std::chrono::milliseconds timeout);

/// GET /api/v1/health on a fresh connection; true when it answers 200 before the deadline.
bool HealthAnswers(int port, std::chrono::milliseconds timeout);

/// A gzip member of `text`, compressed as hard as zlib can (for bombs and Content-Encoding).
std::string GzipCompress(const std::string& text);

/// VmRSS or VmHWM of this process from /proc/self/status, in bytes (0 if unreadable).
std::size_t ProcessRssBytes();
std::size_t ProcessPeakRssBytes();
/// Resets VmHWM to the current RSS (writes "5" to /proc/self/clear_refs); false if not allowed.
bool ResetPeakRss();

}  // namespace soundings::reliability
