#pragma once
// Parsing untrusted JSON (request bodies, bundles) with a nesting limit checked before the parser
// recurses, so a body of 100,000 '[' costs a scan, not a stack.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"

namespace soundings::sync {

/// The deepest nesting accepted in any request body or bundle.
inline constexpr int kMaxJsonNesting = 32;

/// Deepest array/object nesting in `text`, ignoring brackets inside strings; stops counting (and
/// returns a value > limit) as soon as `limit` is exceeded.
int JsonNestingDepth(std::string_view text, int limit);

/// Parses `text`; reports "nesting deeper than N levels" or "malformed JSON at byte K: ..." as one
/// problem with an empty path. Never throws.
Result<nlohmann::json> ParseJsonLimited(std::string_view text, int max_nesting = kMaxJsonNesting);

}  // namespace soundings::sync
