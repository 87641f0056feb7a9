// Caffe Concat on the channel axis: the bottoms' channels one after another, per image.
#include <cassert>
#include <cstring>

#include "backends/reference/reference_ops.h"

namespace cnn {

class ConcatReference final : public Op {
 public:
  explicit ConcatReference(const LayerDesc& layer) : in_(layer.in_shapes), out_(layer.out_shapes.at(0)) {
    int channels = 0;
    for (const Shape& s : in_) {
      assert(s.n == out_.n && s.h == out_.h && s.w == out_.w);
      channels += s.c;
    }
    assert(channels == out_.c);
    (void)channels;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == in_.size());
    reference::check_tensor(*out[0], out_);
    float* y = out[0]->f32();
    const std::size_t plane = std::size_t(out_.h) * out_.w;
    for (int n = 0; n < out_.n; ++n) {
      float* dst = y + std::size_t(n) * out_.per_image();
      for (std::size_t b = 0; b < in.size(); ++b) {
        reference::check_tensor(*in[b], in_[b]);
        const std::size_t chunk = in_[b].c * plane;
        std::memcpy(dst, in[b]->f32() + n * chunk, chunk * sizeof(float));
        dst += chunk;
      }
    }
  }

 private:
  std::vector<Shape> in_;
  Shape out_;
};

namespace reference {
std::unique_ptr<Op> make_concat(const LayerDesc& layer) { return std::make_unique<ConcatReference>(layer); }
}  // namespace reference

}  // namespace cnn
