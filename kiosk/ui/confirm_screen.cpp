#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawConfirm(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const std::vector<FooterButton> footer = {{"back", UiText(Text::kBack, lang)},
                                            {"not_me", UiText(Text::kNotMe, lang), false, true},
                                            {"confirm", UiText(Text::kThisIsMe, lang), true}};
  BeginBody(FooterHeight(footer), "confirm");
  ImGui::Dummy(ImVec2(0, Px(24)));
  Heading(Fill(Fill(UiText(Text::kConfirmTitle, lang), "subject", view.subject_name), "group",
               view.rater_group_label));
  if (view.resuming) Paragraph(UiText(Text::kConfirmResume, lang));
  EndBody();
  const std::string pressed = Footer(footer);
  if (pressed == "back") Keep(out, action::Back{});
  if (pressed == "not_me") Keep(out, action::NotMe{});
  if (pressed == "confirm") Keep(out, action::ConfirmIdentity{});
  return out;
}

}  // namespace soundings::kiosk::ui
