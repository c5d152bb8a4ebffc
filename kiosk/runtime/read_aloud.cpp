#include "kiosk/runtime/read_aloud.h"

namespace soundings::kiosk {

ReadAloud::ReadAloud(SpeechBackend backend, std::function<void()> on_change)
    : m_backend(std::move(backend)),
      m_on_change(std::move(on_change)),
      m_thread([this] { Run(); }) {}

ReadAloud::~ReadAloud() {
  {
    std::lock_guard lock(m_mutex);
    m_quit = true;
  }
  m_stop = true;
  m_changed.notify_all();
  m_thread.join();
}

void ReadAloud::Toggle(const std::string& text, const std::string& language) {
  std::unique_lock lock(m_mutex);
  if (m_state == State::kSpeaking || m_request) {
    m_request = false;
    m_stop = true;
    return;
  }
  if (m_state != State::kReady) return;
  m_text = text;
  m_language = language;
  m_request = true;
  m_stop = false;
  lock.unlock();
  m_changed.notify_all();
}

void ReadAloud::Stop() {
  std::lock_guard lock(m_mutex);
  m_request = false;
  m_stop = true;
}

ReadAloud::State ReadAloud::CurrentState() const {
  std::lock_guard lock(m_mutex);
  // A request not yet taken up by the thread already counts as speaking: the button changes to
  // "Stop" in the frame of the tap.
  return m_request ? State::kSpeaking : m_state;
}

std::string ReadAloud::LastError() const {
  std::lock_guard lock(m_mutex);
  return m_error;
}

bool ReadAloud::WaitUntilIdle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_mutex);
  return m_changed.wait_for(lock, timeout, [this] {
    return !m_request && m_state != State::kChecking && m_state != State::kSpeaking;
  });
}

void ReadAloud::SetState(State state) {
  {
    std::lock_guard lock(m_mutex);
    m_state = state;
  }
  m_changed.notify_all();
  if (m_on_change) m_on_change();
}

void ReadAloud::Run() {
  const bool present = m_backend.device_present && m_backend.device_present();
  SetState(present ? State::kReady : State::kNoSound);
  if (!present) return;
  std::unique_ptr<Voice> voice;
  while (true) {
    std::string text, language;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return m_quit || m_request; });
      if (m_quit) return;
      text = std::move(m_text);
      language = std::move(m_language);
      m_request = false;
      m_state = State::kSpeaking;
    }
    m_changed.notify_all();
    if (m_on_change) m_on_change();
    std::string error;
    if (!voice) {
      auto opened = m_backend.open_voice();
      if (opened.ok())
        voice = std::move(opened.value());
      else
        error = opened.ErrorText();
    }
    std::unique_ptr<SoundDevice> device;
    if (voice) {
      auto opened = m_backend.open_device(voice->SampleRate());
      if (opened.ok())
        device = std::move(opened.value());
      else
        error = opened.ErrorText();
    }
    if (voice && device) {
      Status spoken = voice->Speak(text, language, [&](const std::int16_t* samples, std::size_t n) {
        if (m_stop) return false;
        Status played = device->Play(samples, n);
        if (!played) error = played.ErrorText();
        return played.ok() && !m_stop;
      });
      if (!spoken) error = spoken.ErrorText();
      if (m_stop)
        device->Discard();
      else
        device->Drain();
    }
    const bool working = voice && device;
    // Closed before the button turns back: the sound (or a test's WAV file) is finished when
    // the state says so.
    device.reset();
    {
      std::lock_guard lock(m_mutex);
      m_error = error;
    }
    // A voice that cannot load or a device that went away: say so on the button from now on.
    SetState(working ? State::kReady : State::kNoSound);
    if (!working) return;
  }
}

}  // namespace soundings::kiosk
