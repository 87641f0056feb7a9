// libFuzzer: the prototxt parser and the graph it builds, from any text. Contract: a model, or a
// ModelError; never a crash, a leak, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/model/graph.h"
#include "core/model/net_desc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const cnn::NetDesc net =
        cnn::parse_prototxt(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.prototxt");
    const cnn::Graph graph(net, 2);
    (void)graph.total_macs();
  } catch (const cnn::ModelError&) {
  }
  return 0;
}
