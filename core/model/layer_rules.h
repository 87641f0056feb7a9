#pragma once
// Rules about one layer that do not depend on shapes (internal to the parser and the Graph).
#include <optional>
#include <string>
#include <string_view>

#include "core/model/layer_desc.h"

namespace cnn {

// The LayerType for a Caffe type name ("Convolution"); nullopt for a type this program lacks.
std::optional<LayerType> layer_type_from_name(std::string_view caffe_type);

// "layer 'conv1' (Convolution)": how messages name a layer.
std::string layer_label(const LayerDesc& layer);

// One sentence on what is wrong with the layer's parameters or bottom/top counts, or ""
// when they are fine. Shape checks are the Graph's.
std::string check_layer_params(const LayerDesc& layer);

}  // namespace cnn
