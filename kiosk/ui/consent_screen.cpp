#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawConsent(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  BeginBody();
  Heading(UiText(Text::kPrivacyTitle, lang));
  ImGui::Spacing();
  if (!view.introduction.empty()) {
    Paragraph(view.introduction);
    ImGui::Spacing();
  }
  Paragraph(view.privacy_notice);
  EndBody();
  if (BigButton("decline", UiText(Text::kDecline, lang), Px(260)))
    Keep(out, action::DeclineConsent{});
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - Px(380));
  if (BigButton("agree", UiText(Text::kAgree, lang), Px(380), true))
    Keep(out, action::AcceptConsent{});
  return out;
}

}  // namespace soundings::kiosk::ui
