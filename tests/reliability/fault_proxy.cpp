#include "tests/reliability/fault_proxy.h"

#include <algorithm>
#include <cerrno>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace soundings::reliability {

namespace {

// A relay that sees nothing for this long gives up, so a lost peer cannot wedge the proxy.
constexpr int kIdleMs = 15'000;

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

void CloseSocket(int fd, bool reset) {
  if (fd < 0) return;
  if (reset) {
    const linger abort{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  }
  ::close(fd);
}

bool SendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port, Policy policy)
    : m_upstream_port(upstream_port), m_policy(std::move(policy)) {
  if (::pipe2(m_wake, O_CLOEXEC) != 0) return;
  m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = Loopback(0);
  socklen_t size = sizeof address;
  if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::listen(m_listen, 64) != 0 ||
      ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return;
  }
  m_port = ntohs(address.sin_port);
  m_thread = std::thread([this] { Run(); });
}

FaultProxy::~FaultProxy() {
  if (m_wake[1] >= 0) {
    const char stop = 's';
    [[maybe_unused]] const ssize_t ignored = ::write(m_wake[1], &stop, 1);
  }
  if (m_thread.joinable()) m_thread.join();
  for (int fd : {m_listen, m_wake[0], m_wake[1]}) {
    if (fd >= 0) ::close(fd);
  }
}

void FaultProxy::Run() {
  for (;;) {
    pollfd fds[2] = {{m_listen, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    Relay(client);
  }
}

void FaultProxy::Relay(int client) {
  const std::size_t index = m_connections++;
  const CutPlan plan = m_policy(index, m_last_request, m_last_reply);
  const int upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = Loopback(m_upstream_port);
  if (upstream < 0 ||
      ::connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    CloseSocket(upstream, false);
    CloseSocket(client, true);
    return;
  }
  const int one = 1;
  ::setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  std::size_t relayed[2] = {0, 0};  // request bytes, reply bytes
  bool open[2] = {true, true};      // client -> upstream, upstream -> client
  bool cut = false;
  char buffer[16384];
  while (open[0] || open[1]) {
    pollfd fds[3] = {{open[0] ? client : -1, POLLIN, 0},
                     {open[1] ? upstream : -1, POLLIN, 0},
                     {m_wake[0], POLLIN, 0}};
    const int ready = ::poll(fds, 3, kIdleMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0 || fds[2].revents) break;
    for (int side = 0; side < 2 && !cut; ++side) {
      if (!fds[side].revents) continue;
      const int from = side == 0 ? client : upstream;
      const int to = side == 0 ? upstream : client;
      const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
      if (n <= 0) {
        open[side] = false;
        ::shutdown(to, SHUT_WR);
        continue;
      }
      auto take = static_cast<std::size_t>(n);
      const CutDirection direction = side == 0 ? CutDirection::kRequest : CutDirection::kReply;
      if (plan.direction == direction) {
        take = std::min(take, plan.offset - std::min(plan.offset, relayed[side]));
      }
      if (take > 0 && !SendAll(to, buffer, take)) {
        open[0] = open[1] = false;
        break;
      }
      relayed[side] += take;
      if (plan.direction == direction && relayed[side] >= plan.offset) {
        cut = true;
        (side == 0 ? m_request_cuts : m_reply_cuts)++;
      }
    }
    if (cut) break;
  }
  if (!cut) {
    m_last_request = std::max<std::size_t>(relayed[0], 1);
    m_last_reply = std::max<std::size_t>(relayed[1], 1);
  }
  CloseSocket(client, cut && plan.reset);
  CloseSocket(upstream, cut && plan.reset);
}

}  // namespace soundings::reliability
