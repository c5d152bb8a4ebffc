#pragma once
// What "Listen" reads: the page's title and description, then each question with its help text
// and the answers it offers, in the page's language. Built from the same view the screen draws.

#include <string>

#include "kiosk/session/session_view.h"

namespace soundings::kiosk {

/// The text to speak for the screen in `view` (question pages and the privacy notice; "" for
/// screens with nothing to read), in view.language.
std::string PageSpeech(const SessionView& view);

}  // namespace soundings::kiosk
