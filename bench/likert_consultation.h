#pragma once
// The consultation the ingest and load benchmarks send: `items` required likert statements on one
// five-point scale, and batches of completed responses answering every one at random. One
// definition, so the two benchmarks measure the same rows.

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/sync/protocol.h"

namespace soundings::bench {

/// Template `id` version 1 (kind consultation): items q1..q`items` on scale "agree5".
inline nlohmann::json LikertConsultation(const std::string& id, const std::string& title,
                                         int items) {
  nlohmann::json scale = {{"id", "agree5"}, {"points", nlohmann::json::array()}};
  for (int v = 1; v <= 5; ++v) {
    scale["points"].push_back({{"value", v}, {"label", {{"en", "Point " + std::to_string(v)}}}});
  }
  nlohmann::json list = nlohmann::json::array();
  for (int i = 1; i <= items; ++i) {
    list.push_back({{"id", "q" + std::to_string(i)},
                    {"type", "likert"},
                    {"scale", "agree5"},
                    {"required", true},
                    {"text", {{"en", "Statement " + std::to_string(i)}}}});
  }
  return {{"id", id},
          {"version", 1},
          {"kind", "consultation"},
          {"languages", {"en"}},
          {"title", {{"en", title}}},
          {"scales", {scale}},
          {"sections", {{{"id", "s1"}, {"title", {{"en", "All"}}}, {"items", list}}}}};
}

/// `count` completed responses to campaign `id` (template `id` version 1), every item answered.
inline std::vector<sync::ResponseRecord> LikertResponses(std::mt19937& random,
                                                         const std::string& id, int count,
                                                         int items) {
  std::uniform_int_distribution<int> point(1, 5);
  std::vector<sync::ResponseRecord> batch;
  batch.reserve(static_cast<std::size_t>(count));
  for (int r = 0; r < count; ++r) {
    sync::ResponseRecord record;
    record.uuid = sync::NewUuidV4();
    record.campaign_id = id;
    record.template_id = id;
    record.template_version = 1;
    record.language = "en";
    record.started_at = "2026-11-28T09:00:00Z";
    record.completed_at = "2026-11-28T09:05:00Z";
    for (int i = 1; i <= items; ++i) record.answers["q" + std::to_string(i)] = point(random);
    batch.push_back(std::move(record));
  }
  return batch;
}

}  // namespace soundings::bench
