#include "core/backend.h"

#include <cassert>
#include <cstring>
#include <stdexcept>

#include "core/backend_registry.h"

namespace cnn {

void Backend::own_to_nchw(const Tensor& /*own*/, Tensor& /*nchw*/) const {
  assert(false && "a library that offers an own layout converts it");
}

bool Backend::in_place_ok(const LayerDesc& layer) const {
  switch (layer.type) {
    case LayerType::ReLU:
    case LayerType::Dropout:
    case LayerType::BatchNorm:
    case LayerType::Scale:
    case LayerType::Flatten:
    case LayerType::Clip:
      return true;
    default:
      return false;
  }
}

const void* Backend::memory_domain() const { return memory_space() == MemorySpace::Host ? nullptr : this; }

Tensor Backend::allocate(const Shape& shape, DType dtype) { return Tensor::allocate(shape, dtype); }

void Backend::upload(const Tensor& host, Tensor& dst) {
  assert(host.count() == dst.count() && dst.space() == MemorySpace::Host && dst.dtype() == DType::F32);
  if (host.data() != dst.data()) std::memcpy(dst.data(), host.data(), host.bytes());
}

void Backend::download(const Tensor& src, Tensor& host) {
  assert(host.count() == src.count() && src.space() == MemorySpace::Host && src.dtype() == DType::F32);
  if (host.data() != src.data()) std::memcpy(host.data(), src.data(), host.bytes());
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

std::vector<Backend*> BackendRegistry::default_selection() const {
  std::vector<Backend*> others, oracles;
  bool other_available = false;
  for (const auto& b : backends_) {
    const BackendInfo info = b->info();
    (info.oracle ? oracles : others).push_back(b.get());
    other_available = other_available || (!info.oracle && info.available);
  }
  return other_available ? others : oracles;
}

std::vector<std::string> BackendRegistry::ids() const {
  std::vector<std::string> out;
  for (const auto& b : backends_) out.push_back(b->info().id);
  return out;
}

}  // namespace cnn
