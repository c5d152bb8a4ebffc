#pragma once
// soundings-kiosk's command line.

#include <optional>
#include <string>

namespace soundings::kiosk::app {

struct Options {
  std::string config;
  bool windowed = false;
  int width = 0, height = 0;  // 0: the whole screen (screenshots: 1280x800)
  std::string screenshot;
  std::string template_file;
  std::string screen = "attract";
  std::string language;
  int text_size = 100;
  bool high_contrast = false;
  std::string
      typing;  // screenshot: the keyboard open on the page's first text question, this typed
  bool report_first_frame = false;  // for bench/kiosk_bench.cpp
  std::string data_dir;             // the demo's data folder (default ./kiosk-data)
  bool demo = false;                // --demo: the demo's campaigns with --config's settings
  std::string test_hooks;           // a folder the app describes each frame in (tests/real_input)
};

/// The options in `argv`, or nullopt with `exit_code` set when the program should stop now
/// (--help: 0, after printing the usage; a bad option: 2, after saying which on stderr).
std::optional<Options> ParseOptions(int argc, char** argv, int& exit_code);

}  // namespace soundings::kiosk::app
