#include "kiosk/app/kiosk_app.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <future>
#include <iostream>
#include <thread>

#include <pthread.h>

#include "kiosk/app/glfw_backend.h"
#include "kiosk/app/options.h"
#include "kiosk/app/screenshot.h"
#include "kiosk/app/test_hooks.h"
#include "kiosk/config/demo.h"
#include "kiosk/runtime/kiosk_runtime.h"
#include "kiosk/speech/speech_backend.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"

namespace soundings::kiosk::app {
namespace {

// The configuration without --config: the bundled demo, no server.
KioskConfig DemoConfig(const std::string& data_dir) {
  KioskConfig kiosk;
  if (!data_dir.empty()) kiosk.data_dir = data_dir;
  kiosk.accept_codes = true;
  kiosk.anonymous_campaign_id = kDemoConsultationCampaign;
  kiosk.title = {{"en", "Have your say"}, {"cy", "Dweud eich dweud"}, {"pl", "Wyraź swoją opinię"}};
  return kiosk;
}

// SIGTERM and SIGINT (systemd stopping the kiosk, a test finishing) end the loop like the
// operator's Exit: drafts are flushed and the outbox closed. The signals are blocked in every
// thread and taken by one that only waits for them, so nothing runs in a signal handler.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&m_signals);
    sigaddset(&m_signals, SIGTERM);
    sigaddset(&m_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
    m_thread = std::thread([this] {
      int signal = 0;
      sigwait(&m_signals, &signal);
      m_stop = true;
      if (m_window_open) Window::WakeUp();
    });
  }
  ~StopSignals() {
    // The waiting thread only sigwait()s for SIGTERM, so sending it one is how it is woken to
    // end (it is not killed).
    // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
    if (!m_stop) pthread_kill(m_thread.native_handle(), SIGTERM);
    m_thread.join();
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  bool Stopped() const { return m_stop; }
  void WindowOpen() { m_window_open = true; }

 private:
  sigset_t m_signals;
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_window_open{false};
  std::thread m_thread;
};

// A frame in which a finger was lifted is drawn but not shown: the buttons act on the lift,
// after the widgets above them (a keypad's field, a page's answers) were drawn, so it shows the
// screen as it was before the tap. The next frame, drawn straight after, shows the tap; showing
// only that one takes a whole frame off the time from a tap to seeing it. True when shown.
bool ShowFrame(Window& window, bool first_frame) {
  if (ui::PointerReleased() && !first_frame) {
    window.DiscardFrame();
    return false;
  }
  window.EndFrame();
  return true;
}

int Interactive(const Options& o, StopSignals& signals) {
  FontBuilder fonts;
  const bool demo = o.config.empty() || o.demo;
  KioskConfig config = DemoConfig(o.data_dir);
  if (!o.config.empty()) {
    auto loaded = LoadKioskConfig(o.config);
    if (!loaded.ok()) {
      std::cerr << loaded.ErrorText() << "\n";
      return 2;
    }
    // --demo: the file's settings, the demo's campaign and title where the file names none.
    if (o.demo && loaded.value().anonymous_campaign_id.empty())
      loaded.value().anonymous_campaign_id = config.anonymous_campaign_id;
    if (o.demo && loaded.value().title.empty()) loaded.value().title = config.title;
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
  signals.WindowOpen();
  auto opened = opening.get();
  if (!opened.ok()) {
    std::cerr << opened.ErrorText() << "\n";
    return 1;
  }
  KioskRuntime& runtime = *opened.value();
  for (const auto& warning : runtime.Warnings()) std::cerr << warning.ToString() << "\n";
  // Kiosk mode: only the operator screen's "Exit kiosk" ends the program.
  if (!o.windowed) window.IgnoreWindowManagerClose();

  TestHooks hooks(o.test_hooks);
  ui::KioskWidgets widgets;
  ui::OperatorWidgets operator_widgets;
  bool first_frame = true;
  int frames_left = ui::kFramesAfterInput;
  while (!window.ShouldClose() && !signals.Stopped()) {
    if (frames_left <= 0) {
      hooks.Waiting();
      // Sleep until input, a session timer, sync or speech news: an idle kiosk uses no CPU. A
      // finger resting on the glass changes nothing until it moves or lifts (which wakes the
      // kiosk at once), but the corner's long press is counted frame by frame.
      const auto wait = runtime.TimeUntilNextTimer();
      double seconds = wait ? std::max(0.01, static_cast<double>(wait->count()) / 1000.0) : 3600.0;
      if (ui::PointerHeld()) seconds = std::min(seconds, ui::kHeldPointerRecheckSeconds);
      window.WaitEvents(seconds);
      frames_left = 1;  // a timer or news may change the screen; input asks for more below
    } else {
      window.PollEvents();
    }
    runtime.Tick();
    hooks.BeginFrame();
    bool acted = false;
    if (runtime.OperatorOpen()) {
      const OperatorView view = runtime.ViewOperator();
      window.BeginFrame(false, 100, widgets.input);
      const OperatorAction action = ui::DrawOperator(view, operator_widgets);
      if (ShowFrame(window, first_frame)) hooks.FrameShown("operator", nullptr);
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
      if (ShowFrame(window, first_frame)) hooks.FrameShown(ToString(view.screen), &view);
      acted = !IsNone(action);
      if (acted) runtime.Apply(action);
    }
    if (first_frame) {
      if (o.report_first_frame) {
        window.Finish();
        std::cout << "first-frame" << std::endl;
      }
      // The sync worker (its own SQLite connection, then the network) and read-aloud (which
      // looks for a sound device) start once the screen is up, so they do not compete with the
      // first frame for the CPU.
      runtime.StartSync(&Window::WakeUp);
      runtime.StartReadAloud(speech::SystemBackend());
      first_frame = false;
    }
    --frames_left;
    if (ui::PersonActed()) runtime.NoteActivity();
    // What a press changed is drawn only in the frame after it: never sleep straight after one.
    if (acted || ui::InputChanged()) frames_left = ui::kFramesAfterInput;
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
  StopSignals signals;  // before any other thread, so all of them inherit the blocked signals
  return Interactive(*options, signals);
}

}  // namespace soundings::kiosk::app
