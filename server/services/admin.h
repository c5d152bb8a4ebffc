#pragma once
// Administration shared by the CLI and the API: people and nominations imports (all or nothing,
// every error with its line), campaigns and their states, invitation export.

#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/service_error.h"
#include "server/services/audit_log.h"
#include "server/services/template_catalog.h"
#include "server/store/store.h"

namespace soundings::server {

struct ImportCounts {
  int units = 0;
  int people = 0;
  int subjects = 0;
  int nominations = 0;
};

class AdminService {
 public:
  AdminService(Store& store, TemplateCatalog& templates, const Clock& clock)
      : m_store(store), m_templates(templates), m_clock(clock), m_audit(store, clock) {}

  /// Units CSV (id,name,kind,parent_id; may be empty text) and people CSV
  /// (id,display_name,unit_id[,email]). Checks every row first; on any problem nothing changes
  /// and every problem comes back with "FILE:LINE".
  ServiceResult<ImportCounts> ImportPeople(const std::string& units_csv,
                                           const std::string& units_file,
                                           const std::string& people_csv,
                                           const std::string& people_file,
                                           const std::string& actor);
  /// Nominations CSV (subject_id,rater_id,rater_group) for a 360 or self-assessment campaign.
  ServiceResult<ImportCounts> ImportNominations(const std::string& campaign_id,
                                                const std::string& csv, const std::string& file,
                                                const std::string& actor);
  /// Makes an invitation for every nomination that has none and returns their codes: the only
  /// time the codes exist in the clear. Audited as an export.
  ServiceResult<std::vector<NewInvitation>> ExportInvitations(const std::string& campaign_id,
                                                              int valid_days,
                                                              const std::string& actor);

  /// Every campaign, by id.
  ServiceResult<std::vector<CampaignRow>> ListCampaigns();
  /// Responses kept aside by ingest because their uuid came again with other content.
  ServiceResult<std::vector<ConflictRow>> ListConflicts();

  ServiceResult<CampaignRow> CreateCampaign(const CampaignRow& campaign, const std::string& actor);
  /// Moves a campaign forward: draft -> open -> closing -> closed (open -> closed allowed).
  ServiceResult<CampaignRow> SetCampaignState(const std::string& id, const std::string& state,
                                              const std::string& actor);

 private:
  Store& m_store;
  TemplateCatalog& m_templates;
  const Clock& m_clock;
  AuditLog m_audit;
};

/// CSV text of invitations: campaign,code,subject,rater_group,rater.
std::string InvitationsCsv(const std::string& campaign_id,
                           const std::vector<NewInvitation>& invitations);

}  // namespace soundings::server
