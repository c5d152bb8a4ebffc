#include <cmath>

#include "kiosk/ui/input.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace soundings::kiosk::ui {

void BeginBody(float footer_height, const std::string& id) {
  const ImGuiStyle& style = ImGui::GetStyle();
  // Below the body: a gap, the separator (one pixel), a gap, then the footer.
  const float below = footer_height + 2 * style.ItemSpacing.y + 1;
  // A body of its own per page (the id): each opens at the top, not where the last was left.
  // NavFlattened: arrow keys and Tab move between the body and the buttons below it.
  ImGui::BeginChild(("##body/" + id).c_str(), ImVec2(0, -below), false,
                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NavFlattened);
  if (ImGui::IsWindowAppearing()) {
    ImGui::SetScrollY(0);
    StopDragToScroll();
  }
}

void EndBody() {
  DragToScroll();
  RecordScroll();
  ImGui::EndChild();
  ImGui::Separator();
}

nlohmann::json NumberJson(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    return static_cast<long long>(value);
  return value;
}

}  // namespace soundings::kiosk::ui
