#pragma once
// Versioned schema migrations. The database's PRAGMA user_version is the number of migrations
// applied. Append a new migration to the list; never edit one that has shipped.

#include <string>
#include <vector>

namespace soundings::server {

struct Migration {
  int version;  // 1, 2, ...: the user_version after applying `sql`
  std::string description;
  std::string sql;
};

/// Every migration, in order.
const std::vector<Migration>& Migrations();

}  // namespace soundings::server
