#include "server/reports/exports.h"

#include <cstdio>
#include <map>

#include "server/reports/report_internals.h"
#include "server/reports/report_parts.h"
#include "server/services/csv.h"

namespace soundings::server {

using nlohmann::json;
using namespace report_parts;      // NOLINT(google-build-using-namespace): shared report helpers
using namespace report_internals;  // NOLINT(google-build-using-namespace)

const char* ExportFormatName(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsvLong:
      return "csv_long";
    case ExportFormat::kCsvWide:
      return "csv_wide";
    case ExportFormat::kJson:
      return "json";
  }
  return "unknown";
}

ServiceResult<ExportFile> ExportService::Export(const Principal& who, const std::string& actor,
                                                const std::string& campaign_id,
                                                ExportFormat format) {
  auto file = m_reports.Export(who, campaign_id, format);
  if (!file) return file.error();
  auto audited = m_audit.Record(actor, "responses_exported", campaign_id,
                                std::string("format=") + ExportFormatName(format) +
                                    " responses=" + std::to_string(file->responses));
  if (!audited) return audited.error();
  return file;
}

// ---- the files: ReportService::Export ----

std::string AnswerText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.15g", value.get<double>());
    return buffer;
  }
  if (value.is_array()) {
    std::string out;
    for (const auto& v : value) {
      if (!out.empty()) out += "; ";
      out += AnswerText(v);
    }
    return out;
  }
  if (value.is_null()) return "";
  return value.dump();
}

namespace {

// One answer cell of an export: a key ("item" or "item.row") and its value.
using Cells = std::vector<std::pair<std::string, json>>;

// The keys of every answer column of `tmpl`, in template order (matrix rows flattened).
std::vector<std::string> AnswerKeys(const Template& tmpl) {
  std::vector<std::string> keys;
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      if (item.type == ItemType::kMatrix) {
        for (const auto& row : item.rows) keys.push_back(item.id + "." + row.id);
      } else {
        keys.push_back(item.id);
      }
    }
  }
  return keys;
}

Cells CellsOf(const Template& tmpl, const Answers& answers, bool with_text) {
  Cells cells;
  for (const auto& section : tmpl.sections) {
    for (const auto& item : section.items) {
      auto it = answers.find(item.id);
      if (it == answers.end() || it->second.is_null()) continue;
      if (!with_text && IsTextItem(item)) continue;
      if (item.type == ItemType::kMatrix && it->second.is_object()) {
        for (const auto& row : item.rows) {
          auto value = it->second.find(row.id);
          if (value != it->second.end()) cells.emplace_back(item.id + "." + row.id, *value);
        }
      } else {
        cells.emplace_back(item.id, it->second);
      }
    }
  }
  return cells;
}

}  // namespace

ServiceResult<ExportFile> ReportService::Export(const Principal& who,
                                                const std::string& campaign_id,
                                                ExportFormat format) {
  if (!who.Allows(Permission::kResponsesExport)) {
    return Forbidden("Only admin and hr may export responses.");
  }
  auto data = Load(campaign_id);
  if (!data) return data.error();
  const Template& tmpl = data->tmpl();
  const bool is360 = Is360(data->campaign);

  std::map<std::int64_t, ReportSubject> subjects;
  std::map<std::string, VenueRow> venues;
  if (is360) {
    auto rows = m_store.Subjects(campaign_id);
    if (!rows) return StorageError(rows.error());
    for (auto& s : *rows) subjects[s.id] = s;
  } else {
    auto rows = m_store.Venues();
    if (!rows) return StorageError(rows.error());
    for (auto& v : *rows) venues[v.id] = v;
  }

  // For a 360 a group is exported only from its min_responses (its comments only from
  // comment_min_responses), as the individual report shows it: a row-level export must not
  // show what the report hides.
  std::map<std::pair<std::int64_t, std::string>, int> group_counts;
  for (const auto& r : data->responses) ++group_counts[{r.subject_id, r.rater_group}];
  struct Row {
    const ReportResponse* response;
    Cells cells;
  };
  std::vector<Row> rows;
  for (const auto& r : data->responses) {
    bool with_text = true;
    if (is360) {
      const RaterGroup* group = tmpl.FindRaterGroup(r.rater_group);
      if (group == nullptr) continue;
      const int count = group_counts[{r.subject_id, r.rater_group}];
      if (count < group->min_responses) continue;
      with_text = count >= std::max(group->comment_min_responses, group->min_responses);
    }
    rows.push_back({&r, CellsOf(tmpl, r.answers, with_text)});
  }

  // Responses are numbered in uuid order: uuids are random, so the number says nothing about
  // when or where a response was given.
  auto response_id = [](std::size_t index) { return "R" + std::to_string(index + 1); };
  std::vector<std::string> context_header;
  auto context_of = [&](const ReportResponse& r) {
    std::vector<std::string> fields;
    if (is360) {
      auto s = subjects.find(r.subject_id);
      fields = {s == subjects.end() ? "" : s->second.person_id,
                s == subjects.end() ? "" : s->second.display_name, r.rater_group};
    } else {
      auto v = venues.find(r.venue_id);
      fields = {r.venue_id, v == venues.end() ? "" : v->second.area,
                v == venues.end() ? "" : v->second.settlement, r.completed_at.substr(0, 10)};
    }
    fields.push_back(std::to_string(r.template_version));
    return fields;
  };
  context_header = is360 ? std::vector<std::string>{"subject_id", "subject", "rater_group"}
                         : std::vector<std::string>{"venue", "area", "settlement", "date"};
  context_header.emplace_back("template_version");

  ExportFile file;
  file.responses = static_cast<int>(rows.size());
  const std::string bom = "\xEF\xBB\xBF";
  if (format == ExportFormat::kCsvLong) {
    file.filename = campaign_id + "-answers.csv";
    file.content_type = "text/csv; charset=utf-8";
    std::vector<std::string> header = {"response"};
    header.insert(header.end(), context_header.begin(), context_header.end());
    header.emplace_back("item");
    header.emplace_back("value");
    file.body = bom + CsvLine(header);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<std::string> base = {response_id(i)};
      auto context = context_of(*rows[i].response);
      base.insert(base.end(), context.begin(), context.end());
      for (const auto& [key, value] : rows[i].cells) {
        auto line = base;
        line.push_back(key);
        line.push_back(AnswerText(value));
        file.body += CsvLine(line);
      }
    }
  } else if (format == ExportFormat::kCsvWide) {
    file.filename = campaign_id + "-responses.csv";
    file.content_type = "text/csv; charset=utf-8";
    const auto keys = AnswerKeys(tmpl);
    std::vector<std::string> header = {"response"};
    header.insert(header.end(), context_header.begin(), context_header.end());
    header.insert(header.end(), keys.begin(), keys.end());
    file.body = bom + CsvLine(header);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<std::string> line = {response_id(i)};
      auto context = context_of(*rows[i].response);
      line.insert(line.end(), context.begin(), context.end());
      std::map<std::string, std::string> by_key;
      for (const auto& [key, value] : rows[i].cells) by_key[key] = AnswerText(value);
      for (const auto& key : keys) line.push_back(by_key.contains(key) ? by_key[key] : "");
      file.body += CsvLine(line);
    }
  } else {
    file.filename = campaign_id + "-responses.json";
    file.content_type = "application/json";
    json list = json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      json entry = {{"response", response_id(i)}};
      auto context = context_of(*rows[i].response);
      for (std::size_t c = 0; c < context_header.size(); ++c) entry[context_header[c]] = context[c];
      json answers = json::object();
      for (const auto& [key, value] : rows[i].cells) answers[key] = value;
      entry["answers"] = answers;
      list.push_back(entry);
    }
    file.body = json{{"campaign", CampaignJson(data->campaign)}, {"responses", list}}.dump(1);
  }
  return file;
}

}  // namespace soundings::server
