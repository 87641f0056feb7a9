#pragma once
// The shared per-op shape table of the libraries' op tests (test_ops_<lib>.cpp), as prototxt
// snippets: each row one small network, checked layer by layer against the reference library with
// op_test_harness.h. What Caffe's prototxt cannot say (ONNX's pads that differ by side, AVE's
// divisor without the pads) a row sets on its parsed layers (OpShapeRow::edit).
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/model/net_desc.h"

namespace cnn::test {

// Sets fields of a parsed layer; empty: none.
using LayerEdit = std::function<void(LayerDesc&)>;

// `prototxt` parsed, then `edit` applied to every layer.
inline NetDesc parse_edited(const std::string& prototxt, const LayerEdit& edit, const std::string& source) {
  NetDesc net = parse_prototxt(prototxt, source);
  if (edit)
    for (LayerDesc& l : net.layers) edit(l);
  return net;
}

// ONNX's pads: the bottom / right pad minus the top / left one, on a convolution or a pooling.
inline LayerEdit pads_more(int h_more, int w_more, bool exclude_pad = false) {
  return [=](LayerDesc& l) {
    l.conv.pad_h_more = l.pool.pad_h_more = h_more;
    l.conv.pad_w_more = l.pool.pad_w_more = w_more;
    l.pool.exclude_pad = exclude_pad;
  };
}

// ONNX's AVE divisor without the pads (count_include_pad=0).
inline LayerEdit exclude_pad() { return pads_more(0, 0, true); }

// Input "data" of c x h x w (n = 1 in the file) followed by `layers`.
inline std::string net(int c, int h, int w, const std::string& layers) {
  return "input: \"data\" input_shape { dim: 1 dim: " + std::to_string(c) + " dim: " + std::to_string(h) +
         " dim: " + std::to_string(w) + " }\n" + layers;
}

// One layer "l" of `type` on "data" with `body` inside its braces.
inline std::string layer(const std::string& type, const std::string& body,
                         const std::string& bottoms = "bottom: \"data\"") {
  return "layer { name: \"l\" type: \"" + type + "\" " + bottoms + " top: \"l\" " + body + " }\n";
}

inline std::string conv(int c, int h, int w, const std::string& params) {
  return net(c, h, w, layer("Convolution", "convolution_param { " + params + " }"));
}

inline std::string pool(int c, int h, int w, const std::string& params) {
  return net(c, h, w, layer("Pooling", "pooling_param { " + params + " }"));
}

// Three inputs a, b, c of the given channel counts and h x w, then `layers`.
inline std::string three_inputs(int ca, int cb, int cc, int h, int w, const std::string& layers) {
  auto in = [&](const char* name, int c) {
    return std::string("input: \"") + name + "\" input_shape { dim: 1 dim: " + std::to_string(c) +
           " dim: " + std::to_string(h) + " dim: " + std::to_string(w) + " }\n";
  };
  return in("a", ca) + in("b", cb) + in("c", cc) + layers;
}

struct OpShapeRow {
  std::string name;      // "conv 3x3 pad 1"; rows named "... in place" run layers written in place
  std::string prototxt;  // one small network
  LayerEdit edit = {};   // set on every parsed layer before the graph is built
};

// Every layer type and its awkward shapes.
inline std::vector<OpShapeRow> op_shape_rows() {
  const std::string three = "bottom: \"a\" bottom: \"b\" bottom: \"c\"";
  return {
      {"conv 1x1", conv(16, 7, 7, "num_output: 24 kernel_size: 1")},
      {"conv 1x1 large", conv(8, 40, 40, "num_output: 12 kernel_size: 1")},
      {"conv 3x3 pad 1", conv(8, 13, 13, "num_output: 16 kernel_size: 3 pad: 1")},
      {"conv 5x5", conv(6, 12, 11, "num_output: 10 kernel_size: 5")},
      {"conv 3x3 stride 2", conv(5, 15, 15, "num_output: 8 kernel_size: 3 stride: 2 pad: 1")},
      {"conv 11x11 stride 4 (AlexNet conv1)", conv(3, 99, 99, "num_output: 16 kernel_size: 11 stride: 4")},
      {"conv group 2 (AlexNet conv2)", conv(16, 13, 13, "num_output: 24 kernel_size: 5 pad: 2 group: 2")},
      {"conv depthwise", conv(12, 14, 14, "num_output: 12 kernel_size: 3 pad: 1 group: 12")},
      {"conv depthwise stride 2", conv(8, 15, 15, "num_output: 8 kernel_size: 3 pad: 1 stride: 2 group: 8")},
      {"conv depthwise multiplier 2", conv(4, 9, 9, "num_output: 8 kernel_size: 3 group: 4")},
      {"conv dilation 2", conv(4, 12, 12, "num_output: 6 kernel_size: 3 dilation: 2 pad: 2")},
      {"conv no bias", conv(6, 9, 9, "num_output: 7 kernel_size: 3 bias_term: false")},
      {"conv kernel 3x1", conv(4, 9, 10, "num_output: 5 kernel_h: 3 kernel_w: 1 pad_h: 1 pad_w: 0 stride_h: 1 stride_w: 2")},
      {"conv kernel 1x5 pad_w", conv(4, 6, 11, "num_output: 5 kernel_h: 1 kernel_w: 5 pad_h: 0 pad_w: 2")},
      // ONNX pads that differ by side: SAME_UPPER pads the end one more (+1), SAME_LOWER the start (-1).
      {"conv 3x3 s2 pads 0/+1 (SAME_UPPER)", conv(6, 10, 12, "num_output: 8 kernel_size: 3 stride: 2"), pads_more(1, 1)},
      {"conv 3x3 s2 pads 1/-1 (SAME_LOWER)", conv(6, 10, 12, "num_output: 8 kernel_size: 3 stride: 2 pad: 1"),
       pads_more(-1, -1)},
      {"conv 5x5 pads 2/-1 h, 1/+1 w", conv(4, 9, 11, "num_output: 5 kernel_size: 5 pad_h: 2 pad_w: 1"), pads_more(-1, 1)},
      {"conv 1x1 pads 0/+1", conv(8, 6, 7, "num_output: 4 kernel_size: 1"), pads_more(1, 1)},
      {"conv depthwise s2 pads 0/+1", conv(8, 10, 10, "num_output: 8 kernel_size: 3 stride: 2 group: 8"), pads_more(1, 1)},
      {"conv depthwise pads 1/-1", conv(6, 9, 8, "num_output: 6 kernel_size: 3 pad: 1 group: 6"), pads_more(-1, -1)},
      {"conv dilation 2 pads 2/+1", conv(4, 11, 11, "num_output: 6 kernel_size: 3 dilation: 2 pad: 2"), pads_more(1, 1)},
      {"fc", net(16, 3, 3, layer("InnerProduct", "inner_product_param { num_output: 37 }"))},
      {"fc no bias", net(50, 1, 1, layer("InnerProduct", "inner_product_param { num_output: 20 bias_term: false }"))},
      {"max pool 6 k3 s2 p1 (ceil)", pool(3, 6, 6, "pool: MAX kernel_size: 3 stride: 2 pad: 1")},
      {"ave pool 6 k3 s2 p1 (ceil)", pool(3, 6, 6, "pool: AVE kernel_size: 3 stride: 2 pad: 1")},
      {"max pool 55->27", pool(4, 55, 55, "pool: MAX kernel_size: 3 stride: 2")},
      {"ave pool 55->27", pool(4, 55, 55, "pool: AVE kernel_size: 3 stride: 2")},
      {"max pool 13 k3 s2", pool(6, 13, 13, "pool: MAX kernel_size: 3 stride: 2")},
      {"ave pool k3 s1 p1", pool(3, 7, 8, "pool: AVE kernel_size: 3 stride: 1 pad: 1")},
      {"max pool 2x2 s2", pool(3, 8, 8, "pool: MAX kernel_size: 2 stride: 2")},
      {"ave pool 8 k3 s2 (ceil, no pad)", pool(3, 8, 8, "pool: AVE kernel_size: 3 stride: 2")},
      {"ave pool 5 k2 s2 p1 (last window clipped)", pool(2, 5, 5, "pool: AVE kernel_size: 2 stride: 2 pad: 1")},
      {"max pool 5 k2 s2 p1 (last window clipped)", pool(2, 5, 5, "pool: MAX kernel_size: 2 stride: 2 pad: 1")},
      {"ave pool pad_h only (ceil)",
       pool(3, 7, 10, "pool: AVE kernel_h: 3 kernel_w: 2 stride_h: 2 stride_w: 3 pad_h: 1 pad_w: 0")},
      {"ave pool 7 k3 s3 p2 (ceil)", pool(2, 7, 7, "pool: AVE kernel_size: 3 stride: 3 pad: 2")},
      // Rounding down (Caffe's round_mode FLOOR; ONNX without ceil_mode) and ONNX's pads and divisor.
      {"max pool 5 k2 s2 round down", pool(2, 5, 5, "pool: MAX kernel_size: 2 stride: 2 round_mode: FLOOR")},
      {"ave pool 8 k3 s2 p1 round down", pool(3, 8, 8, "pool: AVE kernel_size: 3 stride: 2 pad: 1 round_mode: FLOOR")},
      {"ave pool 8 k3 s2 p1 round down exclude pad",
       pool(3, 8, 8, "pool: AVE kernel_size: 3 stride: 2 pad: 1 round_mode: FLOOR"), exclude_pad()},
      {"ave pool 6 k3 s2 p1 (ceil) exclude pad", pool(3, 6, 6, "pool: AVE kernel_size: 3 stride: 2 pad: 1"), exclude_pad()},
      {"ave pool k3 s1 p1 exclude pad", pool(3, 7, 8, "pool: AVE kernel_size: 3 stride: 1 pad: 1"), exclude_pad()},
      {"ave pool 8 k3 s2 pads 0/+1 round down",
       pool(3, 8, 8, "pool: AVE kernel_size: 3 stride: 2 round_mode: FLOOR"), pads_more(1, 1)},
      {"ave pool 8 k3 s2 pads 0/+1 round down exclude pad",
       pool(3, 8, 8, "pool: AVE kernel_size: 3 stride: 2 round_mode: FLOOR"), pads_more(1, 1, true)},
      {"max pool 8 k3 s2 pads 0/+1 round down",
       pool(3, 8, 9, "pool: MAX kernel_size: 3 stride: 2 round_mode: FLOOR"), pads_more(1, 1)},
      {"ave pool 7 k3 s2 pads 1/-1 (ceil overhang)", pool(2, 7, 7, "pool: AVE kernel_size: 3 stride: 2 pad: 1"),
       pads_more(-1, -1)},
      {"ave pool 7 k3 s2 pads 1/-1 (ceil overhang) exclude pad",
       pool(2, 7, 7, "pool: AVE kernel_size: 3 stride: 2 pad: 1"), pads_more(-1, -1, true)},
      {"max pool 7 k3 s2 pads 1/-1 (ceil overhang)", pool(2, 7, 7, "pool: MAX kernel_size: 3 stride: 2 pad: 1"),
       pads_more(-1, -1)},
      {"ave pool pads h 1/-1, w 0/+1 round down",
       pool(3, 9, 10, "pool: AVE kernel_h: 3 kernel_w: 2 stride_h: 2 stride_w: 2 pad_h: 1 pad_w: 0 round_mode: FLOOR"),
       pads_more(-1, 1)},
      {"global ave pool", pool(8, 7, 7, "pool: AVE global_pooling: true")},
      {"global max pool", pool(8, 6, 5, "pool: MAX global_pooling: true")},
      {"lrn 5", net(12, 5, 6, layer("LRN", "lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 }"))},
      {"lrn 3", net(7, 4, 4, layer("LRN", "lrn_param { local_size: 3 alpha: 0.5 beta: 0.75 }"))},
      {"lrn 5 beta 0.5 k 2", net(9, 3, 5, layer("LRN", "lrn_param { local_size: 5 alpha: 0.3 beta: 0.5 k: 2 }"))},
      {"lrn 5 wide", net(20, 25, 25, layer("LRN", "lrn_param { local_size: 5 alpha: 1 beta: 0.75 }"))},
      {"concat of 3", three_inputs(2, 5, 3, 4, 4, layer("Concat", "", three))},
      {"eltwise sum", three_inputs(4, 4, 4, 5, 5, layer("Eltwise", "eltwise_param { operation: SUM }", three))},
      {"eltwise sum coeff",
       three_inputs(4, 4, 4, 5, 5, layer("Eltwise", "eltwise_param { operation: SUM coeff: 1 coeff: -0.5 coeff: 2 }", three))},
      {"eltwise prod", three_inputs(4, 4, 4, 5, 5, layer("Eltwise", "eltwise_param { operation: PROD }", three))},
      {"eltwise max", three_inputs(4, 4, 4, 5, 5, layer("Eltwise", "eltwise_param { operation: MAX }", three))},
      {"eltwise prod of 2, max of 2", three_inputs(4, 4, 4, 5, 5,
          "layer { name: \"p\" type: \"Eltwise\" bottom: \"a\" bottom: \"b\" top: \"p\" eltwise_param { operation: PROD } }\n"
          "layer { name: \"m\" type: \"Eltwise\" bottom: \"p\" bottom: \"c\" top: \"m\" eltwise_param { operation: MAX } }\n")},
      {"batchnorm", net(6, 5, 5, layer("BatchNorm", "batch_norm_param { eps: 0.001 }"))},
      {"scale", net(6, 5, 5, layer("Scale", ""))},
      {"scale with bias", net(6, 5, 5, layer("Scale", "scale_param { bias_term: true }"))},
      {"relu", net(5, 6, 6, layer("ReLU", ""))},
      {"relu slope", net(5, 6, 6, layer("ReLU", "relu_param { negative_slope: 0.1 }"))},
      // Inputs are uniform in [-1, 1]: bounds inside that range bite on both sides.
      {"clip relu6", net(5, 6, 6, layer("Clip", "clip_param { min: 0 max: 6 }"))},
      {"clip 0 to 0.5", net(5, 6, 6, layer("Clip", "clip_param { min: 0 max: 0.5 }"))},
      {"clip -0.5 to 0.25", net(4, 5, 7, layer("Clip", "clip_param { min: -0.5 max: 0.25 }"))},
      {"clip min == max", net(3, 4, 4, layer("Clip", "clip_param { min: 0.3 max: 0.3 }"))},
      // ONNX's Clip without a bound (its default): that side infinite.
      {"clip -inf to 0.5", net(4, 5, 5, layer("Clip", "clip_param { min: 0 max: 0.5 }")),
       [](LayerDesc& l) { l.clip.min = -std::numeric_limits<float>::infinity(); }},
      {"clip 0 to inf", net(4, 5, 5, layer("Clip", "clip_param { min: 0 max: 0.5 }")),
       [](LayerDesc& l) { l.clip.max = std::numeric_limits<float>::infinity(); }},
      {"eltwise x8 -> relu6 in place", net(4, 6, 6,
          "layer { name: \"x8\" type: \"Eltwise\" bottom: \"data\" bottom: \"data\" top: \"x8\" "
          "eltwise_param { operation: SUM coeff: 8 coeff: 0 } }\n"
          "layer { name: \"relu6\" type: \"Clip\" bottom: \"x8\" top: \"x8\" clip_param { min: 0 max: 6 } }\n")},
      {"eltwise x8 -> clip -1 to 1 in place", net(4, 6, 6,
          "layer { name: \"x8\" type: \"Eltwise\" bottom: \"data\" bottom: \"data\" top: \"x8\" "
          "eltwise_param { operation: SUM coeff: 8 coeff: 0 } }\n"
          "layer { name: \"clip\" type: \"Clip\" bottom: \"x8\" top: \"x8\" clip_param { min: -1 max: 1 } }\n")},
      {"softmax channels", net(10, 3, 3, layer("Softmax", ""))},
      {"softmax vector", net(1000, 1, 1, layer("Softmax", ""))},
      {"dropout", net(5, 4, 4, layer("Dropout", "dropout_param { dropout_ratio: 0.5 }"))},
      {"flatten", net(5, 4, 3, layer("Flatten", ""))},
      {"conv -> relu in place", net(4, 9, 9,
          "layer { name: \"conv\" type: \"Convolution\" bottom: \"data\" top: \"conv\" "
          "convolution_param { num_output: 8 kernel_size: 3 } }\n"
          "layer { name: \"relu\" type: \"ReLU\" bottom: \"conv\" top: \"conv\" }\n")},
      {"conv -> bn -> scale -> relu in place", net(4, 9, 9,
          "layer { name: \"conv\" type: \"Convolution\" bottom: \"data\" top: \"conv\" "
          "convolution_param { num_output: 8 kernel_size: 3 pad: 1 bias_term: false } }\n"
          "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"conv\" top: \"conv\" }\n"
          "layer { name: \"scale\" type: \"Scale\" bottom: \"conv\" top: \"conv\" scale_param { bias_term: true } }\n"
          "layer { name: \"relu\" type: \"ReLU\" bottom: \"conv\" top: \"conv\" }\n"
          "layer { name: \"drop\" type: \"Dropout\" bottom: \"conv\" top: \"conv\" }\n"
          "layer { name: \"fc\" type: \"InnerProduct\" bottom: \"conv\" top: \"fc\" inner_product_param { num_output: 10 } }\n"
          "layer { name: \"prob\" type: \"Softmax\" bottom: \"fc\" top: \"prob\" }\n")},
  };
}

// The built-in models (models/<id>.prototxt), one row each, named by its id.
struct ModelRow {
  std::string tag;
};

inline std::vector<ModelRow> builtin_model_rows() {
  return {{"lenet"}, {"alexnet"}, {"googlenet"}, {"squeezenet-1.0"}, {"squeezenet-1.1"}, {"resnet-50"}, {"mobilenet-v1"}};
}

// Networks whose layers the fusion pass groups (core/model/fusion.h), for the fused op rows: each
// compared with the reference running the same fused layers (op_test_harness.h, options.fused).
inline std::vector<OpShapeRow> fused_op_rows() {
  const auto relu = [](const std::string& on, const std::string& name, const std::string& extra = "") {
    return "layer { name: \"" + name + "\" type: \"ReLU\" bottom: \"" + on + "\" top: \"" + on + "\" " + extra + "}\n";
  };
  const auto conv_layer = [](const std::string& name, const std::string& bottom, const std::string& params) {
    return "layer { name: \"" + name + "\" type: \"Convolution\" bottom: \"" + bottom + "\" top: \"" + name +
           "\" convolution_param { " + params + " } }\n";
  };
  const std::string bn_scale =
      "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"c\" top: \"c\" }\n"
      "layer { name: \"sc\" type: \"Scale\" bottom: \"c\" top: \"c\" scale_param { bias_term: true } }\n";
  // A residual block: c = conv(data), d = conv(data); sum = c + d, then a ReLU.
  const auto residual = [&](int ch, int hw, const std::string& params, bool with_relu) {
    return net(ch, hw, hw, conv_layer("c", "data", params) + conv_layer("d", "data", params) +
                               "layer { name: \"sum\" type: \"Eltwise\" bottom: \"d\" bottom: \"c\" top: \"sum\" }\n" +
                               (with_relu ? relu("sum", "r") : ""));
  };
  return {
      {"conv+relu", net(16, 9, 9, conv_layer("c", "data", "num_output: 32 kernel_size: 3 pad: 1") + relu("c", "r"))},
      {"conv+bn+scale+relu", net(16, 9, 9, conv_layer("c", "data", "num_output: 16 kernel_size: 3 pad: 1 bias_term: false") +
                                                bn_scale + relu("c", "r"))},
      {"conv 1x1+leaky relu", net(16, 7, 7, conv_layer("c", "data", "num_output: 32 kernel_size: 1") +
                                                relu("c", "r", "relu_param { negative_slope: 0.1 } "))},
      {"depthwise+bn+scale+relu", net(16, 10, 10, conv_layer("c", "data", "num_output: 16 kernel_size: 3 pad: 1 group: 16") +
                                                      bn_scale + relu("c", "r"))},
      {"conv+sum+relu", residual(16, 8, "num_output: 16 kernel_size: 1", true)},
      {"conv 3x3+sum", residual(8, 9, "num_output: 16 kernel_size: 3 pad: 1", false)},
      {"fc+relu", net(16, 3, 3, "layer { name: \"f\" type: \"InnerProduct\" bottom: \"data\" top: \"f\" "
                                "inner_product_param { num_output: 37 } }\n" + relu("f", "r"))},
      {"eltwise sum+relu", three_inputs(6, 6, 6, 5, 5, "layer { name: \"sum\" type: \"Eltwise\" bottom: \"a\" "
                                                       "bottom: \"b\" bottom: \"c\" top: \"sum\" }\n" + relu("sum", "r"))},
  };
}

// A row of a table at one batch, named "<row> b<batch>": the op tests run every row at several.
struct BatchedShapeRow {
  std::string tag;
  OpShapeRow shape;
  int batch = 1;
};

inline std::vector<BatchedShapeRow> batched(const std::vector<OpShapeRow>& rows, const std::vector<int>& batches) {
  std::vector<BatchedShapeRow> out;
  for (const OpShapeRow& row : rows)
    for (int batch : batches) out.push_back({row.name + " b" + std::to_string(batch), row, batch});
  return out;
}

}  // namespace cnn::test
