#include "server/services/ingest.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "shared/answers/answers.h"
#include "shared/sync/invitation_code.h"

namespace soundings::server {

namespace {

using sync::ResponseResult;
using sync::ResponseStatus;

// Per-batch lookups, so 500 responses of one campaign read the campaign and its invitations once.
class BatchContext {
 public:
  BatchContext(Store& store, TemplateCatalog& templates) : m_store(store), m_templates(templates) {}

  ServiceResult<std::optional<CampaignRow>> Campaign(const std::string& id) {
    if (auto it = m_campaigns.find(id); it != m_campaigns.end()) return it->second;
    auto row = m_store.GetCampaign(id);
    if (!row) return StorageError(row.error());
    m_campaigns[id] = *row;
    return *row;
  }

  ServiceResult<const std::vector<InvitationRow>*> Invitations(const std::string& campaign_id) {
    if (auto it = m_invitations.find(campaign_id); it != m_invitations.end()) return &it->second;
    auto rows = m_store.ListInvitations(campaign_id);
    if (!rows) return StorageError(rows.error());
    return &(m_invitations[campaign_id] = std::move(*rows));
  }

  ServiceResult<bool> VenueExists(const std::string& id) {
    if (!m_venues) {
      auto rows = m_store.ListVenues();
      if (!rows) return StorageError(rows.error());
      m_venues.emplace();
      for (const auto& v : *rows) m_venues->insert(v.id);
    }
    return m_venues->contains(id);
  }

  TemplateCatalog& templates() { return m_templates; }

 private:
  Store& m_store;
  TemplateCatalog& m_templates;
  std::map<std::string, std::optional<CampaignRow>> m_campaigns;
  std::map<std::string, std::vector<InvitationRow>> m_invitations;
  std::optional<std::set<std::string>> m_venues;
};

// What judging a response decided before anything is written.
struct Verdict {
  Problems problems;                     // non-empty: rejected
  std::shared_ptr<const Template> tmpl;  // set when the response is storable
  std::int64_t subject_id = 0;
  std::int64_t invitation_id = 0;  // 0: no invitation to mark used
  std::string rater_group;
  std::string content_hash;
};

std::string VersionList(const std::vector<int>& versions) {
  std::string out;
  for (int v : versions) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out.empty() ? "none" : out;
}

// Whether an invitation that expires at `expires_at` is past it at `when`. One whose expiry does
// not read as a time opens nothing (AdminService and the demo always write one).
bool ExpiredAt(const std::string& expires_at, TimePoint when) {
  const auto expires = ParseRfc3339(expires_at);
  return !expires || *expires <= when;
}

// The kiosk's own times, judged against the server's clock when the batch arrived (issue 16,
// finding 10): a response from 2099 would put a 2099 day in the reports. A kiosk clock that is
// behind is believed (kiosks hand in days after they collect), down to the campaign's opening.
void JudgeTimes(const CampaignRow& c, const sync::ResponseRecord& r, TimePoint received,
                Problems& problems) {
  const auto started = ParseRfc3339(r.started_at);
  const auto completed = ParseRfc3339(r.completed_at);
  // The wire decoder already refuses these; a record handed in by other means (the demo) may not
  // have passed it.
  auto unreadable = [&](const char* path, const std::string& text) {
    problems.push_back(
        {path, R"(must be an RFC 3339 UTC time like "2026-11-28T09:15:00Z", not ")" + text + "\""});
  };
  if (!started) unreadable("started_at", r.started_at);
  if (!completed) unreadable("completed_at", r.completed_at);
  if (!started || !completed) return;
  const auto skew_minutes = std::chrono::duration_cast<std::chrono::minutes>(kAllowedClockSkew);
  if (*completed > received + kAllowedClockSkew) {
    problems.push_back({"completed_at", "is " + r.completed_at +
                                            ", later than the server's clock when the response "
                                            "reached it (" +
                                            FormatRfc3339(received) + ", allowing " +
                                            std::to_string(skew_minutes.count()) +
                                            " minutes): the kiosk's clock is wrong"});
  }
  if (*started > *completed) {
    problems.push_back({"started_at", "is " + r.started_at + ", after completed_at " +
                                          r.completed_at +
                                          ": a response cannot end before it began"});
  }
  if (const auto opens = ParseRfc3339(c.opens_at);
      opens && *completed < *opens - kAllowedClockSkew) {
    problems.push_back({"completed_at", "is " + r.completed_at + ", before campaign \"" + c.id +
                                            "\" opened at " + c.opens_at});
  }
}

ServiceResult<Verdict> Judge(BatchContext& context, const sync::ResponseRecord& r,
                             TimePoint received) {
  Verdict verdict;
  auto reject = [&](std::string path, std::string message) {
    verdict.problems.push_back({std::move(path), std::move(message)});
    return verdict;
  };
  auto campaign = context.Campaign(r.campaign_id);
  if (!campaign) return campaign.error();
  if (!campaign->has_value()) {
    return reject("campaign_id", "no campaign \"" + r.campaign_id + "\" exists on this server");
  }
  const CampaignRow& c = **campaign;
  if (c.state == "closed") {
    return reject("campaign_id",
                  "campaign \"" + c.id + "\" is closed and no longer accepts responses");
  }
  if (c.state == "draft") {
    return reject("campaign_id", "campaign \"" + c.id + "\" has not opened yet");
  }
  if (r.template_id != c.template_id) {
    return reject("template_id", "campaign \"" + c.id + "\" uses template \"" + c.template_id +
                                     "\", not \"" + r.template_id + "\"");
  }
  auto tmpl = context.templates().Get(r.template_id, r.template_version);
  if (!tmpl) return tmpl.error();
  if (!*tmpl) {
    auto known = context.templates().KnownVersions(r.template_id);
    if (!known) return known.error();
    return reject(
        "template_version",
        "version " + std::to_string(r.template_version) + " of template \"" + r.template_id +
            "\" is not known to this server (known versions: " + VersionList(*known) + ")");
  }
  verdict.tmpl = *tmpl;
  const Template& t = **tmpl;
  if (std::find(t.languages.begin(), t.languages.end(), r.language) == t.languages.end()) {
    verdict.problems.push_back(
        {"language", "template \"" + t.id + "\" is not offered in \"" + r.language + "\""});
  }
  JudgeTimes(c, r, received, verdict.problems);
  verdict.rater_group = r.rater_group;
  if (c.kind == "consultation") {
    if (!r.invitation_code.empty()) {
      verdict.problems.push_back({"invitation_code", "a consultation takes no invitation code"});
    }
    if (!r.venue_id.empty()) {
      auto exists = context.VenueExists(r.venue_id);
      if (!exists) return exists.error();
      if (!*exists) {
        verdict.problems.push_back({"venue_id", "no venue \"" + r.venue_id + "\" exists"});
      }
    }
  } else {
    if (r.invitation_code.empty()) {
      verdict.problems.push_back({"invitation_code", "a " + c.kind +
                                                         " response needs the invitation code "
                                                         "the person typed"});
    } else {
      auto normalised = sync::NormaliseInvitationCode(r.invitation_code);
      if (!normalised) {
        verdict.problems.push_back({"invitation_code", normalised.ErrorText()});
      } else {
        auto invitations = context.Invitations(c.id);
        if (!invitations) return invitations.error();
        const InvitationRow* match = nullptr;
        for (const auto& i : **invitations) {
          if (sync::InvitationCodeMatches(*normalised, i.code_hash, i.salt)) {
            match = &i;
            break;
          }
        }
        if (match == nullptr) {
          verdict.problems.push_back(
              {"invitation_code", "the code is not an invitation to campaign \"" + c.id + "\""});
        } else if (ExpiredAt(match->expires_at, received)) {
          // The server's receipt time, not the kiosk's completed_at: a kiosk clock set back must
          // not reopen an expired invitation.
          verdict.problems.push_back(
              {"invitation_code", "the invitation expired at " + match->expires_at +
                                      ", before the response reached the server"});
        } else if (!match->subject_closed_at.empty()) {
          verdict.problems.push_back({"invitation_code", "HR closed the feedback for " +
                                                             match->subject_display_name + " at " +
                                                             match->subject_closed_at +
                                                             "; this response was not counted"});
        } else if (!r.rater_group.empty() && r.rater_group != match->rater_group) {
          verdict.problems.push_back({"rater_group", "the invitation is for the \"" +
                                                         match->rater_group + "\" group, not \"" +
                                                         r.rater_group + "\""});
        } else {
          verdict.invitation_id = match->id;
          verdict.subject_id = match->subject_id;
          verdict.rater_group = match->rater_group;
        }
      }
    }
  }
  AnswerContext answer_context{verdict.rater_group, r.language, r.partial};
  for (auto& p : ValidateAnswers(t, r.answers, answer_context)) {
    verdict.problems.push_back({"answers." + p.path, p.message});
  }
  return verdict;
}

// The record as kept aside for an admin: no invitation code, so conflicts stay anonymous too.
std::string ConflictRecord(const sync::ResponseRecord& r) {
  auto json = sync::ToJson(r);
  json.erase("invitation_code");
  return json.dump();
}

}  // namespace

ServiceResult<sync::SyncReply> IngestService::Ingest(const DeviceRow& /*device*/,
                                                     const sync::SyncBatch& batch) {
  sync::SyncReply reply;
  // A uuid names one response in whichever case a kiosk wrote it: lower-cased here, at the
  // protocol boundary, so exactly-once holds and the reply names the stored (canonical) uuid.
  std::vector<sync::ResponseRecord> responses = batch.responses;
  for (auto& r : responses) {
    for (char& c : r.uuid) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  BatchContext context(m_store, m_templates);
  const TimePoint received = m_clock.Now();
  const std::string now = FormatRfc3339(received);

  // Judge outside the write lock: validation is the slow part and needs no lock.
  std::vector<Verdict> verdicts;
  verdicts.reserve(responses.size());
  for (const auto& r : responses) {
    auto verdict = Judge(context, r, received);
    if (!verdict) return verdict.error();
    verdict->content_hash = sync::ContentHash(r);
    verdicts.push_back(std::move(*verdict));
  }

  auto tx = m_store.BeginIngest();
  if (!tx) return StorageError(tx.error());
  for (std::size_t i = 0; i < responses.size(); ++i) {
    const auto& r = responses[i];
    const Verdict& verdict = verdicts[i];
    ResponseResult result{r.uuid, ResponseStatus::kAccepted, {}};
    const std::string& hash = verdict.content_hash;

    auto existing = (*tx)->FindResponseHash(r.uuid);
    if (!existing) return StorageError(existing.error());
    auto keep_aside = [&](const std::string& reason) -> std::optional<ServiceError> {
      result.status = ResponseStatus::kConflict;
      result.problems.push_back({"uuid", reason});
      auto stored = (*tx)->InsertConflict({r.uuid, hash, reason, ConflictRecord(r), now});
      if (!stored) return StorageError(stored.error());
      return std::nullopt;
    };

    if (existing->has_value()) {
      if (**existing == hash) {
        result.status = ResponseStatus::kDuplicate;
      } else if (auto error = keep_aside("a different response with this id was stored before; "
                                         "this one is kept aside for an administrator")) {
        return *error;
      }
    } else if (auto seen = (*tx)->HasConflict(r.uuid, hash); !seen) {
      return StorageError(seen.error());
    } else if (*seen) {
      result.status = ResponseStatus::kConflict;
      result.problems.push_back({"uuid", "this response was already kept aside as a conflict"});
    } else if (!verdict.problems.empty()) {
      result.status = ResponseStatus::kRejected;
      result.problems = verdict.problems;
    } else {
      bool fresh_invitation = true;
      if (verdict.invitation_id != 0) {
        auto marked = (*tx)->MarkInvitationUsed(verdict.invitation_id);
        if (!marked) return StorageError(marked.error());
        fresh_invitation = *marked;
      }
      if (!fresh_invitation) {
        if (auto error = keep_aside("the invitation was already used by another response; "
                                    "this one is kept aside for an administrator")) {
          return *error;
        }
      } else {
        StoredResponse stored;
        stored.uuid = r.uuid;
        stored.content_hash = hash;
        stored.campaign_id = r.campaign_id;
        stored.template_id = r.template_id;
        stored.template_version = r.template_version;
        stored.rater_group = verdict.rater_group;
        stored.subject_id = verdict.subject_id;
        stored.venue_id = r.venue_id;
        stored.language = r.language;
        stored.started_at = r.started_at;
        stored.completed_at = r.completed_at;
        stored.partial = r.partial;
        for (const auto& [item, value] : r.answers) {
          if (!value.is_null()) stored.answers[item] = value.dump();
        }
        if (auto inserted = (*tx)->InsertResponse(stored); !inserted) {
          return StorageError(inserted.error());
        }
      }
    }
    reply.results.push_back(std::move(result));
  }
  if (auto committed = (*tx)->Commit(); !committed) return StorageError(committed.error());
  return reply;
}

}  // namespace soundings::server
