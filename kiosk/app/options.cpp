#include "kiosk/app/options.h"

#include <cstdio>
#include <iostream>
#include <vector>

namespace soundings::kiosk::app {
namespace {

constexpr const char* kUsage =
    R"(soundings-kiosk: walk-up survey kiosk (full screen, touch and keyboard)

Usage:
  soundings-kiosk [--config FILE [--demo] | --data DIR] [--windowed] [--size WxH]
  soundings-kiosk --screenshot OUT.png [--template FILE] [--screen NAME]
                  [--language CODE] [--text-size PERCENT] [--high-contrast] [--size WxH]
                  [--typing TEXT]

Options:
  --config FILE       kiosk config (JSON); without it the demo configuration runs: the bundled
                      "Me, My Life & My Community" consultation and the ME2E 360 behind the code
                      DEMO-2468-KQ7, answers kept in ./kiosk-data/kiosk.db
  --data DIR          the demo configuration with its answers kept in DIR/kiosk.db
  --demo              with --config: the demo's campaigns and code, with that file's settings
                      (data_dir, idle times), until the kiosk is enrolled
  --windowed          a normal window instead of full screen (development)
  --size WxH          window size (default: the whole screen; screenshots 1280x800)
  --screenshot FILE   render one screen to a PNG and exit (works under xvfb-run)
  --template FILE     the template to show in the screenshot (default: the demo)
  --screen NAME       attract, code, confirm, consent, question:N (1-based), review, thanks, idle,
                      pin, operator, enrolment
  --language CODE     language of the screenshot (e.g. cy, pl)
  --text-size PCT     100 to 200
  --high-contrast     the high-contrast theme
  --typing TEXT       the on-screen keyboard open on the page's first text question, TEXT typed
  --report-first-frame  print "first-frame" on stdout once the first frame is on screen
  --test-hooks DIR    after every frame write DIR/frame.json: where each widget was drawn, what
                      each field showed, the frame's number and time (for tests and benchmarks)
  --help              this text

The operator screen opens with a 3-second press in the top-left corner or Ctrl+Alt+O.
)";

}  // namespace

std::optional<Options> ParseOptions(int argc, char** argv, int& exit_code) {
  Options o;
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto fail = [&](const std::string& message) {
    std::cerr << "soundings-kiosk: " << message << " (see --help)\n";
    exit_code = 2;
    return std::nullopt;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      exit_code = 0;
      return std::nullopt;
    }
    if (a == "--windowed") {
      o.windowed = true;
      continue;
    }
    if (a == "--high-contrast") {
      o.high_contrast = true;
      continue;
    }
    if (a == "--report-first-frame") {
      o.report_first_frame = true;
      continue;
    }
    if (a == "--demo") {
      o.demo = true;
      continue;
    }
    if (a != "--config" && a != "--screenshot" && a != "--template" && a != "--screen" &&
        a != "--language" && a != "--text-size" && a != "--size" && a != "--data" &&
        a != "--test-hooks" && a != "--typing")
      return fail("unknown option " + a);
    if (i + 1 >= args.size()) return fail(a + " needs a value");
    const std::string& v = args[++i];
    if (a == "--config") o.config = v;
    if (a == "--screenshot") o.screenshot = v;
    if (a == "--template") o.template_file = v;
    if (a == "--screen") o.screen = v;
    if (a == "--language") o.language = v;
    if (a == "--data") o.data_dir = v;
    if (a == "--typing") o.typing = v;
    if (a == "--test-hooks") o.test_hooks = v;
    if (a == "--text-size") {
      char end = 0;
      if (std::sscanf(v.c_str(), "%d%c", &o.text_size, &end) != 1 || o.text_size < 100 ||
          o.text_size > 200)
        return fail("--text-size wants a percentage from 100 to 200, e.g. 150");
    }
    if (a == "--size") {
      char end = 0;
      if (std::sscanf(v.c_str(), "%dx%d%c", &o.width, &o.height, &end) != 2 || o.width < 320 ||
          o.height < 320)
        return fail("--size wants WIDTHxHEIGHT of at least 320x320, e.g. 1280x800");
    }
  }
  if (!o.config.empty() && !o.data_dir.empty())
    return fail("--data is for the demo; a config names its own data_dir");
  if (o.demo && o.config.empty())
    return fail("--demo goes with --config (without one the demo runs)");
  return o;
}

}  // namespace soundings::kiosk::app
