#pragma once
// Internal to the ONNX importer: the protobuf side (parsing with a raised size limit, and one
// TensorProto into an OnnxTensor).
#include <string>
#include <string_view>

#include <onnx/onnx_pb.h>

#include "core/model/onnx/onnx_tensor.h"

namespace cnn::onnx_import {

// Parses `bytes` into `out` with protobuf's total-size limit raised to the format's 2 GiB; false when
// the bytes are not one whole message of that type.
bool parse_message(std::string_view bytes, google::protobuf::Message& out);

// One TensorProto; `what` names it in messages ("initializer 'W'"). Throws ModelError when its
// declared dims and data disagree, its dims are absurd, its data is external, or its element type is
// neither a float nor an integer type.
OnnxTensor read_tensor(const onnx::TensorProto& t, const std::string& what);

}  // namespace cnn::onnx_import
