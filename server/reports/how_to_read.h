#pragma once
// The words around a 360's figures that the web page and the PDF both print, made once on the
// server so the two cannot say different things (issue 11, "honest report text").

#include <optional>
#include <string>
#include <vector>

#include "shared/results/suppression.h"
#include "shared/templates/model.h"

namespace soundings::server {

/// "How to read this report": the scale, what a bar and "all others" are, suppression, blind
/// spots and hidden strengths at this report's threshold, where comments go, and the decimals.
std::vector<std::string> HowToRead360(const Template& tmpl, const Shown360& shown);

/// A plain sentence when nothing from the subject's other raters can be shown (no response yet,
/// or too few to stay anonymous); nullopt when the report has figures from others.
std::optional<std::string> NotEnoughToShow(const Shown360& shown, const std::string& subject);

}  // namespace soundings::server
