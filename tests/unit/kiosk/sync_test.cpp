#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "kiosk/sync/backoff.h"
#include "kiosk/sync/bundle_catalogue.h"
#include "kiosk/sync/sync_worker.h"
#include "shared/sync/invitation_code.h"
#include "shared/templates/parser.h"
#include "tests/unit/kiosk/fake_server.h"
#include "tests/unit/kiosk/temp_dir.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk {
namespace {

using testing::FakeServer;

using std::chrono::milliseconds;

class SyncTest : public ::testing::Test {
 protected:
  SyncTest() {
    auto opened = Outbox::Open(dir.path() / "kiosk.db");
    outbox = std::move(opened.value());
  }

  std::string Complete() {
    ResponseHeader h;
    h.response_id = sync::NewUuidV4();
    h.campaign_id = "consult-1";
    h.template_id = "wellbeing";
    h.template_version = 3;
    h.venue_id = "library";
    h.language = "en";
    h.started_at = "2026-11-28T09:00:00Z";
    EXPECT_TRUE(outbox->BeginResponse(h).ok());
    EXPECT_TRUE(
        outbox->CompleteResponse(h.response_id, {{"q1", 4}}, "2026-11-28T09:05:00Z", false).ok());
    return h.response_id;
  }

  SyncSettings Settings(const std::string& url) {
    SyncSettings s;
    s.db_path = dir.path() / "kiosk.db";
    s.server_url = url;
    s.device_id = "dev-5";
    s.token = "tok";
    s.interval = std::chrono::seconds(60);
    return s;
  }

  testing::TempDir dir;
  std::unique_ptr<Outbox> outbox;
  ManualClock clock;
  FakeServer server;
};

TEST_F(SyncTest, PushesEveryPendingResponseInBatchesAndMarksThemSynced) {
  for (int i = 0; i < 5; ++i) Complete();
  SyncSettings settings = Settings(server.Url());
  settings.batch_size = 2;
  SyncWorker worker(settings, clock, [] { return 0.0; });
  EXPECT_EQ(worker.RunOnce(), milliseconds(60000));
  {
    auto lock = server.Lock();
    EXPECT_EQ(server.batches.size(), 3u);
    EXPECT_EQ(server.batches[0].device_id, "dev-5");
    EXPECT_EQ(server.authorization, "Bearer tok");
    EXPECT_EQ(server.content_encoding, "gzip");
  }
  const OutboxCounts counts = *outbox->Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.synced, 5);
  EXPECT_EQ(worker.State().last_success_at, FormatRfc3339(clock.WallNow()));
  EXPECT_TRUE(worker.State().last_error.empty());
}

TEST_F(SyncTest, AResponseWithoutAVerdictStaysPendingAndIsSentAgain) {
  const std::string kept = Complete();
  Complete();
  {
    auto lock = server.Lock();
    server.unanswered.insert(kept);
  }
  SyncWorker worker(Settings(server.Url()), clock, [] { return 0.0; });
  EXPECT_LT(worker.RunOnce(), milliseconds(60000)) << "retried soon, not at the normal interval";
  EXPECT_EQ(*outbox->StatusOf(kept), OutboxStatus::kPending);
  EXPECT_EQ(outbox->Counts()->synced, 1);
  {
    auto lock = server.Lock();
    server.unanswered.clear();
  }
  worker.RunOnce();
  EXPECT_EQ(*outbox->StatusOf(kept), OutboxStatus::kAccepted);
  {
    auto lock = server.Lock();
    EXPECT_EQ(server.batches.back().responses.size(), 1u)
        << "only the unacknowledged one is resent";
  }
}

TEST_F(SyncTest, RejectedAndConflictingResponsesAreKeptWithTheirReasons) {
  const std::string rejected = Complete();
  const std::string conflict = Complete();
  const std::string duplicate = Complete();
  {
    auto lock = server.Lock();
    server.verdicts[rejected] = sync::ResponseStatus::kRejected;
    server.verdicts[conflict] = sync::ResponseStatus::kConflict;
    server.verdicts[duplicate] = sync::ResponseStatus::kDuplicate;
  }
  SyncWorker worker(Settings(server.Url()), clock, [] { return 0.0; });
  worker.RunOnce();
  auto kept = outbox->Kept();
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ((*kept)[0].response_id, rejected);
  EXPECT_EQ((*kept)[0].problems.at(0).message, "must be a point of scale agree5");
  EXPECT_EQ((*kept)[1].status, OutboxStatus::kConflict);
  EXPECT_EQ(*outbox->StatusOf(duplicate), OutboxStatus::kDuplicate);
  worker.RunOnce();
  {
    auto lock = server.Lock();
    EXPECT_EQ(server.batches.size(), 1u) << "kept responses are not pushed again and again";
  }
}

TEST_F(SyncTest, AnUnreachableServerLeavesEverythingPendingAndBacksOff) {
  const std::string id = Complete();
  const std::string url = server.Url();
  server.Stop();
  SyncWorker worker(Settings(url), clock, [] { return 0.0; });
  EXPECT_EQ(worker.RunOnce(), milliseconds(1000));
  EXPECT_EQ(*outbox->StatusOf(id), OutboxStatus::kPending);
  EXPECT_EQ(outbox->NextBatch(10)->front().attempts, 1);
  EXPECT_EQ(worker.State().consecutive_failures, 1);
  EXPECT_NE(worker.State().last_error.find("cannot reach the server"), std::string::npos);
  EXPECT_EQ(worker.RunOnce(), milliseconds(2000));
}

TEST_F(SyncTest, ServerTroubleBacksOffExponentiallyUpToFiveMinutes) {
  Complete();
  {
    auto lock = server.Lock();
    server.fail_status = 503;
  }
  SyncWorker worker(Settings(server.Url()), clock, [] { return 0.999999; });
  std::vector<long long> waits;
  for (int i = 0; i < 10; ++i) waits.push_back(worker.RunOnce().count() / 1000);
  EXPECT_EQ(waits, (std::vector<long long>{1, 3, 7, 15, 31, 63, 127, 255, 299, 299}));
  EXPECT_EQ(worker.State().last_error, "The server is busy; try again later.");
  EXPECT_EQ(outbox->Counts()->pending, 1);
  {
    auto lock = server.Lock();
    server.fail_status = 0;
  }
  EXPECT_EQ(worker.RunOnce(), milliseconds(60000));
  EXPECT_EQ(worker.State().consecutive_failures, 0);
}

TEST_F(SyncTest, ARefusedDeviceWaitsTheLongestAndSaysWhy) {
  Complete();
  {
    auto lock = server.Lock();
    server.fail_status = 401;
  }
  SyncWorker worker(Settings(server.Url()), clock, [] { return 0.0; });
  EXPECT_EQ(worker.RunOnce(), kBackoffCap);
  EXPECT_EQ(outbox->Counts()->pending, 1);
}

TEST_F(SyncTest, TheBundleIsDownloadedOnlyWhenItsEtagChanges) {
  SyncWorker worker(Settings(server.Url()), clock, [] { return 0.0; });
  worker.RunOnce();
  EXPECT_EQ(*outbox->GetSetting(kSettingBundleEtag), "etag-1");
  EXPECT_FALSE(outbox->GetSetting(kSettingBundle)->empty());
  worker.RunOnce();
  {
    auto lock = server.Lock();
    ASSERT_EQ(server.if_none_match.size(), 2u);
    EXPECT_EQ(server.if_none_match[0], "");
    EXPECT_EQ(server.if_none_match[1], "\"etag-1\"");
  }
  EXPECT_EQ(worker.State().bundle_updates, 1);
  {
    auto lock = server.Lock();
    server.bundle.etag = "etag-2";
  }
  worker.RunOnce();
  EXPECT_EQ(worker.State().bundle_updates, 2);
  EXPECT_EQ(*outbox->GetSetting(kSettingBundleEtag), "etag-2");
}

TEST_F(SyncTest, TheWorkerThreadSyncsAndTellsTheUi) {
  const std::string id = Complete();
  SyncWorker worker(Settings(server.Url()), clock, [] { return 0.0; });
  std::promise<void> news;
  std::once_flag once;
  worker.Start([&] { std::call_once(once, [&] { news.set_value(); }); });
  ASSERT_EQ(news.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  worker.Stop();
  EXPECT_EQ(*outbox->StatusOf(id), OutboxStatus::kAccepted);
}

TEST_F(SyncTest, WithoutATokenNothingIsSent) {
  Complete();
  SyncSettings settings = Settings(server.Url());
  settings.token.clear();
  SyncWorker worker(settings, clock, [] { return 0.0; });
  worker.RunOnce();
  {
    auto lock = server.Lock();
    EXPECT_TRUE(server.batches.empty());
  }
  EXPECT_NE(worker.State().last_error.find("not enrolled"), std::string::npos);
}

TEST(BackoffTest, JitterStaysBetweenHalfAndAllOfTheStep) {
  EXPECT_EQ(BackoffDelay(1, 0.0), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(1, 1.0), milliseconds(2000));
  EXPECT_EQ(BackoffDelay(3, 0.5), milliseconds(6000));
  EXPECT_EQ(BackoffDelay(40, 1.0), kBackoffCap);
  EXPECT_EQ(BackoffDelay(40, 0.0), kBackoffCap / 2);
}

class BundleCatalogueTest : public ::testing::Test {
 protected:
  BundleCatalogueTest() {
    bundle.templates.push_back(ToJson(*testing::Appraisal()));
    bundle.campaigns.push_back(
        {"leader-1", "leader360", 2, "Leadership 360", sync::CampaignState::kOpen, "appraisal360"});
    bundle.campaigns.push_back(
        {"old-1", "leader360", 2, "Old", sync::CampaignState::kClosing, "appraisal360"});
    Invite("K7QM3XPA9RT", "leader-1", "2026-12-31T00:00:00Z");
    Invite("K7QM3XPA9RU", "leader-1", "2026-01-01T00:00:00Z");
    Invite("K7QM3XPA9RV", "old-1", "2026-12-31T00:00:00Z");
  }
  void Invite(const std::string& code, const std::string& campaign, const std::string& expires) {
    const std::string salt = sync::NewInvitationSalt();
    bundle.invitations.push_back(
        {sync::HashInvitationCode(code, salt), salt, campaign, "Alex Jones", "peer", expires});
  }
  std::shared_ptr<BundleCatalogue> Build() {
    auto built = BundleCatalogue::Build(bundle, [] { return std::string("2026-11-28T12:00:00Z"); });
    EXPECT_TRUE(built.ok()) << built.ErrorText();
    EXPECT_TRUE(built.value()->Warnings().empty());
    return built.value();
  }
  sync::Bundle bundle;
};

TEST_F(BundleCatalogueTest, ATypedCodeIsCheckedOfflineAgainstItsSaltedHash) {
  auto catalogue = Build();
  CodeCheck why = CodeCheck::kUnknown;
  auto unlock = catalogue->CheckCode("k7qm-3xpa-9rt", &why);
  ASSERT_TRUE(unlock.has_value());
  EXPECT_EQ(unlock->campaign_id, "leader-1");
  EXPECT_EQ(unlock->subject_name, "Alex Jones");
  EXPECT_EQ(unlock->rater_group, "peer");
  EXPECT_EQ(unlock->invitation_code, "K7QM3XPA9RT");
  ASSERT_NE(catalogue->FindCampaign("leader-1"), nullptr);
  EXPECT_EQ(catalogue->FindCampaign("leader-1")->tmpl->sections.size(), 2u);
}

TEST_F(BundleCatalogueTest, WrongExpiredAndClosingCodesAreRefused) {
  auto catalogue = Build();
  CodeCheck why = CodeCheck::kUnknown;
  EXPECT_FALSE(catalogue->CheckCode("K7QM-3XPA-9RW", &why));
  EXPECT_EQ(why, CodeCheck::kUnknown);
  EXPECT_FALSE(catalogue->CheckCode("K7QM-3XPA-9RU", &why));
  EXPECT_EQ(why, CodeCheck::kExpired);
  EXPECT_FALSE(catalogue->CheckCode("K7QM-3XPA-9RV", &why));
  EXPECT_EQ(why, CodeCheck::kExpired);
}

}  // namespace
}  // namespace soundings::kiosk
