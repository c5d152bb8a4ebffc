#pragma once
// A ResponseStore in memory: for tests, screenshots and the demo. Never for real respondents.

#include <map>
#include <string>

#include "kiosk/session/response_store.h"

namespace soundings::kiosk {

class MemoryStore final : public ResponseStore {
 public:
  struct Entry {
    Draft draft;
    bool completed = false;
    bool partial = false;
    std::string completed_at;
  };

  Status BeginResponse(const ResponseHeader& header) override;
  Status SaveAnswer(const std::string& response_id, const std::string& item_id,
                    const nlohmann::json& value) override;
  Status SaveProgress(const std::string& response_id, const std::string& section_id,
                      const std::string& language) override;
  Status CompleteResponse(const std::string& response_id, const Answers& final_answers,
                          const std::string& completed_at, bool partial) override;
  Status DiscardResponse(const std::string& response_id) override;
  Result<std::optional<Draft>> FindDraft(const std::string& invitation_code) override;
  Result<bool> InvitationCompleted(const std::string& invitation_code) override;

  const std::map<std::string, Entry>& Entries() const { return m_entries; }
  /// Makes every later call fail, as a full or broken disk would.
  void SetFailing(bool failing) { m_failing = failing; }

 private:
  Status Check(const std::string& response_id) const;
  std::map<std::string, Entry> m_entries;
  bool m_failing = false;
};

}  // namespace soundings::kiosk
