#include "kiosk/app/kiosk_app.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include "kiosk/config/demo.h"
#include "kiosk/config/kiosk_config.h"
#include "kiosk/session/session.h"
#include "kiosk/store/memory_store.h"
#include "kiosk/store/outbox.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::app {
namespace {

constexpr const char* kUsage = R"(soundings-kiosk: walk-up survey kiosk (full screen, touch and keyboard)

Usage:
  soundings-kiosk [--config FILE] [--windowed] [--size WxH]
  soundings-kiosk --screenshot OUT.png [--template FILE] [--screen NAME]
                  [--language CODE] [--text-size PERCENT] [--high-contrast] [--size WxH]

Options:
  --config FILE       kiosk config (JSON); without it the demo configuration runs: the bundled
                      "Me, My Life & My Community" consultation and the ME2E 360 behind the code
                      DEMO-2468-KQ7, answers kept in ./kiosk-data/kiosk.db
  --windowed          a normal window instead of full screen (development)
  --size WxH          window size (default: the whole screen; screenshots 1280x800)
  --screenshot FILE   render one screen to a PNG and exit (works under xvfb-run)
  --template FILE     the template to show in the screenshot (default: the demo)
  --screen NAME       attract, code, confirm, consent, question:N (1-based), review, thanks, idle
  --language CODE     language of the screenshot (e.g. cy, pl)
  --text-size PCT     100 to 200
  --high-contrast     the high-contrast theme
  --help              this text

The operator screen opens with a 3-second press in the top-left corner or Ctrl+Alt+O.
)";

struct Options {
  std::string config;
  bool windowed = false;
  int width = 0, height = 0;
  std::string screenshot;
  std::string template_file;
  std::string screen = "attract";
  std::string language;
  int text_size = 100;
  bool high_contrast = false;
};

// nullopt with `exit_code` set when the program should stop now (--help, a bad option).
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
    if (a != "--config" && a != "--screenshot" && a != "--template" && a != "--screen" &&
        a != "--language" && a != "--text-size" && a != "--size")
      return fail("unknown option " + a);
    if (i + 1 >= args.size()) return fail(a + " needs a value");
    const std::string& v = args[++i];
    if (a == "--config") o.config = v;
    if (a == "--screenshot") o.screenshot = v;
    if (a == "--template") o.template_file = v;
    if (a == "--screen") o.screen = v;
    if (a == "--language") o.language = v;
    if (a == "--text-size") o.text_size = std::atoi(v.c_str());
    if (a == "--size" && std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2)
      return fail("--size wants WIDTHxHEIGHT, e.g. 1280x800");
  }
  return o;
}

struct Window {
  GLFWwindow* handle = nullptr;
  ~Window() {
    if (handle) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
      glfwDestroyWindow(handle);
    }
    glfwTerminate();
  }
};

bool OpenWindow(Window& window, const Options& o, bool screenshot) {
  glfwSetErrorCallback([](int code, const char* text) {
    std::cerr << "soundings-kiosk: window system error " << code << ": " << text << "\n";
  });
  if (!glfwInit()) {
    std::cerr << "soundings-kiosk: no display (set DISPLAY, or run under xvfb-run for screenshots)\n";
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_DECORATED, (o.windowed && !screenshot) ? GLFW_TRUE : GLFW_FALSE);
  GLFWmonitor* monitor = nullptr;
  int width = o.width, height = o.height;
  if (screenshot) {
    if (!width) width = 1280, height = 800;
  } else if (!o.windowed) {
    monitor = glfwGetPrimaryMonitor();
    if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
      width = mode->width;
      height = mode->height;
    }
  }
  if (!width) width = 1280, height = 800;
  window.handle = glfwCreateWindow(width, height, "Soundings", monitor, nullptr);
  if (!window.handle) return false;
  glfwMakeContextCurrent(window.handle);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;  // a blinking cursor would wake the kiosk twice a second
  ui::LoadFonts(*io.Fonts);
  ImGui_ImplGlfw_InitForOpenGL(window.handle, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  return true;
}

// One frame of the kiosk: input, draw, render; returns what the person asked for.
UiAction RenderFrame(Window& window, const SessionView& view, ui::KioskWidgets& widgets,
                     int& applied_scale, int& applied_contrast) {
  if (applied_scale != view.text_scale_percent || applied_contrast != int(view.high_contrast)) {
    ui::ApplyTheme(view.high_contrast, static_cast<float>(view.text_scale_percent) / 100.0f);
    applied_scale = view.text_scale_percent;
    applied_contrast = view.high_contrast;
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ui::PrepareInput(widgets);
  ImGui::NewFrame();
  UiAction action = ui::DrawKiosk(view, widgets);
  ImGui::Render();
  int fb_width = 0, fb_height = 0;
  glfwGetFramebufferSize(window.handle, &fb_width, &fb_height);
  glViewport(0, 0, fb_width, fb_height);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  return action;
}

bool SavePng(Window& window, const std::string& path) {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window.handle, &width, &height);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows run bottom-up; PNG's top-down.
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3)) {
    std::cerr << "soundings-kiosk: cannot write " << path << "\n";
    return false;
  }
  return true;
}

// Walks a session to the screen a screenshot asks for; false with a message when it cannot.
bool GoToScreen(Session& session, ManualClock& clock, const SessionConfig& config,
                const std::string& screen, bool coded) {
  auto start = [&] {
    if (coded) {
      session.Apply(action::Start{true});
      session.Apply(action::SubmitCode{kDemoCode});
      if (screen != "confirm") session.Apply(action::ConfirmIdentity{});
    } else {
      session.Apply(action::Start{false});
    }
  };
  if (screen == "attract") return true;
  if (screen == "code") {
    session.Apply(action::Start{true});
    return session.CurrentScreen() == Screen::kCodeEntry;
  }
  start();
  if (screen == "confirm") return session.CurrentScreen() == Screen::kConfirm;
  if (screen == "consent") return session.CurrentScreen() == Screen::kConsent;
  session.Apply(action::AcceptConsent{});
  if (screen.rfind("question:", 0) == 0) return session.PreviewSection(std::atoi(screen.c_str() + 9) - 1);
  if (screen == "idle") {
    clock.Advance(config.idle_after);
    session.Tick();
    clock.Advance(std::chrono::seconds(3));
    return true;
  }
  const int pages = session.View().page.count;
  session.PreviewSection(pages - 1);
  session.Apply(action::Next{});
  if (screen == "review") return session.CurrentScreen() == Screen::kReview;
  return false;
}

int Screenshot(const Options& o) {
  std::shared_ptr<MemoryCatalogue> catalogue;
  SessionConfig config;
  bool coded = false;
  if (!o.template_file.empty()) {
    std::string campaign;
    auto loaded = SingleTemplateCatalogue(o.template_file, &campaign);
    if (!loaded.ok()) {
      std::cerr << loaded.ErrorText() << "\n";
      return 1;
    }
    catalogue = loaded.value();
    const Campaign* c = catalogue->FindCampaign(campaign);
    coded = c->tmpl->kind != TemplateKind::kConsultation;
    if (coded) {
      config.accept_codes = true;
      config.languages = c->tmpl->languages;
    } else {
      config.anonymous_campaign_id = campaign;
    }
  } else {
    auto loaded = DemoCatalogue(SOUNDINGS_TEMPLATE_DIR);
    if (!loaded.ok()) {
      std::cerr << loaded.ErrorText() << "\n";
      return 1;
    }
    catalogue = loaded.value();
    config.anonymous_campaign_id = kDemoConsultationCampaign;
    config.accept_codes = true;
    config.languages = {"en", "cy", "pl"};
    config.kiosk_title = {{"en", "Have your say"}, {"cy", "Dweud eich dweud"}, {"pl", "Wyraź swoją opinię"}};
    coded = o.screen == "confirm";
  }
  MemoryStore store;
  ManualClock clock;
  Session session(config, *catalogue, store, clock);
  if (!o.language.empty()) session.Apply(action::ChooseLanguage{o.language});
  if (o.text_size != 100) session.Apply(action::SetTextScale{o.text_size});
  if (o.high_contrast) session.Apply(action::SetHighContrast{true});
  // The thank-you screen needs a valid submission; screens are functions of the view, so the
  // screenshot draws it from the view directly.
  const bool thanks = o.screen == "thanks";
  if (!thanks && !GoToScreen(session, clock, config, o.screen, coded)) {
    std::cerr << "soundings-kiosk: cannot show screen \"" << o.screen << "\" for this template\n";
    return 2;
  }
  Window window;
  if (!OpenWindow(window, o, true)) return 1;
  // Xvfb parks its pointer mid-screen; a screenshot should show no hover.
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse;
  ui::KioskWidgets widgets;
  int scale = 0, contrast = -1;
  // A few frames let ImGui settle sizes that depend on the previous frame (wrapping, tables).
  for (int i = 0; i < 4; ++i) {
    glfwPollEvents();
    SessionView view = session.View();
    if (thanks) view.screen = Screen::kThankYou;
    RenderFrame(window, view, widgets, scale, contrast);
    if (i < 3) glfwSwapBuffers(window.handle);
  }
  if (!SavePng(window, o.screenshot)) return 1;
  std::cout << "wrote " << o.screenshot << "\n";
  return 0;
}

int Interactive(const Options& o) {
  KioskConfig kiosk;
  std::shared_ptr<Catalogue> catalogue;
  if (!o.config.empty()) {
    auto loaded = LoadKioskConfig(o.config);
    if (!loaded.ok()) {
      std::cerr << loaded.ErrorText() << "\n";
      return 2;
    }
    kiosk = loaded.value();
  } else {
    kiosk.anonymous_campaign_id = kDemoConsultationCampaign;
    kiosk.accept_codes = true;
    kiosk.languages = {"en", "cy", "pl"};
    kiosk.title = {{"en", "Have your say"}, {"cy", "Dweud eich dweud"}, {"pl", "Wyraź swoją opinię"}};
  }
  auto demo = DemoCatalogue(SOUNDINGS_TEMPLATE_DIR);
  if (!demo.ok()) {
    std::cerr << demo.ErrorText() << "\n";
    return 1;
  }
  catalogue = demo.value();
  std::error_code ec;
  std::filesystem::create_directories(kiosk.data_dir, ec);
  auto outbox = Outbox::Open(kiosk.data_dir / "kiosk.db");
  if (!outbox.ok()) {
    std::cerr << outbox.ErrorText() << "\n";
    return 1;
  }
  SystemClock clock;
  if (auto recovered = (*outbox)->RecoverAnonymousDrafts(
          kiosk.anonymous_partial == PartialPolicy::kSubmitPartial, FormatRfc3339(clock.WallNow()));
      !recovered.ok())
    std::cerr << recovered.ErrorText() << "\n";

  Session session(kiosk.ToSessionConfig(), *catalogue, **outbox, clock);
  Window window;
  if (!OpenWindow(window, o, false)) return 1;
  ui::KioskWidgets widgets;
  int scale = 0, contrast = -1;
  int frames_left = 3;
  while (!glfwWindowShouldClose(window.handle)) {
    if (frames_left <= 0) {
      // Sleep until input or the next timer: an idle kiosk draws nothing and uses no CPU.
      const auto wait = session.TimeUntilNextTimer();
      const double seconds = wait ? std::max(0.01, static_cast<double>(wait->count()) / 1000.0) : 3600.0;
      glfwWaitEventsTimeout(seconds);
      frames_left = 2;  // ImGui needs a second frame to settle hover and layout after input
    } else {
      glfwPollEvents();
    }
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDown[0] || io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.InputQueueCharacters.Size)
      session.NoteActivity();
    session.Tick();
    UiAction action = RenderFrame(window, session.View(), widgets, scale, contrast);
    glfwSwapBuffers(window.handle);
    --frames_left;
    if (!IsNone(action)) {
      session.Apply(action);
      frames_left = 3;
    }
    // Keep drawing while a finger is down (long press) or a field is being edited.
    if (io.MouseDown[0] || io.WantTextInput) frames_left = std::max(frames_left, 1);
    if (session.TakeOperatorRequest()) {
      // The operator screen comes with the sync worker; until then Ctrl+Alt+O + Escape exits in
      // windowed development runs only.
      if (o.windowed) glfwSetWindowShouldClose(window.handle, GLFW_TRUE);
    }
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
