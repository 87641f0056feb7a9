#include "app/cnn_bench/report_roofline.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "app/cnn_bench/ceilings_table.h"
#include "app/cnn_bench/text_table.h"
#include "core/analysis/roofline.h"

namespace cnn::bench_cli {

void print_roofline(std::ostream& out, std::span<const Point> points, const MachineRecord* machine) {
  out << "\n(e) Roofline: each layer against the machine's measured ceilings\n";
  if (!machine) {
    out << "  no machine record for this run's CPU in the store: measure one with 'cnn-bench machine'\n";
    return;
  }
  print_ceilings(out, *machine);
  using Align = TextTable::Align;
  TextTable nets({{"model"}, {"series"}, {"batch", Align::Right}, {"GFLOP/image", Align::Right},
                  {"predicted img/s", Align::Right}, {"measured img/s", Align::Right}, {"efficiency", Align::Right},
                  {"reading"}});
  for (const auto& e : analysis::network_efficiency(points, *machine))
    nets.add_row({e.model, e.series.label(), std::to_string(e.batch), fixed(e.flops_per_image / 1e9, 3),
                  fixed(e.predicted_images_per_s, 1),
                  fixed(e.measured_images_per_s, 1) + " +- " + fixed(e.measured.std, 1), percent(e.efficiency),
                  e.noisy ? "noisy" : ""});
  out << "\n  Whole networks at their best batch: predicted = the compute peak / FLOPs per image (QuTiBench)\n";
  if (nets.empty()) out << "  no point with per-layer records and a roof\n";
  else nets.print(out, "  ");

  TextTable layers({{"model"}, {"series"}, {"batch", Align::Right}, {"layer"}, {"type"}, {"FLOP/byte", Align::Right},
                    {"GFLOP/s", Align::Right}, {"min..max"}, {"attainable", Align::Right}, {"of attainable", Align::Right},
                    {"bound"}});
  for (const auto& r : analysis::roofline_at_best_batches(points, *machine)) {
    if (r.share < kRooflineTextShare) continue;
    layers.add_row({r.model, r.series.label(), std::to_string(r.batch), r.name, r.type, fixed(r.cost.intensity(), 2),
                    fixed(r.gflops, 1), fixed(r.gflops_low, 1) + ".." + fixed(r.gflops_high, 1), fixed(r.attainable, 1),
                    percent(r.efficiency), r.memory_bound ? "memory" : "compute"});
  }
  out << "\n  Layers at each series' best batch (at least " << percent(kRooflineTextShare, 0)
      << " of its per-layer pass; GFLOP/s at the median time, min..max over repetitions)\n";
  if (layers.empty()) out << "  none\n";
  else layers.print(out, "  ");
}

nlohmann::ordered_json roofline_json(std::span<const Point> points, const MachineRecord* machine) {
  using nlohmann::ordered_json;
  if (!machine) return nullptr;
  ordered_json j = ordered_json::object();
  j["machine"] = ceilings_json(*machine);
  auto& nets = j["networks"] = ordered_json::array();
  for (const auto& e : analysis::network_efficiency(points, *machine))
    nets.push_back({{"model", e.model}, {"series", e.series.label()}, {"batch", e.batch},
                    {"flops_per_image", e.flops_per_image}, {"predicted_images_per_s", e.predicted_images_per_s},
                    {"measured_images_per_s", e.measured_images_per_s}, {"measured_std", e.measured.std},
                    {"efficiency", e.efficiency}, {"noisy", e.noisy}, {"peak_source", e.peak_source}});
  auto& layers = j["layers"] = ordered_json::array();
  for (const auto& r : analysis::roofline_at_best_batches(points, *machine))
    layers.push_back({{"model", r.model}, {"series", r.series.label()}, {"batch", r.batch}, {"index", r.index},
                      {"name", r.name}, {"type", r.type}, {"flops", r.cost.flops}, {"bytes", r.cost.bytes},
                      {"intensity", r.cost.intensity()}, {"gflops", r.gflops}, {"gflops_min", r.gflops_low},
                      {"gflops_max", r.gflops_high}, {"attainable_gflops", r.attainable},
                      {"efficiency", r.efficiency}, {"memory_bound", r.memory_bound}, {"share", r.share}});
  return j;
}

}  // namespace cnn::bench_cli
