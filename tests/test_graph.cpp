// The Graph: SSA values and consumers, Caffe's shape inference, per-layer costs, shape errors.
#include <QtTest>

#include <string>

#include "core/model/graph.h"

using namespace cnn;

namespace cnn {
char* toString(const Shape& s) { return qstrdup(s.str().c_str()); }  // for QCOMPARE messages
}  // namespace cnn

namespace {

// A net with input "data" of `c x h x w` (n = 1 in the file) followed by `layers`.
std::string net(int c, int h, int w, const std::string& layers) {
  return "input: \"data\" input_shape { dim: 1 dim: " + std::to_string(c) + " dim: " + std::to_string(h) +
         " dim: " + std::to_string(w) + " }\n" + layers;
}

// One layer "l" of `type` on "data" with `body` inside its braces.
std::string layer(const std::string& type, const std::string& body, const std::string& bottoms = "bottom: \"data\"") {
  return "layer { name: \"l\" type: \"" + type + "\" " + bottoms + " top: \"l\" " + body + " }\n";
}

Graph build(const std::string& text, int batch) { return Graph(parse_prototxt(text, "test"), batch); }

// The message of the ModelError building the graph throws; empty when it builds.
QString graph_error(const std::string& text, int batch = 1) {
  try {
    build(text, batch);
  } catch (const ModelError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

const char* const kLeNet = R"(name: "LeNet"
input: "data" input_shape { dim: 64 dim: 1 dim: 28 dim: 28 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 20 kernel_size: 5 } }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2" convolution_param { num_output: 50 kernel_size: 5 } }
layer { name: "pool2" type: "Pooling" bottom: "conv2" top: "pool2" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "ip1" type: "InnerProduct" bottom: "pool2" top: "ip1" inner_product_param { num_output: 500 } }
layer { name: "relu1" type: "ReLU" bottom: "ip1" top: "ip1" }
layer { name: "ip2" type: "InnerProduct" bottom: "ip1" top: "ip2" inner_product_param { num_output: 10 } }
layer { name: "prob" type: "Softmax" bottom: "ip2" top: "prob" }
)";

}  // namespace

class TestGraph : public QObject {
  Q_OBJECT

 private slots:
  void shapes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("batch");
    QTest::addColumn<Shape>("expected");  // the top of the last layer
    auto conv = [](const std::string& p) { return layer("Convolution", "convolution_param { " + p + " }"); };
    auto pool = [](const std::string& p) { return layer("Pooling", "pooling_param { " + p + " }"); };
    auto row = [](const char* name, const std::string& text, int batch, Shape s) {
      QTest::newRow(name) << QString::fromStdString(text) << batch << s;
    };
    row("conv same", net(3, 8, 8, conv("num_output: 16 kernel_size: 3 pad: 1")), 1, {1, 16, 8, 8});
    row("conv AlexNet 227->55", net(3, 227, 227, conv("num_output: 96 kernel_size: 11 stride: 4")), 2, {2, 96, 55, 55});
    row("conv stride 2 floors", net(3, 7, 7, conv("num_output: 4 kernel_size: 3 stride: 2 pad: 1")), 1, {1, 4, 4, 4});
    row("conv stride floors 8->2", net(1, 8, 8, conv("num_output: 1 kernel_size: 3 stride: 3")), 1, {1, 1, 2, 2});
    row("conv dilation", net(2, 10, 10, conv("num_output: 2 kernel_size: 3 dilation: 2")), 1, {1, 2, 6, 6});
    row("conv dilation padded", net(2, 10, 9, conv("num_output: 2 kernel_size: 3 dilation: 2 pad: 2")), 1,
        {1, 2, 10, 9});
    row("conv kernel_h/_w", net(1, 5, 6, conv("num_output: 3 kernel_h: 3 kernel_w: 1 pad_h: 1 pad_w: 0 stride_h: 1 stride_w: 2")), 1,
        {1, 3, 5, 3});
    row("conv group", net(4, 5, 5, conv("num_output: 6 kernel_size: 1 group: 2")), 3, {3, 6, 5, 5});
    row("conv depthwise", net(32, 14, 14, conv("num_output: 32 kernel_size: 3 pad: 1 stride: 2 group: 32")), 1,
        {1, 32, 7, 7});
    row("pool AlexNet 55->27", net(96, 55, 55, pool("pool: MAX kernel_size: 3 stride: 2")), 1, {1, 96, 27, 27});
    row("pool ceil 6,k3,s2", net(1, 6, 6, pool("kernel_size: 3 stride: 2")), 1, {1, 1, 3, 3});
    row("pool ceil 6,k3,s2,p1", net(1, 6, 6, pool("kernel_size: 3 stride: 2 pad: 1")), 1, {1, 1, 4, 4});
    row("pool clip 6,k3,s2,p2", net(1, 6, 6, pool("kernel_size: 3 stride: 2 pad: 2")), 1, {1, 1, 4, 4});
    row("pool clip 3,k3,s3,p2", net(1, 3, 3, pool("kernel_size: 3 stride: 3 pad: 2")), 1, {1, 1, 2, 2});
    row("pool clip h by pad_w", net(1, 5, 6, pool("kernel_h: 1 kernel_w: 3 stride: 3 pad_h: 0 pad_w: 1")), 1,
        {1, 1, 2, 3});
    row("pool no pad no clip", net(1, 5, 5, pool("kernel_size: 1 stride: 3")), 1, {1, 1, 3, 3});
    row("pool GoogLeNet 112->56", net(64, 112, 112, pool("kernel_size: 3 stride: 2")), 1, {1, 64, 56, 56});
    row("pool ave same", net(8, 7, 7, pool("pool: AVE kernel_size: 3 stride: 1 pad: 1")), 1, {1, 8, 7, 7});
    row("global pooling", net(8, 7, 5, pool("pool: AVE global_pooling: true")), 4, {4, 8, 1, 1});
    row("inner product", net(50, 4, 4, layer("InnerProduct", "inner_product_param { num_output: 500 }")), 2,
        {2, 500, 1, 1});
    row("flatten", net(2, 3, 4, layer("Flatten", "")), 5, {5, 24, 1, 1});
    row("clip", net(2, 3, 4, layer("Clip", "clip_param { min: 0 max: 6 }")), 2, {2, 2, 3, 4});
    row("concat", net(3, 6, 6, conv("num_output: 5 kernel_size: 1") +
                                   layer("Concat", "", "bottom: \"data\" bottom: \"l\" bottom: \"data\"")),
        2, {2, 11, 6, 6});
    row("eltwise", net(3, 6, 6, conv("num_output: 3 kernel_size: 3 pad: 1") +
                                    layer("Eltwise", "eltwise_param { operation: MAX }", "bottom: \"l\" bottom: \"data\"")),
        1, {1, 3, 6, 6});
    row("same-shape layers", net(3, 6, 6, layer("LRN", "") + layer("BatchNorm", "", "bottom: \"l\"") +
                                              layer("Scale", "", "bottom: \"l\"") + layer("Softmax", "", "bottom: \"l\"")),
        7, {7, 3, 6, 6});
  }
  void shapes() {
    QFETCH(QString, text);
    QFETCH(int, batch);
    QFETCH(Shape, expected);
    const Graph g = build(text.toStdString(), batch);
    QCOMPARE(g.batch(), batch);
    QCOMPARE(g.values()[g.inputs().at(0)].shape.n, batch);
    const Graph::Node& last = g.nodes().back();
    QCOMPARE(last.desc.out_shapes.at(0), expected);
    QCOMPARE(g.values()[last.outputs.at(0)].shape, expected);
    QCOMPARE(g.outputs(), std::vector<int>{last.outputs.at(0)});
    for (const Graph::Node& node : g.nodes()) {  // in_shapes follow the values the node reads
      QCOMPARE(node.desc.in_shapes.size(), node.inputs.size());
      for (std::size_t i = 0; i < node.inputs.size(); ++i)
        QCOMPARE(node.desc.in_shapes[i], g.values()[node.inputs[i]].shape);
    }
  }

  // What ONNX adds (LayerDesc): pads that differ by side, pooling rounded down. Hand-computed sizes.
  void onnxShapes_data() {
    QTest::addColumn<bool>("pooling");
    QTest::addColumn<QList<int>>("hw_k_s");             // input H, W, kernel, stride
    QTest::addColumn<QList<int>>("pads");               // top, bottom, left, right
    QTest::addColumn<bool>("down");                     // pooling rounds down
    QTest::addColumn<QList<int>>("expected");           // output H, W
    auto row = [](const char* name, bool pooling, QList<int> hw_k_s, QList<int> pads, bool down, QList<int> out) {
      QTest::newRow(name) << pooling << hw_k_s << pads << down << out;
    };
    row("pool 5 k2 s2 up", true, {5, 5, 2, 2}, {0, 0, 0, 0}, false, {3, 3});
    row("pool 5 k2 s2 down", true, {5, 5, 2, 2}, {0, 0, 0, 0}, true, {2, 2});
    row("pool 6 k3 s2 pads 1 up", true, {6, 6, 3, 2}, {1, 1, 1, 1}, false, {4, 4});
    row("pool 6 k3 s2 pads 1 down", true, {6, 6, 3, 2}, {1, 1, 1, 1}, true, {3, 3});
    row("pool 7 k3 s2 pads 1/0 up", true, {7, 7, 3, 2}, {1, 0, 1, 0}, false, {4, 4});
    row("pool 7 k3 s2 pads 1/0 down", true, {7, 7, 3, 2}, {1, 0, 1, 0}, true, {3, 3});
    // Rounding up would start a third window at 4, in the end padding: Caffe's rule drops it.
    row("pool 4 k2 s2 pads 0/1 up", true, {4, 4, 2, 2}, {0, 1, 0, 1}, false, {2, 2});
    row("pool 4 k2 s2 pads 0/1 down", true, {4, 4, 2, 2}, {0, 1, 0, 1}, true, {2, 2});
    row("pool h pads 0/1, w pads 1/0", true, {5, 6, 3, 2}, {0, 1, 1, 0}, true, {2, 3});
    row("conv k3 s2 pads 0/1 (SAME_UPPER)", false, {10, 12, 3, 2}, {0, 1, 0, 1}, false, {5, 6});
    row("conv k3 s2 pads 1/0 (SAME_LOWER)", false, {10, 12, 3, 2}, {1, 0, 1, 0}, false, {5, 6});
    row("conv k3 s1 pads 1/2", false, {7, 7, 3, 1}, {1, 2, 1, 2}, false, {8, 8});
    row("conv h pads 0/1, w pads 2/0", false, {6, 6, 3, 1}, {0, 1, 2, 0}, false, {5, 6});
  }
  void onnxShapes() {
    QFETCH(bool, pooling);
    QFETCH(QList<int>, hw_k_s);
    QFETCH(QList<int>, pads);
    QFETCH(bool, down);
    QFETCH(QList<int>, expected);
    NetDesc desc;
    desc.inputs.push_back({"data", Shape{1, 2, hw_k_s[0], hw_k_s[1]}});
    LayerDesc l;
    l.name = "l";
    l.type = pooling ? LayerType::Pooling : LayerType::Convolution;
    l.bottoms = {"data"};
    l.tops = {"l"};
    if (pooling) {
      l.pool = {.kernel_h = hw_k_s[2], .kernel_w = hw_k_s[2], .stride_h = hw_k_s[3], .stride_w = hw_k_s[3],
                .pad_h = pads[0], .pad_w = pads[2], .pad_h_more = pads[1] - pads[0], .pad_w_more = pads[3] - pads[2],
                .rounding = down ? PoolRounding::Down : PoolRounding::Up};
    } else {
      l.conv = {.num_output = 3, .kernel_h = hw_k_s[2], .kernel_w = hw_k_s[2], .stride_h = hw_k_s[3],
                .stride_w = hw_k_s[3], .pad_h = pads[0], .pad_w = pads[2], .pad_h_more = pads[1] - pads[0],
                .pad_w_more = pads[3] - pads[2]};
    }
    desc.layers.push_back(l);
    const Shape out = Graph(desc, 1).nodes()[0].desc.out_shapes.at(0);
    QCOMPARE((QList<int>{out.h, out.w}), expected);
    // A pad below zero on one side is a model error, not a shape.
    desc.layers[0].conv.pad_h_more = desc.layers[0].pool.pad_h_more = -pads[0] - 1;
    QVERIFY_THROWS_EXCEPTION(ModelError, Graph(desc, 1));
  }

  void globalPoolingDesc() {
    const Graph g = build(net(8, 7, 5, layer("Pooling", "pooling_param { pool: MAX global_pooling: true }")), 1);
    const PoolingParams& p = g.nodes()[0].desc.pool;
    QCOMPARE((QList<int>{p.kernel_h, p.kernel_w, p.stride_h, p.stride_w, p.pad_h, p.pad_w}),
             (QList<int>{7, 5, 1, 1, 0, 0}));
  }

  void shapeErrors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("batch");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, const std::string& text, const char* message, int batch = 1) {
      QTest::newRow(name) << QString::fromStdString(text) << batch << message;
    };
    row("group", net(64, 8, 8, "layer { name: \"conv2\" type: \"Convolution\" bottom: \"data\" top: \"c\" "
                               "convolution_param { num_output: 96 kernel_size: 3 group: 3 } }"),
        "layer 'conv2' (Convolution): group 3 does not divide 64 input channels");
    row("conv too big", net(3, 4, 4, layer("Convolution", "convolution_param { num_output: 2 kernel_size: 5 }")),
        "layer 'l' (Convolution): output height would be <= 0: the kernel spans 5 but the padded input height is 4");
    row("dilated too big", net(3, 9, 4, layer("Convolution", "convolution_param { num_output: 2 kernel_size: 3 "
                                                             "dilation: 2 }")),
        "layer 'l' (Convolution): output width would be <= 0: the kernel spans 5 but the padded input width is 4");
    row("pool too big", net(3, 2, 2, layer("Pooling", "pooling_param { kernel_size: 3 }")),
        "layer 'l' (Pooling): output height would be <= 0: the kernel 3 is larger than the padded input height 2");
    row("concat mismatch", net(3, 6, 6, layer("Pooling", "pooling_param { kernel_size: 2 stride: 2 }") +
                                            "layer { name: \"cat\" type: \"Concat\" bottom: \"data\" bottom: \"l\" top: \"c\" }"),
        "layer 'cat' (Concat): bottom 'l' is 1x3x3x3 but 'data' is 1x3x6x6; concatenating channels needs equal N, H "
        "and W");
    row("eltwise mismatch", net(3, 6, 6, layer("Convolution", "convolution_param { num_output: 4 kernel_size: 1 }") +
                                             "layer { name: \"sum\" type: \"Eltwise\" bottom: \"data\" bottom: \"l\" top: \"s\" }"),
        "layer 'sum' (Eltwise): bottom 'l' is 1x4x6x6 but 'data' is 1x3x6x6");
    row("missing bottom", net(3, 6, 6, "layer { name: \"relu9\" type: \"ReLU\" bottom: \"conv9\" top: \"conv9\" }"),
        "layer 'relu9' (ReLU): bottom 'conv9' is neither a net input nor the top of an earlier layer");
    row("bottom defined later", net(3, 6, 6, layer("ReLU", "", "bottom: \"later\"") +
                                                 "layer { name: \"x\" type: \"ReLU\" bottom: \"data\" top: \"later\" }"),
        "layer 'l' (ReLU): bottom 'later' is neither");
    row("batch 0", net(3, 6, 6, layer("ReLU", "")), "batch size must be positive, got 0", 0);
  }
  void shapeErrors() {
    QFETCH(QString, text);
    QFETCH(int, batch);
    QFETCH(QString, message);
    const QString got = graph_error(text.toStdString(), batch);
    QVERIFY2(got.contains(message), qPrintable("got: " + got));
  }

  // A hand-made NetDesc with bad parameters is a ModelError, not a crash.
  void handMadeDesc() {
    NetDesc desc;
    desc.inputs.push_back({"data", Shape{1, 3, 8, 8}});
    LayerDesc conv;
    conv.name = "c";
    conv.type = LayerType::Convolution;
    conv.bottoms = {"data"};
    conv.tops = {"c"};
    conv.conv.num_output = 4;  // kernel left at 0
    desc.layers.push_back(conv);
    QVERIFY_THROWS_EXCEPTION(ModelError, Graph(desc, 1));
    desc.layers[0].conv.kernel_h = desc.layers[0].conv.kernel_w = 3;
    desc.layers[0].conv.stride_h = 0;
    QVERIFY_THROWS_EXCEPTION(ModelError, Graph(desc, 1));
    desc.layers[0].conv.stride_h = 1;
    QCOMPARE(Graph(desc, 1).nodes()[0].desc.out_shapes[0], (Shape{1, 4, 6, 6}));
  }

  // conv -> relu in place -> pool, with a second reader of conv1 before and after the relu.
  void inPlaceChain() {
    const Graph g = build(net(3, 8, 8,
                              "layer { name: \"conv1\" type: \"Convolution\" bottom: \"data\" top: \"conv1\" "
                              "convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }\n"
                              "layer { name: \"early\" type: \"Pooling\" bottom: \"conv1\" top: \"early\" "
                              "pooling_param { kernel_size: 2 stride: 2 } }\n"
                              "layer { name: \"relu1\" type: \"ReLU\" bottom: \"conv1\" top: \"conv1\" }\n"
                              "layer { name: \"drop1\" type: \"Dropout\" bottom: \"conv1\" top: \"conv1\" }\n"
                              "layer { name: \"pool1\" type: \"Pooling\" bottom: \"conv1\" top: \"pool1\" "
                              "pooling_param { kernel_size: 2 stride: 2 } }\n"),
                          1);
    // values: 0 data, 1 conv1 (conv), 2 early, 3 conv1 (relu), 4 conv1 (dropout), 5 pool1
    QCOMPARE(g.values().size(), std::size_t(6));
    QStringList blobs;
    QList<int> producers;
    QList<std::vector<int>> consumers;
    for (const Graph::Value& v : g.values()) {
      blobs << QString::fromStdString(v.blob);
      producers << v.producer;
      consumers << v.consumers;
    }
    QCOMPARE(blobs, QStringList({"data", "conv1", "early", "conv1", "conv1", "pool1"}));
    QCOMPARE(producers, (QList<int>{-1, 0, 1, 2, 3, 4}));
    QCOMPARE(consumers, (QList<std::vector<int>>{{0}, {1, 2}, {}, {3}, {4}, {}}));
    QCOMPARE(g.nodes()[2].inputs, std::vector<int>{1});
    QCOMPARE(g.nodes()[2].outputs, std::vector<int>{3});
    QCOMPARE(g.nodes()[4].inputs, std::vector<int>{4});
    QCOMPARE(g.inputs(), std::vector<int>{0});
    QCOMPARE(g.outputs(), (std::vector<int>{2, 5}));
    QCOMPARE(g.values()[5].shape, (Shape{1, 4, 4, 4}));
    QCOMPARE(g.nodes()[2].stats.bytes_in, std::uint64_t(4 * 8 * 8 * 4));
  }

  void lenetCosts_data() {
    QTest::addColumn<int>("batch");
    QTest::newRow("batch 1") << 1;
    QTest::newRow("batch 3") << 3;
  }
  // LeNet by hand: conv1 20*24*24*(1*5*5), conv2 50*8*8*(20*5*5), ip1 800*500, ip2 500*10 MACs per image.
  void lenetCosts() {
    QFETCH(int, batch);
    const Graph g = build(kLeNet, batch);
    QCOMPARE(QString::fromStdString(g.name()), QString("LeNet"));
    const std::uint64_t n = std::uint64_t(batch);
    const QList<std::uint64_t> macs{288000 * n, 0, 1600000 * n, 0, 400000 * n, 0, 5000 * n, 0};
    const QList<std::uint64_t> params{520, 0, 25050, 0, 400500, 0, 5010, 0};
    const QList<Shape> outs{{batch, 20, 24, 24}, {batch, 20, 12, 12}, {batch, 50, 8, 8}, {batch, 50, 4, 4},
                            {batch, 500, 1, 1},  {batch, 500, 1, 1},  {batch, 10, 1, 1}, {batch, 10, 1, 1}};
    QCOMPARE(g.nodes().size(), std::size_t(8));
    for (int i = 0; i < 8; ++i) {
      const Graph::Node& node = g.nodes()[i];
      QCOMPARE(node.stats.macs, macs[i]);
      QCOMPARE(node.stats.params, params[i]);
      QCOMPARE(node.desc.out_shapes.at(0), outs[i]);
      QCOMPARE(node.stats.bytes_out, std::uint64_t(outs[i].count()) * 4);
      QCOMPARE(node.stats.bytes_in, std::uint64_t(node.desc.in_shapes.at(0).count()) * 4);
    }
    QCOMPARE(g.nodes()[0].stats.bytes_in, n * 28 * 28 * 4);
    QCOMPARE(g.total_macs(), 2293000 * n);
    QCOMPARE(g.total_params(), std::uint64_t(431080));
  }

  void otherCosts() {
    const Graph g = build(
        net(8, 5, 5,
            "layer { name: \"dw\" type: \"Convolution\" bottom: \"data\" top: \"dw\" "
            "convolution_param { num_output: 8 kernel_size: 3 pad: 1 group: 4 bias_term: false } }\n"
            "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"dw\" top: \"dw\" }\n"
            "layer { name: \"sc\" type: \"Scale\" bottom: \"dw\" top: \"dw\" }\n"
            "layer { name: \"scb\" type: \"Scale\" bottom: \"dw\" top: \"dw\" scale_param { bias_term: true } }\n"
            "layer { name: \"cat\" type: \"Concat\" bottom: \"dw\" bottom: \"data\" top: \"cat\" }\n"
            "layer { name: \"fc\" type: \"InnerProduct\" bottom: \"cat\" top: \"fc\" "
            "inner_product_param { num_output: 3 bias_term: false } }\n"),
        2);
    const auto& nodes = g.nodes();
    QCOMPARE(nodes[0].stats.macs, std::uint64_t(2 * 8 * 5 * 5 * (2 * 3 * 3)));
    QCOMPARE(nodes[0].stats.params, std::uint64_t(8 * 2 * 3 * 3));
    QCOMPARE(nodes[1].stats.params, std::uint64_t(16));
    QCOMPARE(nodes[2].stats.params, std::uint64_t(8));
    QCOMPARE(nodes[3].stats.params, std::uint64_t(16));
    QCOMPARE(nodes[1].stats.macs, std::uint64_t(0));
    QCOMPARE(nodes[4].stats.bytes_in, std::uint64_t(2 * (2 * 8 * 5 * 5 * 4)));
    QCOMPARE(nodes[4].stats.bytes_out, std::uint64_t(2 * 16 * 5 * 5 * 4));
    QCOMPARE(nodes[5].stats.macs, std::uint64_t(2 * 400 * 3));
    QCOMPARE(nodes[5].stats.params, std::uint64_t(400 * 3));
  }
};

QTEST_GUILESS_MAIN(TestGraph)
#include "test_graph.moc"
