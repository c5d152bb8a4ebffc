#include "server/services/auth.h"

#include <algorithm>
#include <cctype>

#include "server/services/devices.h"
#include "server/services/passwords.h"

namespace soundings::server {

namespace {
ServiceError BadCredentials() {
  return {
      ErrorKind::kUnauthorized, "invalid_credentials", "The user name or password is wrong.", {}};
}
}  // namespace

bool IsRole(const std::string& role) { return ParseRole(role).has_value(); }

bool IsValidUsername(const std::string& username) {
  return !username.empty() && username.size() <= 64 &&
         std::all_of(username.begin(), username.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
         });
}

ServiceResult<SignedIn> AuthService::SignIn(const std::string& username,
                                            const std::string& password,
                                            const std::string& client_address,
                                            long long& retry_after_s) {
  retry_after_s = 0;
  // A name that breaks the rule cannot exist and the rule is public: refused with no lookup,
  // no count and no hash.
  if (!IsValidUsername(username) || password.size() > 1024) return BadCredentials();
  const auto now = m_clock.Now();
  if (const long long wait = m_throttle.Charge(username, client_address, now); wait > 0) {
    retry_after_s = wait;
    if (auto audited = m_audit.CountRefusal("user:" + username, "sign_in_refused",
                                            "user:" + username, client_address, "throttled");
        !audited)
      return audited.error();
    return ServiceError{
        ErrorKind::kTooManyRequests,
        "too_many_attempts",
        "Too many failed sign-ins; try again in " + std::to_string(wait) + " seconds.",
        {}};
  }
  auto user = m_store.FindUser(username);
  if (!user) return StorageError(user.error());
  // A name without an account is checked against a fixed hash on the same pool, so its reply
  // takes as long, and is refused as busy exactly when a real one would be.
  static const std::string kDummy = HashPassword("not a real password").value();
  const std::string& hash =
      user->has_value() && !(*user)->disabled ? (*user)->password_hash : kDummy;
  bool ran = false;
  const bool verified = m_pool.Run([&] { return VerifyPassword(password, hash); }, ran);
  if (!ran) {
    retry_after_s = 1;
    if (auto audited = m_audit.CountRefusal("user:" + username, "sign_in_refused",
                                            "user:" + username, client_address, "busy");
        !audited)
      return audited.error();
    return ServiceError{ErrorKind::kTooManyRequests,
                        "sign_in_busy",
                        "The server is busy checking other sign-ins; try again in a second.",
                        {}};
  }
  const bool matches = verified && user->has_value() && !(*user)->disabled;
  if (!matches) {
    if (auto audited = m_audit.CountRefusal("user:" + username, "sign_in_failed",
                                            "user:" + username, client_address);
        !audited)
      return audited.error();
    return BadCredentials();
  }
  m_throttle.Succeeded(username, client_address, now);
  SignedIn out;
  out.token = NewToken();
  out.expires_at = FormatRfc3339(now + m_session_length);
  out.role = (*user)->role;
  if (auto s = m_store.AddSession({TokenHash(out.token), (*user)->id, out.expires_at},
                                  FormatRfc3339(now));
      !s) {
    return StorageError(s.error());
  }
  // Written before the token is handed over: a session nobody audited is never used.
  auto audited = m_audit.Record("user:" + username, "sign_in", "user:" + username);
  if (!audited) return audited.error();
  return out;
}

ServiceResult<Principal> AuthService::Authenticate(const std::string& token) {
  auto unauthorized = [](std::string message) {
    return ServiceError{ErrorKind::kUnauthorized, "unauthorized", std::move(message), {}};
  };
  if (token.empty()) {
    return unauthorized(
        "Sign in first and send the session token as \"Authorization: Bearer "
        "<token>\".");
  }
  auto session = m_store.FindSession(TokenHash(token));
  if (!session) return StorageError(session.error());
  if (!session->has_value() || (*session)->expires_at <= FormatRfc3339(m_clock.Now())) {
    return unauthorized("The session has expired or was signed out; sign in again.");
  }
  auto users = m_store.ListUsers();
  if (!users) return StorageError(users.error());
  for (const auto& u : *users) {
    if (u.id == (*session)->user_id && !u.disabled) {
      return Principal(u.id, u.username, std::string_view(u.role), u.person_id);
    }
  }
  return unauthorized("The account of this session no longer exists.");
}

ServiceResult<bool> AuthService::SignOut(const std::string& token) {
  auto s = m_store.DeleteSession(TokenHash(token));
  if (!s) return StorageError(s.error());
  return true;
}

ServiceResult<std::string> AuthService::CreateUser(const std::string& username,
                                                   const std::string& role,
                                                   const std::string& person_id,
                                                   const std::string& actor) {
  if (!IsRole(role)) {
    return ServiceError{
        ErrorKind::kBadRequest,
        "invalid_role",
        "A role is admin, hr, manager, analyst or head_of_service, not \"" + role + "\".",
        {{"role", "unknown role"}}};
  }
  if (!IsValidUsername(username)) {
    return ServiceError{ErrorKind::kBadRequest,
                        "invalid_username",
                        "A user name is 1 to 64 letters, digits, dots, dashes or underscores.",
                        {{"username", "not a valid user name"}}};
  }
  const std::string password = GeneratePassword();
  auto hash = HashPassword(password);
  if (!hash) {
    return ServiceError{ErrorKind::kInternal, "hash_failed", hash.ErrorText(), {}};
  }
  auto added =
      m_store.AddUser({0, username, person_id, role, *hash, false}, FormatRfc3339(m_clock.Now()));
  if (!added) {
    if (added.error().Constraint()) {
      return ServiceError{
          ErrorKind::kConflict,
          "user_exists",
          "A user \"" + username + "\" already exists, or person \"" + person_id + "\" is unknown.",
          {}};
    }
    return StorageError(added.error());
  }
  auto audited = m_audit.Record(actor, "user_created", "user:" + username, "role " + role);
  if (!audited) return audited.error();
  return password;
}

ServiceResult<bool> AuthService::SetRole(const std::string& username, const std::string& role,
                                         const std::string& actor) {
  if (!IsRole(role)) {
    return ServiceError{
        ErrorKind::kBadRequest,
        "invalid_role",
        "A role is admin, hr, manager, analyst or head_of_service, not \"" + role + "\".",
        {{"role", "unknown role"}}};
  }
  auto changed = m_store.SetUserRole(username, role);
  if (!changed) return StorageError(changed.error());
  if (!*changed) {
    return ServiceError{ErrorKind::kNotFound, "not_found", "No user \"" + username + "\".", {}};
  }
  auto audited = m_audit.Record(actor, "role_changed", "user:" + username, "to " + role);
  if (!audited) return audited.error();
  return true;
}

ServiceResult<std::vector<UserRow>> AuthService::ListUsers() {
  auto users = m_store.ListUsers();
  if (!users) return StorageError(users.error());
  return std::move(users).value();
}

ServiceStatus AuthService::AuditForbidden(const Principal& who, const std::string& method,
                                          const std::string& path) {
  // Counted per minute like refused sign-ins: a signed-in client can repeat it as fast.
  return m_audit.CountRefusal("user:" + who.username, "forbidden", method + " " + path, "",
                              "role " + std::string(RoleName(who.role)));
}

}  // namespace soundings::server
