#include "kiosk/session/operator.h"

#include <gtest/gtest.h>

namespace soundings::kiosk {
namespace {

class OperatorTest : public ::testing::Test {
 protected:
  ManualClock clock;
  OperatorSession op{"2468", clock};
  OperatorScreen Screen() const { return op.View({}).screen; }
};

TEST_F(OperatorTest, TheGestureAsksForThePinAndTheRightPinOpensThePanel) {
  EXPECT_FALSE(op.IsOpen());
  op.Open();
  EXPECT_EQ(Screen(), OperatorScreen::kPin);
  op.Apply(op::SubmitPin{"1111"});
  EXPECT_EQ(Screen(), OperatorScreen::kPin);
  EXPECT_EQ(op.View({}).message, "That PIN is not right.");
  op.Apply(op::SubmitPin{"2468"});
  EXPECT_EQ(Screen(), OperatorScreen::kPanel);
}

TEST_F(OperatorTest, RepeatedWrongPinsLockThePinForAWhile) {
  op.Open();
  for (int i = 0; i < 5; ++i) op.Apply(op::SubmitPin{"0000"});
  op.Apply(op::SubmitPin{"2468"});
  EXPECT_EQ(Screen(), OperatorScreen::kPin);
  clock.Advance(std::chrono::minutes(5));
  op.Apply(op::SubmitPin{"2468"});
  EXPECT_EQ(Screen(), OperatorScreen::kPanel);
}

TEST_F(OperatorTest, PanelButtonsNeedThePinFirst) {
  EXPECT_EQ(op.Apply(op::ExitKiosk{}).kind, OperatorEffect::Kind::kNone);
  op.Open();
  EXPECT_EQ(op.Apply(op::SyncNow{}).kind, OperatorEffect::Kind::kNone);
  op.Apply(op::SubmitPin{"2468"});
  EXPECT_EQ(op.Apply(op::SyncNow{}).kind, OperatorEffect::Kind::kSyncNow);
  EXPECT_EQ(op.Apply(op::ExitKiosk{}).kind, OperatorEffect::Kind::kExit);
  op.Apply(op::Close{});
  EXPECT_FALSE(op.IsOpen());
}

TEST_F(OperatorTest, EnrolmentChecksTheFormThenAsksTheAppToEnrol) {
  op.OpenFirstRun();
  EXPECT_TRUE(op.View({}).first_run);
  EXPECT_EQ(op.Apply(op::Enrol{"server.local", "QX7R-M4TB-K2W", "Library"}).kind,
            OperatorEffect::Kind::kNone);
  EXPECT_NE(op.View({}).message.find("http://"), std::string::npos);
  const OperatorEffect effect =
      op.Apply(op::Enrol{"http://127.0.0.1:8080", "QX7R-M4TB-K2W", "Library"});
  ASSERT_EQ(effect.kind, OperatorEffect::Kind::kEnrol);
  EXPECT_EQ(effect.enrol.enrolment_code, "QX7R-M4TB-K2W");
  op.EnrolmentDone(Problem{"", "The enrolment code is not valid."});
  EXPECT_EQ(Screen(), OperatorScreen::kEnrolment);
  EXPECT_EQ(op.View({}).message, "The enrolment code is not valid.");
  op.EnrolmentDone(Ok{});
  EXPECT_FALSE(op.IsOpen()) << "first run goes on to the kiosk";
}

TEST_F(OperatorTest, ThePanelCarriesTheFactsItIsGiven) {
  OperatorFacts facts;
  facts.pending = 3;
  facts.kept_responses.push_back({"id", "rejected", "c", "t", "answers.q1: bad"});
  EXPECT_EQ(op.View(facts).facts.pending, 3);
  EXPECT_EQ(op.View(facts).facts.kept_responses.size(), 1u);
}

}  // namespace
}  // namespace soundings::kiosk
