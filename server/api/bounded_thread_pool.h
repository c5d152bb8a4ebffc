#pragma once
// cpp-httplib's TaskQueue, elastic and bounded. httplib 0.11 hands every accepted connection to
// the queue and the worker that runs it blocks reading that connection until its request is
// complete or the read timeout passes, so a few dozen stalled clients (slowloris) would hold every
// fixed worker while normal requests queue behind them. Here a connection never waits for a busy
// worker: when none is idle the pool starts another thread, up to `max_threads`. The threads
// above `core_threads` end after `linger` without work. Only when `max_threads` are busy do
// connections queue (at most `max_queue`); beyond that the accept loop blocks here, so further
// clients wait in the kernel's listen backlog instead of growing memory without limit.
//
// A thread costs its stack's touched pages (tens of KB for a typical request) and kernel
// bookkeeping; the stack size is the virtual reservation, kept at glibc's default because route
// matching (std::regex over a path of up to 8 KB) recurses several MB deep.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include <httplib.h>
#include <pthread.h>

namespace soundings::server {

struct ThreadPoolLimits {
  std::size_t core_threads = 8;              // started at once, kept for ever
  std::size_t max_threads = 1024;            // started on demand when every thread is busy
  std::size_t max_queue = 1024;              // connections waiting when max_threads are busy
  std::chrono::milliseconds linger{30'000};  // idle time after which a thread above core ends
  std::size_t stack_bytes = 0;               // 0: the platform's default
};

class BoundedThreadPool final : public httplib::TaskQueue {
 public:
  explicit BoundedThreadPool(ThreadPoolLimits limits) : m_limits(limits) {
    if (m_limits.max_threads < m_limits.core_threads) m_limits.max_threads = m_limits.core_threads;
    if (m_limits.max_threads == 0) m_limits.max_threads = 1;
    // A thread the system refuses now is started on demand by enqueue().
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < m_limits.core_threads; ++i) StartThreadLocked();
  }
  ~BoundedThreadPool() override { shutdown(); }
  BoundedThreadPool(const BoundedThreadPool&) = delete;
  BoundedThreadPool& operator=(const BoundedThreadPool&) = delete;

  void enqueue(std::function<void()> fn) override {
    std::vector<pthread_t> finished;
    {
      std::unique_lock lock(m_mutex);
      m_space.wait(lock, [&] { return m_jobs.size() < m_limits.max_queue || m_shutdown; });
      // After shutdown the job still runs: it owns the connection's socket and closes it.
      m_jobs.push_back(std::move(fn));
      if (m_jobs.size() > m_idle && m_alive < m_limits.max_threads && !m_shutdown) {
        // Every thread is busy: one more, so this connection never waits behind stalled ones. If
        // the system refuses a thread, the job waits for a busy one instead.
        StartThreadLocked();
      }
      m_work.notify_one();
      finished.swap(m_finished);
    }
    for (pthread_t thread : finished) pthread_join(thread, nullptr);
  }

  // Runs every queued job, then joins the threads.
  void shutdown() override {
    std::vector<pthread_t> finished;
    {
      std::unique_lock lock(m_mutex);
      m_shutdown = true;
      m_work.notify_all();
      m_space.notify_all();
      m_done.wait(lock, [&] { return m_alive == 0; });
      finished.swap(m_finished);
    }
    for (pthread_t thread : finished) pthread_join(thread, nullptr);
  }

  /// Threads alive now, and the most that were alive at once (for tests and the log).
  std::size_t Threads() const {
    std::lock_guard lock(m_mutex);
    return m_alive;
  }
  std::size_t PeakThreads() const {
    std::lock_guard lock(m_mutex);
    return m_peak;
  }

 private:
  static void* Entry(void* self) {
    static_cast<BoundedThreadPool*>(self)->Work();
    return nullptr;
  }

  bool StartThreadLocked() {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return false;
    if (m_limits.stack_bytes > 0) pthread_attr_setstacksize(&attr, m_limits.stack_bytes);
    pthread_t thread;
    const bool started = pthread_create(&thread, &attr, &BoundedThreadPool::Entry, this) == 0;
    pthread_attr_destroy(&attr);
    if (started) {
      ++m_alive;
      if (m_alive > m_peak) m_peak = m_alive;
    }
    return started;
  }

  void Work() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      ++m_idle;
      const bool woken =
          m_work.wait_for(lock, m_limits.linger, [&] { return !m_jobs.empty() || m_shutdown; });
      --m_idle;
      if (m_jobs.empty()) {
        // Shutting down with nothing left, or idle for `linger` while above the core count.
        if (m_shutdown || (!woken && m_alive > m_limits.core_threads)) break;
        continue;
      }
      std::function<void()> job = std::move(m_jobs.front());
      m_jobs.pop_front();
      m_space.notify_one();
      lock.unlock();
      job();
      job = nullptr;  // the connection's state goes before the lock is taken again
      lock.lock();
    }
    // Joined by whoever next enqueues or shuts down; the last one out lets shutdown() return.
    m_finished.push_back(pthread_self());
    --m_alive;
    if (m_alive == 0) m_done.notify_all();
  }

  ThreadPoolLimits m_limits;
  mutable std::mutex m_mutex;
  std::condition_variable m_work;
  std::condition_variable m_space;
  std::condition_variable m_done;
  std::deque<std::function<void()>> m_jobs;
  std::vector<pthread_t> m_finished;
  std::size_t m_alive = 0;
  std::size_t m_idle = 0;
  std::size_t m_peak = 0;
  bool m_shutdown = false;
};

}  // namespace soundings::server
