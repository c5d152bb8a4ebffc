#include "kiosk/runtime/preview.h"

#include <cstdlib>

#include "kiosk/config/demo.h"
#include "kiosk/runtime/page_speech.h"

namespace soundings::kiosk {
namespace {

// Walks `session` to `screen`; false when it cannot get there.
bool GoToScreen(Session& session, ManualClock& clock, const SessionConfig& config,
                const std::string& screen, bool coded) {
  if (screen == "attract") return true;
  if (screen == "code") {
    session.Apply(action::Start{true});
    return session.CurrentScreen() == Screen::kCodeEntry;
  }
  if (coded) {
    session.Apply(action::Start{true});
    session.Apply(action::SubmitCode{kDemoCode});
    if (screen != "confirm") session.Apply(action::ConfirmIdentity{});
  } else {
    session.Apply(action::Start{false});
  }
  if (screen == "confirm") return session.CurrentScreen() == Screen::kConfirm;
  if (screen == "consent") return session.CurrentScreen() == Screen::kConsent;
  session.Apply(action::AcceptConsent{});
  if (screen.rfind("question:", 0) == 0)
    return session.PreviewSection(std::atoi(screen.c_str() + 9) - 1);
  if (screen == "idle") {
    clock.Advance(config.idle_after);
    session.Tick();
    clock.Advance(std::chrono::seconds(3));
    return true;
  }
  const int pages = session.View().page.count;
  session.PreviewSection(pages - 1);
  session.Apply(action::Next{});
  return screen == "review" && session.CurrentScreen() == Screen::kReview;
}

}  // namespace

Result<std::unique_ptr<Preview>> Preview::Make(const PreviewRequest& request) {
  std::unique_ptr<Preview> p(new Preview());
  bool coded = false;
  if (!request.template_file.empty()) {
    std::string campaign;
    auto loaded = SingleTemplateCatalogue(request.template_file, &campaign);
    if (!loaded.ok()) return loaded.problems();
    p->m_catalogue = loaded.value();
    const Campaign* c = p->m_catalogue->FindCampaign(campaign);
    coded = c->tmpl->kind != TemplateKind::kConsultation;
    if (coded) {
      p->m_config.accept_codes = true;
    } else {
      p->m_config.anonymous_campaign_id = campaign;
    }
  } else {
    auto loaded = DemoCatalogue(request.template_dir);
    if (!loaded.ok()) return loaded.problems();
    p->m_catalogue = loaded.value();
    p->m_config.anonymous_campaign_id = kDemoConsultationCampaign;
    p->m_config.accept_codes = true;
    p->m_config.kiosk_title = {
        {"en", "Have your say"}, {"cy", "Dweud eich dweud"}, {"pl", "Wyraź swoją opinię"}};
    coded = request.screen == "confirm";
  }
  p->m_session = std::make_unique<Session>(p->m_config, *p->m_catalogue, p->m_store, p->m_clock);
  Session& session = *p->m_session;
  if (!request.language.empty()) session.Apply(action::ChooseLanguage{request.language});
  if (request.text_size != 100) session.Apply(action::SetTextScale{request.text_size});
  if (request.high_contrast) session.Apply(action::SetHighContrast{true});
  p->m_thanks = request.screen == "thanks";
  if (!p->m_thanks && !GoToScreen(session, p->m_clock, p->m_config, request.screen, coded))
    return Problem{"--screen", "cannot show screen \"" + request.screen + "\" for this template"};
  if (!request.typing.empty()) {
    for (const ItemView& item : session.View().page.items) {
      const ItemType type = item.item->type;
      if (type != ItemType::kShortText && type != ItemType::kLongText) continue;
      p->m_typing_item = item.item->id;
      session.Apply(action::SetAnswer{item.item->id, request.typing});
      break;
    }
    if (p->m_typing_item.empty())
      return Problem{"--typing", "the page has no text question to type into"};
  }
  return p;
}

SessionView Preview::View() const {
  SessionView view = m_session->View();
  if (m_thanks) view.screen = Screen::kThankYou;
  // As on a kiosk with sound: the Listen button wherever there is something to read.
  if (!PageSpeech(view).empty()) view.listen = ListenButton::kReady;
  return view;
}

bool IsOperatorPreview(const std::string& screen) {
  return screen == "pin" || screen == "operator" || screen == "enrolment";
}

OperatorPreview::OperatorPreview(const std::string& screen) {
  if (screen == "enrolment") {
    session.OpenFirstRun();
  } else {
    session.Open();
    if (screen == "operator") session.Apply(op::SubmitPin{"2468"});
  }
  if (screen == "pin") typed_pin = "24";
  facts.pending = 12;
  facts.synced = 348;
  facts.kept = 1;
  facts.drafts = 2;
  facts.last_success_at = "2026-11-28T09:42:10Z";
  facts.last_error = "cannot reach the server (Connection) while sending responses";
  facts.device_id = "dev-5";
  facts.enrolled = true;
  facts.venue_id = "central-library";
  facts.server_url = "http://10.0.0.2:8080";
  facts.kept_responses.push_back(
      {"3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b", "rejected", "parks-2026", "2026-11-27T15:02:44Z",
       "answers.satisfaction: must be a point of scale agree5 (1 to 5), not 7"});
}

}  // namespace soundings::kiosk
