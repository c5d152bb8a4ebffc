#include "kiosk/store/memory_store.h"

namespace soundings::kiosk {

Status MemoryStore::Check(const std::string& response_id) const {
  if (m_failing) return Problem{"", "the disk is full"};
  auto it = m_entries.find(response_id);
  if (it == m_entries.end()) return Problem{response_id, "no such response"};
  if (it->second.completed) return Problem{response_id, "the response is already complete"};
  return Ok{};
}

Status MemoryStore::BeginResponse(const ResponseHeader& header) {
  if (m_failing) return Problem{"", "the disk is full"};
  if (m_entries.count(header.response_id)) return Problem{header.response_id, "already begun"};
  m_entries[header.response_id].draft.header = header;
  return Ok{};
}

Status MemoryStore::SaveAnswer(const std::string& response_id, const std::string& item_id,
                               const nlohmann::json& value) {
  if (auto status = Check(response_id); !status) return status;
  auto& answers = m_entries[response_id].draft.answers;
  if (value.is_null())
    answers.erase(item_id);
  else
    answers[item_id] = value;
  return Ok{};
}

Status MemoryStore::SaveProgress(const std::string& response_id, const std::string& section_id,
                                 const std::string& language) {
  if (auto status = Check(response_id); !status) return status;
  auto& draft = m_entries[response_id].draft;
  draft.section_id = section_id;
  draft.header.language = language;
  return Ok{};
}

Status MemoryStore::CompleteResponse(const std::string& response_id, const Answers& final_answers,
                                     const std::string& completed_at, bool partial) {
  if (auto status = Check(response_id); !status) return status;
  auto& entry = m_entries[response_id];
  entry.draft.answers = final_answers;
  entry.completed = true;
  entry.partial = partial;
  entry.completed_at = completed_at;
  return Ok{};
}

Status MemoryStore::DiscardResponse(const std::string& response_id) {
  if (auto status = Check(response_id); !status) return status;
  m_entries.erase(response_id);
  return Ok{};
}

Result<std::optional<Draft>> MemoryStore::FindDraft(const std::string& invitation_code) {
  if (m_failing) return Problem{"", "the disk is full"};
  for (const auto& [id, entry] : m_entries)
    if (!entry.completed && entry.draft.header.invitation_code == invitation_code)
      return std::optional<Draft>(entry.draft);
  return std::optional<Draft>();
}

Result<bool> MemoryStore::InvitationCompleted(const std::string& invitation_code) {
  if (m_failing) return Problem{"", "the disk is full"};
  for (const auto& [id, entry] : m_entries)
    if (entry.completed && entry.draft.header.invitation_code == invitation_code) return true;
  return false;
}

}  // namespace soundings::kiosk
