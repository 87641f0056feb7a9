#pragma once
// Internal to the oneDNN backend: the engine and stream every op shares, one factory per op
// class (each in <op>_onednn.cpp), and the memory helpers they share.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "core/backend.h"
#include "core/memory_tracker.h"

namespace cnn::onednn {

// One CPU engine and its in-order stream; execution on it is synchronous with the caller.
struct Context {
  dnnl::engine engine;
  dnnl::stream stream;
};
using ContextPtr = std::shared_ptr<Context>;

// Which memory formats a convolution computes in.
enum class ConvLayout {
  Auto,     // the faster of the two for the shape (see choose_conv_layout)
  Plain,    // NCHW source and destination, so no reorders (weights in oneDNN's preferred format)
  Blocked,  // oneDNN's preferred formats, with timed reorders from and to NCHW around it
};

// Which memory formats LRN and pooling compute in. The backend uses Plain: between NCHW layers,
// the blocked kernels did not win back their reorders on AlexNet and GoogLeNet layers.
enum class Layout {
  Plain,    // NCHW in and out
  Blocked,  // channels blocked by the vector width (nChw16c / nChw8c), with timed reorders
};

// Each factory expects a supported fp32 layer with its shapes filled and its weights in Caffe's
// layout (core/weights.h); a mismatch is a programming error and asserts. `threads` >= 1 is the
// team for the backend's own loops; oneDNN itself runs on omp_get_max_threads() (configure()).
// A fused sum and ReLU (LayerDesc::fused) run as the primitive's post-ops; tensors in the backend's
// own layout (LayerDesc::in_layouts / out_layouts) are read and written without reorders.
std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights,
                                     const ContextPtr& ctx, ConvLayout layout = ConvLayout::Auto);
std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx);
std::unique_ptr<Op> make_pooling(const LayerDesc& layer, const ContextPtr& ctx, int threads,
                                 Layout layout = Layout::Plain);
// One input, one output, a oneDNN eltwise algorithm with its alpha and beta (relu_onednn.cpp).
std::unique_ptr<Op> make_unary_eltwise(const LayerDesc& layer, const ContextPtr& ctx, dnnl::algorithm algorithm,
                                       float alpha, float beta);
std::unique_ptr<Op> make_relu(const LayerDesc& layer, const ContextPtr& ctx);
std::unique_ptr<Op> make_clip(const LayerDesc& layer, const ContextPtr& ctx);
std::unique_ptr<Op> make_lrn(const LayerDesc& layer, const ContextPtr& ctx, Layout layout = Layout::Plain);
std::unique_ptr<Op> make_concat(const LayerDesc& layer, const ContextPtr& ctx);
std::unique_ptr<Op> make_eltwise(const LayerDesc& layer, const ContextPtr& ctx);
std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx);
std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx);
std::unique_ptr<Op> make_softmax(const LayerDesc& layer, const ContextPtr& ctx);

// Whether the pooling op rescales some AVE outputs after oneDNN's primitive (where oneDNN's divisor
// is not the layer's): it then writes its output as NCHW, never in the backend's own layout.
bool pooling_rescales(const LayerDesc& layer);

// The layout Auto picks for this convolution layer (shapes filled).
ConvLayout choose_conv_layout(const LayerDesc& layer);

// The pooling output size (out_shapes, Caffe's ceil or ONNX's floor rounding) as oneDNN padding: the
// right / bottom padding that makes oneDNN's floor rounding give that size. Negative when the last
// window stops short of the input (floor rounding, or kernel < stride with clipping), which oneDNN
// cannot express: the pooling op then reads only the rows and columns some window reads.
int pooling_padding_r(int in, int out, int kernel, int stride, int pad_l);

// The buffers an op hands oneDNN instead of letting the library allocate its own: every memory
// oneDNN would own (reordered weights, folded factors, blocked copies of values, user-mode
// scratchpads) is made over a block from core's memory hook (core/memory_tracker.h), so what the
// library really holds is tracked, and counted here by kind for the op's modelled figures.
class Holdings {
 public:
  // A memory of `md` over a new tracked buffer of md.get_size() bytes; empty when that is 0.
  dnnl::memory weights(const dnnl::memory::desc& md, const dnnl::engine& engine);
  dnnl::memory workspace(const dnnl::memory::desc& md, const dnnl::engine& engine);
  std::size_t weights_bytes() const { return weights_bytes_; }
  std::size_t workspace_bytes() const { return workspace_bytes_; }

 private:
  dnnl::memory hold(const dnnl::memory::desc& md, const dnnl::engine& engine, std::size_t& counter);
  std::vector<TrackedBuffer> buffers_;
  std::size_t weights_bytes_ = 0, workspace_bytes_ = 0;
};

// {n, c, h, w} of a shape.
dnnl::memory::dims dims_of(const Shape& s);
// An fp32 NCHW descriptor of `s`.
dnnl::memory::desc plain_desc(const Shape& s);
// An fp32 descriptor of `dims` in the plain (row-major) format for its rank.
dnnl::memory::desc plain_desc(const dnnl::memory::dims& dims);
// A memory object of `md` without a buffer: bind() gives it one before each execution.
dnnl::memory unbound(const dnnl::memory::desc& md, const dnnl::engine& engine);
// Points `m` at a host fp32 tensor holding exactly `shape`'s elements (asserts that).
void bind(dnnl::memory& m, const Tensor& t, const Shape& shape);
// A weights memory of `md` in `held` holding `blob` (laid out as `blob_md`) reordered into `md`.
dnnl::memory reordered_copy(const Tensor& blob, const dnnl::memory::desc& blob_md,
                            const dnnl::memory::desc& md, Context& ctx, Holdings& held);
// The user scratchpad `pd` asks for, as workspace in `held`; an empty memory when it needs none.
dnnl::memory scratchpad_for(const dnnl::primitive_desc_base& pd, const dnnl::engine& engine, Holdings& held);
// A primitive_attr with a user-managed scratchpad (so the op owns and reports it).
dnnl::primitive_attr user_scratchpad_attr();
// A reorder from `src` to `dst` with a user-managed scratchpad: `args` gets FROM, TO and, when the
// reorder needs one, a scratchpad held as workspace in `held`.
dnnl::reorder user_reorder(const dnnl::memory& src, const dnnl::memory& dst, Holdings& held,
                           std::unordered_map<int, dnnl::memory>& args);

// The NCHW tensors an op receives, around a primitive that may want other formats: binds the
// tensors, and where the primitive's source or destination format differs from NCHW, reorders
// into or out of a buffer it owns, timing each reorder as a stage ("reorder in", "reorder out").
class NchwBridge {
 public:
  NchwBridge() = default;
  // `in_layout` / `out_layout`: how the session holds the tensors (Own: own_desc). `in_view`, when
  // given, is the leading part of the input the primitive reads (its dims, at most `in`'s): a
  // strided view of the input, reordered into a dense primitive_src.
  NchwBridge(const Shape& in, const dnnl::memory::desc& primitive_src, const Shape& out,
             const dnnl::memory::desc& primitive_dst, ContextPtr ctx, ValueLayout in_layout = ValueLayout::Nchw,
             ValueLayout out_layout = ValueLayout::Nchw, const dnnl::memory::dims& in_view = {});
  const dnnl::memory& src() const { return primitive_src_; }  // what the primitive reads
  const dnnl::memory& dst() const { return primitive_dst_; }  // what the primitive writes
  // Binds `in` and `out` and reorders `in` into src() when needed.
  void enter(const Tensor& in, const Tensor& out);
  // Reorders dst() into `out` when needed.
  void leave();
  std::span<const OpStage> stages() const { return stages_; }  // of the last enter / leave
  std::size_t buffer_bytes() const { return held_.workspace_bytes(); }  // blocked copies, scratchpads

 private:
  ContextPtr ctx_;
  Shape in_, out_;
  dnnl::memory user_src_, user_dst_, primitive_src_, primitive_dst_;
  std::optional<dnnl::reorder> reorder_in_, reorder_out_;
  std::unordered_map<int, dnnl::memory> in_args_, out_args_;
  std::vector<OpStage> stages_;
  Holdings held_;
};

// y = x * a[c] (+ b[c]) over an NCHW tensor, as one oneDNN binary multiply by a 1 x C x 1 x 1
// operand with a binary-add post-op for b; y may be x. The fastest oneDNN 2.6 primitive for it on
// NCHW (2 to 3 times faster than its NCHW batch_normalization kernel), though a vectorised loop
// is still 2 to 4 times faster on tensors that fit in cache and about even on larger ones.
class ChannelAffine {
 public:
  ChannelAffine() = default;
  // `b` empty: no shift. a.size() (and b.size()) == shape.c.
  ChannelAffine(const Shape& shape, const std::vector<float>& a, const std::vector<float>& b, ContextPtr ctx);
  void run(const Tensor& in, const Tensor& out);
  std::size_t weights_bytes() const { return held_.weights_bytes(); }  // its copies of a and b
  std::size_t workspace_bytes() const { return held_.workspace_bytes(); }

 private:
  ContextPtr ctx_;
  Shape shape_;
  dnnl::primitive affine_;
  dnnl::memory src_, dst_;
  Holdings held_;
  std::unordered_map<int, dnnl::memory> args_;
};

// The channel-blocked format of this CPU's vector width: nChw16c with AVX-512, else nChw8c.
dnnl::memory::desc blocked_desc(const Shape& s);
int channel_block();  // 16 or 8
// The backend's own layout (ValueLayout::Own): the format oneDNN's convolutions pick for
// themselves on this CPU, nhwc (channels last) or the channel-blocked one; found once by asking.
dnnl::memory::format_tag own_tag();
dnnl::memory::desc own_desc(const Shape& s);
// Whether a value of `s` can take the own layout in exactly its NCHW bytes (nhwc: always; blocked:
// when its channels fill whole blocks).
bool own_layout_fits(const Shape& s);
// How the session holds a tensor of `s`: own_desc for Own, else NCHW.
dnnl::memory::desc user_desc(const Shape& s, ValueLayout layout);

// Asserts that `t` is a host fp32 tensor holding exactly `shape`'s element count.
void check_tensor(const Tensor& t, const Shape& shape);

// Runs `p` on the context's stream with `args` and waits for it.
void run(const dnnl::primitive& p, Context& ctx, const std::unordered_map<int, dnnl::memory>& args);

}  // namespace cnn::onednn
