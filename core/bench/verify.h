#pragma once
// Verification: one library's forward pass against the reference library's, value by value.
#include <string>

#include "core/backend.h"
#include "core/model/net_desc.h"
#include "core/schedule/schedule.h"

namespace cnn {

struct ImportedModel;  // core/model/onnx/onnx_model.h

struct VerifyResult {
  std::string model, lib, precision;
  GraphMode graph = GraphMode::Caffe;
  Scheduler scheduler = Scheduler::Sequential;
  int batch = 1;
  bool ran = false;             // false: the library declined or failed; see error
  std::string error;
  double output_error = 0;      // max |a - r| / max |r| over the network outputs
  double worst_error = 0;       // the same, worst over every intermediate value
  std::string worst_layer;      // the layer producing the worst intermediate value
  double tolerance = 0;
  bool passed() const { return ran && output_error <= tolerance; }
};

// Tolerance on output_error: 1e-4 for fp32, 2e-2 for fp16.
double verify_tolerance(Precision precision);

// In the fused mode the candidate runs the graph fused as far as it says it can, and each of its
// values is compared with the unfused reference's value of the same blob. Weights: the model's own
// (`own`, an imported file's) when given, else seeded random ones. With a scheduler other than
// sequential, the candidate also runs the schedule it chooses (core/schedule/schedule_search.h) in a
// session that reuses buffers as a timed run does, and its outputs count in output_error too.
VerifyResult verify_model(const std::string& model_id, const NetDesc& net, Backend& candidate,
                          Backend& reference, Precision precision, int batch, const RunConfig& config,
                          GraphMode graph = GraphMode::Caffe, const ImportedModel* own = nullptr,
                          Scheduler scheduler = Scheduler::Sequential);

}  // namespace cnn
