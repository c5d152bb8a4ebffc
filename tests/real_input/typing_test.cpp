// Typing answers with real input: the on-screen keyboard opens when a text field is tapped and
// keeps the field in view above it, and what is typed (on it or on a physical keyboard) reaches
// the outbox without waiting for the page to be left.

#include <gtest/gtest.h>

#include "tests/real_input/walk.h"
#include "tests/support/real_kiosk.h"

namespace soundings::testing {
namespace {

// Page 3 of the demo consultation ("Where you go"), which ends with a long text question.
KioskFrame ToWhereYouGo(RealKiosk& kiosk) {
  StartConsultation(kiosk);
  kiosk.Tap("relationship/parent");
  kiosk.ScrollIntoView("area/north");
  kiosk.Tap("area/north");
  kiosk.ScrollIntoView("next");
  kiosk.Tap("next");
  const KioskFrame page = kiosk.Tap("next");
  if (page.section != "where_you_go") throw KioskError("not on page 3: " + page.Describe());
  return page;
}

TEST(RealInputTyping, TappingATextFieldOpensTheKeyboardBelowItWithTheFieldInView) {
  RealKiosk kiosk;
  ToWhereYouGo(kiosk);
  const KioskFrame open = OpenKeyboardOn(kiosk, "places_out_of_reach");
  const auto keys = open.Named("osk/key/");
  ASSERT_GT(keys.size(), 26U) << "no letter keyboard: " << open.Describe();
  const Placed field = open.At("places_out_of_reach/input");
  EXPECT_TRUE(field.FullyVisible()) << open.Describe();
  for (const auto& key : keys) EXPECT_LE(field.rect.y1, open.At(key).rect.y0) << key;
  // The keyboard's Done key is on screen, and so is every key.
  for (const auto& key : keys) EXPECT_TRUE(open.At(key).FullyVisible()) << key;
  // Letters tapped on it show in the field in the frame the kiosk then rests on.
  kiosk.Tap("osk/key/b");
  kiosk.Tap("osk/key/u");
  const KioskFrame typed = kiosk.Tap("osk/key/s");
  EXPECT_EQ(typed.Value("places_out_of_reach/input"), "bus");
  EXPECT_TRUE(typed.At("places_out_of_reach/input").FullyVisible());
  kiosk.Screenshot(kiosk.Folder() / "keyboard.png");
  // Saved shortly after the last key, without leaving the field.
  WaitForSavedAnswer(kiosk, "places_out_of_reach", "\"bus\"");
}

TEST(RealInputTyping, TextTypedOnAPhysicalKeyboardIsSavedWithoutLeavingTheField) {
  RealKiosk kiosk;
  ToWhereYouGo(kiosk);
  OpenKeyboardOn(kiosk, "places_out_of_reach");
  kiosk.Type("No bus on Sundays");
  const KioskFrame typed = kiosk.SettledAfter(kiosk.ReleasesSent());
  EXPECT_EQ(typed.Value("places_out_of_reach/input"), "No bus on Sundays");
  WaitForSavedAnswer(kiosk, "places_out_of_reach", "\"No bus on Sundays\"");
  // More typing replaces the saved text, not adds a second answer.
  kiosk.Type(" or Mondays");
  WaitForSavedAnswer(kiosk, "places_out_of_reach", "\"No bus on Sundays or Mondays\"");
  EXPECT_EQ(QueryRows(kiosk.Outbox(),
                      "SELECT count(*) FROM answers WHERE item_id = "
                      "'places_out_of_reach'")[0][0],
            "1");
}

TEST(RealInputTyping, DoneGivesTheFooterBackAndNextSavesAndMovesOn) {
  RealKiosk kiosk;
  ToWhereYouGo(kiosk);
  OpenKeyboardOn(kiosk, "places_out_of_reach");
  kiosk.Tap("osk/key/p");
  const KioskFrame done = kiosk.Tap("osk/key/hide");
  EXPECT_TRUE(done.Named("osk/key/").empty()) << done.Describe();
  ASSERT_TRUE(done.Has("next"));
  EXPECT_TRUE(done.At("next").FullyVisible());
  EXPECT_EQ(SavedAnswer(kiosk, "places_out_of_reach"), "\"p\"");
  EXPECT_NE(kiosk.Tap("next").section, "where_you_go");
}

}  // namespace
}  // namespace soundings::testing
