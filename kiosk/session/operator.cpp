#include "kiosk/session/operator.h"

#include "kiosk/session/visit.h"

namespace soundings::kiosk {
namespace {
constexpr int kMaxPinAttempts = 5;
constexpr std::chrono::minutes kPinLockout{5};
}  // namespace

OperatorSession::OperatorSession(std::string pin, const Clock& clock)
    : m_pin(std::move(pin)), m_clock(clock) {}

void OperatorSession::Open() {
  m_screen = OperatorScreen::kPin;
  m_message.clear();
}

void OperatorSession::OpenFirstRun() {
  m_screen = OperatorScreen::kEnrolment;
  m_first_run = true;
  m_message.clear();
}

void OperatorSession::EnrolmentDone(const Status& status) {
  if (status.ok()) {
    m_message = "Enrolled. The kiosk will fetch its campaigns now.";
    m_screen = m_first_run ? OperatorScreen::kClosed : OperatorScreen::kPanel;
    m_first_run = false;
  } else {
    m_message = status.ErrorText();
  }
}

OperatorEffect OperatorSession::Apply(const OperatorAction& action) {
  OperatorEffect effect;
  VisitExhaustively(
      action, [](const op::None&) {},
      [&](const op::SubmitPin& a) {
        if (m_screen != OperatorScreen::kPin) return;
        if (m_clock.Now() < m_locked_until) {
          m_message = "Too many wrong PINs. Try again in a few minutes.";
          return;
        }
        if (a.pin == m_pin) {
          m_failures = 0;
          m_message.clear();
          m_screen = OperatorScreen::kPanel;
          return;
        }
        m_message = "That PIN is not right.";
        if (++m_failures >= kMaxPinAttempts) {
          m_locked_until = m_clock.Now() + kPinLockout;
          m_failures = 0;
        }
      },
      [&](const op::Close&) {
        // Leaving enrolment goes back to the panel it came from; first run goes to the kiosk.
        m_screen = (m_screen == OperatorScreen::kEnrolment && !m_first_run)
                       ? OperatorScreen::kPanel
                       : OperatorScreen::kClosed;
        m_first_run = false;
        m_message.clear();
      },
      [&](const op::SyncNow&) {
        if (m_screen == OperatorScreen::kPanel) effect.kind = OperatorEffect::Kind::kSyncNow;
      },
      [&](const op::OpenEnrolment&) {
        if (m_screen != OperatorScreen::kPanel) return;
        m_screen = OperatorScreen::kEnrolment;
        m_message.clear();
      },
      [&](const op::Enrol& a) {
        if (m_screen != OperatorScreen::kEnrolment) return;
        if (a.server_url.rfind("http://", 0) != 0 && a.server_url.rfind("https://", 0) != 0) {
          m_message = "The server address must start with http:// or https://.";
          return;
        }
        if (a.enrolment_code.empty()) {
          m_message = "Type the enrolment code the administrator gave you.";
          return;
        }
        effect.kind = OperatorEffect::Kind::kEnrol;
        effect.enrol = a;
      },
      [&](const op::ExitKiosk&) {
        if (m_screen == OperatorScreen::kPanel) effect.kind = OperatorEffect::Kind::kExit;
      });
  return effect;
}

OperatorView OperatorSession::View(const OperatorFacts& facts) const {
  OperatorView view;
  view.screen = m_screen;
  view.message = m_message;
  view.first_run = m_first_run;
  view.facts = facts;
  return view;
}

}  // namespace soundings::kiosk
