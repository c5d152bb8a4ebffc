#pragma once
// Users, sign-in and sessions. Passwords are argon2id (passwords.h); session tokens are 256
// random bits sent as "Authorization: Bearer", stored as SHA-256, expiring after the configured
// hours. Repeated failed sign-ins for a name are slowed: from the 5th failure in a row the name
// is refused (429) for 2, 4, 8, ... seconds up to 15 minutes after each failure.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/principal.h"
#include "server/core/service_error.h"
#include "server/services/audit_log.h"
#include "server/store/store.h"

namespace soundings::server {

struct SignedIn {
  std::string token;
  std::string expires_at;
  std::string role;
};

/// Whether `role` names a role of the access policy (admin, hr, manager, analyst).
bool IsRole(const std::string& role);

class AuthService {
 public:
  AuthService(Store& store, const Clock& clock, std::chrono::hours session_length)
      : m_store(store), m_clock(clock), m_audit(store, clock), m_session_length(session_length) {}

  ServiceResult<SignedIn> SignIn(const std::string& username, const std::string& password);
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
};

}  // namespace soundings::server
