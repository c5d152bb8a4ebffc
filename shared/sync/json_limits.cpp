#include "shared/sync/json_limits.h"

#include <string>

namespace soundings::sync {

int JsonNestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        ++depth;
        if (depth > deepest) deepest = depth;
        if (deepest > limit) return deepest;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

Result<nlohmann::json> ParseJsonLimited(std::string_view text, int max_nesting) {
  if (JsonNestingDepth(text, max_nesting) > max_nesting) {
    return Problem{"", "the JSON is nested deeper than " + std::to_string(max_nesting) + " levels"};
  }
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " tag: people read this sentence.
    std::string detail = e.what();
    if (auto end = detail.find("] "); detail.starts_with("[json.") && end != std::string::npos) {
      detail.erase(0, end + 2);
    }
    return Problem{"", "malformed JSON at byte " + std::to_string(e.byte) + ": " + detail};
  } catch (const std::exception& e) {
    return Problem{"", std::string("malformed JSON: ") + e.what()};
  }
}

}  // namespace soundings::sync
