#pragma once
// A small fixed pool for argon2id checks. Each check holds ~19 MiB and a core for ~50 ms, so the
// number running at once decides the server's memory and how much CPU a flood of sign-ins can
// take from kiosks' syncs: at most `threads` run (at a lower CPU priority than request threads),
// at most `max_waiting` wait, and one that cannot start within `max_wait` is not run at all.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace soundings::server {

struct PasswordPoolLimits {
  std::size_t threads = 2;
  std::size_t max_waiting = 64;
  std::chrono::milliseconds max_wait{1000};
};

class PasswordPool {
 public:
  explicit PasswordPool(PasswordPoolLimits limits);
  ~PasswordPool();
  PasswordPool(const PasswordPool&) = delete;
  PasswordPool& operator=(const PasswordPool&) = delete;

  /// Runs `check` on a pool thread and returns its result; `ran` is false (and so is the result)
  /// when the queue was full or the check could not start within max_wait: the caller is busy.
  bool Run(const std::function<bool()>& check, bool& ran);

  /// The configured limits.
  const PasswordPoolLimits& limits() const { return m_limits; }

 private:
  struct Task;
  void Work();

  PasswordPoolLimits m_limits;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::shared_ptr<Task>> m_queue;
  bool m_stopping = false;
  std::vector<std::thread> m_threads;
};

/// One pool thread per core (at least one).
std::size_t DefaultHashThreads();

}  // namespace soundings::server
