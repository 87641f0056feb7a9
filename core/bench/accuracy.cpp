#include "core/bench/accuracy.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <optional>

#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/session.h"

namespace cnn {

Classified classify(const ModelCatalog& catalog, const PointSpec& spec, Backend& lib, RunConfig config,
                    const LabelledImages& data, const std::atomic<bool>* cancel) {
  const ModelInfo model = catalog.resolve(spec.model);
  const Graph source(catalog.parse(model), spec.batch);
  const Shape in = source.values()[std::size_t(source.inputs().at(0))].shape;
  if (in.c != data.image.c || in.h != data.image.h || in.w != data.image.w)
    throw ModelError("model '" + spec.model + "' takes " + std::to_string(in.c) + "x" + std::to_string(in.h) + "x" +
                     std::to_string(in.w) + " images; the images of " + data.name + " are " + std::to_string(data.image.c) +
                     "x" + std::to_string(data.image.h) + "x" + std::to_string(data.image.w));
  ModelWeights weights = ModelCatalog::weights(model, source, config.seed);
  std::optional<FusedGraph> fused;
  if (spec.graph == GraphMode::Fused) fused.emplace(fuse(source, weights, fusions_of({&lib}, spec.precision)));
  const Graph& graph = fused ? fused->graph : source;
  config.precision = spec.precision;
  Session session(graph, fused ? fused->weights : weights, lib, config);
  const int output = graph.outputs().at(0);
  const std::size_t classes = graph.values()[std::size_t(output)].shape.per_image();
  const int most = data.labels.empty() ? 0 : *std::max_element(data.labels.begin(), data.labels.end());
  if (classes <= std::size_t(most))
    throw ModelError("model '" + spec.model + "' scores " + std::to_string(classes) + " classes; the labels of " +
                     data.name + " go up to " + std::to_string(most));

  Classified out;
  out.reading.dataset = data.name;
  out.predicted.reserve(std::size_t(data.count()));
  const std::size_t per_image = data.image.per_image();
  for (int first = 0; first < data.count(); first += spec.batch) {
    if (cancel && cancel->load()) throw Cancelled();
    const int n = std::min(spec.batch, data.count() - first);
    Tensor& input = session.input();
    std::memcpy(input.f32(), data.pixels.data() + std::size_t(first) * per_image, std::size_t(n) * per_image * sizeof(float));
    std::fill(input.f32() + std::size_t(n) * per_image, input.f32() + input.count(), 0.f);
    session.upload_inputs();
    session.forward(nullptr, cancel);
    session.download_outputs();
    const Tensor scores = session.host_value(output);
    for (int i = 0; i < n; ++i) {
      const float* s = scores.f32() + std::size_t(i) * classes;
      const int predicted = int(std::max_element(s, s + classes) - s);
      out.predicted.push_back(predicted);
      if (predicted == data.labels[std::size_t(first + i)]) ++out.reading.correct;
    }
  }
  out.reading.images = data.count();
  return out;
}

double agreement(const std::vector<int>& a, const std::vector<int>& b) {
  assert(a.size() == b.size());
  if (a.empty()) return 1;
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return double(same) / double(a.size());
}

}  // namespace cnn
