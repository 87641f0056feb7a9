#pragma once
// ModelCatalog: the built-in models and any prototxt the user names.
#include <string>
#include <vector>

#include "core/model/net_desc.h"

namespace cnn {

struct ModelInfo {
  std::string id;            // "alexnet"; for a user file, its path
  std::string name;          // "AlexNet (BVLC)"
  Shape input;               // one image: 1 x C x H x W
  double top1 = 0, top5 = 0; // ImageNet validation accuracy, 0 when unknown
  std::string accuracy_source;
  std::string source;        // where the network definition comes from
  std::string prototxt;      // the network definition text
};

class ModelCatalog {
 public:
  void add(ModelInfo model);
  const ModelInfo* find(const std::string& id) const;  // null when unknown
  const std::vector<ModelInfo>& all() const { return models_; }
  // A catalog id, or a path to a .prototxt file (read and checked now).
  // Throws ModelError with one sentence for an unknown id or a bad file.
  ModelInfo resolve(const std::string& id_or_path) const;
  NetDesc parse(const ModelInfo& model) const;  // throws ModelError

 private:
  std::vector<ModelInfo> models_;
};

}  // namespace cnn
