#include "kiosk/sync/sync_worker.h"

#include <random>
#include <set>

#include "kiosk/sync/backoff.h"

namespace soundings::kiosk {

SyncWorker::SyncWorker(SyncSettings settings, const Clock& clock, std::function<double()> random01)
    : m_settings(std::move(settings)), m_clock(clock), m_random01(std::move(random01)) {
  if (!m_random01) {
    m_random01 = [engine = std::mt19937_64(std::random_device{}())]() mutable {
      return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
    };
  }
}

SyncWorker::~SyncWorker() { Stop(); }

bool SyncWorker::Push(SyncClient& client, std::string& error, bool& retryable) {
  while (true) {
    auto batch = m_outbox->NextBatch(m_settings.batch_size);
    if (!batch.ok()) {
      error = batch.ErrorText();
      return false;
    }
    if (batch->empty()) return true;
    sync::SyncBatch request;
    request.device_id = m_settings.device_id;
    std::set<std::string> sent;
    std::vector<std::string> ids;
    for (auto& queued : *batch) {
      sent.insert(queued.record.uuid);
      ids.push_back(queued.record.uuid);
      request.responses.push_back(queued.record);
    }
    auto reply = client.Push(request);
    if (!reply.ok()) {
      // Counting the attempt only paces the retries; the push's own error is the one to report.
      (void)m_outbox->NoteAttempt(ids);
      error = reply.error.message;
      retryable = reply.error.Retryable();
      return false;
    }
    // Only a verdict for a response we sent counts; anything else in the reply is ignored.
    std::vector<sync::ResponseResult> verdicts;
    for (const auto& result : reply->results)
      if (sent.erase(result.uuid)) verdicts.push_back(result);
    if (auto status = m_outbox->RecordResults(verdicts, FormatRfc3339(m_clock.WallNow()));
        !status) {
      error = status.ErrorText();
      return false;
    }
    if (!sent.empty()) {
      // The server left some responses without a verdict: they stay pending for the next round.
      error = std::to_string(sent.size()) +
              " responses got no answer from the server; they will be sent again";
      retryable = true;
      return false;
    }
  }
}

bool SyncWorker::RefreshBundle(SyncClient& client, std::string& error, bool& retryable) {
  auto etag = m_outbox->GetSetting(kSettingBundleEtag);
  auto fetch = client.FetchBundle(etag.ok() ? *etag : "");
  if (!fetch.ok()) {
    error = fetch.error.message;
    retryable = fetch.error.Retryable();
    return false;
  }
  if (!fetch->changed) return true;
  // The bundle first, then its ETag: a crash between the two only costs one extra download.
  if (auto status = m_outbox->SetSetting(kSettingBundle, fetch->body); !status) {
    error = status.ErrorText();
    return false;
  }
  if (auto status = m_outbox->SetSetting(kSettingBundleEtag, fetch->etag); !status) {
    error = status.ErrorText();
    return false;
  }
  std::lock_guard lock(m_mutex);
  ++m_state.bundle_updates;
  return true;
}

std::chrono::milliseconds SyncWorker::RunOnce() {
  std::string error;
  bool retryable = true;
  bool ok = true;
  if (!m_outbox) {
    auto opened = Outbox::Open(m_settings.db_path);
    if (opened.ok())
      m_outbox = std::move(opened.value());
    else {
      ok = false;
      error = opened.ErrorText();
    }
  }
  if (ok && m_settings.token.empty()) {
    ok = false;
    retryable = false;
    error = "this kiosk is not enrolled yet: enter the server address and an enrolment code";
  }
  if (ok) {
    SyncClient client(m_settings.server_url, m_settings.token);
    ok = Push(client, error, retryable) && RefreshBundle(client, error, retryable);
  }
  std::lock_guard lock(m_mutex);
  ++m_state.rounds;
  if (ok) {
    m_state.consecutive_failures = 0;
    m_state.last_error.clear();
    m_state.last_success_at = FormatRfc3339(m_clock.WallNow());
    m_state.next_round_in =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_settings.interval);
  } else {
    ++m_state.consecutive_failures;
    m_state.last_error = error;
    // Someone must act on a refusal (a revoked device, a bad request): retry, but rarely.
    m_state.next_round_in =
        retryable ? BackoffDelay(m_state.consecutive_failures, m_random01()) : kBackoffCap;
  }
  return m_state.next_round_in;
}

void SyncWorker::Start(std::function<void()> on_news) {
  if (m_thread.joinable()) return;
  m_thread = std::thread([this, on_news = std::move(on_news)] {
    std::chrono::milliseconds wait{0};
    while (true) {
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, wait, [this] { return m_stop || m_now; });
        if (m_stop) return;
        m_now = false;
      }
      wait = RunOnce();
      if (on_news) on_news();
    }
  });
}

void SyncWorker::SyncNow() {
  {
    std::lock_guard lock(m_mutex);
    m_now = true;
  }
  m_wake.notify_all();
}

void SyncWorker::Stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

SyncState SyncWorker::State() const {
  std::lock_guard lock(m_mutex);
  return m_state;
}

}  // namespace soundings::kiosk
