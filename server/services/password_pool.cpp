#include "server/services/password_pool.h"

#include <algorithm>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace soundings::server {

struct PasswordPool::Task {
  std::function<bool()> check;
  std::chrono::steady_clock::time_point deadline;
  bool started = false;
  bool done = false;
  bool abandoned = false;
  bool result = false;
  std::condition_variable finished;
};

std::size_t DefaultHashThreads() {
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

PasswordPool::PasswordPool(PasswordPoolLimits limits) : m_limits(limits) {
  m_limits.threads = std::max<std::size_t>(1, m_limits.threads);
  for (std::size_t i = 0; i < m_limits.threads; ++i) m_threads.emplace_back([this] { Work(); });
}

PasswordPool::~PasswordPool() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  for (auto& t : m_threads) t.join();
}

bool PasswordPool::Run(const std::function<bool()>& check, bool& ran) {
  ran = false;
  auto task = std::make_shared<Task>();
  task->check = check;
  task->deadline = std::chrono::steady_clock::now() + m_limits.max_wait;
  std::unique_lock lock(m_mutex);
  if (m_stopping || m_queue.size() >= m_limits.max_waiting) return false;
  m_queue.push_back(task);
  m_wake.notify_one();
  // Wait to be started by the deadline; once started, wait for the end whatever it takes, since
  // the check runs on `check`'s captures.
  if (!task->finished.wait_until(lock, task->deadline, [&] { return task->started; })) {
    task->abandoned = true;
    m_queue.erase(std::remove(m_queue.begin(), m_queue.end(), task), m_queue.end());
    return false;
  }
  task->finished.wait(lock, [&] { return task->done; });
  ran = true;
  return task->result;
}

void PasswordPool::Work() {
  // Below request threads: a kiosk's sync is served before a sign-in flood's next hash. Linux
  // applies setpriority with a thread id to that thread only.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
    if (m_stopping) return;
    auto task = m_queue.front();
    m_queue.pop_front();
    if (task->abandoned || std::chrono::steady_clock::now() > task->deadline) {
      task->abandoned = true;
      task->finished.notify_all();
      continue;
    }
    task->started = true;
    task->finished.notify_all();
    lock.unlock();
    bool result = false;
    try {
      result = task->check();
    } catch (...) {
      result = false;
    }
    lock.lock();
    task->result = result;
    task->done = true;
    task->finished.notify_all();
  }
}

}  // namespace soundings::server
