#pragma once
// Every workaround for Dear ImGui 1.86's input handling, in one place: screens and the app ask
// for intentions ("Escape was pressed", "keep drawing") and never read KeyMap indices, raw key
// codes or mouse state themselves. When ImGui is upgraded, this file is what changes.

namespace soundings::kiosk::ui {

/// Seconds a press in the top-left corner must last to ask for the operator PIN.
inline constexpr float kOperatorLongPressSeconds = 3.0f;

/// Frames the app draws after a frame that saw input, before it sleeps again. A button pressed
/// by a release acts in the frame that sees the release, but what it changed (a typed key, a
/// chosen answer) is drawn only in the next frame, so the app must draw at least one more; the
/// second lets hover and layout that depend on the previous frame settle.
inline constexpr int kFramesAfterInput = 2;

/// How far a finger must move before a press becomes a drag that scrolls (and presses nothing).
inline constexpr float kDragThresholdPx = 14.0f;

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

/// The person did something this frame (a touch, a finger resting on the glass, a release, a
/// drag, a key, a typed character): the idle timer starts again even when no screen turned it
/// into an action.
bool PersonActed();
/// Something changed this frame that the next frames must draw (a finger put down, moved or
/// lifted, a key, a typed character): the app draws kFramesAfterInput more. A finger resting
/// still is not such a change (see PointerHeld).
bool InputChanged();
/// A finger rests on the glass: nothing to draw until it moves or lifts, but the app looks again
/// every kHeldPointerRecheckSeconds, so the corner's long press still counts.
bool PointerHeld();
inline constexpr double kHeldPointerRecheckSeconds = 0.1;
/// The app must keep drawing without waiting for input: a flicked region is still gliding.
bool NeedsContinuousFrames();

/// A touch was lifted this frame without having been dragged: a tap.
bool TapReleased();
/// A touch (tap or drag) was lifted this frame. Buttons act on the lift, after the widgets drawn
/// above them, so such a frame shows the screen as it was before the tap.
bool PointerReleased();

/// Drag-to-scroll with inertia for the current (scrolling) window, touch or mouse alike; call
/// inside it after its contents, before EndChild. A press that moves more than
/// kDragThresholdPx scrolls the window with the finger and presses nothing; lifted while moving,
/// the window glides on and slows down. ImGui 1.86 scrolls only by wheel and scrollbar.
void DragToScroll();

/// Scrolls the current window so the last item is wholly in view, with a margin.
void RevealLastItem();
/// Scrolls the current window so what is drawn next starts at its top (with a margin).
void ScrollHereToTop();
/// Forgets a drag or glide of the current window: a page that opens again must not go on
/// gliding from where it was left.
void StopDragToScroll();
/// Gives the next button drawn in the current window the keyboard focus, shown by the navigation
/// highlight (ImGui 1.86 focuses only text fields by request); buttons call ApplyFocusRequest.
void RequestFocusOnNextButton();
/// Called by buttons right after they are drawn: takes a pending focus request.
void ApplyFocusRequest();

}  // namespace soundings::kiosk::ui
