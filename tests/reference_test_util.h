#pragma once
// Shared by the reference backend tests: tensors from literal values, hand-filled LayerDescs,
// one op run on the reference backend, and comparison with hand-computed values.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "backends/reference/reference_backend.h"

namespace cnn::test {

inline Shape shape_of(const std::vector<int>& d) { return Shape{d.at(0), d.at(1), d.at(2), d.at(3)}; }

inline Tensor tensor_of(const std::vector<int>& dims, const std::vector<float>& values) {
  Tensor t = Tensor::allocate(shape_of(dims));
  REQUIRE(values.size() == t.count());
  for (std::size_t i = 0; i < values.size(); ++i) t.f32()[i] = values[i];
  return t;
}

inline Tensor vector_of(const std::vector<float>& values) { return tensor_of({int(values.size()), 1, 1, 1}, values); }

inline LayerDesc layer_of(LayerType type, std::vector<Shape> in, std::vector<Shape> out) {
  LayerDesc d;
  d.name = "fixture";
  d.type = type;
  d.in_shapes = std::move(in);
  d.out_shapes = std::move(out);
  return d;
}

// Creates the layer's op on the reference backend and runs it once from `in` into `out`.
inline void run(const LayerDesc& layer, const Weights& weights, const std::vector<const Tensor*>& in,
                Tensor& out, int threads = 1) {
  ReferenceBackend backend;
  RunConfig config;
  config.threads = threads;
  REQUIRE(backend.supports(layer, Precision::FP32));
  std::unique_ptr<Op> op = backend.create(layer, weights, config);
  REQUIRE(op);
  Tensor* outs[] = {&out};
  op->forward(in, outs);
}

// Every value within 1e-5 (relative above 1) of the hand-computed one.
inline void expect_values(const Tensor& t, const std::vector<float>& expected) {
  REQUIRE(t.count() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const float got = t.f32()[i], want = expected[i];
    CHECK_MESSAGE(std::fabs(got - want) <= 1e-5f * std::max(1.f, std::fabs(want)), "value " << i << ": got " << got << ", expected " << want);
  }
}

}  // namespace cnn::test
