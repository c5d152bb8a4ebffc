#pragma once
// A headless ImGui context for screen tests: no window, no GL. Fonts are built into the atlas
// (never uploaded), touches and keys are injected between frames, and the probe tells where a
// named widget was drawn.

#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <imgui.h>

#include "kiosk/session/ui_action.h"
#include "kiosk/ui/theme.h"
#include "kiosk/ui/widgets.h"

namespace soundings::kiosk::ui::testing {

// Key indices as GLFW numbers them, so the tests speak the app's language.
inline constexpr int kTab = 258, kLeft = 263, kRight = 262, kUp = 265, kDown = 264, kEnter = 257,
                     kEscape = 256, kSpace = 32, kBackspace = 259;

class UiHarness {
 public:
  using Draw = std::function<UiAction()>;

  explicit UiHarness(float text_scale = 1.0f, bool high_contrast = false,
                     ImVec2 display = ImVec2(1280, 800)) {
    m_context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kRight;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Backspace] = kBackspace;
    fonts = LoadFonts(*io.Fonts);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    // As in the app (kiosk/app/glfw_backend.cpp): once the atlas is built, the TrueType files and
    // the CPU copy of the texture are freed, so every screen test draws with fonts in that state.
    io.Fonts->ClearInputData();
    io.Fonts->ClearTexData();
    ApplyTheme(high_contrast, text_scale);
    SetProbe(&probe);
  }
  ~UiHarness() {
    SetProbe(nullptr);
    ImGui::DestroyContext(m_context);
  }
  UiHarness(const UiHarness&) = delete;
  UiHarness& operator=(const UiHarness&) = delete;

  /// One frame; `draw` runs between NewFrame and Render.
  UiAction Frame(const Draw& draw) {
    if (before_frame) before_frame();
    probe.Clear();
    ImGui::NewFrame();
    UiAction action = draw();
    ImGui::Render();
    return action;
  }

  /// Settles the layout (a few frames), then touches the centre of `name` and lifts the finger.
  /// Returns the first action any of those frames produced; fails the test if `name` is absent.
  UiAction Tap(const std::string& name, const Draw& draw) {
    ImGuiIO& io = ImGui::GetIO();
    UiAction out = action::None{};
    for (int i = 0; i < 2; ++i) Keep(out, Frame(draw));
    if (!probe.Has(name)) {
      missing = name;
      ADD_FAILURE() << "no widget named " << name << " was drawn";
      return out;
    }
    io.MousePos = probe.rects[name].Centre();
    Keep(out, Frame(draw));
    io.MouseDown[0] = true;
    Keep(out, Frame(draw));
    io.MouseDown[0] = false;
    Keep(out, Frame(draw));
    io.MousePos = ImVec2(-1, -1);
    Keep(out, Frame(draw));
    return out;
  }

  /// Presses and releases one key (with modifiers), a frame each.
  UiAction Key(int key, const Draw& draw, bool ctrl = false, bool alt = false, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    UiAction out = action::None{};
    io.KeyCtrl = ctrl;
    io.KeyAlt = alt;
    io.KeyShift = shift;
    io.KeysDown[key] = true;
    Keep(out, Frame(draw));
    io.KeysDown[key] = false;
    Keep(out, Frame(draw));
    io.KeyCtrl = io.KeyAlt = io.KeyShift = false;
    return out;
  }

  /// Presses at `from`, moves to `to` in `steps` frames, and lifts the finger there.
  UiAction Drag(ImVec2 from, ImVec2 to, int steps, const Draw& draw) {
    ImGuiIO& io = ImGui::GetIO();
    UiAction out = action::None{};
    io.MousePos = from;
    Keep(out, Frame(draw));
    io.MouseDown[0] = true;
    Keep(out, Frame(draw));
    for (int i = 1; i <= steps; ++i) {
      const float t = static_cast<float>(i) / static_cast<float>(steps);
      io.MousePos = ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
      Keep(out, Frame(draw));
    }
    io.MouseDown[0] = false;
    Keep(out, Frame(draw));
    return out;
  }

  /// Types UTF-8 text into whatever field has keyboard focus.
  UiAction Type(const std::string& text, const Draw& draw) {
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    return Frame(draw);
  }

  static void Keep(UiAction& into, UiAction action) {
    if (IsNone(into)) into = std::move(action);
  }

  Probe probe;
  Fonts fonts;
  std::string missing;  // the last name Tap() could not find
  std::function<void()> before_frame;

 private:
  ImGuiContext* m_context = nullptr;
};

}  // namespace soundings::kiosk::ui::testing
