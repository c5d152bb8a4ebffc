#include "kiosk/ui/screens.h"

#include <gtest/gtest.h>

#include "kiosk/session/session.h"
#include "kiosk/store/memory_store.h"
#include "tests/ui/ui_harness.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk::ui {
namespace {

using nlohmann::json;
using soundings::kiosk::testing::En;
using soundings::kiosk::testing::MakeItem;
using ::soundings::kiosk::ui::testing::UiHarness;
namespace keys = ::soundings::kiosk::ui::testing;

// One section holding every item type of the template language.
std::shared_ptr<Template> AllTypes() {
  auto t = std::make_shared<Template>();
  t->id = "all-types";
  t->version = 1;
  t->kind = TemplateKind::kConsultation;
  t->languages = {"en", "cy"};
  t->title = En("Every kind of question");
  t->privacy_notice = En("Anonymous.");
  Scale agree;
  agree.id = "agree5";
  for (int v = 1; v <= 5; ++v)
    agree.points.push_back({double(v), En("Point " + std::to_string(v))});
  agree.not_applicable = En("Not applicable");
  t->scales.push_back(agree);
  Section s;
  s.id = "all";
  s.title = En("All of them");
  Item likert = MakeItem("likert", ItemType::kLikert);
  likert.scale = "agree5";
  s.items.push_back(likert);
  Item single = MakeItem("single", ItemType::kSingleChoice);
  single.options = {{"north", En("North")}, {"south", En("South")}};
  single.prefer_not_to_say = true;
  s.items.push_back(single);
  Item multi = MakeItem("multi", ItemType::kMultipleChoice);
  multi.options = {{"library", En("Library")}, {"park", En("Park")}, {"pool", En("Pool")}};
  multi.max_picks = 2;
  multi.prefer_not_to_say = true;
  s.items.push_back(multi);
  s.items.push_back(MakeItem("rating", ItemType::kRating));
  Item number = MakeItem("number", ItemType::kNumber);
  number.min = 0;
  number.max = 120;
  number.integer = true;
  s.items.push_back(number);
  Item change = MakeItem("change", ItemType::kNumber);
  change.min = -10;
  change.max = 10;
  s.items.push_back(change);
  Item short_text = MakeItem("short", ItemType::kShortText);
  short_text.max_length = 40;
  s.items.push_back(short_text);
  Item long_text = MakeItem("long", ItemType::kLongText);
  long_text.max_length = 400;
  s.items.push_back(long_text);
  Item ranking = MakeItem("ranking", ItemType::kRanking);
  ranking.options = {
      {"housing", En("Housing")}, {"transport", En("Transport")}, {"parks", En("Parks")}};
  s.items.push_back(ranking);
  s.items.push_back(MakeItem("yesno", ItemType::kYesNo));
  Item matrix = MakeItem("matrix", ItemType::kMatrix);
  matrix.scale = "agree5";
  matrix.rows = {{"clean", En("Clean"), false}, {"safe", En("Safe"), false}};
  s.items.push_back(matrix);
  t->sections.push_back(s);
  return t;
}

class ScreensTest : public ::testing::Test {
 protected:
  ScreensTest() {
    catalogue.AddCampaign({"all-1", AllTypes(), false});
    catalogue.AddCampaign({"leader-1", soundings::kiosk::testing::Appraisal(), false});
    catalogue.AddCode("ABCD-EFGH-JKM", {"", "leader-1", "Alex Jones", "peer"});
    catalogue.AddCode("DEMO-2468-KQ7", {"", "leader-1", "Sam Example", "peer"});
    config.anonymous_campaign_id = "all-1";
    config.accept_codes = true;
    session = std::make_unique<Session>(config, catalogue, store, clock);
  }

  // Draws the whole kiosk frame from the session as it is now.
  UiHarness::Draw Kiosk() {
    return [this] { return DrawKiosk(session->View(), widgets); };
  }

  void ToQuestions() {
    session->Apply(action::Start{false});
    session->Apply(action::AcceptConsent{});
    ASSERT_EQ(session->View().screen, Screen::kQuestions);
  }

  template <typename A>
  static const A& As(const UiAction& action) {
    static const A kEmpty{};
    const A* a = std::get_if<A>(&action);
    EXPECT_NE(a, nullptr) << "the screen returned another action (index " << action.index() << ")";
    return a ? *a : kEmpty;
  }

  static void ExpectSet(const UiAction& action, const std::string& item, const json& value) {
    const auto& set = As<action::SetAnswer>(action);
    EXPECT_EQ(set.item_id, item);
    EXPECT_EQ(set.value, value);
  }

  MemoryCatalogue catalogue;
  MemoryStore store;
  ManualClock clock;
  SessionConfig config;
  std::unique_ptr<Session> session;
  KioskWidgets widgets;
};

// A display tall enough that a whole page of questions fits without scrolling.
class TallScreensTest : public ScreensTest {
 protected:
  TallScreensTest() {
    ImGui::GetIO().DisplaySize = ImVec2(1280, 9000);
    ui.before_frame = [this] { PrepareInput(widgets.input); };
  }
  UiHarness ui;
};

class NormalScreensTest : public ScreensTest {
 protected:
  NormalScreensTest() {
    ui.before_frame = [this] { PrepareInput(widgets.input); };
  }
  UiHarness ui;
};

TEST_F(NormalScreensTest, TouchToStartStartsTheAnonymousSurvey) {
  EXPECT_FALSE(As<action::Start>(ui.Tap("start", Kiosk())).with_code);
}

TEST_F(NormalScreensTest, TheCodeButtonStartsCodeEntry) {
  EXPECT_TRUE(As<action::Start>(ui.Tap("code", Kiosk())).with_code);
}

TEST_F(NormalScreensTest, TouchingEmptySpaceOnTheAttractScreenStartsToo) {
  ui.Frame(Kiosk());
  ImGui::GetIO().MousePos = ImVec2(1200, 760);
  ui.Frame(Kiosk());
  ImGui::GetIO().MouseDown[0] = true;
  ui.Frame(Kiosk());
  ImGui::GetIO().MouseDown[0] = false;
  EXPECT_FALSE(As<action::Start>(ui.Frame(Kiosk())).with_code);
}

TEST_F(NormalScreensTest, LanguageButtonsChooseALanguage) {
  EXPECT_EQ(As<action::ChooseLanguage>(ui.Tap("lang/cy", Kiosk())).language, "cy");
}

TEST_F(NormalScreensTest, TheToolbarChangesTextSizeAndContrast) {
  EXPECT_EQ(As<action::SetTextScale>(ui.Tap("text_larger", Kiosk())).percent, 125);
  EXPECT_TRUE(As<action::SetHighContrast>(ui.Tap("contrast", Kiosk())).on);
}

TEST_F(NormalScreensTest, ATypedCodeIsSubmittedWithEnter) {
  session->Apply(action::Start{true});
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  ui.Type("abcd-efgh", Kiosk());
  EXPECT_EQ(As<action::SubmitCode>(ui.Key(keys::kEnter, Kiosk())).code, "ABCD-EFGH")
      << "the field types capitals; the session ignores the dash";
}

TEST_F(NormalScreensTest, ACodeCanBeEnteredByTouchAlone) {
  session->Apply(action::Start{true});
  ui.Tap("code/keyboard/key/A", Kiosk());
  ui.Tap("code/keyboard/key/7", Kiosk());
  EXPECT_EQ(As<action::SubmitCode>(ui.Tap("continue", Kiosk())).code, "A7");
}

TEST_F(NormalScreensTest, TheCodeKeypadOffersEveryLetterAndDigit) {
  session->Apply(action::Start{true});
  ui.Frame(Kiosk());
  for (char c : std::string("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    EXPECT_TRUE(ui.probe.Has(std::string("code/keyboard/key/") + c)) << c;
  EXPECT_TRUE(ui.probe.Has("code/keyboard/key/backspace"));
}

TEST_F(NormalScreensTest, TheDemoCodeTypedOnTheKeypadOpensItsInvitation) {
  session->Apply(action::Start{true});
  for (char c : std::string("DEMO2468KQ7")) ui.Tap(std::string("code/keyboard/key/") + c, Kiosk());
  const UiAction submit = ui.Tap("continue", Kiosk());
  EXPECT_EQ(As<action::SubmitCode>(submit).code, "DEMO2468KQ7") << "typed as printed, O and all";
  session->Apply(submit);
  EXPECT_EQ(session->View().screen, Screen::kConfirm);
  EXPECT_EQ(session->View().subject_name, "Sam Example");
}

TEST_F(NormalScreensTest, TheConfirmScreenOffersThisIsNotMe) {
  session->Apply(action::Start{true});
  session->Apply(action::SubmitCode{"ABCD-EFGH-JKM"});
  ASSERT_EQ(session->View().screen, Screen::kConfirm);
  As<action::ConfirmIdentity>(ui.Tap("confirm", Kiosk()));
  As<action::NotMe>(ui.Tap("not_me", Kiosk()));
}

TEST_F(NormalScreensTest, ConsentCanBeGivenOrRefused) {
  session->Apply(action::Start{false});
  As<action::AcceptConsent>(ui.Tap("agree", Kiosk()));
  As<action::DeclineConsent>(ui.Tap("decline", Kiosk()));
}

TEST_F(TallScreensTest, LikertPointsAndNotApplicableAreTouchable) {
  ToQuestions();
  ExpectSet(ui.Tap("likert/4", Kiosk()), "likert", 4);
  ExpectSet(ui.Tap("likert/na", Kiosk()), "likert", "na");
  session->Apply(action::SetAnswer{"likert", 4});
  ExpectSet(ui.Tap("likert/4", Kiosk()), "likert", nullptr);  // touching it again clears it
}

TEST_F(TallScreensTest, SingleChoiceOffersPreferNotToSay) {
  ToQuestions();
  ExpectSet(ui.Tap("single/south", Kiosk()), "single", "south");
  ExpectSet(ui.Tap("single/prefer_not_to_say", Kiosk()), "single", "prefer_not_to_say");
}

TEST_F(TallScreensTest, MultipleChoiceAddsRemovesAndStopsAtMaxPicks) {
  ToQuestions();
  ExpectSet(ui.Tap("multi/park", Kiosk()), "multi", json::array({"park"}));
  session->Apply(action::SetAnswer{"multi", json::array({"park"})});
  ExpectSet(ui.Tap("multi/library", Kiosk()), "multi", json::array({"park", "library"}));
  ExpectSet(ui.Tap("multi/park", Kiosk()), "multi", nullptr);
  session->Apply(action::SetAnswer{"multi", json::array({"park", "library"})});
  EXPECT_TRUE(IsNone(ui.Tap("multi/pool", Kiosk()))) << "a third pick is refused";
  EXPECT_TRUE(ui.missing.empty());
  ExpectSet(ui.Tap("multi/prefer_not_to_say", Kiosk()), "multi",
            json::array({"prefer_not_to_say"}));
}

TEST_F(TallScreensTest, RatingTakesZeroToTen) {
  ToQuestions();
  ExpectSet(ui.Tap("rating/0", Kiosk()), "rating", 0);
  ExpectSet(ui.Tap("rating/10", Kiosk()), "rating", 10);
}

TEST_F(TallScreensTest, NumberIsTypedAsANumber) {
  ToQuestions();
  ui.Tap("number/input", Kiosk());
  ExpectSet(ui.Type("42", Kiosk()), "number", 42);
}

TEST_F(TallScreensTest, NumberCanBeEnteredOnTheOnScreenKeypad) {
  ToQuestions();
  ui.Tap("number/input", Kiosk());
  ExpectSet(ui.Tap("osk/key/7", Kiosk()), "number", 7);
}

TEST_F(TallScreensTest, AWholeNumberThatCannotBeNegativeGetsDigitsAlone) {
  ToQuestions();
  ui.Tap("number/input", Kiosk());
  EXPECT_TRUE(ui.probe.Has("osk/key/0"));
  EXPECT_TRUE(ui.probe.Has("osk/key/9"));
  EXPECT_FALSE(ui.probe.Has("osk/key/-"));
  EXPECT_FALSE(ui.probe.Has("osk/key/."));
  EXPECT_FALSE(ui.probe.Has("osk/key/a")) << "a keypad, not a keyboard";
}

TEST_F(TallScreensTest, ANumberThatMayBeNegativeOrAFractionGetsMinusAndPoint) {
  ToQuestions();
  ui.Tap("change/input", Kiosk());
  ui.Tap("osk/key/-", Kiosk());
  ui.Tap("osk/key/2", Kiosk());
  ui.Tap("osk/key/.", Kiosk());
  ExpectSet(ui.Tap("osk/key/5", Kiosk()), "change", -2.5);
}

TEST_F(TallScreensTest, TappingATextFieldOpensTheKeyboardInPlaceOfBackAndNext) {
  ToQuestions();
  ui.Frame(Kiosk());
  EXPECT_FALSE(ui.probe.Has("osk/key/a"));
  EXPECT_TRUE(ui.probe.Has("next"));
  ui.Tap("short/input", Kiosk());
  EXPECT_TRUE(ui.probe.Has("osk/key/a"));
  EXPECT_FALSE(ui.probe.Has("next"));
  ExpectSet(ui.Tap("osk/key/q", Kiosk()), "short", "q");
}

TEST_F(TallScreensTest, TheKeyboardsDoneKeySavesTheFieldAndGivesBackNext) {
  ToQuestions();
  ui.Tap("short/input", Kiosk());
  ui.Tap("osk/key/q", Kiosk());
  EXPECT_EQ(As<action::LeaveField>(ui.Tap("osk/key/hide", Kiosk())).item_id, "short");
  EXPECT_TRUE(ui.probe.Has("next"));
}

TEST_F(TallScreensTest, ChoosingAnotherAnswerPutsTheKeyboardAway) {
  ToQuestions();
  ui.Tap("short/input", Kiosk());
  ExpectSet(ui.Tap("yesno/yes", Kiosk()), "yesno", true);
  ui.Frame(Kiosk());
  EXPECT_FALSE(ui.probe.Has("osk/key/q"));
}

TEST_F(TallScreensTest, ShortTextIsTyped) {
  ToQuestions();
  ui.Tap("short/input", Kiosk());
  ExpectSet(ui.Type("Hi", Kiosk()), "short", "Hi");
}

TEST_F(TallScreensTest, TheOnScreenKeyboardTypesTheSecondLanguagesLetters) {
  session->Apply(action::ChooseLanguage{"cy"});
  ToQuestions();
  ui.Tap("short/input", Kiosk());
  ExpectSet(ui.Tap("osk/key/x5", Kiosk()), "short", "ŵ");
}

TEST_F(TallScreensTest, LongTextIsTyped) {
  ToQuestions();
  ui.Tap("long/input", Kiosk());
  ExpectSet(ui.Type("Más", Kiosk()), "long", "Más");
}

TEST_F(TallScreensTest, RankingMovesOptionsUpAndDownOrKeepsTheOrder) {
  ToQuestions();
  ExpectSet(ui.Tap("ranking/down/housing", Kiosk()), "ranking",
            json::array({"transport", "housing", "parks"}));
  ExpectSet(ui.Tap("ranking/keep", Kiosk()), "ranking",
            json::array({"housing", "transport", "parks"}));
  session->Apply(action::SetAnswer{"ranking", json::array({"parks", "transport", "housing"})});
  ExpectSet(ui.Tap("ranking/up/housing", Kiosk()), "ranking",
            json::array({"parks", "housing", "transport"}));
}

TEST_F(TallScreensTest, YesNoGivesBooleans) {
  ToQuestions();
  ExpectSet(ui.Tap("yesno/yes", Kiosk()), "yesno", true);
  ExpectSet(ui.Tap("yesno/no", Kiosk()), "yesno", false);
}

TEST_F(TallScreensTest, MatrixRowsAreAnsweredOneCellAtATime) {
  ToQuestions();
  ExpectSet(ui.Tap("matrix/clean/2", Kiosk()), "matrix", json{{"clean", 2}});
  session->Apply(action::SetAnswer{"matrix", json{{"clean", 2}}});
  ExpectSet(ui.Tap("matrix/safe/\"na\"", Kiosk()), "matrix", json({{"clean", 2}, {"safe", "na"}}));
}

TEST_F(TallScreensTest, NextAndBackAreButtons) {
  ToQuestions();
  As<action::Next>(ui.Tap("next", Kiosk()));
  As<action::Back>(ui.Tap("back", Kiosk()));
}

TEST_F(TallScreensTest, InlineProblemsAreShownUnderTheItem) {
  ToQuestions();
  session->Apply(action::SetAnswer{"number", 500});
  ASSERT_FALSE(session->View().page.items[4].problems.empty());
  // Drawing the page with the problem must not throw or assert; the text is in the view.
  ui.Frame(Kiosk());
}

TEST_F(TallScreensTest, EscapeMeansBack) {
  ToQuestions();
  As<action::Back>(ui.Key(keys::kEscape, Kiosk()));
}

TEST_F(NormalScreensTest, ReviewOffersChangeAndSubmit) {
  ToQuestions();
  session->Apply(action::Next{});
  ASSERT_EQ(session->View().screen, Screen::kReview);
  EXPECT_EQ(As<action::GoToSection>(ui.Tap("change/all", Kiosk())).section_id, "all");
  As<action::Submit>(ui.Tap("submit", Kiosk()));
}

TEST_F(NormalScreensTest, ThankYouCanBeFinishedAtOnce) {
  ToQuestions();
  session->Apply(action::Next{});
  session->Apply(action::Submit{});
  As<action::Finish>(ui.Tap("finish", Kiosk()));
}

TEST_F(NormalScreensTest, TheIdlePromptCoversTheScreenAndAsksIfYouAreStillThere) {
  ToQuestions();
  clock.Advance(config.idle_after);
  session->Tick();
  ui.Frame(Kiosk());
  EXPECT_FALSE(ui.probe.Has("next")) << "the questions are hidden behind the prompt";
  As<action::StillHere>(ui.Tap("still_here", Kiosk()));
  As<action::StartAgain>(ui.Tap("start_again", Kiosk()));
}

TEST_F(NormalScreensTest, KeyboardAloneReachesAndPressesButtons) {
  ToQuestions();
  clock.Advance(config.idle_after);
  session->Tick();
  ui.Frame(Kiosk());
  ui.Key(keys::kTab, Kiosk());
  EXPECT_FALSE(IsNone(ui.Key(keys::kSpace, Kiosk())))
      << "Tab focused a button and Space pressed it";
}

TEST_F(NormalScreensTest, KeyboardAloneAnswersAQuestion) {
  ToQuestions();
  ui.Frame(Kiosk());
  UiAction got = action::None{};
  // Move down through the toolbar into the first question, then press Enter.
  for (int i = 0; i < 12 && !std::holds_alternative<action::SetAnswer>(got); ++i) {
    ui.Key(keys::kDown, Kiosk());
    got = ui.Key(keys::kEnter, Kiosk());
  }
  EXPECT_TRUE(std::holds_alternative<action::SetAnswer>(got));
}

TEST_F(NormalScreensTest, ALongPressInTheCornerAsksForTheOperatorPin) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(10, 10);
  ui.Frame(Kiosk());
  io.MouseDown[0] = true;
  UiAction got = action::None{};
  for (int frame = 0; frame < 60 * 4 && IsNone(got); ++frame) got = ui.Frame(Kiosk());
  io.MouseDown[0] = false;
  As<action::OpenOperator>(got);
}

TEST_F(NormalScreensTest, ControlAltOAsksForTheOperatorPin) {
  As<action::OpenOperator>(ui.Key('O', Kiosk(), true, true));
}

// Every touchable thing on every screen is at least 48 px each way, at 100 % and at 200 %.
void ExpectTouchTargets(const Probe& probe, const std::string& where) {
  for (const auto& [name, rect] : probe.rects) {
    if (name.rfind("text:", 0) == 0) continue;
    EXPECT_GE(rect.max.x - rect.min.x, 48.0f) << where << ": " << name;
    EXPECT_GE(rect.max.y - rect.min.y, 48.0f) << where << ": " << name;
  }
}

class TouchTargetTest : public ScreensTest, public ::testing::WithParamInterface<float> {};

TEST_P(TouchTargetTest, EveryTouchTargetIsAtLeast48Pixels) {
  UiHarness ui(GetParam());
  ImGui::GetIO().DisplaySize = ImVec2(1280, 9000);
  ui.Frame(Kiosk());
  ExpectTouchTargets(ui.probe, "attract");
  session->Apply(action::Start{true});
  ui.Frame(Kiosk());
  ExpectTouchTargets(ui.probe, "code");
  session->Apply(action::Back{});
  ToQuestions();
  ui.Frame(Kiosk());
  ui.Frame(Kiosk());
  EXPECT_TRUE(ui.probe.Has("matrix/safe/5"));
  ExpectTouchTargets(ui.probe, "questions");
  session->Apply(action::Next{});
  ui.Frame(Kiosk());
  ExpectTouchTargets(ui.probe, "review");
}

INSTANTIATE_TEST_SUITE_P(TextSizes, TouchTargetTest, ::testing::Values(1.0f, 2.0f));

// The harness, like the app, has freed the TrueType files by now: every glyph must already be in
// the atlas, in each of the three fonts.
TEST(FontsTest, DejaVuIsLoadedWithWelshAndPolishLetters) {
  UiHarness ui;
  ASSERT_TRUE(ui.fonts.truetype) << "fonts-dejavu-core is not installed";
  ASSERT_TRUE(ImGui::GetIO().Fonts->IsBuilt());
  for (const ImFont* font : {ui.fonts.body, ui.fonts.large, ui.fonts.title})
    for (ImWchar c : {0x0175 /* ŵ */, 0x0177 /* ŷ */, 0x0142 /* ł */, 0x017C /* ż */,
                      0x0105 /* ą */, 0x1E81 /* ẁ */}) {
      const ImFontGlyph* glyph = font->FindGlyphNoFallback(c);
      EXPECT_NE(glyph, nullptr) << "U+" << std::hex << c;
    }
}

}  // namespace
}  // namespace soundings::kiosk::ui
