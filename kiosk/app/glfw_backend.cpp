#include "kiosk/app/glfw_backend.h"

#include <atomic>
#include <cstdint>
#include <iostream>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "kiosk/ui/theme.h"

namespace soundings::kiosk::app {

namespace {
std::atomic<long> g_input_releases{0};  // what Window::InputReleases reports
std::atomic<long> g_input_presses{0};   // and Window::InputPresses
}  // namespace

long Window::InputReleases() { return g_input_releases.load(); }
long Window::InputPresses() { return g_input_presses.load(); }

FontBuilder::FontBuilder()
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

FontBuilder::~FontBuilder() { Wait(); }

std::unique_ptr<ImFontAtlas> FontBuilder::Take() {
  Wait();
  return std::move(m_atlas);
}

void FontBuilder::Wait() {
  if (m_thread.joinable()) m_thread.join();
}

Window::~Window() {
  if (m_handle) {
    if (m_font_texture) glDeleteTextures(1, &m_font_texture);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_handle);
  }
  if (m_glfw) glfwTerminate();
}

// Uploads the font atlas as one byte per pixel, read by the shader as white with the glyph's
// coverage as alpha (a texture swizzle): exactly the colours of the RGBA texture ImGui's backend
// would make, in a quarter of the memory (1.2 MB instead of 4.7 MB, held by the driver for the
// kiosk's lifetime). Needs OpenGL 3.3; false (nothing done) on an older driver.
bool Window::UploadAlphaFontTexture() {
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
  glGenTextures(1, &m_font_texture);
  glBindTexture(GL_TEXTURE_2D, m_font_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
  glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
  // ImGui 1.86's texture id is a void*; OpenGL's is an integer name, so the cast is the API.
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(m_font_texture)));
  return true;
}

bool Window::Open(const WindowSpec& spec, FontBuilder& fonts) {
  glfwSetErrorCallback([](int code, const char* text) {
    std::cerr << "soundings-kiosk: window system error " << code << ": " << text << "\n";
  });
  if (!glfwInit()) {
    std::cerr
        << "soundings-kiosk: no display (set DISPLAY, or run under xvfb-run for screenshots)\n";
    return false;
  }
  m_glfw = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws flat 2D triangles: no depth, stencil or multisample buffers (with a software
  // renderer each is another full-screen buffer in memory).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_SAMPLES, 0);
  glfwWindowHint(GLFW_DECORATED, spec.decorated ? GLFW_TRUE : GLFW_FALSE);
  GLFWmonitor* monitor = nullptr;
  int width = spec.width, height = spec.height;
  if (spec.full_screen) {
    monitor = glfwGetPrimaryMonitor();
    if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
      width = mode->width;
      height = mode->height;
    }
  }
  if (!width) width = 1280, height = 800;
  m_handle = glfwCreateWindow(width, height, "Soundings", monitor, nullptr);
  if (!m_handle) return false;
  // A kiosk is the only thing on its screen: take the keyboard focus, which X gives no window
  // by itself when there is no window manager (and without which ImGui's GLFW backend ignores
  // the pointer).
  if (spec.full_screen) glfwFocusWindow(m_handle);
  glfwMakeContextCurrent(m_handle);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  m_fonts = fonts.Take();
  ImGui::CreateContext(m_fonts.get());
  ui::ConfigureIo();
  // Counted before ImGui's backend installs its callbacks, which then chain to these.
  glfwSetMouseButtonCallback(m_handle, [](GLFWwindow*, int, int action, int) {
    ++(action == GLFW_RELEASE ? g_input_releases : g_input_presses);
  });
  glfwSetKeyCallback(m_handle, [](GLFWwindow*, int, int, int action, int) {
    if (action != GLFW_REPEAT) ++(action == GLFW_RELEASE ? g_input_releases : g_input_presses);
  });
  ImGui_ImplGlfw_InitForOpenGL(m_handle, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  // Make the backend's shaders and buffers now rather than in the first frame. It would also
  // make its RGBA font texture from io.Fonts; it is given a stand-in atlas (ImGui's small built-in
  // font) whose texture is dropped at once, and the kiosk's atlas goes up as alpha only.
  ImGuiIO& io = ImGui::GetIO();
  ImFontAtlas* kiosk_fonts = io.Fonts;
  ImFontAtlas stand_in;
  io.Fonts = &stand_in;
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts = kiosk_fonts;
  if (!UploadAlphaFontTexture()) ImGui_ImplOpenGL3_CreateFontsTexture();
  // The GPU has the glyphs; the CPU copies would otherwise still be held while the driver compiles
  // its shaders for the first frame, the moment of peak memory.
  io.Fonts->ClearTexData();
  return true;
}

void Window::BeginFrame(bool high_contrast, int text_percent, ui::InputState& input) {
  if (m_applied_percent != text_percent || m_applied_contrast != int(high_contrast)) {
    ui::ApplyTheme(high_contrast, static_cast<float>(text_percent) / 100.0f);
    m_applied_percent = text_percent;
    m_applied_contrast = high_contrast;
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ui::PrepareInput(input);
  ImGui::NewFrame();
}

void Window::EndFrame(bool swap) {
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(m_handle, &width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (swap) glfwSwapBuffers(m_handle);
}

void Window::DiscardFrame() { ImGui::EndFrame(); }

void Window::WaitEvents(double seconds) { glfwWaitEventsTimeout(seconds); }
void Window::PollEvents() { glfwPollEvents(); }
bool Window::ShouldClose() const { return glfwWindowShouldClose(m_handle); }

void Window::Close(bool by_operator) {
  if (by_operator) glfwSetWindowUserPointer(m_handle, this);
  glfwSetWindowShouldClose(m_handle, GLFW_TRUE);
}

void Window::IgnoreWindowManagerClose() {
  glfwSetWindowCloseCallback(m_handle, [](GLFWwindow* window) {
    if (!glfwGetWindowUserPointer(window)) glfwSetWindowShouldClose(window, GLFW_FALSE);
  });
}

void Window::WakeUp() { glfwPostEmptyEvent(); }
void Window::Finish() { glFinish(); }

void Window::FramebufferSize(int& width, int& height) const {
  glfwGetFramebufferSize(m_handle, &width, &height);
}

}  // namespace soundings::kiosk::app
