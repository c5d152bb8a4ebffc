#include "kiosk/store/outbox.h"

#include <cstdio>
#include <functional>

#include <gtest/gtest.h>

#include "kiosk/session/session.h"
#include "tests/unit/kiosk/temp_dir.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk {
namespace {

// A fixed UUID v4 per name, so the wire decoder accepts the queued records.
std::string U(const std::string& name) {
  char tail[13];
  std::snprintf(tail, sizeof tail, "%012zx",
                static_cast<std::size_t>(std::hash<std::string>{}(name)&0xffffffffffffULL));
  return std::string("00000000-0000-4000-8000-") + tail;
}

ResponseHeader Header(const std::string& id, const std::string& code = "") {
  ResponseHeader h;
  h.response_id = id;
  h.campaign_id = "consult-1";
  h.template_id = "wellbeing";
  h.template_version = 3;
  h.invitation_code = code;
  h.rater_group = code.empty() ? "" : "peer";
  h.venue_id = code.empty() ? "central-library" : "";
  h.language = "en";
  h.started_at = "2026-11-28T09:00:00Z";
  return h;
}

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest() { Reopen(); }
  Outbox& Reopen() {
    outbox.reset();
    auto opened = Outbox::Open(dir.path() / "kiosk.db");
    EXPECT_TRUE(opened.ok()) << opened.ErrorText();
    outbox = std::move(opened.value());
    return *outbox;
  }
  testing::TempDir dir;
  std::unique_ptr<Outbox> outbox;
};

TEST_F(OutboxTest, TheDatabaseIsInWalMode) {
  auto db = db::Database::Open(dir.path() / "kiosk.db", {});
  ASSERT_TRUE(db.ok());
  auto stmt = db->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->ColumnText(0), "wal");
}

TEST_F(OutboxTest, AnswersSavedBeforeACrashAreThereAfterReopening) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("r1"), "CODE1")).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("r1"), "q1", 4).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("r1"), "why", "trees").ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("r1"), "why", "parks").ok());
  ASSERT_TRUE(outbox->SaveProgress(U("r1"), "visit", "cy").ok());
  Reopen();
  auto draft = outbox->FindDraft("CODE1");
  ASSERT_TRUE(draft.ok()) << draft.ErrorText();
  ASSERT_TRUE(draft->has_value());
  EXPECT_EQ((*draft)->answers, (Answers{{"q1", 4}, {"why", "parks"}}));
  EXPECT_EQ((*draft)->section_id, "visit");
  EXPECT_EQ((*draft)->header.language, "cy");
  EXPECT_EQ((*draft)->header.rater_group, "peer");
}

TEST_F(OutboxTest, ANullAnswerRemovesTheSavedOne) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("r1"), "CODE1")).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("r1"), "q1", 4).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("r1"), "q1", nullptr).ok());
  EXPECT_TRUE((*outbox->FindDraft("CODE1"))->answers.empty());
}

TEST_F(OutboxTest, CompletingQueuesTheResponseExactlyAsItWillTravel) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("r1"))).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("r1"), "q1", 4).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("r1"), "hidden", 1).ok());
  ASSERT_TRUE(outbox->CompleteResponse(U("r1"), {{"q1", 4}}, "2026-11-28T09:05:00Z", false).ok());
  auto batch = outbox->NextBatch(10);
  ASSERT_TRUE(batch.ok()) << batch.ErrorText();
  ASSERT_EQ(batch->size(), 1u);
  const auto& record = batch->front().record;
  EXPECT_EQ(record.uuid, U("r1"));
  EXPECT_EQ(record.campaign_id, "consult-1");
  EXPECT_EQ(record.template_id, "wellbeing");
  EXPECT_EQ(record.template_version, 3);
  EXPECT_EQ(record.venue_id, "central-library");
  EXPECT_EQ(record.started_at, "2026-11-28T09:00:00Z");
  EXPECT_EQ(record.completed_at, "2026-11-28T09:05:00Z");
  EXPECT_FALSE(record.partial);
  EXPECT_EQ(record.answers, (Answers{{"q1", 4}})) << "the final answers replace the draft's";
}

TEST_F(OutboxTest, ACompletedResponseIsFrozen) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("r1"))).ok());
  ASSERT_TRUE(outbox->CompleteResponse(U("r1"), {{"q1", 4}}, "2026-11-28T09:05:00Z", false).ok());
  EXPECT_FALSE(outbox->SaveAnswer(U("r1"), "q1", 5).ok());
  EXPECT_FALSE(outbox->CompleteResponse(U("r1"), {}, "2026-11-28T09:06:00Z", false).ok());
  ASSERT_TRUE(outbox->DiscardResponse(U("r1")).ok());
  EXPECT_EQ(outbox->NextBatch(10)->size(), 1u) << "discarding never drops a completed response";
}

TEST_F(OutboxTest, TheFileItselfRefusesToDeleteAnUnacknowledgedResponse) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("r1"))).ok());
  ASSERT_TRUE(outbox->CompleteResponse(U("r1"), {{"q1", 4}}, "2026-11-28T09:05:00Z", false).ok());
  auto db = db::Database::Open(dir.path() / "kiosk.db", {});
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE(db->Exec("DELETE FROM outbox").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM responses").ok());
  EXPECT_EQ(outbox->NextBatch(10)->size(), 1u);
}

TEST_F(OutboxTest, AnInvitationCompletedHereIsKnown) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("r1"), "CODE1")).ok());
  EXPECT_FALSE(*outbox->InvitationCompleted("CODE1"));
  ASSERT_TRUE(outbox->CompleteResponse(U("r1"), {}, "2026-11-28T09:05:00Z", false).ok());
  EXPECT_TRUE(*outbox->InvitationCompleted("CODE1"));
  EXPECT_FALSE(outbox->FindDraft("CODE1")->has_value());
}

TEST_F(OutboxTest, RecoveryQueuesAnonymousDraftsAsPartialAndKeepsIdentifiedOnes) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("anon-with-answers"))).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("anon-with-answers"), "q1", 2).ok());
  ASSERT_TRUE(outbox->BeginResponse(Header(U("anon-empty"))).ok());
  ASSERT_TRUE(outbox->BeginResponse(Header(U("identified"), "CODE1")).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("identified"), "q1", 5).ok());
  Reopen();
  auto queued = outbox->RecoverAnonymousDrafts([](const ResponseHeader&) { return true; },
                                               "2026-11-28T10:00:00Z");
  ASSERT_TRUE(queued.ok()) << queued.ErrorText();
  EXPECT_EQ(*queued, 1);
  auto batch = outbox->NextBatch(10);
  ASSERT_EQ(batch->size(), 1u);
  EXPECT_EQ(batch->front().record.uuid, U("anon-with-answers"));
  EXPECT_TRUE(batch->front().record.partial);
  EXPECT_EQ(batch->front().record.answers, (Answers{{"q1", 2}}));
  EXPECT_TRUE(outbox->FindDraft("CODE1")->has_value());
  EXPECT_EQ(outbox->Counts()->drafts, 1) << "the empty anonymous draft was dropped";
}

TEST_F(OutboxTest, RecoveryDiscardsAnonymousDraftsWhenConfigured) {
  ASSERT_TRUE(outbox->BeginResponse(Header(U("anon"))).ok());
  ASSERT_TRUE(outbox->SaveAnswer(U("anon"), "q1", 2).ok());
  EXPECT_EQ(*outbox->RecoverAnonymousDrafts([](const ResponseHeader&) { return false; },
                                            "2026-11-28T10:00:00Z"),
            0);
  EXPECT_TRUE(outbox->NextBatch(10)->empty());
  EXPECT_EQ(outbox->Counts()->drafts, 0);
}

TEST_F(OutboxTest, OnlyAcknowledgedResponsesLeaveThePendingQueue) {
  for (const std::string& id : {U("a"), U("b"), U("c"), U("d")}) {
    ASSERT_TRUE(outbox->BeginResponse(Header(id)).ok());
    ASSERT_TRUE(outbox->CompleteResponse(id, {{"q1", 1}}, "2026-11-28T09:05:00Z", false).ok());
  }
  std::vector<sync::ResponseResult> results(3);
  results[0] = {U("a"), sync::ResponseStatus::kAccepted, {}};
  results[1] = {U("b"), sync::ResponseStatus::kDuplicate, {}};
  results[2] = {U("c"), sync::ResponseStatus::kRejected, {{"q1", "unknown item"}}};
  ASSERT_TRUE(outbox->RecordResults(results, "2026-11-28T11:00:00Z").ok());
  auto batch = outbox->NextBatch(10);
  ASSERT_EQ(batch->size(), 1u);
  EXPECT_EQ(batch->front().record.uuid, U("d")) << "no verdict for d: it stays pending";
  const OutboxCounts counts = *outbox->Counts();
  EXPECT_EQ(counts.pending, 1);
  EXPECT_EQ(counts.synced, 2);
  EXPECT_EQ(counts.kept, 1);
  auto kept = outbox->Kept();
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_EQ(kept->front().response_id, U("c"));
  EXPECT_EQ(kept->front().status, OutboxStatus::kRejected);
  EXPECT_EQ(kept->front().problems, (Problems{{"q1", "unknown item"}}));
}

TEST_F(OutboxTest, BatchesComeOldestFirstAndRespectTheLimit) {
  for (const std::string& id : {U("first"), U("second"), U("third")}) {
    ASSERT_TRUE(outbox->BeginResponse(Header(id)).ok());
    ASSERT_TRUE(outbox->CompleteResponse(id, {}, "2026-11-28T09:05:00Z", false).ok());
  }
  auto batch = outbox->NextBatch(2);
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_EQ((*batch)[0].record.uuid, U("first"));
  EXPECT_EQ((*batch)[1].record.uuid, U("second"));
}

TEST_F(OutboxTest, SettingsRoundTrip) {
  EXPECT_EQ(*outbox->GetSetting("device_token"), "");
  ASSERT_TRUE(outbox->SetSetting("device_token", "tok").ok());
  ASSERT_TRUE(outbox->SetSetting("device_token", "tok2").ok());
  Reopen();
  EXPECT_EQ(*outbox->GetSetting("device_token"), "tok2");
}

TEST_F(OutboxTest, ADatabaseFromANewerKioskIsRefusedWithAReason) {
  outbox.reset();
  {
    auto db = db::Database::Open(dir.path() / "kiosk.db", {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version=99").ok());
  }
  auto opened = Outbox::Open(dir.path() / "kiosk.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.ErrorText().find("newer version"), std::string::npos);
}

TEST_F(OutboxTest, IntegrityCheckSaysOk) { EXPECT_EQ(*outbox->IntegrityCheck(), "ok"); }

// The session and the real outbox together: what the person answered survives a restart.
TEST_F(OutboxTest, ASessionOverTheOutboxResumesAfterTheKioskRestarts) {
  MemoryCatalogue catalogue;
  catalogue.AddCampaign({"leader-1", testing::Appraisal(), false});
  catalogue.AddCode("ABCD-EFGH-JKM", {"", "leader-1", "Alex Jones", "peer"});
  ManualClock clock;
  SessionConfig config;
  config.accept_codes = true;
  {
    Session s(config, catalogue, *outbox, clock);
    s.Apply(action::Start{true});
    s.Apply(action::SubmitCode{"ABCD-EFGH-JKM"});
    s.Apply(action::ConfirmIdentity{});
    s.Apply(action::AcceptConsent{});
    s.Apply(action::SetAnswer{"sets_priorities", 2});
  }  // the process dies here
  Reopen();
  Session s(config, catalogue, *outbox, clock);
  s.Apply(action::Start{true});
  s.Apply(action::SubmitCode{"abcdefghjkm"});
  ASSERT_TRUE(s.View().resuming);
  s.Apply(action::ConfirmIdentity{});
  EXPECT_EQ(s.View().page.items[0].answer->get<int>(), 2);
  s.Apply(action::Next{});
  s.Apply(action::Next{});
  s.Apply(action::Submit{});
  EXPECT_EQ(s.View().screen, Screen::kThankYou);
  auto batch = outbox->NextBatch(10);
  ASSERT_EQ(batch->size(), 1u);
  EXPECT_EQ(batch->front().record.invitation_code, "ABCDEFGHJKM");
  EXPECT_EQ(batch->front().record.rater_group, "peer");
  EXPECT_TRUE(sync::IsUuidV4(batch->front().record.uuid));
}

}  // namespace
}  // namespace soundings::kiosk
