#include "kiosk/app/test_hooks.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "kiosk/app/glfw_backend.h"

namespace soundings::kiosk::app {
namespace {

nlohmann::json Box(ImVec2 min, ImVec2 max) { return {min.x, min.y, max.x, max.y}; }

nlohmann::json RectJson(const ui::Probe::Rect& r) {
  return {{"rect", Box(r.min, r.max)}, {"visible", Box(r.visible_min, r.visible_max)}};
}

std::string ListenName(ListenButton listen) {
  switch (listen) {
    case ListenButton::kHidden:
      return "hidden";
    case ListenButton::kNoSound:
      return "no_sound";
    case ListenButton::kReady:
      return "ready";
    case ListenButton::kSpeaking:
      return "speaking";
  }
  return "";
}

}  // namespace

TestHooks::TestHooks(std::filesystem::path dir) : m_dir(std::move(dir)) {
  if (!Enabled()) return;
  std::error_code ec;
  std::filesystem::create_directories(m_dir, ec);
  ui::SetProbe(&m_probe);
}

TestHooks::~TestHooks() {
  if (Enabled()) ui::SetProbe(nullptr);
}

void TestHooks::BeginFrame() {
  if (Enabled()) m_probe.Clear();
}

void TestHooks::FrameShown(const std::string& screen, const SessionView* view) {
  if (!Enabled()) return;
  ++m_frame;
  m_shown = std::chrono::steady_clock::now();
  m_screen = screen;
  m_section = view && view->page.section ? view->page.section->id : "";
  m_language = view ? view->language : "";
  m_text_scale = view ? view->text_scale_percent : 100;
  m_listen = view ? ListenName(view->listen) : "hidden";
  Write(false);
}

void TestHooks::Waiting() {
  if (Enabled() && m_frame > 0) Write(true);
}

void TestHooks::Write(bool waiting) {
  nlohmann::json doc;
  doc["frame"] = m_frame;
  doc["shown_ns"] =
      std::chrono::duration_cast<std::chrono::nanoseconds>(m_shown.time_since_epoch()).count();
  doc["waiting"] = waiting;
  doc["releases"] = Window::InputReleases();
  doc["presses"] = Window::InputPresses();
  doc["screen"] = m_screen;
  doc["section"] = m_section;
  doc["language"] = m_language;
  doc["text_scale"] = m_text_scale;
  doc["listen"] = m_listen;
  doc["scroll"] = {m_probe.body_scroll, m_probe.body_scroll_max};
  nlohmann::json widgets = nlohmann::json::object();
  for (const auto& [name, rect] : m_probe.rects) widgets[name] = RectJson(rect);
  doc["widgets"] = widgets;
  nlohmann::json texts = nlohmann::json::array();
  for (const auto& rect : m_probe.texts) texts.push_back(RectJson(rect));
  doc["texts"] = texts;
  doc["values"] = m_probe.values;
  doc["primary"] = m_probe.primary;
  const auto temp = m_dir / "frame.json.tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << doc.dump();
  }
  std::error_code ec;
  std::filesystem::rename(temp, m_dir / "frame.json", ec);
}

}  // namespace soundings::kiosk::app
