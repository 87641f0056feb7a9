// Clip (ReLU6 is Clip(0, 6)): y = min(max(x, min), max), oneDNN eltwise_clip with alpha = min and
// beta = max; may run in place (y == x).
#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

std::unique_ptr<Op> make_clip(const LayerDesc& layer, const ContextPtr& ctx) {
  return make_unary_eltwise(layer, ctx, dnnl::algorithm::eltwise_clip, layer.clip.min, layer.clip.max);
}

}  // namespace cnn::onednn
