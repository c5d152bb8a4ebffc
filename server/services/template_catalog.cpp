#include "server/services/template_catalog.h"

#include <algorithm>

#include "shared/sync/protocol.h"
#include "shared/templates/parser.h"

namespace soundings::server {

ServiceResult<std::shared_ptr<const Template>> TemplateCatalog::Get(const std::string& id,
                                                                    int version) {
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_cache.find({id, version}); it != m_cache.end()) return it->second;
  }
  auto row = m_store.GetTemplateVersion(id, version);
  if (!row) return StorageError(row.error());
  if (!row->has_value()) return std::shared_ptr<const Template>();
  auto parsed = ParseTemplate(std::string_view((*row)->document), ModuleSource{});
  if (!parsed) {
    return ServiceError{ErrorKind::kInternal,
                        "template_unreadable",
                        "Stored template " + id + " version " + std::to_string(version) +
                            " no longer parses: " + parsed.ErrorText(),
                        {}};
  }
  auto shared = std::make_shared<const Template>(std::move(parsed).value());
  std::lock_guard lock(m_mutex);
  m_cache[{id, version}] = shared;
  return shared;
}

ServiceResult<std::vector<int>> TemplateCatalog::KnownVersions(const std::string& id) {
  auto rows = m_store.ListTemplateVersions();
  if (!rows) return StorageError(rows.error());
  std::vector<int> out;
  for (const auto& row : *rows) {
    if (row.template_id == id) out.push_back(row.version);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<TemplateVersionRow> TemplateCatalog::LoadFile(const std::filesystem::path& file) {
  auto parsed = LoadTemplateFile(file);
  if (!parsed) {
    Problems problems = parsed.problems();
    for (auto& p : problems) p.path = file.string() + (p.path.empty() ? "" : ": " + p.path);
    return problems;
  }
  if (parsed->kind == TemplateKind::kModule) {
    return Problem{file.string(), "is a module; modules are included by templates, not loaded"};
  }
  TemplateVersionRow row;
  row.template_id = parsed->id;
  row.version = parsed->version;
  row.kind = ToString(parsed->kind);
  row.document = ToJson(*parsed).dump();
  row.document_hash = sync::Sha256Hex(row.document);
  auto stored = m_store.AddTemplateVersion(row);
  if (!stored) {
    if (stored.error().Constraint()) {
      return Problem{file.string(),
                     "template " + row.template_id + " version " + std::to_string(row.version) +
                         " is already loaded with different content; give the changed template "
                         "a new version number"};
    }
    return Problem{file.string(), "cannot store the template: " + stored.error().message};
  }
  return row;
}

TemplateLoadReport TemplateCatalog::LoadDirectory(const std::filesystem::path& directory) {
  TemplateLoadReport report;
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  if (error) {
    report.failed.push_back(directory.string() + ": cannot list the folder: " + error.message());
    return report;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto row = LoadFile(file);
    if (row) {
      report.loaded.push_back(row->template_id + " v" + std::to_string(row->version) + " (" +
                              file.filename().string() + ")");
    } else {
      report.failed.push_back(row.ErrorText());
    }
  }
  return report;
}

}  // namespace soundings::server
