// What a rater is told about their own answers before they give them (issue 11): the letter and
// the kiosk's consent page say, for the rater's group, exactly when their scores and their words
// appear in the subject's report and under which name. Built from the same template numbers the
// report's suppression uses (see comment_plan.h), so the promise and the report cannot drift.
#pragma once

#include <string>

#include "shared/templates/model.h"

namespace soundings {

/// The promise to a rater of `group_id` about `subject_name`'s report: one short paragraph in
/// `language` ("en", "cy" or "pl"; any other gets English), with the group's label in that
/// language where the template has it. An unknown group gets the most careful wording (nothing
/// shown under its name).
std::string AnonymityPromise(const Template& tmpl, const std::string& group_id,
                             const std::string& subject_name, const std::string& language = "en");

}  // namespace soundings
