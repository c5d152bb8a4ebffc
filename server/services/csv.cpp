#include "server/services/csv.h"

#include <algorithm>

namespace soundings::server {

namespace {

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const std::string& file,
                                     const std::vector<std::string>& required) {
  // Split into records of fields, tracking the line each record starts on.
  std::vector<std::pair<int, std::vector<std::string>>> records;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  int line = 1;
  int record_line = 1;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // Excel's UTF-8 BOM
  auto end_record = [&] {
    fields.push_back(field);
    bool blank = fields.size() == 1 && Trim(fields[0]).empty();
    if (!blank) records.emplace_back(record_line, fields);
    fields.clear();
    field.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
      record_line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) return Problem{file + ":" + std::to_string(record_line), "a quoted field never ends"};
  if (!field.empty() || !fields.empty()) end_record();
  if (records.empty()) return Problem{file, "is empty; the first line must name the columns"};

  std::vector<std::string> header;
  for (const auto& name : records.front().second) header.push_back(Trim(name));
  Problems problems;
  for (const auto& name : required) {
    if (std::find(header.begin(), header.end(), name) == header.end()) {
      problems.push_back({file + ":1", "has no column \"" + name + "\""});
    }
  }
  if (!problems.empty()) return problems;
  std::vector<CsvRow> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& [row_line, values] = records[r];
    if (values.size() != header.size()) {
      problems.push_back({file + ":" + std::to_string(row_line),
                          "has " + std::to_string(values.size()) + " fields; the header has " +
                              std::to_string(header.size())});
      continue;
    }
    CsvRow row;
    row.line = row_line;
    for (std::size_t i = 0; i < header.size(); ++i) row.fields[header[i]] = Trim(values[i]);
    rows.push_back(std::move(row));
  }
  if (!problems.empty()) return problems;
  return rows;
}

std::string CsvField(const std::string& text) {
  std::string cell = text;
  auto is_number = [](const std::string& s) {
    if (s.empty()) return false;
    std::size_t i = s[0] == '-' ? 1 : 0;
    bool digits = false, dot = false;
    for (; i < s.size(); ++i) {
      if (s[i] >= '0' && s[i] <= '9') {
        digits = true;
      } else if (s[i] == '.' && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    return digits;
  };
  if (!cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos &&
      !is_number(cell)) {
    cell.insert(cell.begin(), '\'');
  }
  const bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvLine(const std::vector<std::string>& fields, std::string_view line_end) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  line += line_end;
  return line;
}

}  // namespace soundings::server
