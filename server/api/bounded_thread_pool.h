#pragma once
// cpp-httplib's TaskQueue with a bounded queue: when every worker is busy and `max_queue`
// connections already wait, the accept loop blocks here, so further clients wait in the kernel's
// listen backlog instead of growing memory without limit.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace soundings::server {

class BoundedThreadPool final : public httplib::TaskQueue {
 public:
  BoundedThreadPool(std::size_t threads, std::size_t max_queue) : m_max_queue(max_queue) {
    for (std::size_t i = 0; i < threads; ++i) m_threads.emplace_back([this] { Work(); });
  }
  ~BoundedThreadPool() override { shutdown(); }
  BoundedThreadPool(const BoundedThreadPool&) = delete;
  BoundedThreadPool& operator=(const BoundedThreadPool&) = delete;

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_jobs.size() < m_max_queue || m_shutdown; });
    // After shutdown the job still runs: it owns the connection's socket and closes it.
    m_jobs.push_back(std::move(fn));
    m_work.notify_one();
  }

  // Runs every queued job, then joins the workers.
  void shutdown() override {
    {
      std::lock_guard lock(m_mutex);
      if (m_shutdown) return;
      m_shutdown = true;
    }
    m_work.notify_all();
    m_space.notify_all();
    for (auto& t : m_threads) t.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(m_mutex);
        m_work.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
        if (m_jobs.empty()) return;
        job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_space.notify_one();
      }
      job();
    }
  }

  const std::size_t m_max_queue;
  std::vector<std::thread> m_threads;
  std::deque<std::function<void()>> m_jobs;
  std::mutex m_mutex;
  std::condition_variable m_work;
  std::condition_variable m_space;
  bool m_shutdown = false;
};

}  // namespace soundings::server
