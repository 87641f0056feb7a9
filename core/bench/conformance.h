#pragma once
// ONNX's backend tests (a directory with model.onnx and test_data_set_N/{input,output}_K.pb) run on
// one library: pass, fail with the largest error, or unsupported with the reason.
#include <filesystem>
#include <string>
#include <vector>

#include "core/backend.h"

namespace cnn {

enum class ConformanceOutcome { Pass, Fail, Unsupported };

struct ConformanceResult {
  std::string test;  // the directory's name, e.g. "test_conv_with_strides_padding"
  std::string lib;
  ConformanceOutcome outcome = ConformanceOutcome::Fail;
  // Pass and Fail: the largest |ours - expected| / (atol + rtol |expected|) over every output and data
  // set (<= 1 passes); Fail also: why, when the test could not be run or compared.
  double worst = 0;
  std::string reason;  // Unsupported: why; Fail: what differed
};

// An output element passes when |ours - expected| <= atol + rtol |expected|. The defaults are ONNX's
// own backend-test tolerance; fp16 widens rtol to 2e-2, as verify does.
struct ConformanceTolerance {
  double rtol = 1e-3, atol = 1e-7;
};

// Runs the test in `dir` on `lib` at `precision`. Never throws for what the directory holds: a
// damaged or unreadable test is a Fail naming it.
ConformanceResult run_conformance_test(const std::filesystem::path& dir, Backend& lib, Precision precision,
                                       ConformanceTolerance tolerance = {});

// The test directories under `root`: `root` itself when it holds model.onnx, else its subdirectories
// that do, sorted by name.
std::vector<std::filesystem::path> conformance_tests(const std::filesystem::path& root);

}  // namespace cnn
