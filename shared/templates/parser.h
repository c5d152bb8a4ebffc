#pragma once
// Template JSON -> typed model, with every problem reported at once.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"
#include "shared/templates/model.h"

namespace soundings {

inline constexpr std::size_t kMaxTemplateBytes = std::size_t{2} * 1024 * 1024;
inline constexpr std::size_t kMaxTemplateStringLength = 10000;  // characters in any one string
inline constexpr int kMaxTemplateNesting = 32;

/// Where `include`d modules are found by id (a module "equality-monitoring" is the file
/// "<dir>/equality-monitoring.json").
struct ModuleSource {
  std::filesystem::path directory;
};

/// Parses and validates template JSON text. Every problem comes back at once, each with its JSON
/// path and a plain sentence, e.g. `sections[2].items[4].scale: unknown scale "agree7" (known:
/// agree5, freq5)`. Never throws, whatever the input.
Result<Template> ParseTemplate(std::string_view json_text, const ModuleSource& modules);

/// Same, from an already-parsed JSON document.
Result<Template> ParseTemplate(const nlohmann::json& document, const ModuleSource& modules);

/// JSON text again: without these, a std::string or a literal could mean either overload above.
Result<Template> ParseTemplate(const std::string& json_text, const ModuleSource& modules);
Result<Template> ParseTemplate(const char* json_text, const ModuleSource& modules);

/// Reads and parses a template file; modules come from `modules/` beside the file unless given.
Result<Template> LoadTemplateFile(const std::filesystem::path& file);
Result<Template> LoadTemplateFile(const std::filesystem::path& file, const ModuleSource& modules);

/// The model back as JSON, modules expanded; ParseTemplate(ToJson(t)) gives an equal model.
nlohmann::json ToJson(const Template& tmpl);

/// A readable outline for `template show`: sections, items, types, logic.
std::string Outline(const Template& tmpl, const std::string& language);

}  // namespace soundings
