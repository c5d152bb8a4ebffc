#pragma once
// Password hashing: argon2id through libsodium's crypto_pwhash_str, with limits close to OWASP's
// recommendation (at least 19 MiB memory, 2 passes): ~50 ms a sign-in on a small server.

#include <string>

#include "shared/core/error.h"

namespace soundings::server {

/// The crypto_pwhash_str string (algorithm, limits and salt included); problem when out of memory.
Result<std::string> HashPassword(const std::string& password);
/// Whether `password` matches `hash`; false for any malformed hash.
bool VerifyPassword(const std::string& password, const std::string& hash);
/// A readable random password for printed demo and reset passwords: 4 groups of the invitation
/// alphabet, ~80 bits.
std::string GeneratePassword();

}  // namespace soundings::server
