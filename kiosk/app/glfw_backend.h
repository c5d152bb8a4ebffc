#pragma once
// The GLFW + OpenGL 3 backend of the kiosk: the window, ImGui's platform and renderer backends,
// the font atlas (rasterised on a thread of its own while the window opens) and one frame's
// beginning and end. No decisions and no screens here.

#include <memory>
#include <thread>

#include "kiosk/ui/input.h"

struct GLFWwindow;
struct ImFontAtlas;

namespace soundings::kiosk::app {

/// Builds the font atlas (TrueType rasterisation of three sizes: tens of milliseconds) on a
/// thread of its own while the main thread opens the outbox and the window, which is most of
/// start-up. The ImGui context is created only once the atlas has been taken, so the two threads
/// never share ImGui state (ImGui's allocator counts into the current context).
class FontBuilder {
 public:
  FontBuilder();
  FontBuilder(const FontBuilder&) = delete;
  FontBuilder& operator=(const FontBuilder&) = delete;
  ~FontBuilder();

  std::unique_ptr<ImFontAtlas> Take();

 private:
  void Wait();

  std::unique_ptr<ImFontAtlas> m_atlas;  // before m_thread, which writes it
  std::thread m_thread;
};

struct WindowSpec {
  int width = 0, height = 0;  // 0: the whole screen when full screen, else 1280x800
  bool full_screen = true;
  bool decorated = false;
};

/// The window with its GL context and ImGui context; everything is released in reverse order
/// when it goes.
class Window {
 public:
  Window() = default;
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window();

  /// Opens the window and sets up ImGui with the atlas `fonts` builds; false (with a message on
  /// stderr) when there is no display or no OpenGL 3.
  bool Open(const WindowSpec& spec, FontBuilder& fonts);

  /// Starts a frame: the theme for `text_percent` and `high_contrast` (re-applied only when they
  /// change), the backends' NewFrame, the input workarounds, then ImGui's NewFrame.
  void BeginFrame(bool high_contrast, int text_percent, ui::InputState& input);
  /// Renders the frame; `swap` puts it on screen (screenshots read the back buffer instead).
  void EndFrame(bool swap = true);
  /// Ends the frame without drawing it: nothing reaches the screen (see kiosk_app.cpp).
  void DiscardFrame();

  /// Sleeps until input, an empty event from another thread (WakeUp), or `seconds`.
  void WaitEvents(double seconds);
  void PollEvents();
  bool ShouldClose() const;
  /// Closes the window; `by_operator` marks it as the operator's "Exit kiosk", which full-screen
  /// kiosks honour (the window manager's close gesture they ignore).
  void Close(bool by_operator);
  /// In full screen, ignore the window manager's close (Alt+F4, a close gesture).
  void IgnoreWindowManagerClose();
  /// Wakes WaitEvents from any thread.
  static void WakeUp();
  /// Mouse buttons and keys released in this window so far: --test-hooks reports it so a test
  /// knows the kiosk has taken every event it sent before it looks at what was drawn.
  static long InputReleases();
  /// Pointer-button and key presses seen so far (for --test-hooks, like InputReleases).
  static long InputPresses();
  /// glFinish: the frame is really on screen (for --report-first-frame).
  void Finish();
  /// Framebuffer size in pixels.
  void FramebufferSize(int& width, int& height) const;

 private:
  bool UploadAlphaFontTexture();

  GLFWwindow* m_handle = nullptr;
  bool m_glfw = false;
  std::unique_ptr<ImFontAtlas> m_fonts;  // the context's (destroyed after it)
  unsigned m_font_texture = 0;           // 0: ImGui's backend made (and owns) the font texture
  int m_applied_percent = 0;
  int m_applied_contrast = -1;
};

}  // namespace soundings::kiosk::app
