#include "kiosk/app/screenshot.h"

#include <iostream>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <imgui.h>
#include <stb_image_write.h>

#include "kiosk/app/glfw_backend.h"
#include "kiosk/runtime/preview.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"

namespace soundings::kiosk::app {
namespace {

// A few frames let ImGui settle sizes that depend on the previous frame (wrapping, tables); the
// last is left in the back buffer for SavePng.
constexpr int kSettleFrames = 4;

WindowSpec ScreenshotWindow(const Options& o) {
  WindowSpec spec;
  spec.full_screen = false;
  spec.width = o.width ? o.width : 1280;
  spec.height = o.width ? o.height : 800;
  return spec;
}

int Write(const Window& window, const std::string& path) {
  if (!SavePng(window, path)) return 1;
  std::cout << "wrote " << path << "\n";
  return 0;
}

int OperatorScreenshot(const Options& o) {
  FontBuilder fonts;
  OperatorPreview preview(o.screen);
  Window window;
  if (!window.Open(ScreenshotWindow(o), fonts)) return 1;
  ui::IgnoreMouse();
  ui::OperatorWidgets widgets;
  widgets.pin = preview.typed_pin;
  ui::InputState input;
  for (int i = 0; i < kSettleFrames; ++i) {
    window.PollEvents();
    window.BeginFrame(false, 100, input);
    ui::DrawOperator(preview.session.View(preview.facts), widgets);
    window.EndFrame(i + 1 < kSettleFrames);
  }
  return Write(window, o.screenshot);
}

}  // namespace

bool SavePng(const Window& window, const std::string& path) {
  int width = 0, height = 0;
  window.FramebufferSize(width, height);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows run bottom-up; PNG's top-down.
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3)) {
    std::cerr << "soundings-kiosk: cannot write " << path << "\n";
    return false;
  }
  return true;
}

int Screenshot(const Options& o) {
  if (IsOperatorPreview(o.screen)) return OperatorScreenshot(o);
  FontBuilder fonts;
  PreviewRequest request;
  request.template_file = o.template_file;
  request.template_dir = SOUNDINGS_TEMPLATE_DIR;
  request.screen = o.screen;
  request.language = o.language;
  request.text_size = o.text_size;
  request.high_contrast = o.high_contrast;
  request.typing = o.typing;
  auto preview = Preview::Make(request);
  if (!preview.ok()) {
    std::cerr << "soundings-kiosk: " << preview.ErrorText() << "\n";
    return 2;
  }
  Window window;
  if (!window.Open(ScreenshotWindow(o), fonts)) return 1;
  ui::IgnoreMouse();
  ui::KioskWidgets widgets;
  if (!preview.value()->TypingItem().empty()) {
    const SessionView view = preview.value()->View();
    widgets.last_screen = view.screen;
    widgets.page.section_id = view.page.section->id;
    widgets.page.keyboard_item = preview.value()->TypingItem();
    widgets.page.reveal = true;
  }
  for (int i = 0; i < kSettleFrames; ++i) {
    window.PollEvents();
    const SessionView view = preview.value()->View();
    window.BeginFrame(view.high_contrast, view.text_scale_percent, widgets.input);
    ui::DrawKiosk(view, widgets);
    window.EndFrame(i + 1 < kSettleFrames);
  }
  return Write(window, o.screenshot);
}

}  // namespace soundings::kiosk::app
