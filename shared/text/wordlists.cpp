#include "shared/text/wordlists.h"

#include "shared/text/unicode.h"

namespace soundings {

// Defined in the file CMake writes from shared/text/data/ (text_wordlists_data.cpp).
extern const char kWordlistStopwordsEn[];
extern const char kWordlistStopwordsPl[];
extern const char kWordlistFirstNames[];

std::optional<TextLanguage> TextLanguageFromCode(std::string_view code) {
  if (code == "en") return TextLanguage::kEnglish;
  if (code == "pl") return TextLanguage::kPolish;
  return std::nullopt;
}

const char* ToCode(TextLanguage language) {
  return language == TextLanguage::kPolish ? "pl" : "en";
}

std::vector<std::string> ParseWordList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') out.push_back(LowerUtf8(line));
    start = end + 1;
  }
  return out;
}

const std::set<std::string>& Stopwords(TextLanguage language) {
  static const std::set<std::string> kEnglish = [] {
    auto words = ParseWordList(kWordlistStopwordsEn);
    return std::set<std::string>(words.begin(), words.end());
  }();
  static const std::set<std::string> kPolish = [] {
    auto words = ParseWordList(kWordlistStopwordsPl);
    return std::set<std::string>(words.begin(), words.end());
  }();
  return language == TextLanguage::kPolish ? kPolish : kEnglish;
}

const FirstNames& BundledFirstNames() {
  static const FirstNames kNames = [] {
    FirstNames names;
    for (auto& word : ParseWordList(kWordlistFirstNames)) {
      if (word.front() == '?') {
        names.ambiguous.insert(word.substr(1));
      } else {
        names.names.insert(std::move(word));
      }
    }
    return names;
  }();
  return kNames;
}

}  // namespace soundings
