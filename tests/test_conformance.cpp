// ONNX backend tests run on a library (core/bench/conformance.h): a test written here passes, the same
// test with a wrong expected output fails with its error in units of the tolerance, an op the importer
// declines is unsupported with the reason, a damaged test is a failure naming what went wrong; and
// which directories count as tests.
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "backends/reference/reference_backend.h"
#include "core/bench/conformance.h"
#include "tests/onnx_builder.h"

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

class TestConformance : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  ReferenceBackend reference_;
  fs::path root() const { return tmp_.path().toStdString(); }

 private slots:
  void passes() {
    const ConformanceResult r =
        run_conformance_test(relu_test(root() / "test_relu", "Relu", {0, 2, 0, 4, 0, 6}), reference_, Precision::FP32);
    QCOMPARE(r.test, std::string("test_relu"));
    QCOMPARE(r.lib, std::string("reference"));
    QCOMPARE(r.outcome, ConformanceOutcome::Pass);
    QCOMPARE(r.worst, 0.0);
  }

  void aWrongOutputFailsWithItsError() {
    // 6.01 against 6: 0.01 / (1e-7 + 1e-3 * 6.01) = 1.66 tolerances
    const ConformanceResult r =
        run_conformance_test(relu_test(root() / "test_wrong", "Relu", {0, 2, 0, 4, 0, 6.01f}), reference_, Precision::FP32);
    QCOMPARE(r.outcome, ConformanceOutcome::Fail);
    QVERIFY2(r.worst > 1.6 && r.worst < 1.7, qPrintable(QString::number(r.worst)));
    const ConformanceResult loose = run_conformance_test(root() / "test_wrong", reference_, Precision::FP32,
                                                         ConformanceTolerance{.rtol = 1e-2, .atol = 0});
    QCOMPARE(loose.outcome, ConformanceOutcome::Pass);
  }

  void anOpItDeclinesIsUnsupported() {
    const ConformanceResult r =
        run_conformance_test(relu_test(root() / "test_tanh", "Tanh", {0, 0, 0, 0, 0, 0}), reference_, Precision::FP32);
    QCOMPARE(r.outcome, ConformanceOutcome::Unsupported);
    QVERIFY2(r.reason.find("(Tanh) is not supported") != std::string::npos, r.reason.c_str());
  }

  void aDamagedTestFailsSayingWhy() {
    const fs::path dir = relu_test(root() / "test_damaged", "Relu", {0, 2, 0, 4, 0, 6});
    write(dir / "test_data_set_0" / "output_0.pb", tensor({5}, {0, 0, 0, 0, 0}));
    const ConformanceResult r = run_conformance_test(dir, reference_, Precision::FP32);
    QCOMPARE(r.outcome, ConformanceOutcome::Fail);
    QVERIFY2(r.reason.find("output 0 has 6 values, the data set 5") != std::string::npos, r.reason.c_str());
  }

  void findsTestDirectories() {
    QCOMPARE(conformance_tests(root() / "test_relu"), std::vector<fs::path>{root() / "test_relu"});
    const std::vector<fs::path> all = conformance_tests(root());
    QVERIFY(all.size() >= 4);
    QVERIFY(std::is_sorted(all.begin(), all.end()));
  }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "test_conformance.moc"
