#pragma once
// BackendRegistry: the compiled-in libraries, added explicitly by the application at start-up.
#include <memory>
#include <string>
#include <vector>

#include "core/backend.h"

namespace cnn {

class BackendRegistry {
 public:
  void add(std::unique_ptr<Backend> backend);
  Backend* find(const std::string& id) const;  // null when not compiled in
  std::vector<Backend*> all() const;            // in registration order
  std::vector<std::string> ids() const;

 private:
  std::vector<std::unique_ptr<Backend>> backends_;
};

}  // namespace cnn
