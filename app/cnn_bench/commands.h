#pragma once
// The cnn-bench commands. Each returns the process exit status; user errors throw UsageError
// (or ModelError / std::invalid_argument), which main turns into "cnn-bench: ..." and status 2.
#include <span>

#include "app/cnn_bench/arguments.h"
#include "core/backend_registry.h"
#include "core/model/catalog.h"

namespace cnn::bench_cli {

// What every command works with, built once in main.
struct Context {
  BackendRegistry& backends;
  ModelCatalog& models;
};

const CommandSpec& list_spec();
const CommandSpec& run_spec();
const CommandSpec& verify_spec();

// `args`: the arguments after the command name.
int list_command(const Context& context, std::span<char* const> args);
int run_command(const Context& context, std::span<char* const> args);      // 0, or 130 when interrupted
int verify_command(const Context& context, std::span<char* const> args);   // 0 all passed, 1 any failed

}  // namespace cnn::bench_cli
