#include "core/weights.h"

#include <cassert>
#include <cmath>
#include <cstring>
#include <string_view>

#include "core/model/graph.h"

namespace cnn {

namespace {

// splitmix64: a tiny generator whose output is the same on every platform and compiler.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t state) : state_(state) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi), from the top 24 bits (exact in a float).
  float uniform(float lo, float hi) {
    const float u = float(next() >> 40) * (1.f / 16777216.f);
    return lo + (hi - lo) * u;
  }

 private:
  std::uint64_t state_;
};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 0x100000001B3ull;
  }
  return h;
}

// One independent stream per (seed, layer name, blob index).
SplitMix64 stream(std::uint64_t seed, std::string_view layer, int blob) {
  SplitMix64 mix(seed ^ fnv1a(layer));
  const std::uint64_t a = mix.next();
  return SplitMix64(a ^ (0xD1B54A32D192ED03ull * std::uint64_t(blob + 1)));
}

Tensor uniform_blob(Shape shape, SplitMix64 rng, float lo, float hi) {
  Tensor t = Tensor::allocate(shape);
  float* p = t.f32();
  for (std::size_t i = 0; i < t.count(); ++i) p[i] = rng.uniform(lo, hi);
  return t;
}

Shape vec(int c) { return Shape{c, 1, 1, 1}; }

Weights layer_weights(const LayerDesc& d, std::uint64_t seed) {
  Weights w;
  const std::string& name = d.name;
  switch (d.type) {
    case LayerType::Convolution: {
      const int cin = d.in_shapes.at(0).c / d.conv.group;
      const int fan_in = cin * d.conv.kernel_h * d.conv.kernel_w;
      const float a = std::sqrt(6.f / float(fan_in));  // He uniform: variance 2 / fan_in
      w.blobs.push_back(uniform_blob({d.conv.num_output, cin, d.conv.kernel_h, d.conv.kernel_w},
                                     stream(seed, name, 0), -a, a));
      if (d.conv.bias_term) w.blobs.push_back(uniform_blob(vec(d.conv.num_output), stream(seed, name, 1), -0.02f, 0.02f));
      break;
    }
    case LayerType::InnerProduct: {
      const int fan_in = int(d.in_shapes.at(0).per_image());
      const float a = std::sqrt(6.f / float(fan_in));
      w.blobs.push_back(uniform_blob({d.fc.num_output, fan_in, 1, 1}, stream(seed, name, 0), -a, a));
      if (d.fc.bias_term) w.blobs.push_back(uniform_blob(vec(d.fc.num_output), stream(seed, name, 1), -0.02f, 0.02f));
      break;
    }
    case LayerType::BatchNorm: {
      const int c = d.in_shapes.at(0).c;
      w.blobs.push_back(uniform_blob(vec(c), stream(seed, name, 0), -0.1f, 0.1f));  // mean
      w.blobs.push_back(uniform_blob(vec(c), stream(seed, name, 1), 0.5f, 1.5f));   // variance
      break;
    }
    case LayerType::Scale: {
      const int c = d.in_shapes.at(0).c;
      w.blobs.push_back(uniform_blob(vec(c), stream(seed, name, 0), 0.5f, 1.f));  // gamma
      if (d.scale.bias_term) w.blobs.push_back(uniform_blob(vec(c), stream(seed, name, 1), -0.1f, 0.1f));
      break;
    }
    default:
      break;
  }
  return w;
}

}  // namespace

std::uint64_t Weights::bytes() const {
  std::uint64_t total = 0;
  for (const Tensor& t : blobs) total += t.bytes();
  return total;
}

ModelWeights generate_weights(const Graph& graph, std::uint64_t seed) {
  ModelWeights out;
  out.reserve(graph.nodes().size());
  for (const Graph::Node& node : graph.nodes()) out.push_back(layer_weights(node.desc, seed));
  return out;
}

ModelWeights weights_by_layer(const Graph& graph, const std::map<std::string, Weights>& by_name) {
  ModelWeights out;
  out.reserve(graph.nodes().size());
  for (const Graph::Node& node : graph.nodes()) {
    Weights w;
    if (const auto it = by_name.find(node.desc.name); it != by_name.end())
      for (const Tensor& blob : it->second.blobs) {
        Tensor copy = Tensor::allocate(blob.shape(), blob.dtype());
        std::memcpy(copy.data(), blob.data(), blob.bytes());
        w.blobs.push_back(std::move(copy));
      }
    out.push_back(std::move(w));
  }
  return out;
}

void fill_input(Tensor& input, std::uint64_t seed) {
  SplitMix64 rng = stream(seed, "<input>", 0);
  float* p = input.f32();
  for (std::size_t i = 0; i < input.count(); ++i) p[i] = rng.uniform(-1.f, 1.f);
}

}  // namespace cnn
