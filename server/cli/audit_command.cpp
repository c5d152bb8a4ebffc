// `soundings-server audit verify | rollup`: checks the hash chain (from the newest checkpoint
// on, or an archive file into its checkpoint) and rolls entries older than a date up into an
// archive file behind a checkpoint (docs/reliability.md, "Audit of refusals").
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/cli/command_support.h"
#include "server/cli/server_commands.h"
#include "server/services/audit_log.h"

namespace soundings::server {

namespace {

using nlohmann::json;

constexpr const char* kUsage =
    "Usage: soundings-server audit verify [--archive FILE] [--data DIR]\n"
    "         check the audit log's hash chain, or that an archive chains into its checkpoint\n"
    "       soundings-server audit rollup --before DATE [--archive FILE] [--force] [--data DIR]\n"
    "         move the entries before DATE (YYYY-MM-DD, UTC) into an archive file (JSON lines)\n"
    "         and leave a checkpoint; DATE within the last 90 days needs --force\n";

// Rollups keep at least this much of the log in the database unless forced: the window an
// admin investigating a complaint reads without fetching an archive.
constexpr auto kKeptAtLeast = std::chrono::hours(24 * 90);
constexpr int kArchiveVersion = 1;

const std::string kStartHash(64, '0');

json EntryJson(const AuditEntry& e) {
  return {
      {"seq", e.seq},       {"at", e.at},         {"actor", e.actor},         {"action", e.action},
      {"target", e.target}, {"detail", e.detail}, {"prev_hash", e.prev_hash}, {"hash", e.hash}};
}

std::optional<AuditEntry> EntryFromJson(const json& j) {
  if (!j.is_object()) return std::nullopt;
  AuditEntry e;
  try {
    e.seq = j.at("seq").get<std::int64_t>();
    e.at = j.at("at").get<std::string>();
    e.actor = j.at("actor").get<std::string>();
    e.action = j.at("action").get<std::string>();
    e.target = j.at("target").get<std::string>();
    e.detail = j.at("detail").get<std::string>();
    e.prev_hash = j.at("prev_hash").get<std::string>();
    e.hash = j.at("hash").get<std::string>();
  } catch (const json::exception&) {
    return std::nullopt;
  }
  return e;
}

void PrintBreak(const AuditChainBreak& broken, const std::string& what, std::ostream& err) {
  err << what << " BROKEN at entry " << broken.seq << " (" << broken.at << " " << broken.action
      << "): " << broken.why << "\n";
}

struct Options {
  std::string verb;
  std::map<std::string, std::string> named;
  bool force = false;
  std::vector<std::string> config_args;
};

std::optional<Options> ParseOptions(const std::vector<std::string>& args, std::ostream& err) {
  Options options;
  options.verb = args[0];
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--before" || a == "--archive") {
      if (i + 1 >= args.size()) {
        err << "soundings-server audit: " << a << " needs a value\n" << kUsage;
        return std::nullopt;
      }
      options.named[a] = args[++i];
    } else if (a == "--force") {
      options.force = true;
    } else {
      options.config_args.push_back(a);
    }
  }
  return options;
}

int VerifyArchive(Store& store, const std::filesystem::path& file, std::ostream& out,
                  std::ostream& err) {
  std::ifstream in(file);
  if (!in) {
    err << "soundings-server audit: cannot read " << file.string() << "\n";
    return 1;
  }
  std::string line;
  std::getline(in, line);
  const json header = json::parse(line, nullptr, false);
  if (!header.is_object() || header.value("soundings_audit_archive", 0) != kArchiveVersion) {
    err << "archive " << file.string() << " BROKEN: its first line is not an archive header\n";
    return 1;
  }
  const std::int64_t after_seq = header.value("after_seq", std::int64_t{-1});
  const std::string after_hash = header.value("after_hash", "");
  std::vector<AuditEntry> entries;
  for (int number = 2; std::getline(in, line); ++number) {
    auto entry = EntryFromJson(json::parse(line, nullptr, false));
    if (!entry) {
      err << "archive " << file.string() << " BROKEN at line " << number
          << ": not an audit entry\n";
      return 1;
    }
    entries.push_back(std::move(*entry));
  }
  if (entries.empty()) {
    err << "archive " << file.string() << " BROKEN: it holds no entries\n";
    return 1;
  }
  if (auto broken = CheckAuditChain(entries, after_seq, after_hash)) {
    PrintBreak(*broken, "archive", err);
    return 1;
  }
  auto checkpoints = store.ListAuditCheckpoints();
  if (!checkpoints) {
    err << "soundings-server: " << checkpoints.error().message << "\n";
    return 1;
  }
  auto is_checkpoint = [&](std::int64_t seq, const std::string& hash) {
    for (const auto& c : *checkpoints) {
      if (c.through_seq == seq && c.hash == hash) return true;
    }
    return false;
  };
  if (after_seq != 0 && !is_checkpoint(after_seq, after_hash)) {
    err << "archive " << file.string() << " BROKEN: it starts after entry " << after_seq
        << ", which is no checkpoint of this log\n";
    return 1;
  }
  if (after_seq == 0 && after_hash != kStartHash) {
    err << "archive " << file.string() << " BROKEN: it claims the log's start with another hash\n";
    return 1;
  }
  const AuditEntry& last = entries.back();
  if (!is_checkpoint(last.seq, last.hash)) {
    err << "archive " << file.string() << " BROKEN: its last entry " << last.seq
        << " is not a checkpoint of this log\n";
    return 1;
  }
  out << "archive intact: " << entries.size() << " entries (" << entries.front().seq << " to "
      << last.seq << "), chained into checkpoint " << last.seq << "\n";
  return 0;
}

// The chain as it stands after the newest checkpoint, its completed minutes' refusal counts
// chained first so it is complete; nullopt after printing why when it cannot be read or does not
// verify from that checkpoint.
struct CheckedChain {
  std::vector<AuditEntry> entries;
  std::vector<AuditCheckpoint> checkpoints;
  std::int64_t after_seq = 0;
  std::string after_hash = kStartHash;
};

std::optional<CheckedChain> ReadCheckedChain(ServerApp& app, std::ostream& err) {
  if (auto folded = app.audit().FoldCompletedMinutes(); !folded) {
    PrintServiceError(folded.error(), err);
    return std::nullopt;
  }
  auto entries = app.store().ListAudit();
  auto checkpoints = app.store().ListAuditCheckpoints();
  if (!entries || !checkpoints) {
    err << "soundings-server: could not read the audit log\n";
    return std::nullopt;
  }
  CheckedChain chain{std::move(*entries), std::move(*checkpoints)};
  if (!chain.checkpoints.empty()) {
    chain.after_seq = chain.checkpoints.back().through_seq;
    chain.after_hash = chain.checkpoints.back().hash;
  }
  if (auto broken = CheckAuditChain(chain.entries, chain.after_seq, chain.after_hash)) {
    PrintBreak(*broken, "audit log", err);
    return std::nullopt;
  }
  return chain;
}

int Verify(ServerApp& app, const Options& options, std::ostream& out, std::ostream& err) {
  if (options.named.contains("--archive")) {
    return VerifyArchive(app.store(), options.named.at("--archive"), out, err);
  }
  auto chain = ReadCheckedChain(app, err);
  if (!chain) return 1;
  auto pending = app.store().ListAuditRefusals();
  if (!pending) {
    err << "soundings-server: could not read the audit log\n";
    return 1;
  }
  const std::vector<AuditEntry>* entries = &chain->entries;
  const std::vector<AuditCheckpoint>* checkpoints = &chain->checkpoints;
  const std::int64_t after_seq = chain->after_seq;
  const std::string& after_hash = chain->after_hash;
  if (!checkpoints->empty()) {
    // A checkpoint written straight into the database, without a rollup, has no entry naming it.
    const AuditEntry named = AuditRollupEntry(checkpoints->back(), "");
    const bool recorded = std::any_of(entries->begin(), entries->end(), [&](const AuditEntry& e) {
      return e.action == named.action && e.target == named.target &&
             e.detail.ends_with("with hash " + after_hash);
    });
    if (!recorded) {
      err << "audit log BROKEN: checkpoint " << after_seq
          << " is not recorded by a rollup entry in the chain\n";
      return 1;
    }
  }
  out << "audit log intact: " << entries->size() << " entries";
  if (after_seq > 0) out << " after checkpoint " << after_seq << " (older ones archived)";
  out << "\n";
  if (!pending->empty()) {
    out << pending->size() << " refusal count(s) of the current minute are not chained yet\n";
  }
  return 0;
}

std::optional<std::string> BeforeTime(const std::string& text) {
  const std::string full = text.size() == 10 ? text + "T00:00:00Z" : text;
  if (!ParseRfc3339(full)) return std::nullopt;
  return full;
}

int RollUp(ServerApp& app, const Options& options, std::ostream& out, std::ostream& err) {
  if (!options.named.contains("--before")) {
    err << "soundings-server audit rollup: --before DATE is required\n" << kUsage;
    return 2;
  }
  const auto before_text = BeforeTime(options.named.at("--before"));
  if (!before_text) {
    err << "soundings-server audit rollup: --before \"" << options.named.at("--before")
        << "\" is not a date (YYYY-MM-DD) or an RFC 3339 time\n";
    return 2;
  }
  const TimePoint before = *ParseRfc3339(*before_text);
  const TimePoint now = app.clock().Now();
  if (before > now - kKeptAtLeast && !options.force) {
    err << "soundings-server audit rollup: entries of the last 90 days stay in the database; "
           "choose --before "
        << FormatRfc3339(now - kKeptAtLeast).substr(0, 10) << " or earlier, or pass --force\n";
    return 2;
  }
  // A broken chain is not archived as if it were sound: verify shows where it breaks.
  auto chain = ReadCheckedChain(app, err);
  if (!chain) return 1;
  const std::vector<AuditEntry>* entries = &chain->entries;
  const std::int64_t after_seq = chain->after_seq;
  const std::string& after_hash = chain->after_hash;
  std::vector<AuditEntry> removed;
  for (const auto& e : *entries) {
    auto at = ParseRfc3339(e.at);
    if (!at || *at >= before) break;
    removed.push_back(e);
  }
  if (removed.empty()) {
    out << "nothing to roll up: no entry before " << *before_text << "\n";
    return 0;
  }
  const std::filesystem::path archive =
      options.named.contains("--archive")
          ? std::filesystem::path(options.named.at("--archive"))
          : app.config().data_dir / ("audit-archive-" + std::to_string(removed.front().seq) + "-" +
                                     std::to_string(removed.back().seq) + ".jsonl");
  if (std::filesystem::exists(archive)) {
    err << "soundings-server audit rollup: " << archive.string()
        << " exists already; name another --archive\n";
    return 1;
  }
  // Written in full (to a temporary name, then renamed) before anything leaves the database.
  const std::filesystem::path partial = archive.string() + ".partial";
  {
    std::ofstream file(partial, std::ios::trunc);
    file << json{{"soundings_audit_archive", kArchiveVersion},
                 {"after_seq", after_seq},
                 {"after_hash", after_hash}}
                .dump()
         << "\n";
    for (const auto& e : removed) file << EntryJson(e).dump() << "\n";
    file.flush();
    if (!file) {
      err << "soundings-server audit rollup: could not write " << partial.string() << "\n";
      return 1;
    }
  }
  std::error_code renamed;
  std::filesystem::rename(partial, archive, renamed);
  if (renamed) {
    err << "soundings-server audit rollup: could not write " << archive.string() << ": "
        << renamed.message() << "\n";
    return 1;
  }
  AuditCheckpoint checkpoint;
  checkpoint.through_seq = removed.back().seq;
  checkpoint.hash = removed.back().hash;
  checkpoint.removed = static_cast<std::int64_t>(removed.size());
  checkpoint.at = FormatRfc3339(now);
  checkpoint.archive = archive.filename().string();
  if (auto rolled =
          app.store().RollUpAudit(checkpoint, AuditRollupEntry(checkpoint, checkpoint.at));
      !rolled) {
    err << "soundings-server: " << rolled.error().message << " (the database is unchanged; "
        << archive.string() << " may be removed)\n";
    return 1;
  }
  out << "rolled up " << removed.size() << " entries (" << removed.front().seq << " to "
      << checkpoint.through_seq << ") into " << archive.string() << "\ncheckpoint "
      << checkpoint.through_seq << " hash " << checkpoint.hash << "\n";
  return 0;
}

}  // namespace

int RunAuditCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const bool help = std::any_of(args.begin(), args.end(),
                                [](const std::string& a) { return a == "--help" || a == "-h"; });
  if (help) {
    out << kUsage;
    return 0;
  }
  if (args.empty() || (args[0] != "verify" && args[0] != "rollup")) {
    err << kUsage;
    return 2;
  }
  auto options = ParseOptions(args, err);
  if (!options) return 2;
  auto app = OpenAppForCommand(options->config_args, err);
  if (!app) return 1;
  return options->verb == "verify" ? Verify(*app, *options, out, err)
                                   : RollUp(*app, *options, out, err);
}

}  // namespace soundings::server
