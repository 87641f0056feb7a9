#pragma once
// Checks a candidate library's ops against the reference library on a small network given as
// prototxt text: both run every layer on the same inputs (the reference's values), and the
// harness reports the relative error max |a - r| / max |r| of each layer's outputs.
// Qt-free; used by the per-library op tests (test_ops_<lib>.cpp).
#include <memory>
#include <string>
#include <vector>

#include "core/backend.h"
#include "tests/op_shape_table.h"

namespace cnn::test {

// How the harness allocates a candidate's tensors and moves values to and from them. The
// default handles host fp32; a device or fp16 library's test passes its own.
class TensorIo {
 public:
  virtual ~TensorIo() = default;
  // A tensor of `shape` in the candidate's memory, for `precision`.
  virtual Tensor allocate(const Shape& shape, Precision precision);
  // host (fp32) -> candidate, and candidate -> host (fp32); the same element count.
  virtual void upload(const Tensor& host, Tensor& candidate);
  virtual void download(const Tensor& candidate, Tensor& host);
};

struct LayerError {
  std::string layer;   // the layer's name
  double error = 0;    // max |a - r| / max |r| over its outputs (absolute when max |r| == 0)
  bool in_place = false;  // the candidate wrote its output over its input
};

struct OpComparison {
  std::string failure;             // non-empty: a model error, a declined layer or an exception
  std::vector<LayerError> layers;  // one per graph node, in order
  double worst = 0;                // the largest layer error
  std::string worst_layer;
  std::string summary() const;     // "conv1 2.1e-07, relu1 0 (in place)" or the failure
};

struct OpComparisonOptions {
  int threads = 0;         // RunConfig::threads for both libraries (0: all cores)
  std::uint64_t seed = 1;  // weights and input values
  TensorIo* io = nullptr;  // null: host fp32
  // The network fused as far as the candidate can (core/model/fusion.h), both libraries running the
  // fused layers; a layer with a fused sum runs over its sum's operand when in_place_ok says it may.
  bool fused = false;
  // Set on every parsed layer before the graph is built (OpShapeRow::edit); empty: the prototxt as read.
  LayerEdit edit;
};

// Parses `prototxt`, builds the Graph at `batch`, generates weights and inputs, and runs each
// layer on the reference library and on `candidate` in `precision`. A layer written in place in
// the prototxt (top == bottom) runs in place on the candidate when candidate.in_place_ok says so;
// other outputs start as NaN, so an element the candidate never writes counts as an error.
OpComparison compare_with_reference(const std::string& prototxt, int batch, Backend& candidate,
                                    Precision precision, const OpComparisonOptions& options = {});

// The fused op rows' check (op_shape_table.h, fused_op_rows): the row fused as `candidate` declares,
// against the reference running the same groups; "" when within `tolerance` and at least one layer
// is a group, else what failed.
std::string fused_ops_failure(const std::string& prototxt, int batch, Backend& candidate, double tolerance);

// `verify` in the fused mode on the built-in model `id` (models_dir/<id>.prototxt) at batch 2: every
// value of the candidate's fused graph against the unfused reference's; "" when it passes.
std::string fused_model_failure(const std::string& models_dir, const std::string& id, Backend& candidate);

}  // namespace cnn::test
