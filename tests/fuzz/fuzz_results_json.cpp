// libFuzzer: the results-document reader (cnn-bench import, the explorer's File > Import), machine record
// included, from any text. Contract: a document, or std::runtime_error with one sentence; never a crash,
// a leak, a hang or another exception. What it reads writes back to a document that reads the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "core/bench/results_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cnn::ResultsDocument doc;
  try {
    doc = cnn::results_from_json(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::runtime_error&) {
    return 0;
  }
  const cnn::ResultsDocument again =
      cnn::results_from_json(cnn::results_to_json(doc.platform, doc.points, doc.machine ? &*doc.machine : nullptr));
  if (again.points.size() != doc.points.size() || again.machine.has_value() != doc.machine.has_value()) std::abort();
  return 0;
}
