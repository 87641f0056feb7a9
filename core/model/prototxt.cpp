// Caffe deploy prototxt -> NetDesc: the net-level fields, layer headers, Input layers, phase rules.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "core/model/layer_rules.h"
#include "core/model/net_desc.h"
#include "core/model/prototxt_fields.h"
#include "core/model/prototxt_layers.h"
#include "core/model/prototxt_values.h"
#include "core/model/text_format.h"

namespace cnn {
namespace {

using text_format::Field;

// 1 to 4 dims as N, C, H, W (missing trailing dims are 1).
Shape shape_from_dims(const FieldReader& r, const Field& at, const std::vector<const Field*>& dims) {
  if (dims.empty() || dims.size() > 4)
    r.fail_at(at, "a shape needs 1 to 4 'dim' values (N, C, H, W), found " + std::to_string(dims.size()));
  int v[4] = {1, 1, 1, 1};
  for (std::size_t i = 0; i < dims.size(); ++i) v[i] = int(r.integer(*dims[i], 1, INT32_MAX));
  return Shape{v[0], v[1], v[2], v[3]};
}

// A `shape { dim: ... }` or `input_shape { dim: ... }` message.
Shape read_shape(const FieldReader& r, const Field& f) {
  std::vector<const Field*> dims;
  check_fields(r, "shape", r.message(f));
  for (const Field& d : r.message(f))
    if (d.name == "dim") dims.push_back(&d);
  return shape_from_dims(r, f, dims);
}

// Caffe's NetStateRule checked against the state of a deploy run: phase TEST, level 0, no stages.
bool rule_matches(const FieldReader& r, const Field& rule) {
  bool match = true;
  check_fields(r, "include", r.message(rule));
  for (const Field& f : r.message(rule)) {
    if (f.name == "phase") {
      match &= r.enumeration(f, {"TRAIN", "TEST"}) == 1;
    } else if (f.name == "min_level") {
      match &= r.int32(f) <= 0;
    } else if (f.name == "max_level") {
      match &= r.int32(f) >= 0;
    } else if (f.name == "stage") {
      r.string(f);  // checked for its type; a deploy run has no stages, so the rule cannot match
      match = false;
    }
  }
  return match;
}

// Whether a layer's include/exclude rules keep it in the TEST phase.
bool kept_in_test_phase(const FieldReader& r, const Field& layer) {
  bool has_include = false, has_exclude = false, included = false, excluded = false;
  for (const Field& f : layer.children) {
    if (f.name == "include") {
      has_include = true;
      included |= rule_matches(r, f);
    } else if (f.name == "exclude") {
      has_exclude = true;
      excluded |= rule_matches(r, f);
    }
  }
  if (has_include && has_exclude) r.fail_at(layer, "give either 'include' or 'exclude' rules, not both");
  return has_include ? included : !excluded;
}

class NetReader {
 public:
  explicit NetReader(const std::string& source) : r_(source) {}

  NetDesc read(std::string_view text) {
    const std::vector<Field> fields = text_format::parse(text, r_.source());
    check_fields(r_, "net", fields);
    OnceChecker once(r_);
    std::vector<const Field*> layers;  // read after the top-level inputs, which come first in NetDesc
    for (const Field& f : fields) {
      if (f.name == "name") {
        once(f);
        net_.name = r_.string(f);
      } else if (f.name == "input") {
        input_names_.push_back(&f);
      } else if (f.name == "input_shape") {
        input_shapes_.push_back(&f);
      } else if (f.name == "input_dim") {
        input_dims_.push_back(&f);
      } else if (f.name == "layer") {
        layers.push_back(&f);
      } else if (f.name == "layers") {
        r_.fail_at(f, "the old V1 'layers' format is not supported; convert the file with Caffe's "
                      "upgrade_net_proto_text to 'layer' entries");
      }
    }
    read_top_level_inputs();
    for (const Field* f : layers) read_layer(*f);
    return std::move(net_);
  }

 private:
  void add_input(const Field& at, std::string name, Shape shape) {
    if (!input_set_.insert(name).second) r_.fail_at(at, "input '" + name + "' is declared more than once");
    net_.inputs.push_back(InputDesc{std::move(name), shape});
  }

  void read_top_level_inputs() {
    if (!input_shapes_.empty() && !input_dims_.empty())
      r_.fail_at(*input_dims_.front(), "give either 'input_shape' or 'input_dim', not both");
    if (input_names_.empty()) {
      if (!input_shapes_.empty() || !input_dims_.empty()) {
        const Field& f = input_shapes_.empty() ? *input_dims_.front() : *input_shapes_.front();
        r_.fail_at(f, "'" + f.name + "' is given without an 'input' name");
      }
      return;
    }
    const std::size_t n = input_names_.size();
    if (input_shapes_.empty() && input_dims_.empty())
      r_.fail_at(*input_names_.front(), "input '" + r_.string(*input_names_.front()) +
                                            "' has no shape; add input_shape { dim: ... } or 4 input_dim values");
    if (!input_shapes_.empty() && input_shapes_.size() != n)
      r_.fail_at(*input_shapes_.front(), "found " + std::to_string(input_shapes_.size()) +
                                             " 'input_shape' entries for " + std::to_string(n) + " inputs");
    if (!input_dims_.empty() && input_dims_.size() != 4 * n)
      r_.fail_at(*input_dims_.front(), "found " + std::to_string(input_dims_.size()) + " 'input_dim' values for " +
                                           std::to_string(n) + " inputs; give 4 (N, C, H, W) per input");
    for (std::size_t i = 0; i < n; ++i) {
      const Field& name = *input_names_[i];
      Shape shape;
      if (!input_shapes_.empty()) {
        shape = read_shape(r_, *input_shapes_[i]);
      } else {
        const std::vector<const Field*> dims(input_dims_.begin() + 4 * i, input_dims_.begin() + 4 * i + 4);
        shape = shape_from_dims(r_, *dims.front(), dims);
      }
      add_input(name, r_.string(name), shape);
    }
  }

  void read_layer(const Field& lf) {
    OnceChecker once(r_);
    LayerDesc d;
    d.line = lf.line;
    std::string type;
    const Field* type_field = nullptr;
    for (const Field& f : r_.message(lf)) {
      if (f.name == "name") {
        once(f);
        d.name = r_.string(f);
      } else if (f.name == "type") {
        once(f);
        type = r_.string(f);
        type_field = &f;
      } else if (f.name == "bottom") {
        d.bottoms.push_back(r_.string(f));
      } else if (f.name == "top") {
        d.tops.push_back(r_.string(f));
      }
    }
    check_fields(r_, "layer", r_.message(lf), d.name.empty() ? "a layer" : "layer '" + d.name + "'");
    if (!kept_in_test_phase(r_, lf)) return;
    if (!type_field) r_.fail_at(lf, "layer '" + d.name + "' has no 'type'");
    if (d.name.empty()) d.name = type + "@" + std::to_string(lf.line);  // Caffe allows unnamed layers
    if (type == "Input") return read_input_layer(lf, d);
    const auto t = layer_type_from_name(type);
    if (!t) r_.fail_at_value(*type_field, "layer '" + d.name + "' has unknown type '" + type + "'");
    d.type = *t;
    const FieldReader lr(r_.source(), layer_label(d));
    read_layer_params(lr, lf, d);
    if (const std::string problem = check_layer_params(d); !problem.empty()) lr.fail_at(lf, problem);
    net_.layers.push_back(std::move(d));
  }

  // `layer { type: "Input" top: ... input_param { shape { dim: ... } } }` declares net inputs.
  void read_input_layer(const Field& lf, const LayerDesc& d) {
    const FieldReader lr(r_.source(), "layer '" + d.name + "' (Input)");
    if (!d.bottoms.empty()) lr.fail_at(lf, "takes no bottom, found " + std::to_string(d.bottoms.size()));
    if (d.tops.empty()) lr.fail_at(lf, "needs at least one top");
    std::vector<const Field*> shapes;
    for (const Field& f : lf.children)
      if (f.name == "input_param") {
        check_fields(lr, "input_param", lr.message(f));
        for (const Field& s : lr.message(f))
          if (s.name == "shape") shapes.push_back(&s);
      }
    if (shapes.empty()) lr.fail_at(lf, "needs input_param { shape { dim: ... } }");
    if (shapes.size() != 1 && shapes.size() != d.tops.size())
      lr.fail_at(*shapes.front(), "has " + std::to_string(shapes.size()) + " shapes for " +
                                      std::to_string(d.tops.size()) + " tops; give 1 or one per top");
    for (std::size_t i = 0; i < d.tops.size(); ++i)
      add_input(lf, d.tops[i], read_shape(lr, *shapes[shapes.size() == 1 ? 0 : i]));
  }

  FieldReader r_;
  NetDesc net_;
  std::vector<const Field*> input_names_, input_shapes_, input_dims_;
  std::set<std::string> input_set_;
};

}  // namespace

NetDesc parse_prototxt(std::string_view text, const std::string& source) {
  return NetReader(source).read(text);
}

NetDesc load_prototxt(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw ModelError("cannot read model file '" + path.string() + "': it does not exist");
  if (std::filesystem::is_directory(path, ec))
    throw ModelError("cannot read model file '" + path.string() + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError("cannot read model file '" + path.string() + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ModelError("cannot read model file '" + path.string() + "': read error");
  return parse_prototxt(text.str(), path.string());
}

}  // namespace cnn
