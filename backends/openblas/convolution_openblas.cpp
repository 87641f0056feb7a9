// Convolution as Caffe does it on the CPU, im2col then one sgemm per group, organised for
// speed on few cores: the batch's output pixels (image by image) are cut into one contiguous
// run per thread, and each thread convolves its run in chunks with single-threaded GEMMs
// (OpenBLAS sees omp_in_parallel()), so threads never wait for each other inside a layer and a
// batch of 3 on 2 threads is still split evenly. A chunk is part of one image, GEMM'd straight
// into the output, or several whole images side by side ([K x images*pixels]) when an image
// alone makes a narrow GEMM (13x13 layers), GEMM'd into scratch and copied out. Chunks are also
// kept narrow enough that one group's im2col columns (written, then read by the GEMM right
// away, group by group) stay within about 4 MiB: narrower chunks keep the columns in cache but
// make OpenBLAS repack the weights more often; 4 MiB measured best on AlexNet and ResNet-50
// layers here (1 to 8 MiB tried, 2 MiB L2 per core). Bias is written first and accumulated
// onto (beta = 1). 1x1 stride-1 convolutions read their input in place; single-channel groups
// (depthwise) are convolved directly from a zero-padded copy of each input plane. Scratch (workspace_bytes): per thread, the im2col columns of its widest
// chunk, the GEMM output of its widest multi-image chunk and the zero-padded input rows im2col
// reads (or, depthwise, one padded plane). In a fused graph, a residual sum and a ReLU are applied to
// each chunk's output right after its GEMM (or in its copy-out), while it is still in cache.
#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>
#include <vector>

#include "backends/openblas/depthwise_openblas.h"
#include "backends/openblas/im2col_openblas.h"
#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

constexpr int kTargetColumns = 1024;               // default ConvTuning::target_columns
constexpr std::size_t kColumnBytes = std::size_t(4) << 20;  // default ConvTuning::column_bytes
constexpr int kMinColumns = 64;                    // never cut chunks narrower than this

struct Segment {
  int image = 0, p0 = 0, p1 = 0;  // output pixels [p0, p1) of one image
  int column = 0;                 // first GEMM column of the segment within its chunk
};

struct Chunk {
  std::vector<Segment> segments;
  int columns = 0;
};

class ConvolutionOpenBlas final : public Op {
 public:
  ConvolutionOpenBlas(const LayerDesc& layer, const Weights& weights, int threads, ConvTuning tuning)
      : in_shape_(layer.in_shapes.at(0)), out_shape_(layer.out_shapes.at(0)), fused_(layer.fused),
        threads_(threads) {
    assert(layer.in_shapes.size() == (fused_.sum ? 2u : 1u));
    const ConvolutionParams& p = layer.conv;
    g_ = ConvGeometry{in_shape_.c, in_shape_.h, in_shape_.w, p.kernel_h, p.kernel_w, p.stride_h,
                      p.stride_w, p.pad_h, p.pad_w, p.dilation_h, p.dilation_w, out_shape_.h,
                      out_shape_.w};
    groups_ = p.group;
    assert(groups_ >= 1 && in_shape_.c % groups_ == 0 && out_shape_.c % groups_ == 0);
    m_ = out_shape_.c / groups_;
    k_ = in_shape_.c / groups_ * p.kernel_h * p.kernel_w;
    weights_ = weights.blobs.at(0);
    assert(weights_.count() == std::size_t(out_shape_.c) * k_);
    if (p.bias_term) {
      bias_ = weights.blobs.at(1);
      assert(bias_.count() == std::size_t(out_shape_.c));
    }
    single_channel_ = groups_ > 1 && in_shape_.c == groups_;
    direct_1x1_ = p.kernel_h == 1 && p.kernel_w == 1 && p.stride_h == 1 && p.stride_w == 1 &&
                  p.pad_h == 0 && p.pad_w == 0 && p.pad_bottom() == 0 && p.pad_right() == 0;
    if (single_channel_) {
      slots_ = threads_;
      col_slot_ = single_channel_scratch(g_);  // the zero-padded input plane, per thread
      col_ = AlignedFloats(col_slot_ * slots_);
    } else {
      plan(tuning);
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == (fused_.sum ? 2u : 1u) && out.size() == 1);
    check_tensor(*in[0], in_shape_);
    check_tensor(*out[0], out_shape_);
    assert(in[0]->data() != out[0]->data());
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    out_stride_ = out[0]->image_stride();  // more than an image: its slice of a concat's output
    addend_ = nullptr;
    if (fused_.sum) {
      check_tensor(*in[1], out_shape_);
      addend_ = in[1]->f32();
    }
    if (single_channel_) return forward_single_channel(x, y);
    const int slots = int(plan_.size());
    if (slots == 1) {  // one thread, or too few pixels to share: OpenBLAS may thread the GEMMs
      use_gemm_threads(threads_);
      run_slot(0, x, y);
      return;
    }
#pragma omp parallel num_threads(slots)
    for (int s = omp_get_thread_num(); s < slots; s += omp_get_num_threads()) run_slot(s, x, y);
  }

  std::size_t workspace_bytes() const override { return col_.bytes() + tmp_.bytes() + pad_.bytes(); }

 private:
  // Cuts the batch's pixels into one run per thread and each run into chunks; sizes the scratch.
  void plan(ConvTuning tuning) {
    const int hw = g_.out_hw();
    const std::int64_t total = std::int64_t(in_shape_.n) * hw;
    const int slots = int(std::clamp<std::int64_t>(threads_, 1, total));
    slots_ = slots;
    const int target = tuning.target_columns > 0 ? tuning.target_columns : kTargetColumns;
    // Widest chunk whose one-group im2col columns fit the budget. Wider runs are cut, except in
    // 1x1 convolutions, which read a single image's pixels in place and write no columns.
    const std::size_t budget = tuning.column_bytes > 0 ? tuning.column_bytes : kColumnBytes;
    const int fits = int(std::min<std::size_t>(std::numeric_limits<int>::max(),
                                               std::max<std::size_t>(kMinColumns, budget / (sizeof(float) * k_))));
    const int widest = direct_1x1_ ? std::numeric_limits<int>::max() : fits;
    plan_.assign(slots, {});
    for (int t = 0; t < slots; ++t) {
      // The run's segments: pieces of single images, at most `widest` pixels, evenly cut.
      std::vector<Segment> run;
      for (std::int64_t pos = total * t / slots, end = total * (t + 1) / slots; pos < end;) {
        Segment s;
        s.image = int(pos / hw);
        s.p0 = int(pos % hw);
        s.p1 = int(std::min<std::int64_t>(hw, s.p0 + (end - pos)));
        if (s.p1 - s.p0 > widest) {
          const int pieces = (s.p1 - s.p0 + widest - 1) / widest;
          s.p1 = s.p0 + (s.p1 - s.p0 + pieces - 1) / pieces;
        }
        pos += s.p1 - s.p0;
        run.push_back(s);
      }
      // Greedy packing to the width counts the chunks; packing again to an even share of the
      // run's columns balances them (8 images of 169 pixels: 4 + 4, not 6 + 2).
      auto pack = [&run](int width, bool close_at_width) {
        std::vector<Chunk> chunks(1);
        for (Segment s : run) {
          Chunk& c = chunks.back();
          const int len = s.p1 - s.p0;
          if (!close_at_width && c.columns > 0 && c.columns + len > width) chunks.emplace_back();
          Chunk& d = chunks.back();
          s.column = d.columns;
          d.segments.push_back(s);
          d.columns += len;
          if (close_at_width && d.columns >= width) chunks.emplace_back();
        }
        if (chunks.back().segments.empty()) chunks.pop_back();
        return chunks;
      };
      const std::size_t count = pack(std::min(target, fits), false).size();
      int run_columns = 0;
      for (const Segment& s : run) run_columns += s.p1 - s.p0;
      plan_[t] = pack(int((run_columns + count - 1) / std::max<std::size_t>(count, 1)), true);
    }
    std::size_t col_columns = 0, tmp_columns = 0;
    for (const auto& chunks : plan_)
      for (const Chunk& c : chunks) {
        if (!direct_1x1_ || c.segments.size() > 1) col_columns = std::max<std::size_t>(col_columns, c.columns);
        if (c.segments.size() > 1) tmp_columns = std::max<std::size_t>(tmp_columns, c.columns);
      }
    col_slot_ = std::size_t(k_) * col_columns;  // one group's columns at a time
    tmp_slot_ = std::size_t(out_shape_.c) * tmp_columns;
    pad_slot_ = direct_1x1_ ? 0 : im2col_scratch(group_geometry());
    col_ = AlignedFloats(col_slot_ * slots);
    tmp_ = AlignedFloats(tmp_slot_ * slots);
    pad_ = AlignedFloats(pad_slot_ * slots);
  }

  // The geometry of one group: its input channels only.
  ConvGeometry group_geometry() const {
    ConvGeometry g = g_;
    g.channels = g_.channels / groups_;
    return g;
  }

  void run_slot(int s, const float* x, float* y) const {
    float* col = col_.get() + col_slot_ * s;
    float* tmp = tmp_.get() + tmp_slot_ * s;
    float* pad = pad_.get() + pad_slot_ * s;
    for (const Chunk& c : plan_[s]) run_chunk(c, x, y, col, tmp, pad);
  }

  // One chunk on the calling thread: bias, then per group its im2col columns (or the input
  // itself) and its GEMM, then the copy-out of a multi-image chunk.
  void run_chunk(const Chunk& chunk, const float* x, float* y, float* col, float* tmp, float* pad) const {
    const std::size_t hw = std::size_t(g_.out_hw());
    const std::size_t in_image = in_shape_.per_image(), out_image = out_stride_;
    const std::size_t in_group = in_image / groups_;  // one group's input channels, one image
    const bool single = chunk.segments.size() == 1;
    const Segment& first = chunk.segments.front();
    float* c = single ? y + out_image * first.image + first.p0 : tmp;
    const std::size_t ldc = single ? hw : std::size_t(chunk.columns);
    float beta = 0.f;
    if (!bias_.empty()) {
      const float* bias = bias_.f32();
      for (int oc = 0; oc < out_shape_.c; ++oc) std::fill_n(c + oc * ldc, chunk.columns, bias[oc]);
      beta = 1.f;
    }
    const ConvGeometry gg = group_geometry();
    const float* w = weights_.f32();
    for (int grp = 0; grp < groups_; ++grp) {
      const float* b = col;
      std::size_t ldb = std::size_t(chunk.columns);
      if (direct_1x1_ && single) {
        b = x + in_image * first.image + in_group * grp + first.p0;
        ldb = hw;
      } else {
        for (const Segment& s : chunk.segments) {
          const float* image = x + in_image * s.image + in_group * grp;
          if (direct_1x1_) {
            for (int ch = 0; ch < gg.channels; ++ch)
              std::memcpy(col + ch * ldb + s.column, image + ch * hw + s.p0, sizeof(float) * (s.p1 - s.p0));
          } else {
            im2col(image, gg, s.p0, s.p1, col + s.column, ldb, pad);
          }
        }
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m_, chunk.columns, k_, 1.f,
                  w + std::size_t(grp) * m_ * k_, k_, b, int(ldb), beta, c + std::size_t(grp) * m_ * ldc,
                  int(ldc));
    }
    const auto addend = [&](const Segment& s, int oc) {  // packed, unlike a strided output
      return addend_ ? addend_ + out_shape_.per_image() * s.image + oc * hw + s.p0 : nullptr;
    };
    if (single) {
      if (fused_.any())
        for (int oc = 0; oc < out_shape_.c; ++oc)
          finish(fused_, c + oc * ldc, addend(first, oc), c + oc * ldc, std::size_t(chunk.columns));
      return;
    }
    for (const Segment& s : chunk.segments) {
      float* image = y + out_image * s.image;
      for (int oc = 0; oc < out_shape_.c; ++oc) {
        const float* from = tmp + oc * ldc + s.column;
        if (fused_.any())
          finish(fused_, from, addend(s, oc), image + oc * hw + s.p0, std::size_t(s.p1 - s.p0));
        else
          std::memcpy(image + oc * hw + s.p0, from, sizeof(float) * (s.p1 - s.p0));
      }
    }
  }

  // Cin / group == 1: each output channel convolves one input channel directly.
  void forward_single_channel(const float* x, float* y) const {
    const int n = in_shape_.n, channels = out_shape_.c, per_group = m_;
    const std::size_t in_plane = std::size_t(g_.height) * g_.width, out_plane = g_.out_hw();
    const std::size_t taps = std::size_t(g_.kernel_h) * g_.kernel_w;
    const float* w = weights_.f32();
    const float* bias = bias_.empty() ? nullptr : bias_.f32();
    const int planes = n * channels;
    const int team = std::min(threads_for(out_shape_.count(), threads_), slots_);
#pragma omp parallel num_threads(team)
    {
      float* pad = col_.get() + col_slot_ * omp_get_thread_num();
#pragma omp for schedule(static)
      for (int p = 0; p < planes; ++p) {
        const int i = p / channels, oc = p % channels;
        float* plane = y + std::size_t(i) * out_stride_ + std::size_t(oc) * out_plane;
        single_channel_convolution(x + (std::size_t(i) * in_shape_.c + oc / per_group) * in_plane, g_,
                                   w + oc * taps, bias ? bias[oc] : 0.f, plane, pad);
        if (fused_.any())
          finish(fused_, plane, addend_ ? addend_ + std::size_t(p) * out_plane : nullptr, plane, out_plane);
      }
    }
  }

  Shape in_shape_, out_shape_;
  FusedOps fused_;
  const float* addend_ = nullptr;  // during forward(): the fused sum's other operand, or null
  std::size_t out_stride_ = 0;     // during forward(): elements from one output image to the next
  ConvGeometry g_;
  int groups_ = 1, m_ = 0, k_ = 0;  // GEMM per group: [m_ x k_] weights times [k_ x columns]
  bool single_channel_ = false, direct_1x1_ = false;
  Tensor weights_, bias_;  // shared with the model's Weights; bias_ empty without a bias term
  int threads_ = 1;
  std::vector<std::vector<Chunk>> plan_;  // per thread slot, its chunks in order
  int slots_ = 1;                         // scratch slots (threads that may run at once)
  std::size_t col_slot_ = 0, tmp_slot_ = 0, pad_slot_ = 0;  // scratch floats per slot
  // Per thread slot: im2col columns, multi-image GEMM output, zero-padded input rows.
  AlignedFloats col_, tmp_, pad_;
};

}  // namespace

// Branch-free (max / min), so the loops vectorise: a ReLU's branch mispredicts on half the values
// and made the fused layer slower than a separate ReLU pass.
void finish(const FusedOps& fused, const float* src, const float* addend, float* dst, std::size_t count) {
  const bool relu = fused.activation == Activation::ReLU;
  const float slope = fused.negative_slope;
  if (addend && relu) {
    for (std::size_t i = 0; i < count; ++i) {
      const float v = src[i] + addend[i];
      dst[i] = std::max(v, 0.f) + slope * std::min(v, 0.f);
    }
  } else if (addend) {
    for (std::size_t i = 0; i < count; ++i) dst[i] = src[i] + addend[i];
  } else if (relu) {
    for (std::size_t i = 0; i < count; ++i) dst[i] = std::max(src[i], 0.f) + slope * std::min(src[i], 0.f);
  } else if (dst != src) {
    std::memcpy(dst, src, count * sizeof(float));
  }
}

std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, int threads,
                                     ConvTuning tuning) {
  return std::make_unique<ConvolutionOpenBlas>(layer, weights, threads, tuning);
}

}  // namespace cnn::openblas
