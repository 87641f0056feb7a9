// The prototxt parser: input forms, text-format syntax, error messages, and that every prefix or
// mutation of a valid file parses to a sound Graph or throws a ModelError. Each layer type's
// parameters: test_prototxt_params.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/model/graph.h"
#include "core/model/net_desc.h"
#include "tests/prototxt_invariants.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

const std::string kSource = "test.prototxt";

// `text` `times` times over.
std::string repeated(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

// The message of the ModelError parsing `text` throws; empty when it parses.
std::string parse_error(const std::string& text) {
  try {
    parse_prototxt(text, kSource);
  } catch (const ModelError& e) {
    return std::string(e.what());
  }
  return {};
}

// Every layer type with its parameters, comments, and skipped training-only fields.
const char* const kRichNet = R"(# a comment before anything
name: "rich"   # trailing comment
input: "data"
input_shape { dim: 2 dim: 3 dim: 32 dim: 32 }
layer {
  name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  param { lr_mult: 1 decay_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
  convolution_param { num_output: 8 kernel_size: 3 stride: 1 pad: 1
    weight_filler { type: "gaussian" std: 0.01 } bias_filler { type: "constant" value: 0 } }
}
layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" batch_norm_param { use_global_stats: true eps: 1e-5 } }
layer { name: "sc1" type: "Scale" bottom: "conv1" top: "conv1" scale_param { bias_term: true } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" relu_param { negative_slope: 0.1 } }
layer { name: "clip1" type: "Clip" bottom: "conv1" top: "conv1" clip_param { min: -1 max: 6 } }
layer { name: "norm1" type: "LRN" bottom: "conv1" top: "norm1"
  lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 k: 2 norm_region: ACROSS_CHANNELS } }
layer { name: "pool1" type: "Pooling" bottom: "norm1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2"
  convolution_param { num_output: 8 kernel_h: 3 kernel_w: 1 pad_h: 1 pad_w: 0 group: 2 bias_term: false } }
layer { name: "sum" type: "Eltwise" bottom: "pool1" bottom: "conv2" top: "sum" eltwise_param { operation: SUM coeff: 1 coeff: -1 } }
layer { name: "cat" type: "Concat" bottom: "sum" bottom: "pool1" top: "cat" concat_param { axis: 1 } }
layer: { name: 'gpool' type: "Pooling" bottom: "cat" top: "gpool" pooling_param: { pool: AVE global_pooling: true } }
layer { name: "flat" type: "Flatten" bottom: "gpool" top: "flat" }
layer { name: "fc" type: "InnerProduct" bottom: "flat" top: "fc" inner_product_param { num_output: 10 } }
layer { name: "drop" type: "Dropout" bottom: "fc" top: "fc" dropout_param { dropout_ratio: 0.5 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" include { phase: TRAIN } }
)";

}  // namespace

struct InputFormsRow {
  std::string tag;
  std::string text;
  std::string name;
  Shape shape;
};

std::vector<InputFormsRow> input_forms_rows() {
  std::vector<InputFormsRow> rows;
  rows.push_back({"input_shape", "input: \"data\" input_shape { dim: 1 dim: 3 dim: 224 dim: 224 }", "data",
                  Shape{1, 3, 224, 224}});
  rows.push_back({"input_shape with colon", "input: \"x\"\ninput_shape: {\n dim: 2\n dim: 1\n dim: 28 dim: 27 }", "x",
                  Shape{2, 1, 28, 27}});
  rows.push_back({"input_dim x4", "input: \"data\"\ninput_dim: 10\ninput_dim: 3\ninput_dim: 227\ninput_dim: 227",
                  "data", Shape{10, 3, 227, 227}});
  rows.push_back(
      {"Input layer",
       "layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape { dim: 1 dim: 3 dim: 32 dim: 31 } } }",
       "data", Shape{1, 3, 32, 31}});
  rows.push_back({"dim list", "input: \"d\" input_shape { dim: [1, 4, 5, 6] }", "d", Shape{1, 4, 5, 6}});
  rows.push_back({"two dims", "input: \"v\" input_shape { dim: 1 dim: 100 }", "v", Shape{1, 100, 1, 1}});
  return rows;
}

TEST_CASE("inputForms") {
  auto [tag, text, name, shape] = test::pick_row(input_forms_rows());
  const NetDesc net = parse_prototxt(text, kSource);
  REQUIRE(net.inputs.size() == std::size_t(1));
  CHECK(std::string(net.inputs[0].name) == name);
  CHECK(net.inputs[0].shape == shape);
  CHECK(net.layers.empty());
}

TEST_CASE("richNet") {
  const NetDesc net = parse_prototxt(kRichNet, kSource);
  CHECK(std::string(net.name) == std::string("rich"));
  REQUIRE(net.inputs.size() == std::size_t(1));
  CHECK(net.inputs[0].shape == (Shape{2, 3, 32, 32}));
  std::vector<std::string> names, types;
  for (const LayerDesc& l : net.layers) {
    names.push_back(l.name);
    types.push_back(std::string(to_string(l.type)));
  }
  CHECK(names ==
        std::vector<std::string>({"conv1", "bn1", "sc1", "relu1", "clip1", "norm1", "pool1", "conv2", "sum", "cat",
                                  "gpool", "flat", "fc", "drop", "prob"}));  // the TRAIN-only loss layer is dropped
  CHECK(types ==
        std::vector<std::string>({"Convolution", "BatchNorm", "Scale", "ReLU", "Clip", "LRN", "Pooling", "Convolution",
                                  "Eltwise", "Concat", "Pooling", "Flatten", "InnerProduct", "Dropout", "Softmax"}));
  CHECK(net.layers[0].line == 5);
  CHECK(net.layers[1].line == 11);
  CHECK(net.layers[1].bottoms == (std::vector<std::string>{"conv1"}));
  CHECK(net.layers[1].tops == (std::vector<std::string>{"conv1"}));
  CHECK(net.layers[8].bottoms == (std::vector<std::string>{"pool1", "conv2"}));
  CHECK(net.layers[8].eltwise.coeff == (std::vector<float>{1.f, -1.f}));
  CHECK(net.layers[0].conv.num_output == 8);
  CHECK(net.layers[2].scale.bias_term == true);
  CHECK(net.layers[4].clip.max == test::fuzzy(6.f));
  CHECK(net.layers[5].lrn.k == test::fuzzy(2.f));
  CHECK(net.layers[10].pool.global);
}

TEST_CASE("lexicalForms") {
  const NetDesc net = parse_prototxt(
      "name: \"a\\\"b\\\\c\\x41\\101\\n\" 'd' \"e\"  # escapes, adjacent strings concatenate\n"
      "input: 'in' ; input_dim: 1, input_dim: 2 input_dim: 3 input_dim: 4\n"
      "layer < name: \"r\" type: \"ReLU\" bottom: \"in\" top: \"r\" >\n"
      "force_backward: true state { phase: TEST }  # net-level fields it does not use\n"
      "layer { name: \"x\" type: \"ReLU\" bottom: \"r\" top: \"x\" exclude { phase: TEST } }\n"
      "layer { name: \"y\" type: \"ReLU\" bottom: \"r\" top: \"y\" include { phase: TEST } loss_weight: 0 }\n",
      kSource);
  CHECK(std::string(net.name) == std::string("a\"b\\cAA\nde"));
  CHECK(net.inputs[0].shape == (Shape{1, 2, 3, 4}));
  REQUIRE(net.layers.size() == std::size_t(2));
  CHECK(std::string(net.layers[1].name) == std::string("y"));
  CHECK(net.layers[1].line == 6);
}

struct ErrorsRow {
  std::string tag;
  std::string text;
  std::vector<std::string> parts;
};

std::vector<ErrorsRow> errors_rows() {
  std::vector<ErrorsRow> rows;
  const std::string in = "input: \"data\" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n";
  rows.push_back({"unknown type", in + "layer {\n  name: \"foo\"\n  type: \"Bar\" }",
                  {"test.prototxt:4:9:", "layer 'foo' has unknown type 'Bar'"}});
  rows.push_back({"missing brace", in + "layer { name: \"c\" type: \"ReLU\"",
                  {"test.prototxt:2:", "expected '}', found end of input"}});
  rows.push_back({"stray brace", "}", {"test.prototxt:1:1:", "expected a field name, found '}'"}});
  rows.push_back({"no colon", "name \"x\"",
                  {"test.prototxt:1:6:", "expected ':' or '{' after 'name'", "found string \"x\""}});
  rows.push_back({"no value", "name: }", {"1:7:", "expected a value for 'name', found '}'"}});
  rows.push_back({"open string", "name: \"abc\ninput: 1", {"1:11:", "expected a closing \"", "found end of line"}});
  rows.push_back({"bad escape", "name: \"a\\qb\"", {"1:9:", "expected a string escape"}});
  rows.push_back({"odd byte", "name: \"n\" \x01", {"1:11:", "found byte 0x01"}});
  rows.push_back({"int expected",
                  in + "layer { name: \"conv1\" type: \"Convolution\" bottom: \"data\" top: \"c\"\n"
                       "  convolution_param { num_output: 2.5 kernel_size: 3 } }",
                  {"test.prototxt:3:35:", "layer 'conv1' (Convolution)",
                   "expected an integer for 'num_output', found number '2.5'"}});
  rows.push_back({"negative",
                  in + "layer { name: \"p\" type: \"Pooling\" bottom: \"data\" top: \"p\"\n"
                       "  pooling_param { kernel_size: -3 } }",
                  {"3:32:", "layer 'p' (Pooling)", "from 0 to 2147483647"}});
  rows.push_back({"bad enum",
                  in + "layer { name: \"p\" type: \"Pooling\" bottom: \"data\" top: \"p\"\n"
                       "  pooling_param { pool: MIN kernel_size: 3 } }",
                  {"3:25:", "expected MAX, AVE or STOCHASTIC for 'pool'"}});
  rows.push_back({"stochastic",
                  in + "layer { name: \"p\" type: \"Pooling\" bottom: \"data\" top: \"p\"\n"
                       "  pooling_param { pool: STOCHASTIC kernel_size: 3 } }",
                  {"3:25:", "STOCHASTIC is not supported"}});
  rows.push_back({"within channel",
                  in + "layer { name: \"n\" type: \"LRN\" bottom: \"data\" top: \"n\"\n"
                       "  lrn_param { norm_region: WITHIN_CHANNEL } }",
                  {"3:28:", "layer 'n' (LRN)", "WITHIN_CHANNEL is not supported"}});
  rows.push_back({"concat axis",
                  in + "layer { name: \"c\" type: \"Concat\" bottom: \"data\" top: \"c\"\n"
                       "  concat_param { axis: 2 } }",
                  {"test.prototxt:2:1:", "layer 'c' (Concat)", "axis 2 is not supported"}});
  rows.push_back({"softmax axis",
                  in + "layer { name: \"s\" type: \"Softmax\" bottom: \"data\" top: \"s\"\n"
                       "  softmax_param { axis: 0 } }",
                  {"2:1:", "layer 's' (Softmax)", "axis 0 is not supported"}});
  rows.push_back({"no kernel",
                  in + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\"\n"
                       "  convolution_param { num_output: 3 } }",
                  {"3:3:", "layer 'c' (Convolution)", "needs 'kernel_size'"}});
  rows.push_back({"kernel both ways",
                  in + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\"\n"
                       "  convolution_param { num_output: 3 kernel_size: 3 kernel_h: 3 kernel_w: 3 } }",
                  {"3:52:", "give either 'kernel_size' or 'kernel_h' and 'kernel_w'"}});
  rows.push_back({"three kernel sizes",
                  in + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\"\n"
                       "  convolution_param { num_output: 3 kernel_size: 3 kernel_size: 3 kernel_size: 3 } }",
                  {"3:67:", "'kernel_size' is given 3 times"}});
  rows.push_back({"twice",
                  in + "layer { name: \"f\" type: \"InnerProduct\" bottom: \"data\" top: \"f\"\n"
                       "  inner_product_param { num_output: 3 num_output: 4 } }",
                  {"3:39:", "'num_output' is given more than once"}});
  rows.push_back({"no num_output", in + "layer { name: \"f\" type: \"InnerProduct\" bottom: \"data\" top: \"f\" }",
                  {"2:1:", "layer 'f' (InnerProduct)", "num_output must be positive"}});
  rows.push_back({"two bottoms",
                  in + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" bottom: \"data\" top: \"r\" }",
                  {"2:1:", "layer 'r' (ReLU)", "expects 1 bottom, found 2"}});
  rows.push_back({"unquoted name", "input: data", {"1:8:", "expected a quoted string for 'input'"}});
  rows.push_back({"no shape", "input: \"data\"", {"1:1:", "input 'data' has no shape"}});
  rows.push_back({"dim count", "input: \"data\" input_dim: 1 input_dim: 3",
                  {"1:15:", "found 2 'input_dim' values for 1 inputs"}});
  rows.push_back({"zero dim", "input: \"data\" input_shape { dim: 1 dim: 0 dim: 2 dim: 2 }",
                  {"1:41:", "from 1 to 2147483647 for 'dim'"}});
  rows.push_back({"duplicate input",
                  in + "layer { name: \"data\" type: \"Input\" top: \"data\" " "input_param { shape { dim: 1 } } }",
                  {"2:1:", "input 'data' is declared more than once"}});
  rows.push_back({"V1 layers", "layers { name: \"c\" type: CONVOLUTION }",
                  {"1:1:", "V1 'layers' format is not supported"}});
  rows.push_back({"no type", "layer { name: \"c\" }", {"1:1:", "layer 'c' has no 'type'"}});
  rows.push_back({"huge int", "input: \"d\" input_shape { dim: 99999999999999999999999 }",
                  {"1:31:", "expected an integer from 1 to 2147483647"}});
  rows.push_back({"float range",
                  in + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\"\n"
                       "  relu_param { negative_slope: 1e99 } }",
                  {"3:32:", "within the float range"}});
  rows.push_back({"misspelt field",
                  in + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\"\n"
                       "  convolution_param { num_output: 3 kernel_size: 3 strid: 2 } }",
                  {"test.prototxt:3:52:", "layer 'c' (Convolution)",
                   "convolution_param has no field 'strid' (did you mean 'stride'?)"}});
  rows.push_back({"unknown layer field",
                  in + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" botom: \"x\" }",
                  {"2:56:", "layer 'r' has no field 'botom' (did you mean 'bottom'?)"}});
  rows.push_back({"unknown net field", "nmae: \"x\"", {"1:1:", "the net has no field 'nmae' (did you mean 'name'?)"}});
  rows.push_back({"no suggestion",
                  in + "layer { name: \"p\" type: \"Pooling\" bottom: \"data\" top: \"p\"\n"
                       "  pooling_param { kernel_size: 2 windowing: 1 } }",
                  {"3:34:", "pooling_param has no field 'windowing'"}});
  rows.push_back({"deep nesting", repeated("a {", 100) + repeated("}", 100),
                  {"1:195:", "nested deeper than 64 levels"}});
  return rows;
}

TEST_CASE("errors") {
  auto [tag, text, parts] = test::pick_row(errors_rows());
  const std::string message = parse_error(text);
  CHECK_MESSAGE(!message.empty(), "no ModelError");
  for (const std::string& part : parts) CHECK_MESSAGE(test::contains(message, part), (message + " lacks: " + part));
}

// Every prefix of a valid file parses or throws a ModelError; nothing else.
TEST_CASE("everyPrefix") {
  const std::string text = kRichNet;
  int parsed = 0;
  for (std::size_t n = 0; n <= text.size(); ++n) {
    try {
      parse_prototxt(std::string_view(text).substr(0, n), kSource);
      ++parsed;
    } catch (const ModelError& e) {
      CHECK_MESSAGE(std::string(e.what()).rfind(kSource + ":", 0) == 0, e.what());
    }
  }
  CHECK(parsed > 0);  // e.g. the empty prefix and the whole file
}

// Random byte edits of a valid file (fixed seed): each parses to a NetDesc and Graph that keep
// their invariants, or throws a ModelError with a one-line message naming where; never anything
// else. Both outcomes occur, so a parser accepting (or rejecting) everything fails here.
TEST_CASE("garbled") {
  const std::string text = kRichNet;
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]<>:;,#\"'\\-+.0123456789eExXaz_ \n\t\x01\xff";
  int rejected = 0, graphs = 0, shape_errors = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s = text;
    const int edits = 1 + int(rng() % 4);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      const std::size_t pos = rng() % s.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: s[pos] = c; break;
        case 1: s.insert(s.begin() + long(pos), c); break;
        default: s.erase(pos, 1 + rng() % 8); break;
      }
    }
    const std::string context = "round " + std::to_string(round) + ": " + s;
    INFO(context);  // printed with any check below that fails: the garbled text
    NetDesc net;
    bool parsed = false;
    try {
      net = parse_prototxt(s, kSource);
      parsed = true;
      prototxt_invariants::check_net(s, net);
      prototxt_invariants::check_graph(net, Graph(net, 3), 3);
      ++graphs;
    } catch (const ModelError& e) {
      if (parsed) prototxt_invariants::check_graph_error(net, e.what());
      else prototxt_invariants::check_parse_error(s, kSource, e.what());
      ++(parsed ? shape_errors : rejected);
    } catch (const std::exception& e) {
      FAIL("threw " << typeid(e).name() << ", not a ModelError: " << e.what());
    }
  }
  MESSAGE("garbled: " << rejected << " rejected by the parser, " << graphs << " graphs, " << shape_errors
                      << " rejected by shape inference");
  CHECK(rejected > 0);
  CHECK(graphs > 0);
  CHECK(shape_errors > 0);
}

TEST_CASE("loadFile") {
  const test::TempDir dir;
  const std::filesystem::path path = dir.file("net.prototxt");
  {
    std::ofstream out(path);
    out << "input: \"data\" input_dim: 1 input_dim: 1 input_dim: 4 input_dim: 4\n"
           "layer { name: \"r\" type: \"Nope\" bottom: \"data\" top: \"r\" }\n";
  }
  try {
    load_prototxt(path);
    FAIL("no ModelError");
  } catch (const ModelError& e) {
    CHECK_MESSAGE(std::string(e.what()).starts_with(path.string() + ":2:25:"), e.what());
  }
  const std::filesystem::path missing = dir.file("missing.prototxt");
  try {
    load_prototxt(missing);
    FAIL("no ModelError");
  } catch (const ModelError& e) {
    CHECK_MESSAGE(test::contains(e.what(), missing.string()), e.what());
  }
}
