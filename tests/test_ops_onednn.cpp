// The oneDNN backend against the reference backend, op by op, over the shared table of shapes
// (every row at batch 1 and 3), plus its identity, threads, both layouts of the ops that can run
// blocked (convolution, LRN, pooling) and the reorder stages a blocked convolution reports.
#include <QtTest>

#include <omp.h>

#include <algorithm>
#include <string>

#include "backends/onednn/onednn_backend.h"
#include "backends/onednn/onednn_ops.h"
#include "core/model/graph.h"
#include "core/weights.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/verify.h"
#include "core/model/fusion.h"
#include "core/session.h"
#include "tests/op_shape_table.h"
#include "tests/op_test_harness.h"

using namespace cnn;
using namespace cnn::test;

namespace {

constexpr double kTolerance = 1e-4;  // max |a - r| / max |r|, fp32

std::string detail(const BackendInfo& info, const std::string& key) {
  for (const auto& [k, v] : info.details)
    if (k == key) return v;
  return {};
}

// A backend whose convolutions, LRNs and poolings compute in the given layouts (plain NCHW or
// blocked with reorders); everything else is OneDnnBackend's.
class LayoutOneDnn final : public Backend {
 public:
  explicit LayoutOneDnn(bool blocked)
      : conv_(blocked ? onednn::ConvLayout::Blocked : onednn::ConvLayout::Plain),
        other_(blocked ? onednn::Layout::Blocked : onednn::Layout::Plain) {
    ctx_->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
    ctx_->stream = dnnl::stream(ctx_->engine);
  }
  BackendInfo info() const override { return inner_.info(); }
  bool supports(const LayerDesc& l, Precision p) const override { return inner_.supports(l, p); }
  void configure(const RunConfig& config) override { inner_.configure(config); }
  std::unique_ptr<Op> create(const LayerDesc& l, const Weights& w, const RunConfig& config) override {
    if (!supports(l, config.precision)) return nullptr;
    switch (l.type) {
      case LayerType::Convolution: return onednn::make_convolution(l, w, ctx_, conv_);
      case LayerType::LRN: return onednn::make_lrn(l, ctx_, other_);
      case LayerType::Pooling: return onednn::make_pooling(l, ctx_, config.resolved_threads(), other_);
      default: return inner_.create(l, w, config);
    }
  }

 private:
  OneDnnBackend inner_;
  onednn::ConvLayout conv_;
  onednn::Layout other_;
  onednn::ContextPtr ctx_ = std::make_shared<onednn::Context>();
};

bool has_layouts(const std::string& row_name) {
  for (const char* prefix : {"conv", "lrn", "max pool", "ave pool", "global"})
    if (row_name.rfind(prefix, 0) == 0) return true;
  return false;
}

// Layer 0 of `prototxt` at `batch`, its weights, and the graph they live in.
struct OneLayer {
  OneLayer(const std::string& prototxt, int batch)
      : graph(parse_prototxt(prototxt, "onednn test"), batch), weights(generate_weights(graph, 1)) {}
  const LayerDesc& desc() const { return graph.nodes()[0].desc; }
  Graph graph;
  ModelWeights weights;
};

}  // namespace

class TestOpsOneDnn : public QObject {
  Q_OBJECT

 private slots:
  void identity();
  void configureSetsThreads();
  void declinesFp16();
  void poolsTheInputNoWindowReadsToTheEnd_data();
  void poolsTheInputNoWindowReadsToTheEnd();
  void fusedRescaledPoolingMatchesReference();
  void matchesReference_data();
  void matchesReference();
  void fusedOpsMatchReference_data();
  void fusedOpsMatchReference();
  void fusedModelsMatchReference_data();
  void fusedModelsMatchReference();
  void fusedGraphKeepsOwnLayout_data();
  void fusedGraphKeepsOwnLayout();
  void layoutsMatchReference_data();
  void layoutsMatchReference();
  void blockedConvolutionReportsItsReorders();
};

void TestOpsOneDnn::identity() {
  const BackendInfo info = OneDnnBackend().info();
  QCOMPARE(info.id, std::string("onednn"));
  QVERIFY2(info.name.rfind("oneDNN ", 0) == 0, info.name.c_str());
  QVERIFY(info.available);
  QCOMPARE(info.precisions, std::vector<Precision>{Precision::FP32});
  QCOMPARE(detail(info, "cpu runtime"), std::string("OpenMP"));
  QVERIFY2(!detail(info, "isa").empty() && detail(info, "isa") != "unknown", detail(info, "isa").c_str());
  QVERIFY2(QString::fromStdString(info.name).endsWith(QString::fromStdString(detail(info, "version")).section(' ', 0, 0)),
           info.name.c_str());
}

void TestOpsOneDnn::configureSetsThreads() {
  OneDnnBackend b;
  for (int threads : {1, 2, 3}) {
    RunConfig config;
    config.threads = threads;
    b.configure(config);
    QCOMPARE(omp_get_max_threads(), threads);
  }
  RunConfig all;
  b.configure(all);
  QCOMPARE(omp_get_max_threads(), all.resolved_threads());
}

void TestOpsOneDnn::declinesFp16() {
  const OneLayer l(conv(3, 8, 8, "num_output: 4 kernel_size: 3"), 1);
  OneDnnBackend b;
  QVERIFY(!b.supports(l.desc(), Precision::FP16));
  RunConfig config;
  config.precision = Precision::FP16;
  QVERIFY(b.create(l.desc(), l.weights[0], config) == nullptr);
}

// Caffe clips 5 k2 s3 p1 to 2 outputs whose last window ends before the image does (so do ONNX's
// floor-rounded pools on odd sizes): oneDNN would need a negative right padding, so the op pools a
// view of the input without the rows and columns no window reads, copied dense ("reorder in").
void TestOpsOneDnn::poolsTheInputNoWindowReadsToTheEnd_data() {
  QTest::addColumn<QString>("prototxt");
  QTest::addColumn<int>("out");
  QTest::newRow("max 5 k2 s3 p1 (ceil, clipped)")
      << QString::fromStdString(pool(3, 5, 5, "pool: MAX kernel_size: 2 stride: 3 pad: 1")) << 2;
  QTest::newRow("ave 7 k2 s2 round down")
      << QString::fromStdString(pool(3, 7, 7, "pool: AVE kernel_size: 2 stride: 2 round_mode: FLOOR")) << 3;
}

void TestOpsOneDnn::poolsTheInputNoWindowReadsToTheEnd() {
  QFETCH(QString, prototxt);
  QFETCH(int, out);
  const OneLayer l(prototxt.toStdString(), 2);
  QCOMPARE(l.desc().out_shapes[0].h, out);
  QVERIFY(onednn::pooling_padding_r(l.desc().in_shapes[0].h, out, l.desc().pool.kernel_h, l.desc().pool.stride_h,
                                    l.desc().pool.pad_h) < 0);
  OneDnnBackend b;
  QVERIFY(b.supports(l.desc(), Precision::FP32));
  const OpComparison r = compare_with_reference(prototxt.toStdString(), 2, b, Precision::FP32);
  QVERIFY2(r.failure.empty(), r.failure.c_str());
  QVERIFY2(r.worst <= kTolerance, r.summary().c_str());
  auto op = b.create(l.desc(), l.weights[0], RunConfig{});
  QVERIFY(op);
  Tensor x = Tensor::allocate(l.desc().in_shapes[0]), y = Tensor::allocate(l.desc().out_shapes[0]);
  fill_input(x, 1);
  const Tensor* in[] = {&x};
  Tensor* outs[] = {&y};
  op->forward(in, outs);
  QCOMPARE(op->last_stages().size(), std::size_t(1));
  QCOMPARE(op->last_stages()[0].name, std::string("reorder in"));
}

// An AVE pool whose divisors oneDNN gets wrong at the borders (rescaled after the primitive, on NCHW
// planes) between two convolutions: in the fused graph its output stays NCHW, and the values match.
void TestOpsOneDnn::fusedRescaledPoolingMatchesReference() {
  const NetDesc model = parse_prototxt(
      net(16, 12, 12,
          "layer { name: \"c1\" type: \"Convolution\" bottom: \"data\" top: \"c1\" "
          "convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }\n"
          "layer { name: \"p\" type: \"Pooling\" bottom: \"c1\" top: \"p\" "
          "pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }\n"
          "layer { name: \"c2\" type: \"Convolution\" bottom: \"p\" top: \"c2\" "
          "convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }\n"),
      "rescaled pool");
  OneDnnBackend candidate;
  ReferenceBackend oracle;
  const VerifyResult r = verify_model("rescaled pool", model, candidate, oracle, Precision::FP32, 2, RunConfig{},
                                      GraphMode::Fused);
  QVERIFY2(r.ran, r.error.c_str());
  QVERIFY2(r.passed(), (r.worst_layer + " " + std::to_string(r.worst_error)).c_str());
  const Graph g(model, 1);
  QVERIFY(!candidate.own_layout_ok(g.nodes()[1].desc, -1));  // its output
  QVERIFY(candidate.own_layout_ok(g.nodes()[1].desc, 0));    // its input
}

void TestOpsOneDnn::matchesReference_data() {
  QTest::addColumn<int>("row");  // in op_shape_rows()
  QTest::addColumn<int>("batch");
  const std::vector<OpShapeRow> rows = op_shape_rows();
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (int batch : {1, 3}) QTest::newRow((rows[i].name + " b" + std::to_string(batch)).c_str()) << int(i) << batch;
}

void TestOpsOneDnn::matchesReference() {
  QFETCH(int, row);
  QFETCH(int, batch);
  const OpShapeRow entry = op_shape_rows().at(std::size_t(row));
  OneDnnBackend backend;
  OpComparisonOptions options;
  options.edit = entry.edit;
  const OpComparison r = compare_with_reference(entry.prototxt, batch, backend, Precision::FP32, options);
  QVERIFY2(r.failure.empty(), r.failure.c_str());
  QVERIFY2(r.worst <= kTolerance, r.summary().c_str());
  if (QByteArray(QTest::currentDataTag()).contains("in place")) {
    const bool some_in_place = std::any_of(r.layers.begin(), r.layers.end(), [](const auto& l) { return l.in_place; });
    QVERIFY2(some_in_place, r.summary().c_str());
  }
}

void TestOpsOneDnn::layoutsMatchReference_data() {
  QTest::addColumn<bool>("blocked");
  QTest::addColumn<int>("threads");
  QTest::addColumn<int>("batch");
  for (bool blocked : {false, true})
    for (int threads : {1, 2})
      for (int batch : {1, 5})
        QTest::newRow(qPrintable(QString("%1 t%2 b%3").arg(blocked ? "blocked" : "plain").arg(threads).arg(batch)))
            << blocked << threads << batch;
}

// Every convolution, LRN and pooling row of the table in both layouts.
void TestOpsOneDnn::layoutsMatchReference() {
  QFETCH(bool, blocked);
  QFETCH(int, threads);
  QFETCH(int, batch);
  LayoutOneDnn backend{blocked};
  OpComparisonOptions options;
  options.threads = threads;
  int rows = 0;
  for (const OpShapeRow& row : op_shape_rows()) {
    if (!has_layouts(row.name)) continue;
    ++rows;
    options.edit = row.edit;
    const OpComparison r = compare_with_reference(row.prototxt, batch, backend, Precision::FP32, options);
    QVERIFY2(r.failure.empty(), (row.name + ": " + r.failure).c_str());
    QVERIFY2(r.worst <= kTolerance, (row.name + ": " + r.summary()).c_str());
  }
  QVERIFY(rows >= 30);
}

void TestOpsOneDnn::blockedConvolutionReportsItsReorders() {
  const OneLayer l(conv(32, 14, 14, "num_output: 64 kernel_size: 3 pad: 1"), 2);
  const Shape in_shape = l.desc().in_shapes[0], out_shape = l.desc().out_shapes[0];
  Tensor x = Tensor::allocate(in_shape), y = Tensor::allocate(out_shape);
  fill_input(x, 3);
  const Tensor* in[] = {&x};
  Tensor* out[] = {&y};
  RunConfig config;
  for (bool blocked : {false, true}) {
    LayoutOneDnn backend{blocked};
    backend.configure(config);
    std::unique_ptr<Op> op = backend.create(l.desc(), l.weights[0], config);
    QVERIFY(op);
    op->forward(in, out);
    const auto stages = op->last_stages();
    if (!blocked) {
      QVERIFY(stages.empty());
      continue;
    }
    // 32 and 64 channels: oneDNN's preferred formats are blocked on both sides.
    QCOMPARE(stages.size(), std::size_t(2));
    QCOMPARE(stages[0].name, std::string("reorder in"));
    QCOMPARE(stages[1].name, std::string("reorder out"));
    for (const OpStage& s : stages) QVERIFY2(s.ms >= 0, s.name.c_str());
    QVERIFY(op->workspace_bytes() >= (in_shape.count() + out_shape.count()) * sizeof(float));
  }
}

void TestOpsOneDnn::fusedOpsMatchReference_data() {
  QTest::addColumn<QString>("prototxt");
  QTest::addColumn<int>("batch");
  for (const OpShapeRow& row : fused_op_rows())
    for (int batch : {1, 3})
      QTest::newRow((row.name + " b" + std::to_string(batch)).c_str()) << QString::fromStdString(row.prototxt) << batch;
}

// Each row's layers fused as this library declares (every row has a group), against the reference
// running the same groups.
void TestOpsOneDnn::fusedOpsMatchReference() {
  QFETCH(QString, prototxt);
  QFETCH(int, batch);
  OneDnnBackend backend;
  const std::string failure = test::fused_ops_failure(prototxt.toStdString(), batch, backend, kTolerance);
  QVERIFY2(failure.empty(), failure.c_str());
}

void TestOpsOneDnn::fusedModelsMatchReference_data() {
  QTest::addColumn<QString>("id");
  for (const std::string& id : builtin_model_ids()) QTest::newRow(id.c_str()) << QString::fromStdString(id);
}

// verify in the fused mode: every value of the fused graph against the unfused reference's.
void TestOpsOneDnn::fusedModelsMatchReference() {
  QFETCH(QString, id);
  OneDnnBackend candidate;
  const std::string failure = test::fused_model_failure(CNN_MODELS_DIR, id.toStdString(), candidate);
  QVERIFY2(failure.empty(), failure.c_str());
}

void TestOpsOneDnn::fusedGraphKeepsOwnLayout_data() {
  QTest::addColumn<QString>("id");
  QTest::addColumn<int>("edge_reorders");  // at most, in a fused graph kept in its own layout
  QTest::newRow("resnet-50") << "resnet-50" << 2;
  QTest::newRow("googlenet") << "googlenet" << 4;
  QTest::newRow("mobilenet-v1") << "mobilenet-v1" << 2;
}

// The fused graph on oneDNN reorders only at its edges (the input into the library's own layout, the
// last such value out), where the Caffe graph reorders around every convolution that is not 1x1.
void TestOpsOneDnn::fusedGraphKeepsOwnLayout() {
  QFETCH(QString, id);
  QFETCH(int, edge_reorders);
  OneDnnBackend backend;
  const Graph source(load_prototxt(std::string(CNN_MODELS_DIR) + "/" + id.toStdString() + ".prototxt"), 1);
  const ModelWeights weights = generate_weights(source, 1);
  const FusedGraph fused = fuse(source, weights, fusions_of({&backend}, Precision::FP32));
  RunConfig config;
  config.threads = 1;
  const auto reorders = [&](const Graph& g, const ModelWeights& w) {
    Session session(g, w, backend, config);
    fill_input(session.input(), 1);
    session.forward();
    int count = 0;
    for (std::size_t i = 0; i < g.nodes().size(); ++i)
      for (const TimedStep& s : session.steps(int(i))) count += s.type == kReorderType;
    return count;
  };
  const int caffe = reorders(source, weights), kept = reorders(fused.graph, fused.weights);
  QVERIFY2(kept <= edge_reorders, (std::to_string(kept) + " reorders fused, " + std::to_string(caffe) + " unfused").c_str());
  QVERIFY2(caffe >= 20, std::to_string(caffe).c_str());  // around every convolution not 1x1
}

QTEST_GUILESS_MAIN(TestOpsOneDnn)

#include "test_ops_onednn.moc"
