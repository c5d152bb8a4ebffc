#include "kiosk/config/kiosk_config.h"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace soundings::kiosk {

SessionConfig KioskConfig::ToSessionConfig() const {
  SessionConfig s;
  s.kiosk_title = title;
  s.anonymous_campaign_id = anonymous_campaign_id;
  s.accept_codes = accept_codes;
  s.venue_id = venue_id;
  s.idle_after = idle_after;
  s.idle_countdown = idle_countdown;
  s.thank_you_for = thank_you_for;
  s.anonymous_partial = anonymous_partial;
  return s;
}

Result<KioskConfig> ParseKioskConfig(const std::string& json_text, const std::string& origin) {
  auto doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Problem{origin, "the kiosk config must be a JSON object"};
  KioskConfig config;
  Problems problems;
  static const std::set<std::string> kKnown = {
      "data_dir",           "server_url",        "venue_id",
      "anonymous_campaign", "accept_codes",      "title",
      "languages",          "idle_seconds",      "countdown_seconds",
      "thank_you_seconds",  "anonymous_partial", "sync_interval_seconds",
      "operator_pin"};
  for (const auto& [key, value] : doc.items())
    if (!kKnown.count(key)) problems.push_back({key, "unknown setting"});
  auto text = [&](const char* key, std::string& out) {
    if (!doc.contains(key)) return;
    if (doc[key].is_string())
      out = doc[key].get<std::string>();
    else
      problems.push_back({key, "must be a string"});
  };
  auto seconds = [&](const char* key, std::chrono::seconds& out, int min, int max) {
    if (!doc.contains(key)) return;
    if (!doc[key].is_number_integer() || doc[key].get<long long>() < min ||
        doc[key].get<long long>() > max)
      problems.push_back({key, "must be a whole number of seconds from " + std::to_string(min) +
                                   " to " + std::to_string(max)});
    else
      out = std::chrono::seconds(doc[key].get<long long>());
  };
  std::string data_dir = config.data_dir.string();
  text("data_dir", data_dir);
  config.data_dir = data_dir;
  text("server_url", config.server_url);
  text("venue_id", config.venue_id);
  text("anonymous_campaign", config.anonymous_campaign_id);
  text("operator_pin", config.operator_pin);
  if (config.operator_pin.size() < 4 ||
      config.operator_pin.find_first_not_of("0123456789") != std::string::npos)
    problems.push_back({"operator_pin", "must be at least 4 digits"});
  if (doc.contains("accept_codes")) {
    if (doc["accept_codes"].is_boolean())
      config.accept_codes = doc["accept_codes"].get<bool>();
    else
      problems.push_back({"accept_codes", "must be true or false"});
  }
  if (doc.contains("title")) {
    if (!doc["title"].is_object())
      problems.push_back({"title", "must be an object from language to text"});
    else
      for (const auto& [lang, value] : doc["title"].items()) {
        if (value.is_string())
          config.title[lang] = value.get<std::string>();
        else
          problems.push_back({"title." + lang, "must be a string"});
      }
  }
  if (doc.contains("languages"))
    config.warnings.push_back(
        {origin + ": languages",
         "ignored: a kiosk offers exactly the languages of the template it shows"});
  seconds("idle_seconds", config.idle_after, 10, 3600);
  seconds("countdown_seconds", config.idle_countdown, 5, 300);
  seconds("thank_you_seconds", config.thank_you_for, 2, 300);
  seconds("sync_interval_seconds", config.sync_interval, 5, 86400);
  if (doc.contains("anonymous_partial")) {
    const auto& v = doc["anonymous_partial"];
    if (v == "template")
      config.anonymous_partial = PartialPolicy::kAsTemplateSays;
    else if (v == "discard")
      config.anonymous_partial = PartialPolicy::kDiscard;
    else if (v == "submit")
      problems.push_back(
          {"anonymous_partial",
           "\"submit\" is no longer a choice: a template keeps partial answers with "
           "\"keep_anonymous_partials\" (templates/README.md); use \"template\" or \"discard\""});
    else
      problems.push_back({"anonymous_partial", R"(must be "template" or "discard")"});
  }
  for (auto& p : problems) p.path = origin + ": " + p.path;
  if (!problems.empty()) return problems;
  return config;
}

Result<KioskConfig> LoadKioskConfig(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Problem{path.string(), "cannot read the kiosk config file"};
  std::ostringstream text;
  text << in.rdbuf();
  return ParseKioskConfig(text.str(), path.string());
}

std::string KioskConfigToJson(const KioskConfig& config) {
  nlohmann::json doc = {
      {"data_dir", config.data_dir.string()},
      {"server_url", config.server_url},
      {"venue_id", config.venue_id},
      {"anonymous_campaign", config.anonymous_campaign_id},
      {"accept_codes", config.accept_codes},
      {"title", config.title},
      {"idle_seconds", config.idle_after.count()},
      {"countdown_seconds", config.idle_countdown.count()},
      {"thank_you_seconds", config.thank_you_for.count()},
      {"anonymous_partial",
       config.anonymous_partial == PartialPolicy::kDiscard ? "discard" : "template"},
      {"sync_interval_seconds", config.sync_interval.count()},
      {"operator_pin", config.operator_pin},
  };
  return doc.dump(2);
}

}  // namespace soundings::kiosk
