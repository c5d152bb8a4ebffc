#include "server/services/auth.h"

#include <algorithm>
#include <cctype>

#include "server/services/devices.h"
#include "server/services/passwords.h"

namespace soundings::server {

namespace {
constexpr int kFreeFailures = 4;
constexpr std::chrono::seconds kMaxLockout{15 * 60};

std::chrono::seconds Lockout(int failures) {
  if (failures <= kFreeFailures) return std::chrono::seconds(0);
  const int doublings = std::min(failures - kFreeFailures, 10);
  return std::min(kMaxLockout, std::chrono::seconds(1LL << doublings));
}

ServiceError BadCredentials() {
  return {
      ErrorKind::kUnauthorized, "invalid_credentials", "The user name or password is wrong.", {}};
}
}  // namespace

bool IsRole(const std::string& role) { return ParseRole(role).has_value(); }

ServiceResult<SignedIn> AuthService::SignIn(const std::string& username,
                                            const std::string& password) {
  if (username.empty() || username.size() > 128 || password.size() > 1024) return BadCredentials();
  const auto now = m_clock.Now();
  auto failures = m_store.SignInFailures(username);
  if (!failures) return StorageError(failures.error());
  if (failures->first > kFreeFailures) {
    auto last = ParseRfc3339(failures->second);
    const auto wait = Lockout(failures->first);
    if (last && now < *last + wait) {
      const auto left = std::chrono::duration_cast<std::chrono::seconds>(*last + wait - now);
      auto audited = m_audit.Record("user:" + username, "sign_in_slowed", "user:" + username);
      if (!audited) return audited.error();
      return ServiceError{ErrorKind::kTooManyRequests,
                          "too_many_attempts",
                          "Too many failed sign-ins for this name; try again in " +
                              std::to_string(std::max<long long>(1, left.count())) + " seconds.",
                          {}};
    }
  }
  auto user = m_store.FindUser(username);
  if (!user) return StorageError(user.error());
  const bool matches =
      user->has_value() && !(*user)->disabled && VerifyPassword(password, (*user)->password_hash);
  if (!user->has_value()) {
    // Spend the same time as a real check so timing does not reveal which names exist.
    static const std::string kDummy = HashPassword("not a real password").value();
    (void)VerifyPassword(password, kDummy);
  }
  if (!matches) {
    if (auto s = m_store.RecordSignInFailure(username, FormatRfc3339(now)); !s) {
      return StorageError(s.error());
    }
    auto audited = m_audit.Record("user:" + username, "sign_in_failed", "user:" + username);
    if (!audited) return audited.error();
    return BadCredentials();
  }
  if (auto cleared = m_store.ClearSignInFailures(username); !cleared) {
    return StorageError(cleared.error());
  }
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
    return ServiceError{ErrorKind::kBadRequest,
                        "invalid_role",
                        "A role is admin, hr, manager or analyst, not \"" + role + "\".",
                        {{"role", "unknown role"}}};
  }
  if (username.empty() || username.size() > 64 ||
      !std::all_of(username.begin(), username.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
      })) {
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
    return ServiceError{ErrorKind::kBadRequest,
                        "invalid_role",
                        "A role is admin, hr, manager or analyst, not \"" + role + "\".",
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
  return m_audit.Record("user:" + who.username, "forbidden", method + " " + path,
                        "role " + std::string(RoleName(who.role)));
}

}  // namespace soundings::server
