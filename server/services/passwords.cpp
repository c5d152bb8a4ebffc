#include "server/services/passwords.h"

#include <cstddef>

#include <sodium.h>

#include "shared/sync/invitation_code.h"

namespace soundings::server {

namespace {
// OWASP (2023) argon2id: m=19 MiB, t=2, p=1. libsodium fixes p=1.
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = std::size_t{19} * 1024 * 1024;
}  // namespace

Result<std::string> HashPassword(const std::string& password) {
  if (sodium_init() < 0) return Problem{"", "the cryptography library cannot start"};
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Problem{"", "not enough memory to hash the password"};
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& password, const std::string& hash) {
  if (sodium_init() < 0) return false;
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string GeneratePassword() {
  std::string out;
  for (int i = 0; i < 2; ++i) {
    if (!out.empty()) out += '-';
    out += sync::GenerateInvitationCode();
  }
  return out;
}

}  // namespace soundings::server
