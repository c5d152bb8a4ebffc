#pragma once
// The word lists residents' words are read with: stopwords per language and first names for
// redaction. They are the files in shared/text/data/, compiled into the library (see
// shared/CMakeLists.txt), so the server and tests need no data folder and every build of the same
// sources uses the same lists.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace soundings {

/// The languages residents' words can be themed in.
enum class TextLanguage { kEnglish, kPolish };

/// "en" or "pl" to a language; nullopt for any other code.
std::optional<TextLanguage> TextLanguageFromCode(std::string_view code);

/// "en" or "pl".
const char* ToCode(TextLanguage language);

/// The lines of a word list: trimmed, lower-cased, blank lines and "#" comments left out.
std::vector<std::string> ParseWordList(std::string_view text);

/// The stopwords of `language` (data/stopwords-LANG.txt), lower case.
const std::set<std::string>& Stopwords(TextLanguage language);

/// First names (data/first-names.txt), lower case: `names` are redacted on their own,
/// `ambiguous` ones (also everyday words: "Rose", "Will") only before a capitalised word.
struct FirstNames {
  std::set<std::string> names;
  std::set<std::string> ambiguous;
};

/// The bundled first-name list.
const FirstNames& BundledFirstNames();

}  // namespace soundings
