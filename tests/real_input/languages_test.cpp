// Languages and read-aloud as a resident meets them: the buttons offered are the template's own
// languages, a tap switches the page, and Listen says plainly when there is no sound device.

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/real_input/walk.h"
#include "tests/support/real_kiosk.h"

namespace soundings::testing {
namespace {

TEST(RealInputLanguages, TheKioskOffersExactlyTheLanguagesOfTheTemplateInFront) {
  RealKiosk kiosk;
  // The consultation is written in English and Polish: no Welsh button.
  const KioskFrame attract = kiosk.Settled();
  EXPECT_TRUE(attract.Has("lang/en"));
  EXPECT_TRUE(attract.Has("lang/pl"));
  EXPECT_FALSE(attract.Has("lang/cy")) << attract.Describe();
  kiosk.ScrollIntoView("lang/pl");
  EXPECT_EQ(kiosk.Tap("lang/pl").language, "pl");
  // The 360 behind the demo code is in English and Welsh: its pages offer those two.
  kiosk.ScrollIntoView("code");
  kiosk.Tap("code");
  for (const char c : std::string("DEMO2468KQ7"))
    kiosk.Tap("code/keyboard/key/" + std::string(1, c));
  const KioskFrame confirm = kiosk.Tap("continue");
  ASSERT_EQ(confirm.screen, "confirm") << confirm.Describe();
  KioskFrame consent = kiosk.Tap(confirm.primary.at(0));
  ASSERT_EQ(consent.screen, "consent") << consent.Describe();
  EXPECT_TRUE(consent.Has("lang/cy")) << consent.Describe();
  EXPECT_FALSE(consent.Has("lang/pl"));
  // Polish was chosen but the 360 has none: it is shown in its first language.
  EXPECT_EQ(consent.language, "en");
  consent = kiosk.Tap("lang/cy");
  EXPECT_EQ(consent.language, "cy");
  const KioskFrame page = kiosk.Tap("agree");
  EXPECT_EQ(page.screen, "questions");
  EXPECT_EQ(page.language, "cy");
  const auto started = QueryRows(kiosk.Outbox(), "SELECT language, rater_group FROM responses");
  ASSERT_EQ(started.size(), 1U);
  EXPECT_EQ(started[0][0], "cy");
}

// The kiosk plays through PulseAudio or ALSA; the test runs it with no PulseAudio server, so it
// has sound only where the kernel lists a sound card (not on CI's machine).
bool MachineHasASoundCard() {
  std::ifstream cards("/proc/asound/cards");
  std::string first;
  return cards && std::getline(cards, first) && !first.empty() &&
         first.find("no soundcards") == std::string::npos;
}

TEST(RealInputLanguages, ListenIsDisabledWithoutASoundDeviceAndTheKioskCarriesOn) {
  RealKiosk kiosk;
  const KioskFrame page = StartConsultation(kiosk);
  ASSERT_TRUE(page.Has("listen")) << page.Describe();
  const std::string expected = MachineHasASoundCard() ? "ready" : "no_sound";
  EXPECT_EQ(page.listen, expected);
  if (expected == "no_sound") {
    // Tapping it neither speaks nor leaves the page, and the page still answers.
    const KioskFrame after = kiosk.Tap("listen");
    EXPECT_EQ(after.listen, "no_sound");
    EXPECT_EQ(after.section, page.section);
    kiosk.Tap("relationship/parent");
    EXPECT_EQ(SavedAnswer(kiosk, "relationship"), "\"parent\"");
  }
}

}  // namespace
}  // namespace soundings::testing
