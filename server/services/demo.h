#pragma once
// `init`: a new data folder with the bundled templates, and with --demo a demo organisation:
// directorates and teams, twelve managers with their raters for the ME2E 360 (this year's still
// collecting, last year's closed with its reports released), a self-assessment
// per team, consultations at venues north/south and urban/rural, a director (head of service) per
// directorate, sign-ins for an administrator, a manager and a head of service, a kiosk
// enrolment code, and responses to every demo campaign handed in through the ingest service
// (demo_responses.h), so the dashboard has results from the first start.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/services/audit_log.h"
#include "server/services/devices.h"
#include "server/services/ingest.h"
#include "server/services/template_catalog.h"
#include "server/store/store.h"
#include "shared/core/error.h"

namespace soundings::server {

struct InitReport {
  TemplateLoadReport templates;
  bool demo = false;
  struct SignIn {
    std::string username;
    std::string role;       // admin, manager, head_of_service
    std::string person_id;  // "" for the administrator
    std::string who;        // "Priya Shah, a manager in Adult Care North ..."
    std::string password;   // shown once
  };
  std::vector<SignIn> sign_ins;            // the administrator first
  std::string enrolment_code;              // shown once
  std::vector<std::string> campaigns;      // "me2e-2026 (appraisal360, open)"
  std::vector<std::string> notes;          // "skipped the consultation: template ... not loaded"
  std::filesystem::path invitations_file;  // the demo's unused invitation codes, CSV
  std::vector<std::string> sample_invitations;  // "K7QM-3XPA-9RT  me2e-2026: peer for Priya Shah"
  int demo_responses = 0;                       // handed in through ingest, all accepted
  std::map<std::string, int> demo_responses_by_campaign;
  // Campaigns the demo closed once their responses were in, whose reports are then released
  // (the app's InitialiseDataFolder, server/app.h: releases belong to the reports layer).
  std::vector<std::string> campaigns_to_release;
  std::map<std::string, int> released_reports;  // campaign id -> reports released
};

/// What init works through: the services of one data folder (ServerApp hands over its own).
struct DataFolderServices {
  Store& store;
  TemplateCatalog& templates;
  DeviceService& devices;
  IngestService& ingest;
  AuditLog& audit;
  const Clock& clock;
  std::filesystem::path data_dir;
};

/// Loads the templates in `template_dir` and, when `demo`, creates the demo organisation. Fails
/// when the database already holds an organisation and `demo` was asked.
Result<InitReport> InitialiseDataFolder(const DataFolderServices& folder,
                                        const std::filesystem::path& template_dir, bool demo);

/// Whether the folder has no database yet (`serve --demo` then runs init --demo first).
bool DataFolderIsEmpty(const std::filesystem::path& data_dir);

}  // namespace soundings::server
