#include "kiosk/app/kiosk_app.h"

#include <algorithm>
#include <future>
#include <iostream>

#include "kiosk/app/glfw_backend.h"
#include "kiosk/app/options.h"
#include "kiosk/app/screenshot.h"
#include "kiosk/config/demo.h"
#include "kiosk/runtime/kiosk_runtime.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"

namespace soundings::kiosk::app {
namespace {

// The configuration without --config: the bundled demo, no server.
KioskConfig DemoConfig() {
  KioskConfig kiosk;
  kiosk.accept_codes = true;
  kiosk.anonymous_campaign_id = kDemoConsultationCampaign;
  kiosk.languages = {"en", "cy", "pl"};
  kiosk.title = {{"en", "Have your say"}, {"cy", "Dweud eich dweud"}, {"pl", "Wyraź swoją opinię"}};
  return kiosk;
}

int Interactive(const Options& o) {
  FontBuilder fonts;
  KioskConfig config = DemoConfig();
  const bool demo = o.config.empty();
  if (!demo) {
    auto loaded = LoadKioskConfig(o.config);
    if (!loaded.ok()) {
      std::cerr << loaded.ErrorText() << "\n";
      return 2;
    }
    config = loaded.value();
  }
  SystemClock clock;
  // Opening the outbox (on first run: creating it, several fsyncs), recovering drafts and
  // parsing the bundle's templates overlap opening the window.
  auto opening = std::async(std::launch::async, [&] {
    return KioskRuntime::Open(std::move(config), demo, SOUNDINGS_TEMPLATE_DIR, clock);
  });
  WindowSpec spec;
  spec.width = o.width;
  spec.height = o.height;
  spec.full_screen = !o.windowed;
  spec.decorated = o.windowed;
  Window window;
  if (!window.Open(spec, fonts)) return 1;
  auto opened = opening.get();
  if (!opened.ok()) {
    std::cerr << opened.ErrorText() << "\n";
    return 1;
  }
  KioskRuntime& runtime = *opened.value();
  for (const auto& warning : runtime.Warnings()) std::cerr << warning.ToString() << "\n";
  // Kiosk mode: only the operator screen's "Exit kiosk" ends the program.
  if (!o.windowed) window.IgnoreWindowManagerClose();

  ui::KioskWidgets widgets;
  ui::OperatorWidgets operator_widgets;
  bool first_frame = true;
  int frames_left = ui::kFramesAfterInput;
  while (!window.ShouldClose()) {
    if (frames_left <= 0) {
      // Sleep until input, a session timer or sync news: an idle kiosk uses no CPU.
      const auto wait = runtime.TimeUntilNextTimer();
      window.WaitEvents(wait ? std::max(0.01, static_cast<double>(wait->count()) / 1000.0)
                             : 3600.0);
      frames_left = ui::kFramesAfterInput - 1;
    } else {
      window.PollEvents();
    }
    runtime.Tick();
    bool acted = false;
    if (runtime.OperatorOpen()) {
      window.BeginFrame(false, 100, widgets.input);
      const OperatorAction action = ui::DrawOperator(runtime.ViewOperator(), operator_widgets);
      window.EndFrame();
      if (ui::PersonActed()) runtime.NoteActivity();
      acted = !std::holds_alternative<op::None>(action);
      if (acted) {
        switch (runtime.ApplyOperator(action)) {
          case RuntimeEffect::kNone:
            break;
          case RuntimeEffect::kExit:
            window.Close(true);
            break;
          case RuntimeEffect::kEnrolled:
            operator_widgets = ui::OperatorWidgets{};
            break;
        }
      }
    } else {
      const SessionView view = runtime.View();
      window.BeginFrame(view.high_contrast, view.text_scale_percent, widgets.input);
      const UiAction action = ui::DrawKiosk(view, widgets);
      window.EndFrame();
      if (ui::PersonActed()) runtime.NoteActivity();
      acted = !IsNone(action);
      if (acted) runtime.Apply(action);
    }
    if (first_frame) {
      if (o.report_first_frame) {
        window.Finish();
        std::cout << "first-frame" << std::endl;
      }
      // The sync worker (its own SQLite connection, then the network) starts once the screen is
      // up, so it does not compete with the first frame for the CPU.
      runtime.StartSync(&Window::WakeUp);
      first_frame = false;
    }
    --frames_left;
    if (acted) frames_left = ui::kFramesAfterInput;
    if (ui::NeedsContinuousFrames()) frames_left = std::max(frames_left, 1);
  }
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  int exit_code = 2;
  auto options = ParseOptions(argc, argv, exit_code);
  if (!options) return exit_code;
  if (!options->screenshot.empty()) return Screenshot(*options);
  return Interactive(*options);
}

}  // namespace soundings::kiosk::app
