#include "shared/text/redaction.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "shared/text/unicode.h"

namespace soundings {

namespace {

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
char Upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

// Whether the byte before `i` ends a word (so a match cannot start inside one). Bytes of
// multi-byte UTF-8 letters are >= 0x80 and count as word bytes too.
bool WordBoundaryBefore(std::string_view text, std::size_t i) {
  if (i == 0) return true;
  const char c = text[i - 1];
  return !IsAsciiAlnum(c) && static_cast<unsigned char>(c) < 0x80;
}

bool WordBoundaryAt(std::string_view text, std::size_t i) {
  if (i >= text.size()) return true;
  const char c = text[i];
  return !IsAsciiAlnum(c) && static_cast<unsigned char>(c) < 0x80;
}

bool IsLocalChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool IsDomainChar(char c) { return IsAsciiAlnum(c) || c == '.' || c == '-'; }

void FindEmails(std::string_view text, std::vector<Redaction>& out) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && IsLocalChar(text[begin - 1])) --begin;
    while (begin < at && text[begin] == '.') ++begin;
    std::size_t end = at + 1;
    while (end < text.size() && IsDomainChar(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    if (begin == at || end == at + 1) continue;
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    const std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) continue;
    out.push_back({RedactionKind::kEmail, begin, end});
  }
}

// Whether `digits` (separators removed) is a UK number: national 0 + 9 or 10 digits, or +44 /
// 0044 and 9 or 10 digits (an optional "(0)" dropped).
bool IsUkNumber(const std::string& digits, bool plus) {
  std::string national;
  if (plus && digits.rfind("44", 0) == 0) {
    national = digits.substr(2);
  } else if (!plus && digits.rfind("0044", 0) == 0) {
    national = digits.substr(4);
  } else if (!plus && digits.size() >= 2 && digits[0] == '0' && digits[1] != '0') {
    return digits.size() == 10 || digits.size() == 11;
  } else {
    return false;
  }
  if (!national.empty() && national[0] == '0') national.erase(0, 1);
  return (national.size() == 9 || national.size() == 10) && national[0] != '0';
}

void FindPhones(std::string_view text, std::vector<Redaction>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!(IsAsciiDigit(c) || c == '+' || c == '(') || !WordBoundaryBefore(text, i)) {
      ++i;
      continue;
    }
    // Walk a run of digits joined by single separators, noting where each digit group ends.
    const bool plus = c == '+';
    std::size_t j = plus ? i + 1 : i;
    std::string digits;
    std::vector<std::pair<std::size_t, std::size_t>> group_ends;  // (byte end, digit count)
    char last_separator = 0;                                      // 0 after a digit
    while (j < text.size()) {
      const char d = text[j];
      if (IsAsciiDigit(d)) {
        digits += d;
        last_separator = 0;
        ++j;
        if (j >= text.size() || !IsAsciiDigit(text[j])) group_ends.emplace_back(j, digits.size());
        continue;
      }
      const bool separator = d == ' ' || d == '-' || d == '.' || d == '(' || d == ')';
      // One separator between digit groups, or a bracket beside one: "(020) 7946", "+44 (0)20".
      const bool bracket = d == '(' || d == ')' || last_separator == '(' || last_separator == ')';
      if (!separator || (last_separator != 0 && !bracket)) break;
      last_separator = d;
      ++j;
    }
    bool found = false;
    // Longest group first. Not a range-for over std::views::reverse: clang 14 (clang-tidy's)
    // cannot parse libstdc++ 12's ranges.
    // NOLINTNEXTLINE(modernize-loop-convert)
    for (auto it = group_ends.rbegin(); it != group_ends.rend(); ++it) {
      if (!WordBoundaryAt(text, it->first)) continue;
      if (IsUkNumber(digits.substr(0, it->second), plus)) {
        out.push_back({RedactionKind::kPhone, i, it->first});
        i = it->first;
        found = true;
        break;
      }
    }
    if (!found) i = std::max(j, i + 1);
  }
}

// Full UK postcodes: outward A9, A99, AA9, AA99, A9A or AA9A; inward 9AA.
std::size_t MatchPostcode(std::string_view text, std::size_t i) {
  static constexpr std::string_view kNotFirst = "QVX";
  static constexpr std::string_view kNotInward = "CIKMOV";
  auto letter = [&](std::size_t k) { return k < text.size() && IsAsciiAlpha(text[k]); };
  auto digit = [&](std::size_t k) { return k < text.size() && IsAsciiDigit(text[k]); };
  if (!letter(i) || kNotFirst.find(Upper(text[i])) != std::string_view::npos) return 0;
  std::array<std::size_t, 6> outward_ends{};
  std::size_t count = 0;
  std::size_t k = i + 1;
  if (letter(k)) ++k;  // a second letter (AA...)
  if (!digit(k)) return 0;
  ++k;
  outward_ends[count++] = k;                     // A9, AA9
  if (digit(k)) outward_ends[count++] = k + 1;   // A99, AA99
  if (letter(k)) outward_ends[count++] = k + 1;  // A9A, AA9A
  for (std::size_t o = count; o-- > 0;) {
    std::size_t m = outward_ends[o];
    if (m < text.size() && text[m] == ' ') ++m;
    if (digit(m) && letter(m + 1) && letter(m + 2) &&
        kNotInward.find(Upper(text[m + 1])) == std::string_view::npos &&
        kNotInward.find(Upper(text[m + 2])) == std::string_view::npos &&
        WordBoundaryAt(text, m + 3))
      return m + 3;
  }
  return 0;
}

void FindPostcodes(std::string_view text, std::vector<Redaction>& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!WordBoundaryBefore(text, i)) continue;
    if (std::size_t end = MatchPostcode(text, i); end != 0) {
      out.push_back({RedactionKind::kPostcode, i, end});
      i = end;
    }
  }
}

bool IsTitle(const std::string& lower) {
  static const std::array<std::string_view, 20> kTitles = {
      "mr",  "mrs",  "ms",  "miss", "mx",   "dr",   "prof", "professor", "cllr", "councillor",
      "sir", "dame", "rev", "revd", "lord", "lady", "pan",  "pani",      "fr",   "mgr"};
  return std::find(kTitles.begin(), kTitles.end(), lower) != kTitles.end();
}

// Whether only spaces (and a full stop after a title) lie between two words.
bool Adjacent(std::string_view text, const Word& left, const Word& right) {
  if (right.begin < left.end) return false;
  const std::string_view gap = text.substr(left.end, right.begin - left.end);
  if (gap.empty() || gap.size() > 3) return false;
  return std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' ' || c == '.'; }) &&
         gap.find(' ') != std::string_view::npos;
}

// Whether `right` continues `left` as a double-barrelled name: "Smith-Jones".
bool Hyphenated(std::string_view text, const Word& left, const Word& right) {
  return right.begin == left.end + 1 && text[left.end] == '-' && right.capitalised;
}

void FindNames(std::string_view text, const FirstNames& names, std::vector<Redaction>& out) {
  const std::vector<Word> words = SplitWords(text);
  auto extend = [&](std::size_t last) {
    while (last + 1 < words.size() && Hyphenated(text, words[last], words[last + 1])) ++last;
    return last;
  };
  auto name_like = [](const Word& w) { return w.capitalised && w.has_letter && !IsTitle(w.lower); };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& word = words[i];
    const bool next_is_name_like =
        i + 1 < words.size() && name_like(words[i + 1]) && Adjacent(text, word, words[i + 1]);
    if (IsTitle(word.lower) && next_is_name_like) {
      // Up to two capitalised words after a title: "Mrs Jane Smith", "Cllr Kowalski".
      std::size_t last = extend(i + 1);
      if (last + 1 < words.size() && name_like(words[last + 1]) &&
          Adjacent(text, words[last], words[last + 1]))
        last = extend(last + 1);
      out.push_back({RedactionKind::kName, words[i + 1].begin, words[last].end});
      i = last;
      continue;
    }
    if (!word.capitalised) continue;
    const bool listed = names.names.count(word.lower) > 0;
    const bool ambiguous = names.ambiguous.count(word.lower) > 0;
    if (!listed && !(ambiguous && next_is_name_like)) continue;
    std::size_t last = extend(next_is_name_like ? i + 1 : i);
    out.push_back({RedactionKind::kName, word.begin, words[last].end});
    i = last;
  }
}

}  // namespace

const char* TokenOf(RedactionKind kind) {
  switch (kind) {
    case RedactionKind::kEmail:
      return "[email]";
    case RedactionKind::kPhone:
      return "[phone]";
    case RedactionKind::kPostcode:
      return "[postcode]";
    case RedactionKind::kName:
      return "[name]";
  }
  return "[name]";
}

const char* ToString(RedactionKind kind) {
  switch (kind) {
    case RedactionKind::kEmail:
      return "email";
    case RedactionKind::kPhone:
      return "phone";
    case RedactionKind::kPostcode:
      return "postcode";
    case RedactionKind::kName:
      return "name";
  }
  return "name";
}

int RedactedText::Count(RedactionKind kind) const {
  return static_cast<int>(std::count_if(redactions.begin(), redactions.end(),
                                        [kind](const Redaction& r) { return r.kind == kind; }));
}

RedactedText RedactPersonalDetails(std::string_view text, const FirstNames& names) {
  // Emails first: they hold names and digits the later passes would otherwise take apart.
  std::vector<Redaction> found;
  FindEmails(text, found);
  std::vector<Redaction> more;
  FindPhones(text, more);
  FindPostcodes(text, more);
  FindNames(text, names, more);
  for (const auto& candidate : more) {
    const bool overlaps = std::any_of(found.begin(), found.end(), [&](const Redaction& r) {
      return candidate.begin < r.end && r.begin < candidate.end;
    });
    if (!overlaps) found.push_back(candidate);
  }
  std::sort(found.begin(), found.end(),
            [](const Redaction& a, const Redaction& b) { return a.begin < b.begin; });
  RedactedText out;
  std::size_t at = 0;
  for (const auto& r : found) {
    if (r.begin < at) continue;  // cannot happen after the overlap filter; kept as a guard
    out.text.append(text.substr(at, r.begin - at));
    out.text += TokenOf(r.kind);
    at = r.end;
    out.redactions.push_back(r);
  }
  out.text.append(text.substr(at));
  return out;
}

std::optional<std::string> NormaliseUkPostcode(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    compact += Upper(c);
  }
  if (compact.size() < 5 || MatchPostcode(compact, 0) != compact.size()) return std::nullopt;
  compact.insert(compact.size() - 3, 1, ' ');
  return compact;
}

}  // namespace soundings
