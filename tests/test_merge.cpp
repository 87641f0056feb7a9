// Operator merge (core/schedule/merge.h): which convolutions may merge, each refusal's sentence,
// and the merged layer and weights (kernels zero-padded and centred, channels and biases in order).
#include <doctest/doctest.h>

#include <string>

#include "core/model/graph.h"
#include "core/model/net_desc.h"
#include "core/schedule/merge.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

std::string conv(const std::string& name, const std::string& bottom, const std::string& params) {
  return "layer { name: \"" + name + "\" type: \"Convolution\" bottom: \"" + bottom + "\" top: \"" + name +
         "\" convolution_param { " + params + " } }\n";
}

// Node 0 "a" (3x3 pad 1), 1 "b" (1x1), 2 "c" (5x5 pad 2, no bias) read data; 3 "d" (1x1 stride 2),
// 4 "e" (3x3 no pad), 5 "f" (1x1, groups 2), 6 "g" (2x2) read data too; 7 "h" (1x1) reads a; 8 a ReLU.
Graph graph() {
  const std::string text =
      "name: \"m\"\ninput: \"data\" input_shape { dim: 2 dim: 2 dim: 6 dim: 6 }\n" +
      conv("a", "data", "num_output: 3 kernel_size: 3 pad: 1") + conv("b", "data", "num_output: 2 kernel_size: 1") +
      conv("c", "data", "num_output: 1 kernel_size: 5 pad: 2 bias_term: false") +
      conv("d", "data", "num_output: 2 kernel_size: 1 stride: 2") + conv("e", "data", "num_output: 2 kernel_size: 3") +
      conv("f", "data", "num_output: 2 kernel_size: 1 group: 2") + conv("g", "data", "num_output: 2 kernel_size: 2 pad: 1") +
      conv("h", "a", "num_output: 2 kernel_size: 1") + "layer { name: \"r\" type: \"ReLU\" bottom: \"b\" top: \"b\" }\n";
  return Graph(parse_prototxt(text, "m"), 2);
}

std::string error(const Graph& g, std::vector<int> nodes) { return merge_error(g, nodes).value_or("(none)"); }

}  // namespace

TEST_CASE("whatMayMerge") {
  const Graph g = graph();
  REQUIRE(g.nodes().size() == 9);
  CHECK_FALSE(merge_error(g, {0, 1}));
  CHECK_FALSE(merge_error(g, {1, 0, 2}));
  CHECK(error(g, {0}) == "a merge needs at least two convolutions");
  CHECK(error(g, {1, 8}) == "layer 'r' is not a convolution, so it cannot merge");
  CHECK(error(g, {1, 7}) == "layer 'h' does not read the same single value as 'b'");
  CHECK(error(g, {1, 3}) == "layer 'd' has another stride than 'b'");
  CHECK(error(g, {1, 4}) == "layer 'e' writes another height or width than 'b'");
  CHECK(error(g, {1, 5}) == "layer 'f' has groups, dilation or uneven padding, so it cannot merge");
  CHECK(error(g, {1, 6}) == "layer 'g' writes another height or width than 'b'");
}

TEST_CASE("kernelsThatDoNotCentreRefuse") {
  // With stride 2 a 1x1 and a 2x2 kernel both write 3x3 from 6x6, but a 2x2 has no centre cell for
  // the 1x1 to sit in. (With stride 1, equal output sizes always centre: 2 pad - kernel is equal.)
  const Graph g(parse_prototxt("name: \"m\"\ninput: \"data\" input_shape { dim: 1 dim: 1 dim: 6 dim: 6 }\n" +
                                   conv("x", "data", "num_output: 1 kernel_size: 1 stride: 2") +
                                   conv("y", "data", "num_output: 1 kernel_size: 2 stride: 2"),
                               "m"),
                1);
  REQUIRE(g.nodes()[0].desc.out_shapes[0] == g.nodes()[1].desc.out_shapes[0]);
  CHECK(error(g, {0, 1}) == "the kernels of layers 'x' and the others do not centre on one another");
}

TEST_CASE("mergedWeightsPadAndCentreEachKernel") {
  const Graph g = graph();
  ModelWeights w(g.nodes().size());
  float next = 1;
  for (int i : {0, 1, 2}) {  // distinct values everywhere, so a misplaced one shows
    const LayerDesc& d = g.nodes()[std::size_t(i)].desc;
    w[std::size_t(i)].blobs.push_back(Tensor::allocate(Shape{d.conv.num_output, 2, d.conv.kernel_h, d.conv.kernel_w}));
    for (std::size_t k = 0; k < w[std::size_t(i)].blobs[0].count(); ++k) w[std::size_t(i)].blobs[0].f32()[k] = next++;
    if (d.conv.bias_term) {
      w[std::size_t(i)].blobs.push_back(Tensor::allocate(Shape{d.conv.num_output, 1, 1, 1}));
      for (int o = 0; o < d.conv.num_output; ++o) w[std::size_t(i)].blobs[1].f32()[o] = -100.f * float(i + 1) - float(o);
    }
  }
  const MergedConvolution m = merge_convolutions(g, w, {0, 1, 2});
  CHECK(m.layer.name == "a+b+c");
  CHECK(m.layer.conv.num_output == 6);
  CHECK(m.layer.conv.kernel_h == 5);
  CHECK(m.layer.conv.kernel_w == 5);
  CHECK(m.layer.conv.pad_h == 2);
  CHECK(m.layer.conv.pad_w == 2);
  CHECK(m.layer.conv.bias_term);
  CHECK(m.layer.out_shapes.at(0) == Shape{2, 6, 6, 6});
  CHECK(m.layer.tops == std::vector<std::string>{"a", "b", "c"});
  CHECK(m.first_channel == std::vector<int>{0, 3, 5});
  const Tensor& k = m.weights.blobs.at(0);
  REQUIRE(k.shape() == Shape{6, 2, 5, 5});
  auto at = [&](int o, int c, int y, int x) { return k.f32()[((std::size_t(o) * 2 + c) * 5 + y) * 5 + x]; };
  auto own = [&](int node, int o, int c, int y, int x) {
    const Tensor& t = w[std::size_t(node)].blobs[0];
    return t.f32()[((std::size_t(o) * 2 + c) * t.shape().h + y) * t.shape().w + x];
  };
  // a (3x3) sits in the centre of channels 0..2, zeros around it.
  CHECK(at(1, 1, 1, 1) == own(0, 1, 1, 0, 0));
  CHECK(at(2, 0, 3, 3) == own(0, 2, 0, 2, 2));
  CHECK(at(1, 1, 0, 2) == 0.f);
  CHECK(at(0, 0, 4, 4) == 0.f);
  // b (1x1) is the centre of channels 3 and 4; c (5x5) fills channel 5.
  CHECK(at(4, 1, 2, 2) == own(1, 1, 1, 0, 0));
  CHECK(at(4, 1, 2, 1) == 0.f);
  CHECK(at(5, 0, 0, 0) == own(2, 0, 0, 0, 0));
  CHECK(at(5, 1, 4, 3) == own(2, 0, 1, 4, 3));
  int nonzero = 0;
  for (std::size_t i = 0; i < k.count(); ++i) nonzero += k.f32()[i] != 0.f;
  CHECK(nonzero == 3 * 2 * 9 + 2 * 2 * 1 + 1 * 2 * 25);
  // Biases in member order; c has none, so zero.
  const Tensor& b = m.weights.blobs.at(1);
  CHECK(b.f32()[0] == -100.f);
  CHECK(b.f32()[2] == -102.f);
  CHECK(b.f32()[3] == -200.f);
  CHECK(b.f32()[4] == -201.f);
  CHECK(b.f32()[5] == 0.f);
}
