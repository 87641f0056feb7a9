#pragma once
// HostIdentityOp: Dropout (at inference) and Flatten on host fp32 memory need no math library:
// the output holds the input's values in the same order; a copy unless the session runs it in place.
#include "core/backend.h"

namespace cnn {

class HostIdentityOp final : public Op {
 public:
  explicit HostIdentityOp(const LayerDesc& layer);  // asserts one bottom and one top of equal size
  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override;

 private:
  std::size_t count_ = 0;
};

}  // namespace cnn
