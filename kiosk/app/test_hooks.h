#pragma once
// --test-hooks DIR: after every frame the app describes it in DIR/frame.json (written whole, then
// renamed, so a reader never sees half a file): its number, when it was put on screen, whether
// the app then went to sleep waiting for input, the screen, and where every named widget was
// drawn with what each text field showed. The real-input tests (tests/real_input) and the
// kiosk bench aim their X events with it and wait on it instead of sleeping.

#include <chrono>
#include <filesystem>
#include <string>

#include "kiosk/session/session_view.h"
#include "kiosk/ui/widgets.h"

namespace soundings::kiosk::app {

class TestHooks {
 public:
  /// Disabled when `dir` is empty.
  explicit TestHooks(std::filesystem::path dir);
  TestHooks(const TestHooks&) = delete;
  TestHooks& operator=(const TestHooks&) = delete;
  ~TestHooks();

  bool Enabled() const { return !m_dir.empty(); }
  /// Before drawing: the probe is emptied for this frame.
  void BeginFrame();
  /// After the frame is on screen. `screen` is the session's screen or "operator/..." .
  void FrameShown(const std::string& screen, const SessionView* view);
  /// The app is about to sleep until input: the last frame described is what is on screen.
  void Waiting();

 private:
  void Write(bool waiting);

  std::filesystem::path m_dir;
  ui::Probe m_probe;
  long m_frame = 0;
  std::chrono::steady_clock::time_point m_shown{};
  std::string m_screen, m_section, m_language, m_listen;
  int m_text_scale = 100;
};

}  // namespace soundings::kiosk::app
