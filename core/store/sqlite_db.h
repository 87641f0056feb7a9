#pragma once
// Thin RAII over the SQLite C API, used only by the results store. Every error is a
// std::runtime_error of one sentence that names the database file.
#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace cnn::sqlite {

// One open database file. Not thread-safe: one Connection per thread.
class Connection {
 public:
  Connection() = default;
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Opens read-write, creating the file when `create`. Writes nothing to it. Throws on failure.
  void open(const std::string& file, bool create);
  void close();
  bool is_open() const { return db_ != nullptr; }
  bool read_only() const;  // the OS let SQLite open the file for reading only
  sqlite3* handle() const { return db_; }
  const std::string& file() const { return file_; }

  // Runs one or more statements that return no rows we need; `doing` says what for errors.
  void exec(std::string_view sql, std::string_view doing);
  std::int64_t query_int(std::string_view sql, std::string_view doing);  // first column of the first row
  std::string query_text(std::string_view sql, std::string_view doing);
  std::int64_t last_insert_id() const;
  int changes() const;  // rows changed by the latest INSERT / UPDATE / DELETE

  // "Cannot <doing> in the results store '<file>': <SQLite's message>." Throws std::runtime_error.
  [[noreturn]] void fail(std::string_view doing) const;
  int error_code() const;  // primary result code of the latest failure (SQLITE_NOTADB, ...)

 private:
  sqlite3* db_ = nullptr;
  std::string file_;
};

// A prepared statement. Bind indices are 1-based; column indices 0-based.
class Statement {
 public:
  Statement(Connection& db, std::string_view sql, std::string_view doing);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind_int(int i, std::int64_t v);
  Statement& bind_real(int i, double v);  // NaN becomes NULL (SQLite's rule); real() turns it back
  Statement& bind_text(int i, std::string_view v);  // bytes kept exactly
  Statement& bind_null(int i);
  bool step();                             // true: a row is ready; false: done
  void run();                              // steps to the end, then resets for the next bindings
  void reset();

  std::int64_t int_at(int col) const;
  double real(int col) const;              // NULL reads as quiet NaN
  std::string text(int col) const;
  bool is_null(int col) const;

 private:
  Connection& db_;
  std::string doing_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A transaction that rolls back unless committed. Write: BEGIN IMMEDIATE, taking the write lock at
// once. Read: BEGIN DEFERRED, one consistent snapshot for several SELECTs without blocking a writer.
class Transaction {
 public:
  enum class Mode { Write, Read };
  Transaction(Connection& db, std::string_view doing, Mode mode = Mode::Write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& db_;
  std::string doing_;
  bool open_ = false;
};

}  // namespace cnn::sqlite
