#include "app/cnn_bench/ceilings_table.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "app/cnn_bench/store_access.h"
#include "app/cnn_bench/text_table.h"
#include "core/analysis/roofline.h"
#include "core/analysis/stats.h"
#include "core/bench/machine_json.h"

namespace cnn::bench_cli {
namespace {

std::string unit_of(const Ceiling& c) { return c.kind == CeilingKind::Compute ? "GFLOP/s" : "GB/s"; }

// The roofs a record gives: each space with a bandwidth, each precision it has a measured peak in.
std::vector<std::tuple<MemorySpace, Precision, analysis::Roof>> roofs_of(const MachineRecord& m) {
  std::vector<std::tuple<MemorySpace, Precision, analysis::Roof>> out;
  for (MemorySpace s : {MemorySpace::Host, MemorySpace::Device})
    for (Precision p : {Precision::FP32, Precision::FP16})
      if (const auto roof = analysis::roof_for(m, s, p)) out.emplace_back(s, p, *roof);
  return out;
}

// A measured peak above the theoretical one means the clock or the FLOPs per cycle assumed are wrong.
bool theoretical_doubtful(const MachineRecord& m, const Ceiling& theoretical) {
  return std::any_of(m.ceilings.begin(), m.ceilings.end(), [&](const Ceiling& c) {
    return !c.theoretical() && c.kind == CeilingKind::Compute && c.space == theoretical.space &&
           c.median() > theoretical.median();
  });
}

}  // namespace

void print_ceilings(std::ostream& out, const MachineRecord& m) {
  out << "Ceilings measured " << short_time(m.measured_at) << " UTC on " << short_cpu(m.cpu) << ", " << m.threads
      << (m.threads == 1 ? " thread" : " threads") << "\n";
  using Align = TextTable::Align;
  TextTable table({{"space"}, {"ceiling"}, {"source"}, {"precision"}, {"median", Align::Right}, {"min..max"},
                   {"unit"}, {"how"}});
  for (const Ceiling& c : m.ceilings) {
    const analysis::Stats s = analysis::summarize(c.samples);
    std::string spread = c.theoretical() ? "-" : fixed(s.min, 1) + ".." + fixed(*std::max_element(c.samples.begin(), c.samples.end()), 1);
    std::string how = c.method;
    if (c.theoretical() && theoretical_doubtful(m, c)) how += " [doubtful: below a measured peak]";
    table.add_row({std::string(to_string(c.space)), std::string(to_string(c.kind)), c.source,
                   c.kind == CeilingKind::Compute ? std::string(to_string(c.precision)) : "-", fixed(c.median(), 1),
                   spread, unit_of(c), how});
  }
  table.print(out, "  ");
  for (const auto& [space, precision, roof] : roofs_of(m))
    out << "  roof " << to_string(space) << " " << to_string(precision) << ": " << fixed(roof.peak_gflops, 1)
        << " GFLOP/s (" << roof.peak_source << "), " << fixed(roof.bandwidth_gbs, 1) << " GB/s ("
        << roof.bandwidth_source << "), ridge at " << fixed(roof.ridge(), 2) << " FLOP/byte\n";
}

nlohmann::ordered_json ceilings_json(const MachineRecord& m) {
  nlohmann::ordered_json j = m;
  auto& ceilings = j["ceilings"];
  for (std::size_t i = 0; i < m.ceilings.size(); ++i) {
    const analysis::Stats s = analysis::summarize(m.ceilings[i].samples);
    ceilings[i]["median"] = s.median;
    ceilings[i]["min"] = s.min;
    ceilings[i]["max"] = *std::max_element(m.ceilings[i].samples.begin(), m.ceilings[i].samples.end());
    ceilings[i]["unit"] = unit_of(m.ceilings[i]);
    if (m.ceilings[i].theoretical()) ceilings[i]["doubtful"] = theoretical_doubtful(m, m.ceilings[i]);
  }
  auto& roofs = j["roofs"] = nlohmann::ordered_json::array();
  for (const auto& [space, precision, roof] : roofs_of(m))
    roofs.push_back({{"space", std::string(to_string(space))},
                     {"precision", std::string(to_string(precision))},
                     {"peak_gflops", roof.peak_gflops},
                     {"peak_source", roof.peak_source},
                     {"bandwidth_gbs", roof.bandwidth_gbs},
                     {"bandwidth_source", roof.bandwidth_source},
                     {"ridge_flop_per_byte", roof.ridge()}});
  return j;
}

}  // namespace cnn::bench_cli
