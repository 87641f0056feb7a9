#pragma once
// Reads the *_param block of one layer into its LayerDesc (internal to the prototxt parser).
#include <vector>

#include "core/model/layer_desc.h"
#include "core/model/prototxt_values.h"

namespace cnn {

// `layer_field` is one `layer { ... }` message; `layer.type` is already set.
// Blocks for other layer types and fields this program does not use are skipped.
// Throws ModelError with the position of the offending field.
void read_layer_params(const FieldReader& r, const text_format::Field& layer_field, LayerDesc& layer);

}  // namespace cnn
