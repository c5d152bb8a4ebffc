#pragma once
// Every workaround for Dear ImGui 1.86's input handling, in one place: screens and the app ask
// for intentions ("Escape was pressed", "keep drawing") and never read KeyMap indices, raw key
// codes or mouse state themselves. When ImGui is upgraded, this file is what changes.

namespace soundings::kiosk::ui {

/// Seconds a press in the top-left corner must last to ask for the operator PIN.
inline constexpr float kOperatorLongPressSeconds = 3.0f;

/// Frames the app draws after any input before it sleeps again. ImGui 1.86 acts on a press or a
/// release in the frame after the event arrives, and what the press changed (a typed key, a
/// chosen answer) is drawn only in the frame after that; the third lets hover settle.
inline constexpr int kFramesAfterInput = 3;

/// What the workarounds remember between frames.
struct InputState {
  bool tab_was_down = false;
  bool corner_fired = false;  // the long press already opened the operator PIN
};

/// Sets up the current context: keyboard navigation, no imgui.ini, no blinking cursor (a blink
/// would wake an idle kiosk twice a second).
void ConfigureIo();
/// Screenshots: Xvfb parks its pointer mid-screen, and a screenshot should show no hover.
void IgnoreMouse();

/// Call before ImGui::NewFrame. Tab and Shift+Tab move the keyboard focus like the arrow keys
/// (1.86 tabs only between text fields), so every widget is reachable by Tab; Enter presses the
/// focused button as Space does (1.86 keeps Enter for text fields).
void PrepareInput(InputState& state);

/// Before Begin: gives the keyboard to the next window when no window has it, so keys work from
/// the first frame, before anyone has touched the screen.
void FocusNextWindowIfNoneFocused();

/// Escape was pressed this frame and no text field is taking the keys.
bool EscapePressed();
/// Ctrl+Alt+O was pressed this frame: the operator's way in from a keyboard.
bool OperatorChordPressed();
/// A press held in the top-left corner (`corner_px` square) for kOperatorLongPressSeconds; true
/// once per press.
bool CornerLongPress(InputState& state, float corner_px);

/// The person did something this frame (a touch, a drag, a key, a typed character): the idle
/// timer starts again even when no screen turned it into an action.
bool PersonActed();
/// The app must keep drawing without waiting for input: a finger is down (a long press, a
/// drag) or a text field is being edited.
bool NeedsContinuousFrames();

}  // namespace soundings::kiosk::ui
