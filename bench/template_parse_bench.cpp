// How long parsing and validating a bundled template takes: the server does it at every publish
// and at start, the kiosk at every bundle refresh.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shared/templates/parser.h"

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int rounds = quick ? 50 : 500;
  const std::filesystem::path dir = SOUNDINGS_TEMPLATE_DIR;
  const soundings::ModuleSource modules{dir / "modules"};
  std::vector<std::string> documents;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    documents.push_back(text.str());
  }
  if (documents.empty()) {
    std::fprintf(stderr, "no templates in %s\n", dir.c_str());
    return 1;
  }
  std::size_t failures = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& doc : documents) {
      if (!soundings::ParseTemplate(doc, modules).ok()) ++failures;
    }
  }
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  std::printf("BENCH template_parse_ms %.3f ms\n",
              elapsed.count() / (rounds * static_cast<double>(documents.size())));
  std::printf("BENCH template_parse_failures %zu count\n", failures);
  return failures == 0 ? 0 : 1;
}
