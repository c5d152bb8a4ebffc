// libFuzzer target: ParseTemplate must never crash, throw, hang or recurse without bound on any
// bytes; a template it accepts must survive ToJson and parse again to the same JSON.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "shared/templates/parser.h"

namespace {

// The bundled modules, so that "include" is exercised too.
const soundings::ModuleSource& Modules() {
  static const soundings::ModuleSource kModules{SOUNDINGS_TEMPLATE_DIR "/modules"};
  return kModules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = soundings::ParseTemplate(text, Modules());
  if (!parsed.ok()) {
    // A refusal always says why.
    if (parsed.problems().empty()) std::abort();
    for (const auto& p : parsed.problems())
      if (p.message.empty()) std::abort();
    return 0;
  }
  const nlohmann::json first = soundings::ToJson(*parsed);
  auto again = soundings::ParseTemplate(first.dump(), Modules());
  if (!again.ok() || soundings::ToJson(*again) != first) std::abort();
  for (const auto& language : parsed->languages) (void)soundings::Outline(*parsed, language);
  return 0;
}
