#include "core/model/layer_desc.h"

#include <algorithm>
#include <array>
#include <cassert>

#include "core/model/layer_rules.h"

namespace cnn {
namespace {

constexpr std::array<std::pair<LayerType, std::string_view>, 13> kNames{{
    {LayerType::Convolution, "Convolution"}, {LayerType::Pooling, "Pooling"},
    {LayerType::ReLU, "ReLU"},               {LayerType::LRN, "LRN"},
    {LayerType::InnerProduct, "InnerProduct"}, {LayerType::Concat, "Concat"},
    {LayerType::Eltwise, "Eltwise"},         {LayerType::BatchNorm, "BatchNorm"},
    {LayerType::Scale, "Scale"},             {LayerType::Dropout, "Dropout"},
    {LayerType::Softmax, "Softmax"},         {LayerType::Flatten, "Flatten"},
    {LayerType::Clip, "Clip"},
}};

std::string n(long long v) { return std::to_string(v); }

std::string check_counts(const LayerDesc& l) {
  const auto bottoms = l.bottoms.size();
  if (l.tops.size() != 1) return "expects 1 top, found " + n(l.tops.size());
  switch (l.type) {
    case LayerType::Concat:
      if (bottoms < 1) return "expects at least 1 bottom, found 0";
      return "";
    case LayerType::Eltwise:
      if (bottoms < 2) return "expects at least 2 bottoms, found " + n(bottoms);
      return "";
    default:
      if (bottoms != 1) return "expects 1 bottom, found " + n(bottoms);
      return "";
  }
}

// "1x1", or with unequal sides "top 0, left 0, bottom 1, right 1".
template <class P>
std::string pads(const P& p) {
  if (p.pad_h_more == 0 && p.pad_w_more == 0) return n(p.pad_h) + "x" + n(p.pad_w);
  return "top " + n(p.pad_h) + ", left " + n(p.pad_w) + ", bottom " + n(p.pad_bottom()) + ", right " + n(p.pad_right());
}

std::string check_conv(const ConvolutionParams& p) {
  if (p.num_output <= 0) return "num_output must be positive, found " + n(p.num_output);
  if (p.kernel_h <= 0 || p.kernel_w <= 0)
    return "kernel size must be positive (kernel_size or kernel_h/kernel_w), found " + n(p.kernel_h) + "x" +
           n(p.kernel_w);
  if (p.stride_h <= 0 || p.stride_w <= 0)
    return "stride must be positive, found " + n(p.stride_h) + "x" + n(p.stride_w);
  if (p.pad_h < 0 || p.pad_w < 0 || p.pad_bottom() < 0 || p.pad_right() < 0)
    return "pad must not be negative, found " + pads(p);
  if (p.dilation_h <= 0 || p.dilation_w <= 0)
    return "dilation must be positive, found " + n(p.dilation_h) + "x" + n(p.dilation_w);
  if (p.group <= 0) return "group must be positive, found " + n(p.group);
  if (p.num_output % p.group != 0)
    return "group " + n(p.group) + " does not divide num_output " + n(p.num_output);
  return "";
}

std::string check_pool(const PoolingParams& p) {
  if (p.global) {
    if (p.stride_h != 1 || p.stride_w != 1 || p.pad_h != 0 || p.pad_w != 0)
      return "global pooling takes no stride or pad";
    return "";
  }
  if (p.kernel_h <= 0 || p.kernel_w <= 0)
    return "kernel size must be positive (kernel_size or kernel_h/kernel_w), found " + n(p.kernel_h) + "x" +
           n(p.kernel_w);
  if (p.stride_h <= 0 || p.stride_w <= 0)
    return "stride must be positive, found " + n(p.stride_h) + "x" + n(p.stride_w);
  if (p.pad_h < 0 || p.pad_w < 0 || p.pad_bottom() < 0 || p.pad_right() < 0)
    return "pad must not be negative, found " + pads(p);
  if (std::max(p.pad_h, p.pad_bottom()) >= p.kernel_h || std::max(p.pad_w, p.pad_right()) >= p.kernel_w)
    return "pad " + pads(p) + " must be smaller than the kernel " + n(p.kernel_h) + "x" + n(p.kernel_w);
  return "";
}

std::string check_params(const LayerDesc& l) {
  switch (l.type) {
    case LayerType::Convolution: return check_conv(l.conv);
    case LayerType::Pooling: return check_pool(l.pool);
    case LayerType::LRN:
      if (l.lrn.local_size <= 0 || l.lrn.local_size % 2 == 0)
        return "local_size must be a positive odd number, found " + n(l.lrn.local_size);
      return "";
    case LayerType::InnerProduct:
      if (l.fc.num_output <= 0) return "num_output must be positive, found " + n(l.fc.num_output);
      return "";
    case LayerType::Concat:
      if (l.concat.axis != 1 && l.concat.axis != -3)
        return "axis " + n(l.concat.axis) + " is not supported, only the channel axis 1";
      return "";
    case LayerType::Softmax:
      if (l.softmax.axis != 1 && l.softmax.axis != -3)
        return "axis " + n(l.softmax.axis) + " is not supported, only the channel axis 1";
      return "";
    case LayerType::Eltwise:
      if (!l.eltwise.coeff.empty() && l.eltwise.op != EltwiseOp::Sum) return "coeff is only allowed with SUM";
      if (!l.eltwise.coeff.empty() && l.eltwise.coeff.size() != l.bottoms.size())
        return "has " + n(l.eltwise.coeff.size()) + " coeff values for " + n(l.bottoms.size()) + " bottoms";
      return "";
    case LayerType::BatchNorm:
      if (!(l.batch_norm.eps >= 0.f)) return "eps must not be negative";
      return "";
    case LayerType::Clip:
      if (!(l.clip.min <= l.clip.max))
        return "min " + std::to_string(l.clip.min) + " must not exceed max " + std::to_string(l.clip.max);
      return "";
    default: return "";
  }
}

}  // namespace

std::string_view to_string(LayerType t) {
  for (const auto& [type, name] : kNames)
    if (type == t) return name;
  assert(false && "unknown LayerType");
  return "?";
}

std::optional<LayerType> layer_type_from_name(std::string_view caffe_type) {
  for (const auto& [type, name] : kNames)
    if (name == caffe_type) return type;
  return std::nullopt;
}

std::string layer_label(const LayerDesc& layer) {
  return "layer '" + layer.name + "' (" + std::string(to_string(layer.type)) + ")";
}

std::string check_layer_params(const LayerDesc& layer) {
  std::string problem = check_counts(layer);
  if (problem.empty()) problem = check_params(layer);
  return problem;
}

}  // namespace cnn
