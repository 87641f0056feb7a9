#pragma once
// Operator merge (IOS's second stage type, Ding et al., MLSys 2021, section 3): convolutions that
// read one value with one stride become one wider convolution, each member's kernel zero-padded to
// the largest and centred, its output channels a slice of the merged output. An inception module's
// 1x1 convolutions that share their input run as one GEMM with all their output channels.
#include <optional>
#include <string>
#include <vector>

#include "core/model/layer_desc.h"
#include "core/weights.h"

namespace cnn {

class Graph;

struct MergedConvolution {
  LayerDesc layer;                 // one convolution whose outputs are the members', in their order
  Weights weights;                 // the members' kernels padded and concatenated, biases likewise
  std::vector<int> members;        // graph nodes
  std::vector<int> first_channel;  // per member: its first output channel in the merged output
};

// One sentence saying why `nodes` cannot merge, or nullopt when they can: at least two
// convolutions of one group with no dilation, reading the same single value with the same stride,
// writing the same height and width, with kernels that centre on one another (a padded kernel keeps
// its member's output: pad + (largest - own) / 2 equal for all) and the same fused activation, none
// fused with a sum.
std::optional<std::string> merge_error(const Graph& graph, const std::vector<int>& nodes);

// The merged convolution of `nodes` (merge_error must be nullopt), with `weights` per graph node.
MergedConvolution merge_convolutions(const Graph& graph, const ModelWeights& weights, const std::vector<int>& nodes);

}  // namespace cnn
