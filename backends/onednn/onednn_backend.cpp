#include "backends/onednn/onednn_backend.h"

#include <algorithm>

#include <omp.h>

#include <cassert>

#include "backends/onednn/onednn_ops.h"
#include "core/host_identity_op.h"

namespace cnn {

namespace {

std::string version_string() {
  const dnnl_version_t* v = dnnl_version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

std::string cpu_runtime() {
  switch (dnnl_version()->cpu_runtime) {
    case DNNL_RUNTIME_NONE: return "none";
    case DNNL_RUNTIME_SEQ: return "sequential";
    case DNNL_RUNTIME_OMP: return "OpenMP";
    case DNNL_RUNTIME_TBB: return "TBB";
    case DNNL_RUNTIME_THREADPOOL: return "threadpool";
  }
  return "unknown";
}

std::string isa_name(dnnl::cpu_isa isa) {
  using dnnl::cpu_isa;
  switch (isa) {
    case cpu_isa::all: return "all";
    case cpu_isa::sse41: return "SSE4.1";
    case cpu_isa::avx: return "AVX";
    case cpu_isa::avx2: return "AVX2";
    case cpu_isa::avx2_vnni: return "AVX2 VNNI";
    case cpu_isa::avx512_mic: return "AVX-512 MIC";
    case cpu_isa::avx512_mic_4ops: return "AVX-512 MIC 4OPS";
    case cpu_isa::avx512_core: return "AVX-512";
    case cpu_isa::avx512_core_vnni: return "AVX-512 VNNI";
    case cpu_isa::avx512_core_bf16: return "AVX-512 BF16";
    case cpu_isa::avx512_core_amx: return "AVX-512 AMX";
  }
  return "unknown";
}

}  // namespace

OneDnnBackend::OneDnnBackend() {
  try {
    auto ctx = std::make_shared<onednn::Context>();
    ctx->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
    ctx->stream = dnnl::stream(ctx->engine);
    context_ = std::move(ctx);
  } catch (const dnnl::error& e) {
    why_not_ = std::string("oneDNN could not create a CPU engine: ") + e.what();
  }
}

OneDnnBackend::~OneDnnBackend() = default;

BackendInfo OneDnnBackend::info() const {
  BackendInfo i;
  i.id = "onednn";
  i.name = "oneDNN " + version_string();
  i.precisions = {Precision::FP32};
  i.available = context_ != nullptr;
  i.why_not = why_not_;
  i.details = {{"version", version_string() + " (" + dnnl_version()->hash + ")"},
               {"cpu runtime", cpu_runtime()},
               {"isa", isa_name(dnnl::get_effective_cpu_isa())}};
  return i;
}

bool OneDnnBackend::supports(const LayerDesc& layer, Precision precision) const {
  if (precision != Precision::FP32 || !context_) return false;
  switch (layer.type) {
    case LayerType::Concat: return layer.concat.axis == 1;
    case LayerType::Softmax: return layer.softmax.axis == 1;
    case LayerType::LRN: return layer.lrn.local_size > 0 && layer.lrn.local_size % 2 == 1;
    case LayerType::Convolution:
    case LayerType::Pooling:
    case LayerType::ReLU:
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

std::unique_ptr<Op> OneDnnBackend::create(const LayerDesc& layer, const Weights& weights,
                                          const RunConfig& config) {
  if (!supports(layer, config.precision)) return nullptr;
  assert(!layer.in_shapes.empty() && !layer.out_shapes.empty());
  const int t = config.resolved_threads();
  switch (layer.type) {
    case LayerType::Convolution: return onednn::make_convolution(layer, weights, context_);
    case LayerType::InnerProduct: return onednn::make_inner_product(layer, weights, context_);
    case LayerType::Pooling: return onednn::make_pooling(layer, context_, t);
    case LayerType::ReLU: return onednn::make_relu(layer, context_);
    case LayerType::LRN: return onednn::make_lrn(layer, context_);
    case LayerType::Concat: return onednn::make_concat(layer, context_);
    case LayerType::Eltwise: return onednn::make_eltwise(layer, context_);
    case LayerType::BatchNorm: return onednn::make_batch_norm(layer, weights, context_);
    case LayerType::Scale: return onednn::make_scale(layer, weights, context_);
    case LayerType::Dropout: return std::make_unique<HostIdentityOp>(layer);
    case LayerType::Softmax: return onednn::make_softmax(layer, context_);
    case LayerType::Flatten: return std::make_unique<HostIdentityOp>(layer);
    case LayerType::Clip: return onednn::make_clip(layer, context_);
  }
  return nullptr;
}

Fusions OneDnnBackend::fusions(const LayerDesc& layer, Precision precision) const {
  if (!supports(layer, precision)) return {};
  const bool unit_sum = layer.eltwise.op == EltwiseOp::Sum && layer.in_shapes.size() >= 2 &&
                        std::all_of(layer.eltwise.coeff.begin(), layer.eltwise.coeff.end(), [](float c) { return c == 1.f; });
  switch (layer.type) {
    case LayerType::Convolution: return {true, true, true};
    case LayerType::InnerProduct: return {true, false, true};
    case LayerType::Eltwise: return unit_sum ? Fusions{true, false, true} : Fusions{};
    default: return {};
  }
}

bool OneDnnBackend::own_layout_ok(const LayerDesc& layer, int k) const {
  const Shape& s = k < 0 ? layer.out_shapes.at(0) : layer.in_shapes.at(std::size_t(k));
  if (!onednn::own_layout_fits(s)) return false;
  switch (layer.type) {
    case LayerType::Pooling:
      return k >= 0 || !onednn::pooling_rescales(layer);  // rescaled outputs are written NCHW
    case LayerType::Convolution:
    case LayerType::LRN:
    case LayerType::Concat:
      return true;
    case LayerType::InnerProduct:
      return k == 0;
    default:
      return false;
  }
}

void OneDnnBackend::own_to_nchw(const Tensor& own, Tensor& nchw) const {
  assert(own.count() == nchw.count() && context_);
  dnnl::memory src(onednn::own_desc(own.shape()), context_->engine, const_cast<void*>(own.data()));
  dnnl::memory dst(onednn::plain_desc(nchw.shape()), context_->engine, nchw.data());
  dnnl::reorder(src, dst).execute(context_->stream, src, dst);
  context_->stream.wait();
}

bool OneDnnBackend::in_place_ok(const LayerDesc& layer) const {
  return (layer.type == LayerType::Convolution && layer.fused.sum) || Backend::in_place_ok(layer);
}

void OneDnnBackend::configure(const RunConfig& config) {
  // oneDNN's OpenMP runtime sizes each parallel region by omp_get_max_threads().
  omp_set_num_threads(config.resolved_threads());
}

void OneDnnBackend::set_thread_team(int threads, bool /*beside_others*/) { omp_set_num_threads(threads); }

}  // namespace cnn
