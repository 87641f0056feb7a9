#pragma once
// Internal to the ONNX importer: helpers the two converter files share.
#include <string>
#include <vector>

#include "core/model/onnx/onnx_import.h"
#include "core/tensor.h"

namespace cnn::onnx_import {

// v as an int; a value outside 1..INT32_MAX (0 allowed for pads) is a damaged file.
int to_int(const Importer& imp, std::int64_t v, const char* what);
// A host fp32 tensor of `shape` holding `values` (their count must match: asserted by the caller's checks).
Tensor blob_of(const std::vector<float>& values, Shape shape);

// Conv, pooling, Gemm/MatMul, activations, BatchNormalization, LRN, Softmax (onnx_ops.cpp).
void convert_compute_node(Importer& imp, const std::string& op);

}  // namespace cnn::onnx_import
