// Compiled, never run, by the tests kiosk_visit_*: a visit of UiAction that handles every kind
// but one must not compile (kiosk/session/visit.h), so Session::Apply cannot forget a new kind.
// With SOUNDINGS_HANDLE_EVERY_ACTION the last kind is handled too and the file compiles.

#include "kiosk/session/ui_action.h"
#include "kiosk/session/visit.h"

namespace soundings::kiosk {

void ApplyAll(const UiAction& any) {
  VisitExhaustively(
      any, [](const action::None&) {}, [](const action::Start&) {},
      [](const action::ChooseLanguage&) {}, [](const action::SubmitCode&) {},
      [](const action::ConfirmIdentity&) {}, [](const action::NotMe&) {},
      [](const action::AcceptConsent&) {}, [](const action::DeclineConsent&) {},
      [](const action::SetAnswer&) {}, [](const action::Next&) {}, [](const action::Back&) {},
      [](const action::SkipSection&) {}, [](const action::GoToSection&) {},
      [](const action::Submit&) {}, [](const action::Finish&) {}, [](const action::StillHere&) {},
      [](const action::StartAgain&) {}, [](const action::SetTextScale&) {},
      [](const action::SetHighContrast&) {}, [](const action::OpenOperator&) {},
      [](const action::LeaveField&) {}
#ifdef SOUNDINGS_HANDLE_EVERY_ACTION
      ,
      [](const action::Listen&) {}
#endif
  );
}

}  // namespace soundings::kiosk
