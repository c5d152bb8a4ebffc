// libFuzzer target: the CSV importers (`people import`, `nominations import`, and the API routes
// that call them) must never crash, throw, hang or write half an import on any bytes.
//
// Each input goes through:
//  - ParseCsv with the people columns: a refusal names "FILE:LINE" and says why; accepted rows
//    carry every header column, start on increasing lines inside the text, and hold trimmed values;
//  - AdminService::ImportPeople, the input being the people CSV, or a units CSV and a people CSV
//    separated by a form feed (\f);
//  - AdminService::ImportNominations for a 360 campaign (me2e-360) and for a consultation.
// An import either succeeds with counts equal to its rows and every row stored, or fails as an
// input error (400 invalid_import, 409 already_nominated, 422) that changed nothing. A storage
// error (500) on this healthy database is a finding: a row the checks let through that the
// database refuses.
//
// The store is a real SQLite database in a temporary folder, seeded with a small organisation,
// the bundled me2e-360 template and two campaigns; it is made anew every kFreshEvery inputs so
// successful imports (which the next input may clash with) stay few.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <unistd.h>

#include "server/core/clock.h"
#include "server/services/admin.h"
#include "server/services/csv.h"
#include "server/services/template_catalog.h"
#include "server/store/sqlite_store.h"

namespace {

namespace server = soundings::server;

constexpr int kFreshEvery = 500;

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "server_csv_fuzz: %s\n", what.c_str());
  std::abort();
}

void CheckProblems(const soundings::Problems& problems, const std::string& file) {
  if (problems.empty()) Finding("a refusal without a problem");
  for (const auto& p : problems) {
    if (p.message.empty()) Finding("a problem without a message");
    if (!p.path.starts_with(file)) Finding("a problem path not naming the file: " + p.path);
  }
}

class World {
 public:
  World() {
    char pattern[] = "/tmp/soundings-csv-fuzz-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) Finding("cannot make a temporary folder");
    m_folder = pattern;
  }
  ~World() {
    m_admin.reset();
    m_catalog.reset();
    m_store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(m_folder, ignored);
  }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  server::AdminService& Admin() {
    if (!m_admin || ++m_uses > kFreshEvery) Fresh();
    return *m_admin;
  }
  server::Store& Store() { return *m_store; }

 private:
  void Fresh() {
    m_admin.reset();
    m_catalog.reset();
    m_store.reset();
    m_uses = 1;
    const auto file = m_folder / ("store-" + std::to_string(++m_generation) + ".db");
    std::error_code ignored;
    std::filesystem::remove(m_folder / ("store-" + std::to_string(m_generation - 1) + ".db"),
                            ignored);
    server::SqliteStoreOptions options;
    options.synchronous = "OFF";
    options.reader_connections = 1;
    auto store = server::SqliteStore::Open(file, options);
    if (!store) Finding("cannot open the store: " + store.ErrorText());
    m_store = std::move(store).value();
    m_catalog = std::make_unique<server::TemplateCatalog>(*m_store);
    auto loaded = m_catalog->LoadFile(SOUNDINGS_TEMPLATE_DIR "/me2e-360.json");
    if (!loaded) Finding("cannot load me2e-360: " + loaded.ErrorText());
    auto consultation =
        m_catalog->LoadFile(SOUNDINGS_TEMPLATE_DIR "/combined-authority-consultation.json");
    if (!consultation) Finding("cannot load the consultation: " + consultation.ErrorText());

    bool ok = m_store->AddOrgUnit({"org", "", "organisation", "Council", ""}).ok() &&
              m_store->AddOrgUnit({"dir", "org", "directorate", "Place", ""}).ok() &&
              m_store->AddOrgUnit({"team", "dir", "team", "Parks", ""}).ok();
    for (const char* id : {"p1", "p2", "p3", "p4"}) {
      ok = ok && m_store->AddPerson({id, std::string("Person ") + id, "", "team"}).ok();
    }
    ok = ok && m_store
                   ->AddCampaign({"c360", loaded->template_id, loaded->version, "360",
                                  "appraisal360", "open"})
                   .ok();
    ok = ok && m_store
                   ->AddCampaign({"consult", consultation->template_id, consultation->version,
                                  "Consultation", "consultation", "open"})
                   .ok();
    if (!ok) Finding("cannot seed the store");
    m_admin = std::make_unique<server::AdminService>(*m_store, *m_catalog, m_clock);
  }

  std::filesystem::path m_folder;
  server::SystemClock m_clock;
  std::unique_ptr<server::SqliteStore> m_store;
  std::unique_ptr<server::TemplateCatalog> m_catalog;
  std::unique_ptr<server::AdminService> m_admin;
  int m_uses = 0;
  int m_generation = 0;
};

World& TheWorld() {
  static World world;
  return world;
}

void CheckParse(std::string_view text) {
  const std::vector<std::string> required = {"id", "display_name", "unit_id"};
  auto parsed = server::ParseCsv(text, "people.csv", required);
  if (!parsed) return CheckProblems(parsed.problems(), "people.csv");
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  int previous = 1;
  for (const auto& row : *parsed) {
    if (row.line <= previous || static_cast<std::size_t>(row.line) > lines) {
      Finding("row line " + std::to_string(row.line) + " after " + std::to_string(previous));
    }
    previous = row.line;
    for (const auto& column : required) {
      if (!row.fields.contains(column)) Finding("a row without column " + column);
    }
    for (const auto& [name, value] : row.fields) {
      if (!value.empty() && (value.front() == ' ' || value.back() == ' ' || value.front() == '\t' ||
                             value.back() == '\t')) {
        Finding("an untrimmed value in column " + name);
      }
    }
  }
}

template <typename T>
void CheckImportFailure(const server::ServiceResult<T>& result) {
  const server::ServiceError& error = result.error();
  if (error.code.empty() || error.message.empty()) Finding("an import error without a sentence");
  if (error.kind == server::ErrorKind::kInternal || error.kind == server::ErrorKind::kUnavailable) {
    Finding("the database refused an import the checks let through: " + error.code + ": " +
            error.message);
  }
  if (error.code == "invalid_import" && error.problems.empty()) {
    Finding("invalid_import without problems");
  }
}

std::size_t PeopleCount(server::Store& store) {
  auto people = store.ListPeople();
  if (!people) Finding("cannot list people");
  return people->size();
}

std::size_t UnitCount(server::Store& store) {
  auto units = store.ListOrgUnits();
  if (!units) Finding("cannot list units");
  return units->size();
}

std::size_t PendingNominations(server::Store& store) {
  auto pending = store.NominationsWithoutInvitation("c360");
  if (!pending) Finding("cannot list nominations");
  return pending->size();
}

void CheckImportPeople(const std::string& text) {
  std::string units;
  std::string people = text;
  if (const auto split = text.find('\f'); split != std::string::npos) {
    units = text.substr(0, split);
    people = text.substr(split + 1);
  }
  server::AdminService& admin = TheWorld().Admin();
  server::Store& store = TheWorld().Store();
  const std::size_t people_before = PeopleCount(store);
  const std::size_t units_before = UnitCount(store);
  auto imported = admin.ImportPeople(units, "units.csv", people, "people.csv", "fuzz");
  if (!imported) {
    CheckImportFailure(imported);
    if (PeopleCount(store) != people_before || UnitCount(store) != units_before) {
      Finding("a refused people import changed the store");
    }
    return;
  }
  if (PeopleCount(store) != people_before + static_cast<std::size_t>(imported->people) ||
      UnitCount(store) != units_before + static_cast<std::size_t>(imported->units)) {
    Finding("the people import's counts differ from what was stored");
  }
}

void CheckImportNominations(const std::string& text) {
  server::AdminService& admin = TheWorld().Admin();
  server::Store& store = TheWorld().Store();
  const std::size_t before = PendingNominations(store);
  auto imported = admin.ImportNominations("c360", text, "nominations.csv", "fuzz");
  if (!imported) {
    CheckImportFailure(imported);
    if (PendingNominations(store) != before) {
      Finding("a refused nominations import changed the store");
    }
  } else if (PendingNominations(store) !=
             before + static_cast<std::size_t>(imported->nominations)) {
    Finding("the nominations import's count differs from what was stored");
  }
  // A consultation has no raters: always refused, whatever the file.
  auto refused = admin.ImportNominations("consult", text, "nominations.csv", "fuzz");
  if (refused) Finding("a consultation took nominations");
  CheckImportFailure(refused);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  CheckParse(text);
  CheckImportPeople(text);
  CheckImportNominations(text);
  return 0;
}
