#include "shared/results/coaching.h"

#include <algorithm>

namespace soundings {

namespace {

std::string CompetencyOfKey(const Template& tmpl, const std::string& key) {
  const Section* section = tmpl.SectionOfItem(key.substr(0, key.find('.')));
  return section != nullptr && section->competency ? section->id : "";
}

void SortPeople(std::vector<ScoredPerson>& people, bool best_first) {
  std::sort(people.begin(), people.end(), [best_first](const auto& a, const auto& b) {
    if (a.others_mean != b.others_mean) {
      return best_first ? a.others_mean > b.others_mean : a.others_mean < b.others_mean;
    }
    return a.person_id < b.person_id;
  });
}

}  // namespace

CompetencyProfile ProfileOf(const std::string& person_id, const Template& tmpl,
                            const Shown360& shown) {
  CompetencyProfile out;
  out.person_id = person_id;
  for (const auto& r : shown.strengths) {
    const std::string c = CompetencyOfKey(tmpl, r.key);
    if (c.empty()) continue;
    auto [it, added] = out.strong.emplace(c, r.others_mean);
    if (!added) it->second = std::max(it->second, r.others_mean);
  }
  for (const auto& r : shown.development_areas) {
    const std::string c = CompetencyOfKey(tmpl, r.key);
    if (c.empty()) continue;
    auto [it, added] = out.developing.emplace(c, r.others_mean);
    if (!added) it->second = std::min(it->second, r.others_mean);
  }
  for (auto it = out.strong.begin(); it != out.strong.end();) {
    if (out.developing.erase(it->first) > 0) {
      it = out.strong.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::vector<CoachingMatch> MatchCoaching(const std::vector<CompetencyProfile>& profiles,
                                         const std::vector<std::string>& competency_order) {
  std::vector<CoachingMatch> out;
  for (const auto& competency : competency_order) {
    CoachingMatch match;
    match.competency = competency;
    for (const auto& p : profiles) {
      if (auto s = p.strong.find(competency); s != p.strong.end()) {
        match.mentors.push_back({p.person_id, s->second});
      }
      if (auto d = p.developing.find(competency); d != p.developing.end()) {
        match.learners.push_back({p.person_id, d->second});
      }
    }
    if (match.mentors.empty() || match.learners.empty()) continue;
    SortPeople(match.mentors, true);
    SortPeople(match.learners, false);
    for (std::size_t i = 0; i < match.learners.size(); ++i) {
      match.pairs.emplace_back(match.mentors[i % match.mentors.size()].person_id,
                               match.learners[i].person_id);
    }
    out.push_back(std::move(match));
  }
  return out;
}

std::vector<Coverage> CoverageOf(const std::vector<CompetencyProfile>& group,
                                 const std::vector<std::string>& competency_order) {
  std::vector<Coverage> out;
  for (const auto& competency : competency_order) {
    Coverage c;
    c.competency = competency;
    for (const auto& p : group) {
      if (auto s = p.strong.find(competency); s != p.strong.end()) {
        c.strong.push_back({p.person_id, s->second});
      }
    }
    SortPeople(c.strong, true);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace soundings
