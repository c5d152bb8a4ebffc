#include <cmath>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

void BeginBody(int footer_lines) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = footer_lines * (Px(kMinTouchPx) + style.ItemSpacing.y) + style.ItemSpacing.y;
  // NavFlattened: arrow keys and Tab move between the body and the buttons below it.
  ImGui::BeginChild("##body", ImVec2(0, -footer), false,
                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NavFlattened);
}

void EndBody() {
  ImGui::EndChild();
  ImGui::Separator();
}

nlohmann::json NumberJson(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    return static_cast<long long>(value);
  return value;
}

}  // namespace soundings::kiosk::ui
