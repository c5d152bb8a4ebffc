#pragma once
// Redaction of personal details in residents' free text before anyone but an administrator reads
// it: email addresses, UK phone numbers, UK postcodes and names become "[email]", "[phone]",
// "[postcode]" and "[name]". Pattern and list based, so it misses some details and hides some
// words that are not personal: docs/results-maths.md, "Residents' words", says exactly which.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/text/wordlists.h"

namespace soundings {

/// What kind of detail a redaction hid.
enum class RedactionKind { kEmail, kPhone, kPostcode, kName };

/// "[email]", "[phone]", "[postcode]", "[name]": what replaces a detail in the text.
const char* TokenOf(RedactionKind kind);

/// "email", "phone", "postcode", "name".
const char* ToString(RedactionKind kind);

/// One detail found, by byte offsets into the original text.
struct Redaction {
  RedactionKind kind = RedactionKind::kName;
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// A text with its personal details replaced, and where they were.
struct RedactedText {
  std::string text;
  std::vector<Redaction> redactions;  // in text order, never overlapping
  /// How many details of `kind` were hidden.
  int Count(RedactionKind kind) const;
};

/// Replaces emails, UK phone numbers (01…/02…/07… with 10 or 11 digits, +44 and 0044 forms, any
/// spacing, hyphens or brackets), full UK postcodes (any case, with or without the space), and
/// names (a title such as Mr, Mrs, Dr, Cllr, Pan, Pani followed by capitalised words, which are
/// hidden and the title kept; a capitalised first name of `names` with a capitalised word after
/// it) by their tokens. Never fails; invalid UTF-8 passes through unchanged.
RedactedText RedactPersonalDetails(std::string_view text,
                                   const FirstNames& names = BundledFirstNames());

/// `text` as a full UK postcode in its usual form, upper case with one space before the inward
/// code ("dl78ad" and " DL7  8AD" give "DL7 8AD"), by the pattern redaction uses; nullopt when
/// it is not one.
std::optional<std::string> NormaliseUkPostcode(std::string_view text);

}  // namespace soundings
