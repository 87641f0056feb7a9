// The Graph: SSA values and consumers, Caffe's shape inference, per-layer costs, shape errors.
#include <doctest/doctest.h>

#include <string>

#include "core/model/graph.h"
#include "tests/test_support.h"

using namespace cnn;

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
std::string graph_error(const std::string& text, int batch = 1) {
  try {
    build(text, batch);
  } catch (const ModelError& e) {
    return std::string(e.what());
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

struct ShapesRow {
  std::string tag;
  std::string text;
  int batch;
  Shape expected;
};

std::vector<ShapesRow> shapes_rows() {
  std::vector<ShapesRow> rows;
  auto conv = [](const std::string& p) { return layer("Convolution", "convolution_param { " + p + " }"); };
  auto pool = [](const std::string& p) { return layer("Pooling", "pooling_param { " + p + " }"); };
  auto row = [&rows](const char* name, const std::string& text, int batch, Shape s) {
    rows.push_back({name, std::string(text), batch, s});
  };
  row("conv same", net(3, 8, 8, conv("num_output: 16 kernel_size: 3 pad: 1")), 1, {1, 16, 8, 8});
  row("conv AlexNet 227->55", net(3, 227, 227, conv("num_output: 96 kernel_size: 11 stride: 4")), 2, {2, 96, 55, 55});
  row("conv stride 2 floors", net(3, 7, 7, conv("num_output: 4 kernel_size: 3 stride: 2 pad: 1")), 1, {1, 4, 4, 4});
  row("conv stride floors 8->2", net(1, 8, 8, conv("num_output: 1 kernel_size: 3 stride: 3")), 1, {1, 1, 2, 2});
  row("conv dilation", net(2, 10, 10, conv("num_output: 2 kernel_size: 3 dilation: 2")), 1, {1, 2, 6, 6});
  row("conv dilation padded", net(2, 10, 9, conv("num_output: 2 kernel_size: 3 dilation: 2 pad: 2")), 1, {1, 2, 10, 9});
  row("conv kernel_h/_w",
      net(1, 5, 6, conv("num_output: 3 kernel_h: 3 kernel_w: 1 pad_h: 1 pad_w: 0 stride_h: 1 stride_w: 2")), 1,
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
  row("concat",
      net(3, 6, 6,
          conv("num_output: 5 kernel_size: 1") +
              layer("Concat", "", "bottom: \"data\" bottom: \"l\" bottom: \"data\"")),
      2, {2, 11, 6, 6});
  row("eltwise",
      net(3, 6, 6,
          conv("num_output: 3 kernel_size: 3 pad: 1") +
              layer("Eltwise", "eltwise_param { operation: MAX }", "bottom: \"l\" bottom: \"data\"")),
      1, {1, 3, 6, 6});
  row("same-shape layers",
      net(3, 6, 6,
          layer("LRN", "") + layer("BatchNorm", "", "bottom: \"l\"") + layer("Scale", "", "bottom: \"l\"") +
              layer("Softmax", "", "bottom: \"l\"")),
      7, {7, 3, 6, 6});
  return rows;
}

TEST_CASE("shapes") {
  auto [tag, text, batch, expected] = test::pick_row(shapes_rows());
  const Graph g = build(text, batch);
  CHECK(g.batch() == batch);
  CHECK(g.values()[g.inputs().at(0)].shape.n == batch);
  const Graph::Node& last = g.nodes().back();
  CHECK(last.desc.out_shapes.at(0) == expected);
  CHECK(g.values()[last.outputs.at(0)].shape == expected);
  CHECK(g.outputs() == (std::vector<int>{last.outputs.at(0)}));
  for (const Graph::Node& node : g.nodes()) {  // in_shapes follow the values the node reads
    REQUIRE(node.desc.in_shapes.size() == node.inputs.size());
    for (std::size_t i = 0; i < node.inputs.size(); ++i)
      CHECK(node.desc.in_shapes[i] == g.values()[node.inputs[i]].shape);
  }
}

// What ONNX adds (LayerDesc): pads that differ by side, pooling rounded down. Hand-computed sizes.
struct OnnxShapesRow {
  std::string tag;
  bool pooling;
  std::vector<int> hw_k_s;
  std::vector<int> pads;
  bool down;
  std::vector<int> expected;
};

std::vector<OnnxShapesRow> onnx_shapes_rows() {
  std::vector<OnnxShapesRow> rows;
  auto row = [&rows](const char* name, bool pooling, std::vector<int> hw_k_s, std::vector<int> pads, bool down,
                std::vector<int> out) {
    rows.push_back({name, pooling, hw_k_s, pads, down, out});
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
  return rows;
}

TEST_CASE("onnxShapes") {
  auto [tag, pooling, hw_k_s, pads, down, expected] = test::pick_row(onnx_shapes_rows());
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
  CHECK((std::vector<int>{out.h, out.w}) == expected);
  // A pad below zero on one side is a model error, not a shape.
  desc.layers[0].conv.pad_h_more = desc.layers[0].pool.pad_h_more = -pads[0] - 1;
  CHECK_THROWS_AS(Graph(desc, 1), ModelError);
}

TEST_CASE("globalPoolingDesc") {
  const Graph g = build(net(8, 7, 5, layer("Pooling", "pooling_param { pool: MAX global_pooling: true }")), 1);
  const PoolingParams& p = g.nodes()[0].desc.pool;
  CHECK((std::vector<int>{p.kernel_h, p.kernel_w, p.stride_h, p.stride_w, p.pad_h, p.pad_w}) ==
        (std::vector<int>{7, 5, 1, 1, 0, 0}));
}

struct ShapeErrorsRow {
  std::string tag;
  std::string text;
  int batch;
  std::string message;
};

std::vector<ShapeErrorsRow> shape_errors_rows() {
  std::vector<ShapeErrorsRow> rows;
  auto row = [&rows](const char* name, const std::string& text, const char* message, int batch = 1) {
    rows.push_back({name, std::string(text), batch, message});
  };
  row("group",
      net(64, 8, 8,
          "layer { name: \"conv2\" type: \"Convolution\" bottom: \"data\" top: \"c\" "
          "convolution_param { num_output: 96 kernel_size: 3 group: 3 } }"),
      "layer 'conv2' (Convolution): group 3 does not divide 64 input channels");
  row("conv too big", net(3, 4, 4, layer("Convolution", "convolution_param { num_output: 2 kernel_size: 5 }")),
      "layer 'l' (Convolution): output height would be <= 0: the kernel spans 5 but the padded input height is 4");
  row("dilated too big",
      net(3, 9, 4,
          layer("Convolution",
                "convolution_param { num_output: 2 kernel_size: 3 "
                "dilation: 2 }")),
      "layer 'l' (Convolution): output width would be <= 0: the kernel spans 5 but the padded input width is 4");
  row("pool too big", net(3, 2, 2, layer("Pooling", "pooling_param { kernel_size: 3 }")),
      "layer 'l' (Pooling): output height would be <= 0: the kernel 3 is larger than the padded input height 2");
  row("concat mismatch",
      net(3, 6, 6,
          layer("Pooling", "pooling_param { kernel_size: 2 stride: 2 }") +
              "layer { name: \"cat\" type: \"Concat\" bottom: \"data\" bottom: \"l\" top: \"c\" }"),
      "layer 'cat' (Concat): bottom 'l' is 1x3x3x3 but 'data' is 1x3x6x6; concatenating channels needs equal N, H "
      "and W");
  row("eltwise mismatch",
      net(3, 6, 6,
          layer("Convolution", "convolution_param { num_output: 4 kernel_size: 1 }") +
              "layer { name: \"sum\" type: \"Eltwise\" bottom: \"data\" bottom: \"l\" top: \"s\" }"),
      "layer 'sum' (Eltwise): bottom 'l' is 1x4x6x6 but 'data' is 1x3x6x6");
  row("missing bottom", net(3, 6, 6, "layer { name: \"relu9\" type: \"ReLU\" bottom: \"conv9\" top: \"conv9\" }"),
      "layer 'relu9' (ReLU): bottom 'conv9' is neither a net input nor the top of an earlier layer");
  row("bottom defined later",
      net(3, 6, 6,
          layer("ReLU", "", "bottom: \"later\"") +
              "layer { name: \"x\" type: \"ReLU\" bottom: \"data\" top: \"later\" }"),
      "layer 'l' (ReLU): bottom 'later' is neither");
  row("batch 0", net(3, 6, 6, layer("ReLU", "")), "batch size must be positive, got 0", 0);
  return rows;
}

TEST_CASE("shapeErrors") {
  auto [tag, text, batch, message] = test::pick_row(shape_errors_rows());
  const std::string got = graph_error(text, batch);
  CHECK_MESSAGE(test::contains(got, message), ("got: " + got));
}

// A hand-made NetDesc with bad parameters is a ModelError, not a crash.
TEST_CASE("handMadeDesc") {
  NetDesc desc;
  desc.inputs.push_back({"data", Shape{1, 3, 8, 8}});
  LayerDesc conv;
  conv.name = "c";
  conv.type = LayerType::Convolution;
  conv.bottoms = {"data"};
  conv.tops = {"c"};
  conv.conv.num_output = 4;  // kernel left at 0
  desc.layers.push_back(conv);
  CHECK_THROWS_AS(Graph(desc, 1), ModelError);
  desc.layers[0].conv.kernel_h = desc.layers[0].conv.kernel_w = 3;
  desc.layers[0].conv.stride_h = 0;
  CHECK_THROWS_AS(Graph(desc, 1), ModelError);
  desc.layers[0].conv.stride_h = 1;
  CHECK(Graph(desc, 1).nodes()[0].desc.out_shapes[0] == (Shape{1, 4, 6, 6}));
}

// conv -> relu in place -> pool, with a second reader of conv1 before and after the relu.
TEST_CASE("inPlaceChain") {
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
  REQUIRE(g.values().size() == std::size_t(6));
  std::vector<std::string> blobs;
  std::vector<int> producers;
  std::vector<std::vector<int>> consumers;
  for (const Graph::Value& v : g.values()) {
    blobs.push_back(v.blob);
    producers.push_back(v.producer);
    consumers.push_back(v.consumers);
  }
  CHECK(blobs == std::vector<std::string>({"data", "conv1", "early", "conv1", "conv1", "pool1"}));
  CHECK(producers == (std::vector<int>{-1, 0, 1, 2, 3, 4}));
  CHECK(consumers == (std::vector<std::vector<int>>{{0}, {1, 2}, {}, {3}, {4}, {}}));
  CHECK(g.nodes()[2].inputs == (std::vector<int>{1}));
  CHECK(g.nodes()[2].outputs == (std::vector<int>{3}));
  CHECK(g.nodes()[4].inputs == (std::vector<int>{4}));
  CHECK(g.inputs() == (std::vector<int>{0}));
  CHECK(g.outputs() == (std::vector<int>{2, 5}));
  CHECK(g.values()[5].shape == (Shape{1, 4, 4, 4}));
  CHECK(g.nodes()[2].stats.bytes_in == std::uint64_t(4 * 8 * 8 * 4));
}

struct LenetCostsRow {
  std::string tag;
  int batch;
};

std::vector<LenetCostsRow> lenet_costs_rows() {
  std::vector<LenetCostsRow> rows;
  rows.push_back({"batch 1", 1});
  rows.push_back({"batch 3", 3});
  return rows;
}

// LeNet by hand: conv1 20*24*24*(1*5*5), conv2 50*8*8*(20*5*5), ip1 800*500, ip2 500*10 MACs per image.
TEST_CASE("lenetCosts") {
  auto [tag, batch] = test::pick_row(lenet_costs_rows());
  const Graph g = build(kLeNet, batch);
  CHECK(std::string(g.name()) == std::string("LeNet"));
  const std::uint64_t n = std::uint64_t(batch);
  const std::vector<std::uint64_t> macs{288000 * n, 0, 1600000 * n, 0, 400000 * n, 0, 5000 * n, 0};
  const std::vector<std::uint64_t> params{520, 0, 25050, 0, 400500, 0, 5010, 0};
  const std::vector<Shape> outs{{batch, 20, 24, 24}, {batch, 20, 12, 12}, {batch, 50, 8, 8}, {batch, 50, 4, 4},
                          {batch, 500, 1, 1},  {batch, 500, 1, 1},  {batch, 10, 1, 1}, {batch, 10, 1, 1}};
  REQUIRE(g.nodes().size() == std::size_t(8));
  for (int i = 0; i < 8; ++i) {
    const Graph::Node& node = g.nodes()[i];
    CHECK(node.stats.macs == macs[i]);
    CHECK(node.stats.params == params[i]);
    CHECK(node.desc.out_shapes.at(0) == outs[i]);
    CHECK(node.stats.bytes_out == std::uint64_t(outs[i].count()) * 4);
    CHECK(node.stats.bytes_in == std::uint64_t(node.desc.in_shapes.at(0).count()) * 4);
  }
  CHECK(g.nodes()[0].stats.bytes_in == n * 28 * 28 * 4);
  CHECK(g.total_macs() == 2293000 * n);
  CHECK(g.total_params() == std::uint64_t(431080));
}

TEST_CASE("otherCosts") {
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
  CHECK(nodes[0].stats.macs == std::uint64_t(2 * 8 * 5 * 5 * (2 * 3 * 3)));
  CHECK(nodes[0].stats.params == std::uint64_t(8 * 2 * 3 * 3));
  CHECK(nodes[1].stats.params == std::uint64_t(16));
  CHECK(nodes[2].stats.params == std::uint64_t(8));
  CHECK(nodes[3].stats.params == std::uint64_t(16));
  CHECK(nodes[1].stats.macs == std::uint64_t(0));
  CHECK(nodes[4].stats.bytes_in == std::uint64_t(2 * (2 * 8 * 5 * 5 * 4)));
  CHECK(nodes[4].stats.bytes_out == std::uint64_t(2 * 16 * 5 * 5 * 4));
  CHECK(nodes[5].stats.macs == std::uint64_t(2 * 400 * 3));
  CHECK(nodes[5].stats.params == std::uint64_t(400 * 3));
}
