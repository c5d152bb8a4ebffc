// libFuzzer target: Expression::Parse must never crash, throw or recurse without bound on any
// bytes, and a parsed expression must evaluate against any answers without crashing.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "shared/expr/expression.h"

namespace {

using nlohmann::json;

const std::map<std::string, json>& Values() {
  static const std::map<std::string, json> kValues{
      {"q1", 4},
      {"q2", "north"},
      {"q3", json::array({"library", "park"})},
      {"q4", true},
      {"q5", "na"},
      {"q6", nullptr},
      {"q7", json{{"row1", 3}, {"row2", "na"}}},
      {"q7.row1", 3},
      {"q7.row2", "na"},
      {"q8", 2.5},
      {"rater_group", "self"},
      {"language", "cy"},
  };
  return kValues;
}

const json* Lookup(const std::string& name) {
  auto it = Values().find(name);
  return it == Values().end() ? nullptr : &it->second;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  auto parsed = soundings::Expression::Parse(source);
  if (!parsed.ok()) {
    // Every failure is one problem that names a column.
    if (parsed.problems().size() != 1 || parsed.problems()[0].message.rfind("at column ", 0) != 0) {
      std::abort();
    }
    return 0;
  }
  if (parsed->Source() != source) std::abort();
  const bool first = parsed->Evaluate(Lookup);
  // Evaluation is a pure function of the answers.
  if (parsed->Evaluate(Lookup) != first) std::abort();
  (void)parsed->Evaluate(soundings::ValueLookup{});
  // The source of a parsed expression parses again to the same identifiers.
  auto again = soundings::Expression::Parse(parsed->Source());
  if (!again.ok() || again->Identifiers() != parsed->Identifiers()) std::abort();
  return 0;
}
