// The touch keypads with real taps: the demo code can be typed, a tapped key is on screen before
// the kiosk goes back to sleep, and numbers and the staff PIN get digits only.

#include <cctype>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "tests/real_input/walk.h"
#include "tests/support/real_kiosk.h"

namespace soundings::testing {
namespace {

TEST(RealInputKeypads, TheReadmesDemoCodeCanBeTypedOnTheCodeKeypad) {
  RealKiosk kiosk;
  const KioskFrame keypad = kiosk.Tap("code");
  ASSERT_EQ(keypad.screen, "code") << keypad.Describe();
  // Every character of DEMO-2468-KQ7 but the hyphens (the keypad adds those) has its key.
  for (const char c : std::string("DEMO2468KQ7")) {
    const std::string key = "code/keyboard/key/" + std::string(1, c);
    ASSERT_TRUE(keypad.Has(key)) << key << " missing: " << keypad.Describe();
    kiosk.Tap(key);
  }
  const KioskFrame typed = kiosk.SettledAfter(kiosk.ReleasesSent());
  EXPECT_EQ(typed.Value("code/input"), "DEMO2468KQ7");
  const KioskFrame confirm = kiosk.Tap("continue");
  EXPECT_EQ(confirm.screen, "confirm") << confirm.Describe();
}

TEST(RealInputKeypads, ATappedKeyIsOnScreenBeforeTheKioskSleeps) {
  RealKiosk kiosk;
  kiosk.Tap("code");
  const KioskFrame empty = kiosk.SettledAfter(kiosk.ReleasesSent());
  const Box field = empty.At("code/input").visible;
  const auto before = kiosk.Pixels(field);
  for (const std::string key : {"K", "Q", "7"}) {
    const auto shown_before = kiosk.Pixels(field);
    const KioskFrame after = kiosk.Tap("code/keyboard/key/" + key);
    // The kiosk sleeps after this frame, so this frame (and these pixels) is what a resident
    // sees until they touch the screen again: the key must be in it.
    ASSERT_TRUE(after.waiting);
    EXPECT_NE(after.Value("code/input").find(key), std::string::npos) << after.Describe();
    EXPECT_NE(kiosk.Pixels(field), shown_before) << "the field's pixels did not change for " << key;
  }
  EXPECT_NE(kiosk.Pixels(field), before);
}

TEST(RealInputKeypads, AWholeNumberQuestionGetsDigitsOnlyAndItsAnswerIsSaved) {
  RealKiosk kiosk;
  StartConsultation(kiosk);
  const KioskFrame keypad = OpenKeyboardOn(kiosk, "household_size");
  const auto keys = keypad.Named("osk/key/");
  for (const auto& key : keys) {
    const std::string label = key.substr(std::string("osk/key/").size());
    const bool digit = label.size() == 1 && label[0] >= '0' && label[0] <= '9';
    EXPECT_TRUE(digit || label == "backspace" || label == "hide") << key;
  }
  // The field stays in view above the keypad.
  const Placed field = keypad.At("household_size/input");
  EXPECT_TRUE(field.FullyVisible()) << keypad.Describe();
  for (const auto& key : keys) EXPECT_LE(field.rect.y1, keypad.At(key).rect.y0) << key;
  kiosk.Tap("osk/key/4");
  const KioskFrame typed = kiosk.Tap("osk/key/hide");
  EXPECT_EQ(typed.Value("household_size/input"), "4");
  // Leaving the field saves it at once.
  EXPECT_EQ(SavedAnswer(kiosk, "household_size"), "4");
}

TEST(RealInputKeypads, TheStaffPinKeypadHasDigitsOnly) {
  RealKiosk kiosk;
  kiosk.Settled();
  // Ctrl+Alt+O on a physical keyboard opens the staff screen's PIN entry.
  kiosk.Chord({"Control_L", "Alt_L", "o"});
  const KioskFrame pin = kiosk.SettledAfter(kiosk.ReleasesSent());
  ASSERT_EQ(pin.screen, "operator") << pin.Describe();
  const auto keys = pin.Named("pin/keyboard/key/");
  ASSERT_GE(keys.size(), 10U) << pin.Describe();
  for (const auto& key : keys) {
    const std::string label = key.substr(std::string("pin/keyboard/key/").size());
    EXPECT_TRUE((label.size() == 1 && std::isdigit(static_cast<unsigned char>(label[0]))) ||
                label == "backspace")
        << key;
  }
  // A wrong PIN keeps the PIN entry; the demo's opens the staff panel.
  for (const std::string digit : {"1", "3", "5", "7"}) kiosk.Tap("pin/keyboard/key/" + digit);
  EXPECT_TRUE(kiosk.Tap("pin/ok").Has("pin/input"));
  for (const std::string digit : {"2", "4", "6", "8"}) kiosk.Tap("pin/keyboard/key/" + digit);
  const KioskFrame panel = kiosk.Tap("pin/ok");
  EXPECT_EQ(panel.screen, "operator");
  EXPECT_FALSE(panel.Has("pin/input")) << panel.Describe();
}

TEST(RealInputKeypads, AFingerHeldInTheTopLeftCornerOpensTheStaffPin) {
  RealKiosk kiosk;
  kiosk.Settled();
  // The finger rests without moving: the kiosk sleeps between looks, and still counts the press.
  kiosk.Press(20, 20);
  const KioskFrame pin = kiosk.WaitFor(
      "the staff PIN after a long press",
      [](const KioskFrame& f) { return f.screen == "operator"; }, std::chrono::seconds(15));
  kiosk.Release();
  EXPECT_TRUE(pin.Has("pin/keyboard/key/0")) << pin.Describe();
  // A short press there is only a tap (on the attract screen, a touch that starts): no PIN.
  kiosk.Tap("pin/cancel");
  ASSERT_EQ(kiosk.SettledAfter(kiosk.ReleasesSent()).screen, "attract");
  kiosk.Tap(20, 20);
  EXPECT_NE(kiosk.SettledAfter(kiosk.ReleasesSent()).screen, "operator");
}

}  // namespace
}  // namespace soundings::testing
