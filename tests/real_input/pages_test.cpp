// Moving through the consultation with real taps and drags: where a page opens, what a refused
// "Next" shows, and that a drag scrolls (and is not taken for a tap).

#include <gtest/gtest.h>

#include "tests/real_input/walk.h"
#include "tests/support/real_kiosk.h"

namespace soundings::testing {
namespace {

TEST(RealInputPages, AnAnswerIsInTheOutboxTheMomentItIsTapped) {
  RealKiosk kiosk;
  StartConsultation(kiosk);
  const KioskFrame after = kiosk.Tap("relationship/grandparent");
  EXPECT_EQ(after.section, "about_your_family");
  // Saved before the frame that shows it selected: nothing waits for a timer.
  EXPECT_EQ(SavedAnswer(kiosk, "relationship"), "\"grandparent\"");
  const auto open = QueryRows(kiosk.Outbox(), "SELECT state, language FROM responses");
  ASSERT_EQ(open.size(), 1U);
  EXPECT_EQ(open[0][0], "open");
  EXPECT_EQ(open[0][1], "en");
}

TEST(RealInputPages, NextWithUnansweredQuestionsScrollsToTheFirstAndSaysHowMany) {
  RealKiosk kiosk;
  StartConsultation(kiosk);
  // The second required question answered, the first not; the page scrolled to its foot.
  kiosk.ScrollIntoView("area/north");
  kiosk.Tap("area/north");
  kiosk.ScrollIntoView("household_size/input");
  const KioskFrame refused = kiosk.Tap("next");
  EXPECT_EQ(refused.section, "about_your_family") << refused.Describe();
  ASSERT_TRUE(refused.Has("text:problems/summary")) << refused.Describe();
  EXPECT_TRUE(refused.At("text:problems/summary").FullyVisible());
  // The unanswered question is on screen, not below or above the fold.
  EXPECT_TRUE(refused.At("relationship/parent").FullyVisible()) << refused.Describe();
  kiosk.Screenshot(kiosk.Folder() / "refused-next.png");
}

TEST(RealInputPages, TheNextPageOpensAtItsTop) {
  RealKiosk kiosk;
  StartConsultation(kiosk);
  kiosk.Tap("relationship/parent");
  kiosk.ScrollIntoView("area/south");
  kiosk.Tap("area/south");
  const KioskFrame bottom = kiosk.ScrollIntoView("household_size/input");
  ASSERT_GT(bottom.scroll, 0) << bottom.Describe();
  const KioskFrame next = kiosk.Tap("next");
  EXPECT_EQ(next.section, "what_you_eat") << next.Describe();
  EXPECT_EQ(next.scroll, 0);
  EXPECT_TRUE(next.At("text:page/title").FullyVisible());
  // Back returns to the first page, at its top, with both answers still selected in the outbox.
  const KioskFrame back = kiosk.Tap("back");
  EXPECT_EQ(back.section, "about_your_family");
  EXPECT_EQ(back.scroll, 0);
  EXPECT_EQ(SavedAnswer(kiosk, "relationship"), "\"parent\"");
  EXPECT_EQ(SavedAnswer(kiosk, "area"), "\"south\"");
}

TEST(RealInputPages, ADragScrollsThePageAndIsNotATap) {
  RealKiosk kiosk;
  const KioskFrame top = StartConsultation(kiosk);
  ASSERT_EQ(top.scroll, 0);
  ASSERT_GT(top.scroll_max, 200) << "the first page should be longer than the screen";
  // The finger lands on an answer and moves up: the page follows, the answer is not chosen.
  const Placed choice = top.At("relationship/guardian");
  kiosk.Drag(static_cast<int>(choice.visible.CentreX()), static_cast<int>(choice.visible.CentreY()),
             0, -200, 10);
  const KioskFrame moved = kiosk.SettledAfter(kiosk.ReleasesSent());
  EXPECT_GE(moved.scroll, 150) << moved.Describe();
  EXPECT_FALSE(SavedAnswer(kiosk, "relationship").has_value());
  // A drag down brings the top back.
  kiosk.Drag(kiosk.Width() / 2, kiosk.Height() / 2, 0, 400, 10);
  EXPECT_EQ(kiosk.SettledAfter(kiosk.ReleasesSent()).scroll, 0);
}

TEST(RealInputPages, AFlickCarriesOnScrollingAfterTheFingerLifts) {
  RealKiosk kiosk;
  StartConsultation(kiosk);
  // Fast: 150 px in three frames, then lift.
  kiosk.Drag(kiosk.Width() / 2, kiosk.Height() / 2 + 100, 0, -150, 3);
  const float at_lift = kiosk.Latest().scroll;
  const KioskFrame settled = kiosk.SettledAfter(kiosk.ReleasesSent());
  EXPECT_GT(settled.scroll, at_lift + 20) << "no inertia: " << settled.Describe();
}

}  // namespace
}  // namespace soundings::testing
