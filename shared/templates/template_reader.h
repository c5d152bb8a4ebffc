#pragma once
// Internal to shared/templates: reading one template document into the model (types, required and
// unknown fields, ids, translations, local rules) and the whole-template checks that need every
// section, scale and group at hand (duplicates, references, expressions, cycles, versions).
// parser.cpp drives both and merges included modules in between.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"
#include "shared/templates/model.h"

namespace soundings::template_detail {

/// Where something was written: a JSON path, inside the template itself or inside the module
/// included at `include_path` ("include[0]").
struct Loc {
  std::string path;
  std::string include_path;  // empty: the template's own file
  std::string module_id;

  /// A problem here: in a module, reported at the include with the module's path in the message.
  Problem At(const std::string& message) const;
  Problem AtField(const std::string& field, const std::string& message) const;
  /// "sections[0].items[1]", or "sections[0].items[1] of module \"x\"".
  std::string Describe() const;
};

/// An id declared somewhere (a scale, a rater group, a section or an item).
struct Declaration {
  std::string id;
  Loc loc;  // of the id field itself
  bool is_section = false;
};

/// An id used somewhere that must (or must not) name something declared elsewhere.
struct Reference {
  std::string id;
  Loc loc;
  std::string owner_item;  // replaces: the item that lists it
};

/// Where each section and item of the model came from, parallel to Template::sections/items.
struct ItemSite {
  Loc loc;
  bool type_known = false;  // type-specific checks are skipped for an item of unknown type
};
struct SectionSite {
  Loc loc;
  std::vector<ItemSite> items;
};

/// Everything the whole-template checks need besides the model itself.
struct Ledger {
  std::vector<Declaration> scales, groups, nodes;  // nodes: sections and items (one namespace)
  std::vector<Reference> scale_refs, group_refs, replaces, dropped, includes;
  std::vector<SectionSite> sections;  // parallel to Template::sections

  /// Re-homes every location into the module included at `include_path`.
  void MoveIntoModule(const std::string& include_path, const std::string& module_id);
  /// Appends the declarations, replaces and sites of an included module.
  void Append(const Ledger& module);
};

/// Reads `document` into `tmpl`, reporting type, field, id, translation and local problems.
/// Never throws; a part that cannot be read is left out of the model.
void ReadTemplate(const nlohmann::json& document, Template& tmpl, Ledger& ledger,
                  Problems& problems);

/// Checks across the whole (module-expanded) template: duplicate ids, unknown scales and rater
/// groups, visible_if names and cycles, replaces and dropped.
void CheckTemplate(const Template& tmpl, const Ledger& ledger, Problems& problems);

/// Keeps only `languages` in every text of `tmpl` (a module may offer more than its includer).
void KeepLanguages(Template& tmpl, const std::vector<std::string>& languages);

/// Beyond this many problems a file is hopeless; the rest are counted, not listed, so that a
/// hostile 2 MiB file cannot make millions of them.
inline constexpr std::size_t kMaxReportedProblems = 1000;

/// Appends `problem` unless the list is full; false when full (callers may stop looking).
bool Report(Problems& problems, Problem problem);

/// A value as it appears in a message: 3, 2.5, true, "text", a list, an object.
std::string DescribeValue(const nlohmann::json& value);
/// A number as people write it: 3, not 3.000000.
std::string FormatNumber(double value);
/// "a, b, c".
std::string JoinList(const std::vector<std::string>& words, const std::string& separator = ", ");

}  // namespace soundings::template_detail
