#pragma once
// The sync worker: its own thread and its own connection to the outbox. It pushes pending
// responses in batches, marks one synced only when the server acknowledged it, keeps rejected
// and conflicting ones for the operator, refreshes the bundle by ETag, and backs off (with
// jitter, at most five minutes) while the network is away. It never deletes anything.

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/session/clock.h"
#include "kiosk/store/outbox.h"
#include "kiosk/sync/sync_client.h"

namespace soundings::kiosk {

struct SyncSettings {
  std::filesystem::path db_path;
  std::string server_url;
  std::string device_id;
  std::string token;
  std::chrono::seconds interval{60};
  std::size_t batch_size = sync::kMaxBatchResponses;
};

/// What the operator screen shows about sync.
struct SyncState {
  std::string last_success_at;  // RFC 3339; "" until the first success
  std::string last_error;       // "" after a success
  int consecutive_failures = 0;
  std::chrono::milliseconds next_round_in{0};
  int rounds = 0;
  int bundle_updates = 0;  // how many times a new bundle arrived
};

/// Settings keys in the outbox database.
inline constexpr const char* kSettingBundle = "bundle_json";
inline constexpr const char* kSettingBundleEtag = "bundle_etag";

class SyncWorker {
 public:
  SyncWorker(SyncSettings settings, const Clock& clock, std::function<double()> random01 = nullptr);
  ~SyncWorker();
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  /// One round on the calling thread: push every pending response, then refresh the bundle.
  /// Returns how long to wait before the next round.
  std::chrono::milliseconds RunOnce();

  /// Runs rounds on a thread of its own; `on_news` is called (on that thread) after each round so
  /// the UI can wake up and redraw.
  void Start(std::function<void()> on_news);
  /// Asks the thread for a round now (the operator's "sync now").
  void SyncNow();
  /// Stops the thread after the round in progress, if any.
  void Stop();

  SyncState State() const;

 private:
  bool Push(SyncClient& client, std::string& error, bool& retryable);
  bool RefreshBundle(SyncClient& client, std::string& error, bool& retryable);

  SyncSettings m_settings;
  const Clock& m_clock;
  std::function<double()> m_random01;
  std::unique_ptr<Outbox> m_outbox;  // used only by the thread running RunOnce

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  SyncState m_state;
  bool m_stop = false;
  bool m_now = false;
  std::thread m_thread;
};

}  // namespace soundings::kiosk
