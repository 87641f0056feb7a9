#pragma once
// Graph: a NetDesc bound to a batch size: blobs resolved to values, shapes inferred, costs counted.
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/net_desc.h"
#include "core/run_config.h"

namespace cnn {

// Costs of one layer for the whole batch.
struct LayerStats {
  std::uint64_t macs = 0;       // multiply-accumulates (convolution and inner product only)
  std::uint64_t flops = 0;      // arithmetic operations, by layer type (count_flops in graph.cpp)
  std::uint64_t params = 0;     // learned parameters (weights, biases, BN/Scale statistics)
  std::uint64_t bytes_in = 0;   // fp32 bytes of all bottoms
  std::uint64_t bytes_out = 0;  // fp32 bytes of all tops
};

class Graph {
 public:
  // One version of a blob: each layer's top is a new value, also when the layer is in place.
  struct Value {
    std::string blob;
    Shape shape;
    int producer = -1;           // node index; -1 for a network input
    std::vector<int> consumers;  // node indices, ascending
  };
  struct Node {
    LayerDesc desc;  // with in_shapes / out_shapes filled
    std::vector<int> inputs, outputs;  // value indices
    LayerStats stats;
  };

  // Throws ModelError naming the layer on a missing bottom or a shape that does not fit.
  Graph(const NetDesc& net, int batch);
  // A graph of nodes already shaped and costed, in an order where every input of a node is a graph
  // input or an output of an earlier node (the fusion pass builds one). Values' consumers and the
  // graph's outputs are derived; `values[v].consumers` is ignored.
  Graph(std::string name, int batch, GraphMode mode, std::vector<Node> nodes, std::vector<Value> values,
        std::vector<int> inputs);

  const std::string& name() const { return name_; }
  int batch() const { return batch_; }
  GraphMode mode() const { return mode_; }  // Fused: built by fuse() (core/model/fusion.h)
  const std::vector<Node>& nodes() const { return nodes_; }  // topological (file) order
  const std::vector<Value>& values() const { return values_; }
  const std::vector<int>& inputs() const { return inputs_; }    // value indices
  const std::vector<int>& outputs() const { return outputs_; }  // values no layer consumes

  std::uint64_t total_macs() const;    // whole batch
  std::uint64_t total_params() const;

 private:
  std::string name_;
  int batch_ = 1;
  GraphMode mode_ = GraphMode::Caffe;
  std::vector<Node> nodes_;
  std::vector<Value> values_;
  std::vector<int> inputs_, outputs_;
};

}  // namespace cnn
