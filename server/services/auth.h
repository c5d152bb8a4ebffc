#pragma once
// Users, sign-in and sessions. Passwords are argon2id (passwords.h); session tokens are 256
// random bits sent as "Authorization: Bearer", stored as SHA-256, expiring after the configured
// hours. Attempts are throttled per client address, per name at an address and per name
// (sign_in_throttle.h) before any hashing, and every argon2id check runs on a small fixed pool
// (password_pool.h), so a flood of sign-ins costs bounded memory and CPU.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/services/audit_log.h"
#include "server/services/password_pool.h"
#include "server/services/sign_in_throttle.h"
#include "server/store/store.h"

namespace soundings::server {

struct SignedIn {
  std::string token;
  std::string expires_at;
  std::string role;
};

/// Whether `role` names a role of the access policy (admin, hr, manager, analyst,
/// head_of_service).
bool IsRole(const std::string& role);

class AuthService {
 public:
  AuthService(Store& store, const Clock& clock, std::chrono::hours session_length,
              PasswordPoolLimits pool = {DefaultHashThreads(), 64, std::chrono::seconds(1)})
      : m_store(store),
        m_clock(clock),
        m_audit(store, clock),
        m_session_length(session_length),
        m_pool(pool) {}

  /// Signs in `username` coming from `client_address`. A refusal by the throttle or a full
  /// password pool is 429 ("too_many_attempts", "sign_in_busy") with `retry_after_s` set.
  ServiceResult<SignedIn> SignIn(const std::string& username, const std::string& password,
                                 const std::string& client_address, long long& retry_after_s);
  /// The user behind a session token; 401 when unknown or expired.
  ServiceResult<Principal> Authenticate(const std::string& token);
  ServiceResult<bool> SignOut(const std::string& token);

  /// Creates a user with a generated password, returned once.
  ServiceResult<std::string> CreateUser(const std::string& username, const std::string& role,
                                        const std::string& person_id, const std::string& actor);
  ServiceResult<bool> SetRole(const std::string& username, const std::string& role,
                              const std::string& actor);
  /// Every user, with role, person and whether disabled (never a password hash's use).
  ServiceResult<std::vector<UserRow>> ListUsers();
  /// Records a refused call in the audit log (never the body); a storage error when it cannot.
  ServiceStatus AuditForbidden(const Principal& who, const std::string& method,
                               const std::string& path);

 private:
  Store& m_store;
  const Clock& m_clock;
  AuditLog m_audit;
  std::chrono::hours m_session_length;
  PasswordPool m_pool;
  SignInThrottle m_throttle;
};

/// Whether `username` follows the user name rule (1 to 64 letters, digits, '.', '-', '_').
bool IsValidUsername(const std::string& username);

}  // namespace soundings::server
