#pragma once
// Every screen of the kiosk: a function over the read-only session view that returns what the
// person asked for. Only transient widget state (text being typed, keyboard shift) lives in the
// *Widgets structs beside them; navigation and validation belong to Session::Apply.

#include <map>
#include <string>

#include "kiosk/session/operator.h"
#include "kiosk/session/session_view.h"
#include "kiosk/session/ui_action.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/widgets.h"

namespace soundings::kiosk::ui {

struct CodeEntryWidgets {
  std::string code;
  KeyboardState keyboard{true, false};
};

struct PageWidgets {
  std::string section_id;  // text buffers below belong to this section
  std::map<std::string, std::string> text;
  std::map<std::string, KeyboardState> keyboards;
};

struct KioskWidgets {
  CodeEntryWidgets code;
  PageWidgets page;
  Screen last_screen = Screen::kAttract;
  InputState input;
};

UiAction DrawAttract(const SessionView& view);
UiAction DrawCodeEntry(const SessionView& view, CodeEntryWidgets& widgets);
UiAction DrawConfirm(const SessionView& view);
UiAction DrawConsent(const SessionView& view);
UiAction DrawQuestionPage(const SessionView& view, PageWidgets& widgets);
/// One question with the widget its type needs; used by DrawQuestionPage.
UiAction DrawItem(const SessionView& view, const ItemView& item, PageWidgets& widgets);
UiAction DrawReview(const SessionView& view);
UiAction DrawThankYou(const SessionView& view);
UiAction DrawIdlePrompt(const SessionView& view);

struct OperatorWidgets {
  std::string pin;
  std::string server_url;
  std::string enrolment_code;
  std::string kiosk_name;
  int field = 0;  // which enrolment field the on-screen keyboard types into
  KeyboardState keyboard{true, false};
};

// The staff screens, reached by the hidden gesture and the PIN.
OperatorAction DrawOperatorPin(const OperatorView& view, OperatorWidgets& widgets);
OperatorAction DrawOperatorPanel(const OperatorView& view, OperatorWidgets& widgets);
OperatorAction DrawEnrolment(const OperatorView& view, OperatorWidgets& widgets);
/// The operator frame: the screen `view` says, full screen, in the kiosk's style.
OperatorAction DrawOperator(const OperatorView& view, OperatorWidgets& widgets);

/// The whole kiosk frame: toolbar (text size, contrast, language), the current screen, the idle
/// prompt over everything, Escape for Back, and the hidden operator gesture.
UiAction DrawKiosk(const SessionView& view, KioskWidgets& widgets);

// Shared layout helpers of the screens.
/// Starts the scrolling body of a screen, leaving `footer_lines` rows of buttons below it.
void BeginBody(int footer_lines = 1);
void EndBody();
/// Keeps the first non-None action.
inline void Keep(UiAction& into, UiAction action) {
  if (IsNone(into)) into = std::move(action);
}
/// A number as JSON: an integer when it is whole, so answers read naturally.
nlohmann::json NumberJson(double value);

}  // namespace soundings::kiosk::ui
