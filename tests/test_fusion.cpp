// The fusion pass (core/model/fusion.h): which layers join which group, the group names and costs,
// what a library that fuses nothing still gets (the folds), and the fused graph's numbers against
// the model's, through the reference library, on every built-in model.
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <string>

#include "backends/reference/reference_backend.h"
#include "core/bench/verify.h"
#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/weights.h"
#include "tests/op_shape_table.h"

using namespace cnn;

namespace {

const FusionQuery kAll = [](const LayerDesc&) { return Fusions{true, true, true}; };
const FusionQuery kNone = [](const LayerDesc&) { return Fusions{}; };

Graph model(const std::string& id, int batch = 1) {
  return Graph(load_prototxt(std::string(CNN_MODELS_DIR) + "/" + id + ".prototxt"), batch);
}

const Graph::Node* find(const Graph& g, const std::string& name) {
  for (const auto& n : g.nodes())
    if (n.desc.name == name) return &n;
  return nullptr;
}

int count_type(const Graph& g, LayerType t) {
  return int(std::count_if(g.nodes().begin(), g.nodes().end(), [&](const auto& n) { return n.desc.type == t; }));
}

std::uint64_t sum_bytes_out(const Graph& g) {
  std::uint64_t total = 0;
  for (const auto& n : g.nodes()) total += n.stats.bytes_out;
  return total;
}

// A convolution whose output two layers read, so its BatchNorm may not be folded; a Flatten read
// by a Softmax, which stays.
const char* kBranchy = R"(name: "branchy"
input: "data" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "bn" }
layer { name: "side" type: "ReLU" bottom: "conv" top: "side" }
layer { name: "sum" type: "Eltwise" bottom: "bn" bottom: "side" top: "sum" }
layer { name: "flat" type: "Flatten" bottom: "sum" top: "flat" }
layer { name: "prob" type: "Softmax" bottom: "flat" top: "prob" }
)";

}  // namespace

class TestFusion : public QObject {
  Q_OBJECT

 private slots:
  void resnetGroupsAreNamedAfterTheirMembers() {
    const Graph g = model("resnet-50");
    const ModelWeights w = generate_weights(g, 1);
    const FusedGraph f = fuse(g, w, kAll);
    QCOMPARE(f.graph.mode(), GraphMode::Fused);
    const auto* conv1 = find(f.graph, "conv1+bn_conv1+scale_conv1+conv1_relu");
    QVERIFY(conv1);
    QCOMPARE(conv1->desc.type, LayerType::Convolution);
    QCOMPARE(conv1->desc.fused.activation, Activation::ReLU);
    QVERIFY(!conv1->desc.fused.sum && conv1->desc.conv.bias_term);
    QCOMPARE(conv1->desc.fused.members.size(), std::size_t(4));
    // The residual sum joins the convolution producing its later operand, the projection stays alone.
    const auto* res2a = find(f.graph, "res2a_branch2c+bn2a_branch2c+scale2a_branch2c+res2a+res2a_relu");
    QVERIFY(res2a);
    QVERIFY(res2a->desc.fused.sum);
    QCOMPARE(res2a->desc.bottoms.size(), std::size_t(2));
    QCOMPARE(res2a->desc.bottoms[1], std::string("res2a_branch1"));
    QVERIFY(find(f.graph, "res2a_branch1+bn2a_branch1+scale2a_branch1"));
    for (LayerType t : {LayerType::BatchNorm, LayerType::Scale, LayerType::ReLU, LayerType::Eltwise})
      QCOMPARE(count_type(f.graph, t), 0);
    // 53 convolutions, a max and an average pooling, the classifier and its softmax.
    QCOMPARE(int(f.graph.nodes().size()), 53 + 2 + 2);
    QCOMPARE(f.graph.total_macs(), g.total_macs());
    QCOMPARE(f.graph.total_params(), g.total_params());
    QVERIFY(sum_bytes_out(f.graph) < sum_bytes_out(g) / 3);  // a third of the passes over memory
    QCOMPARE(f.weights.size(), f.graph.nodes().size());
    QCOMPARE(f.origin.size(), f.graph.values().size());
  }

  void foldsNeedNoLibrarySupport() {
    const Graph g = model("resnet-50");
    const FusedGraph f = fuse(g, generate_weights(g, 1), kNone);
    QVERIFY(find(f.graph, "conv1+bn_conv1+scale_conv1"));
    QVERIFY(find(f.graph, "conv1_relu"));
    QCOMPARE(count_type(f.graph, LayerType::BatchNorm) + count_type(f.graph, LayerType::Scale), 0);
    QCOMPARE(count_type(f.graph, LayerType::Eltwise), 16);
    QCOMPARE(count_type(f.graph, LayerType::ReLU), 49);
  }

  void activationWithoutSum() {
    const Graph g = model("resnet-50");
    const FusionQuery relu_only = [](const LayerDesc&) { return Fusions{true, false, true}; };
    const FusedGraph f = fuse(g, generate_weights(g, 1), relu_only);
    QVERIFY(find(f.graph, "res2a+res2a_relu"));  // the Eltwise keeps its ReLU
    QCOMPARE(count_type(f.graph, LayerType::Eltwise), 16);
    QCOMPARE(count_type(f.graph, LayerType::ReLU), 0);
  }

  void dropoutJoinsItsProducer() {
    const Graph g = model("alexnet", 2);
    const FusedGraph f = fuse(g, generate_weights(g, 1), kAll);
    QVERIFY(find(f.graph, "fc6+relu6+drop6"));
    QVERIFY(find(f.graph, "conv1+relu1"));
    QVERIFY(find(f.graph, "norm1"));
    QCOMPARE(count_type(f.graph, LayerType::Dropout), 0);
    QCOMPARE(f.graph.total_macs(), g.total_macs());
  }

  void sharedValuesAreNotFused() {
    const Graph g(parse_prototxt(kBranchy, "branchy"), 1);
    const FusedGraph f = fuse(g, generate_weights(g, 1), kAll);
    QVERIFY(find(f.graph, "conv"));  // two layers read conv: nothing folds into it
    QVERIFY(find(f.graph, "bn"));
    QVERIFY(find(f.graph, "side"));
    QVERIFY(find(f.graph, "sum"));
    QVERIFY(find(f.graph, "flat"));  // a Softmax reads it, not an inner product
    QCOMPARE(f.graph.nodes().size(), g.nodes().size());
  }

  // A Clip (ReLU6) after a convolution is not a ReLU: it stays a layer of its own, even when every
  // library fuses everything; the convolution's group ends there, and a ReLU after the Clip (whose
  // producer is no convolution) stays alone too.
  void clipIsNotFusedAsAReLU() {
    const Graph g(parse_prototxt(
                      "input: \"data\" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n"
                      "layer { name: \"conv\" type: \"Convolution\" bottom: \"data\" top: \"conv\" "
                      "convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }\n"
                      "layer { name: \"relu6\" type: \"Clip\" bottom: \"conv\" top: \"conv\" clip_param { min: 0 max: 6 } }\n"
                      "layer { name: \"relu\" type: \"ReLU\" bottom: \"conv\" top: \"conv\" }\n",
                      "clip"),
                  1);
    const FusedGraph f = fuse(g, generate_weights(g, 1), kAll);
    QCOMPARE(f.graph.nodes().size(), std::size_t(3));
    const auto* conv = find(f.graph, "conv");
    QVERIFY(conv);
    QCOMPARE(conv->desc.fused.activation, Activation::None);
    const auto* clip = find(f.graph, "relu6");
    QVERIFY(clip);
    QCOMPARE(clip->desc.type, LayerType::Clip);
    QCOMPARE(clip->desc.clip.max, 6.f);
    QVERIFY(find(f.graph, "relu"));
  }

  // Fused on the reference library against the model's graph on it: every value of the fused graph
  // equals the model's value it stands for.
  void fusedNumbersMatch_data() {
    QTest::addColumn<QString>("id");
    for (const std::string& id : test::builtin_model_ids()) QTest::newRow(id.c_str()) << QString::fromStdString(id);
  }
  void fusedNumbersMatch() {
    QFETCH(QString, id);
    ReferenceBackend candidate, oracle;
    RunConfig config;
    const NetDesc net = load_prototxt(std::string(CNN_MODELS_DIR) + "/" + id.toStdString() + ".prototxt");
    const VerifyResult r = verify_model(id.toStdString(), net, candidate, oracle, Precision::FP32, 2, config, GraphMode::Fused);
    QVERIFY2(r.ran, r.error.c_str());
    QCOMPARE(r.graph, GraphMode::Fused);
    QVERIFY2(r.worst_error < 1e-4, (r.worst_layer + ": " + std::to_string(r.worst_error)).c_str());
    QVERIFY(r.passed());
  }
};

QTEST_APPLESS_MAIN(TestFusion)
#include "test_fusion.moc"
