// The cublas and cudnn backends against the reference backend, op by op over the shared shape
// table (op_shape_table.h, plus a few CUDA-specific rows; every row at batch 1 and 3, fp32 and
// fp16): run where a CUDA device can be used, skipped with the driver's reason elsewhere. The
// kernels' per-element arithmetic (kernel_math.h) is checked on the host, with or without a GPU.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "backends/cublas/cublas_backend.h"
#include "backends/cublas/cublas_ops.h"
#include "backends/cuda_common/kernel_math.h"
#include "backends/cudnn/cudnn_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/model/graph.h"
#include "core/weights.h"
#include "tests/op_shape_table.h"
#include "tests/op_test_harness.h"

using namespace cnn;

namespace {

// max |a - r| / max |r|. fp16 stores every value with 11 significant bits (2^-11 relative).
double tolerance(Precision p) { return p == Precision::FP16 ? 1e-2 : 1e-4; }

std::unique_ptr<Backend> make_backend(const QString& id) {
  if (id == "cudnn") return std::make_unique<CudnnBackend>();
  return std::make_unique<CublasBackend>();
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

// The one layer of `prototxt` at batch 2, its weights, a random input and the reference output.
struct OneLayer {
  explicit OneLayer(const std::string& prototxt)
      : graph(parse_prototxt(prototxt, "kernel math"), 2), weights(generate_weights(graph, 7)) {
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

void add_rows(bool pools, bool lrns, bool convs) {
  QTest::addColumn<QString>("prototxt");
  for (const auto& [name, text] : rows()) {
    const bool take = (pools && name.find("pool") != std::string::npos) || (lrns && name.rfind("lrn", 0) == 0) ||
                      (convs && name.rfind("conv", 0) == 0 && name.find("->") == std::string::npos);
    if (take) QTest::newRow(name.c_str()) << QString::fromStdString(text);
  }
}

}  // namespace

class TestOpsCuda : public QObject {
  Q_OBJECT

 private slots:
  void poolingMathMatchesReference_data() { add_rows(true, false, false); }
  void poolingMathMatchesReference();
  void lrnMathMatchesReference_data() { add_rows(false, true, false); }
  void lrnMathMatchesReference();
  void im2colMathMatchesReference_data() { add_rows(false, false, true); }
  void im2colMathMatchesReference();
  void matchesReference_data();
  void matchesReference();
};

// pool_cell over every output, with the geometry the cublas op builds, == Caffe's pooling (the
// reference): ceil rounding, clipped windows and the AVE divisor included.
void TestOpsCuda::poolingMathMatchesReference() {
  QFETCH(QString, prototxt);
  const OneLayer l(prototxt.toStdString());
  const Shape& out = l.expected.shape();
  const cuda::PoolGeometry g = cublas::pool_geometry(l.desc());
  QCOMPARE(g.outputs(), out.count());
  Tensor got = Tensor::allocate(out);
  for (std::size_t i = 0; i < g.outputs(); ++i) got.f32()[i] = cuda::pool_cell(g, i, HostLoad{l.input.f32()});
  QVERIFY2(relative_error(got, l.expected) <= 1e-6, qPrintable(QString::number(relative_error(got, l.expected))));
}

// lrn_pixel's sliding window over every pixel == Caffe's LRN (the reference's direct sums).
void TestOpsCuda::lrnMathMatchesReference() {
  QFETCH(QString, prototxt);
  const OneLayer l(prototxt.toStdString());
  const Shape& s = l.input.shape();
  const cuda::LrnGeometry g = cublas::lrn_geometry(l.desc());
  Tensor got = Tensor::allocate(s);
  for (std::size_t px = 0; px < g.pixels(); ++px) cuda::lrn_pixel(g, px, HostLoad{l.input.f32()}, HostStore{got.f32()});
  QVERIFY2(relative_error(got, l.expected) <= 1e-5, qPrintable(QString::number(relative_error(got, l.expected))));
}

// im2col_position's column matrices, multiplied group by group with the weights exactly as the
// cublas convolution lays out its GEMMs (weights g*M*K, columns g*K*N, output g*M*N), plus bias
// == the reference convolution.
void TestOpsCuda::im2colMathMatchesReference() {
  QFETCH(QString, prototxt);
  const OneLayer l(prototxt.toStdString());
  const ConvolutionParams& p = l.desc().conv;
  const Shape& in = l.input.shape();
  const Shape& out = l.expected.shape();
  const cuda::ConvGeometry g = cublas::conv_geometry(l.desc());
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
  QVERIFY2(relative_error(got, l.expected) <= 1e-5, qPrintable(QString::number(relative_error(got, l.expected))));
}

void TestOpsCuda::matchesReference_data() {
  QTest::addColumn<QString>("lib");
  QTest::addColumn<int>("precision");
  QTest::addColumn<QString>("prototxt");
  QTest::addColumn<int>("batch");
  for (const char* lib : {"cublas", "cudnn"})
    for (Precision p : {Precision::FP32, Precision::FP16})
      for (const auto& [name, text] : rows())
        for (int batch : {1, 3}) {
          const std::string tag =
              std::string(lib) + " " + std::string(to_string(p)) + " " + name + " b" + std::to_string(batch);
          QTest::newRow(tag.c_str()) << QString(lib) << int(p) << QString::fromStdString(text) << batch;
        }
}

void TestOpsCuda::matchesReference() {
  QFETCH(QString, lib);
  QFETCH(int, precision);
  QFETCH(QString, prototxt);
  QFETCH(int, batch);
  const auto backend = make_backend(lib);
  const BackendInfo info = backend->info();
  if (!info.available) QSKIP((info.id + " is not available: " + info.why_not).c_str());
  BackendIo io(*backend);
  test::OpComparisonOptions options;
  options.io = &io;
  const auto p = Precision(precision);
  const test::OpComparison r = test::compare_with_reference(prototxt.toStdString(), batch, *backend, p, options);
  QVERIFY2(r.failure.empty(), r.failure.c_str());
  QVERIFY2(r.worst <= tolerance(p), r.summary().c_str());
  if (QByteArray(QTest::currentDataTag()).contains("in place")) {
    const bool some_in_place = std::any_of(r.layers.begin(), r.layers.end(), [](const auto& l) { return l.in_place; });
    QVERIFY2(some_in_place, r.summary().c_str());
  }
}

QTEST_GUILESS_MAIN(TestOpsCuda)
#include "test_ops_cuda.moc"
