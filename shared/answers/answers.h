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
Problems ValidateAnswers(const Template& tmpl, const Answers& answers, const AnswerContext& ctx);

/// Problems with the answer to one item alone (type, range, options), ignoring visibility and
/// `required`; what the kiosk shows inline as soon as a person answers.
Problems ValidateAnswer(const Template& tmpl, const Item& item, const nlohmann::json& value);

/// Whether `item` (and its section) is shown given the answers so far.
bool IsVisible(const Template& tmpl, const Section& section, const Item& item,
               const Answers& answers, const AnswerContext& ctx);
bool IsVisible(const Template& tmpl, const Section& section, const Answers& answers,
               const AnswerContext& ctx);

}  // namespace soundings
