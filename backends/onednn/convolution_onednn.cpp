// Convolution as one oneDNN primitive (groups, dilation, padding, stride, optional bias).
// Weights (Caffe OIHW, GOIHW with groups) are reordered once into the primitive's preferred
// format. Plain layout: the primitive reads and writes NCHW directly. Blocked layout: it runs in
// oneDNN's preferred (blocked) formats, and the op reorders the NCHW input in and the output
// back out, timing each reorder as a stage of its own (Op::last_stages). In a fused graph a residual
// sum and a ReLU run as post-ops (the sum's operand copied into the destination first, unless the
// session let the output overwrite it), and tensors the session keeps in the backend's own blocked
// layout are read and written as they are.
#include <cassert>
#include <chrono>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class ConvolutionOneDnn final : public Op {
 public:
  ConvolutionOneDnn(const LayerDesc& layer, const Weights& weights, ContextPtr ctx, ConvLayout layout)
      : ctx_(std::move(ctx)), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)), sum_(layer.fused.sum) {
    const ConvolutionParams& p = layer.conv;
    const int g = p.group;
    assert(g >= 1 && in_.c % g == 0 && out_.c % g == 0);
    assert(layout != ConvLayout::Auto);
    assert(layer.in_shapes.size() == (sum_ ? 2u : 1u));
    const bool own = layer.in_layout(0) == ValueLayout::Own || layer.out_layout() == ValueLayout::Own;
    if (own) layout = ConvLayout::Blocked;
    const memory::dims wdims = g == 1 ? memory::dims{out_.c, in_.c, p.kernel_h, p.kernel_w}
                                      : memory::dims{g, out_.c / g, in_.c / g, p.kernel_h, p.kernel_w};
    const memory::desc caffe_weights(wdims, memory::data_type::f32,
                                     g == 1 ? memory::format_tag::oihw : memory::format_tag::goihw);
    const memory::desc any_weights(wdims, memory::data_type::f32, memory::format_tag::any);
    const auto any = [](const Shape& s) {
      return memory::desc(dims_of(s), memory::data_type::f32, memory::format_tag::any);
    };
    const bool blocked = layout == ConvLayout::Blocked;
    const memory::desc src_md = blocked ? any(in_) : plain_desc(in_);
    const memory::desc dst_md = blocked ? any(out_) : plain_desc(out_);
    // The output size is oneDNN's floor rounding with the top / left padding and the bottom / right
    // one (the same in Caffe, maybe not in ONNX); oneDNN counts dilation from 0 (no gaps), Caffe from 1.
    const memory::dims strides{p.stride_h, p.stride_w}, dilates{p.dilation_h - 1, p.dilation_w - 1};
    const memory::dims pad{p.pad_h, p.pad_w}, pad_r{p.pad_bottom(), p.pad_right()};
    using fwd = dnnl::convolution_forward;
    const auto kind = dnnl::prop_kind::forward_inference;
    const auto alg = dnnl::algorithm::convolution_direct;
    const fwd::desc desc = p.bias_term
        ? fwd::desc(kind, alg, src_md, any_weights, plain_desc(memory::dims{out_.c}), dst_md, strides, dilates, pad,
                    pad_r)
        : fwd::desc(kind, alg, src_md, any_weights, dst_md, strides, dilates, pad, pad_r);
    dnnl::primitive_attr attr = user_scratchpad_attr();
    dnnl::post_ops ops;
    if (sum_) ops.append_sum(1.f);
    if (layer.fused.activation == Activation::ReLU)
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, layer.fused.negative_slope, 0.f);
    attr.set_post_ops(ops);
    const fwd::primitive_desc pd(desc, attr, ctx_->engine);
    conv_ = fwd(pd);

    Context& c = *ctx_;
    bridge_ = NchwBridge(in_, pd.src_desc(), out_, pd.dst_desc(), ctx_, layer.in_layout(0), layer.out_layout());
    if (sum_) {
      sum_src_ = unbound(user_desc(out_, layer.in_layout(1)), c.engine);
      sum_copy_ = user_reorder(sum_src_, bridge_.dst(), held_, sum_args_);
    }
    args_ = {{DNNL_ARG_SRC, bridge_.src()},
             {DNNL_ARG_WEIGHTS, reordered_copy(weights.blobs.at(0), caffe_weights, pd.weights_desc(), c, held_)},
             {DNNL_ARG_DST, bridge_.dst()}};
    if (p.bias_term) {
      const Tensor& bias = weights.blobs.at(1);
      assert(bias.count() == std::size_t(out_.c));
      args_[DNNL_ARG_BIAS] = reordered_copy(bias, plain_desc(memory::dims{out_.c}), pd.bias_desc(), c, held_);
    }
    if (memory scratchpad = scratchpad_for(pd, c.engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == (sum_ ? 2u : 1u) && out.size() == 1);
    assert(in[0]->data() != out[0]->data());
    bridge_.enter(*in[0], *out[0]);
    // The sum post-op adds to what the destination holds: the operand, unless it is there already.
    double sum_ms = -1;
    if (sum_ && bridge_.dst().get_data_handle() != in[1]->data()) {
      const auto t0 = std::chrono::steady_clock::now();
      bind(sum_src_, *in[1], out_);
      run(*sum_copy_, *ctx_, sum_args_);
      sum_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    run(conv_, *ctx_, args_);
    bridge_.leave();
    const auto bridge = bridge_.stages();
    stages_.assign(bridge.begin(), bridge.end());
    if (sum_ms >= 0) stages_.push_back({"sum operand in", sum_ms});
  }

  // oneDNN's scratchpad plus the blocked copies of the input and output.
  std::size_t workspace_bytes() const override {
    return bridge_.buffer_bytes() + held_.workspace_bytes();
  }

  std::span<const OpStage> last_stages() const override { return stages_; }
  // The weights (and bias) reordered into the primitive's preferred format.
  std::size_t weights_copy_bytes() const override { return held_.weights_bytes(); }

 private:
  ContextPtr ctx_;
  Shape in_, out_;
  dnnl::primitive conv_;
  NchwBridge bridge_;
  Holdings held_;  // its reordered weights and scratchpad
  std::unordered_map<int, memory> args_;
  bool sum_ = false;                        // a fused Eltwise sum: in[1] is added
  memory sum_src_;                          // in[1], as the session holds it
  std::optional<dnnl::reorder> sum_copy_;   // in[1] -> the primitive's destination
  std::unordered_map<int, memory> sum_args_;
  std::vector<OpStage> stages_;             // the bridge's, and the sum operand's copy
};

}  // namespace

// Measured on AlexNet and GoogLeNet layers (batch 1 and 16, AVX-512): a 1x1 stride-1 convolution
// is one GEMM over NCHW and runs faster there than reordered to blocks and back (up to 4x at
// batch 16); every other kernel runs faster blocked, reorders included (1.2x to 4x).
ConvLayout choose_conv_layout(const LayerDesc& layer) {
  const ConvolutionParams& p = layer.conv;
  const bool pointwise = p.kernel_h == 1 && p.kernel_w == 1 && p.stride_h == 1 && p.stride_w == 1 &&
                         p.pad_h == 0 && p.pad_w == 0 && p.pad_bottom() == 0 && p.pad_right() == 0 && p.group == 1;
  return pointwise ? ConvLayout::Plain : ConvLayout::Blocked;
}

std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx,
                                     ConvLayout layout) {
  if (layout == ConvLayout::Auto) layout = choose_conv_layout(layer);
  return std::make_unique<ConvolutionOneDnn>(layer, weights, ctx, layout);
}

}  // namespace cnn::onednn
