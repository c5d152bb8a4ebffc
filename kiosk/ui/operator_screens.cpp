// Staff screens: PIN, the panel (sync state, kept responses, sync now, settings, exit) and the
// enrolment form. English only: staff, not the public, use them.

#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h, which it needs

#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {
namespace {

template <typename T>
void KeepOp(OperatorAction& into, T action) {
  if (std::holds_alternative<op::None>(into)) into = std::move(action);
}

void Fact(const char* label, const std::string& value) {
  Muted(label);
  ImGui::SameLine(Px(320));
  ImGui::TextUnformatted(value.empty() ? "-" : value.c_str());
}

}  // namespace

OperatorAction DrawOperatorPin(const OperatorView& view, OperatorWidgets& widgets) {
  OperatorAction out = op::None{};
  KeyboardSpec keypad;
  keypad.layout = KeyboardLayout::kDigits;  // a PIN is digits
  keypad.max_chars = 12;
  const std::vector<FooterButton> footer = {{"pin/cancel", "Cancel"}, {"pin/ok", "Open", true}};
  const ImGuiStyle& style = ImGui::GetStyle();
  BeginBody(ImGui::GetFrameHeight() + style.ItemSpacing.y +
                (view.message.empty() ? 0 : ImGui::GetTextLineHeight() + style.ItemSpacing.y) +
                KeyboardHeight(keypad, KeyboardBudget()) + style.ItemSpacing.y +
                FooterHeight(footer),
            "pin");
  Heading("Staff PIN");
  Paragraph("Enter the staff PIN to open the operator screen.");
  EndBody();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, Px(300)));
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  if (ImGui::InputText("##pin", &widgets.pin,
                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal |
                           ImGuiInputTextFlags_EnterReturnsTrue))
    KeepOp(out, op::SubmitPin{widgets.pin});
  Record("pin/input");
  if (!view.message.empty()) ErrorLine(view.message);
  OnScreenKeyboard("pin/keyboard", widgets.pin, widgets.keyboard, keypad, KeyboardBudget());
  const std::string pressed = Footer(footer);
  if (pressed == "pin/cancel") KeepOp(out, op::Close{});
  if (pressed == "pin/ok") KeepOp(out, op::SubmitPin{widgets.pin});
  if (!std::holds_alternative<op::None>(out)) widgets.pin.clear();
  return out;
}

OperatorAction DrawOperatorPanel(const OperatorView& view, OperatorWidgets&) {
  OperatorAction out = op::None{};
  const OperatorFacts& f = view.facts;
  const std::vector<FooterButton> footer = {{"operator/sync", "Sync now", true},
                                            {"operator/settings", "Enrolment and server"},
                                            {"operator/exit", "Exit kiosk"},
                                            {"operator/close", "Close", false, true}};
  Heading("Operator");
  if (!view.message.empty()) Paragraph(view.message);
  BeginBody(FooterHeight(footer), "panel");
  Fact("Waiting to send", std::to_string(f.pending));
  Fact("Sent", std::to_string(f.synced));
  Fact("Kept (not accepted)", std::to_string(f.kept));
  Fact("Unfinished (resumable)", std::to_string(f.drafts));
  Fact("Last successful sync", f.last_success_at);
  Fact("Last error", f.last_error);
  Fact("Device", f.enrolled ? f.device_id : "not enrolled");
  Fact("Venue", f.venue_id);
  Fact("Server", f.server_url);
  if (!f.kept_responses.empty()) {
    ImGui::Separator();
    Heading("Responses the server did not accept");
    Muted("They stay on this kiosk. Tell an administrator; the reasons are below.");
    for (const auto& kept : f.kept_responses) {
      Paragraph(kept.status + "  " + kept.campaign_id + "  " + kept.completed_at + "  " +
                kept.response_id);
      ImGui::Indent(Px(24));
      ErrorLine(kept.reasons);
      ImGui::Unindent(Px(24));
    }
  }
  EndBody();
  const std::string pressed = Footer(footer);
  if (pressed == "operator/sync") KeepOp(out, op::SyncNow{});
  if (pressed == "operator/settings") KeepOp(out, op::OpenEnrolment{});
  if (pressed == "operator/exit") KeepOp(out, op::ExitKiosk{});
  if (pressed == "operator/close") KeepOp(out, op::Close{});
  return out;
}

OperatorAction DrawEnrolment(const OperatorView& view, OperatorWidgets& widgets) {
  OperatorAction out = op::None{};
  if (ImGui::IsWindowAppearing() && widgets.server_url.empty())
    widgets.server_url = view.facts.server_url;
  KeyboardSpec keyboard;
  keyboard.max_chars = 200;
  const std::vector<FooterButton> footer = {
      {"enrol/cancel", view.first_run ? "Skip for now" : "Cancel"},
      {"enrol/submit", "Enrol", true}};
  Heading(view.first_run ? "Set up this kiosk" : "Enrolment and server");
  BeginBody(KeyboardHeight(keyboard, KeyboardBudget()) + ImGui::GetStyle().ItemSpacing.y +
                FooterHeight(footer),
            "enrolment");
  Paragraph(
      "Type the server address and the one-time enrolment code an administrator made "
      "(soundings-server device enrol-code). The kiosk keeps the device token it gets back.");
  std::string* fields[] = {&widgets.server_url, &widgets.enrolment_code, &widgets.kiosk_name};
  const char* labels[] = {"Server address", "Enrolment code", "Name of this kiosk"};
  const char* names[] = {"enrol/url", "enrol/code", "enrol/name"};
  for (int i = 0; i < 3; ++i) {
    Muted(labels[i]);
    const std::string type = widgets.field == i ? "Typing here" : "Type here";
    const float type_width = ButtonWidth(type, Px(220));
    const float avail = ImGui::GetContentRegionAvail().x;
    // Field and button side by side while the field keeps 200 px (at 100 %); on a narrow
    // screen at large text the button goes under its field.
    const float beside = avail - type_width - ImGui::GetStyle().ItemSpacing.x;
    const bool side_by_side = beside >= Px(200);
    ImGui::SetNextItemWidth(side_by_side ? beside : avail);
    ImGui::InputText((std::string("##") + names[i]).c_str(), fields[i]);
    if (ImGui::IsItemActivated()) widgets.field = i;
    Record(names[i]);
    if (side_by_side) ImGui::SameLine();
    if (BigButton(std::string(names[i]) + "/type", type, std::min(type_width, avail),
                  widgets.field == i))
      widgets.field = i;
  }
  if (!view.message.empty()) ErrorLine(view.message);
  EndBody();
  OnScreenKeyboard("enrol/keyboard", *fields[widgets.field], widgets.keyboard, keyboard,
                   KeyboardBudget());
  const std::string pressed = Footer(footer);
  if (pressed == "enrol/cancel") KeepOp(out, op::Close{});
  if (pressed == "enrol/submit")
    KeepOp(out, op::Enrol{widgets.server_url, widgets.enrolment_code, widgets.kiosk_name});
  return out;
}

OperatorAction DrawOperator(const OperatorView& view, OperatorWidgets& widgets) {
  OperatorAction out = op::None{};
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  FocusNextWindowIfNoneFocused();
  ImGui::Begin(
      "##operator", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  switch (view.screen) {
    case OperatorScreen::kClosed:
      break;
    case OperatorScreen::kPin:
      out = DrawOperatorPin(view, widgets);
      break;
    case OperatorScreen::kPanel:
      out = DrawOperatorPanel(view, widgets);
      break;
    case OperatorScreen::kEnrolment:
      out = DrawEnrolment(view, widgets);
      break;
  }
  if (std::holds_alternative<op::None>(out) && EscapePressed()) out = op::Close{};
  ImGui::End();
  return out;
}

}  // namespace soundings::kiosk::ui
