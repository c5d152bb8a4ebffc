#pragma once
// The "Listen" button's worker: one thread that loads a voice the first time someone asks,
// speaks a page into the sound device chunk by chunk, and stops at once on a second tap. The UI
// thread never waits for it; it reads State() and is woken when that changes.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/runtime/speech.h"

namespace soundings::kiosk {

class ReadAloud {
 public:
  enum class State {
    kChecking,  // looking for a sound device (the first moments after start)
    kNoSound,   // no sound device, or no voice: the button is shown disabled
    kReady,
    kSpeaking,
  };

  /// Starts the thread; `on_change` is called on it whenever State() changes.
  ReadAloud(SpeechBackend backend, std::function<void()> on_change);
  ~ReadAloud();
  ReadAloud(const ReadAloud&) = delete;
  ReadAloud& operator=(const ReadAloud&) = delete;

  /// Speaks `text` in `language`, or stops when already speaking (the second tap). Ignored while
  /// there is no sound.
  void Toggle(const std::string& text, const std::string& language);
  /// Stops speaking, if it is (the page changed, the respondent left).
  void Stop();
  State CurrentState() const;
  /// Why the last speech failed ("" when it did not).
  std::string LastError() const;
  /// For tests: waits until the thread is idle (not checking, not speaking) or `timeout` passes.
  bool WaitUntilIdle(std::chrono::milliseconds timeout) const;

 private:
  void Run();
  void SetState(State state);

  SpeechBackend m_backend;
  std::function<void()> m_on_change;
  mutable std::mutex m_mutex;
  mutable std::condition_variable m_changed;
  State m_state = State::kChecking;
  std::string m_error;
  std::string m_text, m_language;
  bool m_request = false;
  bool m_quit = false;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;  // last: it reads everything above
};

}  // namespace soundings::kiosk
