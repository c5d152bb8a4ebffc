#pragma once
// Sync protocol v1: the wire types kiosks and the server exchange, with JSON encode/decode.
// docs/sync-protocol.md is the reference; this header is its executable form. Decoding never
// throws: it reports every problem with its JSON path ("responses[3].answers").

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/core/error.h"

namespace soundings::sync {

/// The protocol version a batch and a bundle carry. Bump kProtocolVersion when the batch format
/// changes.
inline constexpr int kProtocolVersion = 1;
/// The most responses one sync batch may carry; the server rejects a larger batch whole.
inline constexpr std::size_t kMaxBatchResponses = 500;
/// The most answers one response may carry.
inline constexpr std::size_t kMaxAnswersPerResponse = 2000;
/// Longest id-like string (campaign, template, venue, device, item ids) accepted on the wire.
inline constexpr std::size_t kMaxIdLength = 128;

/// One completed (or partial) questionnaire, as the kiosk made it.
struct ResponseRecord {
  std::string uuid;  // UUID v4 made on the kiosk, lower-case "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  std::string campaign_id;
  std::string template_id;
  int template_version = 0;
  std::string rater_group;      // "" for consultations
  std::string invitation_code;  // 360 and self-assessment: the code as the person typed it; else ""
  std::string venue_id;         // consultations at a venue; else ""
  std::string language;         // "en", "cy", ...
  std::string started_at;       // RFC 3339 UTC, "2026-11-28T09:15:00Z"
  std::string completed_at;     // RFC 3339 UTC
  bool partial = false;         // the person stopped early; required items may be missing
  std::map<std::string, nlohmann::json> answers;  // item id -> value (templates/README.md)

  bool operator==(const ResponseRecord&) const = default;
};

/// What a kiosk posts to /api/v1/sync.
struct SyncBatch {
  int protocol_version = kProtocolVersion;
  std::string device_id;
  std::vector<ResponseRecord> responses;  // at most kMaxBatchResponses
};

enum class ResponseStatus {
  kAccepted,   // stored now
  kDuplicate,  // the same uuid with the same content was stored before: nothing changed
  kConflict,   // the same uuid with different content, or a used invitation: kept aside
  kRejected,   // invalid; `problems` says why; the kiosk keeps the response
};

/// The wire spelling ("accepted", ...) and back; false when `text` is not a status.
std::string ToString(ResponseStatus status);
bool ResponseStatusFromString(const std::string& text, ResponseStatus& out);

/// The server's verdict on one response of a batch.
struct ResponseResult {
  std::string uuid;
  ResponseStatus status = ResponseStatus::kAccepted;
  Problems problems;  // rejected (and conflict): why, paths relative to the response
};

/// The reply to a batch: one result per response, in the batch's order. Sent only after commit.
struct SyncReply {
  int protocol_version = kProtocolVersion;
  std::vector<ResponseResult> results;
};

enum class CampaignState { kOpen, kClosing };

/// A campaign a kiosk may collect responses for.
struct BundleCampaign {
  std::string id;
  std::string template_id;
  int template_version = 0;
  std::string title;
  CampaignState state = CampaignState::kOpen;  // closing: hide from new respondents
  std::string kind;         // "appraisal360", "self_assessment" or "consultation"
  std::string closes_at{};  // RFC 3339 UTC: the deadline kiosks show; "" when none is set
};

/// One invitation code, as a kiosk needs it to check a typed code offline.
struct BundleInvitation {
  std::string code_hash;  // hex; see invitation_code.h HashInvitationCode
  std::string salt;       // hex, per invitation
  std::string campaign_id;
  std::string subject_display_name;
  std::string rater_group;
  std::string expires_at;  // RFC 3339 UTC
};

/// A place where consultation responses are collected.
struct BundleVenue {
  std::string id;
  std::string name;
  std::string area;        // "north" or "south"
  std::string settlement;  // "urban" or "rural"
  std::string ward;
};

/// All a kiosk needs to work offline, from GET /api/v1/kiosk/bundle.
struct Bundle {
  int protocol_version = kProtocolVersion;
  std::string etag;                       // changes whenever anything else in the bundle changes
  std::string code_hash_scheme;           // see invitation_code.h kInvitationHashScheme
  std::vector<nlohmann::json> templates;  // full template documents, every version in use
  std::vector<BundleCampaign> campaigns;  // open and closing only
  std::vector<BundleInvitation> invitations;
  std::vector<BundleVenue> venues;
};

/// JSON forms; the decoders report every problem with its path under `path` and never throw.
nlohmann::json ToJson(const ResponseRecord& record);
nlohmann::json ToJson(const SyncBatch& batch);
nlohmann::json ToJson(const SyncReply& reply);
nlohmann::json ToJson(const Bundle& bundle);
Result<ResponseRecord> ResponseRecordFromJson(const nlohmann::json& json,
                                              const std::string& path = "");
Result<SyncBatch> SyncBatchFromJson(const nlohmann::json& json);
Result<SyncReply> SyncReplyFromJson(const nlohmann::json& json);
Result<Bundle> BundleFromJson(const nlohmann::json& json);

/// Parses `text` as JSON and decodes it; malformed JSON becomes one problem with the byte offset.
Result<SyncBatch> ParseSyncBatch(const std::string& text);
Result<SyncReply> ParseSyncReply(const std::string& text);
Result<Bundle> ParseBundle(const std::string& text);

/// SHA-256 (hex) of the record's canonical JSON (sorted keys, compact) WITHOUT invitation_code:
/// the server stores this hash beside an anonymous response, so it must not be computable from
/// an invitation code. Same content -> same hash -> "duplicate"; else "conflict".
std::string ContentHash(const ResponseRecord& record);

/// SHA-256 (hex) of the bundle's canonical JSON with `etag` left out: a strong ETag.
std::string ComputeBundleEtag(const Bundle& bundle);

/// A fresh random UUID v4, lower-case.
std::string NewUuidV4();
/// Whether `text` is a lower- or upper-case UUID v4 in the 8-4-4-4-12 form.
bool IsUuidV4(const std::string& text);
/// Whether `text` is an RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SS[.fraction]Z" with valid fields.
bool IsRfc3339Utc(const std::string& text);

/// Lower-case hex of `size` bytes.
std::string ToHex(const unsigned char* data, std::size_t size);
/// SHA-256 (libsodium crypto_hash_sha256) of `text`, lower-case hex.
std::string Sha256Hex(const std::string& text);

}  // namespace soundings::sync
