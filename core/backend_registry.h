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
  // What a sweep runs when the user names no library: every library but the oracle, unless no other
  // is available. Unavailable ones stay in the list so callers can say why they are skipped.
  std::vector<Backend*> default_selection() const;

 private:
  std::vector<std::unique_ptr<Backend>> backends_;
};

}  // namespace cnn
