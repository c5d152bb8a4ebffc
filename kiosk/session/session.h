#pragma once
// One person's visit to the kiosk, from the attract screen to the thank-you page. Pure C++: no
// drawing, no threads. Screens read View() and hand back actions; Apply() decides navigation,
// validation and persistence; Tick() runs the timers (idle prompt, reset, autosave).

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/session/catalogue.h"
#include "kiosk/session/clock.h"
#include "kiosk/session/response_store.h"
#include "kiosk/session/session_view.h"
#include "kiosk/session/ui_action.h"
#include "shared/answers/answers.h"

namespace soundings::kiosk {

/// What happens to an anonymous respondent's unfinished answers when they walk away: discarded,
/// unless the template opts in to keeping them (keep_anonymous_partials); a kiosk may refuse to
/// keep them even then.
enum class PartialPolicy { kAsTemplateSays, kDiscard };

struct SessionConfig {
  LocalText kiosk_title;              // attract screen; empty: the anonymous survey's title
  std::string anonymous_campaign_id;  // "": no walk-up survey, codes only
  bool accept_codes = false;          // 360 and self-assessment invitation codes
  std::string venue_id;               // tags anonymous responses

  std::chrono::seconds idle_after{60};
  std::chrono::seconds idle_countdown{20};
  std::chrono::seconds thank_you_for{10};
  /// Typed text is written this long after the last keystroke (and whenever the field loses
  /// the focus or the page changes), not at every keystroke.
  std::chrono::milliseconds text_autosave_after{300};
  PartialPolicy anonymous_partial = PartialPolicy::kAsTemplateSays;
  int max_code_attempts = 5;
  std::chrono::seconds code_lockout{60};

  std::function<std::string()> new_response_id;  // empty: a random UUID v4
};

class Session {
 public:
  Session(SessionConfig config, const Catalogue& catalogue, ResponseStore& store,
          const Clock& clock);

  void Apply(const UiAction& action);
  /// Runs whatever timers are due; call once per frame (or whenever the app wakes).
  void Tick();
  /// Raw input arrived (a touch, a key) even if no screen turned it into an action.
  void NoteActivity();
  /// How long the app may sleep before Tick() has something to do; nullopt: until input.
  std::optional<std::chrono::milliseconds> TimeUntilNextTimer() const;

  SessionView View() const;
  Screen CurrentScreen() const { return m_screen; }
  /// The answers a submission would carry now: answers to hidden items left out.
  Answers EffectiveAnswers() const;
  const std::string& ResponseId() const { return m_response_id; }
  /// True once after the operator gesture.
  bool TakeOperatorRequest();
  /// For previews and screenshots only: shows the `index`-th visible section (0-based) without
  /// validating the pages before it. False when there is no such section.
  bool PreviewSection(int index);

 private:
  const Template* CurrentTemplate() const;
  /// The languages offered now: the current template's; before one is chosen, the walk-up
  /// survey's, else those of every campaign the kiosk has; "en" when there is none.
  std::vector<std::string> Languages() const;
  /// Keeps the chosen language if `tmpl` has it, else switches to the template's first.
  void FitLanguageTo(const Template& tmpl);
  AnswerContext Context(bool partial = false) const;
  std::vector<const Section*> VisibleSections(const Answers& answers) const;
  std::vector<const Item*> VisibleItems(const Section& section, const Answers& answers) const;
  const Section* CurrentSection() const;
  Problems PageProblems(const Section& section, bool include_missing) const;

  void OnStart(const action::Start& start);
  void OnSubmitCode(const action::SubmitCode& submit);
  void OnConfirm();
  void OnAcceptConsent();
  void OnSetAnswer(const action::SetAnswer& set);
  void OnNext(bool validate);
  void OnSkipSection();
  void OnBack();
  void OnSubmit();
  void EnterQuestions(const std::string& section_id);
  bool MoveTo(const std::string& section_id);
  bool FlushPendingAnswers();
  bool Persist(const std::string& item_id);
  /// Back to the attract screen. `same_person`: they stepped back (from the code, its
  /// confirmation or the consent page) and are still at the kiosk, so their language, text size
  /// and contrast stay; otherwise (finished, timed out, "Start again") the next person gets the
  /// defaults.
  void Reset(bool same_person = false);

  SessionConfig m_config;
  const Catalogue& m_catalogue;
  ResponseStore& m_store;
  const Clock& m_clock;

  Screen m_screen = Screen::kAttract;
  std::string m_language;
  int m_text_scale = 100;
  bool m_high_contrast = false;
  std::optional<Text> m_error;
  bool m_operator_requested = false;

  const Campaign* m_campaign = nullptr;
  std::optional<Unlock> m_unlock;
  std::optional<Draft> m_draft;
  std::optional<Text> m_code_message;
  int m_failed_codes = 0;
  SteadyTime m_locked_until{};

  std::string m_response_id;
  bool m_response_begun = false;
  std::string m_started_at;
  Answers m_answers;
  std::set<std::string> m_unsaved;  // typed answers not yet written
  SteadyTime m_last_typing{};
  std::string m_section_id;
  bool m_show_missing = false;
  int m_attention = 0;  // refusals of Next or Send, for PageView::attention
  bool m_return_to_review = false;

  SteadyTime m_last_activity{};
  bool m_idle_prompt = false;
  SteadyTime m_idle_prompt_since{};
  SteadyTime m_thanks_since{};
};

/// Empty strings, lists and objects count as no answer.
bool IsAnswered(const nlohmann::json& value);

}  // namespace soundings::kiosk
