#include "server/services/venues.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "server/services/csv.h"
#include "shared/text/redaction.h"

namespace soundings::server {

namespace {

// Ids go into addresses, exports and every stored response, so they stay plain.
constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxTextLength = 200;

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IsVenueId(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!plain(id.front())) return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char c) { return plain(c) || c == '-' || c == '_'; });
}

bool HasControl(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

void CheckText(const std::string& field, const std::string& value, bool required,
               Problems& problems) {
  if (required && value.empty()) {
    problems.push_back({field, "is required"});
  } else if (value.size() > kMaxTextLength) {
    problems.push_back({field, "is longer than " + std::to_string(kMaxTextLength) + " bytes"});
  } else if (HasControl(value)) {
    problems.push_back({field, "must not hold line breaks or control characters"});
  }
}

ServiceError InvalidVenue(Problems problems) {
  const std::size_t count = problems.size();
  return {ErrorKind::kBadRequest, "invalid_venue",
          "The venue was not saved: " + std::to_string(count) +
              (count == 1 ? " problem" : " problems") + ".",
          std::move(problems)};
}

// What changed between two versions of a venue, for the audit entry: "name, area".
std::string ChangedFields(const VenueRow& before, const VenueRow& after) {
  std::string out;
  auto note = [&](const char* field, const std::string& a, const std::string& b) {
    if (a == b) return;
    if (!out.empty()) out += ", ";
    out += field;
  };
  note("name", before.name, after.name);
  note("ward", before.ward, after.ward);
  note("area", before.area, after.area);
  note("settlement", before.settlement, after.settlement);
  note("postcode", before.postcode, after.postcode);
  return out;
}

}  // namespace

Result<VenueRow> CheckVenue(const VenueRow& venue, bool check_id) {
  VenueRow out;
  out.id = check_id ? Trim(venue.id) : venue.id;
  out.name = Trim(venue.name);
  out.ward = Trim(venue.ward);
  out.area = Lower(Trim(venue.area));
  out.settlement = Lower(Trim(venue.settlement));
  Problems problems;
  if (!check_id) {
    // The id is the stored one.
  } else if (out.id.empty()) {
    problems.push_back({"id", "is required"});
  } else if (!IsVenueId(out.id)) {
    problems.push_back({"id",
                        "must be lower-case letters, digits, '-' or '_' (starting with a "
                        "letter or digit), at most " +
                            std::to_string(kMaxIdLength) + " characters"});
  }
  CheckText("name", out.name, true, problems);
  CheckText("ward", out.ward, false, problems);
  // The schema's CHECKs hold these two lists; a later issue makes them a council's own.
  if (!out.area.empty() && out.area != "north" && out.area != "south") {
    problems.push_back(
        {"area", R"(must be "north" or "south" (or empty), not ")" + out.area + "\""});
  }
  if (!out.settlement.empty() && out.settlement != "urban" && out.settlement != "rural") {
    problems.push_back(
        {"settlement", R"(must be "urban" or "rural" (or empty), not ")" + out.settlement + "\""});
  }
  const std::string postcode = Trim(venue.postcode);
  if (!postcode.empty()) {
    if (auto normal = NormaliseUkPostcode(postcode)) {
      out.postcode = *normal;
    } else {
      problems.push_back(
          {"postcode", "\"" + postcode + "\" is not a full UK postcode (such as DL7 8AD)"});
    }
  }
  if (!problems.empty()) return problems;
  return out;
}

ServiceResult<std::vector<VenueRow>> VenueService::List() {
  auto venues = m_store.ListVenues();
  if (!venues) return StorageError(venues.error());
  return std::move(venues).value();
}

ServiceResult<VenueRow> VenueService::Create(const VenueRow& venue, const std::string& actor) {
  auto checked = CheckVenue(venue);
  if (!checked) return InvalidVenue(checked.problems());
  const VenueRow& row = *checked;
  auto exists = [&row] {
    return ServiceError{ErrorKind::kConflict,
                        "venue_exists",
                        "A venue \"" + row.id + "\" exists already; change it instead.",
                        {{"id", "exists already"}}};
  };
  auto found = m_store.GetVenue(row.id);
  if (!found) return StorageError(found.error());
  if (found->has_value()) return exists();
  if (auto added = m_store.AddVenue(row); !added) {
    if (added.error().Constraint()) return exists();  // added meanwhile by another request
    return StorageError(added.error());
  }
  auto audited = m_audit.Record(actor, "venue_created", "venue:" + row.id, row.name);
  if (!audited) return audited.error();
  return row;
}

ServiceResult<VenueRow> VenueService::Update(const std::string& id, const VenueChanges& changes,
                                             const std::string& actor) {
  auto found = m_store.GetVenue(id);
  if (!found) return StorageError(found.error());
  if (!found->has_value()) {
    return ServiceError{
        ErrorKind::kNotFound, "venue_not_found", "There is no venue \"" + id + "\".", {}};
  }
  const VenueRow before = **found;
  VenueRow wanted = before;
  if (changes.name) wanted.name = *changes.name;
  if (changes.ward) wanted.ward = *changes.ward;
  if (changes.area) wanted.area = *changes.area;
  if (changes.settlement) wanted.settlement = *changes.settlement;
  if (changes.postcode) wanted.postcode = *changes.postcode;
  auto checked = CheckVenue(wanted, false);
  if (!checked) return InvalidVenue(checked.problems());
  const VenueRow& row = *checked;
  const std::string changed = ChangedFields(before, row);
  if (changed.empty()) return row;
  auto updated = m_store.UpdateVenue(row);
  if (!updated) return StorageError(updated.error());
  if (!*updated) {
    return ServiceError{
        ErrorKind::kNotFound, "venue_not_found", "There is no venue \"" + id + "\".", {}};
  }
  auto audited = m_audit.Record(actor, "venue_updated", "venue:" + row.id, changed);
  if (!audited) return audited.error();
  return row;
}

ServiceResult<int> VenueService::Import(const std::string& csv, const std::string& file,
                                        const std::string& actor) {
  auto invalid = [](Problems problems) {
    const std::size_t count = problems.size();
    return ServiceError{ErrorKind::kBadRequest, "invalid_import",
                        "The venues were not imported: " + std::to_string(count) +
                            (count == 1 ? " problem" : " problems") + " (nothing was changed).",
                        std::move(problems)};
  };
  auto rows = ParseCsv(csv, file, {"id", "name"});
  if (!rows) return invalid(rows.problems());
  auto existing = m_store.ListVenues();
  if (!existing) return StorageError(existing.error());
  std::set<std::string> ids;
  for (const auto& v : *existing) ids.insert(v.id);

  Problems problems;
  std::vector<VenueRow> venues;
  for (const auto& row : *rows) {
    const std::string where = file + ":" + std::to_string(row.line);
    auto field = [&row](const char* name) {
      auto it = row.fields.find(name);
      return it == row.fields.end() ? std::string() : it->second;
    };
    auto checked = CheckVenue({field("id"), field("name"), field("area"), field("settlement"),
                               field("ward"), field("postcode")});
    if (!checked) {
      for (const auto& p : checked.problems())
        problems.push_back({where, p.path + " " + p.message});
      continue;
    }
    if (!ids.insert(checked->id).second) {
      problems.push_back({where, "id \"" + checked->id + "\" exists already"});
      continue;
    }
    venues.push_back(std::move(checked).value());
  }
  if (!problems.empty()) return invalid(std::move(problems));
  if (auto s = m_store.ImportVenues(venues); !s) {
    if (s.error().Constraint()) {
      return invalid({{file, "a venue of this file was added meanwhile; import it again"}});
    }
    return StorageError(s.error());
  }
  for (const auto& v : venues) {
    auto audited = m_audit.Record(actor, "venue_created", "venue:" + v.id, v.name);
    if (!audited) return audited.error();
  }
  return static_cast<int>(venues.size());
}

}  // namespace soundings::server
