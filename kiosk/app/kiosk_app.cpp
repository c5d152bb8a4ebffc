#include "kiosk/app/kiosk_app.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
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
#include "kiosk/sync/bundle_catalogue.h"
#include "kiosk/sync/sync_client.h"
#include "kiosk/sync/sync_worker.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::app {
namespace {

constexpr const char* kUsage =
    R"(soundings-kiosk: walk-up survey kiosk (full screen, touch and keyboard)

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
  --screen NAME       attract, code, confirm, consent, question:N (1-based), review, thanks, idle,
                      pin, operator, enrolment
  --language CODE     language of the screenshot (e.g. cy, pl)
  --text-size PCT     100 to 200
  --high-contrast     the high-contrast theme
  --report-first-frame  print "first-frame" on stdout once the first frame is on screen
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
  bool report_first_frame = false;  // for bench/kiosk_bench.cpp
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
    if (a == "--report-first-frame") {
      o.report_first_frame = true;
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

// Builds the font atlas (TrueType rasterisation of three sizes: tens of milliseconds) on a thread
// of its own while the main thread opens the outbox and the window, which is most of start-up.
// The ImGui context is created only once the atlas has been taken, so the two threads never share
// ImGui state (ImGui's allocator counts into the current context).
class FontBuilder {
 public:
  FontBuilder()
      : m_thread([this] {
          m_atlas = std::make_unique<ImFontAtlas>();
          ui::LoadFonts(*m_atlas);
          unsigned char* pixels = nullptr;
          int width = 0, height = 0;
          m_atlas->GetTexDataAsAlpha8(&pixels, &width, &height);  // rasterises the glyphs
          // The glyphs are in the atlas now: the TrueType files ImGui read to make them (2.1 MB,
          // still held at the first frame, the moment of peak memory) are not needed again.
          m_atlas->ClearInputData();
        }) {}
  FontBuilder(const FontBuilder&) = delete;
  FontBuilder& operator=(const FontBuilder&) = delete;
  ~FontBuilder() { Wait(); }

  std::unique_ptr<ImFontAtlas> Take() {
    Wait();
    return std::move(m_atlas);
  }

 private:
  void Wait() {
    if (m_thread.joinable()) m_thread.join();
  }

  std::unique_ptr<ImFontAtlas> m_atlas;  // before m_thread, which writes it
  std::thread m_thread;
};

struct Window {
  GLFWwindow* handle = nullptr;
  std::unique_ptr<ImFontAtlas> fonts;  // the context's (destroyed after it, below)
  GLuint font_texture = 0;             // 0: ImGui's backend made (and owns) the font texture
  ~Window() {
    if (handle) {
      if (font_texture) glDeleteTextures(1, &font_texture);
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
      glfwDestroyWindow(handle);
    }
    glfwTerminate();
  }
};

// Uploads the font atlas as one byte per pixel, read by the shader as white with the glyph's
// coverage as alpha (a texture swizzle): exactly the colours of the RGBA texture ImGui's backend
// would make, in a quarter of the memory (1.2 MB instead of 4.7 MB, held by the driver for the
// kiosk's lifetime). Needs OpenGL 3.3; false (nothing done) on an older driver.
bool UploadAlphaFontTexture(Window& window) {
  GLint major = 0, minor = 0;
  glGetIntegerv(GL_MAJOR_VERSION, &major);
  glGetIntegerv(GL_MINOR_VERSION, &minor);
  if (major * 10 + minor < 33) return false;
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  glGenTextures(1, &window.font_texture);
  glBindTexture(GL_TEXTURE_2D, window.font_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
  glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
  atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(window.font_texture)));
  return true;
}

bool OpenWindow(Window& window, const Options& o, bool screenshot, FontBuilder& fonts) {
  glfwSetErrorCallback([](int code, const char* text) {
    std::cerr << "soundings-kiosk: window system error " << code << ": " << text << "\n";
  });
  if (!glfwInit()) {
    std::cerr
        << "soundings-kiosk: no display (set DISPLAY, or run under xvfb-run for screenshots)\n";
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws flat 2D triangles: no depth, stencil or multisample buffers (with a software
  // renderer each is another full-screen buffer in memory).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_SAMPLES, 0);
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
  window.fonts = fonts.Take();
  ImGui::CreateContext(window.fonts.get());
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;  // a blinking cursor would wake the kiosk twice a second
  ImGui_ImplGlfw_InitForOpenGL(window.handle, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  // Make the backend's shaders and buffers now rather than in the first frame. It would also
  // make its RGBA font texture from io.Fonts; it is given a stand-in atlas (ImGui's small built-in
  // font) whose texture is dropped at once, and the kiosk's atlas goes up as alpha only.
  ImFontAtlas* kiosk_fonts = io.Fonts;
  ImFontAtlas stand_in;
  io.Fonts = &stand_in;
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts = kiosk_fonts;
  if (!UploadAlphaFontTexture(window)) ImGui_ImplOpenGL3_CreateFontsTexture();
  // The GPU has the glyphs; the CPU copies would otherwise still be held while the driver compiles
  // its shaders for the first frame, the moment of peak memory.
  io.Fonts->ClearTexData();
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
  if (screen.rfind("question:", 0) == 0)
    return session.PreviewSection(std::atoi(screen.c_str() + 9) - 1);
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

// The staff screens with sample facts, for screenshots.
int OperatorScreenshot(const Options& o) {
  FontBuilder fonts;
  ManualClock clock;
  OperatorSession session("2468", clock);
  if (o.screen == "enrolment") {
    session.OpenFirstRun();
  } else {
    session.Open();
    if (o.screen == "operator") session.Apply(op::SubmitPin{"2468"});
  }
  OperatorFacts facts;
  facts.pending = 12;
  facts.synced = 348;
  facts.kept = 1;
  facts.drafts = 2;
  facts.last_success_at = "2026-11-28T09:42:10Z";
  facts.last_error = "cannot reach the server (Connection) while sending responses";
  facts.device_id = "dev-5";
  facts.enrolled = true;
  facts.venue_id = "central-library";
  facts.server_url = "http://10.0.0.2:8080";
  facts.kept_responses.push_back(
      {"3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b", "rejected", "parks-2026", "2026-11-27T15:02:44Z",
       "answers.satisfaction: must be a point of scale agree5 (1 to 5), not 7"});
  Window window;
  if (!OpenWindow(window, o, true, fonts)) return 1;
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse;
  ui::ApplyTheme(false, 1.0f);
  ui::OperatorWidgets widgets;
  if (o.screen == "pin") widgets.pin = "24";
  for (int i = 0; i < 4; ++i) {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ui::DrawOperator(session.View(facts), widgets);
    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window.handle, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (i < 3) glfwSwapBuffers(window.handle);
  }
  if (!SavePng(window, o.screenshot)) return 1;
  std::cout << "wrote " << o.screenshot << "\n";
  return 0;
}

int Screenshot(const Options& o) {
  if (o.screen == "pin" || o.screen == "operator" || o.screen == "enrolment")
    return OperatorScreenshot(o);
  FontBuilder fonts;
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
    config.kiosk_title = {
        {"en", "Have your say"}, {"cy", "Dweud eich dweud"}, {"pl", "Wyraź swoją opinię"}};
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
  if (!OpenWindow(window, o, true, fonts)) return 1;
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

// Settings keys in the outbox database for what enrolment gave this kiosk.
constexpr const char* kSettingToken = "device_token";
constexpr const char* kSettingDeviceId = "device_id";
constexpr const char* kSettingServerUrl = "server_url";

class KioskApp {
 public:
  KioskApp(KioskConfig config, bool demo)
      : m_config(std::move(config)), m_demo(demo), m_operator(m_config.operator_pin, m_clock) {}

  // `outbox` is being opened on another thread meanwhile (see Interactive).
  int Run(const Options& o, FontBuilder& fonts,
          std::future<Result<std::unique_ptr<Outbox>>>& outbox) {
    if (!OpenWindow(m_window, o, false, fonts)) return 1;
    auto opened = outbox.get();
    if (!opened.ok()) {
      std::cerr << opened.ErrorText() << "\n";
      return 1;
    }
    m_outbox = std::move(opened.value());
    LoadCatalogue();
    if (!o.windowed) {
      // Kiosk mode: the window manager's close (Alt+F4, a close gesture) is ignored; only the
      // operator screen's "Exit kiosk" ends the program.
      glfwSetWindowCloseCallback(m_window.handle, [](GLFWwindow* window) {
        if (!glfwGetWindowUserPointer(window)) glfwSetWindowShouldClose(window, GLFW_FALSE);
      });
    }
    if (!m_demo && Setting(kSettingToken).empty()) m_operator.OpenFirstRun();
    ui::KioskWidgets widgets;
    ui::OperatorWidgets operator_widgets;
    int scale = 0, contrast = -1;
    int frames_left = 3;
    while (!glfwWindowShouldClose(m_window.handle)) {
      if (frames_left <= 0) {
        // Sleep until input, a session timer or sync news: an idle kiosk uses no CPU.
        const auto wait = m_session->TimeUntilNextTimer();
        const double seconds =
            wait ? std::max(0.01, static_cast<double>(wait->count()) / 1000.0) : 3600.0;
        glfwWaitEventsTimeout(seconds);
        frames_left = 2;  // ImGui needs a second frame to settle hover and layout after input
      } else {
        glfwPollEvents();
      }
      if (m_news.exchange(false)) OnSyncNews();
      const ImGuiIO& io = ImGui::GetIO();
      if (io.MouseDown[0] || io.MouseDelta.x != 0 || io.MouseDelta.y != 0 ||
          io.InputQueueCharacters.Size)
        m_session->NoteActivity();
      m_session->Tick();
      bool acted = false;
      if (m_operator.IsOpen()) {
        const OperatorView view = m_operator.View(Facts());
        OperatorAction action = op::None{};
        BeginFrame(widgets, scale, contrast, false, 100);
        action = ui::DrawOperator(view, operator_widgets);
        EndFrame();
        acted = !std::holds_alternative<op::None>(action);
        if (acted) Carry(m_operator.Apply(action), operator_widgets);
      } else {
        const SessionView view = m_session->View();
        BeginFrame(widgets, scale, contrast, view.high_contrast, view.text_scale_percent);
        UiAction action = ui::DrawKiosk(view, widgets);
        EndFrame();
        acted = !IsNone(action);
        if (acted) m_session->Apply(action);
        if (m_session->TakeOperatorRequest()) m_operator.Open();
      }
      if (!m_first_frame_drawn) {
        if (o.report_first_frame) {
          glFinish();
          std::cout << "first-frame" << std::endl;
        }
        // The sync worker (its own SQLite connection, then the network) starts once the screen is
        // up, so it does not compete with the first frame for the CPU.
        StartWorker();
        m_first_frame_drawn = true;
      }
      --frames_left;
      if (acted) frames_left = 3;
      // Keep drawing while a finger is down (the long press) or a field is being edited.
      if (io.MouseDown[0] || io.WantTextInput) frames_left = std::max(frames_left, 1);
    }
    if (m_worker) m_worker->Stop();
    return 0;
  }

 private:
  std::string Setting(const char* key) {
    auto value = m_outbox->GetSetting(key);
    return value.ok() ? *value : "";
  }

  std::string ServerUrl() {
    const std::string stored = Setting(kSettingServerUrl);
    return stored.empty() ? m_config.server_url : stored;
  }

  void LoadCatalogue() {
    SessionConfig session_config = m_config.ToSessionConfig();
    std::shared_ptr<Catalogue> catalogue;
    const std::string bundle_text = Setting(kSettingBundle);
    if (!bundle_text.empty()) {
      auto bundle = sync::ParseBundle(bundle_text);
      if (bundle.ok()) {
        auto built =
            BundleCatalogue::Build(*bundle, [this] { return FormatRfc3339(m_clock.WallNow()); });
        if (built.ok()) {
          for (const auto& warning : built.value()->Warnings())
            std::cerr << "bundle: " << warning.ToString() << "\n";
          if (session_config.anonymous_campaign_id.empty())
            for (const auto& c : built.value()->Campaigns())
              if (c.tmpl->kind == TemplateKind::kConsultation && !c.closing) {
                session_config.anonymous_campaign_id = c.id;
                break;
              }
          catalogue = built.value();
        }
      } else {
        std::cerr << "the stored bundle cannot be read: " << bundle.ErrorText() << "\n";
      }
    }
    if (!catalogue && m_demo) {
      auto demo = DemoCatalogue(SOUNDINGS_TEMPLATE_DIR);
      if (demo.ok())
        catalogue = demo.value();
      else
        std::cerr << demo.ErrorText() << "\n";
    }
    // Not enrolled, or no bundle yet: the attract screen offers nothing until one arrives.
    if (!catalogue) catalogue = std::make_shared<MemoryCatalogue>();
    m_session.reset();
    m_catalogue = std::move(catalogue);
    m_session = std::make_unique<Session>(session_config, *m_catalogue, *m_outbox, m_clock);
  }

  void StartWorker() {
    if (m_worker) m_worker->Stop();
    m_worker.reset();
    const std::string token = Setting(kSettingToken);
    if (token.empty() || ServerUrl().empty()) return;
    SyncSettings settings;
    settings.db_path = m_config.data_dir / "kiosk.db";
    settings.server_url = ServerUrl();
    settings.device_id = Setting(kSettingDeviceId);
    settings.token = token;
    settings.interval = m_config.sync_interval;
    m_worker = std::make_unique<SyncWorker>(settings, m_clock);
    m_worker->Start([this] {
      m_news = true;
      glfwPostEmptyEvent();  // wake the loop from glfwWaitEventsTimeout
    });
  }

  void OnSyncNews() {
    if (!m_worker) return;
    const int updates = m_worker->State().bundle_updates;
    if (updates != m_bundle_updates) m_pending_bundle = true;
    m_bundle_updates = updates;
    // A new bundle replaces the catalogue only between respondents, never under someone's feet.
    if (m_pending_bundle && m_session->CurrentScreen() == Screen::kAttract) {
      m_pending_bundle = false;
      LoadCatalogue();
    }
  }

  OperatorFacts Facts() {
    OperatorFacts f;
    if (auto counts = m_outbox->Counts(); counts.ok()) {
      f.pending = counts->pending;
      f.synced = counts->synced;
      f.kept = counts->kept;
      f.drafts = counts->drafts;
    }
    if (auto kept = m_outbox->Kept(); kept.ok()) {
      for (const auto& k : *kept) {
        KeptLine line{k.response_id, ToString(k.status), k.campaign_id, k.completed_at, ""};
        for (const auto& p : k.problems)
          line.reasons += (line.reasons.empty() ? "" : "\n") + p.ToString();
        f.kept_responses.push_back(std::move(line));
      }
    }
    if (m_worker) {
      const SyncState state = m_worker->State();
      f.last_success_at = state.last_success_at;
      f.last_error = state.last_error;
    } else {
      f.last_error = m_demo ? "demo mode: no server" : "not enrolled";
    }
    f.device_id = Setting(kSettingDeviceId);
    f.enrolled = !Setting(kSettingToken).empty();
    f.venue_id = m_config.venue_id;
    f.server_url = ServerUrl();
    return f;
  }

  void Carry(const OperatorEffect& effect, ui::OperatorWidgets& widgets) {
    switch (effect.kind) {
      case OperatorEffect::Kind::kNone:
        return;
      case OperatorEffect::Kind::kSyncNow:
        if (m_worker) m_worker->SyncNow();
        return;
      case OperatorEffect::Kind::kExit:
        glfwSetWindowUserPointer(m_window.handle, this);  // marks the exit as the operator's
        glfwSetWindowShouldClose(m_window.handle, GLFW_TRUE);
        return;
      case OperatorEffect::Kind::kEnrol: {
        SyncClient client(effect.enrol.server_url, "", std::chrono::seconds(10));
        auto enrolment = client.Enrol(effect.enrol.enrolment_code, effect.enrol.kiosk_name);
        if (!enrolment.ok()) {
          m_operator.EnrolmentDone(Problem{"", enrolment.error.message});
          return;
        }
        Status saved = m_outbox->SetSetting(kSettingServerUrl, effect.enrol.server_url);
        if (saved) saved = m_outbox->SetSetting(kSettingDeviceId, enrolment->device_id);
        if (saved) saved = m_outbox->SetSetting(kSettingToken, enrolment->token);
        m_operator.EnrolmentDone(saved);
        if (saved) {
          widgets = ui::OperatorWidgets{};
          m_demo = false;
          StartWorker();
        }
        return;
      }
    }
  }

  void BeginFrame(ui::KioskWidgets& widgets, int& applied_scale, int& applied_contrast,
                  bool high_contrast, int percent) {
    if (applied_scale != percent || applied_contrast != int(high_contrast)) {
      ui::ApplyTheme(high_contrast, static_cast<float>(percent) / 100.0f);
      applied_scale = percent;
      applied_contrast = high_contrast;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ui::PrepareInput(widgets);
    ImGui::NewFrame();
  }

  void EndFrame() {
    ImGui::Render();
    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(m_window.handle, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(m_window.handle);
  }

  KioskConfig m_config;
  std::unique_ptr<Outbox> m_outbox;
  bool m_demo;
  SystemClock m_clock;
  OperatorSession m_operator;
  std::shared_ptr<Catalogue> m_catalogue;
  std::unique_ptr<Session> m_session;
  std::unique_ptr<SyncWorker> m_worker;  // declared after what its callback touches
  std::atomic<bool> m_news{false};
  int m_bundle_updates = 0;
  bool m_first_frame_drawn = false;
  bool m_pending_bundle = false;
  Window m_window;
};

int Interactive(const Options& o) {
  FontBuilder fonts;
  KioskConfig kiosk;
  const bool demo = o.config.empty();
  if (!demo) {
    auto loaded = LoadKioskConfig(o.config);
    if (!loaded.ok()) {
      std::cerr << loaded.ErrorText() << "\n";
      return 2;
    }
    kiosk = loaded.value();
  } else {
    kiosk.accept_codes = true;
    kiosk.anonymous_campaign_id = kDemoConsultationCampaign;
    kiosk.languages = {"en", "cy", "pl"};
    kiosk.title = {
        {"en", "Have your say"}, {"cy", "Dweud eich dweud"}, {"pl", "Wyraź swoją opinię"}};
  }
  std::error_code ec;
  std::filesystem::create_directories(kiosk.data_dir, ec);
  // Opening the outbox (on first run: creating it, several fsyncs) and recovering drafts overlap
  // opening the window; the app takes the outbox once its window is up.
  auto outbox = std::async(
      std::launch::async, [path = kiosk.data_dir / "kiosk.db",
                           submit = kiosk.anonymous_partial == PartialPolicy::kSubmitPartial] {
        auto opened = Outbox::Open(path);
        if (opened.ok()) {
          SystemClock clock;
          if (auto recovered =
                  (*opened)->RecoverAnonymousDrafts(submit, FormatRfc3339(clock.WallNow()));
              !recovered.ok())
            std::cerr << recovered.ErrorText() << "\n";
        }
        return opened;
      });
  KioskApp app(std::move(kiosk), demo);
  return app.Run(o, fonts, outbox);
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
