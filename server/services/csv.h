#pragma once
// A small RFC 4180 CSV reader for the admin imports: quoted fields, doubled quotes, CRLF, a
// header row. Each row keeps its line number so every error can name it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shared/core/error.h"

namespace soundings::server {

struct CsvRow {
  int line = 0;                               // 1-based line where the row starts
  std::map<std::string, std::string> fields;  // header name -> trimmed value
};

/// Parses `text`, whose first row names the columns; every column of `required` must be there.
/// Problems have "FILE:LINE" paths built from `file`.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const std::string& file,
                                     const std::vector<std::string>& required);

}  // namespace soundings::server
