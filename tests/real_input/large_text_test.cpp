// Large text on real screens: a resident makes the text bigger with the A+ button (150 % and
// 200 %) on a landscape 1280x800 and 1024x768 and a portrait 800x1280 screen, looks at the
// invitation code's keypad, then goes from the attract screen to the first question. On every
// screen on the way the actions it is for are wholly inside the window, and no two touchable
// widgets overlap.

#include <iterator>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "tests/real_input/walk.h"
#include "tests/support/real_kiosk.h"

namespace soundings::testing {
namespace {

struct ScreenAndText {
  int width, height, text_percent;
};

std::string Name(const ScreenAndText& p) {
  return std::to_string(p.width) + "x" + std::to_string(p.height) + "_at_" +
         std::to_string(p.text_percent);
}

// Taps A+ (inside the "Aa" panel once the toolbar has folded into it) until the text is at
// `percent`, and closes the panel again.
KioskFrame MakeTextLarger(RealKiosk& kiosk, int percent) {
  KioskFrame f = kiosk.Settled();
  for (int taps = 0; f.text_scale < percent && taps < 12; ++taps) {
    if (f.Has("text_larger") && !f.At("text_larger").visible.Empty())
      f = kiosk.Tap("text_larger");
    else
      f = kiosk.Tap("settings");
  }
  if (f.text_scale != percent) throw KioskError("text size not reached: " + f.Describe());
  if (f.screen == "settings" || f.Has("settings/close")) f = kiosk.Tap("settings/close");
  return f;
}

void ExpectUsable(const KioskFrame& f, const RealKiosk& kiosk) {
  const auto w = static_cast<float>(kiosk.Width()), h = static_cast<float>(kiosk.Height());
  EXPECT_FALSE(f.primary.empty()) << "no primary action on " << f.Describe();
  for (const auto& name : f.primary) {
    const Placed p = f.At(name);
    EXPECT_TRUE(p.FullyVisible() && p.rect.Inside(w, h))
        << name << " is not wholly on screen in " << f.Describe();
  }
  for (auto a = f.widgets.begin(); a != f.widgets.end(); ++a) {
    if (a->second.visible.Empty()) continue;
    EXPECT_TRUE(a->second.visible.Inside(w, h)) << a->first << " leaves the window";
    for (auto b = std::next(a); b != f.widgets.end(); ++b) {
      if (!b->second.visible.Empty()) {
        EXPECT_FALSE(a->second.visible.Overlaps(b->second.visible))
            << a->first << " overlaps " << b->first << " in " << f.Describe();
      }
    }
  }
}

void PrintTo(const ScreenAndText& p, std::ostream* out) { *out << Name(p); }

class RealInputLargeText : public ::testing::TestWithParam<ScreenAndText> {};

TEST_P(RealInputLargeText, EveryScreenToTheFirstQuestionKeepsItsActionsOnScreen) {
  const ScreenAndText p = GetParam();
  KioskOptions options;
  options.width = p.width;
  options.height = p.height;
  RealKiosk kiosk(options);
  const KioskFrame attract = MakeTextLarger(kiosk, p.text_percent);
  EXPECT_EQ(attract.screen, "attract");
  ExpectUsable(attract, kiosk);
  kiosk.Screenshot(kiosk.Folder() / ("attract-" + Name(p) + ".png"));
  // The invitation code's keypad, every key of it, and its Back and Continue.
  kiosk.ScrollIntoView("code");
  const KioskFrame code = kiosk.Tap("code");
  ASSERT_EQ(code.screen, "code") << code.Describe();
  ExpectUsable(code, kiosk);
  for (const auto& key : code.Named("code/keyboard/key/"))
    EXPECT_TRUE(code.At(key).FullyVisible()) << key << " is hidden in " << code.Describe();
  EXPECT_TRUE(code.At("back").FullyVisible());
  ASSERT_EQ(kiosk.Tap("back").screen, "attract");
  const KioskFrame consent = kiosk.Tap("start");
  ASSERT_EQ(consent.screen, "consent") << consent.Describe();
  ExpectUsable(consent, kiosk);
  const KioskFrame page = kiosk.Tap("agree");
  ASSERT_EQ(page.screen, "questions") << page.Describe();
  EXPECT_EQ(page.text_scale, p.text_percent);
  ExpectUsable(page, kiosk);
  // Refused for its unanswered questions, the page still shows Next, Back and the summary.
  const KioskFrame refused = kiosk.Tap("next");
  ExpectUsable(refused, kiosk);
  EXPECT_TRUE(refused.At("text:problems/summary").FullyVisible()) << refused.Describe();
  kiosk.Screenshot(kiosk.Folder() / ("page-1-" + Name(p) + ".png"));
}

INSTANTIATE_TEST_SUITE_P(Screens, RealInputLargeText,
                         ::testing::Values(ScreenAndText{1280, 800, 150},
                                           ScreenAndText{1280, 800, 200},
                                           ScreenAndText{1024, 768, 200},
                                           ScreenAndText{800, 1280, 200}),
                         [](const auto& info) { return Name(info.param); });

TEST(RealInputLargeTextToolbar, At200PercentTheToolbarFoldsIntoOneButtonThatOpensItsPanel) {
  RealKiosk kiosk;
  StartConsultation(kiosk);
  const KioskFrame large = MakeTextLarger(kiosk, 200);
  ASSERT_TRUE(large.Has("settings")) << "no folded toolbar: " << large.Describe();
  EXPECT_FALSE(large.Has("lang/pl"));
  const KioskFrame panel = kiosk.Tap("settings");
  EXPECT_TRUE(panel.Has("lang/pl")) << panel.Describe();
  EXPECT_TRUE(panel.Has("text_smaller"));
  // Polish from the panel: the page speaks Polish at once.
  const KioskFrame polish = kiosk.Tap("lang/pl");
  EXPECT_EQ(polish.language, "pl");
}

}  // namespace
}  // namespace soundings::testing
