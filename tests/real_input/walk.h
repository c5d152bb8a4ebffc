#pragma once
// Steps the real-input tests share: walking the demo kiosk to a page, and reading its outbox.

#include <chrono>
#include <optional>
#include <string>

#include "tests/support/real_kiosk.h"

namespace soundings::testing {

/// From the attract screen through consent to the consultation's first page.
inline KioskFrame StartConsultation(RealKiosk& kiosk) {
  kiosk.Tap("start");
  const KioskFrame consent = kiosk.SettledAfter(kiosk.ReleasesSent());
  if (consent.screen != "consent") throw KioskError("no consent page: " + consent.Describe());
  const KioskFrame page = kiosk.Tap("agree");
  if (page.screen != "questions") throw KioskError("no first page: " + page.Describe());
  return page;
}

/// Brings the text or number field `item`/input into view and taps it; the frame with its
/// on-screen keyboard open (keys named "osk/key/..."). Throws when no keyboard opens.
inline KioskFrame OpenKeyboardOn(RealKiosk& kiosk, const std::string& item) {
  kiosk.ScrollIntoView(item + "/input");
  const KioskFrame open = kiosk.Tap(item + "/input");
  if (open.Named("osk/key/").empty()) throw KioskError("no keyboard opened: " + open.Describe());
  return open;
}

/// The value the outbox holds for `item` (JSON text), if any, on the kiosk's one response.
inline std::optional<std::string> SavedAnswer(const RealKiosk& kiosk, const std::string& item) {
  const auto rows =
      QueryRows(kiosk.Outbox(), "SELECT value FROM answers WHERE item_id = '" + item + "'");
  if (rows.empty()) return std::nullopt;
  return rows.front().front();
}

/// Waits, frame by frame, until the outbox holds `expected` for `item` (a save on a timer wakes
/// the kiosk, which then draws); throws with what it held instead.
inline void WaitForSavedAnswer(RealKiosk& kiosk, const std::string& item,
                               const std::string& expected) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    const long seen = kiosk.Latest().frame;
    const auto saved = SavedAnswer(kiosk, item);
    if (saved == expected) return;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    try {
      if (left.count() <= 0) throw KioskError("out of time");
      kiosk.WaitFor(
          "a frame after frame " + std::to_string(seen),
          [seen](const KioskFrame& f) { return f.frame > seen; }, left);
    } catch (const KioskError&) {
      throw KioskError("the outbox holds " + saved.value_or("nothing") + " for " + item + ", not " +
                       expected);
    }
  }
}

}  // namespace soundings::testing
