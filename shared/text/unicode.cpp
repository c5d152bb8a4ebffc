#include "shared/text/unicode.h"

namespace soundings {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

// Decodes one code point at `i`, advancing it; invalid sequences give U+FFFD and one byte.
char32_t DecodeOne(std::string_view text, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int length = 0;
  char32_t c = 0;
  char32_t minimum = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    c = b0 & 0x1F;
    minimum = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    c = b0 & 0x0F;
    minimum = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    c = b0 & 0x07;
    minimum = 0x10000;
  } else {
    ++i;
    return kReplacement;
  }
  if (i + static_cast<std::size_t>(length) > text.size()) {
    ++i;
    return kReplacement;
  }
  for (int k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kReplacement;
    }
    c = (c << 6) | (b & 0x3F);
  }
  if (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++i;
    return kReplacement;
  }
  i += static_cast<std::size_t>(length);
  return c;
}

}  // namespace

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) out.push_back(DecodeOne(text, i));
  return out;
}

std::string EncodeUtf8(char32_t c) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = kReplacement;
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

bool IsUpperLetter(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) return LowerCodePoint(c) != c;
  return false;
}

char32_t LowerCodePoint(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  // Latin Extended-A pairs upper/lower as even/odd, except 0x139..0x148 and 0x179..0x17E, which
  // pair odd/even; 0x130 (İ), 0x131 (ı), 0x138 (ĸ), 0x149 (ŉ) and 0x17F (ſ) have no pair here.
  if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
    return (c % 2 == 0) ? c + 1 : c;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
  if (c == 0x178) return 0xFF;  // Ÿ
  return c;
}

bool IsLetter(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
  if (c >= 0x370 && c < 0x2000) return true;
  if (c >= 0x3040 && c < 0xD800) return true;
  return false;
}

std::string LowerUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) out += EncodeUtf8(LowerCodePoint(DecodeOne(text, i)));
  return out;
}

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  Word current;
  bool in_word = false;
  std::size_t pending_apostrophe = std::string_view::npos;  // byte offset of an ' after a letter
  auto finish = [&](std::size_t end) {
    if (!in_word) return;
    current.end = end;
    current.lower = LowerUtf8(current.text);
    words.push_back(std::move(current));
    current = Word{};
    in_word = false;
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t c = DecodeOne(text, i);
    const bool letter = IsLetter(c);
    if (letter || IsDigit(c)) {
      if (!in_word) {
        in_word = true;
        current.begin = start;
        current.capitalised = IsUpperLetter(c);
      } else if (pending_apostrophe != std::string_view::npos) {
        current.text += '\'';
      }
      pending_apostrophe = std::string_view::npos;
      current.text += EncodeUtf8(c);
      current.has_letter = current.has_letter || letter;
      continue;
    }
    if (in_word && IsApostrophe(c) && pending_apostrophe == std::string_view::npos) {
      pending_apostrophe = start;
      continue;
    }
    finish(pending_apostrophe != std::string_view::npos ? pending_apostrophe : start);
    pending_apostrophe = std::string_view::npos;
  }
  finish(pending_apostrophe != std::string_view::npos ? pending_apostrophe : text.size());
  return words;
}

}  // namespace soundings
