#pragma once
// A loopback TCP proxy on its own thread that cuts connections where a policy says: after N bytes
// of the request (the server never sees all of it) or after N bytes of the reply (the server has
// committed, the client never learns). It serves one connection at a time, which is all a single
// syncing kiosk needs, and stops on destruction.

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <thread>

namespace soundings::reliability {

enum class CutDirection { kNone, kRequest, kReply };

/// Where to cut one connection; `offset` counts bytes of that direction relayed before the cut.
struct CutPlan {
  CutDirection direction = CutDirection::kNone;
  std::size_t offset = 0;
  bool reset = false;  // close with RST (SO_LINGER 0) instead of FIN
};

class FaultProxy {
 public:
  /// Decides the cut for connection number `index` (0, 1, ...), knowing the sizes of the last
  /// complete request and reply so offsets can fall inside them.
  using Policy = std::function<CutPlan(std::size_t index, std::size_t last_request_bytes,
                                       std::size_t last_reply_bytes)>;

  FaultProxy(int upstream_port, Policy policy);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  /// The loopback port clients connect to; 0 if the proxy could not start.
  int port() const { return m_port; }
  std::size_t connections() const { return m_connections; }
  /// Connections cut in the request direction, and in the reply direction.
  std::size_t request_cuts() const { return m_request_cuts; }
  std::size_t reply_cuts() const { return m_reply_cuts; }

 private:
  void Run();
  void Relay(int client);

  int m_upstream_port;
  Policy m_policy;
  int m_listen = -1;
  int m_wake[2] = {-1, -1};  // a pipe: writing to it stops the proxy thread
  int m_port = 0;
  std::size_t m_last_request = 4096;
  std::size_t m_last_reply = 512;
  std::atomic<std::size_t> m_connections{0};
  std::atomic<std::size_t> m_request_cuts{0};
  std::atomic<std::size_t> m_reply_cuts{0};
  std::thread m_thread;
};

}  // namespace soundings::reliability
