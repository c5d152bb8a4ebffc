#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawConfirm(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  BeginBody();
  ImGui::Dummy(ImVec2(0, Px(40)));
  Heading(Fill(Fill(UiText(Text::kConfirmTitle, lang), "subject", view.subject_name), "group",
               view.rater_group_label));
  if (view.resuming) Paragraph(UiText(Text::kConfirmResume, lang));
  ImGui::Dummy(ImVec2(0, Px(30)));
  const float width = std::min(ImGui::GetContentRegionAvail().x, Px(560));
  if (BigButton("confirm", UiText(Text::kThisIsMe, lang), width, true))
    Keep(out, action::ConfirmIdentity{});
  ImGui::Dummy(ImVec2(0, Px(10)));
  if (BigButton("not_me", UiText(Text::kNotMe, lang), width)) Keep(out, action::NotMe{});
  EndBody();
  if (BigButton("back", UiText(Text::kBack, lang), Px(220))) Keep(out, action::Back{});
  return out;
}

}  // namespace soundings::kiosk::ui
