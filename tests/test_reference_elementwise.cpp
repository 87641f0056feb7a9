// The reference backend's element-wise layers (Eltwise, BatchNorm, Scale, ReLU, Clip, Softmax,
// Dropout, Flatten) against hand-computed fixtures, including in-place runs where the output is the input.
#include <QtTest>

#include <cmath>
#include <vector>

#include "tests/reference_test_util.h"

using namespace cnn;
using namespace cnn::test;

class TestReferenceElementwise : public QObject {
  Q_OBJECT

 private slots:
  void eltwise_data();
  void eltwise();
  void batchNorm_data();
  void batchNorm();
  void scale_data();
  void scale();
  void relu_data();
  void relu();
  void clip_data();
  void clip();
  void softmax();
  void identityLayers_data();
  void identityLayers();
};

// Bottoms a = [1 -2 3 0.5], b = [2 2 -1 4], c = [0 1 1 -1].
void TestReferenceElementwise::eltwise_data() {
  QTest::addColumn<int>("op");  // 0 sum, 1 prod, 2 max
  QTest::addColumn<int>("bottoms");
  QTest::addColumn<QList<float>>("coeff");
  QTest::addColumn<QList<float>>("expected");
  QTest::newRow("sum") << 0 << 2 << QList<float>{} << QList<float>{3, 0, 2, 4.5f};
  QTest::newRow("sum coeff 1 -1") << 0 << 2 << QList<float>{1, -1} << QList<float>{-1, -4, 4, -3.5f};
  QTest::newRow("sum of 3 coeff 0.5 2 -1") << 0 << 3 << QList<float>{0.5f, 2, -1}
                                            << QList<float>{4.5f, 2, -1.5f, 9.25f};
  QTest::newRow("prod") << 1 << 2 << QList<float>{} << QList<float>{2, -4, -3, 2};
  QTest::newRow("prod of 3") << 1 << 3 << QList<float>{} << QList<float>{0, -4, -3, -2};
  QTest::newRow("max") << 2 << 2 << QList<float>{} << QList<float>{2, 2, 3, 4};
  QTest::newRow("max of 3") << 2 << 3 << QList<float>{} << QList<float>{2, 2, 3, 4};
}

void TestReferenceElementwise::eltwise() {
  QFETCH(int, op);
  QFETCH(int, bottoms);
  QFETCH(QList<float>, coeff);
  QFETCH(QList<float>, expected);
  const QList<int> s{1, 2, 1, 2};
  const Tensor x[3] = {tensor_of(s, {1, -2, 3, 0.5f}), tensor_of(s, {2, 2, -1, 4}), tensor_of(s, {0, 1, 1, -1})};
  std::vector<const Tensor*> in;
  for (int i = 0; i < bottoms; ++i) in.push_back(&x[i]);
  LayerDesc d = layer_of(LayerType::Eltwise, std::vector<Shape>(bottoms, shape_of(s)), {shape_of(s)});
  d.eltwise.op = op == 0 ? EltwiseOp::Sum : op == 1 ? EltwiseOp::Prod : EltwiseOp::Max;
  d.eltwise.coeff.assign(coeff.begin(), coeff.end());
  Tensor y = Tensor::allocate(shape_of(s));
  run(d, Weights{}, in, y);
  expect_values(y, expected);
}

// Input 2 x 2 x 1 x 2: image 0 channels [1 3] [0 4], image 1 [5 -1] [2 2.5].
const QList<float> kChannelInput{1, 3, 0, 4, 5, -1, 2, 2.5f};

void TestReferenceElementwise::batchNorm_data() {
  QTest::addColumn<bool>("in_place");
  QTest::newRow("separate output") << false;
  QTest::newRow("in place") << true;
}

// mean [1 2], variance [3 0], eps 1: divide by 2 and 1.
void TestReferenceElementwise::batchNorm() {
  QFETCH(bool, in_place);
  const Shape s{2, 2, 1, 2};
  LayerDesc d = layer_of(LayerType::BatchNorm, {s}, {s});
  d.batch_norm.eps = 1.f;
  Weights w;
  w.blobs = {vector_of({1, 2}), vector_of({3, 0})};
  Tensor x = tensor_of({2, 2, 1, 2}, kChannelInput);
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, w, {&x}, y);
  expect_values(y, {0, 1, -2, 2, 2, -1, 0, 0.5f});
}

void TestReferenceElementwise::scale_data() {
  QTest::addColumn<bool>("bias");
  QTest::addColumn<bool>("in_place");
  QTest::addColumn<QList<float>>("expected");
  // gamma [2 -1], beta [0.5 1].
  QTest::newRow("bias") << true << false << QList<float>{2.5f, 6.5f, 1, -3, 10.5f, -1.5f, -1, -1.5f};
  QTest::newRow("no bias") << false << false << QList<float>{2, 6, 0, -4, 10, -2, -2, -2.5f};
  QTest::newRow("bias in place") << true << true << QList<float>{2.5f, 6.5f, 1, -3, 10.5f, -1.5f, -1, -1.5f};
}

void TestReferenceElementwise::scale() {
  QFETCH(bool, bias);
  QFETCH(bool, in_place);
  QFETCH(QList<float>, expected);
  const Shape s{2, 2, 1, 2};
  LayerDesc d = layer_of(LayerType::Scale, {s}, {s});
  d.scale.bias_term = bias;
  Weights w;
  w.blobs.push_back(vector_of({2, -1}));
  if (bias) w.blobs.push_back(vector_of({0.5f, 1}));
  Tensor x = tensor_of({2, 2, 1, 2}, kChannelInput);
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, w, {&x}, y);
  expect_values(y, expected);
}

void TestReferenceElementwise::relu_data() {
  QTest::addColumn<float>("slope");
  QTest::addColumn<bool>("in_place");
  QTest::addColumn<QList<float>>("expected");
  QTest::newRow("plain") << 0.f << false << QList<float>{0, 0, 0, 1.5f};
  QTest::newRow("negative slope 0.1") << 0.1f << false << QList<float>{-0.2f, -0.05f, 0, 1.5f};
  QTest::newRow("negative slope in place") << 0.1f << true << QList<float>{-0.2f, -0.05f, 0, 1.5f};
}

void TestReferenceElementwise::relu() {
  QFETCH(float, slope);
  QFETCH(bool, in_place);
  QFETCH(QList<float>, expected);
  const Shape s{1, 1, 2, 2};
  LayerDesc d = layer_of(LayerType::ReLU, {s}, {s});
  d.relu.negative_slope = slope;
  Tensor x = tensor_of({1, 1, 2, 2}, {-2, -0.5f, 0, 1.5f});
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, Weights{}, {&x}, y);
  expect_values(y, expected);
}

void TestReferenceElementwise::clip_data() {
  QTest::addColumn<float>("min");
  QTest::addColumn<float>("max");
  QTest::addColumn<bool>("in_place");
  QTest::addColumn<QList<float>>("expected");
  // Input -8 -1 -0.5 0 0.25 1 6 7.5.
  QTest::newRow("relu6") << 0.f << 6.f << false << QList<float>{0, 0, 0, 0, 0.25f, 1, 6, 6};
  QTest::newRow("-1 to 1") << -1.f << 1.f << false << QList<float>{-1, -1, -0.5f, 0, 0.25f, 1, 1, 1};
  QTest::newRow("-1 to 1 in place") << -1.f << 1.f << true << QList<float>{-1, -1, -0.5f, 0, 0.25f, 1, 1, 1};
  QTest::newRow("min == max") << 0.5f << 0.5f << false << QList<float>{0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
  QTest::newRow("both below zero") << -4.f << -0.75f << false
                                   << QList<float>{-4, -1, -0.75f, -0.75f, -0.75f, -0.75f, -0.75f, -0.75f};
  // ONNX's Clip without a bound: that side is infinite.
  QTest::newRow("no lower bound") << -INFINITY << 1.f << false << QList<float>{-8, -1, -0.5f, 0, 0.25f, 1, 1, 1};
  QTest::newRow("no upper bound") << 0.f << INFINITY << false << QList<float>{0, 0, 0, 0, 0.25f, 1, 6, 7.5f};
}

void TestReferenceElementwise::clip() {
  QFETCH(float, min);
  QFETCH(float, max);
  QFETCH(bool, in_place);
  QFETCH(QList<float>, expected);
  const Shape s{2, 1, 2, 2};
  LayerDesc d = layer_of(LayerType::Clip, {s}, {s});
  d.clip = {min, max};
  Tensor x = tensor_of({2, 1, 2, 2}, {-8, -1, -0.5f, 0, 0.25f, 1, 6, 7.5f});
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, Weights{}, {&x}, y);
  expect_values(y, expected);
}

// Over channels at each (n, h, w). Position 0: equal logits of 1000 (overflow without the max
// subtraction) -> 1/3 each; position 1: exp = 1, 3, 1 -> 0.2, 0.6, 0.2; image 1 swapped.
void TestReferenceElementwise::softmax() {
  const Shape s{2, 3, 1, 2};
  const float l3 = std::log(3.f);
  const Tensor x = tensor_of({2, 3, 1, 2}, {1000, 0, 1000, l3, 1000, 0, 0, 1000, l3, 1000, 0, 1000});
  const LayerDesc d = layer_of(LayerType::Softmax, {s}, {s});
  Tensor y = Tensor::allocate(s);
  run(d, Weights{}, {&x}, y);
  const float t = 1.f / 3;
  expect_values(y, {t, 0.2f, t, 0.6f, t, 0.2f, 0.2f, t, 0.6f, t, 0.2f, t});
}

void TestReferenceElementwise::identityLayers_data() {
  QTest::addColumn<bool>("flatten");
  QTest::addColumn<bool>("in_place");
  QTest::newRow("dropout") << false << false;
  QTest::newRow("dropout in place") << false << true;
  QTest::newRow("flatten") << true << false;
  QTest::newRow("flatten in place") << true << true;
}

// Dropout (inference) and Flatten keep every value in order; Flatten to N x CHW x 1 x 1.
void TestReferenceElementwise::identityLayers() {
  QFETCH(bool, flatten);
  QFETCH(bool, in_place);
  const Shape s{2, 2, 1, 2}, flat{2, 4, 1, 1};
  const Shape out_shape = flatten ? flat : s;
  const LayerDesc d = layer_of(flatten ? LayerType::Flatten : LayerType::Dropout, {s}, {out_shape});
  Tensor x = tensor_of({2, 2, 1, 2}, kChannelInput);
  Tensor y = in_place ? x.reshaped(out_shape) : Tensor::allocate(out_shape);
  run(d, Weights{}, {&x}, y);
  QCOMPARE(y.shape(), out_shape);
  expect_values(y, kChannelInput);
}

QTEST_GUILESS_MAIN(TestReferenceElementwise)
#include "test_reference_elementwise.moc"
