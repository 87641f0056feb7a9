#pragma once
// --db and --run: which results store and which stored run a command works with.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "app/cnn_bench/arguments.h"
#include "core/store/results_store.h"

namespace cnn::bench_cli {

// The option every store command takes.
OptionSpec db_option();

// --db, else default_store_path().
std::filesystem::path store_path(const Arguments& args);

// Opens (creating when missing) the store; a file that cannot be opened, such as a corrupt or
// foreign one, throws UsageError with the store's sentence naming the file.
ResultsStore open_store(const std::filesystem::path& path);

// For commands that only read: the same, but a missing file throws UsageError instead of creating it.
ResultsStore open_existing_store(const std::filesystem::path& path);

// --run N, or the newest run when absent; throws UsageError when there is no such run.
std::int64_t chosen_run(const ResultsStore& store, const std::optional<std::string>& run);

// Loads a run; a run the store cannot read throws UsageError naming it.
StoredRun load_stored_run(const ResultsStore& store, std::int64_t run_id);

// A store error sentence as a cnn-bench message: "The store 'x' is ..." -> "the store 'x' is ...".
std::string as_message(const std::string& sentence);

// "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz" -> "Xeon Platinum 8375C"; "-" when empty.
std::string short_cpu(const std::string& cpu);

// "2026-11-21T14:41:07Z" -> "2026-11-21 14:41"; other text as is.
std::string short_time(const std::string& iso);

// "a,b,c" for up to `max` items, else the first `max` and "+N".
std::string short_list(const std::vector<std::string>& items, std::size_t max = 3);

}  // namespace cnn::bench_cli
