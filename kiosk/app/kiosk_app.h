#pragma once
// soundings-kiosk's main: the options, then either the screenshot writer (screenshot.h) or the
// interactive loop, which draws frames on the GLFW backend (glfw_backend.h) and hands what the
// screens return to the runtime (kiosk/runtime), where every decision is made.

namespace soundings::kiosk::app {

int Main(int argc, char** argv);

}  // namespace soundings::kiosk::app
