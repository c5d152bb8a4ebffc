// A resident who walks away: after the idle time the kiosk asks whether anyone is still there,
// and after the countdown it starts again, discarding the anonymous half-finished answers (the
// demo consultation does not keep partials). A tap on "I'm still here" keeps them.

#include <chrono>

#include <gtest/gtest.h>

#include "tests/real_input/walk.h"
#include "tests/support/real_kiosk.h"

namespace soundings::testing {
namespace {

KioskOptions Impatient() {
  KioskOptions options;
  options.idle_seconds = 10;  // the shortest a kiosk config allows
  options.countdown_seconds = 5;
  return options;
}

TEST(RealInputIdle, AnAbandonedAnonymousSessionIsDiscardedAndTheKioskStartsAgain) {
  RealKiosk kiosk(Impatient());
  StartConsultation(kiosk);
  kiosk.Tap("relationship/guardian");
  ASSERT_EQ(SavedAnswer(kiosk, "relationship"), "\"guardian\"");
  const KioskFrame prompt = kiosk.WaitFor(
      "the idle prompt", [](const KioskFrame& f) { return f.Has("still_here"); },
      std::chrono::seconds(30));
  EXPECT_TRUE(prompt.Has("start_again"));
  kiosk.WaitFor(
      "the attract screen", [](const KioskFrame& f) { return f.screen == "attract"; },
      std::chrono::seconds(30));
  EXPECT_EQ(QueryRows(kiosk.Outbox(), "SELECT count(*) FROM responses")[0][0], "0");
  EXPECT_EQ(QueryRows(kiosk.Outbox(), "SELECT count(*) FROM outbox")[0][0], "0");
  EXPECT_FALSE(SavedAnswer(kiosk, "relationship").has_value());
}

TEST(RealInputIdle, ImStillHereKeepsThePageAndItsAnswers) {
  RealKiosk kiosk(Impatient());
  StartConsultation(kiosk);
  kiosk.Tap("relationship/other_family");
  kiosk.WaitFor(
      "the idle prompt", [](const KioskFrame& f) { return f.Has("still_here"); },
      std::chrono::seconds(30));
  const KioskFrame back = kiosk.Tap("still_here");
  EXPECT_EQ(back.screen, "questions");
  EXPECT_EQ(back.section, "about_your_family");
  EXPECT_EQ(SavedAnswer(kiosk, "relationship"), "\"other_family\"");
}

}  // namespace
}  // namespace soundings::testing
