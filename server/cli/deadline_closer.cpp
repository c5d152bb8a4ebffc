#include "server/cli/deadline_closer.h"

namespace soundings::server {

DeadlineCloser::DeadlineCloser(AdminService& admin, std::ostream& log, std::chrono::seconds period)
    : m_admin(admin), m_log(log) {
  CloseDue();
  m_thread = std::thread([this, period] {
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, period, [this] { return m_stopping; })) {
      lock.unlock();
      CloseDue();
      lock.lock();
    }
  });
}

DeadlineCloser::~DeadlineCloser() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  m_thread.join();
}

void DeadlineCloser::CloseDue() {
  auto closed = m_admin.CloseDueCampaigns("system:close_date");
  if (!closed) {
    // A full disk or a locked database now is retried a minute later; nothing is lost.
    m_log << "soundings-server: could not close campaigns past their close date: "
          << closed.error().message << "\n"
          << std::flush;
    return;
  }
  for (const auto& id : *closed) {
    m_log << "soundings-server: closed campaign " << id << " at its close date\n" << std::flush;
  }
}

}  // namespace soundings::server
