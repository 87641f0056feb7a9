#pragma once
// The machine's 1-minute load average (runnable threads, as `uptime` shows it); nullopt where the
// system does not report it.
#include <optional>

namespace cnn {

std::optional<double> load_average();

}  // namespace cnn
