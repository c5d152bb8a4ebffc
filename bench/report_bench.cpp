// Reports at scale: a 360 campaign of N responses x 20 answers (20 responses per subject: self,
// manager, 9 peers, 9 staff; 50 teams) and a consultation of N/10 responses, loaded straight
// into a fresh database through the store's ingest transaction, which keeps the report
// aggregates (migration 4) as it goes. Measures the individual 360 report (p50, p99 over random
// subjects, each computed afresh from its aggregate row, then served from the report cache), the
// organisation rollup (cold: every subject's aggregate row read and summed, and each subject's
// development areas worked out for the training needs; then cached), a consultation cross-tab,
// the same organisation figures by one plain SQL GROUP BY over the answers table, and what
// keeping the aggregates costs: the load rate with them, and a full backfill from the answers.
// The speed-up is that GROUP BY against the cold organisation rollup.
//
//   bench_report [--quick] [--responses N]     (default 1,000,000; --quick 40,000)
//   BENCH report_individual_p50_ms <x> ms        (cold: computed from the subject's aggregates)
//   BENCH report_individual_p99_ms <x> ms
//   BENCH report_individual_cached_p50_ms <x> ms
//   BENCH report_org_rollup_ms <x> ms            (cold)
//   BENCH report_org_rollup_cached_ms <x> ms
//   BENCH report_crosstab_ms <x> ms
//   BENCH report_sql_group_by_ms <x> ms
//   BENCH report_speedup_vs_sql <x> ratio        (GROUP BY / cold rollup)
//   BENCH report_load_responses_per_s <x> responses/s   (store ingest with aggregates kept)
//   BENCH report_aggregate_backfill_ms <x> ms    (rebuilding every aggregate from the answers)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/reports/report_service.h"
#include "server/reports/sqlite_report_store.h"
#include "server/store/sqlite_store.h"
#include "shared/db/sqlite.h"
#include "shared/sync/protocol.h"

namespace {

using namespace soundings;
using namespace soundings::server;
using Steady = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kItems = 20;
constexpr int kPerSubject = 20;
constexpr int kTeams = 50;

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

json Scale() {
  json scale = {{"id", "agree5"}, {"points", json::array()}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", {{"en", std::to_string(v)}}}});
  }
  return scale;
}

json Template360() {
  json sections = json::array();
  for (int c = 0; c < 4; ++c) {
    json items = json::array();
    for (int i = 0; i < kItems / 4; ++i) {
      items.push_back({{"id", "q" + std::to_string(c * 5 + i + 1)},
                       {"type", "likert"},
                       {"scale", "agree5"},
                       {"text", {{"en", "Statement"}}}});
    }
    sections.push_back({{"id", "comp" + std::to_string(c + 1)},
                        {"competency", true},
                        {"title", {{"en", "Competency " + std::to_string(c + 1)}}},
                        {"items", items}});
  }
  auto group = [](const std::string& id, int min) {
    return json{{"id", id}, {"label", {{"en", id}}}, {"min_responses", min}};
  };
  return {{"id", "b360"},
          {"version", 1},
          {"kind", "appraisal360"},
          {"languages", {"en"}},
          {"title", {{"en", "Bench"}}},
          {"scales", json::array({Scale()})},
          {"rater_groups",
           {group("self", 1), group("manager", 1), group("peer", 3), group("staff", 3)}},
          {"sections", sections}};
}

json TemplateConsultation() {
  json options = json::array();
  for (const char* v : {"a", "b", "c"}) options.push_back({{"value", v}, {"label", {{"en", v}}}});
  json items = json::array();
  items.push_back(
      {{"id", "like"}, {"type", "likert"}, {"scale", "agree5"}, {"text", {{"en", "Like"}}}});
  items.push_back({{"id", "pick"},
                   {"type", "single_choice"},
                   {"options", options},
                   {"text", {{"en", "Pick"}}}});
  items.push_back({{"id", "weekly"}, {"type", "yes_no"}, {"text", {{"en", "Weekly"}}}});
  return {{"id", "bcons"},
          {"version", 1},
          {"kind", "consultation"},
          {"languages", {"en"}},
          {"title", {{"en", "Bench"}}},
          {"scales", json::array({Scale()})},
          {"sections", {{{"id", "s"}, {"title", {{"en", "S"}}}, {"items", items}}}}};
}

bool AddTemplate(Store& store, const json& document) {
  TemplateVersionRow row{document["id"], document["version"], document["kind"], document.dump(),
                         ""};
  row.document_hash = sync::Sha256Hex(row.document);
  return store.AddTemplateVersion(row).ok();
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

int Fail(const std::string& what) {
  std::cerr << "bench_report: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  long responses = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) responses = 40'000;
    if (std::strcmp(argv[i], "--responses") == 0 && i + 1 < argc) responses = std::stol(argv[++i]);
  }
  const long subjects = std::max(1L, responses / kPerSubject);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("soundings-report-bench-" + std::to_string(std::random_device()()));
  std::filesystem::create_directories(dir);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{dir};

  SqliteStoreOptions options;
  options.synchronous = "OFF";  // loading speed only; reports read what is there
  auto opened = SqliteStore::Open(dir / "bench.db", options);
  if (!opened) return Fail(opened.ErrorText());
  auto store = std::move(opened).value();
  if (!AddTemplate(*store, Template360()) || !AddTemplate(*store, TemplateConsultation())) {
    return Fail("cannot store the templates");
  }
  // Each setup write is checked: a bench that measured an empty store would report nonsense.
  bool set_up = static_cast<bool>(store->AddOrgUnit({"org", "", "organisation", "Council", ""}));
  for (int t = 0; t < kTeams; ++t) {
    set_up = set_up && static_cast<bool>(store->AddOrgUnit(
                           {"team" + std::to_string(t), "org", "team", "Team", ""}));
  }
  set_up = set_up && static_cast<bool>(store->AddCampaign(
                         {"c360", "b360", 1, "Bench 360", "appraisal360", "closed"}));
  set_up = set_up && static_cast<bool>(store->AddCampaign(
                         {"cons", "bcons", 1, "Bench consultation", "consultation", "closed"}));
  set_up = set_up && static_cast<bool>(store->AddVenue({"v1", "North", "north", "urban", "W1"}));
  set_up = set_up && static_cast<bool>(store->AddVenue({"v2", "South", "south", "rural", "W2"}));
  if (!set_up) return Fail("cannot add the organisation, campaigns and venues");

  std::mt19937 random(42);
  std::uniform_int_distribution<int> point(1, 5);
  const auto load_start = Steady::now();
  std::vector<std::int64_t> subject_ids;
  std::vector<std::string> person_ids;
  {
    std::vector<OrgUnitRow> no_units;
    std::vector<PersonRow> people;
    for (long s = 0; s < subjects; ++s) {
      people.push_back({"p" + std::to_string(s), "Person " + std::to_string(s), "",
                        "team" + std::to_string(s % kTeams)});
    }
    if (!store->ImportPeople(no_units, people)) return Fail("cannot add people");
    for (long s = 0; s < subjects; ++s) {
      auto id = store->AddSubject("c360", people[static_cast<std::size_t>(s)].id);
      if (!id) return Fail("cannot add a subject");
      subject_ids.push_back(*id);
      person_ids.push_back(people[static_cast<std::size_t>(s)].id);
    }
  }
  auto insert = [&](long count, auto make) -> bool {
    for (long done = 0; done < count;) {
      auto tx = store->BeginIngest();
      if (!tx) return false;
      for (long i = 0; i < 20'000 && done < count; ++i, ++done) {
        if (!(*tx)->InsertResponse(make(done))) return false;
      }
      if (!(*tx)->Commit()) return false;
    }
    return true;
  };
  const bool loaded = insert(responses, [&](long n) {
    StoredResponse r;
    r.uuid = sync::NewUuidV4();
    r.content_hash = "x";
    r.campaign_id = "c360";
    r.template_id = "b360";
    r.template_version = 1;
    const long within = n % kPerSubject;
    r.rater_group = within == 0 ? "self" : within == 1 ? "manager" : within < 11 ? "peer" : "staff";
    r.subject_id = subject_ids[static_cast<std::size_t>((n / kPerSubject) % subjects)];
    r.language = "en";
    r.started_at = r.completed_at = "2026-11-20T10:00:00Z";
    for (int i = 1; i <= kItems; ++i)
      r.answers["q" + std::to_string(i)] = std::to_string(point(random));
    return r;
  });
  const bool loaded_consultation = insert(responses / 10, [&](long n) {
    StoredResponse r;
    r.uuid = sync::NewUuidV4();
    r.content_hash = "x";
    r.campaign_id = "cons";
    r.template_id = "bcons";
    r.template_version = 1;
    r.venue_id = n % 3 == 0 ? "v2" : "v1";
    r.language = "en";
    r.started_at = r.completed_at = n % 2 == 0 ? "2026-11-20T10:00:00Z" : "2026-11-21T10:00:00Z";
    r.answers["like"] = std::to_string(point(random));
    r.answers["pick"] = std::string("\"") + "abc"[n % 3] + "\"";
    r.answers["weekly"] = n % 4 == 0 ? "true" : "false";
    return r;
  });
  if (!loaded || !loaded_consultation) return Fail("cannot load responses");
  const double load_ms = Ms(Steady::now() - load_start);
  std::cerr << "loaded " << responses << " + " << responses / 10 << " responses in "
            << load_ms / 1000 << " s\n";

  auto reports_store = SqliteReportStore::Open(dir / "bench.db");
  if (!reports_store) return Fail(reports_store.ErrorText());
  ReportService service(**reports_store);
  const Principal hr{1, "bench", "hr", ""};

  // Individual reports: each subject's first request computes it, the second is cached.
  std::vector<double> cold, warm;
  std::uniform_int_distribution<long> pick(0, subjects - 1);
  const int samples = static_cast<int>(std::min<long>(subjects, 300));
  std::vector<std::string> chosen;
  for (int i = 0; i < samples; ++i)
    chosen.push_back(person_ids[static_cast<std::size_t>(pick(random))]);
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  for (const auto& person : chosen) {
    auto start = Steady::now();
    auto report = service.Individual(hr, "c360", person);
    cold.push_back(Ms(Steady::now() - start));
    if (!report) return Fail(report.error().message);
  }
  for (const auto& person : chosen) {
    auto start = Steady::now();
    auto report = service.Individual(hr, "c360", person);
    warm.push_back(Ms(Steady::now() - start));
    if (!report) return Fail(report.error().message);
  }

  auto start = Steady::now();
  auto org = service.Organisation(hr, "c360");
  const double org_cold = Ms(Steady::now() - start);
  if (!org) return Fail(org.error().message);
  start = Steady::now();
  auto org_again = service.Organisation(hr, "c360");
  const double org_warm = Ms(Steady::now() - start);
  if (!org_again || *org_again != *org) return Fail("the cached organisation report differs");

  start = Steady::now();
  auto table = service.CrossTab(hr, "cons", "like", "venue_area");
  const double crosstab = Ms(Steady::now() - start);
  if (!table) return Fail(table.error().message);

  // The same organisation figures by plain SQL: mean and count per item for all others.
  auto db = db::Database::Open(dir / "bench.db", {});
  if (!db) return Fail(db.error().message);
  start = Steady::now();
  auto statement = db->Prepare(
      "SELECT a.item_id, COUNT(*), AVG(CAST(a.value AS REAL)) FROM answers a "
      "JOIN responses r ON r.uuid = a.response_uuid "
      "WHERE r.campaign_id = 'c360' AND r.rater_group <> 'self' GROUP BY a.item_id");
  if (!statement) return Fail(statement.error().message);
  int groups = 0;
  while (true) {
    auto more = statement->Step();
    if (!more) return Fail(more.error().message);
    if (!*more) break;
    ++groups;
  }
  const double sql = Ms(Steady::now() - start);
  if (groups != kItems) return Fail("the GROUP BY found " + std::to_string(groups) + " items");

  // What migration 4's backfill costs on this database: forget the aggregates, open again.
  store.reset();
  {
    auto forget = db::Database::Open(dir / "bench.db", {});
    if (!forget || !forget->Exec("DELETE FROM report_aggregate_state").ok()) {
      return Fail("cannot forget the aggregates");
    }
  }
  start = Steady::now();
  auto reopened = SqliteStore::Open(dir / "bench.db", options);
  const double backfill = Ms(Steady::now() - start);
  if (!reopened) return Fail(reopened.ErrorText());

  std::printf("BENCH report_individual_p50_ms %.3f ms\n", Percentile(cold, 0.5));
  std::printf("BENCH report_individual_p99_ms %.3f ms\n", Percentile(cold, 0.99));
  std::printf("BENCH report_individual_cached_p50_ms %.3f ms\n", Percentile(warm, 0.5));
  std::printf("BENCH report_org_rollup_ms %.1f ms\n", org_cold);
  std::printf("BENCH report_org_rollup_cached_ms %.3f ms\n", org_warm);
  std::printf("BENCH report_crosstab_ms %.1f ms\n", crosstab);
  std::printf("BENCH report_sql_group_by_ms %.1f ms\n", sql);
  std::printf("BENCH report_speedup_vs_sql %.1f ratio\n", sql / std::max(org_cold, 1e-3));
  std::printf("BENCH report_load_responses_per_s %.0f responses/s\n",
              static_cast<double>(responses + responses / 10) / (load_ms / 1000));
  std::printf("BENCH report_aggregate_backfill_ms %.1f ms\n", backfill);
  return 0;
}
