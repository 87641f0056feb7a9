#pragma once
// The fused graph: a Graph rewritten as the inference engines run it (PyTorch's frozen graphs,
// TensorRT, ncnn), for the fused graph mode. Each node of the result is a group of the model's
// layers named after its members ("res2a_branch2c+bn2a_branch2c+scale2a_branch2c+res2a+res2a_relu"):
//   - BatchNorm and Scale after a convolution are folded into its weights and bias (any library);
//   - an Eltwise sum is fused into a convolution producing one of its operands (the later one), and
//     a ReLU into the convolution, inner product or Eltwise sum producing its input, as far as the
//     libraries that will run the graph say they can (FusionQuery);
//   - a Dropout (the identity at inference) joins its producer's group; a Flatten joins it when
//     only inner products read it (they read any C x H x W as one row).
// A layer is folded or fused only into the sole reader of its input, so no group hides a value
// another layer reads. Costs per group: MACs and parameters are its members' sums (as the model
// counts them); bytes in and out are the group's own inputs and outputs, what it moves.
#include <functional>
#include <vector>

#include "core/backend.h"
#include "core/model/graph.h"
#include "core/weights.h"

namespace cnn {

// What every library that will run the graph can fuse into this layer (their Backend::fusions
// combined with a logical and).
using FusionQuery = std::function<Fusions(const LayerDesc& layer)>;

struct FusedGraph {
  Graph graph;            // mode() == GraphMode::Fused
  ModelWeights weights;   // one per node of `graph`; folded convolutions get new weights and bias
  std::vector<int> origin;  // per value of `graph`: the value of the source graph it holds
};

// `weights` are the source graph's (one per node). Never throws for a graph that built.
FusedGraph fuse(const Graph& graph, const ModelWeights& weights, const FusionQuery& can_fuse);

// The FusionQuery of a set of libraries in one precision: what all of them can fuse.
FusionQuery fusions_of(std::vector<const Backend*> libraries, Precision precision);

}  // namespace cnn
