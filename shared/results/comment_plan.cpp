#include "shared/results/comment_plan.h"

#include <algorithm>
#include <optional>

namespace soundings {

namespace {

using State = CellValue::State;

// The largest "fewer than N" among the group's hidden means, 0 when none is hidden.
int HiddenBelow(const Shown360& shown, const std::string& group) {
  int hidden_at = 0;
  for (const auto* views : {&shown.items, &shown.competencies}) {
    for (const auto& [key, view] : *views) {
      auto summary = view.by_group.find(group);
      if (summary != view.by_group.end() && summary->second.mean.suppressed()) {
        hidden_at = std::max(hidden_at, summary->second.mean.minimum());
      }
    }
  }
  return hidden_at;
}

bool IsNamed(const RaterGroup& group) { return group.id == "self" || group.named; }

struct Pool {
  std::vector<std::size_t> members;  // indices into the plan's groups
  int responses = 0;
  int minimum = 0;
};

Pool PoolOf(const std::vector<GroupDisclosure>& groups, const std::vector<std::size_t>& members,
            const SuppressionPolicy& policy) {
  Pool pool{members, 0, std::max(1, policy.all_others_minimum)};
  for (std::size_t i : members) {
    pool.responses += groups[i].responses;
    pool.minimum = std::max(pool.minimum, groups[i].comment_minimum);
  }
  return pool;
}

bool PoolHolds(const Pool& pool) {
  return pool.members.size() >= 2 && pool.responses >= pool.minimum;
}

std::string JoinLabels(const std::vector<std::string>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += i + 1 == labels.size() ? " and " : ", ";
    out += labels[i];
  }
  return out;
}

}  // namespace

const char* PlacementName(CommentPlacement placement) {
  switch (placement) {
    case CommentPlacement::kNone:
      return "none";
    case CommentPlacement::kByName:
      return "by_name";
    case CommentPlacement::kPooled:
      return "pooled";
    case CommentPlacement::kWithheld:
      return "withheld";
  }
  return "none";
}

const GroupDisclosure* CommentPlan::Find(const std::string& group) const {
  for (const auto& g : groups) {
    if (g.group == group) return &g;
  }
  return nullptr;
}

CommentPlan PlanComments(const Template& tmpl, const Shown360& shown,
                         const SuppressionPolicy& policy) {
  CommentPlan plan;
  std::vector<std::size_t> pooled;
  for (const auto& group : tmpl.rater_groups) {
    GroupDisclosure d;
    d.group = group.id;
    auto received = shown.responses.find(group.id);
    d.responses = received == shown.responses.end() ? 0 : received->second;
    d.comment_minimum = std::max({1, group.min_responses, group.comment_min_responses});
    if (d.responses > 0) {
      d.scores_hidden_below = HiddenBelow(shown, group.id);
      d.hidden_to_protect_another =
          d.scores_hidden_below > 0 && d.responses >= std::max(1, group.min_responses);
      if (IsNamed(group)) {
        d.comments = d.responses >= d.comment_minimum ? CommentPlacement::kByName
                                                      : CommentPlacement::kWithheld;
      } else if (d.scores_hidden_below == 0 && d.responses >= d.comment_minimum) {
        d.comments = CommentPlacement::kByName;
      } else {
        d.comments = CommentPlacement::kPooled;
        pooled.push_back(plan.groups.size());
      }
    }
    plan.groups.push_back(std::move(d));
  }
  if (pooled.empty()) return plan;

  // Grow the pool with the smallest anonymous groups shown by name until it holds; a group moved
  // in stops showing under its name, or the pool would be its own comments minus theirs.
  std::vector<std::size_t> members = pooled;
  Pool pool = PoolOf(plan.groups, members, policy);
  while (!PoolHolds(pool)) {
    std::optional<std::size_t> smallest;
    for (std::size_t i = 0; i < plan.groups.size(); ++i) {
      const GroupDisclosure& g = plan.groups[i];
      if (g.comments != CommentPlacement::kByName || IsNamed(tmpl.rater_groups[i])) continue;
      if (std::find(members.begin(), members.end(), i) != members.end()) continue;
      if (!smallest || g.responses < plan.groups[*smallest].responses) smallest = i;
    }
    if (!smallest) break;
    members.push_back(*smallest);
    pool = PoolOf(plan.groups, members, policy);
  }
  if (PoolHolds(pool)) {
    std::sort(members.begin(), members.end());  // template order
    for (std::size_t i : members) plan.groups[i].comments = CommentPlacement::kPooled;
    plan.pool_shown = true;
  } else {
    // Nothing could make the pool safe: the groups that needed it are withheld, and those that
    // were only lent to it keep their own names.
    members = pooled;
    pool = PoolOf(plan.groups, members, policy);
    for (std::size_t i : members) plan.groups[i].comments = CommentPlacement::kWithheld;
  }
  for (std::size_t i : members) plan.pool.push_back(plan.groups[i].group);
  plan.pool_responses = pool.responses;
  plan.pool_minimum = pool.minimum;
  return plan;
}

ShownComments SuppressionEngine::Comments(const CommentPlan& plan, const std::string& group,
                                          std::vector<std::string> texts) const {
  const GroupDisclosure* d = plan.Find(group);
  if (d == nullptr || d->comments != CommentPlacement::kByName) {
    int minimum = 1;
    if (d != nullptr) {
      minimum = d->scores_hidden_below > 0 ? d->scores_hidden_below : d->comment_minimum;
    }
    return ShownComments{group, CellValue(State::kSuppressed, 0, minimum), {}};
  }
  std::sort(texts.begin(), texts.end());
  const auto count = static_cast<double>(texts.size());
  return ShownComments{group, CellValue(State::kShown, count, 0), std::move(texts)};
}

ShownComments SuppressionEngine::PooledComments(const CommentPlan& plan,
                                                std::vector<std::string> texts) const {
  if (!plan.pool_shown) {
    return ShownComments{
        "pooled", CellValue(State::kSuppressed, 0, std::max(1, plan.pool_minimum)), {}};
  }
  std::sort(texts.begin(), texts.end());
  const auto count = static_cast<double>(texts.size());
  return ShownComments{"pooled", CellValue(State::kShown, count, 0), std::move(texts)};
}

std::string DisclosureSentence(const Template& tmpl, const GroupDisclosure& group,
                               const std::vector<std::string>& others_in_pool) {
  if (group.responses == 0) return "No responses.";
  const RaterGroup* spec = tmpl.FindRaterGroup(group.group);
  const bool named = spec != nullptr && IsNamed(*spec);
  std::string scores;
  if (group.scores_hidden_below == 0) {
    scores = "Scores shown.";
  } else if (group.hidden_to_protect_another) {
    scores = "Scores not shown, so that another group's hidden scores cannot be worked out.";
  } else {
    scores =
        "Scores not shown: fewer than " + std::to_string(group.scores_hidden_below) + " responses.";
  }
  std::string comments;
  switch (group.comments) {
    case CommentPlacement::kByName:
      comments = group.group == "self" ? "Comments shown as the subject's own."
                 : named ? "Comments shown under this group's name, as its raters were told."
                         : "Comments shown under this group's name.";
      break;
    case CommentPlacement::kPooled:
      comments = "Comments pooled with those of " + JoinLabels(others_in_pool) +
                 " under \"Other raters\", so none can be told apart.";
      break;
    case CommentPlacement::kWithheld:
      comments = named ? "Comments withheld: fewer than " + std::to_string(group.comment_minimum) +
                             " responses."
                       : "Comments withheld: too few responses to keep them anonymous, even "
                         "pooled with other groups'.";
      break;
    case CommentPlacement::kNone:
      break;
  }
  return comments.empty() ? scores : scores + " " + comments;
}

}  // namespace soundings
