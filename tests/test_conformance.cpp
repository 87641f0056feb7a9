// ONNX backend tests run on a library (core/bench/conformance.h): a test written here passes, the same
// test with a wrong expected output fails with its error in units of the tolerance, an op the importer
// declines is unsupported with the reason, a damaged test is a failure naming what went wrong; and
// which directories count as tests.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "backends/reference/reference_backend.h"
#include "core/bench/conformance.h"
#include "tests/onnx_builder.h"
#include "tests/test_support.h"

using namespace cnn;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string tensor(const std::vector<std::int64_t>& dims, const std::vector<float>& values) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : dims) t.add_dims(d);
  for (float v : values) t.add_float_data(v);
  return t.SerializeAsString();
}

// A Relu test: x (2, 3) -> y, with `expected` as output_0.
fs::path relu_test(const fs::path& dir, const std::string& op, const std::vector<float>& expected) {
  test::OnnxBuilder b;
  b.input("x", {2, 3}).output("y").node(op, {"x"}, {"y"});
  write(dir / "model.onnx", b.bytes());
  write(dir / "test_data_set_0" / "input_0.pb", tensor({2, 3}, {-1, 2, -3, 4, 0, 6}));
  write(dir / "test_data_set_0" / "output_0.pb", tensor({2, 3}, expected));
  return dir;
}

}  // namespace

// A fresh directory for each test's ONNX tests, and the library they run on.
struct TestConformance {
  test::TempDir tmp_;
  ReferenceBackend reference_;
  fs::path root() const { return tmp_.path(); }
};

TEST_CASE_FIXTURE(TestConformance, "passes") {
  const ConformanceResult r =
      run_conformance_test(relu_test(root() / "test_relu", "Relu", {0, 2, 0, 4, 0, 6}), reference_, Precision::FP32);
  CHECK(r.test == std::string("test_relu"));
  CHECK(r.lib == std::string("reference"));
  CHECK(r.outcome == ConformanceOutcome::Pass);
  CHECK(r.worst == test::fuzzy(0.0));
}

TEST_CASE_FIXTURE(TestConformance, "aWrongOutputFailsWithItsError") {
  // 6.01 against 6: 0.01 / (1e-7 + 1e-3 * 6.01) = 1.66 tolerances
  const ConformanceResult r = run_conformance_test(relu_test(root() / "test_wrong", "Relu", {0, 2, 0, 4, 0, 6.01f}),
                                                   reference_, Precision::FP32);
  CHECK(r.outcome == ConformanceOutcome::Fail);
  CHECK(r.worst > 1.6);
  CHECK(r.worst < 1.7);
  const ConformanceResult loose = run_conformance_test(root() / "test_wrong", reference_, Precision::FP32,
                                                       ConformanceTolerance{.rtol = 1e-2, .atol = 0});
  CHECK(loose.outcome == ConformanceOutcome::Pass);
}

TEST_CASE_FIXTURE(TestConformance, "anOpItDeclinesIsUnsupported") {
  const ConformanceResult r =
      run_conformance_test(relu_test(root() / "test_tanh", "Tanh", {0, 0, 0, 0, 0, 0}), reference_, Precision::FP32);
  CHECK(r.outcome == ConformanceOutcome::Unsupported);
  CHECK_MESSAGE(test::contains(r.reason, "(Tanh) is not supported"), r.reason);
}

TEST_CASE_FIXTURE(TestConformance, "aDamagedTestFailsSayingWhy") {
  const fs::path dir = relu_test(root() / "test_damaged", "Relu", {0, 2, 0, 4, 0, 6});
  write(dir / "test_data_set_0" / "output_0.pb", tensor({5}, {0, 0, 0, 0, 0}));
  const ConformanceResult r = run_conformance_test(dir, reference_, Precision::FP32);
  CHECK(r.outcome == ConformanceOutcome::Fail);
  CHECK_MESSAGE(test::contains(r.reason, "output 0 has 6 values, the data set 5"), r.reason);
}

TEST_CASE_FIXTURE(TestConformance, "findsTestDirectories") {
  for (const char* name : {"test_relu", "test_wrong", "test_tanh", "test_damaged"})
    relu_test(root() / name, "Relu", {0, 2, 0, 4, 0, 6});
  CHECK(conformance_tests(root() / "test_relu") == (std::vector<fs::path>{root() / "test_relu"}));
  const std::vector<fs::path> all = conformance_tests(root());
  CHECK(all.size() == 4);
  CHECK(std::is_sorted(all.begin(), all.end()));
}
