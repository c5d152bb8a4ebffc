// The floor under kiosk_rss_mb: a bare GLFW + OpenGL 3 program (no ImGui, no SQLite, no HTTP)
// that opens the window the kiosk bench opens (1280x800, same hints), compiles one shader pair,
// draws one triangle and prints its own peak memory. Under Xvfb the only renderer is Mesa's
// llvmpipe, whose libLLVM alone is most of this figure; whatever the kiosk peaks at above it is
// the kiosk's own. bench/run runs it beside the kiosk bench, under the same X server. Both read
// about 4 MB higher when Mesa's shader cache is cold (first run, or MESA_SHADER_CACHE_DISABLE).

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#define GLFW_INCLUDE_NONE
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>

namespace {

constexpr const char* kVertexShader =
    "#version 130\nin vec2 p;\nvoid main() { gl_Position = vec4(p, 0.0, 1.0); }\n";
constexpr const char* kFragmentShader =
    "#version 130\nout vec4 colour;\nvoid main() { colour = vec4(1.0, 1.0, 0.0, 1.0); }\n";

// A "Key:  123 kB" line of /proc/self/status, in MB: the same reading kiosk_bench takes of the
// kiosk (VmHWM: peak resident memory).
double StatusMb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::atof(line.c_str() + key.size()) / 1024.0;
  return 0;
}

bool Compiled(GLuint shader, const char* what) {
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok == GL_TRUE) return true;
  char log[512] = {};
  glGetShaderInfoLog(shader, sizeof log, nullptr, log);
  std::fprintf(stderr, "gl_floor_bench: the %s shader did not compile: %s\n", what, log);
  return false;
}

GLuint Shader(GLenum kind, const char* source) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  return shader;
}

}  // namespace

int main() {
  if (!std::getenv("DISPLAY") || !glfwInit()) {
    std::fprintf(stderr, "gl_floor_bench: no display; run under xvfb-run (bench/run does)\n");
    return 0;
  }
  // The kiosk's hints (kiosk/app/glfw_backend.cpp), as the kiosk bench runs it (--windowed).
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_SAMPLES, 0);
  glfwWindowHint(GLFW_DECORATED, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "Soundings GL floor", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "gl_floor_bench: no OpenGL 3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  const GLuint vertex = Shader(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fragment = Shader(GL_FRAGMENT_SHADER, kFragmentShader);
  if (!Compiled(vertex, "vertex") || !Compiled(fragment, "fragment")) return 1;
  const GLuint program = glCreateProgram();
  glAttachShader(program, vertex);
  glAttachShader(program, fragment);
  glBindAttribLocation(program, 0, "p");
  glLinkProgram(program);
  GLint linked = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &linked);
  if (linked != GL_TRUE) {
    std::fprintf(stderr, "gl_floor_bench: the shader program did not link\n");
    return 1;
  }
  glUseProgram(program);

  const float triangle[] = {-0.5F, -0.5F, 0.5F, -0.5F, 0.0F, 0.5F};
  GLuint vao = 0, vbo = 0;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  glGenBuffers(1, &vbo);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof triangle, triangle, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);

  glClearColor(0.0F, 0.0F, 0.0F, 1.0F);
  glClear(GL_COLOR_BUFFER_BIT);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glfwSwapBuffers(window);
  // The draw is only queued until the driver runs it; the peak is reached once it has.
  glFinish();

  std::printf("BENCH kiosk_gl_floor_rss_mb %.1f MB\n", StatusMb("VmHWM:"));
  std::fflush(stdout);

  glDeleteBuffers(1, &vbo);
  glDeleteVertexArrays(1, &vao);
  glDeleteProgram(program);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
