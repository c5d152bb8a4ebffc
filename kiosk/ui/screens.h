#pragma once
// Every screen of the kiosk: a function over the read-only session view that returns what the
// person asked for. Only transient widget state (text being typed, keyboard shift) lives in the
// *Widgets structs beside them; navigation and validation belong to Session::Apply.

#include <map>
#include <string>
#include <vector>

#include "kiosk/session/operator.h"
#include "kiosk/session/session_view.h"
#include "kiosk/session/ui_action.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/widgets.h"

namespace soundings::kiosk::ui {

struct CodeEntryWidgets {
  std::string code;
  KeyboardState keyboard;
};

struct PageWidgets {
  std::string section_id;  // text buffers below belong to this section
  std::map<std::string, std::string> text;
  /// The text item the on-screen keyboard types into; "" while the keyboard is closed. A text
  /// field that gets the focus (a tap, Tab) opens the keyboard for itself.
  std::string keyboard_item;
  KeyboardState keyboard;
  bool reveal = false;  // scroll the keyboard's field into view in the next frame
  /// A text field the focus left: LeaveField goes to the session in the first frame with no
  /// other action (one action a frame), so what was typed is saved now.
  std::string left_field;
  int attention = 0;  // the PageView::attention already acted on
};

struct KioskWidgets {
  CodeEntryWidgets code;
  PageWidgets page;
  Screen last_screen = Screen::kAttract;
  bool settings_open = false;  // the "Aa / Language" panel (large text sizes, narrow screens)
  InputState input;
};

UiAction DrawAttract(const SessionView& view);
UiAction DrawCodeEntry(const SessionView& view, CodeEntryWidgets& widgets);
UiAction DrawConfirm(const SessionView& view);
UiAction DrawConsent(const SessionView& view);
UiAction DrawQuestionPage(const SessionView& view, PageWidgets& widgets);
/// One question with the widget its type needs; used by DrawQuestionPage. `focus` gives the
/// question the keyboard focus (a text field opens the on-screen keyboard).
UiAction DrawItem(const SessionView& view, const ItemView& item, PageWidgets& widgets,
                  bool focus = false);
/// The on-screen keyboard a typed item needs: text in its language; digits alone for whole
/// numbers that cannot be negative; digits and a minus sign or a point when the number allows.
KeyboardSpec TypingKeyboard(const Item& item, const std::string& language);
/// The answer `buffer` gives a typed item: null when empty, a number when it reads as one.
action::SetAnswer TypedAnswer(const Item& item, const std::string& buffer);
UiAction DrawReview(const SessionView& view);
UiAction DrawThankYou(const SessionView& view);
UiAction DrawIdlePrompt(const SessionView& view);

struct OperatorWidgets {
  std::string pin;
  std::string server_url;
  std::string enrolment_code;
  std::string kiosk_name;
  int field = 0;  // which enrolment field the on-screen keyboard types into
  KeyboardState keyboard;
};

// The staff screens, reached by the hidden gesture and the PIN.
OperatorAction DrawOperatorPin(const OperatorView& view, OperatorWidgets& widgets);
OperatorAction DrawOperatorPanel(const OperatorView& view, OperatorWidgets& widgets);
OperatorAction DrawEnrolment(const OperatorView& view, OperatorWidgets& widgets);
/// The operator frame: the screen `view` says, full screen, in the kiosk's style.
OperatorAction DrawOperator(const OperatorView& view, OperatorWidgets& widgets);

/// The text size, contrast and language controls as a panel over the screen: what the toolbar's
/// one "Aa / Language" button opens when the whole toolbar does not fit.
UiAction DrawSettingsPanel(const SessionView& view, bool& open);

/// The whole kiosk frame: toolbar (Listen, text size, contrast, language; one "Aa / Language"
/// button when they do not fit), the current screen, the idle prompt over everything, Escape
/// for Back, and the hidden operator gesture.
UiAction DrawKiosk(const SessionView& view, KioskWidgets& widgets);

// Shared layout helpers of the screens.
/// Starts the scrolling body of a screen (drag to scroll, opens at the top), leaving
/// `footer_height` pixels below it for the footer; `id` names the body (one per page).
void BeginBody(float footer_height, const std::string& id = "body");
/// Ends the body: drag-to-scroll, then the line above the footer.
void EndBody();
/// The space a docked on-screen keyboard may take: under half the screen's height.
float KeyboardBudget();
/// A button per language, wrapping onto further rows when the width runs out.
UiAction LanguageButtons(const SessionView& view);
/// Keeps the first non-None action.
inline void Keep(UiAction& into, UiAction action) {
  if (IsNone(into)) into = std::move(action);
}
/// A number as JSON: an integer when it is whole, so answers read naturally.
nlohmann::json NumberJson(double value);

}  // namespace soundings::kiosk::ui
