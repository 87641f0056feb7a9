#pragma once
// cnn-bench report's roofline section (e): the machine's ceilings of the run's CPU, each network's
// throughput against the compute peak's prediction, and each layer's intensity, GFLOP/s and share of
// what the roofline allows there, at every series' best batch.
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <span>

#include "core/bench/machine.h"
#include "core/bench/point.h"

namespace cnn::bench_cli {

// Layers under this share of their point's per-layer pass are left out of the text (not the JSON).
inline constexpr double kRooflineTextShare = 0.01;

// `machine` null: one line saying how to measure one.
void print_roofline(std::ostream& out, std::span<const Point> points, const MachineRecord* machine);
// {"machine": ceilings_json, "networks": [...], "layers": [...]}; null without a machine record.
nlohmann::ordered_json roofline_json(std::span<const Point> points, const MachineRecord* machine);

}  // namespace cnn::bench_cli
