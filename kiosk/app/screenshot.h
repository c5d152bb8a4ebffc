#pragma once
// The screenshot writer: `soundings-kiosk --screenshot OUT.png` renders one screen (set up by
// kiosk/runtime/preview.h) in a real window and writes its pixels as a PNG.

#include <string>

#include "kiosk/app/options.h"

namespace soundings::kiosk::app {

class Window;

/// Writes the back buffer of `window` to `path`; false (with a message on stderr) on failure.
bool SavePng(const Window& window, const std::string& path);

/// Renders the screen `options` asks for and writes it to options.screenshot; the exit code.
int Screenshot(const Options& options);

}  // namespace soundings::kiosk::app
