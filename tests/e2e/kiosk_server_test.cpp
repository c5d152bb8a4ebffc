// The kiosk core against the real server over loopback: enrol, fetch the bundle, answer through
// Session exactly as the screens would, sync, and see the server's verdicts in the outbox.

#include <cctype>
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include "kiosk/runtime/kiosk_runtime.h"
#include "kiosk/session/session.h"
#include "kiosk/store/outbox.h"
#include "kiosk/sync/bundle_catalogue.h"
#include "kiosk/sync/sync_client.h"
#include "kiosk/sync/sync_worker.h"
#include "tests/integration/test_server.h"

namespace soundings::kiosk {
namespace {

using nlohmann::json;

// A valid answer for any item, chosen from the item itself, as a person touching the first
// choice of everything would give.
json AnyValidAnswer(const ItemView& view) {
  const Item& item = *view.item;
  switch (item.type) {
    case ItemType::kLikert:
      return view.scale->points.front().value;
    case ItemType::kSingleChoice:
      return item.options.front().value;
    case ItemType::kMultipleChoice:
      return json::array({item.options.front().value});
    case ItemType::kRating:
      return 7;
    case ItemType::kNumber:
      return item.min.value_or(1);
    case ItemType::kShortText:
    case ItemType::kLongText:
      return "Fine.";
    case ItemType::kRanking: {
      json order = json::array();
      for (const auto& option : item.options) order.push_back(option.value);
      return order;
    }
    case ItemType::kYesNo:
      return true;
    case ItemType::kMatrix: {
      json rows = json::object();
      for (const auto& row : item.rows) rows[row.id] = view.scale->points.front().value;
      return rows;
    }
  }
  return nullptr;
}

// Answers every page and sends the response; returns its id.
std::string AnswerEverythingAndSubmit(Session& session, ManualClock& clock) {
  session.Apply(action::AcceptConsent{});
  for (int guard = 0; guard < 100 && session.CurrentScreen() == Screen::kQuestions; ++guard) {
    for (const ItemView& item : session.View().page.items)
      session.Apply(action::SetAnswer{item.item->id, AnyValidAnswer(item)});
    clock.Advance(std::chrono::seconds(3));
    session.Tick();  // typed answers are saved after a pause
    session.Apply(action::Next{});
  }
  EXPECT_EQ(session.CurrentScreen(), Screen::kReview);
  const std::string id = session.ResponseId();
  session.Apply(action::Submit{});
  EXPECT_EQ(session.CurrentScreen(), Screen::kThankYou);
  session.Apply(action::Finish{});
  return id;
}

TEST(KioskAgainstServerTest, EnrolsFetchesTheBundleAndHandsInResponsesExactlyOnce) {
  soundings::testing::TestServer server;
  const soundings::testing::Seeded seeded = soundings::testing::Seed(server);
  soundings::testing::TempFolder folder;
  const auto db_path = folder.path() / "kiosk.db";
  auto outbox = Outbox::Open(db_path);
  ASSERT_TRUE(outbox.ok()) << outbox.ErrorText();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());

  // Enrolment with a one-time code, as the operator's form does.
  auto code = server.app().devices().CreateEnrolmentCode(std::chrono::hours(1), "e2e");
  ASSERT_TRUE(code.ok());
  auto enrolled = SyncClient(url, "").Enrol(*code, "E2E kiosk");
  ASSERT_TRUE(enrolled.ok()) << enrolled.error.message;
  EXPECT_FALSE(SyncClient(url, "").Enrol(*code, "again").ok()) << "an enrolment code works once";

  ManualClock clock;
  SyncSettings settings;
  settings.db_path = db_path;
  settings.server_url = url;
  settings.device_id = enrolled->device_id;
  settings.token = enrolled->token;
  SyncWorker worker(settings, clock, [] { return 0.0; });
  worker.RunOnce();
  ASSERT_TRUE(worker.State().last_error.empty()) << worker.State().last_error;
  ASSERT_EQ(worker.State().bundle_updates, 1);

  auto bundle = sync::ParseBundle(*(*outbox)->GetSetting(kSettingBundle));
  ASSERT_TRUE(bundle.ok()) << bundle.ErrorText();
  auto catalogue =
      BundleCatalogue::Build(*bundle, [] { return std::string("2026-11-28T10:00:00Z"); });
  ASSERT_TRUE(catalogue.ok()) << catalogue.ErrorText();
  EXPECT_TRUE(catalogue.value()->Warnings().empty())
      << catalogue.value()->Warnings().front().ToString();

  SessionConfig config;
  config.anonymous_campaign_id = "parks";
  config.accept_codes = true;
  config.venue_id = "library";
  Session session(config, *catalogue.value(), **outbox, clock);

  session.Apply(action::Start{false});
  const std::string anonymous = AnswerEverythingAndSubmit(session, clock);

  session.Apply(action::Start{true});
  session.Apply(action::SubmitCode{seeded.peer_codes[0]});
  ASSERT_EQ(session.CurrentScreen(), Screen::kConfirm);
  EXPECT_EQ(session.View().subject_name, "Alex Rivers");
  session.Apply(action::ConfirmIdentity{});
  const std::string peer = AnswerEverythingAndSubmit(session, clock);

  session.Apply(action::Start{true});
  session.Apply(action::SubmitCode{seeded.expired_code});
  // The server leaves expired invitations out of the bundle, so the kiosk does not know the code.
  EXPECT_EQ(session.CurrentScreen(), Screen::kCodeEntry);
  EXPECT_EQ(session.View().code_message, Text::kCodeUnknown);

  worker.RunOnce();
  EXPECT_TRUE(worker.State().last_error.empty()) << worker.State().last_error;
  EXPECT_EQ(*(*outbox)->StatusOf(anonymous), OutboxStatus::kAccepted);
  EXPECT_EQ(*(*outbox)->StatusOf(peer), OutboxStatus::kAccepted);

  // The same records again, as after a lost reply: duplicates, nothing stored twice.
  auto db = db::Database::Open(db_path, {});
  ASSERT_TRUE(db.ok());
  auto payloads = db->Prepare("SELECT payload FROM outbox ORDER BY seq");
  ASSERT_TRUE(payloads.ok());
  std::vector<sync::ResponseRecord> sent;
  while (*payloads->Step())
    sent.push_back(sync::ResponseRecordFromJson(json::parse(payloads->ColumnText(0))).value());
  ASSERT_EQ(sent.size(), 2u);
  auto reply = soundings::testing::PostBatch(server, enrolled->token, sent);
  ASSERT_TRUE(reply.has_value());
  for (const auto& result : reply->results)
    EXPECT_EQ(result.status, sync::ResponseStatus::kDuplicate) << result.uuid;
}

TEST(KioskAgainstServerTest, AResponseTheServerRejectsIsKeptWithTheReasonForTheOperator) {
  soundings::testing::TestServer server;
  const soundings::testing::Seeded seeded = soundings::testing::Seed(server);
  soundings::testing::TempFolder folder;
  const auto db_path = folder.path() / "kiosk.db";
  auto outbox = Outbox::Open(db_path);
  ASSERT_TRUE(outbox.ok()) << outbox.ErrorText();
  // Answered offline while the campaign was open; the server closed it before the kiosk synced.
  ResponseHeader h;
  h.response_id = sync::NewUuidV4();
  h.campaign_id = "parks-closed";
  h.template_id = "parks";
  h.template_version = 2;
  h.venue_id = "library";
  h.language = "en";
  h.started_at = "2026-11-28T09:01:00Z";
  ASSERT_TRUE((*outbox)->BeginResponse(h).ok());
  ASSERT_TRUE(
      (*outbox)->CompleteResponse(h.response_id, {{"q1", 4}}, "2026-11-28T09:04:00Z", false).ok());

  ManualClock clock;
  SyncSettings settings;
  settings.db_path = db_path;
  settings.server_url = "http://127.0.0.1:" + std::to_string(server.port());
  settings.token = seeded.token;
  SyncWorker worker(settings, clock, [] { return 0.0; });
  worker.RunOnce();
  EXPECT_EQ(*(*outbox)->StatusOf(h.response_id), OutboxStatus::kRejected);
  auto kept = (*outbox)->Kept();
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_FALSE(kept->front().problems.empty()) << "the server's reason is kept";
  EXPECT_EQ((*outbox)->Counts()->pending, 0) << "not pushed again and again";
}

// The kiosk as it runs: enrolled from the operator's form, it fetches the bundle, takes a code
// typed the way a person copies it from a letter (lower case, O for zero, L for one), and the
// server accepts the response.
TEST(KioskAgainstServerTest, TheRuntimeEnrolsAndACodeCopiedByEyeIsAcceptedByTheServer) {
  soundings::testing::TestServer server;
  const soundings::testing::Seeded seeded = soundings::testing::Seed(server);
  soundings::testing::TempFolder folder;
  KioskConfig config;
  config.data_dir = folder.path();
  config.anonymous_campaign_id = "parks";
  ManualClock clock;
  auto opened = KioskRuntime::Open(config, false, SOUNDINGS_TEMPLATE_DIR, clock);
  ASSERT_TRUE(opened.ok()) << opened.ErrorText();
  KioskRuntime& kiosk = *opened.value();
  std::mutex mutex;
  std::condition_variable changed;
  int news = 0;
  kiosk.StartSync([&] {
    std::lock_guard lock(mutex);
    ++news;
    changed.notify_all();
  });
  // Waits for the sync worker to report a round after the `seen`-th.
  auto wait_for_news = [&](int seen) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(60), [&] { return news > seen; });
  };
  ASSERT_EQ(kiosk.ViewOperator().screen, OperatorScreen::kEnrolment);
  auto code = server.app().devices().CreateEnrolmentCode(std::chrono::hours(1), "e2e");
  ASSERT_TRUE(code.ok());
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  ASSERT_EQ(kiosk.ApplyOperator(op::Enrol{url, *code, "Library kiosk"}), RuntimeEffect::kEnrolled)
      << kiosk.ViewOperator().message;
  ASSERT_TRUE(wait_for_news(0));
  kiosk.Tick();  // the bundle arrived; the kiosk is on its attract screen, so it takes it now

  std::string typed;
  for (char c : seeded.peer_codes[1]) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    typed += c == '0' ? 'O' : c == '1' ? 'l' : lower;
  }
  kiosk.Apply(action::Start{true});
  kiosk.Apply(action::SubmitCode{typed});
  ASSERT_EQ(kiosk.View().screen, Screen::kConfirm) << typed;
  kiosk.Apply(action::ConfirmIdentity{});
  kiosk.Apply(action::AcceptConsent{});
  for (int guard = 0; guard < 100 && kiosk.View().screen == Screen::kQuestions; ++guard) {
    for (const ItemView& item : kiosk.View().page.items)
      kiosk.Apply(action::SetAnswer{item.item->id, AnyValidAnswer(item)});
    kiosk.Apply(action::Next{});
  }
  ASSERT_EQ(kiosk.View().screen, Screen::kReview);
  const std::string id = kiosk.CurrentSession().ResponseId();
  kiosk.Apply(action::Submit{});
  ASSERT_EQ(kiosk.View().screen, Screen::kThankYou);

  // Staff ask for a sync now rather than wait for the next round.
  int seen = 0;
  {
    std::lock_guard lock(mutex);
    seen = news;
  }
  kiosk.Apply(action::OpenOperator{});
  kiosk.ApplyOperator(op::SubmitPin{"2468"});
  kiosk.ApplyOperator(op::SyncNow{});
  ASSERT_TRUE(wait_for_news(seen));
  EXPECT_EQ(*kiosk.LocalOutbox().StatusOf(id), OutboxStatus::kAccepted) << kiosk.Facts().last_error;
}

}  // namespace
}  // namespace soundings::kiosk
