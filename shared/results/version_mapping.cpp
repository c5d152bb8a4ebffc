#include "shared/results/version_mapping.h"

#include <algorithm>
#include <set>

#include "shared/results/statistics.h"

namespace soundings {

const std::vector<std::string>& ItemMapping::Targets(const std::string& item_id) const {
  static const std::vector<std::string> kNone;
  auto it = targets.find(item_id);
  return it == targets.end() ? kNone : it->second;
}

namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Follows ids through `chain`: the current version first, then older versions newest first.
class Resolver {
 public:
  explicit Resolver(std::vector<const Template*> chain) : m_chain(std::move(chain)) {}

  // The current items `id` rolls up into, in current template order; `known` is false when no
  // version says what became of it.
  std::vector<std::string> Resolve(const std::string& id, bool& known) const {
    std::set<std::string> visiting;
    std::set<std::string> found;
    known = Follow(id, visiting, found);
    std::vector<std::string> ordered;
    for (const auto& section : m_chain.front()->sections)
      for (const auto& item : section.items)
        if (found.count(item.id) != 0) ordered.push_back(item.id);
    return ordered;
  }

 private:
  // The newest version that says what became of `id` decides: kept (current only), replaced by
  // items that are themselves followed, or dropped.
  bool Follow(const std::string& id, std::set<std::string>& visiting,
              std::set<std::string>& found) const {
    if (!visiting.insert(id).second) return true;  // a cycle in bad data: stop, add nothing
    if (m_chain.front()->FindItem(id) != nullptr) {
      found.insert(id);
      return true;
    }
    for (const Template* tmpl : m_chain) {
      bool replaced = false;
      bool all_known = true;
      for (const auto& section : tmpl->sections) {
        for (const auto& item : section.items) {
          if (!Contains(item.replaces, id)) continue;
          replaced = true;
          all_known = Follow(item.id, visiting, found) && all_known;
        }
      }
      if (replaced) return all_known;
      if (Contains(tmpl->dropped, id)) return true;
    }
    return false;
  }

  std::vector<const Template*> m_chain;
};

// The answer value to `source` re-expressed for `target`; null when it cannot be compared.
nlohmann::json Convert(const Template& from_tmpl, const Item& source, const Template& to_tmpl,
                       const Item& target, const nlohmann::json& value) {
  bool scaled = (source.type == ItemType::kLikert || source.type == ItemType::kMatrix) &&
                (target.type == ItemType::kLikert || target.type == ItemType::kMatrix);
  if (!scaled) return value;
  const Scale* from_scale = from_tmpl.FindScale(source.scale);
  const Scale* to_scale = to_tmpl.FindScale(target.scale);
  if (from_scale == nullptr || to_scale == nullptr) return nullptr;
  if (from_scale->points.size() != to_scale->points.size()) return nullptr;
  for (std::size_t i = 0; i < from_scale->points.size(); ++i)
    if (from_scale->points[i].value != to_scale->points[i].value) return nullptr;

  auto flip = [&](const nlohmann::json& v, bool from_reverse, bool to_reverse) -> nlohmann::json {
    if (!v.is_number() || from_reverse == to_reverse) return v;
    return FlipScore(*to_scale, v.get<double>());
  };
  if (source.type == ItemType::kLikert && target.type == ItemType::kLikert)
    return flip(value, source.reverse_scored, target.reverse_scored);
  if (source.type == ItemType::kMatrix && target.type == ItemType::kMatrix && value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& entry : value.items()) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const std::string& row_id = entry.key();
      const nlohmann::json& row_value = entry.value();
      auto from_row = std::find_if(source.rows.begin(), source.rows.end(),
                                   [&](const MatrixRow& r) { return r.id == row_id; });
      auto to_row = std::find_if(target.rows.begin(), target.rows.end(),
                                 [&](const MatrixRow& r) { return r.id == row_id; });
      if (from_row == source.rows.end() || to_row == target.rows.end()) continue;
      out[row_id] = flip(row_value, from_row->reverse_scored, to_row->reverse_scored);
    }
    return out;
  }
  return nullptr;  // a likert turned matrix (or back) has no defined row
}

}  // namespace

ItemMapping BuildItemMapping(const Template& current, const std::vector<Template>& older) {
  std::vector<const Template*> chain{&current};
  for (const auto& tmpl : older) chain.push_back(&tmpl);
  std::stable_sort(chain.begin() + 1, chain.end(),
                   [](const Template* a, const Template* b) { return a->version > b->version; });

  std::set<std::string> ids;
  for (const Template* tmpl : chain) {
    for (const auto& section : tmpl->sections) {
      for (const auto& item : section.items) {
        ids.insert(item.id);
        ids.insert(item.replaces.begin(), item.replaces.end());
      }
    }
    ids.insert(tmpl->dropped.begin(), tmpl->dropped.end());
  }

  ItemMapping mapping;
  Resolver resolver(chain);
  for (const auto& id : ids) {
    bool known = false;
    mapping.targets[id] = resolver.Resolve(id, known);
    if (!known) mapping.unaccounted.push_back(id);
  }
  return mapping;
}

Answers MapAnswers(const Template& current, const Template& answered_on, const ItemMapping& mapping,
                   const Answers& answers) {
  Answers out;
  for (const auto& section : current.sections) {
    for (const auto& target : section.items) {
      // Candidates in priority order: the item's own id, then its `replaces` in order, then any
      // other answered id that maps here (a chain through an intermediate version).
      std::vector<std::string> sources{target.id};
      sources.insert(sources.end(), target.replaces.begin(), target.replaces.end());
      for (const auto& [id, value] : answers)
        if (!Contains(sources, id) && Contains(mapping.Targets(id), target.id))
          sources.push_back(id);
      for (const auto& source_id : sources) {
        auto answer = answers.find(source_id);
        if (answer == answers.end() || answer->second.is_null()) continue;
        if (!Contains(mapping.Targets(source_id), target.id)) continue;
        const Item* source = answered_on.FindItem(source_id);
        if (source == nullptr) continue;
        auto converted = Convert(answered_on, *source, current, target, answer->second);
        if (converted.is_null()) continue;
        out[target.id] = std::move(converted);
        break;
      }
    }
  }
  return out;
}

}  // namespace soundings
