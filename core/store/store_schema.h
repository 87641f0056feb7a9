#pragma once
// The results store's schema: its marker, its version and the migrations that build it.
#include <cstdint>
#include <span>
#include <string_view>

#include "core/store/sqlite_db.h"

namespace cnn::store_schema {

// PRAGMA application_id of every results store: "CNNX". A file without it is not ours.
inline constexpr std::int32_t kApplicationId = 0x434E4E58;

// migrations()[i] takes PRAGMA user_version i to i + 1; the current version is their count.
std::span<const std::string_view> migrations();
int current_version();

// Reads the file's header only (writes nothing) and throws std::runtime_error with one sentence
// naming the file when it is not SQLite, is another program's database, or has a newer schema.
// Accepts an empty file or an SQLite file with no tables and no marker (a fresh store).
void check_before_writing(sqlite::Connection& db);

// Applies the missing migrations and sets the marker, all in one transaction.
void migrate(sqlite::Connection& db);

}  // namespace cnn::store_schema
