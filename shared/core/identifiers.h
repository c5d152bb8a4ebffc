#pragma once
// The rule every campaign id follows (API, CLI, templates, file names), kept in one place so a
// route, a download's file name and a CLI output path can all trust an id that passed it.

#include <string>
#include <string_view>

#include "shared/core/error.h"

namespace soundings {

/// The campaign id rule as one sentence, for error messages and the docs.
inline constexpr const char* kCampaignIdRule =
    "1 to 64 characters: lower-case letters a-z, digits, '-' and '_', starting with a letter or "
    "a digit";

/// Ok when `id` follows kCampaignIdRule; otherwise one problem at path "id" saying why.
Status CheckCampaignId(std::string_view id);

/// `name` made safe as a download's file name (a Content-Disposition quoted-string, a path of
/// one component): every character other than ASCII letters, digits, '.', '-' and '_' becomes
/// '_', leading dots are dropped, at most 128 characters; "download" when nothing is left.
std::string SafeFileName(std::string_view name);

}  // namespace soundings
