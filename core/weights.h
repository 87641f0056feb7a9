#pragma once
// Weights: the learned blobs of each layer, in Caffe's layouts, host fp32.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace cnn {

class Graph;

// Caffe blob order per layer type:
//   Convolution: [0] weights (Cout, Cin/group, KH, KW), [1] bias (Cout) if bias_term
//   InnerProduct: [0] weights (Cout, Cin*H*W, 1, 1) row-major Cout x K, [1] bias (Cout) if bias_term
//   BatchNorm: [0] mean (C), [1] variance (C) (already divided by Caffe's scale factor)
//   Scale: [0] gamma (C), [1] beta (C) if bias_term
// 1-D blobs have shape (C, 1, 1, 1).
struct Weights {
  std::vector<Tensor> blobs;
  std::uint64_t bytes() const;
};

// One Weights per graph node (empty for layers without parameters).
using ModelWeights = std::vector<Weights>;

// Deterministic seeded random weights, scaled (He-style for convolutions and inner products,
// near-identity batch norm and scale) so activations stay finite and non-zero through the
// deepest model. Values do not depend on the batch size.
ModelWeights generate_weights(const Graph& graph, std::uint64_t seed);

// A model's own weights (an imported file's) for each node of `graph`, looked up by layer name;
// layers without an entry get none. A copy, made now: a session's weights are allocated while its
// memory is tracked, as a framework reads them from the model file (and as seeded ones are made).
ModelWeights weights_by_layer(const Graph& graph, const std::map<std::string, Weights>& by_name);

// Deterministic input values in [-1, 1] for a tensor.
void fill_input(Tensor& input, std::uint64_t seed);

}  // namespace cnn
