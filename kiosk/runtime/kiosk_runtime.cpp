#include "kiosk/runtime/kiosk_runtime.h"

#include "kiosk/config/demo.h"
#include "kiosk/runtime/page_speech.h"
#include "kiosk/sync/bundle_catalogue.h"
#include "kiosk/sync/sync_client.h"

namespace soundings::kiosk {

std::string ChooseAnonymousCampaign(const std::string& configured, const Catalogue& catalogue) {
  if (!configured.empty()) return configured;
  for (const auto& c : catalogue.Campaigns())
    if (c.tmpl && c.tmpl->kind == TemplateKind::kConsultation && !c.closing) return c.id;
  return "";
}

Result<std::unique_ptr<KioskRuntime>> KioskRuntime::Open(KioskConfig config, bool demo,
                                                         const std::filesystem::path& template_dir,
                                                         const Clock& clock) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec)
    return Problem{config.data_dir.string(),
                   "cannot create the kiosk's data folder: " + ec.message()};
  auto outbox = Outbox::Open(config.data_dir / "kiosk.db");
  if (!outbox.ok()) return outbox.problems();
  return std::unique_ptr<KioskRuntime>(
      new KioskRuntime(std::move(config), demo, template_dir, clock, std::move(outbox.value())));
}

KioskRuntime::KioskRuntime(KioskConfig config, bool demo, std::filesystem::path template_dir,
                           const Clock& clock, std::unique_ptr<Outbox> outbox)
    : m_config(std::move(config)),
      m_demo(demo),
      m_template_dir(std::move(template_dir)),
      m_clock(clock),
      m_outbox(std::move(outbox)),
      m_operator(m_config.operator_pin, clock) {
  m_warnings = m_config.warnings;
  LoadCatalogue();
  RecoverDrafts();
  if (!m_demo && Setting(kSettingToken).empty()) m_operator.OpenFirstRun();
}

void KioskRuntime::RecoverDrafts() {
  // Anonymous answers a crash left behind go the way idle ones do: kept as a partial response
  // only when their template asks for that (and the kiosk does not refuse), else discarded.
  // Before anyone can start a new response.
  auto keep = [this](const ResponseHeader& header) {
    if (m_config.anonymous_partial == PartialPolicy::kDiscard) return false;
    const Campaign* campaign = m_catalogue->FindCampaign(header.campaign_id);
    return campaign && campaign->tmpl && campaign->tmpl->id == header.template_id &&
           campaign->tmpl->version == header.template_version &&
           campaign->tmpl->keep_anonymous_partials;
  };
  if (auto recovered = m_outbox->RecoverAnonymousDrafts(keep, FormatRfc3339(m_clock.WallNow()));
      !recovered.ok())
    for (const auto& p : recovered.problems()) m_warnings.push_back(p);
}

KioskRuntime::~KioskRuntime() {
  if (m_worker) m_worker->Stop();
  m_read_aloud.reset();
}

std::string KioskRuntime::Setting(const char* key) const {
  auto value = m_outbox->GetSetting(key);
  return value.ok() ? *value : "";
}

std::string KioskRuntime::ServerUrl() const {
  const std::string stored = Setting(kSettingServerUrl);
  return stored.empty() ? m_config.server_url : stored;
}

void KioskRuntime::LoadCatalogue() {
  std::shared_ptr<Catalogue> catalogue;
  const std::string bundle_text = Setting(kSettingBundle);
  if (!bundle_text.empty()) {
    auto bundle = sync::ParseBundle(bundle_text);
    if (!bundle.ok()) {
      m_warnings.push_back({"bundle", "the stored bundle cannot be read: " + bundle.ErrorText()});
    } else {
      auto built =
          BundleCatalogue::Build(*bundle, [this] { return FormatRfc3339(m_clock.WallNow()); });
      if (built.ok()) {
        for (const auto& warning : built.value()->Warnings())
          m_warnings.push_back({"bundle." + warning.path, warning.message});
        catalogue = built.value();
      } else {
        for (const auto& p : built.problems())
          m_warnings.push_back({"bundle." + p.path, p.message});
      }
    }
  }
  if (!catalogue && m_demo) {
    auto demo = DemoCatalogue(m_template_dir);
    if (demo.ok())
      catalogue = demo.value();
    else
      for (const auto& p : demo.problems()) m_warnings.push_back(p);
  }
  // Not enrolled, or no bundle yet: the attract screen offers nothing until one arrives.
  if (!catalogue) catalogue = std::make_shared<MemoryCatalogue>();
  SessionConfig session_config = m_config.ToSessionConfig();
  session_config.anonymous_campaign_id =
      ChooseAnonymousCampaign(m_config.anonymous_campaign_id, *catalogue);
  m_session.reset();  // it refers to the catalogue it replaces
  m_catalogue = std::move(catalogue);
  m_session = std::make_unique<Session>(session_config, *m_catalogue, *m_outbox, m_clock);
}

void KioskRuntime::StartSync(std::function<void()> wake) {
  m_wake = std::move(wake);
  RestartWorker();
}

void KioskRuntime::StartReadAloud(SpeechBackend backend) {
  m_read_aloud = std::make_unique<ReadAloud>(std::move(backend), [this] {
    if (m_wake) m_wake();
  });
}

std::string KioskRuntime::PageKey() const {
  const SessionView view = m_session->View();
  return ToString(view.screen) + "/" + (view.page.section ? view.page.section->id : "") + "/" +
         view.language + "/" + m_session->ResponseId();
}

SessionView KioskRuntime::View() const {
  SessionView view = m_session->View();
  if (!m_read_aloud || PageSpeech(view).empty()) return view;
  switch (m_read_aloud->CurrentState()) {
    case ReadAloud::State::kChecking:
    case ReadAloud::State::kNoSound:
      view.listen = ListenButton::kNoSound;
      break;
    case ReadAloud::State::kReady:
      view.listen = ListenButton::kReady;
      break;
    case ReadAloud::State::kSpeaking:
      view.listen = ListenButton::kSpeaking;
      break;
  }
  return view;
}

void KioskRuntime::RestartWorker() {
  if (m_worker) m_worker->Stop();
  m_worker.reset();
  const std::string token = Setting(kSettingToken);
  if (token.empty() || ServerUrl().empty() || !m_wake) return;
  SyncSettings settings;
  settings.db_path = m_config.data_dir / "kiosk.db";
  settings.server_url = ServerUrl();
  settings.device_id = Setting(kSettingDeviceId);
  settings.token = token;
  settings.interval = m_config.sync_interval;
  m_worker = std::make_unique<SyncWorker>(settings, m_clock);
  m_worker->Start([this] {
    m_news = true;
    m_wake();
  });
}

void KioskRuntime::TakeSyncNews() {
  if (!m_news.exchange(false) || !m_worker) return;
  const int updates = m_worker->State().bundle_updates;
  if (updates != m_bundle_updates) m_pending_bundle = true;
  m_bundle_updates = updates;
}

void KioskRuntime::Tick() {
  TakeSyncNews();
  if (m_pending_bundle && m_session->CurrentScreen() == Screen::kAttract &&
      !m_session->View().idle_seconds_left) {
    m_pending_bundle = false;
    LoadCatalogue();
  }
  m_session->Tick();
  StopSpeechOffPage();
}

void KioskRuntime::StopSpeechOffPage() {
  // The voice reads one page: another page, language or respondent silences it.
  if (!m_read_aloud || m_spoken_page.empty() || PageKey() == m_spoken_page) return;
  m_read_aloud->Stop();
  m_spoken_page.clear();
}

void KioskRuntime::Apply(const UiAction& action) {
  if (std::holds_alternative<action::Listen>(action) && m_read_aloud) {
    const SessionView view = m_session->View();
    m_read_aloud->Toggle(PageSpeech(view), view.language);
    m_spoken_page = PageKey();
  }
  m_session->Apply(action);
  StopSpeechOffPage();
  if (m_session->TakeOperatorRequest()) m_operator.Open();
}

std::optional<std::chrono::milliseconds> KioskRuntime::TimeUntilNextTimer() const {
  return m_session->TimeUntilNextTimer();
}

RuntimeEffect KioskRuntime::ApplyOperator(const OperatorAction& action) {
  const OperatorEffect effect = m_operator.Apply(action);
  switch (effect.kind) {
    case OperatorEffect::Kind::kNone:
      return RuntimeEffect::kNone;
    case OperatorEffect::Kind::kSyncNow:
      if (m_worker) m_worker->SyncNow();
      return RuntimeEffect::kNone;
    case OperatorEffect::Kind::kExit:
      return RuntimeEffect::kExit;
    case OperatorEffect::Kind::kEnrol:
      return Enrol(effect.enrol);
  }
  return RuntimeEffect::kNone;
}

RuntimeEffect KioskRuntime::Enrol(const op::Enrol& enrol) {
  SyncClient client(enrol.server_url, "", std::chrono::seconds(10));
  auto enrolment = client.Enrol(enrol.enrolment_code, enrol.kiosk_name);
  if (!enrolment.ok()) {
    m_operator.EnrolmentDone(Problem{"", enrolment.error.message});
    return RuntimeEffect::kNone;
  }
  Status saved = m_outbox->SetSetting(kSettingServerUrl, enrol.server_url);
  if (saved) saved = m_outbox->SetSetting(kSettingDeviceId, enrolment->device_id);
  if (saved) saved = m_outbox->SetSetting(kSettingToken, enrolment->token);
  m_operator.EnrolmentDone(saved);
  if (!saved) return RuntimeEffect::kNone;
  // From now on the kiosk serves its server's campaigns: the demo's stay only until the first
  // bundle arrives (and replaces them at the attract screen).
  m_demo = false;
  RestartWorker();
  return RuntimeEffect::kEnrolled;
}

OperatorFacts KioskRuntime::Facts() const {
  OperatorFacts f;
  if (auto counts = m_outbox->Counts(); counts.ok()) {
    f.pending = counts->pending;
    f.synced = counts->synced;
    f.kept = counts->kept;
    f.drafts = counts->drafts;
  }
  if (auto kept = m_outbox->Kept(); kept.ok()) {
    for (const auto& k : *kept) {
      KeptLine line{k.response_id, ToString(k.status), k.campaign_id, k.completed_at, ""};
      for (const auto& p : k.problems)
        line.reasons += (line.reasons.empty() ? "" : "\n") + p.ToString();
      f.kept_responses.push_back(std::move(line));
    }
  }
  if (m_worker) {
    const SyncState state = m_worker->State();
    f.last_success_at = state.last_success_at;
    f.last_error = state.last_error;
  } else {
    f.last_error = m_demo ? "demo mode: no server" : "not enrolled";
  }
  f.device_id = Setting(kSettingDeviceId);
  f.enrolled = !Setting(kSettingToken).empty();
  f.venue_id = m_config.venue_id;
  f.server_url = ServerUrl();
  return f;
}

}  // namespace soundings::kiosk
