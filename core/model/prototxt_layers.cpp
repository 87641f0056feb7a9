#include "core/model/prototxt_layers.h"

#include <optional>
#include <string>

#include "core/model/prototxt_fields.h"

namespace cnn {
namespace {

using text_format::Field;

// A 2-D size given as a repeated/singular `kernel_size` or as `kernel_h` + `kernel_w`.
struct Spatial {
  const char* name;           // "kernel_size", "stride", "pad", "dilation"
  const char* h_name;         // "kernel_h" ... or nullptr when Caffe has no _h/_w form
  const char* w_name;
  int max_values;             // 2 for convolution's repeated fields, 1 for pooling's
  std::vector<const Field*> values;
  const Field* h = nullptr;
  const Field* w = nullptr;

  // Takes the field when it belongs to this size.
  bool take(const Field& f, OnceChecker& once) {
    if (f.name == name) {
      if (max_values == 1) once(f);
      values.push_back(&f);
      return true;
    }
    if (h_name && f.name == h_name) {
      once(f);
      h = &f;
      return true;
    }
    if (w_name && f.name == w_name) {
      once(f);
      w = &f;
      return true;
    }
    return false;
  }

  // Writes the size, or `fallback` when none is given.
  void resolve(const FieldReader& r, int fallback, int& out_h, int& out_w) const {
    if ((h || w) && !values.empty())
      r.fail_at(h ? *h : *w, std::string("give either '") + name + "' or '" + h_name + "' and '" + w_name +
                                 "', not both");
    if (h || w) {
      if (!h || !w)
        r.fail_at(h ? *h : *w, std::string("'") + (h ? h_name : w_name) + "' needs '" + (h ? w_name : h_name) +
                                   "' as well");
      out_h = r.uint32(*h);
      out_w = r.uint32(*w);
      return;
    }
    if (int(values.size()) > max_values)
      r.fail_at(*values[max_values], std::string("'") + name + "' is given " + std::to_string(values.size()) +
                                         " times; give 1 value (square) or 2 (height, width)");
    if (values.empty()) {
      out_h = out_w = fallback;
    } else {
      out_h = r.uint32(*values.front());
      out_w = r.uint32(*values.back());
    }
  }
  bool given() const { return h || w || !values.empty(); }
};

void require_axis_one(const FieldReader& r, const Field& f, int axis) {
  if (axis != 1 && axis != -3)
    r.fail_at_value(f, "'" + f.name + "' " + std::to_string(axis) + " is not supported, only the channel axis 1");
}

void read_convolution(const FieldReader& r, const Field& block, ConvolutionParams& p) {
  OnceChecker once(r);
  Spatial kernel{"kernel_size", "kernel_h", "kernel_w", 2, {}};
  Spatial stride{"stride", "stride_h", "stride_w", 2, {}};
  Spatial pad{"pad", "pad_h", "pad_w", 2, {}};
  Spatial dilation{"dilation", nullptr, nullptr, 2, {}};
  for (const Field& f : r.message(block)) {
    if (kernel.take(f, once) || stride.take(f, once) || pad.take(f, once) || dilation.take(f, once)) continue;
    if (f.name == "num_output") {
      once(f);
      p.num_output = r.uint32(f);
    } else if (f.name == "bias_term") {
      once(f);
      p.bias_term = r.boolean(f);
    } else if (f.name == "group") {
      once(f);
      p.group = r.uint32(f);
    } else if (f.name == "axis") {
      once(f);
      require_axis_one(r, f, r.int32(f));
    }
  }
  if (!kernel.given()) r.fail_at(block, "convolution_param needs 'kernel_size' or 'kernel_h' and 'kernel_w'");
  kernel.resolve(r, 0, p.kernel_h, p.kernel_w);
  stride.resolve(r, 1, p.stride_h, p.stride_w);
  pad.resolve(r, 0, p.pad_h, p.pad_w);
  dilation.resolve(r, 1, p.dilation_h, p.dilation_w);
}

void read_pooling(const FieldReader& r, const Field& block, PoolingParams& p) {
  OnceChecker once(r);
  Spatial kernel{"kernel_size", "kernel_h", "kernel_w", 1, {}};
  Spatial stride{"stride", "stride_h", "stride_w", 1, {}};
  Spatial pad{"pad", "pad_h", "pad_w", 1, {}};
  for (const Field& f : r.message(block)) {
    if (kernel.take(f, once) || stride.take(f, once) || pad.take(f, once)) continue;
    if (f.name == "pool") {
      once(f);
      const int method = r.enumeration(f, {"MAX", "AVE", "STOCHASTIC"});
      if (method == 2) r.fail_at_value(f, "pool STOCHASTIC is not supported, only MAX and AVE");
      p.method = method == 0 ? PoolMethod::Max : PoolMethod::Average;
    } else if (f.name == "global_pooling") {
      once(f);
      p.global = r.boolean(f);
    } else if (f.name == "round_mode") {
      once(f);
      p.rounding = r.enumeration(f, {"CEIL", "FLOOR"}) == 1 ? PoolRounding::Down : PoolRounding::Up;
    }
  }
  if (p.global && kernel.given())
    r.fail_at(kernel.h ? *kernel.h : kernel.w ? *kernel.w : *kernel.values.front(),
              "global pooling takes its kernel size from the input; remove the kernel size");
  if (!p.global && !kernel.given())
    r.fail_at(block, "pooling_param needs 'kernel_size', 'kernel_h' and 'kernel_w', or 'global_pooling: true'");
  kernel.resolve(r, 0, p.kernel_h, p.kernel_w);
  stride.resolve(r, 1, p.stride_h, p.stride_w);
  pad.resolve(r, 0, p.pad_h, p.pad_w);
}

// Caffe's ClipParameter: `min` and `max` are both required.
void read_clip(const FieldReader& r, const Field& block, ClipParams& p) {
  OnceChecker once(r);
  const Field* min = nullptr;
  const Field* max = nullptr;
  for (const Field& f : r.message(block)) {
    if (f.name == "min") {
      once(f);
      min = &f;
      p.min = r.real(f);
    } else if (f.name == "max") {
      once(f);
      max = &f;
      p.max = r.real(f);
    }
  }
  if (!min || !max) r.fail_at(block, std::string("clip_param needs '") + (min ? "max" : "min") + "'");
}

void read_lrn(const FieldReader& r, const Field& block, LrnParams& p) {
  OnceChecker once(r);
  for (const Field& f : r.message(block)) {
    if (f.name == "local_size") {
      once(f);
      p.local_size = r.uint32(f);
    } else if (f.name == "alpha") {
      once(f);
      p.alpha = r.real(f);
    } else if (f.name == "beta") {
      once(f);
      p.beta = r.real(f);
    } else if (f.name == "k") {
      once(f);
      p.k = r.real(f);
    } else if (f.name == "norm_region") {
      once(f);
      if (r.enumeration(f, {"ACROSS_CHANNELS", "WITHIN_CHANNEL"}) == 1)
        r.fail_at_value(f, "norm_region WITHIN_CHANNEL is not supported, only ACROSS_CHANNELS");
    }
  }
}

void read_inner_product(const FieldReader& r, const Field& block, InnerProductParams& p) {
  OnceChecker once(r);
  for (const Field& f : r.message(block)) {
    if (f.name == "num_output") {
      once(f);
      p.num_output = r.uint32(f);
    } else if (f.name == "bias_term") {
      once(f);
      p.bias_term = r.boolean(f);
    } else if (f.name == "axis") {
      once(f);
      require_axis_one(r, f, r.int32(f));
    }
  }
}

void read_eltwise(const FieldReader& r, const Field& block, EltwiseParams& p) {
  OnceChecker once(r);
  for (const Field& f : r.message(block)) {
    if (f.name == "operation") {
      once(f);
      const EltwiseOp ops[] = {EltwiseOp::Prod, EltwiseOp::Sum, EltwiseOp::Max};
      p.op = ops[r.enumeration(f, {"PROD", "SUM", "MAX"})];
    } else if (f.name == "coeff") {
      p.coeff.push_back(r.real(f));
    }
  }
}

// Reads `axis` (and Caffe's legacy `concat_dim`) as the stored axis; other axes are checked later.
void read_axis_block(const FieldReader& r, const Field& block, int& axis) {
  OnceChecker once(r);
  for (const Field& f : r.message(block)) {
    if (f.name == "axis" || f.name == "concat_dim") {
      once(f);
      axis = f.name == "axis" ? r.int32(f) : r.uint32(f);
    }
  }
}

void read_other(const FieldReader& r, const Field& block, LayerDesc& layer) {
  OnceChecker once(r);
  for (const Field& f : r.message(block)) {
    if (layer.type == LayerType::BatchNorm && f.name == "eps") {
      once(f);
      layer.batch_norm.eps = r.real(f);
    } else if (layer.type == LayerType::ReLU && f.name == "negative_slope") {
      once(f);
      layer.relu.negative_slope = r.real(f);
    } else if (layer.type == LayerType::Scale && f.name == "bias_term") {
      once(f);
      layer.scale.bias_term = r.boolean(f);
    } else if (layer.type == LayerType::Scale && (f.name == "axis" || f.name == "num_axes")) {
      once(f);
      if (r.int32(f) != 1 && !(f.name == "axis" && r.int32(f) == -3))
        r.fail_at_value(f, "Scale with '" + f.name + "' other than 1 is not supported (per-channel only)");
    } else if (layer.type == LayerType::Flatten && f.name == "axis") {
      once(f);
      require_axis_one(r, f, r.int32(f));
    } else if (layer.type == LayerType::Flatten && f.name == "end_axis") {
      once(f);
      const int end = r.int32(f);
      if (end != -1 && end != 3) r.fail_at_value(f, "Flatten 'end_axis' must be the last axis (-1 or 3)");
    }
  }
}

// The name of the parameter block for a type, e.g. "convolution_param".
const char* block_name(LayerType t) {
  switch (t) {
    case LayerType::Convolution: return "convolution_param";
    case LayerType::Pooling: return "pooling_param";
    case LayerType::ReLU: return "relu_param";
    case LayerType::LRN: return "lrn_param";
    case LayerType::InnerProduct: return "inner_product_param";
    case LayerType::Concat: return "concat_param";
    case LayerType::Eltwise: return "eltwise_param";
    case LayerType::BatchNorm: return "batch_norm_param";
    case LayerType::Scale: return "scale_param";
    case LayerType::Dropout: return "dropout_param";
    case LayerType::Softmax: return "softmax_param";
    case LayerType::Flatten: return "flatten_param";
    case LayerType::Clip: return "clip_param";
  }
  return "";
}

}  // namespace

void read_layer_params(const FieldReader& r, const Field& layer_field, LayerDesc& layer) {
  const std::string wanted = block_name(layer.type);
  const Field* block = nullptr;
  for (const Field& f : layer_field.children) {
    if (f.name != wanted) continue;
    if (block) r.fail_at(f, "'" + wanted + "' is given more than once");
    block = &f;
  }
  if (!block) {
    if (layer.type == LayerType::Convolution)
      r.fail_at(layer_field, "needs a convolution_param with a kernel_size");
    if (layer.type == LayerType::Pooling)
      r.fail_at(layer_field, "needs a pooling_param with a kernel_size");
    if (layer.type == LayerType::Clip) r.fail_at(layer_field, "needs a clip_param with 'min' and 'max'");
    return;
  }
  check_fields(r, wanted, r.message(*block));
  switch (layer.type) {
    case LayerType::Convolution: read_convolution(r, *block, layer.conv); break;
    case LayerType::Pooling: read_pooling(r, *block, layer.pool); break;
    case LayerType::LRN: read_lrn(r, *block, layer.lrn); break;
    case LayerType::InnerProduct: read_inner_product(r, *block, layer.fc); break;
    case LayerType::Eltwise: read_eltwise(r, *block, layer.eltwise); break;
    case LayerType::Concat: read_axis_block(r, *block, layer.concat.axis); break;
    case LayerType::Softmax: read_axis_block(r, *block, layer.softmax.axis); break;
    case LayerType::Clip: read_clip(r, *block, layer.clip); break;
    default: read_other(r, *block, layer); break;
  }
}

}  // namespace cnn
