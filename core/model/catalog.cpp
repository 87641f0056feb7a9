// ModelCatalog: built-in models by id, user prototxt files by path.
#include "core/model/catalog.h"

#include <cassert>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/model/graph.h"
#include "core/model/onnx/onnx_model.h"

namespace cnn {
namespace {

namespace fs = std::filesystem;

// True when the user evidently meant a file rather than a catalog id.
bool looks_like_path(const std::string& s) {
  const fs::path p(s);
  return p.has_parent_path() || p.extension() == ".prototxt" || p.extension() == ".onnx";
}

bool is_onnx(const std::string& path) { return fs::path(path).extension() == ".onnx"; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) throw ModelError("cannot read model file '" + path + "'");
  return text.str();
}

}  // namespace

void ModelCatalog::add(ModelInfo model) {
  assert(!model.id.empty() && "a model needs an id");
  assert(find(model.id) == nullptr && "model ids are unique");
  models_.push_back(std::move(model));
}

const ModelInfo* ModelCatalog::find(const std::string& id) const {
  for (const ModelInfo& m : models_)
    if (m.id == id) return &m;
  return nullptr;
}

std::shared_ptr<const ImportedModel> ModelCatalog::imported(const std::string& path) const {
  // Keyed by the file's size and time too, so a file written again (a new export) is read again.
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  const auto time = fs::last_write_time(path, ec).time_since_epoch().count();
  const std::string key = path + '\n' + std::to_string(ec ? 0 : size) + '\n' + std::to_string(ec ? 0 : time);
  std::lock_guard lock(loaded_->mutex);
  auto& model = loaded_->by_path[key];
  if (!model) model = std::make_shared<const ImportedModel>(load_onnx(path));
  return model;
}

ModelInfo ModelCatalog::resolve(const std::string& id_or_path) const {
  if (const ModelInfo* known = find(id_or_path)) {
    ModelInfo model = *known;
    if (!model.file.empty()) model.imported = imported(model.file);
    return model;
  }

  std::error_code ec;
  const fs::file_status status = fs::status(id_or_path, ec);
  if (!fs::exists(status)) {
    if (looks_like_path(id_or_path))
      throw ModelError("model file '" + id_or_path + "' does not exist");
    std::string known;
    for (const ModelInfo& m : models_) known += (known.empty() ? "" : ", ") + m.id;
    throw ModelError("unknown model '" + id_or_path + "' (known: " + known +
                     "; or give a path to a .prototxt or .onnx file)");
  }
  if (!fs::is_regular_file(status))
    throw ModelError("model file '" + id_or_path + "' is not a regular file");

  ModelInfo model;
  model.id = id_or_path;
  model.name = fs::path(id_or_path).stem().string();
  const fs::path absolute = fs::absolute(id_or_path, ec);
  model.source = ec ? id_or_path : absolute.string();
  NetDesc net;
  if (is_onnx(id_or_path)) {
    model.file = id_or_path;
    model.imported = imported(id_or_path);
    net = model.imported->net;
  } else {
    model.prototxt = read_file(id_or_path);
    net = parse_prototxt(model.prototxt, id_or_path);
  }
  if (net.inputs.empty())
    throw ModelError("model file '" + id_or_path +
                     "' declares no input (give input + input_shape or an Input layer)");
  model.input = net.inputs.front().shape;
  model.input.n = 1;
  return model;
}

NetDesc ModelCatalog::parse(const ModelInfo& model) const {
  if (model.imported) return model.imported->net;
  if (!model.file.empty()) return imported(model.file)->net;
  return parse_prototxt(model.prototxt, model.id);
}

ModelWeights ModelCatalog::weights(const ModelInfo& model, const Graph& graph, std::uint64_t seed) {
  return model.imported ? weights_by_layer(graph, model.imported->weights) : generate_weights(graph, seed);
}

}  // namespace cnn
