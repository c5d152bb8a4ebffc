#pragma once
// Small UTF-8 helpers for the expression lexer and answer validation: lengths in templates and
// answers count Unicode code points, and text must be valid UTF-8 (no overlongs, no surrogates).

#include <cstddef>
#include <optional>
#include <string_view>

namespace soundings {

/// Byte offset of the first invalid UTF-8 sequence in `text`, or nullopt when all of it is valid.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

/// Number of code points in valid UTF-8 `text` (continuation bytes are not counted).
std::size_t CountCodePoints(std::string_view text);

}  // namespace soundings
