#include "shared/sync/protocol.h"

#include <array>
#include <cctype>
#include <mutex>

#include <sodium.h>

#include "shared/core/json_path.h"
#include "shared/core/time.h"
#include "shared/sync/json_limits.h"

namespace soundings::sync {

using nlohmann::json;

namespace {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init returns 1 when already initialised; -1 only on an unusable system RNG, where
    // nothing in this program can work safely.
    if (sodium_init() < 0) std::abort();
  });
}

const char* TypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    case json::value_t::binary:
      return "binary data";
    case json::value_t::discarded:
      return "nothing";
    default:
      return "a number";
  }
}

// Reads the fields of one JSON object, collecting a problem per missing or mistyped field so a
// kiosk developer sees everything wrong with a record at once.
class FieldReader {
 public:
  FieldReader(const json& object, std::string path, Problems& problems)
      : m_object(object), m_path(std::move(path)), m_problems(problems) {
    if (!m_object.is_object()) {
      Add(m_path, std::string("must be an object, not ") + TypeName(m_object));
    }
  }
  bool valid() const { return m_object.is_object(); }

  const json* Find(const std::string& key, bool required) {
    if (!valid()) return nullptr;
    auto it = m_object.find(key);
    if (it == m_object.end()) {
      if (required) Add(JoinPath(m_path, key), "is required");
      return nullptr;
    }
    return &*it;
  }

  void String(const std::string& key, std::string& out, bool required,
              std::size_t max_length = kMaxIdLength) {
    const json* value = Find(key, required);
    if (value == nullptr) return;
    if (!value->is_string()) {
      Add(JoinPath(m_path, key), std::string("must be a string, not ") + TypeName(*value));
      return;
    }
    const auto& text = value->get_ref<const std::string&>();
    if (text.size() > max_length) {
      Add(JoinPath(m_path, key), "is longer than " + std::to_string(max_length) + " bytes");
      return;
    }
    out = text;
  }

  void Integer(const std::string& key, int& out, bool required) {
    const json* value = Find(key, required);
    if (value == nullptr) return;
    if (!value->is_number_integer() || value->get<std::int64_t>() < 0 ||
        value->get<std::int64_t>() > 1'000'000'000) {
      Add(JoinPath(m_path, key), std::string("must be a whole number from 0, not ") +
                                     (value->is_number() ? value->dump() : TypeName(*value)));
      return;
    }
    out = value->get<int>();
  }

  void Bool(const std::string& key, bool& out, bool required) {
    const json* value = Find(key, required);
    if (value == nullptr) return;
    if (!value->is_boolean()) {
      Add(JoinPath(m_path, key), std::string("must be true or false, not ") + TypeName(*value));
      return;
    }
    out = value->get<bool>();
  }

  void Time(const std::string& key, std::string& out, bool required) {
    std::string text;
    const std::size_t before = m_problems.size();
    String(key, text, required, 64);
    if (m_problems.size() != before || text.empty()) return;
    if (!IsRfc3339Utc(text)) {
      Add(JoinPath(m_path, key),
          R"(must be an RFC 3339 UTC time like "2026-11-28T09:15:00Z", not ")" + text + "\"");
      return;
    }
    out = text;
  }

  // Returns the array, or nullptr (with a problem) when missing or not an array.
  const json* Array(const std::string& key, bool required) {
    const json* value = Find(key, required);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) {
      Add(JoinPath(m_path, key), std::string("must be a list, not ") + TypeName(*value));
      return nullptr;
    }
    return value;
  }

  std::string PathOf(const std::string& key) const { return JoinPath(m_path, key); }
  void Add(std::string path, std::string message) {
    m_problems.push_back({std::move(path), std::move(message)});
  }

 private:
  const json& m_object;
  std::string m_path;
  Problems& m_problems;
};

void OneOf(FieldReader& reader, const std::string& key, const std::string& value,
           std::initializer_list<const char*> allowed) {
  if (value.empty()) return;
  std::string list;
  for (const char* option : allowed) {
    if (value == option) return;
    if (!list.empty()) list += ", ";
    list += option;
  }
  reader.Add(reader.PathOf(key), "must be one of " + list + ", not \"" + value + "\"");
}

std::string CampaignStateName(CampaignState state) {
  return state == CampaignState::kClosing ? "closing" : "open";
}

json ProblemsToJson(const Problems& problems) {
  json out = json::array();
  for (const auto& p : problems) out.push_back({{"path", p.path}, {"message", p.message}});
  return out;
}

Problems ProblemsFromJson(const json& value, const std::string& path, Problems& errors) {
  Problems out;
  if (!value.is_array()) {
    errors.push_back({path, std::string("must be a list, not ") + TypeName(value)});
    return out;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    FieldReader reader(value[i], IndexPath(path, i), errors);
    Problem p;
    reader.String("path", p.path, false, 4096);
    reader.String("message", p.message, true, 4096);
    out.push_back(std::move(p));
  }
  return out;
}

bool IsHexDigit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string ToString(ResponseStatus status) {
  switch (status) {
    case ResponseStatus::kAccepted:
      return "accepted";
    case ResponseStatus::kDuplicate:
      return "duplicate";
    case ResponseStatus::kConflict:
      return "conflict";
    case ResponseStatus::kRejected:
      return "rejected";
  }
  return "rejected";
}

bool ResponseStatusFromString(const std::string& text, ResponseStatus& out) {
  for (auto status : {ResponseStatus::kAccepted, ResponseStatus::kDuplicate,
                      ResponseStatus::kConflict, ResponseStatus::kRejected}) {
    if (text == ToString(status)) {
      out = status;
      return true;
    }
  }
  return false;
}

// ---- encoders ----

json ToJson(const ResponseRecord& record) {
  json answers = json::object();
  for (const auto& [id, value] : record.answers) answers[id] = value;
  return {{"uuid", record.uuid},
          {"campaign_id", record.campaign_id},
          {"template_id", record.template_id},
          {"template_version", record.template_version},
          {"rater_group", record.rater_group},
          {"invitation_code", record.invitation_code},
          {"venue_id", record.venue_id},
          {"language", record.language},
          {"started_at", record.started_at},
          {"completed_at", record.completed_at},
          {"partial", record.partial},
          {"answers", std::move(answers)}};
}

json ToJson(const SyncBatch& batch) {
  json responses = json::array();
  for (const auto& r : batch.responses) responses.push_back(ToJson(r));
  return {{"protocol_version", batch.protocol_version},
          {"device_id", batch.device_id},
          {"responses", std::move(responses)}};
}

json ToJson(const SyncReply& reply) {
  json results = json::array();
  for (const auto& r : reply.results) {
    results.push_back({{"uuid", r.uuid},
                       {"status", ToString(r.status)},
                       {"problems", ProblemsToJson(r.problems)}});
  }
  return {{"protocol_version", reply.protocol_version}, {"results", std::move(results)}};
}

json ToJson(const Bundle& bundle) {
  json campaigns = json::array();
  for (const auto& c : bundle.campaigns) {
    campaigns.push_back({{"id", c.id},
                         {"template_id", c.template_id},
                         {"template_version", c.template_version},
                         {"title", c.title},
                         {"state", CampaignStateName(c.state)},
                         {"kind", c.kind},
                         {"closes_at", c.closes_at}});
  }
  json invitations = json::array();
  for (const auto& i : bundle.invitations) {
    invitations.push_back({{"code_hash", i.code_hash},
                           {"salt", i.salt},
                           {"campaign_id", i.campaign_id},
                           {"subject_display_name", i.subject_display_name},
                           {"rater_group", i.rater_group},
                           {"expires_at", i.expires_at}});
  }
  json venues = json::array();
  for (const auto& v : bundle.venues) {
    venues.push_back({{"id", v.id},
                      {"name", v.name},
                      {"area", v.area},
                      {"settlement", v.settlement},
                      {"ward", v.ward}});
  }
  json templates = json::array();
  for (const auto& t : bundle.templates) templates.push_back(t);
  return {{"protocol_version", bundle.protocol_version},
          {"etag", bundle.etag},
          {"code_hash_scheme", bundle.code_hash_scheme},
          {"templates", std::move(templates)},
          {"campaigns", std::move(campaigns)},
          {"invitations", std::move(invitations)},
          {"venues", std::move(venues)}};
}

// ---- decoders ----

namespace {

void ReadResponse(const json& value, const std::string& path, ResponseRecord& out,
                  Problems& problems) {
  FieldReader r(value, path, problems);
  if (!r.valid()) return;
  const std::size_t before = problems.size();
  r.String("uuid", out.uuid, true, 64);
  if (problems.size() == before && !IsUuidV4(out.uuid)) {
    r.Add(r.PathOf("uuid"), "must be a UUID v4 like \"3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b\"");
  }
  r.String("campaign_id", out.campaign_id, true);
  r.String("template_id", out.template_id, true);
  r.Integer("template_version", out.template_version, true);
  r.String("rater_group", out.rater_group, false);
  r.String("invitation_code", out.invitation_code, false, 64);
  r.String("venue_id", out.venue_id, false);
  r.String("language", out.language, true, 35);
  r.Time("started_at", out.started_at, true);
  r.Time("completed_at", out.completed_at, true);
  r.Bool("partial", out.partial, false);
  if (const json* answers = r.Find("answers", true)) {
    if (!answers->is_object()) {
      r.Add(r.PathOf("answers"),
            std::string("must be an object from item id to answer, not ") + TypeName(*answers));
    } else if (answers->size() > kMaxAnswersPerResponse) {
      r.Add(r.PathOf("answers"),
            "has more than " + std::to_string(kMaxAnswersPerResponse) + " answers");
    } else {
      for (const auto& [id, answer] : answers->items()) {
        if (id.empty() || id.size() > kMaxIdLength) {
          r.Add(r.PathOf("answers"), "has an item id that is empty or too long");
          continue;
        }
        out.answers[id] = answer;
      }
    }
  }
}

}  // namespace

Result<ResponseRecord> ResponseRecordFromJson(const json& value, const std::string& path) {
  Problems problems;
  ResponseRecord out;
  ReadResponse(value, path, out, problems);
  if (!problems.empty()) return problems;
  return out;
}

Result<SyncBatch> SyncBatchFromJson(const json& value) {
  Problems problems;
  SyncBatch out;
  FieldReader r(value, "", problems);
  if (!r.valid()) return problems;
  out.protocol_version = 0;
  r.Integer("protocol_version", out.protocol_version, true);
  if (problems.empty() && out.protocol_version != kProtocolVersion) {
    r.Add("protocol_version", "this server speaks protocol version " +
                                  std::to_string(kProtocolVersion) + ", not " +
                                  std::to_string(out.protocol_version));
    return problems;
  }
  r.String("device_id", out.device_id, false);
  if (const json* responses = r.Array("responses", true)) {
    if (responses->size() > kMaxBatchResponses) {
      r.Add("responses", "holds " + std::to_string(responses->size()) +
                             " responses; a batch may hold at most " +
                             std::to_string(kMaxBatchResponses));
      return problems;
    }
    out.responses.resize(responses->size());
    for (std::size_t i = 0; i < responses->size(); ++i) {
      ReadResponse((*responses)[i], IndexPath("responses", i), out.responses[i], problems);
    }
  }
  if (!problems.empty()) return problems;
  return out;
}

Result<SyncReply> SyncReplyFromJson(const json& value) {
  Problems problems;
  SyncReply out;
  FieldReader r(value, "", problems);
  if (!r.valid()) return problems;
  r.Integer("protocol_version", out.protocol_version, true);
  if (const json* results = r.Array("results", true)) {
    for (std::size_t i = 0; i < results->size(); ++i) {
      const std::string path = IndexPath("results", i);
      FieldReader item((*results)[i], path, problems);
      if (!item.valid()) continue;
      ResponseResult result;
      item.String("uuid", result.uuid, true, 64);
      std::string status;
      item.String("status", status, true, 32);
      if (!status.empty() && !ResponseStatusFromString(status, result.status)) {
        item.Add(item.PathOf("status"),
                 "must be accepted, duplicate, conflict or rejected, not \"" + status + "\"");
      }
      if (const json* p = item.Find("problems", false)) {
        result.problems = ProblemsFromJson(*p, item.PathOf("problems"), problems);
      }
      out.results.push_back(std::move(result));
    }
  }
  if (!problems.empty()) return problems;
  return out;
}

Result<Bundle> BundleFromJson(const json& value) {
  Problems problems;
  Bundle out;
  FieldReader r(value, "", problems);
  if (!r.valid()) return problems;
  r.Integer("protocol_version", out.protocol_version, true);
  r.String("etag", out.etag, true, 256);
  r.String("code_hash_scheme", out.code_hash_scheme, true);
  if (const json* templates = r.Array("templates", true)) {
    for (std::size_t i = 0; i < templates->size(); ++i) {
      if (!(*templates)[i].is_object()) {
        r.Add(IndexPath("templates", i), "must be a template object");
        continue;
      }
      out.templates.push_back((*templates)[i]);
    }
  }
  if (const json* campaigns = r.Array("campaigns", true)) {
    for (std::size_t i = 0; i < campaigns->size(); ++i) {
      FieldReader c((*campaigns)[i], IndexPath("campaigns", i), problems);
      if (!c.valid()) continue;
      BundleCampaign campaign;
      c.String("id", campaign.id, true);
      c.String("template_id", campaign.template_id, true);
      c.Integer("template_version", campaign.template_version, true);
      c.String("title", campaign.title, false, 1000);
      std::string state;
      c.String("state", state, true, 16);
      OneOf(c, "state", state, {"open", "closing"});
      campaign.state = state == "closing" ? CampaignState::kClosing : CampaignState::kOpen;
      c.String("kind", campaign.kind, true, 32);
      OneOf(c, "kind", campaign.kind, {"appraisal360", "self_assessment", "consultation"});
      // Optional: servers before campaign dates sent none.
      c.String("closes_at", campaign.closes_at, false, 64);
      if (!campaign.closes_at.empty() && !ParseRfc3339(campaign.closes_at)) {
        c.Add(IndexPath("campaigns", i) + ".closes_at", "must be an RFC 3339 UTC time");
      }
      out.campaigns.push_back(std::move(campaign));
    }
  }
  if (const json* invitations = r.Array("invitations", true)) {
    for (std::size_t i = 0; i < invitations->size(); ++i) {
      FieldReader v((*invitations)[i], IndexPath("invitations", i), problems);
      if (!v.valid()) continue;
      BundleInvitation invitation;
      v.String("code_hash", invitation.code_hash, true, 256);
      v.String("salt", invitation.salt, true, 256);
      v.String("campaign_id", invitation.campaign_id, true);
      v.String("subject_display_name", invitation.subject_display_name, false, 1000);
      v.String("rater_group", invitation.rater_group, true);
      v.Time("expires_at", invitation.expires_at, true);
      out.invitations.push_back(std::move(invitation));
    }
  }
  if (const json* venues = r.Array("venues", true)) {
    for (std::size_t i = 0; i < venues->size(); ++i) {
      FieldReader v((*venues)[i], IndexPath("venues", i), problems);
      if (!v.valid()) continue;
      BundleVenue venue;
      v.String("id", venue.id, true);
      v.String("name", venue.name, true, 1000);
      v.String("area", venue.area, false, 16);
      OneOf(v, "area", venue.area, {"north", "south"});
      v.String("settlement", venue.settlement, false, 16);
      OneOf(v, "settlement", venue.settlement, {"urban", "rural"});
      v.String("ward", venue.ward, false, 1000);
      out.venues.push_back(std::move(venue));
    }
  }
  if (!problems.empty()) return problems;
  return out;
}

namespace {
template <typename T, typename Decode>
Result<T> ParseWith(const std::string& text, Decode decode) {
  auto parsed = ParseJsonLimited(text);
  if (!parsed) return parsed.problems();
  return decode(*parsed);
}
}  // namespace

Result<SyncBatch> ParseSyncBatch(const std::string& text) {
  return ParseWith<SyncBatch>(text, [](const json& j) { return SyncBatchFromJson(j); });
}
Result<SyncReply> ParseSyncReply(const std::string& text) {
  return ParseWith<SyncReply>(text, [](const json& j) { return SyncReplyFromJson(j); });
}
Result<Bundle> ParseBundle(const std::string& text) {
  return ParseWith<Bundle>(text, [](const json& j) { return BundleFromJson(j); });
}

// ---- hashes and identifiers ----

std::string ToHex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

std::string Sha256Hex(const std::string& text) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  return ToHex(digest.data(), digest.size());
}

std::string ContentHash(const ResponseRecord& record) {
  // The text is exactly ToJson(record) without invitation_code, dumped compact with sorted keys
  // (a unit test pins this), but written directly: the server hashes every response it ingests.
  // Invalid UTF-8 cannot come out of the JSON parser; from elsewhere it hashes as U+FFFD rather
  // than throwing.
  auto dump = [](const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  auto quoted = [&](const std::string& text) { return dump(json(text)); };
  std::string text;
  text.reserve(256 + record.answers.size() * 24);
  text += "{\"answers\":{";
  bool first = true;
  for (const auto& [id, value] : record.answers) {
    if (!first) text += ',';
    first = false;
    text += quoted(id);
    text += ':';
    text += dump(value);
  }
  text += "},\"campaign_id\":" + quoted(record.campaign_id);
  text += ",\"completed_at\":" + quoted(record.completed_at);
  text += ",\"language\":" + quoted(record.language);
  text += ",\"partial\":";
  text += record.partial ? "true" : "false";
  text += ",\"rater_group\":" + quoted(record.rater_group);
  text += ",\"started_at\":" + quoted(record.started_at);
  text += ",\"template_id\":" + quoted(record.template_id);
  text += ",\"template_version\":" + std::to_string(record.template_version);
  text += ",\"uuid\":" + quoted(record.uuid);
  text += ",\"venue_id\":" + quoted(record.venue_id);
  text += '}';
  return Sha256Hex(text);
}

std::string ComputeBundleEtag(const Bundle& bundle) {
  json canonical = ToJson(bundle);
  canonical.erase("etag");
  return Sha256Hex(canonical.dump());
}

std::string NewUuidV4() {
  EnsureSodium();
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  const std::string hex = ToHex(bytes.data(), bytes.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bool IsUuidV4(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
    } else if (!IsHexDigit(text[i])) {
      return false;
    }
  }
  const char variant = static_cast<char>(std::tolower(static_cast<unsigned char>(text[19])));
  return text[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

bool IsRfc3339Utc(const std::string& text) { return ParseRfc3339(text).has_value(); }

}  // namespace soundings::sync
