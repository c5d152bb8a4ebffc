#pragma once
// Invitation codes: one per rater of a 360 (and per self-assessment), typed on a kiosk.
//
// A code is 11 characters of Crockford's base 32 (digits and letters without I, L, O and U: 55
// bits), shown as XXXX-XXXX-XXX. Whatever a person types that looks like a code character counts
// as one: O is read as zero, I and L as one, in any case, so a code copied by eye from a letter
// still works, and a keypad that offers every letter and digit covers every code. The server
// stores only a salted hash; kiosks receive the hash and its salt in the bundle and check a typed
// code offline.
//
// Why keyed BLAKE2b and not argon2id: a kiosk must find which invitation a typed code belongs to,
// and with a salt per invitation it has to hash the code once per invitation in the bundle
// (thousands). A memory-hard hash at even small limits costs milliseconds each, seconds per typed
// code. BLAKE2b costs a microsecond, and the code's own 55 bits carry the load: an attacker
// holding a stolen bundle needs about 2^54 hashes per invitation (months on a GPU), per-invitation
// salts stop any precomputation or sharing of work across invitations, and codes expire with
// their campaign (weeks). Passwords, which people choose, use argon2id (server only).

#include <cstddef>
#include <string>
#include <string_view>

#include "shared/core/error.h"

namespace soundings::sync {

/// The 32 characters new codes are made of (Crockford's base 32): digits, A-Z without I, L, O, U.
inline constexpr const char* kInvitationAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a normalised code (log2(32^11) = 55 bits).
inline constexpr std::size_t kInvitationCodeLength = 11;
/// Names the hash below in the bundle, so a kiosk can refuse a scheme it does not know.
inline constexpr const char* kInvitationHashScheme = "blake2b-256-keyed-salt16-v1";

/// A fresh random code, grouped for reading aloud: "K7QM-3XPA-9RT".
std::string GenerateInvitationCode();

/// `typed` as code characters: upper case, O as zero, I and L as one, anything but letters and
/// digits dropped. No length check (a kiosk's demo codes and partial input go through it too).
std::string CanonicalInvitationCharacters(std::string_view typed);

/// Upper-cases `typed`, reads O as 0 and I or L as 1, and drops spaces and dashes; a problem (no
/// path) when the result is not kInvitationCodeLength characters of kInvitationAlphabet (or U,
/// which codes made before Crockford's alphabet contain), naming a mistyped character.
Result<std::string> NormaliseInvitationCode(const std::string& typed);

/// 16 random bytes as 32 lower-case hex characters.
std::string NewInvitationSalt();

/// Lower-case hex of BLAKE2b-256 keyed with the salt, over the normalised code; "" when
/// `salt_hex` is not 32 hex characters. Callers normalise first.
std::string HashInvitationCode(const std::string& normalised_code, const std::string& salt_hex);

/// Whether `typed` (any case, dashes, spaces) is the code behind `code_hash` and `salt_hex`;
/// compares in constant time.
bool InvitationCodeMatches(const std::string& typed, const std::string& code_hash,
                           const std::string& salt_hex);

}  // namespace soundings::sync
