#include "shared/results/anonymity_promise.h"

#include <algorithm>

namespace soundings {

namespace {

std::string Quoted(const std::string& text) { return "\u201c" + text + "\u201d"; }

std::string Responses(int n) { return std::to_string(n) + (n == 1 ? " person" : " people"); }

}  // namespace

std::string AnonymityPromise(const Template& tmpl, const std::string& group_id,
                             const std::string& subject_name) {
  const RaterGroup* group = tmpl.FindRaterGroup(group_id);
  const std::string who = subject_name.empty() ? "the person you describe" : subject_name;
  if (group_id == "self") {
    return "This is your own view of yourself: your report shows it as \u201cSelf\u201d, beside "
           "what others said.";
  }
  if (group == nullptr) {
    return "Your answers count only in the average of all the people who describe " + who +
           ", and your comments are not shown.";
  }
  const std::string label = Quoted(Pick(group->label, "en"));
  const int scores_from = std::max(1, group->min_responses);
  const int comments_from = std::max({1, group->min_responses, group->comment_min_responses});
  std::string scores;
  if (scores_from == 1) {
    scores = "Your ratings are shown under " + label + " even if you are the only one in it, so " +
             who + " may be able to tell which are yours.";
  } else {
    scores = "Your ratings are shown under " + label + " only once at least " +
             Responses(scores_from) +
             " in it have answered; until then they count only in the average of everyone "
             "except " +
             who + ", and only when that is large enough.";
  }
  std::string words;
  if (group->named) {
    words = "Your comments are shown under " + label + ", so " + who + " will know they are yours.";
  } else if (comments_from == 1) {
    words = "Your comments are shown under " + label +
            " when its ratings are; otherwise they are mixed with other groups' comments as "
            "\u201cOther raters\u201d, or left out when even that could identify you.";
  } else {
    words = "Your comments are shown under " + label + " only when at least " +
            Responses(comments_from) +
            " in it have answered and its ratings are shown; otherwise they are mixed with other "
            "groups' comments as \u201cOther raters\u201d, or left out when even that could "
            "identify you.";
  }
  return scores + " " + words + " No one is named beside their answers.";
}

}  // namespace soundings
