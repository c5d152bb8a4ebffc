#pragma once
// What SqliteStore's files (sqlite_store.cpp, sqlite_responses.cpp) share: binding parameters
// and reading rows into values, each failure a DbError. Not for use outside them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/store/store.h"
#include "shared/db/sqlite.h"

namespace soundings::server::sqlite_rows {

using db::Database;
using db::Statement;

// Text bound as NULL when empty: optional foreign keys.
struct Nullable {
  std::string_view text;
};
// 0 bound as NULL: optional integer foreign keys.
struct NullableId {
  std::int64_t id;
};

inline void BindOne(Statement& s, int index, const std::string& v) { s.Bind(index, v); }
inline void BindOne(Statement& s, int index, std::int64_t v) { s.Bind(index, v); }
inline void BindOne(Statement& s, int index, int v) { s.Bind(index, v); }
inline void BindOne(Statement& s, int index, bool v) { s.Bind(index, v); }
inline void BindOne(Statement& s, int index, Nullable v) { s.BindOptional(index, v.text); }
inline void BindOne(Statement& s, int index, NullableId v) {
  if (v.id == 0) {
    s.BindNull(index);
  } else {
    s.Bind(index, v.id);
  }
}

template <typename... Args>
void BindAll(Statement& s, const Args&... args) {
  int index = 0;
  (BindOne(s, ++index, args), ...);
}

template <typename... Args>
StoreStatus Run(Database& db, std::string_view sql, const Args&... args) {
  auto stmt = db.Prepare(sql);
  if (!stmt) return stmt.error();
  BindAll(*stmt, args...);
  return stmt->Run();
}

// Runs `sql` and maps each row with `row`.
template <typename T, typename RowFn, typename... Args>
StoreResult<std::vector<T>> Rows(Database& db, std::string_view sql, RowFn row,
                                 const Args&... args) {
  auto stmt = db.Prepare(sql);
  if (!stmt) return stmt.error();
  BindAll(*stmt, args...);
  std::vector<T> out;
  for (;;) {
    auto step = stmt->Step();
    if (!step) return step.error();
    if (!*step) break;
    out.push_back(row(*stmt));
  }
  return out;
}

template <typename T, typename RowFn, typename... Args>
StoreResult<std::optional<T>> OneRow(Database& db, std::string_view sql, RowFn row,
                                     const Args&... args) {
  auto rows = Rows<T>(db, sql, row, args...);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

inline StoreResult<std::int64_t> Scalar(Database& db, std::string_view sql) {
  auto rows = Rows<std::int64_t>(db, sql, [](Statement& s) { return s.ColumnInt(0); });
  if (!rows) return rows.error();
  return rows->empty() ? 0 : rows->front();
}

}  // namespace soundings::server::sqlite_rows
