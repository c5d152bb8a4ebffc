#pragma once
// The staff side of the kiosk: a PIN, then a panel with the sync state and the responses the
// server would not take, and the enrolment form. Pure C++ like Session: screens draw an
// OperatorView and return an OperatorAction; the app carries out the resulting effect (sync now,
// enrol, exit) because those touch the network and the window.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/session/clock.h"
#include "shared/core/error.h"

namespace soundings::kiosk {

enum class OperatorScreen { kClosed, kPin, kPanel, kEnrolment };

struct KeptLine {
  std::string response_id;
  std::string status;  // "rejected" or "conflict"
  std::string campaign_id;
  std::string completed_at;
  std::string reasons;  // the server's problems, one per line
};

/// What the app knows about the kiosk for the operator panel.
struct OperatorFacts {
  int pending = 0;
  int synced = 0;
  int kept = 0;
  int drafts = 0;
  std::string last_success_at;
  std::string last_error;
  std::string device_id;
  std::string venue_id;
  std::string server_url;
  bool enrolled = false;
  std::vector<KeptLine> kept_responses;
};

struct OperatorView {
  OperatorScreen screen = OperatorScreen::kClosed;
  std::string message;     // PIN refused, enrolment failed or succeeded
  bool first_run = false;  // enrolment before anything else; no PIN asked
  OperatorFacts facts;
};

namespace op {
struct None {};
struct SubmitPin {
  std::string pin;
};
struct Close {};
struct SyncNow {};
struct OpenEnrolment {};
struct Enrol {
  std::string server_url;
  std::string enrolment_code;
  std::string kiosk_name;
};
struct ExitKiosk {};
}  // namespace op

using OperatorAction = std::variant<op::None, op::SubmitPin, op::Close, op::SyncNow,
                                    op::OpenEnrolment, op::Enrol, op::ExitKiosk>;

/// What the app must do after an operator action.
struct OperatorEffect {
  enum class Kind { kNone, kSyncNow, kEnrol, kExit } kind = Kind::kNone;
  op::Enrol enrol;  // kEnrol
};

class OperatorSession {
 public:
  OperatorSession(std::string pin, const Clock& clock);

  /// The hidden gesture was made: ask for the PIN.
  void Open();
  /// First run: show the enrolment form straight away (there is nothing to protect yet).
  void OpenFirstRun();
  OperatorEffect Apply(const OperatorAction& action);
  /// The app reports how an enrolment went; success closes the form.
  void EnrolmentDone(const Status& status);

  bool IsOpen() const { return m_screen != OperatorScreen::kClosed; }
  OperatorView View(const OperatorFacts& facts) const;

 private:
  std::string m_pin;
  const Clock& m_clock;
  OperatorScreen m_screen = OperatorScreen::kClosed;
  std::string m_message;
  bool m_first_run = false;
  int m_failures = 0;
  SteadyTime m_locked_until{};
};

}  // namespace soundings::kiosk
