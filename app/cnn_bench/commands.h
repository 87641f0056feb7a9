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
const CommandSpec& runs_spec();
const CommandSpec& report_spec();
const CommandSpec& import_spec();
const CommandSpec& export_spec();
const CommandSpec& plan_spec();
const CommandSpec& conformance_spec();
const CommandSpec& accuracy_spec();
const CommandSpec& machine_spec();
const CommandSpec& schedule_spec();

// `args`: the arguments after the command name.
int list_command(const Context& context, std::span<char* const> args);
// 0; 1 when a point could not be stored; 130 when interrupted
int run_command(const Context& context, std::span<char* const> args);
int verify_command(const Context& context, std::span<char* const> args);   // 0 all passed, 1 any failed
int runs_command(const Context& context, std::span<char* const> args);
int report_command(const Context& context, std::span<char* const> args);
int import_command(const Context& context, std::span<char* const> args);
int export_command(const Context& context, std::span<char* const> args);
int plan_command(const Context& context, std::span<char* const> args);
int accuracy_command(const Context& context, std::span<char* const> args);  // 0; 1 when a library failed
int conformance_command(const Context& context, std::span<char* const> args);  // 0 none failed, 1 any failed
int machine_command(const Context& context, std::span<char* const> args);
int schedule_command(const Context& context, std::span<char* const> args);

}  // namespace cnn::bench_cli
