// Concat along channels: each image's output is the inputs' channel blocks one after another. An
// input already in its place (its producer wrote into its slice of the output: a fused graph's
// concat in place, see Session) is not copied.
#include <algorithm>
#include <cassert>
#include <cstring>
#include <vector>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class ConcatOpenBlas final : public Op {
 public:
  ConcatOpenBlas(const LayerDesc& layer, int threads)
      : in_shapes_(layer.in_shapes), out_shape_(layer.out_shapes.at(0)), threads_(threads) {
    assert(layer.concat.axis == 1);
    std::size_t offset = 0;
    for (const Shape& s : in_shapes_) {
      assert(s.n == out_shape_.n && s.h == out_shape_.h && s.w == out_shape_.w);
      offsets_.push_back(offset);
      offset += s.per_image();
    }
    assert(offset == out_shape_.per_image());
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == in_shapes_.size() && out.size() == 1);
    check_tensor(*out[0], out_shape_);
    std::vector<const float*> src(in.size());
    float* y = out[0]->f32();
    for (std::size_t k = 0; k < in.size(); ++k) {
      check_tensor(*in[k], in_shapes_[k]);
      src[k] = in[k]->f32() == y + offsets_[k] ? nullptr : in[k]->f32();  // null: in place already
      assert(src[k] || in[k]->image_stride() == out_shape_.per_image());
      assert(!src[k] || in[k]->packed());
    }
    if (std::none_of(src.begin(), src.end(), [](const float* p) { return p != nullptr; })) return;  // all in place
    const int images = out_shape_.n, inputs = int(in.size());
    const std::size_t out_image = out_shape_.per_image();
#pragma omp parallel for collapse(2) num_threads(threads_for(out_shape_.count(), threads_)) schedule(static)
    for (int i = 0; i < images; ++i)
      for (int k = 0; k < inputs; ++k) {
        const std::size_t len = in_shapes_[k].per_image();
        if (src[k]) std::memcpy(y + out_image * i + offsets_[k], src[k] + len * i, len * sizeof(float));
      }
  }

 private:
  std::vector<Shape> in_shapes_;
  Shape out_shape_;
  std::vector<std::size_t> offsets_;  // per input: first element of its block in one output image
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_concat(const LayerDesc& layer, int threads) {
  return std::make_unique<ConcatOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
