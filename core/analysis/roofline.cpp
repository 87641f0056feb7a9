#include "core/analysis/roofline.h"

#include <algorithm>

#include "core/analysis/noise.h"
#include "core/analysis/stats.h"

namespace cnn::analysis {

std::optional<LayerCost> layer_cost(const LayerRecord& layer, Precision precision) {
  if (is_stage(layer)) return std::nullopt;
  double flops = 0;
  if (layer.flops) flops = double(*layer.flops);
  else if (layer.type == "Convolution" || layer.type == "InnerProduct") flops = 2.0 * double(layer.macs);
  else return std::nullopt;
  const double element = precision == Precision::FP16 ? 2 : 4;
  // bytes_in / bytes_out are recorded as fp32 bytes.
  const double values = double(layer.bytes_in + layer.bytes_out) / 4 * element;
  return LayerCost{flops, values + double(layer.params) * element};
}

double attainable_gflops(const Roof& roof, double intensity) {
  return std::min(roof.peak_gflops, intensity * roof.bandwidth_gbs);
}

double efficiency(double achieved_gflops, double attainable) {
  return attainable > 0 ? achieved_gflops / attainable : 0;
}

MemorySpace space_of(const MachineRecord& machine, const Point& point) {
  for (const auto& [id, space] : machine.libraries)
    if (id == point.lib) return space;
  return point.transfer_in_ms.empty() ? MemorySpace::Host : MemorySpace::Device;
}

std::optional<Roof> roof_for(const MachineRecord& machine, MemorySpace space, Precision precision) {
  const Ceiling* peak = nullptr;
  const Ceiling* bandwidth = nullptr;
  std::optional<double> theoretical;
  for (const Ceiling& c : machine.ceilings) {
    if (c.space != space) continue;
    if (c.kind == CeilingKind::Bandwidth) {
      if (!bandwidth || c.median() > bandwidth->median()) bandwidth = &c;
    } else if (c.precision == precision) {
      if (c.theoretical()) theoretical = c.median();
      else if (!peak || c.median() > peak->median()) peak = &c;
    }
  }
  if (!peak || !bandwidth) return std::nullopt;
  Roof roof;
  roof.peak_gflops = peak->median();
  roof.bandwidth_gbs = bandwidth->median();
  roof.peak_source = peak->source;
  roof.bandwidth_source = bandwidth->source;
  roof.peak = summarize(peak->samples);
  roof.bandwidth = summarize(bandwidth->samples);
  roof.theoretical_gflops = theoretical;
  for (const Ceiling& c : machine.ceilings)
    if (&c != peak && c.space == space && c.kind == CeilingKind::Compute && c.precision == precision && !c.theoretical())
      roof.lower.emplace_back(c.source, c.median());
  std::sort(roof.lower.begin(), roof.lower.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return roof;
}

std::vector<RooflinePoint> roofline(std::span<const Point> points, const std::string& model, int batch,
                                    const MachineRecord& machine, std::span<const Series> series) {
  std::vector<RooflinePoint> out;
  for (const Point* p : usable_points(points)) {
    if (p->model != model || p->batch != batch) continue;
    const Series s = series_of(*p);
    if (!series.empty() && std::find(series.begin(), series.end(), s) == series.end()) continue;
    const auto roof = roof_for(machine, space_of(machine, *p), p->precision);
    if (!roof) continue;
    double total_ms = 0;
    for (const LayerRecord& l : p->layers) total_ms += summarize(l.time_ms).median;
    for (const LayerRecord& l : p->layers) {
      const auto cost = layer_cost(l, p->precision);
      if (!cost || cost->flops <= 0 || l.time_ms.empty()) continue;
      const Stats t = summarize(l.time_ms);
      if (t.median <= 0) continue;
      const double max_ms = *std::max_element(l.time_ms.begin(), l.time_ms.end());
      RooflinePoint r{model, batch, s, l.index, l.name, l.type, *cost};
      r.share = total_ms > 0 ? t.median / total_ms : 0;
      r.gflops = cost->flops / (t.median * 1e6);
      r.gflops_low = cost->flops / (max_ms * 1e6);
      r.gflops_high = cost->flops / (t.min * 1e6);
      r.attainable = attainable_gflops(*roof, cost->intensity());
      r.efficiency = efficiency(r.gflops, r.attainable);
      r.memory_bound = cost->intensity() < roof->ridge();
      out.push_back(std::move(r));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const RooflinePoint& a, const RooflinePoint& b) {
    return a.series != b.series ? a.series < b.series : a.index < b.index;
  });
  return out;
}

std::vector<RooflinePoint> roofline_at_best_batches(std::span<const Point> points, const MachineRecord& machine) {
  std::vector<RooflinePoint> out;
  for (const BestBatch& best : best_batches(points)) {
    const Series one[] = {best.series};
    for (RooflinePoint& r : roofline(points, best.model, best.batch, machine, one)) out.push_back(std::move(r));
  }
  return out;
}

std::vector<NetworkEfficiency> network_efficiency(std::span<const Point> points, const MachineRecord& machine) {
  const auto usable = usable_points(points);
  std::vector<NetworkEfficiency> out;
  for (const BestBatch& best : best_batches(points)) {
    const Point* point = nullptr;
    for (const Point* p : usable)
      if (p->model == best.model && p->batch == best.batch && series_of(*p) == best.series) point = p;
    if (!point || point->layers.empty()) continue;
    const auto roof = roof_for(machine, space_of(machine, *point), point->precision);
    if (!roof) continue;
    double flops = 0;
    bool any = false;
    for (const LayerRecord& l : point->layers)
      if (const auto cost = layer_cost(l, point->precision)) flops += cost->flops, any = true;
    if (!any || flops <= 0) continue;
    NetworkEfficiency e{best.model, best.series, best.batch, flops / best.batch};
    e.predicted_images_per_s = roof->peak_gflops * 1e9 / e.flops_per_image;
    std::vector<double> ips;
    for (double ms : point->time_fw_ms)
      if (ms > 0) ips.push_back(1000.0 * best.batch / ms);
    e.measured = summarize(ips);
    e.measured_images_per_s = e.measured.median;
    e.efficiency = e.measured_images_per_s / e.predicted_images_per_s;
    e.noisy = best.noise.noisy;
    e.peak_source = roof->peak_source;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cnn::analysis
