// cnn-bench conformance: ONNX's backend tests (model.onnx + test_data_set_N) on each library.
#include <cstdio>
#include <iostream>
#include <map>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/selection.h"
#include "core/bench/conformance.h"

namespace cnn::bench_cli {
namespace {

std::string worst_text(double worst) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", worst);
  return buf;
}

}  // namespace

const CommandSpec& conformance_spec() {
  static const CommandSpec spec{
      "conformance",
      "Run ONNX backend tests (model.onnx + test_data_set_N/*.pb) on each library.",
      "cnn-bench conformance DIR... [--libs LIST] [--precision LIST] [--rtol X] [--atol X]",
      {{"libs", "LIST", "library ids, comma separated (default: every available library)"},
       {"precision", "LIST", "fp32 and/or fp16, comma separated (default: fp32)"},
       {"rtol", "X", "relative tolerance (default: 1e-3, ONNX's; at least 2e-2 in fp16)"},
       {"atol", "X", "absolute tolerance (default: 1e-7, ONNX's)"}},
      "Each DIR is one test (it holds model.onnx) or a folder of tests, such as ONNX's node tests\n"
      "(/usr/share/libonnx-testdata/data/node on Debian). One line per test and library: pass; fail with\n"
      "the largest error, in units of the tolerance (|ours - expected| <= atol + rtol |expected|), or\n"
      "what went wrong; or unsupported with the reason. Then a summary line.\n"
      "Exit status: 0 when no test failed, 1 when any failed, 2 on a usage error.",
      "DIR..."};
  return spec;
}

int conformance_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(conformance_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(conformance_spec());
    return 0;
  }
  if (a.positionals().empty()) throw UsageError("no test directory given (see 'cnn-bench conformance --help')");
  std::vector<std::filesystem::path> tests;
  for (const std::string& root : a.positionals()) {
    if (!std::filesystem::is_directory(root)) throw UsageError("test directory '" + root + "' does not exist");
    const auto found = conformance_tests(root);
    if (found.empty()) throw UsageError("'" + root + "' holds no model.onnx, nor do its subdirectories");
    tests.insert(tests.end(), found.begin(), found.end());
  }
  const std::vector<Precision> precisions = select_precisions(a.get("precision"));
  const std::vector<LibraryChoice> libs = select_libs(context.backends, a.get("libs"), precisions, "", std::cerr);
  if (libs.empty()) throw UsageError("no selected library is available");

  ConformanceTolerance tolerance;
  if (const auto v = a.get("rtol")) tolerance.rtol = parse_double(*v, "rtol", 0);
  if (const auto v = a.get("atol")) tolerance.atol = parse_double(*v, "atol", 0);
  std::map<ConformanceOutcome, int> counts;
  for (const auto& test : tests)
    for (const auto& lib : libs)
      for (Precision precision : lib.precisions) {
        const ConformanceResult r = run_conformance_test(test, *context.backends.find(lib.lib), precision, tolerance);
        ++counts[r.outcome];
        std::cout << r.test << "  " << r.lib << " " << to_string(precision) << "  ";
        switch (r.outcome) {
          case ConformanceOutcome::Pass: std::cout << "pass (largest error " << worst_text(r.worst) << " of the tolerance)\n"; break;
          case ConformanceOutcome::Unsupported: std::cout << "unsupported: " << r.reason << "\n"; break;
          case ConformanceOutcome::Fail:
            if (r.reason.empty()) std::cout << "FAIL: largest error " << worst_text(r.worst) << " times the tolerance\n";
            else std::cout << "FAIL: " << r.reason << "\n";
            break;
        }
      }
  const int runs = counts[ConformanceOutcome::Pass] + counts[ConformanceOutcome::Fail] + counts[ConformanceOutcome::Unsupported];
  std::cout << "conformance: " << tests.size() << " tests, " << runs << " runs: " << counts[ConformanceOutcome::Pass]
            << " pass, " << counts[ConformanceOutcome::Fail] << " fail, " << counts[ConformanceOutcome::Unsupported]
            << " unsupported\n";
  return counts[ConformanceOutcome::Fail] == 0 ? 0 : 1;
}

}  // namespace cnn::bench_cli
