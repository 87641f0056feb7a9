// What the project's CUDA ops share: the layers they handle, the tensor checks, device copies, labels.
#include "backends/cuda_common/cuda_ops.h"

#include <cassert>

#include "backends/cuda_common/cuda_check.h"

namespace cnn::cuda {

bool supports_layer(const LayerDesc& layer) {
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
    case LayerType::Clip: return true;
  }
  return false;
}

template <class T>
void check_tensor(const Tensor& t, const Shape& shape) {
  assert(t.space() == MemorySpace::Device);
  assert(t.dtype() == (sizeof(T) == 2 ? DType::F16 : DType::F32));
  assert(t.count() == shape.count());
  (void)t;
  (void)shape;
}

template void check_tensor<float>(const Tensor&, const Shape&);
template void check_tensor<__half>(const Tensor&, const Shape&);

void copy_unless_same(const Tensor& src, Tensor& dst, cudaStream_t stream) {
  assert(src.count() == dst.count() && src.dtype() == dst.dtype());
  if (src.data() == dst.data()) return;
  CNN_CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), src.bytes(), cudaMemcpyDeviceToDevice, stream));
}

std::string layer_label(const LayerDesc& layer) { return "layer '" + layer.name + "'"; }

}  // namespace cnn::cuda
