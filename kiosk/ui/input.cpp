#include "kiosk/ui/input.h"

#include <imgui.h>

namespace soundings::kiosk::ui {
namespace {

// GLFW's key codes for letters are their upper-case ASCII codes; ImGui 1.86 indexes KeysDown with
// the backend's codes, so this is the one place that knows them.
constexpr int kKeyO = 'O';

bool KeyDown(int key) {
  const ImGuiIO& io = ImGui::GetIO();
  return key >= 0 && key < static_cast<int>(IM_ARRAYSIZE(io.KeysDown)) && io.KeysDown[key];
}

}  // namespace

void ConfigureIo() {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;
}

void IgnoreMouse() { ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse; }

void PrepareInput(InputState& state) {
  ImGuiIO& io = ImGui::GetIO();
  const bool tab = KeyDown(io.KeyMap[ImGuiKey_Tab]);
  if (tab && !state.tab_was_down && !io.WantTextInput)
    io.NavInputs[io.KeyShift ? ImGuiNavInput_KeyUp_ : ImGuiNavInput_KeyDown_] = 1.0f;
  state.tab_was_down = tab;
  if (KeyDown(io.KeyMap[ImGuiKey_Enter]) && !io.WantTextInput)
    io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

void FocusNextWindowIfNoneFocused() {
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_AnyWindow)) ImGui::SetNextWindowFocus();
}

bool EscapePressed() {
  const ImGuiIO& io = ImGui::GetIO();
  return !io.WantTextInput && ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Escape], false);
}

bool OperatorChordPressed() {
  const ImGuiIO& io = ImGui::GetIO();
  return io.KeyCtrl && io.KeyAlt && ImGui::IsKeyPressed(kKeyO, false);
}

bool CornerLongPress(InputState& state, float corner_px) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool in_corner = io.MousePos.x >= 0 && io.MousePos.x < corner_px && io.MousePos.y >= 0 &&
                         io.MousePos.y < corner_px;
  if (!io.MouseDown[0]) {
    state.corner_fired = false;
    return false;
  }
  if (!in_corner || io.MouseDownDuration[0] < kOperatorLongPressSeconds || state.corner_fired)
    return false;
  state.corner_fired = true;
  return true;
}

bool PersonActed() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDown[0] || io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 ||
      io.InputQueueCharacters.Size > 0)
    return true;
  for (bool down : io.KeysDown)
    if (down) return true;
  return false;
}

bool NeedsContinuousFrames() {
  const ImGuiIO& io = ImGui::GetIO();
  return io.MouseDown[0] || io.WantTextInput;
}

}  // namespace soundings::kiosk::ui
