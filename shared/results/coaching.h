#pragma once
// Strengths put to use: which competencies each manager is strong in or developing (from the
// shown strengths and development areas of their 360), coaching and mentoring pairs per
// competency, and which competencies a chosen group of managers covers between them.
// docs/results-maths.md, "Coaching matches and project teams", has the rules.

#include <map>
#include <string>
#include <vector>

#include "shared/results/suppression.h"
#include "shared/templates/model.h"

namespace soundings {

/// One manager's competencies by what others said: strong where one of their top strengths (by
/// others' mean) lies, developing where one of their development areas lies. A competency in
/// both lists is mixed and counts as neither.
struct CompetencyProfile {
  std::string person_id;
  std::map<std::string, double> strong;      // competency -> best others' mean of its strengths
  std::map<std::string, double> developing;  // competency -> worst others' mean of its areas
};

/// The profile of `person_id` from their Shown360 (only shown values reach its strengths and
/// development areas); items outside a competency section are ignored. Never fails.
CompetencyProfile ProfileOf(const std::string& person_id, const Template& tmpl,
                            const Shown360& shown);

/// A manager with the others' mean that put them on a list, in scale points.
struct ScoredPerson {
  std::string person_id;
  double others_mean = 0;
};

/// One competency's mentors, learners and suggested pairs.
struct CoachingMatch {
  std::string competency;
  std::vector<ScoredPerson> mentors;   // strong in it, best first (ties by person id)
  std::vector<ScoredPerson> learners;  // developing it, lowest first (ties by person id)
  /// (mentor, learner): learner i goes to mentor i mod mentors, so the work spreads evenly
  /// and the learners most in need meet the strongest mentors first.
  std::vector<std::pair<std::string, std::string>> pairs;
};

/// Matches per competency in `competency_order`, only for competencies with at least one mentor
/// and one learner. Never fails.
std::vector<CoachingMatch> MatchCoaching(const std::vector<CompetencyProfile>& profiles,
                                         const std::vector<std::string>& competency_order);

/// Who in a group is strong in one competency.
struct Coverage {
  std::string competency;
  std::vector<ScoredPerson> strong;  // best first (ties by person id); empty: a gap
};

/// For each competency in `competency_order`, the members of `group` strong in it. Never fails.
std::vector<Coverage> CoverageOf(const std::vector<CompetencyProfile>& group,
                                 const std::vector<std::string>& competency_order);

}  // namespace soundings
