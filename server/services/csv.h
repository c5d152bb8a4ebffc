#pragma once
// CSV, both ways, in one place: a small RFC 4180 reader for the admin imports (quoted fields,
// doubled quotes, CRLF, a header row; each row keeps its line number so every error can name it)
// and the one writer every CSV the server makes goes through (exports, invitation lists), which
// keeps spreadsheet formulas out of the cells.

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

/// One CSV field as Excel opens it safely: text starting with = + - @ (or a tab or carriage
/// return) gets a leading apostrophe unless it is a plain number, and a field holding a comma,
/// quote, line break or edge space is quoted with doubled quotes (RFC 4180).
std::string CsvField(const std::string& text);

/// A CSV line of `fields` ending in `line_end`: CRLF as RFC 4180 and Excel want, or "\n" for the
/// files people read on the server's own machine.
std::string CsvLine(const std::vector<std::string>& fields, std::string_view line_end = "\r\n");

/// Parses `text`, whose first row names the columns; every column of `required` must be there.
/// Problems have "FILE:LINE" paths built from `file`.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const std::string& file,
                                     const std::vector<std::string>& required);

}  // namespace soundings::server
