#pragma once
// Template versions: loading files into the store (every version kept) and a cache of parsed
// models for validating answers at ingest.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "server/core/service_error.h"
#include "server/store/store.h"
#include "shared/templates/model.h"

namespace soundings::server {

/// What loading a folder of templates did: one line per file.
struct TemplateLoadReport {
  std::vector<std::string> loaded;  // "me2e-360 v2 (templates/me2e-360.json)"
  std::vector<std::string> failed;  // "templates/x.json: sections[2].items[4].scale: ..."
};

class TemplateCatalog {
 public:
  explicit TemplateCatalog(Store& store) : m_store(store) {}

  /// The parsed template, from the cache or the store; nullptr (not an error) when the store
  /// does not hold that version.
  ServiceResult<std::shared_ptr<const Template>> Get(const std::string& id, int version);
  /// Versions of `id` the store holds, ascending.
  ServiceResult<std::vector<int>> KnownVersions(const std::string& id);

  /// Loads one template file into the store. Problems (with the file as path prefix) when it does
  /// not parse or a stored version of the same id+version differs.
  Result<TemplateVersionRow> LoadFile(const std::filesystem::path& file);
  /// Loads every *.json in `directory` (not modules/), reporting each file.
  TemplateLoadReport LoadDirectory(const std::filesystem::path& directory);

 private:
  Store& m_store;
  std::mutex m_mutex;
  std::map<std::pair<std::string, int>, std::shared_ptr<const Template>> m_cache;
};

}  // namespace soundings::server
