#pragma once
// ModelCatalog: the built-in models and any prototxt the user names.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/model/net_desc.h"
#include "core/weights.h"

namespace cnn {

class Graph;
struct ImportedModel;  // core/model/onnx/onnx_model.h

struct ModelInfo {
  std::string id;            // "alexnet"; for a user file, its path
  std::string name;          // "AlexNet (BVLC)"
  Shape input;               // one image: 1 x C x H x W
  double top1 = 0, top5 = 0; // ImageNet validation accuracy, 0 when unknown
  std::string accuracy_source;
  std::string source;        // where the network definition comes from
  std::string prototxt;      // the network definition text; empty for a model read from a file with weights
  // A model that brings its own weights (an .onnx file): its path, and once resolve() has read it, the
  // network and weights. Other models run with seeded random weights.
  std::string file;
  std::shared_ptr<const ImportedModel> imported;
};

class ModelCatalog {
 public:
  void add(ModelInfo model);
  const ModelInfo* find(const std::string& id) const;  // null when unknown (its file not read yet)
  const std::vector<ModelInfo>& all() const { return models_; }
  // A catalog id, or a path to a .prototxt or .onnx file (read and checked now; an .onnx file once per
  // catalog, path and version of the file, also from several threads). Throws ModelError with one sentence for an unknown
  // id or a bad file.
  ModelInfo resolve(const std::string& id_or_path) const;
  NetDesc parse(const ModelInfo& model) const;  // throws ModelError
  // The weights a graph of `model` runs with: its own (resolved) ones, or seeded random ones.
  static ModelWeights weights(const ModelInfo& model, const Graph& graph, std::uint64_t seed);

 private:
  std::shared_ptr<const ImportedModel> imported(const std::string& path) const;

  std::vector<ModelInfo> models_;
  struct Loaded {
    std::mutex mutex;
    std::map<std::string, std::shared_ptr<const ImportedModel>> by_path;  // by path, size and write time
  };
  std::shared_ptr<Loaded> loaded_ = std::make_shared<Loaded>();  // shared by copies of the catalog
};

}  // namespace cnn
