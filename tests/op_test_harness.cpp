#include "tests/op_test_harness.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <stdexcept>

#include "backends/reference/reference_backend.h"
#include "core/bench/verify.h"
#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/weights.h"

namespace cnn::test {

Tensor TensorIo::allocate(const Shape& shape, Precision precision) {
  assert(precision == Precision::FP32);
  (void)precision;
  return Tensor::allocate(shape, DType::F32);
}

void TensorIo::upload(const Tensor& host, Tensor& candidate) {
  assert(host.count() == candidate.count() && candidate.space() == MemorySpace::Host);
  if (host.data() != candidate.data()) std::memcpy(candidate.data(), host.data(), host.bytes());
}

void TensorIo::download(const Tensor& candidate, Tensor& host) {
  assert(host.count() == candidate.count() && candidate.space() == MemorySpace::Host);
  if (host.data() != candidate.data()) std::memcpy(host.data(), candidate.data(), host.bytes());
}

namespace {

// max |a - r| and max |r| over two host fp32 tensors of the same size.
void accumulate_error(const Tensor& a, const Tensor& r, double& max_diff, double& max_ref) {
  assert(a.count() == r.count());
  const float* pa = a.f32();
  const float* pr = r.f32();
  for (std::size_t i = 0; i < a.count(); ++i) {
    const double d = std::fabs(double(pa[i]) - double(pr[i]));
    // A NaN in the candidate must not hide behind max(): count it as an infinite error.
    max_diff = std::isnan(d) ? INFINITY : std::max(max_diff, d);
    max_ref = std::max(max_ref, std::fabs(double(pr[i])));
  }
}

std::string format_error(double e) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", e);
  return buf;
}

}  // namespace

std::string OpComparison::summary() const {
  if (!failure.empty()) return failure;
  std::string s;
  for (const LayerError& l : layers) {
    if (!s.empty()) s += ", ";
    s += l.layer + " " + format_error(l.error) + (l.in_place ? " (in place)" : "");
  }
  return s;
}

OpComparison compare_with_reference(const std::string& prototxt, int batch, Backend& candidate,
                                    Precision precision, const OpComparisonOptions& options) {
  OpComparison result;
  TensorIo host_io;
  TensorIo& io = options.io ? *options.io : host_io;
  try {
    const Graph source(parse_edited(prototxt, options.edit, "op test"), batch);
    const ModelWeights source_weights = generate_weights(source, options.seed);
    std::optional<FusedGraph> fused;
    if (options.fused) fused.emplace(fuse(source, source_weights, fusions_of({&candidate}, precision)));
    const Graph& graph = fused ? fused->graph : source;
    const ModelWeights& weights = fused ? fused->weights : source_weights;
    RunConfig config;
    config.threads = options.threads;
    config.seed = options.seed;
    RunConfig candidate_config = config;
    candidate_config.precision = precision;

    ReferenceBackend reference;
    reference.configure(config);
    candidate.configure(candidate_config);

    // The reference's value of every graph value, all kept.
    std::vector<Tensor> ref(graph.values().size());
    for (std::size_t v = 0; v < ref.size(); ++v) ref[v] = Tensor::allocate(graph.values()[v].shape);
    for (std::size_t k = 0; k < graph.inputs().size(); ++k)
      fill_input(ref[graph.inputs()[k]], options.seed + k);

    const auto& nodes = graph.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const Graph::Node& node = nodes[i];
      const LayerDesc& layer = node.desc;
      // Reference first: its outputs are what the candidate must reproduce.
      std::unique_ptr<Op> ref_op = reference.create(layer, weights[i], config);
      if (!ref_op) throw std::runtime_error("the reference library declined layer '" + layer.name + "'");
      std::vector<const Tensor*> ref_in;
      std::vector<Tensor*> ref_out;
      for (int v : node.inputs) ref_in.push_back(&ref[v]);
      for (int v : node.outputs) ref_out.push_back(&ref[v]);
      ref_op->forward(ref_in, ref_out);

      std::unique_ptr<Op> op;
      if (candidate.supports(layer, precision)) op = candidate.create(layer, weights[i], candidate_config);
      if (!op) {
        result.failure = "layer '" + layer.name + "' (" + std::string(to_string(layer.type)) +
                         ") is not supported by " + candidate.info().id + " in " +
                         std::string(to_string(precision));
        return result;
      }
      // Candidate inputs hold the reference's input values.
      std::vector<Tensor> cin, cout;
      for (int v : node.inputs) {
        cin.push_back(io.allocate(ref[v].shape(), precision));
        io.upload(ref[v], cin.back());
      }
      const bool in_place = !layer.tops.empty() && !layer.bottoms.empty() &&
                            (layer.tops[0] == layer.bottoms[0] || layer.fused.sum) && candidate.in_place_ok(layer);
      for (std::size_t k = 0; k < node.outputs.size(); ++k) {
        if (k == 0 && in_place) {
          cout.push_back(layer.fused.sum ? cin.back() : cin[0]);  // the same memory: the op writes over its input
        } else {
          // NaN everywhere first, so an element the op never writes shows as an error.
          const Shape& shape = graph.values()[node.outputs[k]].shape;
          Tensor poison = Tensor::allocate(shape);
          std::fill_n(poison.f32(), poison.count(), std::numeric_limits<float>::quiet_NaN());
          cout.push_back(io.allocate(shape, precision));
          io.upload(poison, cout.back());
        }
      }
      std::vector<const Tensor*> in_ptrs;
      std::vector<Tensor*> out_ptrs;
      for (Tensor& t : cin) in_ptrs.push_back(&t);
      for (Tensor& t : cout) out_ptrs.push_back(&t);
      op->forward(in_ptrs, out_ptrs);
      candidate.synchronize();

      double max_diff = 0, max_ref = 0;
      for (std::size_t k = 0; k < node.outputs.size(); ++k) {
        Tensor host = Tensor::allocate(graph.values()[node.outputs[k]].shape);
        io.download(cout[k], host);
        accumulate_error(host, ref[node.outputs[k]], max_diff, max_ref);
      }
      LayerError e;
      e.layer = layer.name;
      e.error = max_ref > 0 ? max_diff / max_ref : max_diff;
      e.in_place = in_place;
      result.layers.push_back(e);
      if (e.error > result.worst || result.worst_layer.empty()) {
        result.worst = e.error;
        result.worst_layer = e.layer;
      }
    }
  } catch (const std::exception& ex) {
    result.failure = ex.what();
  }
  return result;
}

std::string fused_ops_failure(const std::string& prototxt, int batch, Backend& candidate, double tolerance) {
  OpComparisonOptions options;
  options.fused = true;
  const OpComparison r = compare_with_reference(prototxt, batch, candidate, Precision::FP32, options);
  if (!r.failure.empty()) return r.failure;
  if (r.worst > tolerance) return "above tolerance: " + r.summary();
  const bool grouped = std::any_of(r.layers.begin(), r.layers.end(), [](const LayerError& l) {
    return l.layer.find('+') != std::string::npos;
  });
  return grouped ? std::string() : "no layer was fused: " + r.summary();
}

std::string fused_model_failure(const std::string& models_dir, const std::string& id, Backend& candidate) {
  ReferenceBackend oracle;
  const NetDesc net = load_prototxt(models_dir + "/" + id + ".prototxt");
  const VerifyResult r = verify_model(id, net, candidate, oracle, Precision::FP32, 2, RunConfig{}, GraphMode::Fused);
  if (!r.ran) return r.error;
  if (r.passed()) return {};
  return r.worst_layer + " " + std::to_string(r.worst_error) + ", output " + std::to_string(r.output_error);
}

}  // namespace cnn::test
