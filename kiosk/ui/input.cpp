#include "kiosk/ui/input.h"

#include <cmath>

#include <imgui.h>
#include <imgui_internal.h>

namespace soundings::kiosk::ui {
namespace {

// GLFW's key codes for letters are their upper-case ASCII codes; ImGui 1.86 indexes KeysDown with
// the backend's codes, so this is the one place that knows them.
constexpr int kKeyO = 'O';

// Per-window drag state, kept in the window's own ImGui storage (it lives as long as the window).
const ImGuiID kArmed = ImHashStr("drag_to_scroll/armed");
const ImGuiID kDragging = ImHashStr("drag_to_scroll/dragging");
const ImGuiID kStartScroll = ImHashStr("drag_to_scroll/start");
const ImGuiID kVelocity = ImHashStr("drag_to_scroll/velocity");  // px per second, + is down
const ImGuiID kFocusNext = ImHashStr("focus_next_button");

// A flick glides on with its speed halving about every 0.2 s, and stops below 40 px/s.
constexpr float kGlideTimeConstant = 0.28f;
constexpr float kStopSpeed = 40.0f;

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

bool InputChanged() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseClicked[0] || io.MouseReleased[0] || io.MouseDelta.x != 0 || io.MouseDelta.y != 0 ||
      io.MouseWheel != 0 || io.InputQueueCharacters.Size > 0)
    return true;
  // A key held down repeats (ImGui counts the repeats frame by frame), so it keeps frames coming.
  for (int key = 0; key < static_cast<int>(IM_ARRAYSIZE(io.KeysDown)); ++key)
    if (io.KeysDown[key] || io.KeysDownDuration[key] == 0.0f || io.KeysDownDurationPrev[key] >= 0)
      return true;
  return false;
}

bool PointerHeld() { return ImGui::GetIO().MouseDown[0]; }

bool PersonActed() { return PointerHeld() || InputChanged(); }

bool NeedsContinuousFrames() {
  const ImGuiContext& g = *GImGui;
  for (const ImGuiWindow* window : g.Windows)
    if (window->WasActive && window->StateStorage.GetFloat(kVelocity) != 0.0f) return true;
  return false;
}

bool PointerReleased() { return ImGui::GetIO().MouseReleased[0]; }

bool TapReleased() {
  const ImGuiIO& io = ImGui::GetIO();
  return io.MouseReleased[0] && io.MouseDragMaxDistanceSqr[0] < kDragThresholdPx * kDragThresholdPx;
}

void DragToScroll() {
  ImGuiContext& g = *GImGui;
  ImGuiWindow* window = g.CurrentWindow;
  const ImGuiIO& io = g.IO;
  ImGuiStorage& store = window->StateStorage;
  const float scroll_max = window->ScrollMax.y;
  bool armed = store.GetBool(kArmed);
  bool dragging = store.GetBool(kDragging);
  float velocity = store.GetFloat(kVelocity);
  const ImGuiID scrollbar = ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y);
  if (io.MouseClicked[0]) {
    // A new touch stops a glide. It may become a drag if it began over this window, not on its
    // scrollbar (ImGui drags that itself) and not in a text field (a drag there selects text).
    velocity = 0;
    dragging = false;
    const bool in_text = g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID;
    armed = scroll_max > 0 && g.ActiveId != scrollbar && !in_text &&
            ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                                   ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    store.SetFloat(kStartScroll, window->Scroll.y);
  }
  if (io.MouseDown[0] && armed) {
    const float moved = io.MousePos.y - io.MouseClickedPos[0].y;
    if (!dragging && std::fabs(moved) >= kDragThresholdPx) dragging = true;
    if (dragging) {
      // The press became a drag: whatever it was pressing is not pressed.
      if (g.ActiveId != 0 && g.ActiveId != scrollbar) ImGui::ClearActiveID();
      // The content follows the finger exactly, from where it was when the finger came down.
      ImGui::SetScrollY(window, ImClamp(store.GetFloat(kStartScroll) - moved, 0.0f, scroll_max));
      const float dt = ImMax(io.DeltaTime, 1.0f / 240.0f);
      velocity = 0.6f * (-io.MouseDelta.y / dt) + 0.4f * velocity;
    }
  }
  if (!io.MouseDown[0]) {
    armed = dragging = false;
    if (velocity != 0.0f) {
      // After a long sleep ImGui's first DeltaTime is the whole sleep: glide in small steps.
      const float dt = ImMin(io.DeltaTime, 1.0f / 30.0f);
      float next = window->Scroll.y + velocity * dt;
      if (next <= 0.0f || next >= scroll_max) velocity = 0;
      ImGui::SetScrollY(window, ImClamp(next, 0.0f, ImMax(scroll_max, 0.0f)));
      velocity *= std::exp(-dt / kGlideTimeConstant);
      if (std::fabs(velocity) < kStopSpeed) velocity = 0;
    }
  }
  store.SetBool(kArmed, armed);
  store.SetBool(kDragging, dragging);
  store.SetFloat(kVelocity, velocity);
}

void StopDragToScroll() {
  ImGuiStorage& store = ImGui::GetCurrentWindow()->StateStorage;
  store.SetBool(kArmed, false);
  store.SetBool(kDragging, false);
  store.SetFloat(kVelocity, 0.0f);
}

void RevealLastItem() {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  rect.Expand(ImGui::GetStyle().ItemSpacing.y * 2);
  ImGui::ScrollToBringRectIntoView(window, rect);
}

void ScrollHereToTop() {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float margin = ImGui::GetStyle().ItemSpacing.y;
  ImGui::SetScrollFromPosY(window, window->DC.CursorPos.y - window->Pos.y - margin, 0.0f);
}

void RequestFocusOnNextButton() { ImGui::GetStateStorage()->SetBool(kFocusNext, true); }

void ApplyFocusRequest() {
  ImGuiContext& g = *GImGui;
  ImGuiStorage* store = ImGui::GetStateStorage();
  if (!store->GetBool(kFocusNext) || g.LastItemData.ID == 0) return;
  store->SetBool(kFocusNext, false);
  ImGui::SetFocusID(g.LastItemData.ID, g.CurrentWindow);
  g.NavDisableHighlight = false;
}

}  // namespace soundings::kiosk::ui
