// The prototxt parser's layer parameters: each type's *_param block read into its LayerDesc, the
// defaults Caffe gives what is left out, and the parameter errors (test_prototxt.cpp: syntax, inputs).
#include <QtTest>

#include <stdexcept>
#include <string>

#include "core/model/graph.h"
#include "core/model/net_desc.h"

using namespace cnn;

namespace {

const std::string kSource = "test.prototxt";

// A net with a 1x3x8x8 input "data" and one layer of `type` whose body is `body`.
std::string one_layer(const std::string& type, const std::string& body) {
  return "input: \"data\"\ninput_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n"
         "layer { name: \"l\" type: \"" + type + "\" bottom: \"data\" top: \"l\"\n" + body + "\n}\n";
}

LayerDesc parse_one_layer(const std::string& type, const std::string& body) {
  const NetDesc net = parse_prototxt(one_layer(type, body), kSource);
  if (net.layers.size() != 1) throw std::logic_error("expected one layer");
  return net.layers.front();
}

// The message of the ModelError parsing then shaping `text` throws; empty when it builds.
QString model_error(const std::string& text) {
  try {
    Graph(parse_prototxt(text, kSource), 1);
  } catch (const ModelError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestPrototxtParams : public QObject {
  Q_OBJECT

 private slots:
  void convolutionParams_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<QList<int>>("expected");  // kh kw sh sw ph pw dh dw group bias num_output
    QTest::newRow("square") << "convolution_param { num_output: 4 kernel_size: 3 }"
                            << QList<int>{3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 4};
    QTest::newRow("repeated kernel_size") << "convolution_param { num_output: 4 kernel_size: 3 kernel_size: 5 }"
                                          << QList<int>{3, 5, 1, 1, 0, 0, 1, 1, 1, 1, 4};
    QTest::newRow("kernel_h/_w") << "convolution_param { num_output: 4 kernel_h: 1 kernel_w: 7 pad_h: 0 pad_w: 3 }"
                                 << QList<int>{1, 7, 1, 1, 0, 3, 1, 1, 1, 1, 4};
    QTest::newRow("stride_h/_w") << "convolution_param { num_output: 4 kernel_size: 3 stride_h: 2 stride_w: 3 }"
                                 << QList<int>{3, 3, 2, 3, 0, 0, 1, 1, 1, 1, 4};
    QTest::newRow("repeated stride, pad")
        << "convolution_param { num_output: 4 kernel_size: 3 stride: 2 stride: 1 pad: [1, 2] }"
        << QList<int>{3, 3, 2, 1, 1, 2, 1, 1, 1, 1, 4};
    QTest::newRow("dilation group bias")
        << "convolution_param { num_output: 6 kernel_size: 3 dilation: 2 group: 3 bias_term: false engine: CAFFE }"
        << QList<int>{3, 3, 1, 1, 0, 0, 2, 2, 3, 0, 6};
    QTest::newRow("hex, bool 0/1") << "convolution_param { num_output: 0x10 kernel_size: 1 bias_term: 0 }"
                                   << QList<int>{1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 16};
  }
  void convolutionParams() {
    QFETCH(QString, body);
    QFETCH(QList<int>, expected);
    const ConvolutionParams p = parse_one_layer("Convolution", body.toStdString()).conv;
    const QList<int> got{p.kernel_h, p.kernel_w,   p.stride_h,   p.stride_w, p.pad_h,       p.pad_w,
                         p.dilation_h, p.dilation_w, p.group, int(p.bias_term), p.num_output};
    QCOMPARE(got, expected);
  }

  void poolingParams_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<QList<int>>("expected");  // average? kh kw sh sw ph pw global round-down
    QTest::newRow("max") << "pooling_param { pool: MAX kernel_size: 3 stride: 2 }"
                         << QList<int>{0, 3, 3, 2, 2, 0, 0, 0, 0};
    QTest::newRow("ave padded") << "pooling_param { pool: AVE kernel_size: 3 stride: 1 pad: 1 }"
                                << QList<int>{1, 3, 3, 1, 1, 1, 1, 0, 0};
    QTest::newRow("h/w forms") << "pooling_param { kernel_h: 2 kernel_w: 3 stride_h: 1 stride_w: 2 pad_h: 1 pad_w: 0 }"
                               << QList<int>{0, 2, 3, 1, 2, 1, 0, 0, 0};
    QTest::newRow("global") << "pooling_param { pool: AVE global_pooling: true }"
                            << QList<int>{1, 0, 0, 1, 1, 0, 0, 1, 0};
    QTest::newRow("enum by number") << "pooling_param { pool: 1 kernel_size: 2 stride: 2 round_mode: CEIL }"
                                    << QList<int>{1, 2, 2, 2, 2, 0, 0, 0, 0};
    // Caffe's round_mode FLOOR (BVLC master): ONNX's rounding down.
    QTest::newRow("round_mode FLOOR") << "pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 round_mode: FLOOR }"
                                      << QList<int>{1, 3, 3, 2, 2, 1, 1, 0, 1};
  }
  void poolingParams() {
    QFETCH(QString, body);
    QFETCH(QList<int>, expected);
    const PoolingParams p = parse_one_layer("Pooling", body.toStdString()).pool;
    const QList<int> got{int(p.method == PoolMethod::Average), p.kernel_h, p.kernel_w, p.stride_h, p.stride_w,
                         p.pad_h, p.pad_w, int(p.global), int(p.rounding == PoolRounding::Down)};
    QCOMPARE(got, expected);
    QCOMPARE(p.exclude_pad, false);  // Caffe counts the padding in AVE's divisor
    QCOMPARE(QList<int>({p.pad_h_more, p.pad_w_more}), QList<int>({0, 0}));  // and pads symmetrically
  }

  void otherParams() {
    const LayerDesc lrn = parse_one_layer("LRN", "lrn_param { local_size: 3 alpha: 2e-4 beta: .5 k: 2.0f }");
    QCOMPARE(lrn.lrn.local_size, 3);
    QCOMPARE(lrn.lrn.alpha, 2e-4f);
    QCOMPARE(lrn.lrn.beta, 0.5f);
    QCOMPARE(lrn.lrn.k, 2.f);
    QCOMPARE(parse_one_layer("ReLU", "relu_param { negative_slope: -0.25 }").relu.negative_slope, -0.25f);
    QCOMPARE(parse_one_layer("ReLU", "").relu.negative_slope, 0.f);
    QCOMPARE(parse_one_layer("BatchNorm", "batch_norm_param { eps: 0.001 }").batch_norm.eps, 0.001f);
    QCOMPARE(parse_one_layer("Scale", "scale_param { bias_term: true axis: 1 }").scale.bias_term, true);
    QCOMPARE(parse_one_layer("Scale", "").scale.bias_term, false);
    QCOMPARE(parse_one_layer("InnerProduct", "inner_product_param { num_output: 7 bias_term: False }").fc.num_output,
             7);
    QCOMPARE(parse_one_layer("Softmax", "softmax_param { axis: 1 }").softmax.axis, 1);
    QCOMPARE(parse_one_layer("Flatten", "flatten_param { axis: 1 end_axis: -1 }").type, LayerType::Flatten);
    const LayerDesc clip = parse_one_layer("Clip", "clip_param { min: -0.5 max: 6 }");
    QCOMPARE(clip.type, LayerType::Clip);
    QCOMPARE(clip.clip.min, -0.5f);
    QCOMPARE(clip.clip.max, 6.f);
    QCOMPARE(parse_one_layer("Clip", "clip_param { max: 1e-3 min: 1e-3 }").clip.min, 1e-3f);  // min == max
    const LayerDesc concat = parse_one_layer("Concat", "bottom: \"data\" concat_param { concat_dim: 1 }");
    QCOMPARE(concat.bottoms.size(), std::size_t(2));
    const LayerDesc prod = parse_one_layer("Eltwise", "bottom: \"data\" eltwise_param { operation: PROD }");
    QCOMPARE(prod.eltwise.op, EltwiseOp::Prod);
    const LayerDesc sum = parse_one_layer("Eltwise", "bottom: \"data\" eltwise_param { coeff: [0.5, 2] }");
    QCOMPARE(sum.eltwise.op, EltwiseOp::Sum);
    QCOMPARE(sum.eltwise.coeff, (std::vector<float>{0.5f, 2.f}));
  }

  void errors_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QStringList>("parts");  // all must appear in the message
    QTest::newRow("clip without clip_param")
        << "Clip" << "" << QStringList{"3:1:", "layer 'l' (Clip)", "needs a clip_param with 'min' and 'max'"};
    QTest::newRow("clip without max") << "Clip" << "clip_param { min: 0 }"
                                      << QStringList{"4:1:", "layer 'l' (Clip)", "clip_param needs 'max'"};
    QTest::newRow("clip without min") << "Clip" << "clip_param { max: 6 }"
                                      << QStringList{"4:1:", "clip_param needs 'min'"};
    QTest::newRow("clip min twice") << "Clip" << "clip_param { min: 0 min: 1 max: 6 }"
                                    << QStringList{"4:21:", "'min' is given more than once"};
    QTest::newRow("clip min above max") << "Clip" << "clip_param { min: 2 max: 1 }"
                                        << QStringList{"layer 'l' (Clip)", "min 2.000000 must not exceed max 1.000000"};
    QTest::newRow("round_mode other") << "Pooling" << "pooling_param { kernel_size: 2 round_mode: UP }"
                                      << QStringList{"4:44:", "expected CEIL or FLOOR for 'round_mode'"};
  }
  void errors() {
    QFETCH(QString, type);
    QFETCH(QString, body);
    QFETCH(QStringList, parts);
    const QString message = model_error(one_layer(type.toStdString(), body.toStdString()));
    QVERIFY2(!message.isEmpty(), "no ModelError");
    for (const QString& part : parts) QVERIFY2(message.contains(part), qPrintable(message + " lacks: " + part));
  }
};

QTEST_GUILESS_MAIN(TestPrototxtParams)
#include "test_prototxt_params.moc"
