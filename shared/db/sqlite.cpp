#include "shared/db/sqlite.h"

#include <sqlite3.h>

namespace soundings::db {

bool DbError::Busy() const {
  return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}
bool DbError::Constraint() const { return (code & 0xff) == SQLITE_CONSTRAINT; }
bool DbError::DiskFull() const {
  return (code & 0xff) == SQLITE_FULL || code == SQLITE_IOERR_WRITE;
}

namespace {
DbError ErrorOf(sqlite3* db, int code) {
  return DbError{code, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code)};
}
}  // namespace

// ---- Statement ----

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_bind_error(std::move(other.m_bind_error)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_db = std::exchange(other.m_db, nullptr);
    m_stmt = std::exchange(other.m_stmt, nullptr);
    m_bind_error = std::move(other.m_bind_error);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

DbError Statement::LastError() const { return ErrorOf(m_db, sqlite3_errcode(m_db)); }

Statement& Statement::Bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(m_stmt, index, value);
  if (rc != SQLITE_OK && !m_bind_error) m_bind_error = ErrorOf(m_db, rc);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  const int rc = sqlite3_bind_double(m_stmt, index, value);
  if (rc != SQLITE_OK && !m_bind_error) m_bind_error = ErrorOf(m_db, rc);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  const int rc =
      sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && !m_bind_error) m_bind_error = ErrorOf(m_db, rc);
  return *this;
}

Statement& Statement::BindNull(int index) {
  const int rc = sqlite3_bind_null(m_stmt, index);
  if (rc != SQLITE_OK && !m_bind_error) m_bind_error = ErrorOf(m_db, rc);
  return *this;
}

Statement& Statement::BindOptional(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

DbResult<bool> Statement::Step() {
  if (m_bind_error) return *m_bind_error;
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return ErrorOf(m_db, rc);
}

DbStatus Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return row.error();
    if (!*row) return DbOk();
  }
}

void Statement::Reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  m_bind_error.reset();
}

std::int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::ColumnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }
std::string Statement::ColumnText(int column) const {
  const auto* text = sqlite3_column_text(m_stmt, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}
bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

// ---- Database ----

Database::Database(Database&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(m_db);
    m_db = std::exchange(other.m_db, nullptr);
  }
  return *this;
}

Database::~Database() { sqlite3_close_v2(m_db); }

DbResult<Database> Database::Open(const std::filesystem::path& path, const OpenOptions& options) {
  sqlite3* raw = nullptr;
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  // FULLMUTEX: a connection may be handed between threads (pools); we still use each from one
  // thread at a time.
  flags |= SQLITE_OPEN_FULLMUTEX;
  const int rc = sqlite3_open_v2(path.string().c_str(), &raw, flags, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    DbError error = ErrorOf(raw, rc);
    error.message = "cannot open " + path.string() + ": " + error.message;
    return error;
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  std::string pragmas =
      "PRAGMA foreign_keys=ON;PRAGMA cache_size=-" + std::to_string(options.cache_size_kib) + ";";
  if (!options.read_only) {
    if (options.wal) pragmas += "PRAGMA journal_mode=WAL;";
    pragmas += "PRAGMA synchronous=" + options.synchronous + ";";
  }
  if (auto status = db.Exec(pragmas); !status) return status.error();
  return db;
}

DbResult<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    DbError error = ErrorOf(m_db, rc);
    error.message += " (in: " + std::string(sql.substr(0, 120)) + ")";
    return error;
  }
  return Statement(m_db, stmt);
}

DbStatus Database::Exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    DbError error{rc, message != nullptr ? message : sqlite3_errstr(rc)};
    sqlite3_free(message);
    return error;
  }
  return DbOk();
}

std::int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::Changes() const { return sqlite3_changes(m_db); }

// ---- Transaction ----

DbResult<Transaction> Transaction::Begin(Database& db, TransactionMode mode) {
  auto status = db.Exec(mode == TransactionMode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!status) return status.error();
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_done(std::exchange(other.m_done, true)) {}

Transaction::~Transaction() {
  if (m_db != nullptr && !m_done) (void)m_db->Exec("ROLLBACK");
}

DbStatus Transaction::Commit() {
  if (m_db == nullptr || m_done) return DbError{21, "transaction already finished"};
  auto status = m_db->Exec("COMMIT");
  // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open: the destructor rolls back.
  if (status) m_done = true;
  return status;
}

}  // namespace soundings::db
