#pragma once
// While the server runs, closes every campaign whose close date has passed
// (AdminService::CloseDueCampaigns): once at start, then every `period`. Stops when destroyed,
// without waiting out the period.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <thread>

#include "server/services/admin.h"

namespace soundings::server {

class DeadlineCloser {
 public:
  DeadlineCloser(AdminService& admin, std::ostream& log,
                 std::chrono::seconds period = std::chrono::seconds(60));
  ~DeadlineCloser();
  DeadlineCloser(const DeadlineCloser&) = delete;
  DeadlineCloser& operator=(const DeadlineCloser&) = delete;

 private:
  void CloseDue();

  AdminService& m_admin;
  std::ostream& m_log;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace soundings::server
