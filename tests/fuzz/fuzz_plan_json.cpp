// libFuzzer: the adaptive-plan file reader (cnn-bench run --plan, the explorer's plans), from any text.
// Contract: plans, or std::runtime_error with one sentence; never a crash, a leak, a hang or another
// exception. What it reads writes back to a file that reads the same plans.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "core/bench/adaptive_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<cnn::AdaptivePlan> plans;
  try {
    plans = cnn::plans_from_json(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::runtime_error&) {
    return 0;
  }
  if (cnn::plans_from_json(cnn::plans_to_json(plans)) != plans) std::abort();
  return 0;
}
