#pragma once
// The little Unicode that residents' words need: decoding UTF-8 leniently (a comment is never
// refused here; an invalid byte becomes U+FFFD), lower case for the Latin letters of English,
// Welsh and Polish, and splitting text into words with their byte positions.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace soundings {

/// The code points of `text`; each byte of an invalid sequence becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view text);

/// `code_point` as UTF-8 (U+FFFD for a surrogate or a value above U+10FFFF).
std::string EncodeUtf8(char32_t code_point);

/// Lower case of ASCII, Latin-1 and Latin Extended-A letters (ą ć ę ł ń ó ś ź ż, ŵ ŷ, ...);
/// other code points are returned unchanged.
char32_t LowerCodePoint(char32_t code_point);

/// Upper-case counterpart test: whether `code_point` is an upper-case Latin letter.
bool IsUpperLetter(char32_t code_point);

/// Whether `code_point` counts as a letter of a word: ASCII letters, Latin-1 and Latin Extended
/// letters, and every script from Greek up (U+0370..U+1FFF and U+3040 on), punctuation blocks
/// excepted.
bool IsLetter(char32_t code_point);

/// `text` in lower case (LowerCodePoint on each code point), as UTF-8.
std::string LowerUtf8(std::string_view text);

/// One word of a text: letters and digits, with an apostrophe (' or ’, kept as ') inside.
struct Word {
  std::string text;       // as written, apostrophes normalised to '
  std::string lower;      // LowerUtf8(text)
  std::size_t begin = 0;  // byte offsets in the original text
  std::size_t end = 0;
  bool has_letter = false;
  bool capitalised = false;  // first code point an upper-case letter
};

/// The words of `text` in order. Never fails.
std::vector<Word> SplitWords(std::string_view text);

}  // namespace soundings
