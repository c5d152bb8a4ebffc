#include <imgui_internal.h>

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

UiAction DrawQuestionPage(const SessionView& view, PageWidgets& widgets) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const PageView& page = view.page;
  if (!page.section) return out;
  if (widgets.section_id != page.section->id) {
    // A new page: text buffers start from the saved answers (a resumed response has some).
    widgets = PageWidgets{};
    widgets.section_id = page.section->id;
  }

  // Progress first, outside the scrolling body, so it is always in view.
  Muted(Fill(Fill(UiText(Text::kPageOf, lang), "page", std::to_string(page.index + 1)), "pages",
             std::to_string(page.count)));
  ImGui::ProgressBar(
      page.count ? static_cast<float>(page.index + 1) / static_cast<float>(page.count) : 0.0f,
      ImVec2(-1, Px(14)), "");
  BeginBody();
  if (ImGui::IsWindowAppearing()) ImGui::SetScrollY(0);
  Heading(page.title);
  if (!page.description.empty()) Paragraph(page.description);
  if (page.optional_module) {
    Muted(UiText(Text::kOptionalSection, lang));
    if (BigButton("skip_section", UiText(Text::kSkipSection, lang), Px(360)))
      Keep(out, action::SkipSection{});
  }
  for (const ItemView& item : page.items) {
    ImGui::Dummy(ImVec2(0, Px(12)));
    ImGui::PushID(item.item->id.c_str());
    Keep(out, DrawItem(view, item, widgets));
    ImGui::PopID();
  }
  ImGui::Dummy(ImVec2(0, Px(24)));
  EndBody();
  if (BigButton("back", UiText(Text::kBack, lang), Px(220))) Keep(out, action::Back{});
  const std::string next = UiText(page.last ? Text::kReviewAnswers : Text::kNext, lang);
  const float next_width = std::max(Px(300), ImGui::CalcTextSize(next.c_str()).x + Px(60));
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - next_width);
  if (BigButton("next", next, next_width, true)) Keep(out, action::Next{});
  return out;
}

UiAction DrawReview(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  Heading(UiText(Text::kReviewTitle, lang));
  BeginBody();
  for (const ReviewSection& section : view.review) {
    ImGui::Dummy(ImVec2(0, Px(8)));
    ImGui::PushID(section.section_id.c_str());
    Heading(section.title);
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - Px(200));
    if (BigButton("change/" + section.section_id, UiText(Text::kChange, lang), Px(200)))
      Keep(out, action::GoToSection{section.section_id});
    for (const ReviewRow& row : section.rows) {
      Muted(row.question);
      ImGui::Indent(Px(24));
      Paragraph(row.answer);
      ImGui::Unindent(Px(24));
    }
    ImGui::Separator();
    ImGui::PopID();
  }
  EndBody();
  if (BigButton("back", UiText(Text::kBack, lang), Px(220))) Keep(out, action::Back{});
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - Px(400));
  if (BigButton("submit", UiText(Text::kSubmit, lang), Px(400), true)) Keep(out, action::Submit{});
  return out;
}

}  // namespace soundings::kiosk::ui
