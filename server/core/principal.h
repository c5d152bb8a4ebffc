#pragma once
// Who is calling: a signed-in user as every layer above the store sees them. What they may do is
// the access policy's (core/access.h), never a check of the role's name in a service or route.

#include <cstdint>
#include <string>

namespace soundings::server {

/// A signed-in user.
struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string role;  // admin, hr, manager, analyst
  std::string person_id;
};

}  // namespace soundings::server
