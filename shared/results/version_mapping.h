#pragma once
// Rolling answers given on older template versions up into the current version, through each
// item's `replaces` and the template's `dropped` (templates/README.md, "Versions and replaces").

#include <map>
#include <string>
#include <vector>

#include "shared/answers/answers.h"
#include "shared/templates/model.h"

namespace soundings {

/// Where the answers to each item id of any version go in the current version.
struct ItemMapping {
  /// Item id -> current item ids its answers count towards, in current template order. A current
  /// item maps to itself; a replaced item to every item replacing it (a split gives several); a
  /// dropped item to none.
  std::map<std::string, std::vector<std::string>> targets;
  /// Ids of older items the current version neither keeps, replaces nor drops; they map to none.
  std::vector<std::string> unaccounted;

  /// The current item ids for `item_id`; empty when it does not roll up (dropped or unknown).
  const std::vector<std::string>& Targets(const std::string& item_id) const;
};

/// The mapping from every item id of `older` (any order, any versions) and of `current` to items of
/// `current`, following chains of `replaces` through intermediate versions (v1 a -> v2 b -> v3 c).
/// Never fails: ids that cannot be followed are listed in `unaccounted`.
ItemMapping BuildItemMapping(const Template& current, const std::vector<Template>& older);

/// `answers`, given on template `answered_on`, re-expressed as answers to `current`: each answer
/// goes to every target item; for a merge the first answered source in the target's `replaces`
/// order wins, and an answer to the target's own id wins over all; a likert or matrix answer is
/// flipped (min + max - value) when the source and target disagree on reverse_scored; an answer
/// whose source and target scales have different points is left out (it cannot be compared).
Answers MapAnswers(const Template& current, const Template& answered_on, const ItemMapping& mapping,
                   const Answers& answers);

}  // namespace soundings
