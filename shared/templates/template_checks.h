#pragma once
// Checks over a whole template that are advice rather than errors.

#include <map>
#include <string>
#include <vector>

#include "shared/templates/model.h"

namespace soundings {

/// The texts of `tmpl` that lack a translation into one of its languages, by language, each
/// named by where it is ("title", "sections.about.title", "items.q3.options.park"). Such a text
/// is shown in the template's first language instead. Empty when every text is in every language.
std::map<std::string, std::vector<std::string>> UntranslatedTexts(const Template& tmpl);

}  // namespace soundings
