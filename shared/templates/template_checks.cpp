// Whole-template checks: everything that needs more than one object of the JSON in view.

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

#include "shared/templates/template_reader.h"

namespace soundings::template_detail {

namespace {

std::string Quote(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// "sections[0].items[1].id" -> "sections[0].items[1]".
Loc ContainerOf(Loc loc) {
  static const std::string kSuffix = ".id";
  if (loc.path.size() > kSuffix.size() &&
      loc.path.compare(loc.path.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
    loc.path.resize(loc.path.size() - kSuffix.size());
  return loc;
}

void CheckDuplicates(const std::vector<Declaration>& declarations, const std::string& what,
                     Problems& problems) {
  std::unordered_map<std::string, const Declaration*> first;
  for (const auto& d : declarations) {
    auto [it, inserted] = first.emplace(d.id, &d);
    if (inserted) continue;
    Report(problems, d.loc.At("duplicate " + what + " id " + Quote(d.id) + " (also at " +
                              it->second->loc.Describe() + ")"));
  }
}

void CheckNodeDuplicates(const std::vector<Declaration>& nodes, Problems& problems) {
  std::unordered_map<std::string, const Declaration*> first;
  for (const auto& d : nodes) {
    auto [it, inserted] = first.emplace(d.id, &d);
    if (inserted) continue;
    const Declaration& other = *it->second;
    Report(problems, d.loc.At("duplicate id " + Quote(d.id) + " (also the " +
                              (other.is_section ? "section" : "item") + " at " +
                              ContainerOf(other.loc).Describe() + ")"));
  }
}

struct ItemIndex {
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> items;  // first occurrence
  std::set<std::string> sections;
  std::vector<std::pair<std::size_t, std::size_t>> order;  // every item, in template order
};

bool IsBuiltIn(const std::string& name) { return name == "rater_group" || name == "language"; }

// The item an identifier reads: "q3" and "q7.row2" both read an item.
std::string ItemPart(const std::string& name) { return name.substr(0, name.find('.')); }

void CheckNames(const Template& tmpl, const ItemIndex& index, const Expression& expression,
                const Loc& loc, Problems& problems) {
  for (const auto& name : expression.Identifiers()) {
    if (IsBuiltIn(name)) continue;
    const std::string item_id = ItemPart(name);
    auto it = index.items.find(item_id);
    if (it == index.items.end()) {
      if (index.sections.count(item_id))
        Report(problems, loc.At("names " + Quote(item_id) + ", which is a section, not an item"));
      else
        Report(problems, loc.At("names unknown item " + Quote(item_id)));
      continue;
    }
    if (item_id.size() == name.size()) continue;
    const Item& item = tmpl.sections[it->second.first].items[it->second.second];
    const std::string row_id = name.substr(item_id.size() + 1);
    if (item.type != ItemType::kMatrix) {
      Report(problems, loc.At("names " + Quote(name) + ", but " + Quote(item_id) + " is a " +
                              ToString(item.type) + " item, not a matrix"));
      continue;
    }
    if (item.rows.empty()) continue;  // the missing rows are already a problem of their own
    bool known = std::any_of(item.rows.begin(), item.rows.end(),
                             [&](const MatrixRow& r) { return r.id == row_id; });
    if (!known) {
      std::vector<std::string> rows;
      for (const auto& r : item.rows) rows.push_back(r.id);
      Report(problems, loc.At("names unknown row " + Quote(row_id) + " of matrix " +
                              Quote(item_id) + " (rows: " + JoinList(rows) + ")"));
    }
  }
}

// One edge of the visibility graph: item `from` is shown only depending on item `to`.
struct Edge {
  std::size_t to;
  bool via_section;  // true when only the section's visible_if names `to`
};

// Strongly connected components, iteratively (a template may hold many thousands of items).
std::vector<int> Components(const std::vector<std::vector<Edge>>& graph) {
  const std::size_t n = graph.size();
  std::vector<int> index(n, -1), low(n, 0), component(n, -1);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::pair<std::size_t, std::size_t>> calls;  // node, next edge
  int counter = 0, components = 0;
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] != -1) continue;
    calls.emplace_back(root, 0);
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!calls.empty()) {
      const std::size_t node = calls.back().first;
      const std::size_t edge = calls.back().second;
      if (edge < graph[node].size()) {
        ++calls.back().second;
        const std::size_t next = graph[node][edge].to;
        if (index[next] == -1) {
          index[next] = low[next] = counter++;
          stack.push_back(next);
          on_stack[next] = true;
          calls.emplace_back(next, 0);
        } else if (on_stack[next]) {
          low[node] = std::min(low[node], index[next]);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[node]);
      if (low[node] == index[node]) {
        std::size_t member;
        do {
          member = stack.back();
          stack.pop_back();
          on_stack[member] = false;
          component[member] = components;
        } while (member != node);
        ++components;
      }
    }
  }
  return component;
}

void CheckCycles(const Template& tmpl, const Ledger& ledger, const ItemIndex& index,
                 Problems& problems) {
  const auto& order = index.order;
  const std::size_t n = order.size();
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> node_of;
  for (std::size_t k = 0; k < n; ++k) node_of.emplace(order[k], k);
  auto node_named = [&](const std::string& name) -> std::optional<std::size_t> {
    if (IsBuiltIn(name)) return std::nullopt;
    auto it = index.items.find(ItemPart(name));
    if (it == index.items.end()) return std::nullopt;
    return node_of.at(it->second);
  };

  std::vector<std::vector<Edge>> graph(n);
  for (std::size_t k = 0; k < n; ++k) {
    const Section& section = tmpl.sections[order[k].first];
    const Item& item = section.items[order[k].second];
    std::vector<Edge>& edges = graph[k];
    auto add = [&](std::size_t to, bool via_section) {
      for (const auto& e : edges)
        if (e.to == to) return;
      edges.push_back({to, via_section});
    };
    if (item.visible_if)
      for (const auto& name : item.visible_if->Identifiers())
        if (auto to = node_named(name)) add(*to, false);
    if (section.visible_if)
      for (const auto& name : section.visible_if->Identifiers())
        if (auto to = node_named(name)) add(*to, true);
  }

  const std::vector<int> component = Components(graph);
  std::vector<std::size_t> component_size(n, 0);
  for (std::size_t k = 0; k < n; ++k) ++component_size[component[k]];
  std::set<int> reported;
  // Reused across searches; each search touches only its own component.
  std::vector<std::optional<std::size_t>> parent(n);
  std::vector<bool> parent_via_section(n, false);
  std::vector<bool> seen(n, false);
  for (std::size_t start = 0; start < n; ++start) {
    const int c = component[start];
    if (reported.count(c)) continue;
    const bool self_loop = std::any_of(graph[start].begin(), graph[start].end(),
                                       [&](const Edge& e) { return e.to == start; });
    if (component_size[c] == 1 && !self_loop) continue;
    // Shortest way from `start` back to itself inside its component.
    std::deque<std::size_t> queue{start};
    std::vector<std::size_t> touched;
    bool closed = false;
    std::size_t last = start;
    bool last_via_section = false;
    while (!queue.empty() && !closed) {
      std::size_t node = queue.front();
      queue.pop_front();
      for (const auto& e : graph[node]) {
        if (component[e.to] != c) continue;
        if (e.to == start) {
          closed = true;
          last = node;
          last_via_section = e.via_section;
          break;
        }
        if (seen[e.to]) continue;
        seen[e.to] = true;
        touched.push_back(e.to);
        parent[e.to] = node;
        parent_via_section[e.to] = e.via_section;
        queue.push_back(e.to);
      }
    }
    reported.insert(c);
    auto forget = [&] {
      for (std::size_t node : touched) {
        seen[node] = false;
        parent[node].reset();
      }
    };
    if (!closed) {
      forget();
      continue;
    }

    // Walk back from the closing edge to rebuild start -> ... -> last -> start.
    std::vector<std::size_t> chain{last};
    while (chain.back() != start) chain.push_back(*parent[chain.back()]);
    std::reverse(chain.begin(), chain.end());
    // out_via[i]: whether the edge out of chain[i] comes only from its section's visible_if.
    std::vector<bool> out_via(chain.size());
    out_via.back() = last_via_section;
    for (std::size_t i = 0; i + 1 < chain.size(); ++i)
      out_via[i] = parent_via_section[chain[i + 1]];

    auto item_at = [&](std::size_t node) -> const Item& {
      return tmpl.sections[order[node].first].items[order[node].second];
    };
    std::string text = item_at(chain[0]).id;
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const std::size_t next = i + 1 < chain.size() ? chain[i + 1] : start;
      if (out_via[i]) text += " -> section " + tmpl.sections[order[chain[i]].first].id;
      text += " -> " + item_at(next).id;
    }
    const auto [s, i] = order[start];
    Loc where = out_via[0] ? ledger.sections[s].loc : ledger.sections[s].items[i].loc;
    Report(problems, where.AtField("visible_if", "makes a cycle: " + text));
    forget();
  }
}

void CheckVersions(const ItemIndex& index, const Ledger& ledger, Problems& problems) {
  std::map<std::string, std::string> replaced_by;
  for (const auto& r : ledger.replaces) {
    if (index.items.count(r.id)) {
      Report(problems,
             r.loc.At(Quote(r.id) + " is an item of this version; replaces may name only items of "
                                    "earlier versions"));
      continue;
    }
    replaced_by.emplace(r.id, r.owner_item);
  }
  for (const auto& d : ledger.dropped) {
    if (index.items.count(d.id)) {
      Report(problems,
             d.loc.At(Quote(d.id) + " is an item of this version; dropped may name only items of "
                                    "earlier versions"));
      continue;
    }
    if (auto it = replaced_by.find(d.id); it != replaced_by.end())
      Report(problems, d.loc.At(Quote(d.id) + " is both dropped and replaced (by item " +
                                Quote(it->second) + ")"));
  }
}

// A section marked "scale_score" is averaged into one score per respondent and gets Cronbach's
// alpha, which needs at least two scored items and one set of points to average over.
void CheckScaleSection(const Template& tmpl, const Section& section, const SectionSite& site,
                       Problems& problems) {
  if (!section.scale_score) return;
  int scored = 0;
  const Scale* first = nullptr;
  for (const auto& item : section.items) {
    if (item.type != ItemType::kLikert && item.type != ItemType::kMatrix) continue;
    const Scale* scale = tmpl.FindScale(item.scale);
    if (scale == nullptr) continue;  // reported as an unknown scale already
    scored += item.type == ItemType::kMatrix ? static_cast<int>(item.rows.size()) : 1;
    if (first == nullptr) {
      first = scale;
      continue;
    }
    bool same = first->points.size() == scale->points.size();
    for (std::size_t i = 0; same && i < scale->points.size(); ++i)
      same = first->points[i].value == scale->points[i].value;
    if (!same)
      Report(problems, site.loc.AtField("scale_score",
                                        "a scale averages its items, so they need the same points, "
                                        "but item " +
                                            Quote(item.id) + " uses scale " + Quote(scale->id) +
                                            " and an earlier item uses " + Quote(first->id)));
  }
  if (scored < 2)
    Report(problems, site.loc.AtField("scale_score",
                                      "a scale needs at least two likert items or matrix rows; "
                                      "this section has " +
                                          std::to_string(scored)));
}

}  // namespace

void CheckTemplate(const Template& tmpl, const Ledger& ledger, Problems& problems) {
  CheckDuplicates(ledger.scales, "scale", problems);
  CheckDuplicates(ledger.groups, "rater group", problems);
  CheckNodeDuplicates(ledger.nodes, problems);

  std::set<std::string> scale_ids, group_ids;
  for (const auto& s : tmpl.scales) scale_ids.insert(s.id);
  for (const auto& g : tmpl.rater_groups) group_ids.insert(g.id);
  const std::string known_scales =
      scale_ids.empty() ? " (the template defines no scales)"
                        : " (known: " + JoinList({scale_ids.begin(), scale_ids.end()}) + ")";
  const std::string known_groups =
      group_ids.empty() ? " (the template has no rater groups)"
                        : " (known: " + JoinList({group_ids.begin(), group_ids.end()}) + ")";
  for (const auto& r : ledger.scale_refs)
    if (!scale_ids.count(r.id))
      Report(problems, r.loc.At("unknown scale " + Quote(r.id) + known_scales));
  for (const auto& r : ledger.group_refs)
    if (!group_ids.count(r.id))
      Report(problems, r.loc.At("unknown rater group " + Quote(r.id) + known_groups));

  ItemIndex index;
  for (std::size_t s = 0; s < tmpl.sections.size(); ++s) {
    if (!tmpl.sections[s].id.empty()) index.sections.insert(tmpl.sections[s].id);
    for (std::size_t i = 0; i < tmpl.sections[s].items.size(); ++i) {
      index.order.emplace_back(s, i);
      const std::string& id = tmpl.sections[s].items[i].id;
      if (!id.empty()) index.items.emplace(id, std::make_pair(s, i));
    }
  }
  const std::size_t site_count = std::min(tmpl.sections.size(), ledger.sections.size());
  for (std::size_t s = 0; s < site_count; ++s) {
    const Section& section = tmpl.sections[s];
    const SectionSite& site = ledger.sections[s];
    CheckScaleSection(tmpl, section, site, problems);
    if (section.visible_if) {
      Loc loc = site.loc;
      loc.path = loc.path + ".visible_if";
      CheckNames(tmpl, index, *section.visible_if, loc, problems);
    }
    for (std::size_t i = 0; i < section.items.size() && i < site.items.size(); ++i) {
      if (!section.items[i].visible_if) continue;
      Loc loc = site.items[i].loc;
      loc.path = loc.path + ".visible_if";
      CheckNames(tmpl, index, *section.items[i].visible_if, loc, problems);
    }
  }
  if (site_count == tmpl.sections.size()) CheckCycles(tmpl, ledger, index, problems);
  CheckVersions(index, ledger, problems);
}

void KeepLanguages(Template& tmpl, const std::vector<std::string>& languages) {
  auto keep = [&](LocalText& text) {
    for (auto it = text.begin(); it != text.end();) {
      if (std::find(languages.begin(), languages.end(), it->first) == languages.end())
        it = text.erase(it);
      else
        ++it;
    }
  };
  keep(tmpl.title);
  keep(tmpl.introduction);
  keep(tmpl.privacy_notice);
  for (auto& scale : tmpl.scales) {
    for (auto& p : scale.points) keep(p.label);
    if (scale.not_applicable) keep(*scale.not_applicable);
  }
  for (auto& group : tmpl.rater_groups) keep(group.label);
  for (auto& section : tmpl.sections) {
    keep(section.title);
    keep(section.description);
    for (auto& item : section.items) {
      keep(item.text);
      keep(item.help);
      for (auto& [group, text] : item.text_by_group) keep(text);
      for (auto& o : item.options) keep(o.label);
      for (auto& r : item.rows) keep(r.text);
    }
  }
}

}  // namespace soundings::template_detail

namespace soundings {

std::map<std::string, std::vector<std::string>> UntranslatedTexts(const Template& tmpl) {
  std::map<std::string, std::vector<std::string>> missing;
  auto check = [&](const LocalText& text, const std::string& where) {
    if (text.empty()) return;  // an optional text not given at all is not untranslated
    for (const auto& language : tmpl.languages)
      if (!text.count(language)) missing[language].push_back(where);
  };
  check(tmpl.title, "title");
  check(tmpl.introduction, "introduction");
  check(tmpl.privacy_notice, "privacy_notice");
  for (const auto& scale : tmpl.scales) {
    const std::string at = "scales." + scale.id;
    for (std::size_t i = 0; i < scale.points.size(); ++i)
      check(scale.points[i].label, at + ".points[" + std::to_string(i) + "]");
    if (scale.not_applicable) check(*scale.not_applicable, at + ".not_applicable");
  }
  for (const auto& group : tmpl.rater_groups)
    check(group.label, "rater_groups." + group.id + ".label");
  for (const auto& section : tmpl.sections) {
    check(section.title, "sections." + section.id + ".title");
    check(section.description, "sections." + section.id + ".description");
    for (const auto& item : section.items) {
      const std::string at = "items." + item.id;
      check(item.text, at + ".text");
      check(item.help, at + ".help");
      for (const auto& [group, text] : item.text_by_group)
        check(text, at + ".text_by_group." + group);
      for (const auto& option : item.options) check(option.label, at + ".options." + option.value);
      for (const auto& row : item.rows) check(row.text, at + ".rows." + row.id);
    }
  }
  return missing;
}

}  // namespace soundings
