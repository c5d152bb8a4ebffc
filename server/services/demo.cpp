#include "server/services/demo.h"

#include <array>
#include <fstream>
#include <set>

#include "server/services/csv.h"
#include "server/services/demo_responses.h"
#include "server/services/passwords.h"
#include "shared/sync/invitation_code.h"

namespace soundings::server {

namespace {

struct DemoTeam {
  const char* id;
  const char* name;
  const char* directorate;
};

constexpr std::array<std::pair<const char*, const char*>, 3> kDirectorates{{
    {"adults", "Adult Social Care"},
    {"children", "Children and Young People's Services"},
    {"resources", "Central Services"},
}};

constexpr std::array<DemoTeam, 6> kTeams{{
    {"adults-north", "Adult Care North", "adults"},
    {"adults-south", "Adult Care South", "adults"},
    {"children-early", "Early Help", "children"},
    {"children-schools", "Inclusion and Schools", "children"},
    {"resources-it", "Technology and Change", "resources"},
    {"resources-finance", "Finance", "resources"},
}};

constexpr std::array<const char*, 24> kFirstNames{
    "Priya",  "Tom",   "Aisha", "Gareth", "Megan", "Daniel",   "Sian",  "Oliver",
    "Fatima", "James", "Rhian", "Kwame",  "Laura", "Mohammed", "Ellie", "Owen",
    "Grace",  "Hamza", "Chloe", "Rhys",   "Zara",  "Callum",   "Nia",   "Jack"};
constexpr std::array<const char*, 16> kLastNames{
    "Shah",  "Evans",   "Khan",  "Hughes", "Wilson", "Okafor",  "Davies", "Thompson",
    "Ahmed", "Roberts", "Jones", "Mensah", "Clarke", "Hussain", "Price",  "Walker"};

std::string PersonName(int index) {
  return std::string(kFirstNames[static_cast<std::size_t>(index) % kFirstNames.size()]) + " " +
         kLastNames[static_cast<std::size_t>(index * 7 + index / 16) % kLastNames.size()];
}

Status Check(const db::DbStatus& status, const std::string& what) {
  if (status) return Ok{};
  return Problem{what, status.error().message};
}

template <typename T>
Result<T> Check(db::DbResult<T> result, const std::string& what) {
  if (result) return std::move(result).value();
  return Problem{what, result.error().message};
}

// Last year's 360: closed, its reports released, beside this year's that still collects.
constexpr const char* kLastYear360 = "me2e-2025";

bool HasTemplate(const std::vector<TemplateVersionRow>& rows, const std::string& id, int version) {
  for (const auto& row : rows) {
    if (row.template_id == id && row.version == version) return true;
  }
  return false;
}

// Nominates `rows` in one transaction and makes an invitation for each in another, as an admin's
// import and "make invitations" do; the codes are kept in `out` (and later in the demo CSV),
// nowhere in the store.
Status Invite(Store& store, const std::string& campaign,
              const std::vector<NominationImportRow>& rows,
              const std::map<std::string, std::string>& team_of, const std::string& expires_at,
              std::vector<DemoInvitation>& out) {
  if (auto s = Check(store.ImportNominations(campaign, rows), campaign + " nominations"); !s) {
    return s;
  }
  auto pending = Check(store.NominationsWithoutInvitation(campaign), campaign + " nominations");
  if (!pending) return pending.problems();
  std::vector<InvitationRow> invitations;
  for (const auto& p : *pending) {
    const std::string code = sync::GenerateInvitationCode();
    InvitationRow row;
    row.campaign_id = campaign;
    row.subject_id = p.subject_id;
    row.nomination_id = p.nomination_id;
    row.rater_group = p.who.rater_group;
    row.salt = sync::NewInvitationSalt();
    row.code_hash = sync::HashInvitationCode(*sync::NormaliseInvitationCode(code), row.salt);
    row.expires_at = expires_at;
    invitations.push_back(std::move(row));
    auto team = team_of.find(p.who.subject_person_id);
    out.push_back({campaign, code, p.who.subject_person_id, p.subject_display_name,
                   p.who.rater_group, p.rater_display_name,
                   team == team_of.end() ? "" : team->second, false});
  }
  return Check(store.AddInvitations(invitations), campaign + " invitations");
}

// The invitations no demo response used: the only codes a kiosk can still take.
Status WriteUnusedInvitations(const std::vector<DemoInvitation>& invitations, InitReport& report) {
  std::ofstream csv(report.invitations_file);
  csv << CsvLine({"campaign", "code", "subject", "rater_group", "rater"}, "\n");
  std::set<std::pair<std::string, std::string>> sampled;
  for (const auto& i : invitations) {
    // A closed campaign takes no response, so its unused codes are of no use to anyone.
    if (i.used || i.campaign_id == kLastYear360) continue;
    csv << CsvLine({i.campaign_id, i.code, i.subject_name, i.rater_group, i.rater_name}, "\n");
    if (report.sample_invitations.size() < 6 &&
        sampled.insert({i.campaign_id, i.rater_group}).second) {
      report.sample_invitations.push_back(i.code + "  " + i.campaign_id + ": " + i.rater_group +
                                          " for " + i.subject_name);
    }
  }
  csv.close();
  if (!csv) {
    return Problem{report.invitations_file.string(), "could not write the demo invitation codes"};
  }
  return Ok{};
}

Status CreateDemo(const DataFolderServices& folder, const demo::DemoAnswers& rules,
                  InitReport& report) {
  Store& store = folder.store;
  const auto now = folder.clock.Now();
  const std::string created = FormatRfc3339(now);
  const std::string expires = FormatRfc3339(now + std::chrono::hours(24 * 90));

  std::vector<OrgUnitRow> units = {{"council", "", "organisation", "North Riding Council", ""}};
  // Each directorate is led by its director, a head of service above its teams' managers; the
  // directors are neither subjects nor raters (people d-adults, d-children, d-resources).
  for (const auto& [id, name] : kDirectorates) {
    units.push_back({id, "council", "directorate", name, std::string("d-") + id});
  }
  for (const auto& team : kTeams)
    units.push_back({team.id, team.directorate, "team", team.name, ""});
  // 12 managers (two per team), each leading 4 staff: 60 people.
  int person_index = 0;
  std::vector<PersonRow> people;
  std::vector<std::string> managers;
  std::map<std::string, std::vector<std::string>> staff_of;
  std::map<std::string, std::string> team_of;
  for (const auto& team : kTeams) {
    for (int m = 0; m < 2; ++m) {
      const std::string manager = "p" + std::to_string(++person_index);
      people.push_back({manager, PersonName(person_index), manager + "@example.gov.uk", team.id});
      managers.push_back(manager);
      team_of[manager] = team.id;
      for (int k = 0; k < 4; ++k) {
        const std::string member = "p" + std::to_string(++person_index);
        people.push_back({member, PersonName(person_index), member + "@example.gov.uk", team.id});
        staff_of[manager].push_back(member);
      }
    }
  }
  for (const auto& [id, name] : kDirectorates) {
    const std::string director = std::string("d-") + id;
    people.push_back({director, PersonName(++person_index), director + "@example.gov.uk", id});
  }
  std::map<std::string, std::string> name_of;
  for (const auto& person : people) name_of[person.id] = person.display_name;
  if (auto s = Check(store.ImportPeople(units, people), "organisation and people"); !s) return s;

  auto templates = store.ListTemplateVersions();
  if (!templates) return Problem{"templates", templates.error().message};
  std::vector<DemoInvitation> invitations;

  if (HasTemplate(*templates, "me2e-360", 2)) {
    const std::string campaign = "me2e-2026";
    if (auto s = Check(store.AddCampaign({campaign, "me2e-360", 2, "ME2E 360 appraisal 2026",
                                          "appraisal360", "open"}),
                       campaign);
        !s) {
      return s;
    }
    std::vector<NominationImportRow> rows;
    for (std::size_t i = 0; i < managers.size(); ++i) {
      const std::string& subject = managers[i];
      // Self; their line manager (the other manager of the team, standing in for a director);
      // four peers (managers of other teams); their four staff.
      rows.push_back({subject, subject, "self"});
      rows.push_back({subject, managers[i ^ 1], "manager"});
      for (std::size_t k = 2; k <= 8; k += 2) {
        rows.push_back({subject, managers[(i + k) % managers.size()], "peer"});
      }
      for (const auto& member : staff_of[subject]) rows.push_back({subject, member, "staff"});
    }
    if (auto s = Invite(store, campaign, rows, team_of, expires, invitations); !s) return s;
    report.campaigns.push_back(campaign + " (appraisal360, open): 12 managers, " +
                               std::to_string(invitations.size()) + " invitations");
    // Last year's cycle with the same raters, so the demo shows the whole cycle: its responses
    // go in while it is open, then it is closed and its reports released (InitialiseDataFolder).
    if (auto s = Check(store.AddCampaign({kLastYear360, "me2e-360", 2, "ME2E 360 appraisal 2025",
                                          "appraisal360", "open"}),
                       kLastYear360);
        !s) {
      return s;
    }
    if (auto s = Invite(store, kLastYear360, rows, team_of, expires, invitations); !s) return s;
    report.campaigns.push_back(std::string(kLastYear360) +
                               " (appraisal360, closed): last year's cycle, reports released");
  } else {
    report.notes.emplace_back("no ME2E 360 campaign: template me2e-360 version 2 was not loaded");
  }

  if (HasTemplate(*templates, "me2e-self-assessment", 1)) {
    const std::string campaign = "self-2026";
    if (auto s = Check(store.AddCampaign({campaign, "me2e-self-assessment", 1,
                                          "Team self-assessment 2026", "self_assessment", "open"}),
                       campaign);
        !s) {
      return s;
    }
    // Each team assesses itself: its first manager leads, their four staff are the members.
    std::vector<NominationImportRow> rows;
    for (std::size_t t = 0; t < kTeams.size(); ++t) {
      const std::string& lead = managers[2 * t];
      rows.push_back({lead, lead, "service_lead"});
      for (const auto& member : staff_of[lead]) rows.push_back({lead, member, "team_member"});
    }
    if (auto s = Invite(store, campaign, rows, team_of, expires, invitations); !s) return s;
    report.campaigns.push_back(campaign + " (self_assessment, open): 6 teams, 30 invitations");
  } else {
    report.notes.emplace_back(
        "no self-assessment campaign: template me2e-self-assessment version 1 was not loaded");
  }

  const std::vector<VenueRow> venues = {
      {"northallerton-library", "Northallerton Library", "north", "urban", "Romanby", "DL7 8AD"},
      {"leyburn-market", "Leyburn Market Hall", "north", "rural", "Lower Wensleydale", "DL8 5AW"},
      {"selby-civic", "Selby Civic Centre", "south", "urban", "Selby West", "YO8 4SP"},
      {"sherburn-village-hall", "Sherburn Village Hall", "south", "rural", "Sherburn in Elmet",
       "LS25 6BA"},
  };
  for (const auto& venue : venues) {
    if (auto s = Check(store.AddVenue(venue), venue.id); !s) return s;
  }
  for (const auto& [campaign, template_id, title] : std::vector<std::array<std::string, 3>>{
           {"community-2026", "me-my-life-my-community", "Me, my life, my community"},
           {"combined-authority-2026", "combined-authority-consultation",
            "Combined authority consultation"},
           {"customer-feedback", "customer-service-feedback", "Customer service feedback"}}) {
    if (!HasTemplate(*templates, template_id, 1)) {
      report.notes.push_back("no " + campaign + " campaign: template " + template_id +
                             " version 1 was not loaded");
      continue;
    }
    if (auto s = Check(store.AddCampaign({campaign, template_id, 1, title, "consultation", "open"}),
                       campaign);
        !s) {
      return s;
    }
    report.campaigns.push_back(campaign + " (consultation, open) at 4 venues");
  }

  // Three sign-ins, so the cycle can be tried from each side: the administrator; a manager who
  // is a subject of both ME2E 360s (their own released report from last year, a refusal for this
  // year's while it collects); the director of Adult Social Care as head of service (completion
  // and released reports of that directorate's managers only).
  const std::string adults_director = std::string("d-") + kDirectorates[0].first;
  const std::vector<InitReport::SignIn> sign_ins = {
      {"admin", "admin", "", "all of the organisation", ""},
      {"manager", "manager", managers.front(),
       name_of[managers.front()] + ", a manager in " + kTeams[0].name +
           " and a subject of both ME2E 360s",
       ""},
      {"director", "head_of_service", adults_director,
       name_of[adults_director] + ", director of " + kDirectorates[0].second, ""},
  };
  for (auto sign_in : sign_ins) {
    sign_in.password = GeneratePassword();
    auto hash = HashPassword(sign_in.password);
    if (!hash) return hash.problems();
    UserRow user{0, sign_in.username, sign_in.person_id, sign_in.role, *hash, false};
    if (auto s = Check(store.AddUser(user, created), sign_in.username + " user"); !s) {
      return s.problems();
    }
    report.sign_ins.push_back(std::move(sign_in));
  }

  auto code = folder.devices.CreateEnrolmentCode(std::chrono::hours(24 * 30), "cli:init");
  if (!code) return Problem{"enrolment code", code.error().message};
  report.enrolment_code = *code;

  auto handed_in = HandInDemoResponses(store, folder.templates, folder.ingest, folder.clock, rules,
                                       invitations, venues);
  if (!handed_in) return handed_in.problems();
  report.demo_responses = handed_in->handed_in;
  report.demo_responses_by_campaign = handed_in->accepted_by_campaign;
  if (handed_in->accepted_by_campaign.contains(kLastYear360)) {
    if (auto s = Check(store.SetCampaignState(kLastYear360, "closed"), kLastYear360); !s) return s;
    report.campaigns_to_release.emplace_back(kLastYear360);
  }
  // The community consultation's public "you said, we did" page, as a council would publish it
  // (server/reports/public_page.h): its dates, two findings HR chose and how to get in touch.
  if (handed_in->accepted_by_campaign.contains("community-2026")) {
    using std::chrono::days;
    using std::chrono::hours;
    const auto today = std::chrono::floor<days>(now);
    const auto opens =
        std::chrono::time_point_cast<TimePoint::duration>(today - days(21) + hours(9));
    const auto closes =
        std::chrono::time_point_cast<TimePoint::duration>(today + days(28) + hours(17));
    if (auto s = Check(
            store.SetCampaignDates("community-2026", FormatRfc3339(opens), FormatRfc3339(closes)),
            "community-2026 dates");
        !s) {
      return s;
    }
    const nlohmann::json content = {
        {"summary",
         "We asked families of children in Year 1 at the pilot schools about their lives and "
         "their community, at libraries, market halls and village halls across the borough. "
         "Thank you to everyone who took part."},
        {"findings",
         {{{"question", "feel_safe"},
           {"values", {"no"}},
           {"you_said",
            "Many of you do not feel safe in your neighbourhood, most often because of dark "
            "paths and speeding traffic."},
           {"we_did",
            "We are replacing the street lights on the walking routes to the pilot schools by "
            "March, and the police will check speeds outside the schools every week this term."}},
          {{"question", "health_barriers"},
           {"values", {"cost"}},
           {"you_said", "Cost was what most often made it harder for your family to be healthy."},
           {"we_did",
            "From April, under-16s swim free at council leisure centres in the school holidays, "
            "and family passes are half price."}}}},
        {"profile", nlohmann::json::array()},
        {"contact",
         "Email: community@demo-borough.example\nPhone: 01609 780 780\nCommunity Team, Civic "
         "Centre, Stone Cross, Northallerton DL6 2UU"}};
    Store::PublicPageRow page{"community-2026",
                              "We will report on each of these at the celebration event at the "
                              "schools in the summer term.",
                              true,
                              created,
                              "user:admin",
                              content.dump()};
    if (auto s = Check(store.PutPublicPage(page), "community-2026 public page"); !s) return s;
  }
  return WriteUnusedInvitations(invitations, report);
}

}  // namespace

bool DataFolderIsEmpty(const std::filesystem::path& data_dir) {
  std::error_code error;
  return !std::filesystem::exists(data_dir / "soundings.db", error);
}

Result<InitReport> InitialiseDataFolder(const DataFolderServices& folder,
                                        const std::filesystem::path& template_dir, bool demo) {
  InitReport report;
  report.demo = demo;
  report.templates = folder.templates.LoadDirectory(template_dir);
  auto audited = folder.audit.Record(
      "cli", "init", "", std::to_string(report.templates.loaded.size()) + " templates loaded");
  if (!audited) return Problem{"audit log", audited.error().message};
  if (!demo) return report;

  auto units = folder.store.ListOrgUnits();
  if (!units) return Problem{"database", units.error().message};
  if (!units->empty()) {
    return Problem{folder.data_dir.string(),
                   "already holds an organisation; the demo is made only in an empty data folder"};
  }
  // The demo's answer rules are read before anything is made, so a broken file changes nothing.
  auto rules = demo::DemoAnswers::Load(template_dir / "demo");
  if (!rules) return rules.problems();
  report.invitations_file = folder.data_dir / "demo-invitations.csv";
  if (auto created = CreateDemo(folder, *rules, report); !created) return created.problems();
  return report;
}

}  // namespace soundings::server
