// Where each rater group's words go in a 360 report, and why (issue 11). A group whose scores
// are hidden, or that is under its comment minimum, never shows comments under its own name:
// they join a pool of "other raters" that is shown only when it is big enough and mixes at
// least two groups, else they are withheld. The self and a group the template marks `named`
// (its raters are told their words carry the group's name) are the only exceptions.
#pragma once

#include <string>
#include <vector>

#include "shared/results/suppression.h"
#include "shared/templates/model.h"

namespace soundings {

enum class CommentPlacement {
  kNone,      // the group gave no responses
  kByName,    // shown under the group's own name
  kPooled,    // shown among "other raters", with at least one other group's
  kWithheld,  // too few to show even pooled
};

/// "none", "by_name", "pooled", "withheld".
const char* PlacementName(CommentPlacement placement);

/// One rater group's place in the report: its scores and its comments.
struct GroupDisclosure {
  std::string group;
  int responses = 0;
  /// 0 when every score of the group is shown (or it has no responses); otherwise the N of the
  /// "fewer than N" its hidden scores read.
  int scores_hidden_below = 0;
  /// Whether the scores are hidden although the group met its minimum (to protect another).
  bool hidden_to_protect_another = false;
  CommentPlacement comments = CommentPlacement::kNone;
  int comment_minimum = 1;  // the group's own minimum for comments under its name
};

struct CommentPlan {
  std::vector<GroupDisclosure> groups;  // template order
  std::vector<std::string> pool;        // the pooled groups, template order
  int pool_responses = 0;
  int pool_minimum = 0;  // responses the pool needs
  bool pool_shown = false;

  const GroupDisclosure* Find(const std::string& group) const;
};

/// The plan for the report `shown` of `tmpl`: which groups' comments show by name, which are
/// pooled, and whether the pool itself may show. Groups are moved into the pool, smallest first,
/// until it reaches `policy.all_others_minimum` (and every pooled group's comment minimum) with
/// at least two groups in it; a pool that cannot get there is withheld.
CommentPlan PlanComments(const Template& tmpl, const Shown360& shown,
                         const SuppressionPolicy& policy);

/// One plain sentence for the responses table: what the report does with this group's scores
/// and comments, and why. `others_in_pool` are the labels of the other pooled groups.
std::string DisclosureSentence(const Template& tmpl, const GroupDisclosure& group,
                               const std::vector<std::string>& others_in_pool);

}  // namespace soundings
