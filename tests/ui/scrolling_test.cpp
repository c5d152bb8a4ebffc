// Scrolling by touch: drags and flicks on the page, pages that open at the top, a refused Next
// that brings the first problem into view, and the keyboard that keeps its field above it.

#include <gtest/gtest.h>

#include "kiosk/session/session.h"
#include "kiosk/store/memory_store.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "tests/ui/ui_harness.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk::ui {
namespace {

using soundings::kiosk::testing::En;
using soundings::kiosk::testing::MakeItem;
using ::soundings::kiosk::ui::testing::UiHarness;
namespace keys = ::soundings::kiosk::ui::testing;

// Two long pages: twelve yes/no questions each, the last one required, a text question after
// the sixth.
std::shared_ptr<Template> LongPages() {
  auto t = std::make_shared<Template>();
  t->id = "long";
  t->version = 1;
  t->kind = TemplateKind::kConsultation;
  t->languages = {"en"};
  t->title = En("Long");
  t->privacy_notice = En("Anonymous.");
  for (const char* id : {"one", "two"}) {
    Section s;
    s.id = id;
    s.title = En(std::string("Page ") + id);
    for (int i = 0; i < 12; ++i) {
      s.items.push_back(
          MakeItem(std::string(id) + "_q" + std::to_string(i), ItemType::kYesNo, i == 11));
      if (i == 5) s.items.push_back(MakeItem(std::string(id) + "_text", ItemType::kShortText));
    }
    t->sections.push_back(s);
  }
  return t;
}

class ScrollingTest : public ::testing::Test {
 protected:
  ScrollingTest() {
    catalogue.AddCampaign({"long-1", LongPages(), false});
    config.anonymous_campaign_id = "long-1";
    session = std::make_unique<Session>(config, catalogue, store, clock);
    session->Apply(action::Start{false});
    session->Apply(action::AcceptConsent{});
    ui.before_frame = [this] { PrepareInput(widgets.input); };
  }

  UiHarness::Draw Kiosk() {
    return [this] { return DrawKiosk(session->View(), widgets); };
  }

  // Frames until the page stops gliding (at most five seconds of them).
  int SettleGlide() {
    int frames = 0;
    while (NeedsContinuousFrames() && frames < 300) {
      ui.Frame(Kiosk());
      ++frames;
    }
    return frames;
  }

  MemoryCatalogue catalogue;
  MemoryStore store;
  ManualClock clock;
  SessionConfig config;
  std::unique_ptr<Session> session;
  KioskWidgets widgets;
  UiHarness ui;
};

TEST_F(ScrollingTest, DraggingThePageScrollsItWithTheFingerAndPressesNothing) {
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  ASSERT_GT(ui.probe.body_scroll_max, 400.0f);
  // Down on a "Yes" button, then up the screen: a drag, not a tap.
  const ImVec2 start = ui.probe.rects.at("one_q1/yes").Centre();
  const UiAction got = ui.Drag(start, ImVec2(start.x, start.y - 300), 30, Kiosk());
  EXPECT_TRUE(IsNone(got)) << "the button under the finger was not pressed";
  EXPECT_NEAR(ui.probe.body_scroll, 300.0f, 20.0f) << "the page followed the finger";
  EXPECT_TRUE(store.Entries().begin()->second.draft.answers.empty());
}

TEST_F(ScrollingTest, AFlickGlidesOnAfterTheFingerLiftsAndSlowsToAStop) {
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  const ImVec2 start = ui.probe.rects.at("one_q1/yes").Centre();
  ui.Drag(start, ImVec2(start.x, start.y - 150), 5, Kiosk());  // fast: 150 px in 5 frames
  const float lifted_at = ui.probe.body_scroll;
  EXPECT_TRUE(NeedsContinuousFrames()) << "the app keeps drawing while the page glides";
  const int frames = SettleGlide();
  EXPECT_GT(ui.probe.body_scroll, lifted_at + 100.0f) << "it went on after the finger lifted";
  EXPECT_LT(frames, 300) << "and came to a stop";
}

TEST_F(ScrollingTest, ATouchStopsAGlide) {
  ui.Frame(Kiosk());
  const ImVec2 start = ui.probe.rects.at("one_q1/yes").Centre();
  ui.Drag(start, ImVec2(start.x, start.y - 150), 5, Kiosk());
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(640, 400);
  io.MouseDown[0] = true;
  ui.Frame(Kiosk());
  io.MouseDown[0] = false;
  ui.Frame(Kiosk());
  const float stopped_at = ui.probe.body_scroll;
  ui.Frame(Kiosk());
  EXPECT_EQ(ui.probe.body_scroll, stopped_at);
  EXPECT_FALSE(NeedsContinuousFrames());
}

TEST_F(ScrollingTest, AFingerRestingStillAsksForNoFramesButItsPressMoveAndLiftDo) {
  ui.Frame(Kiosk());
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(640, 400);
  io.MouseDown[0] = true;
  ui.Frame(Kiosk());
  EXPECT_TRUE(InputChanged()) << "the press is drawn";
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  EXPECT_TRUE(PointerHeld());
  EXPECT_TRUE(PersonActed()) << "resting counts as someone there";
  EXPECT_FALSE(InputChanged()) << "but nothing new to draw";
  EXPECT_FALSE(NeedsContinuousFrames());
  io.MousePos = ImVec2(640, 380);
  ui.Frame(Kiosk());
  EXPECT_TRUE(InputChanged()) << "a move is drawn";
  io.MouseDown[0] = false;
  ui.Frame(Kiosk());
  EXPECT_TRUE(InputChanged()) << "so is the lift";
  EXPECT_TRUE(PointerReleased());
  EXPECT_FALSE(PointerHeld());
}

TEST_F(ScrollingTest, EachPageOpensAtItsTop) {
  ui.Frame(Kiosk());
  const ImVec2 start = ui.probe.rects.at("one_q1/yes").Centre();
  ui.Drag(start, ImVec2(start.x, start.y - 400), 20, Kiosk());
  ASSERT_GT(ui.probe.body_scroll, 300.0f);
  session->Apply(action::SetAnswer{"one_q11", true});
  session->Apply(action::Next{});
  ASSERT_EQ(session->View().page.section->id, "two");
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  EXPECT_EQ(ui.probe.body_scroll, 0.0f);
  EXPECT_TRUE(ui.probe.rects.at("text:page/title").FullyVisible()) << "the title is in view";
  session->Apply(action::Back{});
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  EXPECT_EQ(ui.probe.body_scroll, 0.0f) << "going back opens at the top too";
}

TEST_F(ScrollingTest, ARefusedNextBringsTheFirstProblemIntoViewFocusesItAndSaysHowMany) {
  ui.Frame(Kiosk());
  EXPECT_FALSE(ui.probe.rects.at("one_q11/yes").Visible()) << "the required one is below";
  session->Apply(ui.Tap("next", Kiosk()));
  ASSERT_EQ(session->View().page.missing, 1);
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  EXPECT_TRUE(ui.probe.Has("text:problems/summary"));
  EXPECT_TRUE(ui.probe.rects.at("one_q11/yes").FullyVisible());
  // The focus is on the question's first answer: Space chooses it.
  const UiAction got = ui.Key(keys::kSpace, Kiosk());
  const auto* set = std::get_if<action::SetAnswer>(&got);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->item_id, "one_q11");
}

TEST_F(ScrollingTest, TheKeyboardOpensBelowItsFieldAndKeepsItInView) {
  ui.Frame(Kiosk());
  const ImVec2 start = ui.probe.rects.at("one_q1/yes").Centre();
  // Far enough that the field is in view, in the lower half, where the keyboard will open.
  ui.Drag(start, ImVec2(start.x, start.y - 600), 30, Kiosk());
  SettleGlide();
  ASSERT_TRUE(ui.probe.rects.at("one_text/input").FullyVisible())
      << ui.probe.rects.at("one_text/input").min.y << " scroll " << ui.probe.body_scroll;
  ui.Tap("one_text/input", Kiosk());
  ui.Frame(Kiosk());
  ASSERT_TRUE(ui.probe.Has("osk/key/a"));
  const Probe::Rect field = ui.probe.rects.at("one_text/input");
  EXPECT_TRUE(field.FullyVisible());
  EXPECT_LT(field.max.y, ui.probe.rects.at("osk/key/1").min.y) << "above the keyboard";
  for (const char* key : {"osk/key/h", "osk/key/i"}) ui.Tap(key, Kiosk());
  ui.Frame(Kiosk());
  EXPECT_EQ(ui.probe.values.at("one_text/input"), "hi");
  EXPECT_TRUE(ui.probe.rects.at("one_text/input").FullyVisible());
}

}  // namespace
}  // namespace soundings::kiosk::ui
