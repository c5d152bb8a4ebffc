#include "tests/support/real_kiosk.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stb_image_write.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace soundings::testing {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

Display* X(void* display) { return static_cast<Display*>(display); }

// Runs argv[0] (found on PATH) with the environment's `NAME=value` entries replaced or added
// from `extra_env`, and the variables named in `unset` left out.
pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
            const posix_spawn_file_actions_t* actions, const std::vector<std::string>& unset = {}) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_text = extra_env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    bool replaced = false;
    for (const auto& extra : extra_env)
      if (extra.compare(0, extra.find('=') + 1, entry, 0, eq + 1) == 0) replaced = true;
    for (const auto& name : unset)
      if (entry.compare(0, eq, name) == 0 && eq == name.size()) replaced = true;
    if (!replaced) env_text.push_back(entry);
  }
  std::vector<char*> env;
  for (auto& e : env_text) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawnp(&pid, argv[0].c_str(), actions, nullptr, args.data(), env.data()) != 0)
    return -1;
  return pid;
}

void Stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  int status = 0;
  // The kiosk closes its outbox on SIGTERM; one that hangs is killed after five seconds.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return;
    }
    struct timespec pause = {0, 10 * 1000 * 1000};
    nanosleep(&pause, nullptr);  // reaping a child that was asked to stop; not a test's wait
  }
}

Box BoxFrom(const nlohmann::json& a) {
  return {a.at(0).get<float>(), a.at(1).get<float>(), a.at(2).get<float>(), a.at(3).get<float>()};
}

Placed PlacedFrom(const nlohmann::json& j) {
  return {BoxFrom(j.at("rect")), BoxFrom(j.at("visible"))};
}

fs::path KioskBinary() {
  if (const char* env = std::getenv("SOUNDINGS_KIOSK")) return env;
#ifdef SOUNDINGS_BINARY_DIR
  return fs::path(SOUNDINGS_BINARY_DIR) / "kiosk" / "soundings-kiosk";
#else
  // The benchmark: build-bench/bench/bench_NAME beside build-bench/kiosk/soundings-kiosk.
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "kiosk" /
         "soundings-kiosk";
#endif
}

}  // namespace

Placed KioskFrame::At(const std::string& name) const {
  const auto it = widgets.find(name);
  if (it == widgets.end()) throw KioskError("no widget '" + name + "' in frame " + Describe());
  return it->second;
}

std::vector<std::string> KioskFrame::Named(const std::string& prefix) const {
  std::vector<std::string> names;
  for (const auto& [name, placed] : widgets)
    if (name.rfind(prefix, 0) == 0) names.push_back(name);
  return names;
}

std::string KioskFrame::Value(const std::string& name) const {
  const auto it = values.find(name);
  return it == values.end() ? std::string() : it->second;
}

std::string KioskFrame::Describe() const {
  std::ostringstream out;
  out << frame << " (screen " << screen;
  if (!section.empty()) out << ", section " << section;
  out << ", language " << language << ", text " << text_scale << " %, scroll " << scroll << "/"
      << scroll_max << (waiting ? ", waiting" : "") << "; widgets:";
  for (const auto& [name, placed] : widgets) out << " " << name;
  out << ")";
  return out.str();
}

VirtualScreen::VirtualScreen(int width, int height) : m_width(width), m_height(height) {
  int fds[2];
  if (pipe(fds) != 0) throw KioskError("pipe for Xvfb's display number failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
  // -displayfd: Xvfb picks a free display and writes its number once it accepts connections.
  m_pid = Spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", screen, "-nolisten",
                 "tcp", "-noreset"},
                {}, &actions);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (m_pid <= 0) {
    close(fds[0]);
    throw KioskError("could not start Xvfb (scripts/install-deps installs xvfb)");
  }
  std::string number;
  char c = 0;
  pollfd wait = {fds[0], POLLIN, 0};
  while (poll(&wait, 1, 20000) > 0 && read(fds[0], &c, 1) == 1 && c != '\n') number += c;
  close(fds[0]);
  if (number.empty()) {
    Stop(m_pid);
    m_pid = -1;
    throw KioskError("Xvfb did not say which display it took within 20 s");
  }
  m_display = ":" + number;
}

VirtualScreen::~VirtualScreen() { Stop(m_pid); }

RealKiosk::RealKiosk(KioskOptions options) : m_screen(options.width, options.height) {
  char pattern[] = "/tmp/real-kiosk-XXXXXX";
  if (!mkdtemp(pattern)) throw KioskError("mkdtemp failed");
  m_dir = pattern;
  nlohmann::json config = {{"data_dir", (m_dir / "data").string()},
                           {"idle_seconds", options.idle_seconds},
                           {"countdown_seconds", options.countdown_seconds}};
  if (!options.anonymous_partial.empty()) config["anonymous_partial"] = options.anonymous_partial;
  std::ofstream(m_dir / "kiosk.json") << config.dump();

  m_display = XOpenDisplay(m_screen.Display().c_str());
  if (!m_display) throw KioskError("cannot open the virtual screen " + m_screen.Display());
  int event = 0, error = 0, major = 0, minor = 0;
  if (!XTestQueryExtension(X(m_display), &event, &error, &major, &minor))
    throw KioskError("the virtual screen has no XTest extension");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = (m_dir / "kiosk.log").string();
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<std::string> argv = {KioskBinary().string(),
                                   "--config",
                                   (m_dir / "kiosk.json").string(),
                                   "--demo",
                                   "--test-hooks",
                                   (m_dir / "hooks").string()};
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  // No PulseAudio (none named, no per-user socket in a fresh runtime folder): a test never
  // speaks through the developer's desktop. Where the kernel lists no sound card (CI), read-aloud
  // is disabled and says so.
  m_pid = Spawn(argv, {"DISPLAY=" + m_screen.Display(), "XDG_RUNTIME_DIR=" + m_dir.string()},
                &actions, {"PULSE_SERVER"});
  posix_spawn_file_actions_destroy(&actions);
  if (m_pid <= 0) throw KioskError("could not start " + argv[0]);
  WaitFor(
      "the first frame", [](const KioskFrame& f) { return f.frame > 0; }, std::chrono::seconds(60));
}

RealKiosk::~RealKiosk() {
  Stop(m_pid);
  if (m_display) XCloseDisplay(X(m_display));
  std::error_code ec;
  if (!std::getenv("SOUNDINGS_KEEP_REAL_KIOSK")) fs::remove_all(m_dir, ec);
}

bool RealKiosk::ReadFrame(KioskFrame& out) const {
  std::ifstream in(m_dir / "hooks" / "frame.json");
  if (!in) return false;
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) return false;
  KioskFrame f;
  f.frame = doc.value("frame", 0L);
  f.shown_ns = doc.value("shown_ns", std::int64_t{0});
  f.waiting = doc.value("waiting", false);
  f.presses = doc.value("presses", 0L);
  f.releases = doc.value("releases", 0L);
  f.screen = doc.value("screen", "");
  f.section = doc.value("section", "");
  f.language = doc.value("language", "");
  f.listen = doc.value("listen", "");
  f.text_scale = doc.value("text_scale", 100);
  if (doc.contains("scroll")) {
    f.scroll = doc["scroll"].at(0).get<float>();
    f.scroll_max = doc["scroll"].at(1).get<float>();
  }
  for (const auto& [name, placed] : doc.at("widgets").items()) f.widgets[name] = PlacedFrom(placed);
  for (const auto& placed : doc.at("texts")) f.texts.push_back(PlacedFrom(placed));
  for (const auto& [name, value] : doc.at("values").items())
    f.values[name] = value.get<std::string>();
  for (const auto& name : doc.at("primary")) f.primary.push_back(name.get<std::string>());
  out = std::move(f);
  return true;
}

KioskFrame RealKiosk::Latest() const {
  KioskFrame f;
  ReadFrame(f);
  return f;
}

KioskFrame RealKiosk::WaitFor(const std::string& what, const Predicate& ok,
                              std::chrono::milliseconds timeout) {
  const fs::path hooks = m_dir / "hooks";
  std::error_code ec;
  fs::create_directories(hooks, ec);
  const int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (watch < 0 || inotify_add_watch(watch, hooks.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE) < 0)
    throw KioskError("inotify on " + hooks.string() + ": " + std::strerror(errno));
  const auto deadline = Clock::now() + timeout;
  KioskFrame last;
  for (;;) {
    // The watch is in place before this read, so a frame written after it wakes the poll.
    KioskFrame f;
    if (ReadFrame(f)) {
      if (ok(f)) {
        close(watch);
        return f;
      }
      last = std::move(f);
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    int status = 0;
    if (m_pid > 0 && waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      close(watch);
      throw KioskError("the kiosk exited while waiting for " + what + "; see " +
                       (m_dir / "kiosk.log").string());
    }
    if (left <= 0) {
      close(watch);
      throw KioskError("timed out waiting for " + what + "; last frame " + last.Describe());
    }
    pollfd p = {watch, POLLIN, 0};
    // At most a second at a time, so a kiosk that died is noticed.
    if (poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000))) > 0) {
      std::array<char, 4096> events{};
      while (read(watch, events.data(), events.size()) > 0) {
      }
    }
  }
}

KioskFrame RealKiosk::Settled() {
  return WaitFor("the kiosk to wait for input", [](const KioskFrame& f) { return f.waiting; });
}

KioskFrame RealKiosk::SettledAfter(long releases) {
  return WaitFor("the kiosk to handle " + std::to_string(releases) + " releases and wait",
                 [releases](const KioskFrame& f) { return f.waiting && f.releases >= releases; });
}

void RealKiosk::MoveTo(int x, int y) {
  XTestFakeMotionEvent(X(m_display), 0, x, y, CurrentTime);
  XSync(X(m_display), False);
}

void RealKiosk::Press(int x, int y) {
  MoveTo(x, y);
  XTestFakeButtonEvent(X(m_display), 1, True, CurrentTime);
  XSync(X(m_display), False);
  const long presses = ++m_presses_sent;
  WaitFor(
      "the press to be taken and drawn",
      [presses](const KioskFrame& f) { return f.presses >= presses; }, std::chrono::seconds(5));
}

void RealKiosk::Release() {
  XTestFakeButtonEvent(X(m_display), 1, False, CurrentTime);
  XSync(X(m_display), False);
  ++m_releases_sent;
}

void RealKiosk::Tap(int x, int y) {
  Press(x, y);
  Release();
}

KioskFrame RealKiosk::Tap(const std::string& name) {
  const KioskFrame before = SettledAfter(m_releases_sent);
  const Placed target = before.At(name);
  if (target.visible.Empty())
    throw KioskError("'" + name + "' is not on screen in frame " + before.Describe());
  Tap(static_cast<int>(target.visible.CentreX()), static_cast<int>(target.visible.CentreY()));
  return SettledAfter(m_releases_sent);
}

KioskFrame RealKiosk::ScrollIntoView(const std::string& name) {
  KioskFrame f = SettledAfter(m_releases_sent);
  for (int attempt = 0; attempt < 12; ++attempt) {
    const Placed target = f.At(name);
    if (target.FullyVisible()) return f;
    // Slowly, a third of the screen at a time, so inertia carries it little further.
    const int distance = Height() / 3;
    // Clipped at the bottom, or wholly hidden in the lower half: the page must move up.
    const bool below = target.visible.Empty() ? target.rect.CentreY() > Height() / 2.0f
                                              : target.rect.y1 > target.visible.y1 + 0.5f;
    Drag(Width() / 2, Height() / 2, 0, below ? -distance : distance, 24);
    f = SettledAfter(m_releases_sent);
  }
  throw KioskError("dragging did not bring '" + name + "' into view: " + f.Describe());
}

void RealKiosk::Drag(int x, int y, int dx, int dy, int steps) {
  Press(x, y);
  for (int i = 1; i <= steps; ++i) {
    const long before = Latest().frame;
    MoveTo(x + dx * i / steps, y + dy * i / steps);
    // Each step is seen by a frame, as a finger's movement is over a touch screen's frames.
    WaitFor(
        "the drag's step to be drawn", [before](const KioskFrame& f) { return f.frame > before; },
        std::chrono::seconds(5));
  }
  Release();
}

void RealKiosk::Key(const std::string& keysym, bool shift) {
  if (shift)
    Chord({"Shift_L", keysym});
  else
    Chord({keysym});
}

void RealKiosk::Chord(const std::vector<std::string>& keysyms) {
  Display* d = X(m_display);
  std::vector<KeyCode> codes;
  for (const auto& name : keysyms) {
    const KeySym sym = XStringToKeysym(name.c_str());
    const KeyCode code = sym == NoSymbol ? 0 : XKeysymToKeycode(d, sym);
    if (code == 0) throw KioskError("no key for keysym '" + name + "'");
    codes.push_back(code);
  }
  for (const KeyCode code : codes) XTestFakeKeyEvent(d, code, True, CurrentTime);
  XSync(d, False);
  m_presses_sent += static_cast<long>(codes.size());
  // Held until a frame has them, as fingers on a keyboard are: ImGui 1.86 reads keys as up or
  // down once a frame, so a press and release taken together would be lost.
  const long presses = m_presses_sent;
  WaitFor(
      "the key press to be taken and drawn",
      [presses](const KioskFrame& f) { return f.presses >= presses; }, std::chrono::seconds(5));
  for (auto it = codes.rbegin(); it != codes.rend(); ++it)
    XTestFakeKeyEvent(d, *it, False, CurrentTime);
  XSync(d, False);
  m_releases_sent += static_cast<long>(codes.size());
}

void RealKiosk::Type(const std::string& text) {
  for (const char c : text) {
    if (c == ' ') {
      Key("space");
    } else if (c == '-') {
      Key("minus");
    } else if (c == '.') {
      Key("period");
    } else if (c >= 'A' && c <= 'Z') {
      Key(std::string(1, static_cast<char>(c - 'A' + 'a')), true);
    } else {
      Key(std::string(1, c));
    }
  }
}

std::vector<std::uint8_t> RealKiosk::Pixels(const Box& box) const {
  Display* d = X(m_display);
  const int x = static_cast<int>(box.x0), y = static_cast<int>(box.y0);
  const int w = static_cast<int>(box.x1) - x, h = static_cast<int>(box.y1) - y;
  std::vector<std::uint8_t> rgb;
  if (w <= 0 || h <= 0) return rgb;
  XImage* image = XGetImage(d, DefaultRootWindow(d), x, y, static_cast<unsigned>(w),
                            static_cast<unsigned>(h), AllPlanes, ZPixmap);
  if (!image) return rgb;
  rgb.reserve(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  for (int row = 0; row < h; ++row)
    for (int col = 0; col < w; ++col) {
      const unsigned long pixel = XGetPixel(image, col, row);
      rgb.push_back(static_cast<std::uint8_t>((pixel >> 16) & 0xff));
      rgb.push_back(static_cast<std::uint8_t>((pixel >> 8) & 0xff));
      rgb.push_back(static_cast<std::uint8_t>(pixel & 0xff));
    }
  XDestroyImage(image);
  return rgb;
}

bool RealKiosk::Screenshot(const fs::path& png) const {
  const auto rgb = Pixels({0, 0, static_cast<float>(Width()), static_cast<float>(Height())});
  return !rgb.empty() &&
         stbi_write_png(png.c_str(), Width(), Height(), 3, rgb.data(), Width() * 3) != 0;
}

std::vector<std::vector<std::string>> QueryRows(const fs::path& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  const std::unique_ptr<sqlite3, int (*)(sqlite3*)> handle(raw, sqlite3_close);
  if (opened != SQLITE_OK) throw KioskError("cannot open " + db.string());
  sqlite3_busy_timeout(handle.get(), 5000);
  sqlite3_stmt* raw_statement = nullptr;
  const int prepared = sqlite3_prepare_v2(handle.get(), sql.c_str(), -1, &raw_statement, nullptr);
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw_statement,
                                                                        sqlite3_finalize);
  if (prepared != SQLITE_OK)
    throw KioskError("bad query on " + db.string() + ": " + sqlite3_errmsg(handle.get()));
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(statement.get()) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(statement.get()); ++i) {
      const auto* text = sqlite3_column_text(statement.get(), i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace soundings::testing
