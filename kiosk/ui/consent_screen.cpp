#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawConsent(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const std::vector<FooterButton> footer = {{"decline", UiText(Text::kDecline, lang)},
                                            {"agree", UiText(Text::kAgree, lang), true}};
  BeginBody(FooterHeight(footer), "consent");
  Heading(UiText(Text::kPrivacyTitle, lang));
  ImGui::Spacing();
  if (!view.introduction.empty()) {
    Paragraph(view.introduction);
    ImGui::Spacing();
  }
  if (!view.deadline.empty()) {
    Paragraph(Fill(UiText(Text::kAnswerBy, lang), "date", view.deadline));
    ImGui::Spacing();
  }
  Paragraph(view.privacy_notice);
  if (!view.anonymity_notice.empty()) {
    ImGui::Spacing();
    Paragraph(view.anonymity_notice);
  }
  EndBody();
  const std::string pressed = Footer(footer);
  if (pressed == "decline") Keep(out, action::DeclineConsent{});
  if (pressed == "agree") Keep(out, action::AcceptConsent{});
  return out;
}

}  // namespace soundings::kiosk::ui
