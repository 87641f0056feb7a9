// The cublas and cudnn backends against the reference backend, op by op over the shared shape
// table (op_shape_table.h, plus a few CUDA-specific rows; every row at batch 1 and 3, fp32 and
// fp16): run where a CUDA device can be used, skipped with the driver's reason elsewhere. The
// kernels' per-element arithmetic (kernel_math.h) is checked on the host, with or without a GPU.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "backends/cublas/cublas_backend.h"
#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernel_math.h"
#include "backends/cudnn/cudnn_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/model/graph.h"
#include "core/weights.h"
#include "tests/op_shape_table.h"
#include "tests/op_test_harness.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

// max |a - r| / max |r|. fp16 stores every value with 11 significant bits (2^-11 relative).
double tolerance(Precision p) { return p == Precision::FP16 ? 1e-2 : 1e-4; }

// One backend per library for the whole run, as cnn-bench keeps them: their handles are made once,
// not once for each of the table's ~600 rows.
Backend& backend_for(const std::string& id) {
  static CublasBackend cublas;
  static CudnnBackend cudnn;
  return id == "cudnn" ? static_cast<Backend&>(cudnn) : cublas;
}

// The candidate's tensors through the backend's own allocator and copies (device, fp16 or fp32).
class BackendIo final : public test::TensorIo {
 public:
  explicit BackendIo(Backend& b) : b_(b) {}
  Tensor allocate(const Shape& shape, Precision p) override {
    return b_.allocate(shape, p == Precision::FP16 ? DType::F16 : DType::F32);
  }
  void upload(const Tensor& host, Tensor& candidate) override { b_.upload(host, candidate); }
  void download(const Tensor& candidate, Tensor& host) override { b_.download(candidate, host); }

 private:
  Backend& b_;
};

struct HostLoad {
  const float* p;
  float operator()(std::size_t i) const { return p[i]; }
};
struct HostStore {
  float* p;
  void operator()(std::size_t i, float v) const { p[i] = v; }
};

// The one layer of a row at batch 2, its weights, a random input and the reference output.
struct OneLayer {
  explicit OneLayer(const test::OpShapeRow& row)
      : graph(test::parse_edited(row.prototxt, row.edit, "kernel math"), 2), weights(generate_weights(graph, 7)) {
    const auto& node = graph.nodes().at(0);
    input = Tensor::allocate(graph.values()[node.inputs[0]].shape);
    fill_input(input, 3);
    expected = Tensor::allocate(graph.values()[node.outputs[0]].shape);
    ReferenceBackend reference;
    auto op = reference.create(node.desc, weights[0], RunConfig{});
    const Tensor* in[] = {&input};
    Tensor* out[] = {&expected};
    op->forward(in, out);
  }
  const LayerDesc& desc() const { return graph.nodes()[0].desc; }
  Graph graph;
  ModelWeights weights;
  Tensor input, expected;
};

// cuDNN's pooling as its documentation gives it, for one output of one plane: windows at o * stride - pad
// with `pad` (the layer's top / left pad) on both sides; MAX over the window's cells inside the input;
// AVE their sum divided by the whole window (COUNT_INCLUDE_PADDING) or by those cells (EXCLUDE_PADDING).
float cudnn_pool_cell(const PoolingParams& p, const Shape& in, const float* plane, int oh, int ow) {
  const int h0 = oh * p.stride_h - p.pad_h, w0 = ow * p.stride_w - p.pad_w;
  float m = -INFINITY, sum = 0;
  int cells = 0;
  for (int h = std::max(h0, 0); h < std::min(h0 + p.kernel_h, in.h); ++h)
    for (int w = std::max(w0, 0); w < std::min(w0 + p.kernel_w, in.w); ++w, ++cells) {
      m = std::max(m, plane[h * in.w + w]);
      sum += plane[h * in.w + w];
    }
  if (p.method == PoolMethod::Max) return m;
  return sum / float(p.exclude_pad ? cells : p.kernel_h * p.kernel_w);
}

double relative_error(const Tensor& a, const Tensor& r) {
  double diff = 0, ref = 0;
  for (std::size_t i = 0; i < r.count(); ++i) {
    const double d = std::fabs(double(a.f32()[i]) - double(r.f32()[i]));
    diff = std::isnan(d) ? INFINITY : std::max(diff, d);
    ref = std::max(ref, std::fabs(double(r.f32()[i])));
  }
  return ref > 0 ? diff / ref : diff;
}

// The shared table plus shapes that take the CUDA libraries down their other paths: a 1x1
// grouped convolution read in place of its columns, a Caffe ceil-rounded pool cuDNN cannot size
// (the project's kernel runs it), an LRN wider than cuDNN's limit of 16.
std::vector<test::OpShapeRow> rows() {
  using test::conv, test::layer, test::net, test::pool;
  std::vector<test::OpShapeRow> all = test::op_shape_rows();
  all.push_back({"conv 1x1 group 2", conv(8, 6, 6, "num_output: 6 kernel_size: 1 group: 2")});
  all.push_back({"max pool 112 k3 s2 (GoogLeNet, ceil)", pool(2, 112, 112, "pool: MAX kernel_size: 3 stride: 2")});
  all.push_back({"lrn 17 (beyond cuDNN's 16)",
                 net(20, 4, 4, layer("LRN", "lrn_param { local_size: 17 alpha: 0.5 beta: 0.75 }"))});
  return all;
}

// The rows of rows() that take the pooling, LRN or convolution kernels.
std::vector<test::OpShapeRow> kernel_rows(bool pools, bool lrns, bool convs) {
  std::vector<test::OpShapeRow> taken;
  for (const test::OpShapeRow& row : rows()) {
    const std::string& name = row.name;
    const bool take = (pools && name.find("pool") != std::string::npos) || (lrns && name.rfind("lrn", 0) == 0) ||
                      (convs && name.rfind("conv", 0) == 0 && name.find("->") == std::string::npos);
    if (take) taken.push_back(row);
  }
  return taken;
}

// Rows a library declines by design (its supports() says no), checked as declines: cuDNN pads both
// sides of an axis alike, and its only clipping activation has a lower bound of 0.
bool declined_by_design(const std::string& lib, const std::string& row) {
  if (lib != "cudnn") return false;
  const bool unequal_conv_pads = row.rfind("conv", 0) == 0 && (row.find("/+1") != std::string::npos ||
                                                              row.find("/-1") != std::string::npos);
  const bool clip_not_from_0 = row.find("clip -") != std::string::npos || row == "clip min == max";
  return unequal_conv_pads || clip_not_from_0;
}

}  // namespace

// pool_cell over every output, with the geometry the cublas op builds, == Caffe's pooling (the
// reference): ceil rounding, clipped windows and the AVE divisor included.
TEST_CASE("poolingMathMatchesReference") {
  const OneLayer l(test::pick_row(kernel_rows(true, false, false), &test::OpShapeRow::name));
  const Shape& out = l.expected.shape();
  const cuda::PoolGeometry g = cuda::pool_geometry(l.desc());
  CHECK(g.outputs() == out.count());
  Tensor got = Tensor::allocate(out);
  for (std::size_t i = 0; i < g.outputs(); ++i) got.f32()[i] = cuda::pool_cell(g, i, HostLoad{l.input.f32()});
  CHECK(relative_error(got, l.expected) <= 1e-6);
}

// The cudnn backend runs a pooling row by cuDNN where pooling_fits says so, else by the project's kernel:
// for every row cuDNN takes, its arithmetic (above, on the layer's output size) equals the reference.
TEST_CASE("cudnnTakesThePoolingsItComputesAlike") {
  int taken = 0, left = 0;
  for (const test::OpShapeRow& row : rows()) {
    if (row.name.find("pool") == std::string::npos) continue;
    const OneLayer l(row);
    if (!cudnn::pooling_fits(l.desc())) {
      ++left;
      continue;
    }
    ++taken;
    const Shape& in = l.input.shape();
    const Shape& out = l.expected.shape();
    CHECK((in.h + 2 * l.desc().pool.pad_h - l.desc().pool.kernel_h) / l.desc().pool.stride_h + 1 == out.h);
    Tensor got = Tensor::allocate(out);
    for (int plane = 0; plane < in.n * in.c; ++plane)
      for (int oh = 0; oh < out.h; ++oh)
        for (int ow = 0; ow < out.w; ++ow)
          got.f32()[(std::size_t(plane) * out.h + oh) * out.w + ow] =
              cudnn_pool_cell(l.desc().pool, in, l.input.f32() + std::size_t(plane) * in.h * in.w, oh, ow);
    const double error = relative_error(got, l.expected);
    CHECK_MESSAGE(error <= 1e-6, (row.name + ": " + std::to_string(error)).c_str());
  }
  CHECK_MESSAGE((taken >= 10 && left >= 8),
                (std::to_string(taken) + " taken, " + std::to_string(left) + " left").c_str());
}

// lrn_pixel's sliding window over every pixel == Caffe's LRN (the reference's direct sums).
TEST_CASE("lrnMathMatchesReference") {
  const OneLayer l(test::pick_row(kernel_rows(false, true, false), &test::OpShapeRow::name));
  const Shape& s = l.input.shape();
  const cuda::LrnGeometry g = cuda::lrn_geometry(l.desc());
  Tensor got = Tensor::allocate(s);
  for (std::size_t px = 0; px < g.pixels(); ++px) cuda::lrn_pixel(g, px, HostLoad{l.input.f32()}, HostStore{got.f32()});
  CHECK(relative_error(got, l.expected) <= 1e-5);
}

// im2col_position's column matrices, multiplied group by group with the weights exactly as the
// cublas convolution lays out its GEMMs (weights g*M*K, columns g*K*N, output g*M*N), plus bias
// == the reference convolution.
TEST_CASE("im2colMathMatchesReference") {
  const OneLayer l(test::pick_row(kernel_rows(false, false, true), &test::OpShapeRow::name));
  const ConvolutionParams& p = l.desc().conv;
  const Shape& in = l.input.shape();
  const Shape& out = l.expected.shape();
  const cuda::ConvGeometry g = cuda::conv_geometry(l.desc());
  const std::size_t m = std::size_t(out.c / p.group), k = g.rows() / std::size_t(p.group), n = g.columns();
  std::vector<float> cols(g.rows() * n, NAN);
  Tensor got = Tensor::allocate(out);
  const float* w = l.weights[0].blobs[0].f32();
  for (int image = 0; image < in.n; ++image) {
    const float* x = l.input.f32() + std::size_t(image) * in.per_image();
    for (int c = 0; c < in.c; ++c)
      for (int oh = 0; oh < out.h; ++oh)
        for (int ow = 0; ow < out.w; ++ow) cuda::im2col_position(g, c, oh, ow, HostLoad{x}, HostStore{cols.data()});
    float* y = got.f32() + std::size_t(image) * out.per_image();
    for (int grp = 0; grp < p.group; ++grp)
      for (std::size_t r = 0; r < m; ++r)
        for (std::size_t col = 0; col < n; ++col) {
          double sum = 0;
          for (std::size_t i = 0; i < k; ++i)
            sum += double(w[grp * m * k + r * k + i]) * cols[grp * k * n + i * n + col];
          const float bias = p.bias_term ? l.weights[0].blobs[1].f32()[grp * m + r] : 0.f;
          y[grp * m * n + r * n + col] = float(sum) + bias;
        }
  }
  CHECK(relative_error(got, l.expected) <= 1e-5);
}

// One library, precision, row of rows() and batch; named "cudnn fp16 <row> b3".
struct LibraryRow {
  std::string tag;
  std::string lib;
  Precision precision;
  test::OpShapeRow shape;
  int batch;
};

// Every row of rows() at batch 1 and 3 for both libraries in both precisions: those a library
// declines by design (declined == true), or the others.
std::vector<LibraryRow> library_rows(bool declined) {
  std::vector<LibraryRow> out;
  for (const char* lib : {"cublas", "cudnn"})
    for (Precision p : {Precision::FP32, Precision::FP16})
      for (const test::OpShapeRow& row : rows())
        for (int batch : {1, 3}) {
          if (declined_by_design(lib, row.name) != declined) continue;
          const std::string tag =
              std::string(lib) + " " + std::string(to_string(p)) + " " + row.name + " b" + std::to_string(batch);
          out.push_back({tag, lib, p, row, batch});
        }
  return out;
}

// Whether a CUDA device can be used: "" if so, else the driver's reason.
std::string no_device() {
  const BackendInfo cublas = backend_for("cublas").info(), cudnn = backend_for("cudnn").info();
  if (cublas.available || cudnn.available) return {};
  return cublas.why_not;
}

// A row a library declines by design: supports() is pure, so this needs no device.
TEST_CASE("matchesReference (declined by design)") {
  const LibraryRow row = test::pick_row(library_rows(true));
  const Backend& backend = backend_for(row.lib);
  const Graph g(test::parse_edited(row.shape.prototxt, row.shape.edit, "decline"), row.batch);
  const auto declined = [&](const Graph::Node& n) { return !backend.supports(n.desc, row.precision); };
  CHECK(std::any_of(g.nodes().begin(), g.nodes().end(), declined));
}

TEST_CASE("matchesReference") {
  if (const std::string why = no_device(); !why.empty()) {  // one message for the whole table
    MESSAGE("skipped, no CUDA device: " << why);
    return;
  }
  const LibraryRow row = test::pick_row(library_rows(false));
  Backend& backend = backend_for(row.lib);
  const BackendInfo info = backend.info();
  if (!info.available) {
    MESSAGE("skipped: " << info.id << " is not available: " << info.why_not);
    return;
  }
  BackendIo io(backend);
  test::OpComparisonOptions options;
  options.io = &io;
  options.edit = row.shape.edit;
  const test::OpComparison r =
      test::compare_with_reference(row.shape.prototxt, row.batch, backend, row.precision, options);
  CHECK_MESSAGE(r.failure.empty(), r.failure);
  CHECK_MESSAGE(r.worst <= tolerance(row.precision), r.summary());
  if (test::contains(row.tag, "in place")) {
    const bool some_in_place = std::any_of(r.layers.begin(), r.layers.end(), [](const auto& l) { return l.in_place; });
    CHECK_MESSAGE(some_in_place, r.summary());
  }
}
