// A build without libonnx-dev (CNN_EXPLORER_ONNX=OFF): opening an ONNX file says so.
#include "core/model/onnx/onnx_model.h"

namespace cnn {
namespace {

[[noreturn]] void no_onnx(const std::string& what) {
  throw ModelError("cannot read " + what + ": this build reads no ONNX files (configured with -DCNN_EXPLORER_ONNX=OFF)");
}

}  // namespace

bool onnx_available() { return false; }

ImportedModel parse_onnx(std::string_view, const std::string& source, const std::map<std::string, OnnxTensor>&) {
  no_onnx("'" + source + "'");
}

ImportedModel load_onnx(const std::filesystem::path& path, const std::map<std::string, OnnxTensor>&) {
  no_onnx("'" + path.string() + "'");
}

std::vector<std::string> onnx_input_names(const std::filesystem::path& path) { no_onnx("'" + path.string() + "'"); }

OnnxTensor load_onnx_tensor(const std::filesystem::path& path) { no_onnx("'" + path.string() + "'"); }

}  // namespace cnn
