#include "core/store/sqlite_db.h"

#include <sqlite3.h>

#include <cassert>
#include <limits>
#include <stdexcept>

namespace cnn::sqlite {

Connection::~Connection() { close(); }

void Connection::open(const std::string& file, bool create) {
  assert(!db_);
  file_ = file;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    close();
    throw std::runtime_error("Cannot open the results store '" + file + "': " + why + ".");
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10000);  // ms to wait for another writer (GUI and CLI may share the file)
}

void Connection::close() {
  if (db_) sqlite3_close_v2(db_);  // a clean close checkpoints WAL into the main file
  db_ = nullptr;
}

bool Connection::read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

void Connection::exec(std::string_view sql, std::string_view doing) {
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(doing);
}

std::int64_t Connection::query_int(std::string_view sql, std::string_view doing) {
  Statement s(*this, sql, doing);
  return s.step() ? s.int_at(0) : 0;
}

std::string Connection::query_text(std::string_view sql, std::string_view doing) {
  Statement s(*this, sql, doing);
  return s.step() ? s.text(0) : std::string();
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }
int Connection::error_code() const { return sqlite3_errcode(db_) & 0xff; }

void Connection::fail(std::string_view doing) const {
  throw std::runtime_error("Cannot " + std::string(doing) + " in the results store '" + file_ +
                           "': " + sqlite3_errmsg(db_) + ".");
}

Statement::Statement(Connection& db, std::string_view sql, std::string_view doing) : db_(db), doing_(doing) {
  assert(db.is_open());
  if (sqlite3_prepare_v2(db.handle(), sql.data(), int(sql.size()), &stmt_, nullptr) != SQLITE_OK) db_.fail(doing_);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind_int(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) db_.fail(doing_);
  return *this;
}

Statement& Statement::bind_real(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) db_.fail(doing_);
  return *this;
}

Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) db_.fail(doing_);
  return *this;
}

Statement& Statement::bind_text(int i, std::string_view v) {
  if (sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    db_.fail(doing_);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail(doing_);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int_at(int col) const { return sqlite3_column_int64(stmt_, col); }

double Statement::real(int col) const {
  if (is_null(col)) return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, col);
}

std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
}

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Transaction::Transaction(Connection& db, std::string_view doing, Mode mode) : db_(db), doing_(doing) {
  db_.exec(mode == Mode::Write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", doing_);
  open_ = true;
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  assert(open_);
  db_.exec("COMMIT", doing_);  // on failure the destructor rolls back
  open_ = false;
}

}  // namespace cnn::sqlite
