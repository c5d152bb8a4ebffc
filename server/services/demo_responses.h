#pragma once
// The demo's responses: a realistic set of answers for every demo campaign, drawn from a
// fixed-seed generator so the demo is the same every time, made from each template's own items
// (visible_if, required, options, scales) and the rules of templates/demo (demo_rules.h: option
// weights, chances, free text), and handed in through IngestService as one kiosk's batches would
// be. Validation, invitation use, aggregates and the anonymity rules therefore
// apply exactly as for a kiosk; nothing is written to the database any other way.

#include <map>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/services/demo_rules.h"
#include "server/services/ingest.h"
#include "server/services/template_catalog.h"
#include "server/store/store.h"
#include "shared/core/error.h"

namespace soundings::server {

/// One demo invitation with its code, which exists nowhere else once init ends.
struct DemoInvitation {
  std::string campaign_id;
  std::string code;          // as printed: "K7QM-3XPA-9RT"
  std::string subject;       // person id
  std::string subject_name;  // display name
  std::string rater_group;
  std::string rater_name;
  std::string team;   // the subject's team (org unit id)
  bool used = false;  // a demo response was handed in with this code
};

struct DemoResponsesReport {
  int handed_in = 0;                                // every response sent, all accepted
  std::map<std::string, int> accepted_by_campaign;  // campaign id -> responses accepted
};

/// Makes and hands in the demo responses for those of the demo campaigns (me2e-2026, me2e-2025,
/// self-2026, community-2026, combined-authority-2026, customer-feedback) that exist, with
/// completion times in the three weeks before the app clock's now, and marks the invitations it
/// used. Fails on a storage error, or when ingest refuses a response (a generator bug: each
/// response is checked with ValidateAnswers before it is sent, and the problems are named).
Result<DemoResponsesReport> HandInDemoResponses(Store& store, TemplateCatalog& templates,
                                                IngestService& ingest, const Clock& clock,
                                                const demo::DemoAnswers& rules,
                                                std::vector<DemoInvitation>& invitations,
                                                const std::vector<VenueRow>& venues);

}  // namespace soundings::server
