#include <imgui_internal.h>

#include "kiosk/session/ui_text.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {
namespace {

std::string ProblemSummary(const PageView& page, const std::string& lang) {
  const int count = page.missing + page.invalid;
  if (page.invalid == 0)
    return count == 1 ? UiText(Text::kMissingOne, lang)
                      : Fill(UiText(Text::kMissingMany, lang), "n", std::to_string(count));
  return count == 1 ? UiText(Text::kCheckOne, lang)
                    : Fill(UiText(Text::kCheckMany, lang), "n", std::to_string(count));
}

}  // namespace

UiAction DrawQuestionPage(const SessionView& view, PageWidgets& widgets) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const PageView& page = view.page;
  if (!page.section) return out;
  if (widgets.section_id != page.section->id) {
    // A new page: text buffers start from the saved answers (a resumed response has some).
    const int attention = widgets.attention;
    widgets = PageWidgets{};
    widgets.section_id = page.section->id;
    widgets.attention = attention;
  }
  // The on-screen keyboard is open while a text question on this page has it.
  const Item* typing = nullptr;
  for (const ItemView& iv : page.items)
    if (iv.item->id == widgets.keyboard_item) typing = iv.item;
  if (!typing) widgets.keyboard_item.clear();
  const KeyboardSpec keyboard = typing ? TypingKeyboard(*typing, lang) : KeyboardSpec{};
  // Refused by Next (or sent back from the review): scroll to the first question with a
  // problem and give it the focus, once per refusal.
  const bool attend = page.attention != widgets.attention && page.missing + page.invalid > 0;
  widgets.attention = page.attention;

  if (!typing) {
    // Progress outside the scrolling body, so it is always in view (not while typing: the
    // keyboard needs the room).
    Muted(Fill(Fill(UiText(Text::kPageOf, lang), "page", std::to_string(page.index + 1)), "pages",
               std::to_string(page.count)));
    ImGui::ProgressBar(
        page.count ? static_cast<float>(page.index + 1) / static_cast<float>(page.count) : 0.0f,
        ImVec2(-1, Px(10)), "");
  }
  if (page.missing + page.invalid > 0 && page.attention > 0) {
    ErrorLine(ProblemSummary(page, lang));
    Record("text:problems/summary");
  }
  const std::string next = UiText(page.last ? Text::kReviewAnswers : Text::kNext, lang);
  const std::vector<FooterButton> footer = {{"back", UiText(Text::kBack, lang)},
                                            {"next", next, true}};
  // While typing, the keyboard takes the footer's place; its Done key gives it back.
  BeginBody(typing ? KeyboardHeight(keyboard, KeyboardBudget()) : FooterHeight(footer),
            "page/" + page.section->id);
  Heading(page.title);
  Record("text:page/title");
  if (!page.description.empty()) Paragraph(page.description);
  if (page.optional_module) {
    Muted(UiText(Text::kOptionalSection, lang));
    if (BigButton("skip_section", UiText(Text::kSkipSection, lang),
                  ButtonWidth(UiText(Text::kSkipSection, lang), Px(360))))
      Keep(out, action::SkipSection{});
  }
  bool first_problem = attend;
  for (const ItemView& item : page.items) {
    ImGui::Dummy(ImVec2(0, Px(12)));
    const bool focus = first_problem && !item.problems.empty();
    if (focus) {
      ScrollHereToTop();
      first_problem = false;
    }
    ImGui::PushID(item.item->id.c_str());
    const UiAction drawn = DrawItem(view, item, widgets, focus);
    ImGui::PopID();
    // Choosing an answer elsewhere puts the keyboard away (the session saves what was typed
    // when another answer comes).
    if (const auto* set = std::get_if<action::SetAnswer>(&drawn);
        set && typing && set->item_id != typing->id && item.item->type != ItemType::kNumber &&
        item.item->type != ItemType::kShortText && item.item->type != ItemType::kLongText)
      widgets.keyboard_item.clear();
    Keep(out, drawn);
  }
  ImGui::Dummy(ImVec2(0, Px(24)));
  EndBody();
  if (typing) {
    std::string& buffer = widgets.text[typing->id];
    const KeyboardResult typed =
        OnScreenKeyboard("osk", buffer, widgets.keyboard, keyboard, KeyboardBudget());
    RecordPrimary("osk/key/hide");
    if (typed.changed) {
      Keep(out, TypedAnswer(*typing, buffer));
      widgets.reveal = true;
    }
    if (typed.hide) {
      widgets.left_field = typing->id;
      widgets.keyboard_item.clear();
    }
  } else {
    const std::string pressed = Footer(footer);
    if (pressed == "back") Keep(out, action::Back{});
    if (pressed == "next") Keep(out, action::Next{});
  }
  if (IsNone(out) && !widgets.left_field.empty()) {
    out = action::LeaveField{widgets.left_field};
    widgets.left_field.clear();
  }
  return out;
}

UiAction DrawReview(const SessionView& view) {
  UiAction out = action::None{};
  const std::string& lang = view.language;
  const std::vector<FooterButton> footer = {{"back", UiText(Text::kBack, lang)},
                                            {"submit", UiText(Text::kSubmit, lang), true}};
  BeginBody(FooterHeight(footer), "review");
  Heading(UiText(Text::kReviewTitle, lang));
  const std::string change = UiText(Text::kChange, lang);
  const float change_width = ButtonWidth(change, Px(200));
  for (const ReviewSection& section : view.review) {
    ImGui::Dummy(ImVec2(0, Px(8)));
    ImGui::PushID(section.section_id.c_str());
    // "Change" beside the section's title when both fit on the line, else under it.
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool beside =
        ImGui::CalcTextSize(section.title.c_str()).x * 1.35f + change_width + Px(24) < avail;
    Heading(section.title);
    if (beside) ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - change_width);
    if (BigButton("change/" + section.section_id, change, change_width))
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
  const std::string pressed = Footer(footer);
  if (pressed == "back") Keep(out, action::Back{});
  if (pressed == "submit") Keep(out, action::Submit{});
  return out;
}

}  // namespace soundings::kiosk::ui
