#pragma once
// The real soundings-kiosk on its own virtual X server, driven as a person would drive it: XTest
// pointer presses, drags and key presses at screen coordinates. Where to aim comes from the
// frame the kiosk describes after every frame (--test-hooks, kiosk/app/test_hooks.h); when to look
// comes from the same file, watched with inotify, never from sleeping. Used by the kiosk-real-input
// tests (tests/real_input) and the input-to-frame benchmark (bench/kiosk_input_bench.cpp).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/types.h>

namespace soundings::testing {

/// A wait that timed out, a widget not drawn, an X server or kiosk that would not start. Thrown,
/// so a gtest test fails with its message and the benchmark stops with it.
struct KioskError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A rectangle in screen pixels.
struct Box {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float CentreX() const { return (x0 + x1) / 2; }
  float CentreY() const { return (y0 + y1) / 2; }
  bool Empty() const { return x1 <= x0 || y1 <= y0; }
  bool Overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool Inside(float width, float height) const {
    return x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height;
  }
};

/// Where a widget was laid out and the part of it not clipped away.
struct Placed {
  Box rect, visible;
  bool FullyVisible() const {
    return !visible.Empty() && visible.x0 <= rect.x0 + 0.5f && visible.y0 <= rect.y0 + 0.5f &&
           visible.x1 >= rect.x1 - 0.5f && visible.y1 >= rect.y1 - 0.5f;
  }
};

/// One frame as the kiosk described it (DIR/frame.json).
struct KioskFrame {
  long frame = 0;
  std::int64_t shown_ns = 0;  // steady clock (CLOCK_MONOTONIC) when it was put on screen
  bool waiting = false;       // the kiosk then slept until input: this frame is what is on screen
  long presses = 0;           // pointer and key presses the kiosk had taken before this frame
  long releases = 0;          // and releases
  std::string screen, section, language, listen;
  int text_scale = 100;
  float scroll = 0, scroll_max = 0;
  std::map<std::string, Placed> widgets;
  std::vector<Placed> texts;
  std::map<std::string, std::string> values;
  std::vector<std::string> primary;

  bool Has(const std::string& name) const { return widgets.count(name) > 0; }
  /// The widget called `name`; throws KioskError (naming what was drawn) without it.
  Placed At(const std::string& name) const;
  /// Names of the widgets starting with `prefix`.
  std::vector<std::string> Named(const std::string& prefix) const;
  std::string Value(const std::string& name) const;
  /// A short description for failure messages: screen, section, widget names.
  std::string Describe() const;
};

/// An Xvfb of its own (a free display found with -displayfd), killed on destruction.
class VirtualScreen {
 public:
  VirtualScreen(int width, int height);
  VirtualScreen(const VirtualScreen&) = delete;
  VirtualScreen& operator=(const VirtualScreen&) = delete;
  ~VirtualScreen();

  bool Running() const { return m_pid > 0 && !m_display.empty(); }
  const std::string& Display() const { return m_display; }  // ":N"
  int Width() const { return m_width; }
  int Height() const { return m_height; }

 private:
  pid_t m_pid = -1;
  std::string m_display;
  int m_width, m_height;
};

struct KioskOptions {
  int width = 1280, height = 800;  // the virtual screen; the kiosk runs full screen on it
  std::vector<std::string> args;   // extra arguments, e.g. {"--language", "cy"}
  int idle_seconds = 600;          // kiosk config: long unless a test is about idling
  int countdown_seconds = 20;
  std::string anonymous_partial;  // kiosk config "anonymous_partial" when not empty
};

/// The real soundings-kiosk (SOUNDINGS_KIOSK or the build's) on a VirtualScreen, with the demo
/// configuration and its answers in a fresh folder. Stopped with SIGTERM on destruction.
class RealKiosk {
 public:
  using Predicate = std::function<bool(const KioskFrame&)>;

  /// Starts the screen and the kiosk and waits for its first frame; throws KioskError if either
  /// does not come up.
  explicit RealKiosk(KioskOptions options = {});
  RealKiosk(const RealKiosk&) = delete;
  RealKiosk& operator=(const RealKiosk&) = delete;
  ~RealKiosk();

  int Width() const { return m_screen.Width(); }
  int Height() const { return m_screen.Height(); }
  std::filesystem::path Outbox() const { return m_dir / "data" / "kiosk.db"; }
  const std::filesystem::path& Folder() const { return m_dir; }

  /// The latest frame that satisfies `ok`, waiting up to `timeout` for it; throws KioskError
  /// (with `what` and the last frame seen) when it does not come.
  KioskFrame WaitFor(const std::string& what, const Predicate& ok,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// The frame on screen once the kiosk has gone to sleep waiting for input.
  KioskFrame Settled();
  /// Settled, with at least `releases` releases handled: everything sent so far has been drawn.
  KioskFrame SettledAfter(long releases);
  /// The latest frame written, whatever its state (no waiting).
  KioskFrame Latest() const;

  // Input through XTest, at screen pixels. Press returns once a frame has been drawn with the
  // press taken (ImGui 1.86 sees a button as up or down once a frame, so a press and a release
  // taken together would be lost); the others once the X server has the events.
  void Press(int x, int y);
  void MoveTo(int x, int y);
  void Release();
  void Tap(int x, int y);
  /// Settles, taps the middle of the visible part of `name`, and returns the frame after it
  /// has been handled and drawn.
  KioskFrame Tap(const std::string& name);
  /// Drags the page's body (as a finger would, from the middle of the screen) until `name` is
  /// wholly on screen; returns that settled frame. Throws if a dozen drags do not bring it.
  KioskFrame ScrollIntoView(const std::string& name);
  /// Presses at (x, y), moves in `steps` to (x + dx, y + dy) and releases.
  void Drag(int x, int y, int dx, int dy, int steps = 12);
  /// One key by X keysym name ("Return", "BackSpace", "a"), with Shift when `shift`.
  void Key(const std::string& keysym, bool shift = false);
  /// Keys held together, pressed in order and released in reverse ({"Control_L", "Alt_L", "o"}).
  void Chord(const std::vector<std::string>& keysyms);
  /// Types ASCII text on the physical keyboard.
  void Type(const std::string& text);
  /// The releases handled so far plus the ones sent since: what SettledAfter should wait for.
  long ReleasesSent() const { return m_releases_sent; }

  /// The screen's pixels (RGB, row by row) of `box`, read back from the X server.
  std::vector<std::uint8_t> Pixels(const Box& box) const;
  /// Writes the whole screen to `png`.
  bool Screenshot(const std::filesystem::path& png) const;

 private:
  bool ReadFrame(KioskFrame& out) const;

  VirtualScreen m_screen;
  std::filesystem::path m_dir;
  pid_t m_pid = -1;
  void* m_display = nullptr;  // Display*, kept out of this header with Xlib's macros
  long m_presses_sent = 0;
  long m_releases_sent = 0;
};

/// Rows of `sql` (each column as text) from the SQLite database at `db`, opened read-only.
std::vector<std::vector<std::string>> QueryRows(const std::filesystem::path& db,
                                                const std::string& sql);

}  // namespace soundings::testing
