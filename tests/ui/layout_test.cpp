// Every screen at 100, 150 and 200 % text on 1280x800, 1024x768 and 800x1280 (portrait): no two
// widgets or blocks of text overlap, nothing runs off the side of the window, and the screen's
// primary action (Touch to start, Next, Send my answers, the keyboard's Done...) is wholly on
// screen. The screens are the real ones over the bundled templates, set up as --screenshot does.

#include <gtest/gtest.h>

#include "kiosk/runtime/preview.h"
#include "kiosk/ui/screens.h"
#include "tests/ui/ui_harness.h"

namespace soundings::kiosk::ui {
namespace {

using ::soundings::kiosk::ui::testing::UiHarness;

struct Window {
  const char* name;
  ImVec2 size;
};
const Window kWindows[] = {{"1280x800", ImVec2(1280, 800)},
                           {"1024x768", ImVec2(1024, 768)},
                           {"800x1280", ImVec2(800, 1280)}};
constexpr int kTextSizes[] = {100, 150, 200};

// What is on screen, by name; text blocks are "text#N".
std::vector<std::pair<std::string, Probe::Rect>> Drawn(const Probe& probe) {
  std::vector<std::pair<std::string, Probe::Rect>> all(probe.rects.begin(), probe.rects.end());
  for (std::size_t i = 0; i < probe.texts.size(); ++i)
    all.emplace_back("text#" + std::to_string(i), probe.texts[i]);
  return all;
}

bool Same(const Probe::Rect& a, const Probe::Rect& b) {
  return a.min.x == b.min.x && a.min.y == b.min.y && a.max.x == b.max.x && a.max.y == b.max.y;
}

void ExpectSoundLayout(const Probe& probe, ImVec2 window, const std::string& where) {
  const auto drawn = Drawn(probe);
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    const auto& [name, a] = drawn[i];
    if (!a.Visible()) continue;
    EXPECT_LE(a.max.x, window.x + 0.5f) << where << ": " << name << " runs off the right side";
    EXPECT_GE(a.min.x, -0.5f) << where << ": " << name << " runs off the left side";
    for (std::size_t j = i + 1; j < drawn.size(); ++j) {
      const auto& [other, b] = drawn[j];
      if (!b.Visible() || Same(a, b)) continue;  // a heading recorded as text and by name
      const float w =
          std::min(a.visible_max.x, b.visible_max.x) - std::max(a.visible_min.x, b.visible_min.x);
      const float h =
          std::min(a.visible_max.y, b.visible_max.y) - std::max(a.visible_min.y, b.visible_min.y);
      EXPECT_FALSE(w > 0.5f && h > 0.5f) << where << ": " << name << " overlaps " << other;
    }
  }
  EXPECT_FALSE(probe.primary.empty()) << where << ": no primary action";
  for (const auto& name : probe.primary) {
    ASSERT_TRUE(probe.Has(name)) << where << ": " << name;
    const Probe::Rect& r = probe.rects.at(name);
    EXPECT_TRUE(r.FullyVisible()) << where << ": the primary action " << name << " is cut off";
    EXPECT_TRUE(r.min.x >= 0 && r.min.y >= 0 && r.max.x <= window.x && r.max.y <= window.y)
        << where << ": the primary action " << name << " is outside the window";
  }
}

struct Screen {
  std::string screen;
  std::string template_file;  // "" for the demo
  bool settings_open = false;
  bool keyboard = false;  // the on-screen keyboard open on the page's first text question
};

Screen S(std::string screen, std::string template_file = "", bool settings_open = false,
         bool keyboard = false) {
  return {std::move(screen), std::move(template_file), settings_open, keyboard};
}

std::vector<Screen> AllScreens() {
  std::vector<Screen> screens = {
      S("attract"), S("code"), S("consent"),           S("review"),
      S("thanks"),  S("idle"), S("attract", "", true), S("question:1", "", true)};
  for (int page = 1; page <= 8; ++page) screens.push_back(S("question:" + std::to_string(page)));
  for (int page = 1; page <= 8; ++page)
    screens.push_back(S("question:" + std::to_string(page), "", false, true));
  const std::string dir = SOUNDINGS_TEMPLATE_DIR;
  screens.push_back(S("confirm", dir + "/me2e-360.json"));
  for (int page = 1; page <= 9; ++page)
    screens.push_back(S("question:" + std::to_string(page), dir + "/me2e-360.json"));
  screens.push_back(S("question:2", dir + "/me2e-self-assessment.json"));
  screens.push_back(S("question:2", dir + "/combined-authority-consultation.json"));
  return screens;
}

class LayoutTest : public ::testing::TestWithParam<int> {};

TEST_P(LayoutTest, NothingOverlapsAndThePrimaryActionIsOnScreen) {
  const int text = GetParam();
  for (const Window& window : kWindows) {
    UiHarness ui(static_cast<float>(text) / 100.0f, false, window.size);
    for (const Screen& s : AllScreens()) {
      PreviewRequest request;
      request.template_dir = SOUNDINGS_TEMPLATE_DIR;
      request.template_file = s.template_file;
      request.screen = s.screen;
      request.text_size = text;
      auto preview = Preview::Make(request);
      if (!preview.ok() && !s.template_file.empty()) continue;  // fewer pages than asked
      ASSERT_TRUE(preview.ok()) << preview.ErrorText();
      const std::string where =
          s.screen +
          (s.template_file.empty()
               ? ""
               : " of " + std::filesystem::path(s.template_file).filename().string()) +
          (s.settings_open ? " (settings open)" : "") + (s.keyboard ? " (keyboard open)" : "") +
          " at " + std::to_string(text) + "% on " + window.name;
      SCOPED_TRACE(where);
      KioskWidgets widgets;
      const SessionView view = preview.value()->View();
      if (s.keyboard) {
        for (const ItemView& item : view.page.items)
          if (item.item->type == ItemType::kShortText || item.item->type == ItemType::kLongText ||
              item.item->type == ItemType::kNumber) {
            widgets.page.section_id = view.page.section->id;
            widgets.page.keyboard_item = item.item->id;
            widgets.page.reveal = true;
            break;
          }
        if (widgets.page.keyboard_item.empty()) continue;  // no text question on this page
      }
      for (int frame = 0; frame < 3; ++frame) {
        widgets.last_screen = view.screen;  // keep the panel open across frames
        widgets.settings_open = s.settings_open;
        ui.Frame([&] { return DrawKiosk(view, widgets); });
      }
      ExpectSoundLayout(ui.probe, window.size, where);
    }
    for (const std::string screen : {"pin", "operator", "enrolment"}) {
      OperatorPreview preview(screen);
      OperatorWidgets widgets;
      for (int frame = 0; frame < 3; ++frame)
        ui.Frame([&] {
          DrawOperator(preview.session.View(preview.facts), widgets);
          return UiAction(action::None{});
        });
      ExpectSoundLayout(ui.probe, window.size, screen + " on " + window.name);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(TextSizes, LayoutTest, ::testing::ValuesIn(kTextSizes));

}  // namespace
}  // namespace soundings::kiosk::ui
