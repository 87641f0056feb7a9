#pragma once
// The roofline (Williams et al.; QuTiBench's efficiency view): each layer's arithmetic intensity
// against the machine's measured ceilings, the performance it could attain there, and how much of
// that it achieved; and per network, the throughput the compute peak predicts against the measured.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/best_batch.h"
#include "core/analysis/series.h"
#include "core/bench/machine.h"

namespace cnn::analysis {

// What one layer does for the whole batch: arithmetic operations and bytes moved.
struct LayerCost {
  double flops = 0;
  double bytes = 0;
  // FLOPs per byte; 0 without bytes.
  double intensity() const { return bytes > 0 ? flops / bytes : 0; }
};

// The bytes model (one pass over everything, caches ignored): every input and output value once,
// at the precision's element size, plus the weights (parameters: weights, bias, statistics) once per
// batch, however many images reuse them. FLOPs are the record's (LayerStats::flops; for records made
// before FLOPs were kept, 2 x MACs for convolutions and inner products, nullopt for other layers).
std::optional<LayerCost> layer_cost(const LayerRecord& layer, Precision precision);

// The two ceilings a point's layers are held against.
struct Roof {
  double peak_gflops = 0;      // the best measured compute ceiling of the space and precision
  double bandwidth_gbs = 0;    // the measured bandwidth of that space
  std::string peak_source, bandwidth_source;  // "openblas", "triad", ...
  Stats peak, bandwidth;       // their samples, for the spread
  std::optional<double> theoretical_gflops;   // the space's theoretical peak, when known
  // The space's other measured compute ceilings of the precision (the libraries' GEMMs below the FMA
  // peak): (source, median), highest first. How far each library's own best is from the machine's.
  std::vector<std::pair<std::string, double>> lower;
  double ridge() const { return bandwidth_gbs > 0 ? peak_gflops / bandwidth_gbs : 0; }  // FLOP/byte
};

// min(peak, intensity x bandwidth) in GFLOP/s.
double attainable_gflops(const Roof& roof, double intensity);
// achieved / attainable (0..1, above 1 when the model of bytes undercounts reuse); 0 without an attainable.
double efficiency(double achieved_gflops, double attainable);

// Where a library ran in `machine` (its record of libraries), else on the device when the point
// copied values to and from a device, else on the host.
MemorySpace space_of(const MachineRecord& machine, const Point& point);

// The roof for a space and precision: the largest measured (not theoretical) compute ceiling (on the
// host the FMA peak, which no kernel beats) and the largest bandwidth ceiling of the space; nullopt when
// either was not measured.
std::optional<Roof> roof_for(const MachineRecord& machine, MemorySpace space, Precision precision);

struct RooflinePoint {
  std::string model;
  int batch = 0;
  Series series;
  int index = 0;            // graph node index: the layer's row in the per-layer table
  std::string name, type;
  LayerCost cost;
  double gflops = 0;        // achieved: FLOPs / median per-layer time
  double gflops_low = 0, gflops_high = 0;  // at the slowest and fastest repetition
  double attainable = 0;    // at its intensity
  double efficiency = 0;    // gflops / attainable
  bool memory_bound = false;  // its intensity is left of the ridge
  double share = 0;         // its median time over the sum of its point's layers' medians (0..1)
};

// One point per measured layer with FLOPs > 0 of `model` at `batch`, for each series in `series`
// (all the model's series when empty) that has a roof; ordered by (series, index).
std::vector<RooflinePoint> roofline(std::span<const Point> points, const std::string& model, int batch,
                                    const MachineRecord& machine, std::span<const Series> series = {});

// The layers of every (model, series) at that series' best batch (roofline() for each), in that order.
std::vector<RooflinePoint> roofline_at_best_batches(std::span<const Point> points, const MachineRecord& machine);

// QuTiBench's whole-network prediction at a series' best batch: peak / FLOPs per image.
struct NetworkEfficiency {
  std::string model;
  Series series;
  int batch = 0;                  // the series' best batch
  double flops_per_image = 0;     // summed over the layers' records
  double predicted_images_per_s = 0;  // roof peak / flops_per_image
  double measured_images_per_s = 0;   // at the median end-to-end time
  Stats measured;                 // images/s per repetition, for the spread
  double efficiency = 0;          // measured / predicted
  bool noisy = false;
  std::string peak_source;
};

// Per (model, series) with a per-layer record and a roof, ordered by (model, series).
std::vector<NetworkEfficiency> network_efficiency(std::span<const Point> points, const MachineRecord& machine);

}  // namespace cnn::analysis
