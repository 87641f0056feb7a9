#include "core/bench/machine_load.h"

#include <cstdlib>

namespace cnn {

std::optional<double> load_average() {
  double load[1] = {0};
  if (getloadavg(load, 1) != 1) return std::nullopt;
  return load[0];
}

}  // namespace cnn
