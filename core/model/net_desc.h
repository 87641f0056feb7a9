#pragma once
// NetDesc: a parsed Caffe deploy prototxt, before shape inference.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/layer_desc.h"

namespace cnn {

// A user-caused model problem: syntax ("file:line:col: expected ..."), unknown layer type,
// missing bottom, or a shape that does not fit ("layer 'conv1' (Convolution): ...").
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct InputDesc {
  std::string name;
  Shape shape;  // as written in the file; the Graph replaces n by the batch size
};

struct NetDesc {
  std::string name;
  std::vector<InputDesc> inputs;
  std::vector<LayerDesc> layers;  // in file order; Input layers become inputs
};

// Parses Caffe's prototxt text format. `source` names the text in messages (a path or a model id).
NetDesc parse_prototxt(std::string_view text, const std::string& source);
// Reads and parses a file; a missing or unreadable file is a ModelError naming the path.
NetDesc load_prototxt(const std::filesystem::path& path);

}  // namespace cnn
