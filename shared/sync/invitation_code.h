#pragma once
// Invitation codes: one per rater of a 360 (and per self-assessment), typed on a kiosk.
//
// A code is 11 characters from a 31-character alphabet with no 0/O, 1/I/l (54.5 bits), shown as
// XXXX-XXXX-XXX. The server stores only a salted hash; kiosks receive the hash and its salt in the
// bundle and check a typed code offline.
//
// Why keyed BLAKE2b and not argon2id: a kiosk must find which invitation a typed code belongs to,
// and with a salt per invitation it has to hash the code once per invitation in the bundle
// (thousands). A memory-hard hash at even small limits costs milliseconds each, seconds per typed
// code. BLAKE2b costs a microsecond, and the code's own 54.5 bits carry the load: an attacker
// holding a stolen bundle needs about 2^53 hashes per invitation (months on a GPU), per-invitation
// salts stop any precomputation or sharing of work across invitations, and codes expire with
// their campaign (weeks). Passwords, which people choose, use argon2id (server only).

#include <cstddef>
#include <string>

#include "shared/core/error.h"

namespace soundings::sync {

/// The 31 characters a code is made of: digits 2-9 and A-Z without I, L and O.
inline constexpr const char* kInvitationAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a normalised code (log2(31^11) = 54.5 bits).
inline constexpr std::size_t kInvitationCodeLength = 11;
/// Names the hash below in the bundle, so a kiosk can refuse a scheme it does not know.
inline constexpr const char* kInvitationHashScheme = "blake2b-256-keyed-salt16-v1";

/// A fresh random code, grouped for reading aloud: "K7QM-3XPA-9RT".
std::string GenerateInvitationCode();

/// Upper-cases `typed` and drops spaces and dashes; a problem (no path) when the result is not
/// kInvitationCodeLength characters of kInvitationAlphabet, naming a mistyped character.
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
