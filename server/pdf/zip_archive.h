#pragma once
// ZIP archives in memory through libzip (Debian's libzip-dev): no hand-written ZIP code.

#include <string>
#include <vector>

#include "shared/core/error.h"

namespace soundings::server::pdf {

struct ZipEntry {
  std::string name;  // path inside the archive, UTF-8
  std::string data;
};

/// A ZIP archive holding `entries` (deflated), as bytes. Fails with a sentence, naming the
/// entry when one is refused (two entries with the same name are refused), or when there are
/// no entries.
Result<std::string> ZipArchive(const std::vector<ZipEntry>& entries);

}  // namespace soundings::server::pdf
