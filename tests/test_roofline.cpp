// The roofline's arithmetic against hand-computed figures: FLOPs per layer type (the graph's costs),
// bytes and intensity per precision, attainable performance and efficiency, the roof a machine record
// gives, the per-layer points and the whole-network prediction.
#include <doctest/doctest.h>

#include <string>

#include "core/analysis/roofline.h"
#include "core/model/graph.h"

using namespace cnn;
using namespace cnn::analysis;
using doctest::Approx;

namespace {

// Input "data" 3x8x8, batch 2, then `layers`; the graph's node `index`.
const Graph::Node& node_of(const Graph& g, const std::string& name) {
  for (const auto& n : g.nodes())
    if (n.desc.name == name) return n;
  FAIL("no layer " << name);
  return g.nodes().front();
}

Graph build(const std::string& layers, int batch = 2) {
  const std::string text = "input: \"data\" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n" + layers;
  return Graph(parse_prototxt(text, "test"), batch);
}

const char* const kNet = R"(
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "gpool" type: "Pooling" bottom: "pool" top: "gpool" pooling_param { pool: AVE global_pooling: true } }
layer { name: "norm" type: "LRN" bottom: "pool" top: "norm" lrn_param { local_size: 5 } }
layer { name: "sum" type: "Eltwise" bottom: "norm" bottom: "pool" bottom: "pool" top: "sum" }
layer { name: "bn" type: "BatchNorm" bottom: "sum" top: "bn" }
layer { name: "scale" type: "Scale" bottom: "bn" top: "scale" scale_param { bias_term: true } }
layer { name: "cat" type: "Concat" bottom: "scale" bottom: "pool" top: "cat" }
layer { name: "fc" type: "InnerProduct" bottom: "cat" top: "fc" inner_product_param { num_output: 10 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
)";

LayerRecord record_of(const Graph::Node& n, std::vector<double> times = {1.0}) {
  LayerRecord r;
  r.index = 0;
  r.name = n.desc.name;
  r.type = std::string(to_string(n.desc.type));
  r.macs = n.stats.macs;
  r.params = n.stats.params;
  r.bytes_in = n.stats.bytes_in;
  r.bytes_out = n.stats.bytes_out;
  r.flops = n.stats.flops;
  r.time_ms = std::move(times);
  return r;
}

Ceiling ceiling(CeilingKind kind, MemorySpace space, std::string source, std::vector<double> samples,
                Precision precision = Precision::FP32) {
  return {kind, space, std::move(source), precision, std::move(samples), "test"};
}

// Host: OpenBLAS 100 GFLOP/s (samples 90, 100, 110), oneDNN 80, theoretical 200, triad 10 GB/s: ridge 10.
MachineRecord machine() {
  MachineRecord m;
  m.measured_at = "2026-12-07T08:00:00Z";
  m.cpu = "Test CPU";
  m.threads = 2;
  m.libraries = {{"openblas", MemorySpace::Host}, {"onednn", MemorySpace::Host}, {"cublas", MemorySpace::Device}};
  m.ceilings = {ceiling(CeilingKind::Compute, MemorySpace::Host, "openblas", {90, 110, 100}),
                ceiling(CeilingKind::Compute, MemorySpace::Host, "onednn", {80}),
                ceiling(CeilingKind::Compute, MemorySpace::Host, "theoretical", {200}),
                ceiling(CeilingKind::Bandwidth, MemorySpace::Host, "triad", {10, 9, 11}),
                ceiling(CeilingKind::Compute, MemorySpace::Device, "cublas", {5000}, Precision::FP16)};
  return m;
}

}  // namespace

TEST_CASE("flops per layer type, hand-computed") {
  const Graph g = build(kNet);
  // conv: 2.N.Cout.OH.OW.(Cin/g).KH.KW = 2 * 2 * 4 * 8 * 8 * 3 * 3 * 3
  CHECK(node_of(g, "conv").stats.flops == 2ull * 2 * 4 * 8 * 8 * 3 * 3 * 3);
  CHECK(node_of(g, "relu").stats.flops == 2ull * 4 * 8 * 8);            // one per element
  CHECK(node_of(g, "pool").stats.flops == 2ull * 4 * 4 * 4 * 2 * 2);    // N.C.OH.OW.KH.KW
  CHECK(node_of(g, "gpool").stats.flops == 2ull * 4 * 1 * 1 * 4 * 4);   // the window is the whole plane
  CHECK(node_of(g, "norm").stats.flops == 2ull * 4 * 4 * 4 * 2 * 5);    // 2 x local_size per element
  CHECK(node_of(g, "sum").stats.flops == 2ull * 4 * 4 * 4 * 2);         // 3 inputs: 2 additions
  CHECK(node_of(g, "bn").stats.flops == 2ull * 4 * 4 * 4);
  CHECK(node_of(g, "scale").stats.flops == 2ull * 4 * 4 * 4);
  CHECK(node_of(g, "cat").stats.flops == 0);
  CHECK(node_of(g, "fc").stats.flops == 2ull * 2 * (8 * 4 * 4) * 10);   // 2.N.In.Out
  CHECK(node_of(g, "prob").stats.flops == 3ull * 2 * 10);
}

TEST_CASE("bytes and intensity: values at the precision's size, weights once per batch") {
  const Graph g = build(kNet);
  const auto conv = layer_cost(record_of(node_of(g, "conv")), Precision::FP32);
  REQUIRE(conv);
  // in 2x3x8x8, out 2x4x8x8, weights 4*27 + 4 bias, 4 bytes each
  const double conv_bytes = (2 * 3 * 64 + 2 * 4 * 64 + 4 * 27 + 4) * 4.0;
  CHECK(conv->bytes == conv_bytes);
  CHECK(conv->intensity() == Approx(27648.0 / conv_bytes));
  const auto half = layer_cost(record_of(node_of(g, "conv")), Precision::FP16);
  REQUIRE(half);
  CHECK(half->bytes == conv_bytes / 2);
  CHECK(half->flops == conv->flops);

  const auto fc = layer_cost(record_of(node_of(g, "fc")), Precision::FP32);
  REQUIRE(fc);
  CHECK(fc->bytes == (2 * 128 + 2 * 10 + 128 * 10 + 10) * 4.0);
  const auto relu = layer_cost(record_of(node_of(g, "relu")), Precision::FP32);
  REQUIRE(relu);
  CHECK(relu->intensity() == Approx(512.0 / (2 * 512 * 4)));  // in place, but read and written
  const auto cat = layer_cost(record_of(node_of(g, "cat")), Precision::FP32);
  REQUIRE(cat);
  CHECK(cat->flops == 0);
  CHECK(cat->intensity() == 0);
}

TEST_CASE("records made before FLOPs were kept: 2 x MACs for convolutions and inner products only") {
  LayerRecord old;
  old.type = "Convolution";
  old.macs = 1000;
  old.bytes_in = 40;
  CHECK(layer_cost(old, Precision::FP32)->flops == 2000);
  old.type = "ReLU";
  CHECK_FALSE(layer_cost(old, Precision::FP32));
  old.type = std::string(kReorderType);
  old.flops = 10;
  CHECK_FALSE(layer_cost(old, Precision::FP32));  // a step beside a layer, not a layer
}

TEST_CASE("attainable = min(peak, intensity x bandwidth); efficiency = achieved / attainable") {
  Roof roof;
  roof.peak_gflops = 100;
  roof.bandwidth_gbs = 10;
  CHECK(roof.ridge() == 10);
  CHECK(attainable_gflops(roof, 2) == 20);     // memory roof
  CHECK(attainable_gflops(roof, 10) == 100);   // the ridge
  CHECK(attainable_gflops(roof, 50) == 100);   // compute roof
  CHECK(efficiency(15, 20) == Approx(0.75));
  CHECK(efficiency(15, 0) == 0);
}

TEST_CASE("the roof: the best measured peak of the space and precision, never the theoretical one") {
  const MachineRecord m = machine();
  const auto host = roof_for(m, MemorySpace::Host, Precision::FP32);
  REQUIRE(host);
  CHECK(host->peak_gflops == 100);  // the median of 90, 110, 100
  CHECK(host->peak_source == "openblas");
  CHECK(host->bandwidth_gbs == 10);
  CHECK(host->bandwidth_source == "triad");
  CHECK(host->theoretical_gflops == 200);
  CHECK(host->peak.min == 90);
  REQUIRE(host->lower.size() == 1);
  CHECK(host->lower[0] == std::pair<std::string, double>{"onednn", 80});
  CHECK_FALSE(roof_for(m, MemorySpace::Host, Precision::FP16));    // no fp16 peak on the host
  CHECK_FALSE(roof_for(m, MemorySpace::Device, Precision::FP16));  // no device bandwidth measured

  Point p;
  p.lib = "cublas";
  CHECK(space_of(m, p) == MemorySpace::Device);
  p.lib = "adaptive";
  CHECK(space_of(m, p) == MemorySpace::Host);
  p.transfer_in_ms = {0.1};
  CHECK(space_of(m, p) == MemorySpace::Device);
}

TEST_CASE("the FMA peak, when measured, is the roof; the libraries' GEMMs are the ceilings below it") {
  MachineRecord m = machine();
  m.ceilings.push_back(ceiling(CeilingKind::Compute, MemorySpace::Host, "fma", {150, 151, 149}));
  const auto host = roof_for(m, MemorySpace::Host, Precision::FP32);
  REQUIRE(host);
  CHECK(host->peak_gflops == 150);
  CHECK(host->peak_source == "fma");
  CHECK(host->ridge() == 15);
  REQUIRE(host->lower.size() == 2);
  CHECK(host->lower[0].first == "openblas");
  CHECK(host->lower[0].second == 100);
  CHECK(host->lower[1].first == "onednn");
}

TEST_CASE("per-layer points and the whole-network prediction") {
  // conv: 1e9 FLOPs, 1e6 bytes (intensity 1000: compute bound) in 20 ms -> 50 GFLOP/s of 100;
  // fc: 1e8 FLOPs, 1e8 bytes (intensity 1: memory bound, attainable 10) in 20 ms -> 5 GFLOP/s.
  LayerRecord conv;
  conv.index = 0, conv.name = "conv", conv.type = "Convolution", conv.flops = 1'000'000'000;
  conv.bytes_in = 500'000, conv.bytes_out = 500'000, conv.time_ms = {25, 20, 20};
  LayerRecord fc;
  fc.index = 1, fc.name = "fc", fc.type = "InnerProduct", fc.flops = 100'000'000;
  fc.bytes_in = 100'000'000, fc.time_ms = {20, 20, 40};
  Point p;
  p.model = "net", p.lib = "openblas", p.batch = 4, p.success = true;
  p.time_fw_ms = {40, 40, 50};
  p.layers = {conv, fc};
  const std::vector<Point> points = {p};

  const auto r = roofline(points, "net", 4, machine());
  REQUIRE(r.size() == 2);
  CHECK(r[0].name == "conv");
  CHECK(r[0].gflops == Approx(50));
  CHECK(r[0].gflops_low == Approx(40));   // at 25 ms
  CHECK(r[0].gflops_high == Approx(50));
  CHECK(r[0].attainable == 100);
  CHECK(r[0].efficiency == Approx(0.5));
  CHECK_FALSE(r[0].memory_bound);
  CHECK(r[0].share == Approx(0.5));
  CHECK(r[1].cost.intensity() == Approx(1.0));
  CHECK(r[1].attainable == Approx(10));
  CHECK(r[1].efficiency == Approx(0.5));
  CHECK(r[1].memory_bound);
  CHECK(roofline(points, "net", 8, machine()).empty());

  const auto e = network_efficiency(points, machine());
  REQUIRE(e.size() == 1);
  CHECK(e[0].flops_per_image == Approx(1.1e9 / 4));
  CHECK(e[0].predicted_images_per_s == Approx(100e9 / (1.1e9 / 4)));  // 363.6
  CHECK(e[0].measured_images_per_s == Approx(100));                    // 4 images in the median 40 ms
  CHECK(e[0].efficiency == Approx(100 / (100e9 / (1.1e9 / 4))));
  CHECK(e[0].peak_source == "openblas");
}
