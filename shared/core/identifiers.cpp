#include "shared/core/identifiers.h"

#include <algorithm>

namespace soundings {

namespace {

constexpr std::size_t kMaxCampaignId = 64;
constexpr std::size_t kMaxFileName = 128;

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsFileNameChar(char c) {
  return IsLowerOrDigit(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_';
}

}  // namespace

Status CheckCampaignId(std::string_view id) {
  const auto fail = [](const std::string& why) {
    return Problem{"id", "A campaign id is " + std::string(kCampaignIdRule) + "; " + why + "."};
  };
  if (id.empty()) return fail("this one is empty");
  if (id.size() > kMaxCampaignId) {
    return fail("this one has " + std::to_string(id.size()) + " characters");
  }
  if (!IsLowerOrDigit(id.front())) return fail("this one starts with another character");
  const bool allowed = std::all_of(
      id.begin(), id.end(), [](char c) { return IsLowerOrDigit(c) || c == '-' || c == '_'; });
  // The offending text is not echoed: it may hold quotes, slashes or control characters.
  if (!allowed) return fail("this one has other characters");
  return Ok{};
}

std::string SafeFileName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (out.empty() && c == '.') continue;
    out += IsFileNameChar(c) ? c : '_';
    if (out.size() == kMaxFileName) break;
  }
  return out.empty() ? "download" : out;
}

}  // namespace soundings
