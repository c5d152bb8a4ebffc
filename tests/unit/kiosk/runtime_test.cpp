#include <future>
#include <mutex>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kiosk/config/demo.h"
#include "kiosk/runtime/kiosk_runtime.h"
#include "shared/templates/parser.h"
#include "tests/unit/kiosk/fake_server.h"
#include "tests/unit/kiosk/temp_dir.h"
#include "tests/unit/kiosk/test_templates.h"

namespace soundings::kiosk {
namespace {

using testing::FakeServer;

sync::Bundle ConsultationBundle(const std::string& campaign, const std::string& title,
                                bool keep_partials = false) {
  sync::Bundle bundle;
  bundle.etag = "etag-" + campaign;
  auto tmpl = testing::Consultation();
  tmpl->title = testing::En(title);
  tmpl->keep_anonymous_partials = keep_partials;
  bundle.templates.push_back(ToJson(*tmpl));
  bundle.campaigns.push_back(
      {campaign, tmpl->id, tmpl->version, title, sync::CampaignState::kOpen, "consultation"});
  return bundle;
}

class RuntimeTest : public ::testing::Test {
 protected:
  RuntimeTest() { config.data_dir = dir.path(); }

  // Stores what a sync worker would have stored: a bundle, and (with a token) an enrolment.
  void Store(const sync::Bundle& bundle, const std::string& token = "token-1") {
    auto outbox = Outbox::Open(dir.path() / "kiosk.db");
    ASSERT_TRUE(outbox.ok()) << outbox.ErrorText();
    ASSERT_TRUE((*outbox)->SetSetting(kSettingBundle, sync::ToJson(bundle).dump()).ok());
    if (!token.empty()) {
      ASSERT_TRUE((*outbox)->SetSetting(kSettingToken, token).ok());
    }
  }

  KioskRuntime& Open(bool demo = false) {
    auto opened = KioskRuntime::Open(config, demo, SOUNDINGS_TEMPLATE_DIR, clock);
    EXPECT_TRUE(opened.ok()) << opened.ErrorText();
    runtime = std::move(opened.value());
    return *runtime;
  }

  // Someone starts the walk-up survey and answers the first question.
  void StartAnswering(KioskRuntime& r) {
    r.Apply(action::Start{false});
    r.Apply(action::AcceptConsent{});
    r.Apply(action::SetAnswer{"q1", 4});
    ASSERT_EQ(r.View().screen, Screen::kQuestions);
  }

  testing::TempDir dir;
  ManualClock clock;
  KioskConfig config;
  std::unique_ptr<KioskRuntime> runtime;
};

TEST(ChooseAnonymousCampaignTest, TheConfiguredCampaignElseTheFirstOpenConsultation) {
  MemoryCatalogue catalogue;
  catalogue.AddCampaign({"leader-1", testing::Appraisal(), false});
  catalogue.AddCampaign({"closing-1", testing::Consultation(), true});
  catalogue.AddCampaign({"consult-1", testing::Consultation(), false});
  catalogue.AddCampaign({"consult-2", testing::Consultation(), false});
  EXPECT_EQ(ChooseAnonymousCampaign("", catalogue), "consult-1")
      << "not a 360, not a closing campaign";
  EXPECT_EQ(ChooseAnonymousCampaign("consult-2", catalogue), "consult-2");
  EXPECT_EQ(ChooseAnonymousCampaign("", MemoryCatalogue()), "");
}

TEST_F(RuntimeTest, TheDemoOffersTheBundledConsultationAndTheDemoCode) {
  config.anonymous_campaign_id = kDemoConsultationCampaign;
  config.accept_codes = true;
  KioskRuntime& r = Open(true);
  EXPECT_FALSE(r.OperatorOpen()) << "the demo needs no enrolment";
  EXPECT_TRUE(r.View().offers_anonymous);
  r.Apply(action::Start{true});
  r.Apply(action::SubmitCode{kDemoCode});
  EXPECT_EQ(r.View().screen, Screen::kConfirm);
  EXPECT_EQ(r.View().subject_name, "Sam Example");
}

TEST_F(RuntimeTest, AKioskWithoutATokenOpensOnTheEnrolmentFormAndOffersNothing) {
  KioskRuntime& r = Open();
  EXPECT_TRUE(r.OperatorOpen());
  EXPECT_EQ(r.ViewOperator().screen, OperatorScreen::kEnrolment);
  EXPECT_TRUE(r.ViewOperator().first_run);
  EXPECT_FALSE(r.View().offers_anonymous);
  EXPECT_EQ(r.ViewOperator().facts.last_error, "not enrolled");
}

TEST_F(RuntimeTest, TheStoredBundleIsWhatAnEnrolledKioskOffers) {
  Store(ConsultationBundle("parks-2026", "Parks"));
  KioskRuntime& r = Open();
  EXPECT_FALSE(r.OperatorOpen());
  EXPECT_TRUE(r.Warnings().empty());
  const SessionView view = r.View();
  EXPECT_TRUE(view.offers_anonymous) << "its first open consultation is the walk-up survey";
  EXPECT_EQ(view.title, "Parks");
}

TEST_F(RuntimeTest, AStoredBundleThatCannotBeReadIsAWarningNotAStop) {
  {
    auto outbox = Outbox::Open(dir.path() / "kiosk.db");
    ASSERT_TRUE((*outbox)->SetSetting(kSettingBundle, "{not json").ok());
    ASSERT_TRUE((*outbox)->SetSetting(kSettingToken, "token-1").ok());
  }
  KioskRuntime& r = Open();
  ASSERT_EQ(r.Warnings().size(), 1u);
  EXPECT_EQ(r.Warnings()[0].path, "bundle");
  EXPECT_FALSE(r.View().offers_anonymous);
}

TEST_F(RuntimeTest, ANewBundleWaitsUntilTheRespondentHasFinished) {
  Store(ConsultationBundle("parks-2026", "Parks"));
  KioskRuntime& r = Open();
  StartAnswering(r);
  Store(ConsultationBundle("roads-2026", "Roads"));
  r.NoteNewBundle();
  r.Tick();
  EXPECT_EQ(r.View().screen, Screen::kQuestions) << "nobody loses their place";
  EXPECT_EQ(r.View().title, "Parks");
  r.Apply(action::StartAgain{});
  ASSERT_EQ(r.View().screen, Screen::kAttract);
  r.Tick();
  EXPECT_EQ(r.View().title, "Roads");
  EXPECT_NE(r.CurrentCatalogue().FindCampaign("roads-2026"), nullptr);
}

TEST_F(RuntimeTest, AnAnonymousDraftLeftByACrashIsDiscardedByDefault) {
  Store(ConsultationBundle("parks-2026", "Parks"));
  {
    KioskRuntime& r = Open();
    StartAnswering(r);
    runtime.reset();  // the power goes: no reset, no submission
  }
  KioskRuntime& r = Open();
  auto counts = r.LocalOutbox().Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->drafts, 0);
  EXPECT_EQ(counts->pending, 0);
}

TEST_F(RuntimeTest, AnAnonymousDraftLeftByACrashIsQueuedWhenItsTemplateKeepsPartials) {
  Store(ConsultationBundle("parks-2026", "Parks", true));
  {
    KioskRuntime& r = Open();
    StartAnswering(r);
    runtime.reset();  // the power goes: no reset, no submission
  }
  KioskRuntime& r = Open();
  auto counts = r.LocalOutbox().Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->drafts, 0);
  EXPECT_EQ(counts->pending, 1) << "queued as a partial response";
}

TEST_F(RuntimeTest, EnrolmentStoresTheTokenAndStartsSyncWhichBringsTheBundle) {
  FakeServer server;
  {
    auto lock = server.Lock();
    server.bundle = ConsultationBundle("parks-2026", "Parks");
  }
  KioskRuntime& r = Open();
  std::promise<void> news;
  std::once_flag once;
  r.StartSync([&] { std::call_once(once, [&] { news.set_value(); }); });
  ASSERT_EQ(r.ViewOperator().screen, OperatorScreen::kEnrolment);

  EXPECT_EQ(r.ApplyOperator(op::Enrol{server.Url(), "WRONG", "Library kiosk"}),
            RuntimeEffect::kNone);
  EXPECT_EQ(r.ViewOperator().message, "That enrolment code is not valid.");
  EXPECT_EQ(r.ApplyOperator(op::Enrol{server.Url(), "ENROL-CODE", "Library kiosk"}),
            RuntimeEffect::kEnrolled);
  EXPECT_FALSE(r.OperatorOpen()) << "first run closes the form once enrolled";
  const OperatorFacts facts = r.Facts();
  EXPECT_TRUE(facts.enrolled);
  EXPECT_EQ(facts.device_id, "dev-7");
  EXPECT_EQ(facts.server_url, server.Url());
  EXPECT_EQ(*r.LocalOutbox().GetSetting(kSettingToken), "token-7");

  ASSERT_EQ(news.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  // The worker's round stored the bundle before its news; it replaces the empty catalogue at
  // the attract screen the kiosk is on.
  r.Tick();
  EXPECT_EQ(r.View().title, "Parks");
}

// A loopback port that is bound but not listening: connecting to it is refused at once.
class RefusingPort {
 public:
  RefusingPort() : m_fd(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(m_fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
        getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      m_port = ntohs(address.sin_port);
  }
  ~RefusingPort() { close(m_fd); }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

 private:
  int m_fd;
  int m_port = 0;
};

TEST_F(RuntimeTest, AnUnreachableServerIsTheOperatorsMessageAndNothingIsStored) {
  RefusingPort refusing;
  const std::string url = refusing.Url();
  KioskRuntime& r = Open();
  EXPECT_EQ(r.ApplyOperator(op::Enrol{url, "ENROL-CODE", "Library kiosk"}), RuntimeEffect::kNone);
  EXPECT_NE(r.ViewOperator().message.find("cannot reach the server"), std::string::npos)
      << r.ViewOperator().message;
  EXPECT_FALSE(r.Facts().enrolled);
}

TEST_F(RuntimeTest, TheHiddenGestureAsksForThePinAndExitIsTheAppsToCarryOut) {
  Store(ConsultationBundle("parks-2026", "Parks"));
  config.operator_pin = "975310";
  KioskRuntime& r = Open();
  r.Apply(action::OpenOperator{});
  ASSERT_EQ(r.ViewOperator().screen, OperatorScreen::kPin);
  r.ApplyOperator(op::SubmitPin{"975310"});
  ASSERT_EQ(r.ViewOperator().screen, OperatorScreen::kPanel);
  EXPECT_EQ(r.ApplyOperator(op::ExitKiosk{}), RuntimeEffect::kExit);
}

}  // namespace
}  // namespace soundings::kiosk
