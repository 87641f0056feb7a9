#include "backends/openblas/openblas_backend.h"

#include <omp.h>

#include <cblas.h>

#include <cassert>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>

#include "backends/openblas/openblas_kernel.h"
#include "backends/openblas/openblas_ops.h"
#include "core/host_identity_op.h"

namespace cnn {

namespace {

// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64" -> "0.3.21".
std::string openblas_version(const std::string& config) {
  std::istringstream words(config);
  std::string first, second;
  words >> first >> second;
  return second.empty() ? config : second;
}

std::string threads_model() {
  switch (openblas_get_parallel()) {
    case 0: return "sequential";
    case 1: return "pthreads";
    case 2: return "OpenMP";
  }
  return "unknown";
}

}  // namespace

BackendInfo OpenBlasBackend::info() const {
  const char* cfg = openblas_get_config();
  const std::string config = cfg ? cfg : "";
  const std::string kernel = openblas_kernel_name();
  BackendInfo i;
  i.id = "openblas";
  i.name = "OpenBLAS " + openblas_version(config) + " (" + kernel + ")";
  i.precisions = {Precision::FP32};
  i.available = true;
  i.details = {{"version", config}, {"kernel", kernel}, {"threads model", threads_model()}};
  return i;
}

bool OpenBlasBackend::supports(const LayerDesc& layer, Precision precision) const {
  if (precision != Precision::FP32) return false;
  switch (layer.type) {
    case LayerType::Concat: return layer.concat.axis == 1;
    case LayerType::Softmax: return layer.softmax.axis == 1;
    case LayerType::Convolution:
    case LayerType::Pooling:
    case LayerType::ReLU:
    case LayerType::LRN:
    case LayerType::InnerProduct:
    case LayerType::Eltwise:
    case LayerType::BatchNorm:
    case LayerType::Scale:
    case LayerType::Dropout:
    case LayerType::Flatten:
    case LayerType::Clip:
      return true;
  }
  return false;
}

Fusions OpenBlasBackend::fusions(const LayerDesc& layer, Precision precision) const {
  if (!supports(layer, precision)) return {};
  switch (layer.type) {
    case LayerType::Convolution: return {.activation = true, .sum = true, .leaky = true, .strided_output = true};
    case LayerType::InnerProduct: return {.activation = true, .leaky = true};
    case LayerType::Eltwise:
      return layer.eltwise.op == EltwiseOp::Sum ? Fusions{.activation = true, .leaky = true} : Fusions{};
    case LayerType::Concat: return {.concat_in_place = true};
    default: return {};
  }
}

std::unique_ptr<Op> OpenBlasBackend::create(const LayerDesc& layer, const Weights& weights,
                                            const RunConfig& config) {
  if (!supports(layer, config.precision)) return nullptr;
  assert(!layer.in_shapes.empty() && !layer.out_shapes.empty());
  const int t = config.resolved_threads();
  switch (layer.type) {
    case LayerType::Convolution: return openblas::make_convolution(layer, weights, t);
    case LayerType::InnerProduct: return openblas::make_inner_product(layer, weights, t);
    case LayerType::Pooling: return openblas::make_pooling(layer, t);
    case LayerType::ReLU: return openblas::make_relu(layer, t);
    case LayerType::LRN: return openblas::make_lrn(layer, t);
    case LayerType::Concat: return openblas::make_concat(layer, t);
    case LayerType::Eltwise: return openblas::make_eltwise(layer, t);
    case LayerType::BatchNorm: return openblas::make_batch_norm(layer, weights, t);
    case LayerType::Scale: return openblas::make_scale(layer, weights, t);
    case LayerType::Dropout: return std::make_unique<HostIdentityOp>(layer);
    case LayerType::Softmax: return openblas::make_softmax(layer, t);
    case LayerType::Flatten: return std::make_unique<HostIdentityOp>(layer);
    case LayerType::Clip: return openblas::make_clip(layer, t);
  }
  return nullptr;
}

namespace openblas {
namespace {
// Whether the calling thread runs a group beside others (OpenBlasBackend::set_thread_team).
thread_local bool beside_others_here = false;
}  // namespace
}  // namespace openblas

void OpenBlasBackend::configure(const RunConfig& config) {
  openblas::beside_others_here = false;  // a new session starts on its own thread's whole team
  openblas_set_num_threads(config.resolved_threads());
}

namespace openblas {

void use_gemm_threads(int threads) {
  // OpenBLAS's OpenMP server keeps one set of thread buffers (its NUM_PARALLEL build option), so two
  // groups running at once must not both thread a GEMM: beside others, each GEMM runs on its caller.
  const int t = beside_others_here ? 1 : threads;
  if (openblas_get_num_threads() != t) openblas_set_num_threads(t);
}

}  // namespace openblas

void OpenBlasBackend::set_thread_team(int threads, bool beside_others) {
  openblas::beside_others_here = beside_others;
  omp_set_num_threads(threads);
}

namespace openblas {

int threads_for(std::size_t elements, int threads) {
  return elements < kParallelMinElements ? 1 : threads;
}

void check_tensor(const Tensor& t, const Shape& shape) {
  assert(t.dtype() == DType::F32 && t.space() == MemorySpace::Host);
  assert(t.count() == shape.count());
  (void)t;
  (void)shape;
}

}  // namespace openblas
}  // namespace cnn
