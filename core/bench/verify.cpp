#include "core/bench/verify.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/model/onnx/onnx_model.h"
#include "core/schedule/schedule_search.h"
#include "core/session.h"

namespace cnn {
namespace {

// max |a - r| / max |r|; when r is all zero, max |a - r|. NaN or Inf anywhere gives +Inf.
double relative_error(const Tensor& a, const Tensor& r) {
  const float* pa = a.f32();
  const float* pr = r.f32();
  double max_diff = 0, max_ref = 0;
  for (std::size_t i = 0; i < r.count(); ++i) {
    if (!std::isfinite(pa[i]) || !std::isfinite(pr[i])) return INFINITY;
    max_diff = std::max(max_diff, double(std::fabs(pa[i] - pr[i])));
    max_ref = std::max(max_ref, double(std::fabs(pr[i])));
  }
  return max_ref > 0 ? max_diff / max_ref : max_diff;
}

}  // namespace

double verify_tolerance(Precision precision) { return precision == Precision::FP16 ? 2e-2 : 1e-4; }

VerifyResult verify_model(const std::string& model_id, const NetDesc& net, Backend& candidate, Backend& reference,
                          Precision precision, int batch, const RunConfig& base_config, GraphMode graph_mode,
                          const ImportedModel* own, Scheduler scheduler) {
  VerifyResult result;
  result.graph = graph_mode;
  result.scheduler = scheduler;
  result.model = model_id;
  result.lib = candidate.info().id;
  result.precision = std::string(to_string(precision));
  result.batch = batch;
  result.tolerance = verify_tolerance(precision);
  try {
    const Graph graph(net, batch);
    const ModelWeights weights = own ? weights_by_layer(graph, own->weights) : generate_weights(graph, base_config.seed);
    RunConfig ref_config = base_config;
    ref_config.precision = Precision::FP32;
    RunConfig cand_config = base_config;
    cand_config.precision = precision;
    Session ref(graph, weights, reference, ref_config, SessionOptions{.keep_all_values = true});
    fill_input(ref.input(), base_config.seed);
    ref.forward();
    // The fused mode: the candidate's graph as it can fuse it; each of its values holds one value of
    // the model's graph (FusedGraph::origin), compared with the unfused reference's.
    std::optional<FusedGraph> fused;
    if (graph_mode == GraphMode::Fused) fused.emplace(fuse(graph, weights, fusions_of({&candidate}, precision)));
    const Graph& cand_graph = fused ? fused->graph : graph;
    const auto origin = [&](int v) { return fused ? fused->origin[std::size_t(v)] : v; };
    Session cand(cand_graph, fused ? fused->weights : weights, candidate, cand_config,
                 SessionOptions{.keep_all_values = true});
    fill_input(cand.input(), base_config.seed);
    cand.upload_inputs();  // a device library's values are compared as host fp32 copies
    cand.forward();
    for (std::size_t v = 0; v < cand_graph.values().size(); ++v) {
      const int producer = cand_graph.values()[v].producer;
      if (producer < 0) continue;
      const double err = relative_error(cand.host_value(int(v)), ref.value(origin(int(v))));
      if (err > result.worst_error || result.worst_layer.empty()) {
        result.worst_error = err;
        result.worst_layer = cand_graph.nodes()[std::size_t(producer)].desc.name;
      }
    }
    for (int v : cand_graph.outputs())
      result.output_error = std::max(result.output_error, relative_error(cand.host_value(v), ref.value(origin(v))));
    if (scheduler != Scheduler::Sequential) {
      const ModelWeights& cand_weights = fused ? fused->weights : weights;
      const std::vector<Backend*> libs(cand_graph.nodes().size(), &candidate);
      const ScheduleRecord chosen = choose_schedule(scheduler, cand_graph, cand_weights, libs, cand_config);
      Session scheduled(cand_graph, cand_weights, libs, cand_config, SessionOptions{.schedule = &chosen.schedule});
      fill_input(scheduled.input(), base_config.seed);
      scheduled.forward();
      for (std::size_t k = 0; k < cand_graph.outputs().size(); ++k)
        result.output_error = std::max(result.output_error,
                                       relative_error(scheduled.output(int(k)), ref.value(origin(cand_graph.outputs()[k]))));
    }
    result.ran = true;
  } catch (const std::exception& e) {
    result.ran = false;
    result.error = e.what();
  }
  return result;
}

}  // namespace cnn
