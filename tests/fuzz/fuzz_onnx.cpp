// libFuzzer: the ONNX reader and the graph it builds, from any bytes. Contract: a model, or a
// ModelError (OnnxUnsupported is one); never a crash, a leak, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/model/graph.h"
#include "core/model/onnx/onnx_model.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const cnn::ImportedModel model =
        cnn::parse_onnx(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.onnx");
    const cnn::Graph graph(model.net, 2);
    (void)graph.total_macs();
  } catch (const cnn::ModelError&) {
  }
  return 0;
}
