#pragma once
// Who is calling: a signed-in user as every layer above the store sees them. What they may do is
// the access policy's (core/access.h), never a check of the role's name in a service or route.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "server/core/access.h"

namespace soundings::server {

/// A signed-in user.
struct Principal {
  Principal() = default;
  Principal(std::int64_t id, std::string name, Role user_role, std::string person)
      : user_id(id), username(std::move(name)), role(user_role), person_id(std::move(person)) {}
  /// From a stored role's name ("hr"); a name the policy does not know holds no permission.
  Principal(std::int64_t id, std::string name, std::string_view role_name, std::string person)
      : Principal(id, std::move(name), ParseRole(role_name).value_or(Role::kNone),
                  std::move(person)) {}

  std::int64_t user_id = 0;
  std::string username;
  Role role = Role::kNone;
  std::string person_id;  // "" when the user is no person of the organisation

  /// Over which objects this user holds `permission` (access.h).
  Scope ScopeOf(Permission permission) const { return server::ScopeOf(role, permission); }
  bool Allows(Permission permission) const { return server::Allows(role, permission); }
};

}  // namespace soundings::server
