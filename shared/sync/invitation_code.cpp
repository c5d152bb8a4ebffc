#include "shared/sync/invitation_code.h"

#include <array>
#include <cctype>
#include <cstring>
#include <mutex>

#include <sodium.h>

#include "shared/sync/protocol.h"

namespace soundings::sync {

namespace {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

constexpr std::size_t kAlphabetSize = 32;
constexpr std::size_t kSaltBytes = 16;

// Codes made before the switch to Crockford's alphabet (2026-12) may contain U; they still work.
bool Accepted(char c) {
  return c == 'U' || (c != '\0' && std::strchr(kInvitationAlphabet, c) != nullptr);
}

// The character a person meant: upper case, O as zero, I and L as one.
char Meant(char c) {
  const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == 'O') return '0';
  if (upper == 'I' || upper == 'L') return '1';
  return upper;
}

bool HexToBytes(const std::string& hex, unsigned char* out, std::size_t size) {
  if (hex.size() != size * 2) return false;
  std::size_t written = 0;
  return sodium_hex2bin(out, size, hex.data(), hex.size(), nullptr, &written, nullptr) == 0 &&
         written == size;
}

}  // namespace

std::string GenerateInvitationCode() {
  EnsureSodium();
  std::string code;
  for (std::size_t i = 0; i < kInvitationCodeLength; ++i) {
    if (i == 4 || i == 8) code += '-';
    // randombytes_uniform has no modulo bias.
    code += kInvitationAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabetSize))];
  }
  return code;
}

std::string CanonicalInvitationCharacters(std::string_view typed) {
  std::string out;
  for (char c : typed)
    if (std::isalnum(static_cast<unsigned char>(c))) out += Meant(c);
  return out;
}

Result<std::string> NormaliseInvitationCode(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    const char meant = Meant(c);
    if (!Accepted(meant)) {
      return Problem{"", "a code has only letters and digits; \"" + std::string(1, c) +
                             "\" is not part of any code"};
    }
    out += meant;
  }
  if (out.size() != kInvitationCodeLength) {
    return Problem{"", "a code has " + std::to_string(kInvitationCodeLength) +
                           " letters and digits; this has " + std::to_string(out.size())};
  }
  return out;
}

std::string NewInvitationSalt() {
  EnsureSodium();
  std::array<unsigned char, kSaltBytes> salt{};
  randombytes_buf(salt.data(), salt.size());
  return ToHex(salt.data(), salt.size());
}

std::string HashInvitationCode(const std::string& normalised_code, const std::string& salt_hex) {
  EnsureSodium();
  std::array<unsigned char, kSaltBytes> key{};
  if (!HexToBytes(salt_hex, key.data(), key.size())) return "";
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(normalised_code.data()),
                     normalised_code.size(), key.data(), key.size());
  return ToHex(digest.data(), digest.size());
}

bool InvitationCodeMatches(const std::string& typed, const std::string& code_hash,
                           const std::string& salt_hex) {
  auto normalised = NormaliseInvitationCode(typed);
  if (!normalised) return false;
  const std::string actual = HashInvitationCode(*normalised, salt_hex);
  if (actual.empty() || actual.size() != code_hash.size()) return false;
  return sodium_memcmp(actual.data(), code_hash.data(), actual.size()) == 0;
}

}  // namespace soundings::sync
