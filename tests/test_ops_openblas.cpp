// The OpenBLAS backend against the reference backend, op by op, over the shared table of shapes
// (op_shape_table.h, every row at batch 1 and 3), plus its identity, the kernel choice and the
// convolution's work splits.
#include <QtTest>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "backends/openblas/openblas_backend.h"
#include "backends/openblas/openblas_kernel.h"
#include "backends/openblas/openblas_ops.h"
#include "core/model/graph.h"
#include "core/weights.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/verify.h"
#include "core/model/fusion.h"
#include "core/session.h"
#include "tests/op_shape_table.h"
#include "tests/op_test_harness.h"

using namespace cnn;
using namespace cnn::test;  // the shared shape table and its prototxt builders

namespace {

constexpr double kTolerance = 1e-4;  // max |a - r| / max |r|, fp32

// A backend whose convolutions split their work as told; everything else is OpenBlasBackend's.
class TunedOpenBlas final : public Backend {
 public:
  explicit TunedOpenBlas(openblas::ConvTuning tuning) : tuning_(tuning) {}
  BackendInfo info() const override { return inner_.info(); }
  bool supports(const LayerDesc& l, Precision p) const override { return inner_.supports(l, p); }
  void configure(const RunConfig& config) override { inner_.configure(config); }
  std::unique_ptr<Op> create(const LayerDesc& l, const Weights& w, const RunConfig& config) override {
    if (l.type == LayerType::Convolution)
      return openblas::make_convolution(l, w, config.resolved_threads(), tuning_);
    return inner_.create(l, w, config);
  }

 private:
  OpenBlasBackend inner_;
  openblas::ConvTuning tuning_;
};

}  // namespace

class TestOpsOpenBlas : public QObject {
  Q_OBJECT

 private slots:
  void identity();
  void kernelIsFastOnThisCpu();
  void declinesFp16();
  void matchesReference_data();
  void matchesReference();
  void fusedOpsMatchReference_data();
  void fusedOpsMatchReference();
  void fusedModelsMatchReference_data();
  void fusedModelsMatchReference();
  void concatInputsAreWrittenInPlace();
  void convolutionSplitsMatchReference_data();
  void convolutionSplitsMatchReference();
  void depthwisePathsMatchReference_data();
  void depthwisePathsMatchReference();
  void workspaceIsIm2colScratch();
};

void TestOpsOpenBlas::identity() {
  const BackendInfo info = OpenBlasBackend().info();
  QCOMPARE(info.id, std::string("openblas"));
  QVERIFY2(info.name.rfind("OpenBLAS 0.", 0) == 0, info.name.c_str());
  const QString kernel = QString("(%1)").arg(QString::fromStdString(openblas_kernel_name()));
  QVERIFY2(QString::fromStdString(info.name).endsWith(kernel), info.name.c_str());
  QCOMPARE(info.precisions.size(), std::size_t(1));
  QVERIFY(info.available);
  std::string threads;
  for (const auto& [key, value] : info.details)
    if (key == "threads model") threads = value;
  QCOMPARE(threads, std::string("OpenMP"));  // the OpenMP build of OpenBLAS is linked and loaded
}

void TestOpsOpenBlas::kernelIsFastOnThisCpu() {
  const char* forced = std::getenv("OPENBLAS_CORETYPE");
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
  if (!avx512) QSKIP("no AVX-512 on this CPU");
  if (forced && std::string(forced) != "SkylakeX") QSKIP("OPENBLAS_CORETYPE was set by the user");
  const QString kernel = QString::fromStdString(openblas_kernel_name()).toLower();
  QVERIFY2(kernel == "skylakex" || kernel == "cooperlake" || kernel == "sapphirerapids", qPrintable(kernel));
}

void TestOpsOpenBlas::declinesFp16() {
  const Graph g(parse_prototxt(conv(3, 8, 8, "num_output: 4 kernel_size: 3"), "fp16"), 1);
  OpenBlasBackend b;
  QVERIFY(!b.supports(g.nodes()[0].desc, Precision::FP16));
  RunConfig config;
  config.precision = Precision::FP16;
  QVERIFY(b.create(g.nodes()[0].desc, generate_weights(g, 1)[0], config) == nullptr);
}

void TestOpsOpenBlas::matchesReference_data() {
  QTest::addColumn<int>("row");  // in op_shape_rows()
  QTest::addColumn<int>("batch");
  const std::vector<OpShapeRow> rows = op_shape_rows();
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (int batch : {1, 3}) QTest::newRow((rows[i].name + " b" + std::to_string(batch)).c_str()) << int(i) << batch;
}

void TestOpsOpenBlas::matchesReference() {
  QFETCH(int, row);
  QFETCH(int, batch);
  const OpShapeRow entry = op_shape_rows().at(std::size_t(row));
  OpenBlasBackend backend;
  test::OpComparisonOptions options;
  options.edit = entry.edit;
  const test::OpComparison r = test::compare_with_reference(entry.prototxt, batch, backend, Precision::FP32, options);
  QVERIFY2(r.failure.empty(), r.failure.c_str());
  QVERIFY2(r.worst <= kTolerance, r.summary().c_str());
  if (QByteArray(QTest::currentDataTag()).contains("in place")) {
    const bool some_in_place = std::any_of(r.layers.begin(), r.layers.end(), [](const auto& l) { return l.in_place; });
    QVERIFY2(some_in_place, r.summary().c_str());
  }
}

void TestOpsOpenBlas::convolutionSplitsMatchReference_data() {
  QTest::addColumn<int>("threads");
  QTest::addColumn<int>("targetColumns");  // 1: every segment alone; 40: a few images; large: all
  QTest::addColumn<int>("columnBytes");    // 0: default cache budget; 1: the narrowest cut (64 px)
  QTest::addColumn<int>("batch");
  for (int threads : {1, 2, 3})
    for (int target : {1, 40, 100000})
      for (int bytes : {0, 1})
        for (int batch : {1, 5}) {
          const QString name =
              QString("t%1 target %2 bytes %3 b%4").arg(threads).arg(target).arg(bytes).arg(batch);
          QTest::newRow(qPrintable(name)) << threads << target << bytes << batch;
        }
}

void TestOpsOpenBlas::convolutionSplitsMatchReference() {
  QFETCH(int, threads);
  QFETCH(int, targetColumns);
  QFETCH(int, columnBytes);
  QFETCH(int, batch);
  TunedOpenBlas backend({targetColumns, std::size_t(columnBytes)});
  test::OpComparisonOptions options;
  options.threads = threads;
  for (const std::string& text : {conv(6, 9, 9, "num_output: 8 kernel_size: 3 pad: 1 group: 2"),
                                  conv(6, 5, 5, "num_output: 8 kernel_size: 1"),
                                  conv(4, 6, 7, "num_output: 3 kernel_size: 1 bias_term: false"),
                                  conv(4, 15, 13, "num_output: 6 kernel_size: 1 group: 2"),
                                  conv(3, 23, 23, "num_output: 4 kernel_size: 11 stride: 4 bias_term: false"),
                                  conv(2, 10, 9, "num_output: 3 kernel_size: 3 stride: 2 pad: 2 dilation: 2"),
                                  conv(4, 20, 19, "num_output: 6 kernel_size: 3 pad: 1 group: 2"),
                                  conv(3, 21, 21, "num_output: 5 kernel_size: 5 stride: 2 pad: 2")}) {
    const test::OpComparison r = test::compare_with_reference(text, batch, backend, Precision::FP32, options);
    QVERIFY2(r.failure.empty(), r.failure.c_str());
    QVERIFY2(r.worst <= kTolerance, (text + ": " + r.summary()).c_str());
  }
}

void TestOpsOpenBlas::depthwisePathsMatchReference_data() {
  QTest::addColumn<QString>("prototxt");
  QTest::addColumn<int>("threads");
  auto row = [](const char* name, const std::string& text) {
    for (int threads : {1, 2})
      QTest::newRow(qPrintable(QString("%1 t%2").arg(name).arg(threads))) << QString::fromStdString(text) << threads;
  };
  // Each path of single_channel_convolution: flat 3x3 (narrow rows), 3x3 row by row (wide
  // rows), 3x3 stride 2, and any other kernel; with and without padding and bias.
  row("3x3 flat 7x7", conv(16, 7, 7, "num_output: 16 kernel_size: 3 pad: 1 group: 16"));
  row("3x3 flat no pad", conv(5, 11, 10, "num_output: 5 kernel_size: 3 group: 5 bias_term: false"));
  row("3x3 rows wide", conv(3, 36, 40, "num_output: 3 kernel_size: 3 pad: 1 group: 3"));
  row("3x3 stride 2 odd", conv(6, 35, 33, "num_output: 6 kernel_size: 3 pad: 1 stride: 2 group: 6"));
  row("3x3 stride 2 by 1", conv(4, 12, 12, "num_output: 4 kernel_h: 3 kernel_w: 3 pad: 1 stride_h: 2 stride_w: 1 group: 4"));
  row("5x5 dilation 2", conv(4, 13, 12, "num_output: 4 kernel_size: 5 pad: 3 dilation: 2 group: 4"));
  row("3x1 multiplier 3", conv(2, 9, 8, "num_output: 6 kernel_h: 3 kernel_w: 1 pad_h: 1 pad_w: 0 group: 2"));
}

void TestOpsOpenBlas::depthwisePathsMatchReference() {
  QFETCH(QString, prototxt);
  QFETCH(int, threads);
  OpenBlasBackend backend;
  test::OpComparisonOptions options;
  options.threads = threads;
  for (int batch : {1, 3}) {
    const test::OpComparison r =
        test::compare_with_reference(prototxt.toStdString(), batch, backend, Precision::FP32, options);
    QVERIFY2(r.failure.empty(), r.failure.c_str());
    QVERIFY2(r.worst <= kTolerance, r.summary().c_str());
  }
}

void TestOpsOpenBlas::workspaceIsIm2colScratch() {
  RunConfig config;
  config.threads = 1;
  OpenBlasBackend b;
  const Graph g3(parse_prototxt(conv(4, 10, 10, "num_output: 8 kernel_size: 3 pad: 1"), "ws"), 1);
  auto op = b.create(g3.nodes()[0].desc, generate_weights(g3, 1)[0], config);
  QVERIFY(op);
  // One image's columns (36 rows x 100 pixels) and its zero-padded copy (4 x 12 x 12).
  QCOMPARE(op->workspace_bytes(), std::size_t(36 * 100 + 4 * 12 * 12) * sizeof(float));
  const Graph g1(parse_prototxt(conv(4, 40, 40, "num_output: 8 kernel_size: 1"), "ws"), 1);
  auto op1 = b.create(g1.nodes()[0].desc, generate_weights(g1, 1)[0], config);
  QVERIFY(op1);
  QCOMPARE(op1->workspace_bytes(), std::size_t(0));  // 1x1 stride 1 reads the input directly
}

void TestOpsOpenBlas::fusedOpsMatchReference_data() {
  QTest::addColumn<QString>("prototxt");
  QTest::addColumn<int>("batch");
  for (const OpShapeRow& row : fused_op_rows())
    for (int batch : {1, 3})
      QTest::newRow((row.name + " b" + std::to_string(batch)).c_str()) << QString::fromStdString(row.prototxt) << batch;
}

// Each row's layers fused as this library declares (every row has a group), against the reference
// running the same groups.
void TestOpsOpenBlas::fusedOpsMatchReference() {
  QFETCH(QString, prototxt);
  QFETCH(int, batch);
  OpenBlasBackend backend;
  const std::string failure = test::fused_ops_failure(prototxt.toStdString(), batch, backend, kTolerance);
  QVERIFY2(failure.empty(), failure.c_str());
}

void TestOpsOpenBlas::fusedModelsMatchReference_data() {
  QTest::addColumn<QString>("id");
  for (const std::string& id : builtin_model_ids()) QTest::newRow(id.c_str()) << QString::fromStdString(id);
}

// verify in the fused mode: every value of the fused graph against the unfused reference's.
void TestOpsOpenBlas::fusedModelsMatchReference() {
  QFETCH(QString, id);
  OpenBlasBackend candidate;
  const std::string failure = test::fused_model_failure(CNN_MODELS_DIR, id.toStdString(), candidate);
  QVERIFY2(failure.empty(), failure.c_str());
}

// In GoogLeNet's fused graph every inception branch's last convolution writes straight into its
// slice of the concat's output, and the output still matches the reference (fusedModelsMatchReference
// checks every value; this checks the slices are there, and the pass repeats identically).
void TestOpsOpenBlas::concatInputsAreWrittenInPlace() {
  OpenBlasBackend backend;
  const Graph source(load_prototxt(std::string(CNN_MODELS_DIR) + "/googlenet.prototxt"), 2);
  const FusedGraph fused = fuse(source, generate_weights(source, 1), fusions_of({&backend}, Precision::FP32));
  RunConfig config;
  config.threads = 2;
  Session session(fused.graph, fused.weights, backend, config);
  int concats = 0, slices = 0;
  for (const Graph::Node& n : fused.graph.nodes()) {
    if (n.desc.type != LayerType::Concat) continue;
    ++concats;
    for (int v : n.inputs) {
      const Tensor& t = session.value(v);
      QVERIFY(!t.packed());
      QCOMPARE(t.image_stride(), fused.graph.values()[std::size_t(n.outputs[0])].shape.per_image());
      ++slices;
    }
  }
  QCOMPARE(concats, 9);
  QCOMPARE(slices, 36);
  fill_input(session.input(), 1);
  session.forward();
  const Tensor first = session.host_value(fused.graph.outputs()[0]);
  std::vector<float> kept(first.f32(), first.f32() + first.count());
  session.forward();
  const Tensor again = session.host_value(fused.graph.outputs()[0]);
  QVERIFY(std::equal(kept.begin(), kept.end(), again.f32()));
}

int main(int argc, char** argv) {
  openblas_select_kernel(argv);  // may re-execute this test with OPENBLAS_CORETYPE set
  TestOpsOpenBlas test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_ops_openblas.moc"
