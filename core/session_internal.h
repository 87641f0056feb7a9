#pragma once
// Internal to the Session (session.cpp runs it, session_plan.cpp lays out its values).
#include "core/backend.h"

namespace cnn::session_internal {

inline bool on_host(const Backend* b) { return b->memory_domain() == nullptr; }

// A fused graph's layer as the model has it, which Backend::fusions asks about: no sum operand,
// nothing fused.
inline LayerDesc plain_layer(const LayerDesc& layer) {
  LayerDesc plain = layer;
  plain.fused = {};
  if (layer.fused.sum) {
    plain.bottoms.pop_back();
    plain.in_shapes.pop_back();
  }
  return plain;
}

}  // namespace cnn::session_internal
