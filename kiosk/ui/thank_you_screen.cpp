#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawThankYou(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.15f));
  Heading(UiText(Text::kThankYouTitle, lang), true);
  ImGui::Spacing();
  Paragraph(UiText(Text::kThankYouBody, lang));
  ImGui::Dummy(ImVec2(0, Px(40)));
  if (BigButton("finish", UiText(Text::kDone, lang), Px(300), true)) Keep(out, action::Finish{});
  return out;
}

UiAction DrawIdlePrompt(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.15f));
  Heading(UiText(Text::kStillThere, lang), true);
  ImGui::Spacing();
  Heading(Fill(UiText(Text::kStillThereBody, lang), "seconds",
               std::to_string(view.idle_seconds_left.value_or(0))));
  ImGui::Dummy(ImVec2(0, Px(40)));
  const float width = std::min(ImGui::GetContentRegionAvail().x, Px(560));
  if (BigButton("still_here", UiText(Text::kImStillHere, lang), width, true))
    Keep(out, action::StillHere{});
  ImGui::Dummy(ImVec2(0, Px(10)));
  if (BigButton("start_again", UiText(Text::kStartAgain, lang), width))
    Keep(out, action::StartAgain{});
  return out;
}

}  // namespace soundings::kiosk::ui
