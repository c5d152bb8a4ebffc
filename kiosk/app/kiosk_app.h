#pragma once
// The GLFW + OpenGL 3 shell of the kiosk: window, event loop, screenshots. No decisions here:
// screens come from ui/, decisions from session/, storage from store/, sync from sync/.

namespace soundings::kiosk::app {

int Main(int argc, char** argv);

}  // namespace soundings::kiosk::app
