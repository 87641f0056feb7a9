// cnn-bench machine: measures the machine's ceilings (each library's GEMM peak, memory bandwidth,
// the theoretical peak) and keeps them in the results store for the roofline.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cnn_bench/ceilings_table.h"
#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/store_access.h"

namespace cnn::bench_cli {

const CommandSpec& machine_spec() {
  static const CommandSpec spec{
      "machine",
      "Measure the machine's ceilings (GEMM peaks, memory bandwidth) for the roofline and store them.",
      "cnn-bench machine [--threads N] [--repetitions R] [--db FILE] [--json] [--show]",
      {{"threads", "N", "host threads (default: every core; use the sweep's count)"},
       {"repetitions", "R", "timed runs per ceiling (default 7)"},
       db_option(),
       {"json", "", "print JSON instead of a table"},
       {"show", "", "print the newest stored record instead of measuring"}},
      "Each library with a GEMM of its own measures its peak on a square product (OpenBLAS sgemm and oneDNN\n"
      "matmul at 2048, cuBLAS at 8192 in fp32 and fp16); the host's bandwidth is a STREAM triad over arrays\n"
      "far larger than the last-level cache, a GPU's a triad kernel. 'report' and the explorer's roofline\n"
      "use the newest record of the run's CPU.",
      ""};
  return spec;
}

int machine_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(machine_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(machine_spec());
    return 0;
  }
  MachineOptions options;
  if (const auto v = a.get("threads")) options.threads = parse_int(*v, "threads", 1);
  if (const auto v = a.get("repetitions")) options.repetitions = parse_int(*v, "repetitions", 1);
  const auto path = store_path(a);
  MachineRecord record;
  if (a.has("show")) {
    const auto stored = open_existing_store(path).latest_machine();
    if (!stored) throw UsageError("the store '" + path.string() + "' holds no machine record (measure one with 'cnn-bench machine')");
    record = *stored;
  } else {
    ResultsStore store = open_store(path);
    const bool quiet = a.has("json");
    record = measure_machine(context.backends, options, [&](const std::string& what, int done, int total) {
      if (!quiet && done < total) std::cerr << "[" << done + 1 << "/" << total << "] " << what << "\n";
    });
    store.add_machine(record);
  }
  if (a.has("json")) std::cout << ceilings_json(record).dump(2) << "\n";
  else print_ceilings(std::cout, record);
  return 0;
}

}  // namespace cnn::bench_cli
