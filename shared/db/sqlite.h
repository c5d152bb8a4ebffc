#pragma once
// Small RAII helpers over SQLite for server and kiosk: a Database handle, a Statement, and a
// Transaction that rolls back unless committed. Errors are values (DbResult) carrying SQLite's
// result code, so callers can tell "busy, retry later" from "constraint" from "broken".

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "shared/core/expected.h"

struct sqlite3;
struct sqlite3_stmt;

namespace soundings::db {

/// What went wrong in SQLite: its primary result code and a sentence for logs (never for users).
struct DbError {
  int code = 1;  // SQLITE_ERROR
  std::string message;
  /// SQLITE_BUSY or SQLITE_LOCKED: another writer held the database past busy_timeout.
  bool Busy() const;
  /// SQLITE_CONSTRAINT: a unique, foreign-key or check constraint refused the change.
  bool Constraint() const;
  /// SQLITE_FULL, or a failed write (SQLITE_IOERR_WRITE, e.g. the file size limit): no space.
  bool DiskFull() const;
};

/// A value or a DbError; never both.
template <typename T>
using DbResult = Expected<T, DbError>;

/// For operations that produce nothing but can fail.
using DbStatus = DbResult<std::monostate>;
/// The success value of a DbStatus.
inline DbStatus DbOk() { return DbStatus(std::monostate{}); }

/// A prepared statement; finalised on destruction. Parameters are 1-based as in SQLite.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  /// Binders remember the first failure and report it from Step/Run.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& BindNull(int index);
  /// Binds text, or NULL when empty.
  Statement& BindOptional(int index, std::string_view text);

  /// Advances: true when a row is available, false when done.
  DbResult<bool> Step();
  /// Steps to completion, discarding rows.
  DbStatus Run();
  /// Clears bindings and rewinds, ready to bind and run again.
  void Reset();

  std::int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;  // "" for NULL
  bool ColumnIsNull(int column) const;

 private:
  DbError LastError() const;
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_stmt = nullptr;
  std::optional<DbError> m_bind_error;
};

struct OpenOptions {
  bool create = true;
  bool read_only = false;
  /// "FULL": a committed transaction survives power loss; "NORMAL" in WAL survives a crash of the
  /// process but may lose the last transactions on power loss.
  std::string synchronous = "FULL";
  int busy_timeout_ms = 5000;
  bool wal = true;
  /// Page cache per connection, in KiB: sync batches touch index pages all over a growing file.
  int cache_size_kib = 64 * 1024;
};

/// One SQLite connection; closed on destruction. One thread at a time.
class Database {
 public:
  Database() = default;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Opens (or creates) `path` with WAL, foreign_keys=ON, busy_timeout and synchronous as asked.
  static DbResult<Database> Open(const std::filesystem::path& path, const OpenOptions& options);

  DbResult<Statement> Prepare(std::string_view sql);
  /// Runs one or more statements without results (schema, pragmas).
  DbStatus Exec(const std::string& sql);
  std::int64_t LastInsertRowId() const;
  int Changes() const;
  sqlite3* handle() const { return m_db; }
  bool IsOpen() const { return m_db != nullptr; }

 private:
  explicit Database(sqlite3* db) : m_db(db) {}
  sqlite3* m_db = nullptr;
};

enum class TransactionMode { kDeferred, kImmediate };

/// BEGIN ... COMMIT; rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  /// kImmediate takes the write lock now, so a write never fails half-way with SQLITE_BUSY.
  static DbResult<Transaction> Begin(Database& db,
                                     TransactionMode mode = TransactionMode::kImmediate);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  DbStatus Commit();

 private:
  explicit Transaction(Database* db) : m_db(db) {}
  Database* m_db = nullptr;
  bool m_done = false;
};

}  // namespace soundings::db
