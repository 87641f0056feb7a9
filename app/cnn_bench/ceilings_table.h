#pragma once
// The machine's ceilings as cnn-bench prints them (machine, report): one row per ceiling with its
// median and spread, then the roof each space and precision gets (peak, bandwidth, ridge point).
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>

#include "core/bench/machine.h"

namespace cnn::bench_cli {

void print_ceilings(std::ostream& out, const MachineRecord& machine);
// {"measured_at", "cpu", "threads", "ceilings": [{..., "median", "min", "max"}], "roofs": [...]}
nlohmann::ordered_json ceilings_json(const MachineRecord& machine);

}  // namespace cnn::bench_cli
