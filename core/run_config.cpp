#include "core/run_config.h"

#include <ostream>
#include <thread>

namespace cnn {

std::string_view to_string(Precision p) { return p == Precision::FP16 ? "fp16" : "fp32"; }

std::optional<Precision> parse_precision(std::string_view s) {
  if (s == "fp32") return Precision::FP32;
  if (s == "fp16") return Precision::FP16;
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, Precision p) { return out << to_string(p); }

std::string_view to_string(GraphMode g) { return g == GraphMode::Fused ? "fused" : "caffe"; }

std::optional<GraphMode> parse_graph_mode(std::string_view s) {
  if (s == "caffe") return GraphMode::Caffe;
  if (s == "fused") return GraphMode::Fused;
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, GraphMode g) { return out << to_string(g); }

int RunConfig::resolved_threads() const {
  if (threads > 0) return threads;
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : int(n);
}

}  // namespace cnn
