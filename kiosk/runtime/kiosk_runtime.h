#pragma once
// The running kiosk between its window and its parts: the outbox, which campaigns it offers (the
// stored bundle, or the demo's), when a new bundle replaces them, enrolment, the sync worker, and
// the facts the operator panel shows. Plain C++ like Session, so each of these decisions is
// unit-tested; the app (kiosk/app) only opens the window, draws frames and hands over what the
// screens return.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/config/kiosk_config.h"
#include "kiosk/runtime/read_aloud.h"
#include "kiosk/session/catalogue.h"
#include "kiosk/session/clock.h"
#include "kiosk/session/operator.h"
#include "kiosk/session/session.h"
#include "kiosk/store/outbox.h"
#include "kiosk/sync/sync_worker.h"
#include "shared/core/error.h"

namespace soundings::kiosk {

/// Settings keys in the outbox database for what enrolment gave this kiosk.
inline constexpr const char* kSettingToken = "device_token";
inline constexpr const char* kSettingDeviceId = "device_id";
inline constexpr const char* kSettingServerUrl = "server_url";

/// The walk-up survey: `configured` when set (none when the catalogue lacks it or it is
/// closing), else the first open consultation; "" for none (the kiosk then takes codes only).
std::string ChooseAnonymousCampaign(const std::string& configured, const Catalogue& catalogue);

/// What the app must do after an operator action; everything else the runtime did itself.
enum class RuntimeEffect {
  kNone,
  kExit,      // the operator's "Exit kiosk": close the window
  kEnrolled,  // enrolment succeeded: the form's fields may be cleared
};

class KioskRuntime {
 public:
  /// Opens (or creates) the outbox in `config.data_dir`, builds the catalogue from the stored
  /// bundle (the bundled templates in `template_dir` when `demo` and no bundle is stored yet),
  /// deals with anonymous drafts a crash left behind, and starts a session. A kiosk with no
  /// device token opens the enrolment form unless it runs the demo. Fails only when the outbox
  /// cannot be opened; a stored bundle that cannot be used is a warning.
  static Result<std::unique_ptr<KioskRuntime>> Open(KioskConfig config, bool demo,
                                                    const std::filesystem::path& template_dir,
                                                    const Clock& clock);
  ~KioskRuntime();
  KioskRuntime(const KioskRuntime&) = delete;
  KioskRuntime& operator=(const KioskRuntime&) = delete;

  /// Problems met while loading (a stored bundle that cannot be read, bad templates in it).
  const Problems& Warnings() const { return m_warnings; }
  const Session& CurrentSession() const { return *m_session; }
  const OperatorSession& Operator() const { return m_operator; }
  const Catalogue& CurrentCatalogue() const { return *m_catalogue; }
  Outbox& LocalOutbox() { return *m_outbox; }

  /// Starts the sync worker when the kiosk is enrolled; `wake` is called on the worker's thread
  /// whenever it has news (the app wakes its event loop with it). Call once the screen is up.
  void StartSync(std::function<void()> wake);
  /// Starts read-aloud's thread (it looks for a sound device first); call after StartSync, whose
  /// `wake` it uses too. Without it the Listen button stays hidden.
  void StartReadAloud(SpeechBackend backend);
  /// Once per frame: takes the sync worker's news (a new bundle replaces the catalogue, but only
  /// on the attract screen, never under someone's feet) and runs the session's timers.
  void Tick();
  /// Raw input arrived (a touch, a key) even if no screen turned it into an action.
  void NoteActivity() { m_session->NoteActivity(); }
  /// What the respondent's screen returned. The hidden gesture opens the operator PIN.
  void Apply(const UiAction& action);
  /// What the operator's screen returned: carries out sync now and enrolment itself.
  RuntimeEffect ApplyOperator(const OperatorAction& action);

  /// The session's view, with the Listen button's state.
  SessionView View() const;
  OperatorView ViewOperator() const { return m_operator.View(Facts()); }
  bool OperatorOpen() const { return m_operator.IsOpen(); }
  /// How long the app may sleep before Tick() has something to do; nullopt: until input.
  std::optional<std::chrono::milliseconds> TimeUntilNextTimer() const;

  /// A new bundle is in the outbox: the catalogue is rebuilt at the next attract screen. The
  /// sync worker's news calls this; tests call it after storing a bundle themselves.
  void NoteNewBundle() { m_pending_bundle = true; }
  /// What the operator panel shows: counts, kept responses, sync state, enrolment.
  OperatorFacts Facts() const;

 private:
  KioskRuntime(KioskConfig config, bool demo, std::filesystem::path template_dir,
               const Clock& clock, std::unique_ptr<Outbox> outbox);
  std::string Setting(const char* key) const;
  std::string ServerUrl() const;
  void LoadCatalogue();
  void RecoverDrafts();
  void RestartWorker();
  void TakeSyncNews();
  RuntimeEffect Enrol(const op::Enrol& enrol);
  std::string PageKey() const;
  void StopSpeechOffPage();

  KioskConfig m_config;
  bool m_demo;
  std::filesystem::path m_template_dir;
  const Clock& m_clock;
  std::unique_ptr<Outbox> m_outbox;
  OperatorSession m_operator;
  Problems m_warnings;
  std::shared_ptr<Catalogue> m_catalogue;
  std::unique_ptr<Session> m_session;  // refers to *m_catalogue and *m_outbox
  std::function<void()> m_wake;
  std::unique_ptr<ReadAloud> m_read_aloud;
  std::string m_spoken_page;  // the page being read aloud; leaving it stops the voice
  std::atomic<bool> m_news{false};
  int m_bundle_updates = 0;
  bool m_pending_bundle = false;
  std::unique_ptr<SyncWorker> m_worker;  // last: its callback touches the members above
};

}  // namespace soundings::kiosk
