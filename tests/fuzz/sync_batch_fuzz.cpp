// libFuzzer target: the sync batch decoder (what POST /api/v1/sync runs on a body) must never
// crash, throw, hang or recurse without bound on any bytes. A refusal always says why; a batch
// it accepts must encode and decode again to the same batch, and each of its responses must go
// through the checks ingest makes without touching the network or a database: id and time
// formats, the content hash, and answer validation against the template it names.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "shared/answers/answers.h"
#include "shared/sync/protocol.h"
#include "shared/templates/parser.h"

namespace {

using soundings::Template;

// Templates a response can name: the bundled ones and the integration tests' "parks" and
// "lead360", which the seed corpus uses. Keyed by id and version.
const std::map<std::pair<std::string, int>, Template>& Templates() {
  static const auto kTemplates = [] {
    std::map<std::pair<std::string, int>, Template> out;
    const soundings::ModuleSource modules{SOUNDINGS_TEMPLATE_DIR "/modules"};
    const std::filesystem::path fixtures =
        std::filesystem::path(SOUNDINGS_SOURCE_DIR) / "tests" / "integration" / "fixtures";
    for (const auto& folder : {std::filesystem::path(SOUNDINGS_TEMPLATE_DIR), fixtures}) {
      std::error_code error;
      for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        if (entry.path().extension() != ".json") continue;
        auto parsed = soundings::LoadTemplateFile(entry.path(), modules);
        if (parsed.ok()) out.emplace(std::make_pair(parsed->id, parsed->version), *parsed);
      }
    }
    return out;
  }();
  return kTemplates;
}

void CheckRefusal(const soundings::Problems& problems) {
  if (problems.empty()) std::abort();
  for (const auto& p : problems) {
    if (p.message.empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sync = soundings::sync;
  const std::string text(reinterpret_cast<const char*>(data), size);

  // The same bytes as the other wire documents: their decoders share the JSON limits.
  if (auto reply = sync::ParseSyncReply(text); !reply.ok()) CheckRefusal(reply.problems());
  if (auto bundle = sync::ParseBundle(text); !bundle.ok()) CheckRefusal(bundle.problems());

  auto batch = sync::ParseSyncBatch(text);
  if (!batch.ok()) {
    CheckRefusal(batch.problems());
    return 0;
  }
  if (batch->responses.size() > sync::kMaxBatchResponses) std::abort();

  // Round trip: what the decoder accepted, the encoder writes and the decoder reads back equal.
  const nlohmann::json encoded = sync::ToJson(*batch);
  auto again = sync::SyncBatchFromJson(nlohmann::json::parse(encoded.dump()));
  if (!again.ok() || sync::ToJson(*again) != encoded) std::abort();

  if (again->responses.size() != batch->responses.size()) std::abort();
  for (std::size_t i = 0; i < batch->responses.size(); ++i) {
    const sync::ResponseRecord& response = batch->responses[i];
    if (response.answers.size() > sync::kMaxAnswersPerResponse) std::abort();
    if (!(response == again->responses[i])) std::abort();
    (void)sync::IsUuidV4(response.uuid);
    (void)sync::IsRfc3339Utc(response.started_at);
    (void)sync::IsRfc3339Utc(response.completed_at);
    // Same content, same hash: the duplicate/conflict decision depends on it.
    if (sync::ContentHash(response) != sync::ContentHash(again->responses[i])) std::abort();
    const auto found = Templates().find({response.template_id, response.template_version});
    if (found == Templates().end()) continue;
    const soundings::AnswerContext context{response.rater_group, response.language,
                                           response.partial};
    for (const auto& p : soundings::ValidateAnswers(found->second, response.answers, context)) {
      if (p.message.empty()) std::abort();
    }
  }
  return 0;
}
