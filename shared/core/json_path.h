#pragma once
// Builds the JSON paths used in Problem::path: "sections[2].items[4].scale".

#include <cstddef>
#include <string>
#include <string_view>

namespace soundings {

/// "parent.key", or "key" when parent is empty.
inline std::string JoinPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out(parent);
  out += '.';
  out += key;
  return out;
}

/// "parent[index]".
inline std::string IndexPath(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

}  // namespace soundings
