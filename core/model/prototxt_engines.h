#pragma once
// Writes a per-layer `engine:` choice into prototxt text, keeping everything else as written.
#include <map>
#include <string>
#include <string_view>

namespace cnn {

// `text` with a layer-level `engine: "<value>"` line at the start of every top-level layer whose
// name is a key of `engines` (an `engine` field already at that level gets the new value). Our
// parser ignores the field, so the result loads as the same model. Throws ModelError
// ("source:line:col: ...") when `text` is not protobuf text format.
std::string with_layer_engines(std::string_view text, const std::string& source,
                               const std::map<std::string, std::string>& engines);

}  // namespace cnn
