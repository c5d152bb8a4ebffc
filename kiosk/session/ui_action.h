#pragma once
// What a person asked for on a screen. Screens return one of these; Session::Apply decides what
// happens (navigation, validation, persistence).

#include <string>
#include <variant>

#include <nlohmann/json.hpp>

namespace soundings::kiosk::action {

struct None {};
struct Start {
  bool with_code = false;  // "I have an invitation code" rather than the anonymous survey
};
struct ChooseLanguage {
  std::string language;
};
struct SubmitCode {
  std::string code;
};
struct ConfirmIdentity {};
struct NotMe {};
struct AcceptConsent {};
struct DeclineConsent {};
/// The whole new answer to one item; JSON null clears it.
struct SetAnswer {
  std::string item_id;
  nlohmann::json value;
};
struct Next {};
struct Back {};
struct SkipSection {};
/// From the review page: go and change the answers of one section.
struct GoToSection {
  std::string section_id;
};
struct Submit {};
/// Thank-you page: back to the attract screen now.
struct Finish {};
/// Idle prompt: the person is still there.
struct StillHere {};
/// Abandon and return to the attract screen (idle rules for partial answers apply).
struct StartAgain {};
struct SetTextScale {
  int percent = 100;  // 100..200
};
struct SetHighContrast {
  bool on = false;
};
/// The hidden operator gesture (long press in a corner or the key chord) was made.
struct OpenOperator {};
/// The focus left a text field: what was typed is saved now, not only after the pause.
struct LeaveField {
  std::string item_id;
};
/// "Listen": read the page aloud, or stop reading (the runtime owns speech).
struct Listen {};

}  // namespace soundings::kiosk::action

namespace soundings::kiosk {

using UiAction =
    std::variant<action::None, action::Start, action::ChooseLanguage, action::SubmitCode,
                 action::ConfirmIdentity, action::NotMe, action::AcceptConsent,
                 action::DeclineConsent, action::SetAnswer, action::Next, action::Back,
                 action::SkipSection, action::GoToSection, action::Submit, action::Finish,
                 action::StillHere, action::StartAgain, action::SetTextScale,
                 action::SetHighContrast, action::OpenOperator, action::LeaveField, action::Listen>;

inline bool IsNone(const UiAction& action) { return std::holds_alternative<action::None>(action); }

}  // namespace soundings::kiosk
