#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawThankYou(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const std::vector<FooterButton> footer = {{"finish", UiText(Text::kDone, lang), true}};
  BeginBody(FooterHeight(footer), "thanks");
  ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.1f));
  Heading(UiText(Text::kThankYouTitle, lang), true);
  ImGui::Spacing();
  Paragraph(UiText(Text::kThankYouBody, lang));
  EndBody();
  if (Footer(footer) == "finish") Keep(out, action::Finish{});
  return out;
}

UiAction DrawIdlePrompt(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const std::vector<FooterButton> footer = {{"start_again", UiText(Text::kStartAgain, lang)},
                                            {"still_here", UiText(Text::kImStillHere, lang), true}};
  BeginBody(FooterHeight(footer), "idle");
  ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.1f));
  Heading(UiText(Text::kStillThere, lang), true);
  ImGui::Spacing();
  Heading(Fill(UiText(Text::kStillThereBody, lang), "seconds",
               std::to_string(view.idle_seconds_left.value_or(0))));
  EndBody();
  const std::string pressed = Footer(footer);
  if (pressed == "start_again") Keep(out, action::StartAgain{});
  if (pressed == "still_here") Keep(out, action::StillHere{});
  return out;
}

}  // namespace soundings::kiosk::ui
