#pragma once
// Where the session puts answers so none is lost: store/outbox.h is the SQLite implementation.
// Every call returns only after the data is durable (or with an error the session shows).

#include <optional>
#include <string>

#include "shared/answers/answers.h"
#include "shared/core/error.h"

namespace soundings::kiosk {

/// Everything about a response except its answers.
struct ResponseHeader {
  std::string response_id;  // UUID v4 made on the kiosk
  std::string campaign_id;
  std::string template_id;
  int template_version = 0;
  std::string rater_group;      // "" for consultations
  std::string invitation_code;  // "" for anonymous responses
  std::string subject_name;     // shown again when an identified respondent resumes
  std::string venue_id;
  std::string language;
  std::string started_at;  // RFC 3339 UTC

  bool Anonymous() const { return invitation_code.empty(); }
};

/// An unfinished response as it was last saved.
struct Draft {
  ResponseHeader header;
  Answers answers;
  std::string section_id;  // the page the person was on; "" before the first page
};

class ResponseStore {
 public:
  virtual ~ResponseStore() = default;
  virtual Status BeginResponse(const ResponseHeader& header) = 0;
  /// Stores one answer; a JSON null removes it.
  virtual Status SaveAnswer(const std::string& response_id, const std::string& item_id,
                            const nlohmann::json& value) = 0;
  virtual Status SaveProgress(const std::string& response_id, const std::string& section_id,
                              const std::string& language) = 0;
  /// Replaces the answers with `final_answers` and queues the response for sync, atomically.
  virtual Status CompleteResponse(const std::string& response_id, const Answers& final_answers,
                                  const std::string& completed_at, bool partial) = 0;
  /// Forgets an unfinished response entirely (never a completed one).
  virtual Status DiscardResponse(const std::string& response_id) = 0;
  /// The unfinished response begun with this (normalised) invitation code, if any.
  virtual Result<std::optional<Draft>> FindDraft(const std::string& invitation_code) = 0;
  /// Whether a response with this invitation code was already completed on this kiosk.
  virtual Result<bool> InvitationCompleted(const std::string& invitation_code) = 0;
};

}  // namespace soundings::kiosk
