#include "core/model/prototxt_fields.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace cnn {
namespace {

using Names = std::set<std::string_view>;

// From BVLC caffe.proto (NetParameter, LayerParameter and the parameter messages a deploy file uses).
const std::map<std::string_view, Names>& known_fields() {
  static const std::map<std::string_view, Names> known{
      {"net", {"name", "input", "input_shape", "input_dim", "force_backward", "state", "debug_info", "layer", "layers"}},
      {"layer",
       {"name", "type", "bottom", "top", "phase", "loss_weight", "param", "blobs", "propagate_down", "include",
        "exclude", "transform_param", "loss_param", "accuracy_param", "argmax_param", "batch_norm_param", "bias_param",
        "clip_param", "concat_param", "contrastive_loss_param", "convolution_param", "crop_param", "data_param",
        "dropout_param", "dummy_data_param", "eltwise_param", "elu_param", "embed_param", "exp_param", "flatten_param",
        "hdf5_data_param", "hdf5_output_param", "hinge_loss_param", "image_data_param", "infogain_loss_param",
        "inner_product_param", "input_param", "log_param", "lrn_param", "memory_data_param", "mvn_param",
        "parameter_param", "pooling_param", "power_param", "prelu_param", "python_param", "recurrent_param",
        "reduction_param", "relu_param", "reshape_param", "scale_param", "sigmoid_param", "softmax_param", "spp_param",
        "slice_param", "swish_param", "tanh_param", "threshold_param", "tile_param", "window_data_param",
        // Not caffe.proto's: the library an adaptive plan chose for the layer (core/model/prototxt_engines.h)
        "engine"}},
      {"convolution_param",
       {"num_output", "bias_term", "pad", "kernel_size", "stride", "dilation", "pad_h", "pad_w", "kernel_h", "kernel_w",
        "stride_h", "stride_w", "group", "weight_filler", "bias_filler", "engine", "axis", "force_nd_im2col"}},
      {"pooling_param",
       {"pool", "pad", "pad_h", "pad_w", "kernel_size", "kernel_h", "kernel_w", "stride", "stride_h", "stride_w",
        "engine", "global_pooling", "round_mode"}},
      {"lrn_param", {"local_size", "alpha", "beta", "norm_region", "k", "engine"}},
      {"inner_product_param", {"num_output", "bias_term", "weight_filler", "bias_filler", "axis", "transpose"}},
      {"eltwise_param", {"operation", "coeff", "stable_prod_grad"}},
      {"concat_param", {"axis", "concat_dim"}},
      {"softmax_param", {"engine", "axis"}},
      {"batch_norm_param", {"use_global_stats", "moving_average_fraction", "eps"}},
      {"scale_param", {"axis", "num_axes", "filler", "bias_term", "bias_filler"}},
      {"relu_param", {"negative_slope", "engine"}},
      {"dropout_param", {"dropout_ratio"}},
      {"flatten_param", {"axis", "end_axis"}},
      {"clip_param", {"min", "max"}},
      {"input_param", {"shape"}},
      {"shape", {"dim"}},
      {"include", {"phase", "min_level", "max_level", "stage", "not_stage"}},
  };
  return known;
}

// Levenshtein distance, for the suggestion.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

void check_fields(const FieldReader& r, std::string_view message, const std::vector<text_format::Field>& fields,
                  const std::string& label) {
  const auto& known = known_fields();
  const auto it = known.find(message == "exclude" ? std::string_view("include") : message);
  if (it == known.end()) return;  // a message this program skips as a whole
  for (const text_format::Field& f : fields) {
    if (it->second.count(f.name)) continue;
    std::string_view closest;
    std::size_t best = 3;  // suggest only names within two edits
    for (std::string_view name : it->second)
      if (const std::size_t d = distance(f.name, name); d < best) best = d, closest = name;
    const std::string where = !label.empty() ? label : message == "net" ? std::string("the net") : std::string(message);
    r.fail_at(f, where + " has no field '" + f.name + "'" +
                     (closest.empty() ? std::string() : " (did you mean '" + std::string(closest) + "'?)"));
  }
}

}  // namespace cnn
