#include "kiosk/session/session.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>

#include "kiosk/session/answer_text.h"
#include "kiosk/session/visit.h"
#include "shared/core/time.h"
#include "shared/results/anonymity_promise.h"
#include "shared/sync/protocol.h"

namespace soundings::kiosk {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

std::string ToString(Screen screen) {
  switch (screen) {
    case Screen::kAttract:
      return "attract";
    case Screen::kCodeEntry:
      return "code";
    case Screen::kConfirm:
      return "confirm";
    case Screen::kConsent:
      return "consent";
    case Screen::kQuestions:
      return "questions";
    case Screen::kReview:
      return "review";
    case Screen::kThankYou:
      return "thanks";
  }
  return "unknown";
}

bool IsAnswered(const nlohmann::json& value) {
  if (value.is_null()) return false;
  if (value.is_string() || value.is_array() || value.is_object()) return !value.empty();
  return true;
}

namespace {

bool IsTyped(ItemType type) {
  return type == ItemType::kShortText || type == ItemType::kLongText || type == ItemType::kNumber;
}

// Required matrix items need every row; ValidateAnswer leaves `required` to the caller.
bool MissingRows(const Item& item, const nlohmann::json& value) {
  if (item.type != ItemType::kMatrix || !value.is_object()) return false;
  return std::any_of(item.rows.begin(), item.rows.end(),
                     [&](const MatrixRow& row) { return !value.contains(row.id); });
}

// A deadline as people near this kiosk read a date: day/month/year and the hour in the kiosk's
// own time zone (the server stores UTC). "" when the server sent none or nonsense.
std::string LocalDeadline(const std::string& closes_at) {
  const auto when = ParseRfc3339(closes_at);
  if (!when) return "";
  const std::time_t t = std::chrono::system_clock::to_time_t(*when);
  std::tm local{};
  if (localtime_r(&t, &local) == nullptr) return "";
  std::array<char, 32> text{};
  const std::size_t n = std::strftime(text.data(), text.size(), "%d/%m/%Y %H:%M", &local);
  return std::string(text.data(), n);
}

}  // namespace

Session::Session(SessionConfig config, const Catalogue& catalogue, ResponseStore& store,
                 const Clock& clock)
    : m_config(std::move(config)), m_catalogue(catalogue), m_store(store), m_clock(clock) {
  if (!m_config.new_response_id) m_config.new_response_id = [] { return sync::NewUuidV4(); };
  Reset();
}

// ---- queries -------------------------------------------------------------------------------

const Template* Session::CurrentTemplate() const {
  return m_campaign && m_campaign->tmpl ? m_campaign->tmpl.get() : nullptr;
}

std::vector<std::string> Session::Languages() const {
  if (const Template* tmpl = CurrentTemplate(); tmpl && !tmpl->languages.empty())
    return tmpl->languages;
  const Campaign* anonymous = m_catalogue.FindCampaign(m_config.anonymous_campaign_id);
  if (anonymous && anonymous->tmpl && !anonymous->tmpl->languages.empty())
    return anonymous->tmpl->languages;
  // Codes only: any of the campaigns behind a code may be the person's, so all their languages.
  std::vector<std::string> all;
  for (const auto& c : m_catalogue.Campaigns())
    if (c.tmpl)
      for (const auto& language : c.tmpl->languages)
        if (std::find(all.begin(), all.end(), language) == all.end()) all.push_back(language);
  if (all.empty()) all = {"en"};
  return all;
}

void Session::FitLanguageTo(const Template& tmpl) {
  if (tmpl.languages.empty()) return;
  if (std::find(tmpl.languages.begin(), tmpl.languages.end(), m_language) == tmpl.languages.end())
    m_language = tmpl.languages.front();
}

AnswerContext Session::Context(bool partial) const {
  AnswerContext ctx;
  ctx.rater_group = m_unlock ? m_unlock->rater_group : "";
  ctx.language = m_language;
  ctx.partial = partial;
  return ctx;
}

std::vector<const Item*> Session::VisibleItems(const Section& section,
                                               const Answers& answers) const {
  std::vector<const Item*> out;
  const Template* tmpl = CurrentTemplate();
  if (!tmpl) return out;
  const AnswerContext ctx = Context();
  for (const auto& item : section.items)
    if (item.AskedOf(ctx.rater_group) && IsVisible(*tmpl, section, item, answers, ctx))
      out.push_back(&item);
  return out;
}

std::vector<const Section*> Session::VisibleSections(const Answers& answers) const {
  std::vector<const Section*> out;
  const Template* tmpl = CurrentTemplate();
  if (!tmpl) return out;
  const AnswerContext ctx = Context();
  for (const auto& section : tmpl->sections) {
    if (!section.AskedOf(ctx.rater_group) || !IsVisible(*tmpl, section, answers, ctx)) continue;
    if (!VisibleItems(section, answers).empty()) out.push_back(&section);
  }
  return out;
}

Answers Session::EffectiveAnswers() const {
  // Hiding an item can hide others that depended on its answer, so repeat until nothing changes;
  // each round removes at least one answer, which bounds the loop.
  Answers current;
  for (const auto& [id, value] : m_answers)
    if (IsAnswered(value)) current[id] = value;
  const Template* tmpl = CurrentTemplate();
  if (!tmpl) return current;
  while (true) {
    std::set<std::string> shown;
    for (const Section* section : VisibleSections(current))
      for (const Item* item : VisibleItems(*section, current)) shown.insert(item->id);
    bool removed = false;
    for (auto it = current.begin(); it != current.end();) {
      if (!shown.count(it->first)) {
        it = current.erase(it);
        removed = true;
      } else {
        ++it;
      }
    }
    if (!removed) return current;
  }
}

const Section* Session::CurrentSection() const {
  const Template* tmpl = CurrentTemplate();
  if (!tmpl) return nullptr;
  const auto visible = VisibleSections(EffectiveAnswers());
  for (const Section* section : visible)
    if (section->id == m_section_id) return section;
  // The current section was hidden by a later change: show the next visible one after it.
  std::size_t position = 0;
  for (; position < tmpl->sections.size(); ++position)
    if (tmpl->sections[position].id == m_section_id) break;
  for (const Section* section : visible)
    if (section - tmpl->sections.data() > static_cast<std::ptrdiff_t>(position)) return section;
  return visible.empty() ? nullptr : visible.back();
}

Problems Session::PageProblems(const Section& section, bool include_missing) const {
  Problems problems;
  const Template* tmpl = CurrentTemplate();
  const Answers effective = EffectiveAnswers();
  for (const Item* item : VisibleItems(section, effective)) {
    auto it = m_answers.find(item->id);
    const bool answered = it != m_answers.end() && IsAnswered(it->second);
    if (answered) {
      for (auto& p : ValidateAnswer(*tmpl, *item, it->second)) {
        if (p.path.empty()) p.path = item->id;
        problems.push_back(std::move(p));
      }
    }
    if (!include_missing || !item->required) continue;
    if (!answered)
      problems.push_back({item->id, UiText(Text::kRequired, m_language)});
    else if (MissingRows(*item, it->second))
      problems.push_back({item->id, UiText(Text::kRequiredRows, m_language)});
  }
  return problems;
}

SessionView Session::View() const {
  SessionView view;
  view.screen = m_screen;
  view.language = m_language;
  view.languages = Languages();
  view.text_scale_percent = m_text_scale;
  view.high_contrast = m_high_contrast;
  view.error = m_error;
  view.offers_code = m_config.accept_codes;
  const Campaign* anonymous = m_catalogue.FindCampaign(m_config.anonymous_campaign_id);
  view.offers_anonymous = anonymous && anonymous->tmpl && !anonymous->closing;

  const Template* tmpl = CurrentTemplate();
  if (!tmpl && anonymous && anonymous->tmpl) tmpl = anonymous->tmpl.get();
  view.tmpl = tmpl;
  const std::string subject = m_unlock ? m_unlock->subject_name : "";
  if (!m_config.kiosk_title.empty() && (m_screen == Screen::kAttract || !tmpl))
    view.title = Pick(m_config.kiosk_title, m_language);
  else if (tmpl)
    view.title = Fill(Pick(tmpl->title, m_language), "subject", subject);
  if (tmpl) {
    view.introduction = Fill(Pick(tmpl->introduction, m_language), "subject", subject);
    view.privacy_notice = Fill(Pick(tmpl->privacy_notice, m_language), "subject", subject);
    if (m_unlock && !m_unlock->rater_group.empty()) {
      view.anonymity_notice = AnonymityPromise(*tmpl, m_unlock->rater_group, subject, m_language);
    }
  }
  if (m_idle_prompt) {
    const auto left = m_config.idle_countdown - (m_clock.Now() - m_idle_prompt_since);
    const auto seconds = duration_cast<std::chrono::seconds>(left + std::chrono::milliseconds(999));
    view.idle_seconds_left = std::max<int>(0, static_cast<int>(seconds.count()));
  }

  switch (m_screen) {
    case Screen::kConsent:
      if (m_campaign && !m_campaign->closes_at.empty()) {
        view.deadline = LocalDeadline(m_campaign->closes_at);
      }
      break;
    case Screen::kAttract:
    case Screen::kThankYou:
      break;
    case Screen::kCodeEntry:
      view.code_message = m_code_message;
      break;
    case Screen::kConfirm:
      if (m_unlock && tmpl) {
        view.subject_name = m_unlock->subject_name;
        const RaterGroup* group = tmpl->FindRaterGroup(m_unlock->rater_group);
        view.rater_group_label = group ? Pick(group->label, m_language) : m_unlock->rater_group;
        view.resuming = m_draft.has_value();
      }
      break;
    case Screen::kQuestions: {
      const Section* section = CurrentSection();
      if (!section) break;
      const Answers effective = EffectiveAnswers();
      const auto sections = VisibleSections(effective);
      PageView& page = view.page;
      page.section = section;
      page.title = Fill(Pick(section->title, m_language), "subject", subject);
      page.description = Fill(Pick(section->description, m_language), "subject", subject);
      page.count = static_cast<int>(sections.size());
      for (std::size_t i = 0; i < sections.size(); ++i)
        if (sections[i] == section) page.index = static_cast<int>(i);
      page.last = page.index + 1 == page.count;
      page.attention = m_attention;
      const auto items = VisibleItems(*section, effective);
      page.optional_module =
          !section->module.empty() &&
          std::none_of(items.begin(), items.end(), [](const Item* i) { return i->required; });
      const Problems problems = PageProblems(*section, m_show_missing);
      for (const Item* item : items) {
        ItemView iv;
        iv.item = item;
        if (item->type == ItemType::kLikert || item->type == ItemType::kMatrix)
          iv.scale = tmpl->FindScale(item->scale);
        iv.wording = item->Wording(Context().rater_group, m_language, subject);
        iv.help = Fill(Pick(item->help, m_language), "subject", subject);
        if (auto it = m_answers.find(item->id); it != m_answers.end() && IsAnswered(it->second))
          iv.answer = &it->second;
        for (const auto& p : problems)
          if (p.path == item->id || p.path.rfind(item->id + ".", 0) == 0) iv.problems.push_back(p);
        if (!iv.problems.empty()) ++(iv.answer ? page.invalid : page.missing);
        page.items.push_back(std::move(iv));
      }
      break;
    }
    case Screen::kReview: {
      if (!tmpl) break;
      const Answers effective = EffectiveAnswers();
      for (const Section* section : VisibleSections(effective)) {
        ReviewSection rs;
        rs.section_id = section->id;
        rs.title = Fill(Pick(section->title, m_language), "subject", subject);
        for (const Item* item : VisibleItems(*section, effective)) {
          ReviewRow row;
          row.question = item->Wording(Context().rater_group, m_language, subject);
          auto it = effective.find(item->id);
          row.answer = it == effective.end() ? UiText(Text::kNoAnswer, m_language)
                                             : FormatAnswer(*tmpl, *item, it->second, m_language);
          rs.rows.push_back(std::move(row));
        }
        view.review.push_back(std::move(rs));
      }
      break;
    }
  }
  return view;
}

std::optional<milliseconds> Session::TimeUntilNextTimer() const {
  const SteadyTime now = m_clock.Now();
  std::optional<SteadyTime> due;
  auto consider = [&](SteadyTime t) {
    if (!due || t < *due) due = t;
  };
  if (m_screen == Screen::kThankYou) consider(m_thanks_since + m_config.thank_you_for);
  if (m_screen != Screen::kAttract && m_screen != Screen::kThankYou) {
    if (m_idle_prompt) {
      // Redraw every second so the countdown moves.
      const auto elapsed = now - m_idle_prompt_since;
      const auto next_second =
          duration_cast<std::chrono::seconds>(elapsed) + std::chrono::seconds(1);
      consider(m_idle_prompt_since +
               std::min<SteadyTime::duration>(next_second, m_config.idle_countdown));
    } else {
      consider(m_last_activity + m_config.idle_after);
    }
  }
  if (!m_unsaved.empty()) consider(m_last_typing + m_config.text_autosave_after);
  if (m_screen == Screen::kCodeEntry && m_locked_until > now) consider(m_locked_until);
  if (!due) return std::nullopt;
  return std::max(milliseconds(0), duration_cast<milliseconds>(*due - now));
}

bool Session::TakeOperatorRequest() {
  const bool requested = m_operator_requested;
  m_operator_requested = false;
  return requested;
}

bool Session::PreviewSection(int index) {
  if (m_screen != Screen::kQuestions && m_screen != Screen::kReview) return false;
  const auto visible = VisibleSections(EffectiveAnswers());
  if (index < 0 || index >= static_cast<int>(visible.size())) return false;
  m_screen = Screen::kQuestions;
  return MoveTo(visible[static_cast<std::size_t>(index)]->id);
}

// ---- actions -------------------------------------------------------------------------------

void Session::NoteActivity() {
  if (!m_idle_prompt) m_last_activity = m_clock.Now();
}

void Session::Tick() {
  const SteadyTime now = m_clock.Now();
  if (!m_unsaved.empty() && now - m_last_typing >= m_config.text_autosave_after)
    FlushPendingAnswers();
  switch (m_screen) {
    case Screen::kAttract:
      return;
    case Screen::kThankYou:
      if (now - m_thanks_since >= m_config.thank_you_for) Reset();
      return;
    default:
      break;
  }
  if (!m_idle_prompt && now - m_last_activity >= m_config.idle_after) {
    m_idle_prompt = true;
    m_idle_prompt_since = now;
  }
  if (m_idle_prompt && now - m_idle_prompt_since >= m_config.idle_countdown) Reset();
}

void Session::Apply(const UiAction& any) {
  if (IsNone(any)) return;
  m_last_activity = m_clock.Now();
  m_idle_prompt = false;
  // One handler per action kind (visit.h): a kind added to UiAction without one here does not
  // compile. Each checks the screen it belongs to, since a frame may carry a stale action.
  VisitExhaustively(
      any, [](const action::None&) {},
      [this](const action::Start& a) {
        if (m_screen == Screen::kAttract) OnStart(a);
      },
      [this](const action::ChooseLanguage& a) {
        const auto offered = Languages();
        if (std::find(offered.begin(), offered.end(), a.language) != offered.end())
          m_language = a.language;
      },
      [this](const action::SubmitCode& a) {
        if (m_screen == Screen::kCodeEntry) OnSubmitCode(a);
      },
      [this](const action::ConfirmIdentity&) {
        if (m_screen == Screen::kConfirm) OnConfirm();
      },
      [this](const action::NotMe&) {
        if (m_screen != Screen::kConfirm) return;
        m_unlock.reset();
        m_draft.reset();
        m_campaign = nullptr;
        m_code_message = Text::kNotMeHelp;
        m_screen = Screen::kCodeEntry;
      },
      [this](const action::AcceptConsent&) {
        if (m_screen == Screen::kConsent) OnAcceptConsent();
      },
      [this](const action::DeclineConsent&) {
        if (m_screen == Screen::kConsent) Reset(true);
      },
      [this](const action::SetAnswer& a) {
        if (m_screen == Screen::kQuestions) OnSetAnswer(a);
      },
      [this](const action::Next&) {
        if (m_screen == Screen::kQuestions) OnNext(true);
      },
      [this](const action::SkipSection&) {
        if (m_screen == Screen::kQuestions) OnSkipSection();
      },
      [this](const action::Back&) { OnBack(); },
      [this](const action::GoToSection& a) {
        if (m_screen == Screen::kReview && MoveTo(a.section_id)) {
          m_return_to_review = true;
          m_screen = Screen::kQuestions;
        }
      },
      [this](const action::Submit&) {
        if (m_screen == Screen::kReview) OnSubmit();
      },
      [this](const action::Finish&) {
        if (m_screen == Screen::kThankYou) Reset();
      },
      // Apply() already cleared the prompt and restarted the idle timer.
      [](const action::StillHere&) {}, [this](const action::StartAgain&) { Reset(); },
      [this](const action::SetTextScale& a) { m_text_scale = std::clamp(a.percent, 100, 200); },
      [this](const action::SetHighContrast& a) { m_high_contrast = a.on; },
      [this](const action::OpenOperator&) { m_operator_requested = true; },
      [this](const action::LeaveField& a) {
        if (m_unsaved.erase(a.item_id)) Persist(a.item_id);
      },
      // The runtime reads the page aloud; for the session it is only activity.
      [](const action::Listen&) {});
}

void Session::OnSkipSection() {
  const SessionView view = View();
  if (!view.page.optional_module) return;
  for (const auto& item : view.page.section->items) {
    if (m_answers.erase(item.id)) {
      m_unsaved.erase(item.id);
      if (!m_store.SaveAnswer(m_response_id, item.id, nullptr)) m_error = Text::kSaveFailed;
    }
  }
  OnNext(false);
}

void Session::OnStart(const action::Start& start) {
  const Campaign* anonymous = m_catalogue.FindCampaign(m_config.anonymous_campaign_id);
  const bool anonymous_open = anonymous && anonymous->tmpl && !anonymous->closing;
  if (m_config.accept_codes && (start.with_code || !anonymous_open)) {
    m_code_message.reset();
    m_screen = Screen::kCodeEntry;
    return;
  }
  if (!anonymous_open) return;
  m_campaign = anonymous;
  FitLanguageTo(*anonymous->tmpl);
  m_screen = Screen::kConsent;
}

void Session::OnSubmitCode(const action::SubmitCode& submit) {
  const SteadyTime now = m_clock.Now();
  if (now < m_locked_until) {
    m_code_message = Text::kCodeLocked;
    return;
  }
  if (SimpleNormaliseCode(submit.code).empty()) {
    m_code_message = Text::kCodeEmpty;
    return;
  }
  auto fail = [&](Text why) {
    m_code_message = why;
    if (++m_failed_codes >= m_config.max_code_attempts) {
      // Codes carry 50+ bits, but a lockout still makes guessing at a public kiosk pointless.
      m_locked_until = now + m_config.code_lockout;
      m_failed_codes = 0;
    }
  };
  CodeCheck why = CodeCheck::kUnknown;
  auto unlock = m_catalogue.CheckCode(submit.code, &why);
  if (!unlock) return fail(why == CodeCheck::kExpired ? Text::kCodeExpired : Text::kCodeUnknown);
  const Campaign* campaign = m_catalogue.FindCampaign(unlock->campaign_id);
  if (!campaign || !campaign->tmpl) return fail(Text::kCodeUnknown);
  auto completed = m_store.InvitationCompleted(unlock->invitation_code);
  if (!completed.ok()) {
    m_error = Text::kSaveFailed;
    return;
  }
  if (*completed) return fail(Text::kCodeUsed);
  auto draft = m_store.FindDraft(unlock->invitation_code);
  if (!draft.ok()) {
    m_error = Text::kSaveFailed;
    return;
  }
  m_failed_codes = 0;
  m_code_message.reset();
  m_unlock = std::move(*unlock);
  m_campaign = campaign;
  FitLanguageTo(*campaign->tmpl);
  m_draft = *draft;
  // A draft made on another template version cannot continue on this one.
  if (m_draft && (m_draft->header.template_id != campaign->tmpl->id ||
                  m_draft->header.template_version != campaign->tmpl->version))
    m_draft.reset();
  m_screen = Screen::kConfirm;
}

void Session::OnConfirm() {
  if (!m_draft) {
    m_screen = Screen::kConsent;
    return;
  }
  m_response_id = m_draft->header.response_id;
  m_started_at = m_draft->header.started_at;
  m_response_begun = true;
  m_answers = m_draft->answers;
  const std::string section = m_draft->section_id;
  m_draft.reset();
  EnterQuestions(section);
}

void Session::OnAcceptConsent() {
  const Template* tmpl = CurrentTemplate();
  if (!tmpl) return;
  if (!m_response_begun) {
    ResponseHeader header;
    header.response_id = m_config.new_response_id();
    header.campaign_id = m_campaign->id;
    header.template_id = tmpl->id;
    header.template_version = tmpl->version;
    if (m_unlock) {
      header.rater_group = m_unlock->rater_group;
      header.invitation_code = m_unlock->invitation_code;
      header.subject_name = m_unlock->subject_name;
    } else {
      header.venue_id = m_config.venue_id;
    }
    header.language = m_language;
    header.started_at = FormatRfc3339(m_clock.WallNow());
    if (!m_store.BeginResponse(header)) {
      m_error = Text::kSaveFailed;
      return;
    }
    m_response_id = header.response_id;
    m_started_at = header.started_at;
    m_response_begun = true;
  }
  EnterQuestions("");
}

void Session::EnterQuestions(const std::string& section_id) {
  const auto visible = VisibleSections(EffectiveAnswers());
  if (visible.empty()) {
    m_screen = Screen::kReview;
    return;
  }
  std::string target = visible.front()->id;
  for (const Section* s : visible)
    if (s->id == section_id) target = section_id;
  m_screen = Screen::kQuestions;
  m_show_missing = false;
  m_return_to_review = false;
  MoveTo(target);
}

bool Session::MoveTo(const std::string& section_id) {
  if (!FlushPendingAnswers()) return false;
  if (!m_store.SaveProgress(m_response_id, section_id, m_language)) {
    m_error = Text::kSaveFailed;
    return false;
  }
  m_section_id = section_id;
  m_show_missing = false;
  return true;
}

void Session::OnSetAnswer(const action::SetAnswer& set) {
  const Section* section = CurrentSection();
  const Template* tmpl = CurrentTemplate();
  if (!section || !tmpl) return;
  const auto items = VisibleItems(*section, EffectiveAnswers());
  auto it =
      std::find_if(items.begin(), items.end(), [&](const Item* i) { return i->id == set.item_id; });
  if (it == items.end()) return;  // not on this page: a stale frame, ignore
  if (IsAnswered(set.value))
    m_answers[set.item_id] = set.value;
  else
    m_answers.erase(set.item_id);
  if (IsTyped((*it)->type)) {
    // Typed answers are saved when the person pauses or leaves the page, not per keystroke.
    m_unsaved.insert(set.item_id);
    m_last_typing = m_clock.Now();
    return;
  }
  // Another answer chosen means the focus left any text field: what was typed is saved too.
  m_unsaved.erase(set.item_id);
  FlushPendingAnswers();
  Persist(set.item_id);
}

bool Session::Persist(const std::string& item_id) {
  auto it = m_answers.find(item_id);
  const nlohmann::json value = it == m_answers.end() ? nlohmann::json() : it->second;
  if (!m_store.SaveAnswer(m_response_id, item_id, value)) {
    m_error = Text::kSaveFailed;
    m_unsaved.insert(item_id);  // try again at the next flush
    return false;
  }
  if (m_error == Text::kSaveFailed) m_error.reset();
  return true;
}

bool Session::FlushPendingAnswers() {
  const std::set<std::string> pending = std::exchange(m_unsaved, {});
  bool ok = true;
  for (const auto& id : pending) ok = Persist(id) && ok;
  return ok;
}

void Session::OnNext(bool validate) {
  const Section* section = CurrentSection();
  if (!section) return;
  if (!FlushPendingAnswers()) return;
  if (validate && !PageProblems(*section, true).empty()) {
    m_show_missing = true;
    ++m_attention;
    return;
  }
  const auto visible = VisibleSections(EffectiveAnswers());
  auto it = std::find(visible.begin(), visible.end(), section);
  if (m_return_to_review || it == visible.end() || std::next(it) == visible.end()) {
    if (!m_store.SaveProgress(m_response_id, section->id, m_language)) {
      m_error = Text::kSaveFailed;
      return;
    }
    m_return_to_review = false;
    m_screen = Screen::kReview;
    return;
  }
  MoveTo((*std::next(it))->id);
}

void Session::OnBack() {
  switch (m_screen) {
    case Screen::kCodeEntry:
    case Screen::kConfirm:
      Reset(true);
      return;
    case Screen::kConsent:
      if (m_unlock) {
        m_screen = Screen::kConfirm;
        return;
      }
      Reset(true);
      return;
    case Screen::kReview: {
      const auto visible = VisibleSections(EffectiveAnswers());
      if (visible.empty()) return;
      m_screen = Screen::kQuestions;
      MoveTo(visible.back()->id);
      return;
    }
    case Screen::kQuestions: {
      const Section* section = CurrentSection();
      const auto visible = VisibleSections(EffectiveAnswers());
      auto it = std::find(visible.begin(), visible.end(), section);
      m_return_to_review = false;
      if (it == visible.begin() || it == visible.end()) {
        FlushPendingAnswers();
        m_screen = Screen::kConsent;
        return;
      }
      MoveTo((*std::prev(it))->id);
      return;
    }
    default:
      return;
  }
}

void Session::OnSubmit() {
  const Template* tmpl = CurrentTemplate();
  if (!tmpl || !FlushPendingAnswers()) return;
  const Answers answers = EffectiveAnswers();
  const Problems problems = ValidateAnswers(*tmpl, answers, Context());
  if (!problems.empty()) {
    // Send the person to the first page with something to fix.
    for (const auto& p : problems) {
      const std::string item_id = p.path.substr(0, p.path.find('.'));
      if (const Section* s = tmpl->SectionOfItem(item_id)) {
        m_screen = Screen::kQuestions;
        MoveTo(s->id);
        m_show_missing = true;
        ++m_attention;
        return;
      }
    }
    m_error = Text::kSubmitFailed;
    return;
  }
  if (!m_store.SaveProgress(m_response_id, m_section_id, m_language) ||
      !m_store.CompleteResponse(m_response_id, answers, FormatRfc3339(m_clock.WallNow()), false)) {
    m_error = Text::kSubmitFailed;
    return;
  }
  // The response is safe in the outbox: forget it here so the next person cannot see it.
  m_response_begun = false;
  m_answers.clear();
  m_unsaved.clear();
  m_error.reset();
  m_screen = Screen::kThankYou;
  m_thanks_since = m_clock.Now();
}

void Session::Reset(bool same_person) {
  if (m_response_begun) {
    if (m_unlock) {
      // Identified respondents keep their draft to resume with their code.
      FlushPendingAnswers();
    } else {
      // Anonymous answers left behind are discarded unless the template asks to keep them.
      const Template* tmpl = CurrentTemplate();
      const bool keeps = m_config.anonymous_partial == PartialPolicy::kAsTemplateSays && tmpl &&
                         tmpl->keep_anonymous_partials;
      Answers keep;
      if (keeps) {
        for (const auto& [id, value] : EffectiveAnswers()) {
          const Item* item = tmpl->FindItem(id);
          if (item && ValidateAnswer(*tmpl, *item, value).empty()) keep[id] = value;
        }
      }
      // Best effort on the way back to the attract screen: nobody is at the kiosk to tell, and
      // a response these writes miss stays in progress in the outbox, never lost.
      if (!keep.empty()) {
        (void)m_store.SaveProgress(m_response_id, m_section_id, m_language);
        (void)m_store.CompleteResponse(m_response_id, keep, FormatRfc3339(m_clock.WallNow()), true);
      } else {
        (void)m_store.DiscardResponse(m_response_id);
      }
    }
  }
  m_screen = Screen::kAttract;
  m_campaign = nullptr;
  const auto offered = Languages();
  if (!same_person || std::find(offered.begin(), offered.end(), m_language) == offered.end())
    m_language = offered.front();
  if (!same_person) {
    m_text_scale = 100;
    m_high_contrast = false;
  }
  m_error.reset();
  m_unlock.reset();
  m_draft.reset();
  m_code_message.reset();
  m_response_id.clear();
  m_response_begun = false;
  m_started_at.clear();
  m_answers.clear();
  m_unsaved.clear();
  m_section_id.clear();
  m_show_missing = false;
  m_return_to_review = false;
  m_idle_prompt = false;
  m_last_activity = m_clock.Now();
}

}  // namespace soundings::kiosk
