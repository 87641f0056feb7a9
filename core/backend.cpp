#include "core/backend.h"

#include <stdexcept>

#include "core/backend_registry.h"

namespace cnn {

bool Backend::in_place_ok(const LayerDesc& layer) const {
  switch (layer.type) {
    case LayerType::ReLU:
    case LayerType::Dropout:
    case LayerType::BatchNorm:
    case LayerType::Scale:
    case LayerType::Flatten:
      return true;
    default:
      return false;
  }
}

void BackendRegistry::add(std::unique_ptr<Backend> backend) {
  if (find(backend->info().id)) throw std::logic_error("backend registered twice: " + backend->info().id);
  backends_.push_back(std::move(backend));
}

Backend* BackendRegistry::find(const std::string& id) const {
  for (const auto& b : backends_)
    if (b->info().id == id) return b.get();
  return nullptr;
}

std::vector<Backend*> BackendRegistry::all() const {
  std::vector<Backend*> out;
  for (const auto& b : backends_) out.push_back(b.get());
  return out;
}

std::vector<std::string> BackendRegistry::ids() const {
  std::vector<std::string> out;
  for (const auto& b : backends_) out.push_back(b->info().id);
  return out;
}

}  // namespace cnn
