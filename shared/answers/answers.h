#pragma once
// Answer validation: is this set of answers, from one rater group, acceptable for this template
// version? Shared by the kiosk (inline validation) and the server (sync ingest).

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"
#include "shared/templates/model.h"

namespace soundings {

/// item id -> answer value, in the JSON forms of templates/README.md ("Answers").
using Answers = std::map<std::string, nlohmann::json>;

struct AnswerContext {
  std::string rater_group;  // "" for templates without rater groups (consultations)
  std::string language;
  bool partial = false;  // a partial response: required items may be missing
};

/// Every problem with `answers`, each with the item id as its path ("q3", "q7.row2"). Honours
/// visible_if: an answer to a hidden item is a problem; a hidden required item is not required.
/// Also a problem: an id that is no item of `tmpl`, and an answer to an item or section not
/// asked of ctx.rater_group; a rater group the template does not have (path "rater_group"),
/// and a language it is not offered in (path "language"). At most ten problems per item,
/// however large the answer.
Problems ValidateAnswers(const Template& tmpl, const Answers& answers, const AnswerContext& ctx);

/// Problems with the answer to one item alone (type, range, options), ignoring visibility and
/// `required`; what the kiosk shows inline as soon as a person answers.
Problems ValidateAnswer(const Template& tmpl, const Item& item, const nlohmann::json& value);

/// Whether `item` is shown to this respondent: it and its section are asked of ctx.rater_group
/// and both their visible_if conditions hold for the answers so far.
bool IsVisible(const Template& tmpl, const Section& section, const Item& item,
               const Answers& answers, const AnswerContext& ctx);
/// Whether `section` is shown: asked of ctx.rater_group and its visible_if holds.
bool IsVisible(const Template& tmpl, const Section& section, const Answers& answers,
               const AnswerContext& ctx);

/// The lookup visible_if reads: answers by item id, matrix rows by "item.row", and the built-ins
/// rater_group and language from `ctx`. The returned function refers to `answers`, which must
/// outlive it.
ValueLookup MakeAnswerLookup(const Answers& answers, const AnswerContext& ctx);

}  // namespace soundings
