#include <gtest/gtest.h>

#include "kiosk/ui/screens.h"
#include "tests/ui/ui_harness.h"

namespace soundings::kiosk::ui {
namespace {

using ::soundings::kiosk::ui::testing::UiHarness;
namespace keys = ::soundings::kiosk::ui::testing;

class OperatorScreensTest : public ::testing::Test {
 protected:
  // Taps `name` and returns the operator action the tap produced.
  OperatorAction Tap(const std::string& name) {
    OperatorAction got = op::None{};
    ui.Tap(name, [&]() -> UiAction {
      OperatorAction a = DrawOperator(view, widgets);
      if (std::holds_alternative<op::None>(got)) got = a;
      return action::None{};
    });
    return got;
  }
  UiHarness ui;
  OperatorView view;
  OperatorWidgets widgets;
};

TEST_F(OperatorScreensTest, ThePinIsTypedOnTheKeypadAndSubmitted) {
  view.screen = OperatorScreen::kPin;
  Tap("pin/keyboard/key/2");
  Tap("pin/keyboard/key/4");
  const auto got = Tap("pin/ok");
  ASSERT_TRUE(std::holds_alternative<op::SubmitPin>(got));
  EXPECT_EQ(std::get<op::SubmitPin>(got).pin, "24");
  EXPECT_TRUE(widgets.pin.empty()) << "the PIN does not linger on screen";
}

TEST_F(OperatorScreensTest, ThePinKeypadHasOnlyDigits) {
  view.screen = OperatorScreen::kPin;
  Tap("pin/keyboard/key/0");
  for (const char* key : {"0", "1", "9"})
    EXPECT_TRUE(ui.probe.Has(std::string("pin/keyboard/key/") + key));
  EXPECT_FALSE(ui.probe.Has("pin/keyboard/key/-"));
  EXPECT_FALSE(ui.probe.Has("pin/keyboard/key/."));
}

TEST_F(OperatorScreensTest, ThePanelOffersSyncSettingsExitAndClose) {
  view.screen = OperatorScreen::kPanel;
  view.facts.pending = 4;
  view.facts.kept_responses.push_back(
      {"id-1", "rejected", "parks", "2026-11-28T10:00:00Z", "answers.q1: bad"});
  EXPECT_TRUE(std::holds_alternative<op::SyncNow>(Tap("operator/sync")));
  EXPECT_TRUE(std::holds_alternative<op::OpenEnrolment>(Tap("operator/settings")));
  EXPECT_TRUE(std::holds_alternative<op::ExitKiosk>(Tap("operator/exit")));
  EXPECT_TRUE(std::holds_alternative<op::Close>(Tap("operator/close")));
}

TEST_F(OperatorScreensTest, EnrolmentSendsWhatWasTyped) {
  view.screen = OperatorScreen::kEnrolment;
  view.facts.server_url = "http://10.0.0.2:8080";
  Tap("enrol/code/type");
  Tap("enrol/keyboard/key/q");
  Tap("enrol/keyboard/key/7");
  const auto got = Tap("enrol/submit");
  ASSERT_TRUE(std::holds_alternative<op::Enrol>(got));
  EXPECT_EQ(std::get<op::Enrol>(got).server_url, "http://10.0.0.2:8080");
  EXPECT_EQ(std::get<op::Enrol>(got).enrolment_code, "q7");
}

TEST_F(OperatorScreensTest, EscapeClosesTheOperatorScreen) {
  view.screen = OperatorScreen::kPanel;
  OperatorAction got = op::None{};
  ui.Key(keys::kEscape, [&]() -> UiAction {
    OperatorAction a = DrawOperator(view, widgets);
    if (std::holds_alternative<op::None>(got)) got = a;
    return action::None{};
  });
  EXPECT_TRUE(std::holds_alternative<op::Close>(got));
}

}  // namespace
}  // namespace soundings::kiosk::ui
