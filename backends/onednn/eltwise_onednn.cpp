// Caffe Eltwise over inputs of one shape: PROD, MAX, and SUM with unit coefficients (ResNet's
// shortcut) as one binary primitive on the first two inputs with a binary post-op per further
// input; SUM with other coefficients as one sum primitive (oneDNN 2.6 runs sum on NCHW with its
// "simple" implementation, about 3x slower than the jit binary one on ResNet-50's shapes). A fused
// ReLU is the binary primitive's last post-op.
#include <algorithm>
#include <cassert>
#include <vector>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class EltwiseOneDnn final : public Op {
 public:
  EltwiseOneDnn(const LayerDesc& layer, ContextPtr ctx)
      : ctx_(std::move(ctx)), shape_(layer.out_shapes.at(0)), inputs_(int(layer.in_shapes.size())) {
    assert(inputs_ >= 1);
    const memory::desc md = plain_desc(shape_);
    for (const Shape& s : layer.in_shapes) {
      assert(s == shape_);
      (void)s;
    }
    const dnnl::engine& engine = ctx_->engine;
    for (int i = 0; i < inputs_; ++i) src_.push_back(unbound(md, engine));
    dst_ = unbound(md, engine);
    dnnl::primitive_desc_base pd;
    const bool unit_sum = layer.eltwise.op == EltwiseOp::Sum &&
                          std::all_of(layer.eltwise.coeff.begin(), layer.eltwise.coeff.end(), [](float c) { return c == 1.f; });
    if (inputs_ == 1 || (layer.eltwise.op == EltwiseOp::Sum && !unit_sum)) {
      assert(!layer.fused.any());  // fusions() offers a ReLU only after a unit sum of two or more
      std::vector<float> scales = layer.eltwise.coeff;
      if (layer.eltwise.op != EltwiseOp::Sum || scales.empty()) scales.assign(std::size_t(inputs_), 1.f);
      assert(scales.size() == std::size_t(inputs_));
      const dnnl::sum::primitive_desc sum_pd(md, scales, std::vector<memory::desc>(std::size_t(inputs_), md),
                                             engine, user_scratchpad_attr());
      prim_ = dnnl::sum(sum_pd);
      for (int i = 0; i < inputs_; ++i) args_[DNNL_ARG_MULTIPLE_SRC + i] = src_[std::size_t(i)];
      pd = sum_pd;
    } else {
      const auto alg = layer.eltwise.op == EltwiseOp::Sum    ? dnnl::algorithm::binary_add
                       : layer.eltwise.op == EltwiseOp::Prod ? dnnl::algorithm::binary_mul
                                                             : dnnl::algorithm::binary_max;
      dnnl::post_ops ops;
      for (int i = 2; i < inputs_; ++i) ops.append_binary(alg, md);
      if (layer.fused.activation == Activation::ReLU)
        ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, layer.fused.negative_slope, 0.f);
      dnnl::primitive_attr attr = user_scratchpad_attr();
      attr.set_post_ops(ops);
      const dnnl::binary::primitive_desc bin_pd(dnnl::binary::desc(alg, md, md, md), attr, engine);
      prim_ = dnnl::binary(bin_pd);
      args_[DNNL_ARG_SRC_0] = src_[0];
      args_[DNNL_ARG_SRC_1] = src_[1];
      for (int i = 2; i < inputs_; ++i)
        args_[DNNL_ARG_ATTR_MULTIPLE_POST_OP(i - 2) | DNNL_ARG_SRC_1] = src_[std::size_t(i)];
      pd = bin_pd;
    }
    args_[DNNL_ARG_DST] = dst_;
    if (memory scratchpad = scratchpad_for(pd, engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(int(in.size()) == inputs_ && out.size() == 1);
    for (int i = 0; i < inputs_; ++i) bind(src_[std::size_t(i)], *in[std::size_t(i)], shape_);
    bind(dst_, *out[0], shape_);
    run(prim_, *ctx_, args_);
  }

  std::size_t workspace_bytes() const override { return held_.workspace_bytes(); }

 private:
  ContextPtr ctx_;
  Shape shape_;
  int inputs_ = 0;
  dnnl::primitive prim_;
  std::vector<memory> src_;
  memory dst_;
  Holdings held_;  // its scratchpad
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_eltwise(const LayerDesc& layer, const ContextPtr& ctx) {
  return std::make_unique<EltwiseOneDnn>(layer, ctx);
}

}  // namespace cnn::onednn
