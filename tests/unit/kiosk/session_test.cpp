#include "kiosk/session/session.h"

#include <gtest/gtest.h>

#include "kiosk/session/ui_text.h"
#include "kiosk/store/memory_store.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk {
namespace {

using std::chrono::seconds;
using testing::Appraisal;
using testing::Consultation;

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() {
    catalogue.AddCampaign({"consult-1", Consultation(), false});
    catalogue.AddCampaign({"leader-1", Appraisal(), false});
    catalogue.AddCode("ABCD-EFGH-JKM", {"", "leader-1", "Alex Jones", "peer"});
    catalogue.AddCode("SEFX-SEFX-SEF", {"", "leader-1", "Alex Jones", "self"});
    config.anonymous_campaign_id = "consult-1";
    config.accept_codes = true;
    config.venue_id = "central-library";
    config.idle_after = seconds(60);
    config.idle_countdown = seconds(20);
    config.thank_you_for = seconds(10);
    config.new_response_id = [this] { return "resp-" + std::to_string(++next_id); };
  }

  Session& Make() {
    session = std::make_unique<Session>(config, catalogue, store, clock);
    return *session;
  }

  // Attract -> consent -> first question page of the consultation.
  Session& StartAnonymous() {
    Session& s = Make();
    s.Apply(action::Start{false});
    s.Apply(action::AcceptConsent{});
    return s;
  }

  // Nobody touches the screen: the prompt appears, counts down, and the session resets.
  void WalkAway(Session& s) {
    clock.Advance(config.idle_after);
    s.Tick();
    clock.Advance(config.idle_countdown);
    s.Tick();
  }

  const MemoryStore::Entry& Only() {
    EXPECT_EQ(store.Entries().size(), 1u);
    return store.Entries().begin()->second;
  }

  MemoryCatalogue catalogue;
  MemoryStore store;
  ManualClock clock;
  SessionConfig config;
  std::unique_ptr<Session> session;
  int next_id = 0;
};

TEST_F(SessionTest, StartsOnAttractWithTheSurveyTitleAndLanguages) {
  SessionView view = Make().View();
  EXPECT_EQ(view.screen, Screen::kAttract);
  EXPECT_EQ(view.title, "Me, My Life");
  EXPECT_EQ(view.languages, (std::vector<std::string>{"en", "cy"}));
  EXPECT_TRUE(view.offers_anonymous);
  EXPECT_TRUE(view.offers_code);
}

TEST_F(SessionTest, TouchToStartShowsPrivacyNoticeBeforeAnyQuestion) {
  Session& s = Make();
  s.Apply(action::Start{false});
  EXPECT_EQ(s.View().screen, Screen::kConsent);
  EXPECT_EQ(s.View().privacy_notice, "We keep your answers anonymous.");
  EXPECT_TRUE(store.Entries().empty());
}

TEST_F(SessionTest, DecliningConsentReturnsToAttractAndStoresNothing) {
  Session& s = Make();
  s.Apply(action::Start{false});
  s.Apply(action::DeclineConsent{});
  EXPECT_EQ(s.View().screen, Screen::kAttract);
  EXPECT_TRUE(store.Entries().empty());
}

TEST_F(SessionTest, AcceptingConsentBeginsAnAnonymousResponseTaggedWithTheVenue) {
  Session& s = StartAnonymous();
  const SessionView view = s.View();
  EXPECT_EQ(view.screen, Screen::kQuestions);
  EXPECT_EQ(view.page.section->id, "about");
  const auto& header = Only().draft.header;
  EXPECT_EQ(header.campaign_id, "consult-1");
  EXPECT_EQ(header.template_id, "wellbeing");
  EXPECT_EQ(header.template_version, 3);
  EXPECT_EQ(header.venue_id, "central-library");
  EXPECT_TRUE(header.invitation_code.empty());
  EXPECT_EQ(header.started_at, FormatRfc3339(clock.WallNow()));
}

TEST_F(SessionTest, NextIsRefusedWhileARequiredItemIsUnansweredAndSaysWhy) {
  Session& s = StartAnonymous();
  EXPECT_TRUE(s.View().page.items[0].problems.empty()) << "no nagging before Next";
  s.Apply(action::Next{});
  const SessionView view = s.View();
  EXPECT_EQ(view.page.section->id, "about");
  ASSERT_EQ(view.page.items[0].problems.size(), 1u);
  EXPECT_EQ(view.page.items[0].problems[0].message, "Please answer this question.");
}

TEST_F(SessionTest, AChoiceIsWrittenToTheStoreAsSoonAsItIsMade) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 4});
  EXPECT_EQ(Only().draft.answers.at("q1"), 4);
  s.Apply(action::SetAnswer{"q1", nullptr});
  EXPECT_FALSE(Only().draft.answers.count("q1"));
}

TEST_F(SessionTest, ProgressCountsOnlyVisibleSectionsAndVisibleIfAppliesLive) {
  Session& s = StartAnonymous();
  EXPECT_EQ(s.View().page.count, 2);  // "visit" hidden until visited is yes
  s.Apply(action::SetAnswer{"visited", true});
  EXPECT_EQ(s.View().page.count, 3);
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::Next{});
  EXPECT_EQ(s.View().page.section->id, "visit");
  EXPECT_EQ(s.View().page.index, 1);
  EXPECT_EQ(Only().draft.section_id, "visit") << "position saved for resuming";
}

TEST_F(SessionTest, ItemVisibleIfAppearsOnTheSamePageAsItsTrigger) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::SetAnswer{"visited", true});
  s.Apply(action::Next{});
  EXPECT_EQ(s.View().page.items.size(), 1u);
  s.Apply(action::SetAnswer{"where", "park"});
  ASSERT_EQ(s.View().page.items.size(), 2u);
  EXPECT_EQ(s.View().page.items[1].item->id, "why");
}

TEST_F(SessionTest, AnswersToItemsHiddenLaterAreLeftOutOfTheSubmission) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::SetAnswer{"visited", true});
  s.Apply(action::Next{});
  s.Apply(action::SetAnswer{"where", "park"});
  s.Apply(action::SetAnswer{"why", "trees"});
  EXPECT_TRUE(s.EffectiveAnswers().count("why"));
  s.Apply(action::SetAnswer{"where", "library"});
  EXPECT_FALSE(s.EffectiveAnswers().count("why"));
  s.Apply(action::Back{});
  s.Apply(action::SetAnswer{"visited", false});
  const Answers effective = s.EffectiveAnswers();
  EXPECT_FALSE(effective.count("where")) << "its whole section is hidden now";
  EXPECT_TRUE(effective.count("visited"));
}

TEST_F(SessionTest, AnInvalidTypedAnswerShowsInlineAndBlocksNext) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::SetAnswer{"visited", true});
  s.Apply(action::Next{});
  s.Apply(action::SetAnswer{"where", "park"});
  s.Apply(action::SetAnswer{"why", "far too long for ten"});
  const SessionView view = s.View();
  EXPECT_FALSE(view.page.items[1].problems.empty()) << "shown as soon as typed, before Next";
  s.Apply(action::Next{});
  EXPECT_EQ(s.View().page.section->id, "visit");
}

TEST_F(SessionTest, TypedAnswersAreSavedAfterAPauseWithoutLeavingThePage) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::SetAnswer{"visited", true});
  s.Apply(action::Next{});
  s.Apply(action::SetAnswer{"where", "park"});
  s.Apply(action::SetAnswer{"why", "tre"});
  EXPECT_FALSE(Only().draft.answers.count("why")) << "not per keystroke";
  ASSERT_TRUE(s.TimeUntilNextTimer().has_value());
  EXPECT_LE(*s.TimeUntilNextTimer(), config.text_autosave_after);
  clock.Advance(config.text_autosave_after);
  s.Tick();
  EXPECT_EQ(Only().draft.answers.at("why"), "tre");
}

TEST_F(SessionTest, TypedTextReachesTheStore300MillisecondsAfterTheLastKeystroke) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::SetAnswer{"visited", true});
  s.Apply(action::Next{});
  s.Apply(action::SetAnswer{"where", "park"});
  s.Apply(action::SetAnswer{"why", "t"});
  clock.Advance(std::chrono::milliseconds(200));
  s.Tick();
  s.Apply(action::SetAnswer{"why", "tr"});  // another keystroke starts the wait again
  clock.Advance(std::chrono::milliseconds(299));
  s.Tick();
  EXPECT_FALSE(Only().draft.answers.count("why"));
  EXPECT_EQ(*s.TimeUntilNextTimer(), std::chrono::milliseconds(1)) << "the app wakes for it";
  clock.Advance(std::chrono::milliseconds(1));
  s.Tick();
  EXPECT_EQ(Only().draft.answers.at("why"), "tr");
}

TEST_F(SessionTest, TypedTextIsSavedAtOnceWhenTheFocusLeavesTheField) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::SetAnswer{"visited", true});
  s.Apply(action::Next{});
  s.Apply(action::SetAnswer{"where", "park"});
  s.Apply(action::SetAnswer{"why", "trees"});
  s.Apply(action::LeaveField{"why"});
  EXPECT_EQ(Only().draft.answers.at("why"), "trees");
  s.Apply(action::SetAnswer{"why", "trees!"});
  s.Apply(action::SetAnswer{"where", "library"});  // tapping another answer leaves the field too
  s.Apply(action::SetAnswer{"where", "park"});
  EXPECT_EQ(Only().draft.answers.at("why"), "trees!");
}

TEST_F(SessionTest, ARefusedNextCountsTheProblemsAndAsksForAttentionOnce) {
  Session& s = StartAnonymous();
  EXPECT_EQ(s.View().page.attention, 0);
  s.Apply(action::Next{});
  PageView page = s.View().page;
  EXPECT_EQ(page.attention, 1);
  EXPECT_EQ(page.missing, 1);
  EXPECT_EQ(page.invalid, 0);
  s.Apply(action::Next{});
  EXPECT_EQ(s.View().page.attention, 2) << "each refusal scrolls to the problem again";
  s.Apply(action::SetAnswer{"q1", 5});
  EXPECT_EQ(s.View().page.missing, 0);
}

TEST_F(SessionTest, TheLanguagesOfferedAreTheTemplatesNotTheKiosks) {
  auto english_polish = testing::Consultation();
  english_polish->languages = {"en", "pl"};
  catalogue = MemoryCatalogue();
  catalogue.AddCampaign({"consult-1", english_polish, false});
  catalogue.AddCampaign({"leader-1", testing::Appraisal(), false});  // en, cy
  Session& s = Make();
  EXPECT_EQ(s.View().languages, (std::vector<std::string>{"en", "pl"}));
  s.Apply(action::ChooseLanguage{"cy"});
  EXPECT_EQ(s.View().language, "en") << "no Welsh text: no Welsh button, no switch";
  s.Apply(action::ChooseLanguage{"pl"});
  EXPECT_EQ(s.View().language, "pl");
}

TEST_F(SessionTest, ACodesOnlyKioskOffersItsCampaignsLanguagesThenTheOneTemplates) {
  auto english_polish = testing::Consultation();
  english_polish->languages = {"en", "pl"};
  catalogue = MemoryCatalogue();
  catalogue.AddCampaign({"consult-1", english_polish, false});
  catalogue.AddCampaign({"leader-1", testing::Appraisal(), false});  // en, cy
  catalogue.AddCode("ABCD-EFGH-JKM", {"", "leader-1", "Alex Jones", "peer"});
  config.anonymous_campaign_id.clear();
  Session& s = Make();
  EXPECT_EQ(s.View().languages, (std::vector<std::string>{"en", "pl", "cy"}));
  s.Apply(action::ChooseLanguage{"pl"});
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"ABCD-EFGH-JKM"});
  const SessionView view = s.View();
  EXPECT_EQ(view.languages, (std::vector<std::string>{"en", "cy"}));
  EXPECT_EQ(view.language, "en") << "the 360 has no Polish: its own first language";
}

TEST_F(SessionTest, TypedAnswersAreSavedWhenThePersonMovesOn) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 5});
  s.Apply(action::SetAnswer{"visited", true});
  s.Apply(action::Next{});
  s.Apply(action::SetAnswer{"where", "park"});
  s.Apply(action::SetAnswer{"why", "trees"});
  s.Apply(action::Back{});
  EXPECT_EQ(Only().draft.answers.at("why"), "trees");
}

TEST_F(SessionTest, SubmitCompletesTheResponseThenThankYouResetsByItself) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 2});
  s.Apply(action::Next{});  // -> equality
  s.Apply(action::Next{});  // -> review
  ASSERT_EQ(s.View().screen, Screen::kReview);
  s.Apply(action::Submit{});
  EXPECT_EQ(s.View().screen, Screen::kThankYou);
  const auto& entry = Only();
  EXPECT_TRUE(entry.completed);
  EXPECT_FALSE(entry.partial);
  EXPECT_EQ(entry.draft.answers, (Answers{{"q1", 2}}));
  EXPECT_TRUE(s.EffectiveAnswers().empty()) << "nothing left in memory for the next person";
  clock.Advance(config.thank_you_for);
  s.Tick();
  EXPECT_EQ(s.View().screen, Screen::kAttract);
}

TEST_F(SessionTest, ReviewListsVisibleQuestionsWithAnswersInWords) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 4});
  s.Apply(action::SetAnswer{"visited", false});
  s.Apply(action::Next{});
  s.Apply(action::Next{});
  const SessionView view = s.View();
  ASSERT_EQ(view.review.size(), 2u);
  EXPECT_EQ(view.review[0].rows[0].answer, "Point 4");
  EXPECT_EQ(view.review[0].rows[1].answer, "No");
  EXPECT_EQ(view.review[1].rows[0].answer, "(no answer)");
}

TEST_F(SessionTest, ChangingASectionFromReviewReturnsToReview) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 4});
  s.Apply(action::Next{});
  s.Apply(action::Next{});
  s.Apply(action::GoToSection{"about"});
  EXPECT_EQ(s.View().page.section->id, "about");
  s.Apply(action::SetAnswer{"q1", 1});
  s.Apply(action::Next{});
  EXPECT_EQ(s.View().screen, Screen::kReview);
}

TEST_F(SessionTest, OptionalModuleSectionCanBeSkippedAndItsAnswersAreCleared) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 4});
  s.Apply(action::Next{});
  ASSERT_TRUE(s.View().page.optional_module);
  s.Apply(action::SetAnswer{"age", "under_25"});
  s.Apply(action::SkipSection{});
  EXPECT_EQ(s.View().screen, Screen::kReview);
  EXPECT_FALSE(Only().draft.answers.count("age"));
}

TEST_F(SessionTest, IdleShowsACountdownThenSubmitsAnonymousPartialAnswersWhenTheTemplateSaysSo) {
  auto keeping = testing::Consultation();
  keeping->keep_anonymous_partials = true;
  catalogue = MemoryCatalogue();
  catalogue.AddCampaign({"consult-1", keeping, false});
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 3});
  clock.Advance(config.idle_after - seconds(1));
  s.Tick();
  EXPECT_FALSE(s.View().idle_seconds_left.has_value());
  clock.Advance(seconds(1));
  s.Tick();
  ASSERT_TRUE(s.View().idle_seconds_left.has_value());
  EXPECT_EQ(*s.View().idle_seconds_left, 20);
  clock.Advance(seconds(5));
  EXPECT_EQ(*s.View().idle_seconds_left, 15);
  clock.Advance(seconds(15));
  s.Tick();
  const SessionView view = s.View();
  EXPECT_EQ(view.screen, Screen::kAttract);
  EXPECT_FALSE(view.idle_seconds_left.has_value());
  EXPECT_TRUE(s.EffectiveAnswers().empty());
  EXPECT_TRUE(Only().completed);
  EXPECT_TRUE(Only().partial);
  EXPECT_EQ(Only().draft.answers, (Answers{{"q1", 3}}));
}

TEST_F(SessionTest, IdleResetDiscardsAnonymousPartialAnswersByDefault) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 3});
  s.Apply(action::SetAnswer{"visited", true});
  WalkAway(s);
  EXPECT_EQ(s.View().screen, Screen::kAttract);
  EXPECT_TRUE(store.Entries().empty()) << "nothing of a walk-up respondent is kept";
}

TEST_F(SessionTest, AKioskMayDiscardPartialAnswersEvenWhenTheTemplateWouldKeepThem) {
  auto keeping = testing::Consultation();
  keeping->keep_anonymous_partials = true;
  catalogue = MemoryCatalogue();
  catalogue.AddCampaign({"consult-1", keeping, false});
  config.anonymous_partial = PartialPolicy::kDiscard;
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 3});
  WalkAway(s);
  EXPECT_TRUE(store.Entries().empty());
}

TEST_F(SessionTest, StillHereDismissesTheCountdownAndKeepsTheAnswers) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"q1", 3});
  clock.Advance(config.idle_after);
  s.Tick();
  ASSERT_TRUE(s.View().idle_seconds_left.has_value());
  s.Apply(action::StillHere{});
  EXPECT_FALSE(s.View().idle_seconds_left.has_value());
  clock.Advance(config.idle_countdown);
  s.Tick();
  EXPECT_EQ(s.View().screen, Screen::kQuestions);
  EXPECT_EQ(s.View().page.items[0].answer->get<int>(), 3);
}

TEST_F(SessionTest, RawInputPostponesTheIdlePrompt) {
  Session& s = StartAnonymous();
  clock.Advance(config.idle_after - seconds(1));
  s.NoteActivity();
  clock.Advance(seconds(30));
  s.Tick();
  EXPECT_FALSE(s.View().idle_seconds_left.has_value());
}

TEST_F(SessionTest, SleepsUntilInputOnTheAttractScreenAndWakesForIdleElsewhere) {
  Session& s = Make();
  EXPECT_FALSE(s.TimeUntilNextTimer().has_value());
  s.Apply(action::Start{false});
  ASSERT_TRUE(s.TimeUntilNextTimer().has_value());
  EXPECT_EQ(*s.TimeUntilNextTimer(), config.idle_after);
}

TEST_F(SessionTest, UnknownCodeIsRefusedAndRepeatedGuessesLockCodeEntry) {
  Session& s = Make();
  s.Apply(action::Start{true});
  ASSERT_EQ(s.View().screen, Screen::kCodeEntry);
  for (int i = 0; i < config.max_code_attempts; ++i) {
    s.Apply(action::SubmitCode{"ZZZZ-ZZZZ-ZZZ"});
    EXPECT_EQ(s.View().code_message, Text::kCodeUnknown);
  }
  s.Apply(action::SubmitCode{"ABCD-EFGH-JKM"});
  EXPECT_EQ(s.View().code_message, Text::kCodeLocked) << "even a right code waits";
  clock.Advance(config.code_lockout);
  s.Apply(action::SubmitCode{"abcd efgh jkm"});
  EXPECT_EQ(s.View().screen, Screen::kConfirm);
}

TEST_F(SessionTest, ACodeShowsWhomYouRateAndAsWhichGroup) {
  Session& s = Make();
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"abcd-efgh-jkm"});
  const SessionView view = s.View();
  EXPECT_EQ(view.screen, Screen::kConfirm);
  EXPECT_EQ(view.subject_name, "Alex Jones");
  EXPECT_EQ(view.rater_group_label, "Peer");
  EXPECT_FALSE(view.resuming);
}

TEST_F(SessionTest, ConsentWithACodeSaysWhatHappensToThisRatersScoresAndWords) {
  Session& s = Make();
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"abcd-efgh-jkm"});
  s.Apply(action::ConfirmIdentity{});
  const SessionView view = s.View();
  ASSERT_EQ(view.screen, Screen::kConsent);
  // The peer group's own numbers (3 for scores and comments), about the person being rated.
  EXPECT_NE(view.anonymity_notice.find("only once at least 3 people in it have answered"),
            std::string::npos)
      << view.anonymity_notice;
  EXPECT_NE(view.anonymity_notice.find("everyone except Alex Jones"), std::string::npos);

  // In the language the person chose, like the rest of the page.
  s.Apply(action::ChooseLanguage{"cy"});
  const std::string welsh = s.View().anonymity_notice;
  EXPECT_NE(welsh.find("o leiaf 3 o bobl"), std::string::npos) << welsh;
  EXPECT_NE(welsh.find("ac eithrio Alex Jones"), std::string::npos) << welsh;
  EXPECT_EQ(welsh.find("people"), std::string::npos) << welsh;
}

TEST_F(SessionTest, ConsentShowsTheCampaignsDeadlineWhenTheServerGaveOne) {
  // Noon UTC: the same calendar day in any time zone a kiosk of a UK council is likely to use.
  catalogue = MemoryCatalogue();
  catalogue.AddCampaign({"consult-1", Consultation(), false, "2030-03-14T12:00:00Z"});
  catalogue.AddCampaign({"leader-1", Appraisal(), false, ""});
  catalogue.AddCode("ABCD-EFGH-JKM", {"", "leader-1", "Alex Jones", "peer"});
  Session& s = Make();
  s.Apply(action::Start{false});
  ASSERT_EQ(s.View().screen, Screen::kConsent);
  EXPECT_EQ(s.View().deadline.substr(0, 11), "14/03/2030 ") << s.View().deadline;
  EXPECT_EQ(Fill(UiText(Text::kAnswerBy, "en"), "date", "14/03/2030 12:00"),
            "Please answer by 14/03/2030 12:00.");

  // A campaign without a close date has no deadline to show.
  Session& coded = Make();
  coded.Apply(action::Start{true});
  coded.Apply(action::SubmitCode{"abcd-efgh-jkm"});
  coded.Apply(action::ConfirmIdentity{});
  ASSERT_EQ(coded.View().screen, Screen::kConsent);
  EXPECT_TRUE(coded.View().deadline.empty());
}

TEST_F(SessionTest, ThisIsNotMeReturnsToCodeEntryWithHelpAndForgetsTheCode) {
  Session& s = Make();
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"abcd-efgh-jkm"});
  s.Apply(action::NotMe{});
  EXPECT_EQ(s.View().screen, Screen::kCodeEntry);
  EXPECT_EQ(s.View().code_message, Text::kNotMeHelp);
  EXPECT_TRUE(s.View().subject_name.empty());
  EXPECT_TRUE(store.Entries().empty());
}

TEST_F(SessionTest, IdentifiedResponseCarriesCodeAndGroupAndUsesTheGroupsWording) {
  Session& s = Make();
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"sefx-sefx-sef"});
  s.Apply(action::ConfirmIdentity{});
  s.Apply(action::AcceptConsent{});
  const SessionView view = s.View();
  EXPECT_EQ(view.page.items[0].wording, "I set priorities");
  EXPECT_EQ(view.page.count, 1) << "the peer-only section is not asked of self";
  const auto& header = Only().draft.header;
  EXPECT_EQ(header.invitation_code, "SEFXSEFXSEF");
  EXPECT_EQ(header.rater_group, "self");
  EXPECT_TRUE(header.venue_id.empty());
}

TEST_F(SessionTest, OthersSeeTheSubjectsNameInTheWording) {
  Session& s = Make();
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"abcd-efgh-jkm"});
  s.Apply(action::ConfirmIdentity{});
  s.Apply(action::AcceptConsent{});
  EXPECT_EQ(s.View().page.items[0].wording, "Alex Jones sets priorities");
  EXPECT_EQ(s.View().page.count, 2);
}

TEST_F(SessionTest, AnIdentifiedRespondentResumesWhereTheyStoppedByEnteringTheCodeAgain) {
  Session& s = Make();
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"abcd-efgh-jkm"});
  s.Apply(action::ConfirmIdentity{});
  s.Apply(action::AcceptConsent{});
  s.Apply(action::SetAnswer{"sets_priorities", 3});
  s.Apply(action::SetAnswer{"hours", 37});
  s.Apply(action::Next{});
  ASSERT_EQ(s.View().page.section->id, "peer_only");
  WalkAway(s);
  ASSERT_EQ(s.View().screen, Screen::kAttract);
  EXPECT_TRUE(s.EffectiveAnswers().empty()) << "nothing on screen for the next person";
  EXPECT_FALSE(Only().completed) << "kept as a draft for resuming";

  // A fresh session stands for the kiosk after a restart.
  Session& again = Make();
  again.Apply(action::Start{true});
  again.Apply(action::SubmitCode{"ABCDEFGHJKM"});
  EXPECT_TRUE(again.View().resuming);
  again.Apply(action::ConfirmIdentity{});
  const SessionView view = again.View();
  EXPECT_EQ(view.screen, Screen::kQuestions);
  EXPECT_EQ(view.page.section->id, "peer_only");
  EXPECT_EQ(again.EffectiveAnswers().at("hours"), 37);
  again.Apply(action::Next{});
  again.Apply(action::Submit{});
  EXPECT_TRUE(Only().completed);
  EXPECT_EQ(store.Entries().begin()->first, "resp-1") << "the same response continued";
}

TEST_F(SessionTest, ACodeAlreadyCompletedOnThisKioskIsRefused) {
  Session& s = Make();
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"sefx-sefx-sef"});
  s.Apply(action::ConfirmIdentity{});
  s.Apply(action::AcceptConsent{});
  s.Apply(action::SetAnswer{"sets_priorities", 3});
  s.Apply(action::Next{});
  s.Apply(action::Submit{});
  s.Apply(action::Finish{});
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"sefx-sefx-sef"});
  EXPECT_EQ(s.View().screen, Screen::kCodeEntry);
  EXPECT_EQ(s.View().code_message, Text::kCodeUsed);
}

TEST_F(SessionTest, AFailedSaveIsShownAndThePageDoesNotMoveOn) {
  Session& s = StartAnonymous();
  store.SetFailing(true);
  s.Apply(action::SetAnswer{"q1", 3});
  EXPECT_EQ(s.View().error, Text::kSaveFailed);
  s.Apply(action::Next{});
  EXPECT_EQ(s.View().page.section->id, "about");
  store.SetFailing(false);
  s.Apply(action::Next{});
  EXPECT_EQ(s.View().page.section->id, "equality");
  EXPECT_FALSE(s.View().error.has_value());
  EXPECT_EQ(Only().draft.answers.at("q1"), 3) << "the unsaved answer was retried";
}

TEST_F(SessionTest, ChoosingALanguageChangesTheWording) {
  Session& s = Make();
  s.Apply(action::ChooseLanguage{"cy"});
  s.Apply(action::Start{false});
  s.Apply(action::AcceptConsent{});
  EXPECT_EQ(s.View().page.items[0].wording, "Question q1 (cy)");
  s.Apply(action::ChooseLanguage{"xx"});
  EXPECT_EQ(s.View().language, "cy") << "a language the kiosk does not offer is ignored";
}

TEST_F(SessionTest, TextSizeIsClampedAndResetForTheNextPerson) {
  Session& s = StartAnonymous();
  s.Apply(action::SetTextScale{250});
  EXPECT_EQ(s.View().text_scale_percent, 200);
  s.Apply(action::SetTextScale{50});
  EXPECT_EQ(s.View().text_scale_percent, 100);
  s.Apply(action::SetTextScale{150});
  s.Apply(action::SetHighContrast{true});
  s.Apply(action::StartAgain{});
  EXPECT_EQ(s.View().text_scale_percent, 100);
  EXPECT_FALSE(s.View().high_contrast);
}

TEST_F(SessionTest, SteppingBackToTheStartKeepsThePersonsTextSizeContrastAndLanguage) {
  Session& s = Make();
  s.Apply(action::ChooseLanguage{"cy"});
  s.Apply(action::SetTextScale{200});
  s.Apply(action::SetHighContrast{true});
  s.Apply(action::Start{true});
  s.Apply(action::Back{});  // from the code entry
  EXPECT_EQ(s.View().screen, Screen::kAttract);
  EXPECT_EQ(s.View().text_scale_percent, 200);
  EXPECT_TRUE(s.View().high_contrast);
  EXPECT_EQ(s.View().language, "cy");
  s.Apply(action::Start{false});
  s.Apply(action::DeclineConsent{});
  EXPECT_EQ(s.View().screen, Screen::kAttract);
  EXPECT_EQ(s.View().text_scale_percent, 200) << "declining is the same person stepping back";
  // Walking away is not: the next person starts with the defaults.
  s.Apply(action::Start{false});
  WalkAway(s);
  EXPECT_EQ(s.View().text_scale_percent, 100);
  EXPECT_FALSE(s.View().high_contrast);
  EXPECT_EQ(s.View().language, s.View().languages.front());
}

TEST_F(SessionTest, AnswersForItemsNotOnThePageAreIgnored) {
  Session& s = StartAnonymous();
  s.Apply(action::SetAnswer{"age", "under_25"});
  EXPECT_TRUE(Only().draft.answers.empty());
}

}  // namespace
}  // namespace soundings::kiosk
