// The cublas and cudnn libraries as a whole: identity and platform details; without a usable
// device, unavailable with the driver's own reason and failing cleanly (session, runner, verify);
// with one, whole models against the reference (fp32 <= 1e-4, fp16 <= 2e-2) and the runner's
// device records (transfers, per-layer times, measured device memory); the copy times through
// a results document and the store.
#include <cuda_runtime.h>

#include <QtTest>
#include <algorithm>
#include <memory>
#include <string>

#include "backends/cublas/cublas_backend.h"
#include "backends/cudnn/cudnn_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/results_json.h"
#include "core/bench/runner.h"
#include "core/bench/verify.h"
#include "core/model/graph.h"
#include "core/session.h"
#include "core/store/results_store.h"
#include "models/builtin_models.h"

using namespace cnn;

namespace {

std::unique_ptr<Backend> make_backend(const QString& id) {
  if (id == "cudnn") return std::make_unique<CudnnBackend>();
  return std::make_unique<CublasBackend>();
}

std::string detail(const BackendInfo& info, const std::string& key) {
  for (const auto& [k, v] : info.details)
    if (k == key) return v;
  return {};
}

ModelCatalog catalog() {
  ModelCatalog c;
  add_builtin_models(c);
  return c;
}


void add_libs() {
  QTest::addColumn<QString>("lib");
  QTest::newRow("cublas") << "cublas";
  QTest::newRow("cudnn") << "cudnn";
}

}  // namespace

class TestCudaSession : public QObject {
  Q_OBJECT

 private slots:
  void identity_data() { add_libs(); }
  void identity();
  void unavailableFailsWithTheDriversReason_data() { add_libs(); }
  void unavailableFailsWithTheDriversReason();
  void modelsMatchReference_data();
  void modelsMatchReference();
  void runnerRecordsDevicePoint_data() { add_libs(); }
  void runnerRecordsDevicePoint();
  void transferTimesRoundTrip();
};

void TestCudaSession::identity() {
  QFETCH(QString, lib);
  const auto backend = make_backend(lib);
  const BackendInfo info = backend->info();
  QCOMPARE(QString::fromStdString(info.id), lib);
  QCOMPARE(info.precisions.size(), std::size_t(2));
  QCOMPARE(backend->memory_space(), MemorySpace::Device);
  // The libraries' versions are recorded with or without a device; the GPU's only with one.
  for (const char* key : {"cuda runtime", "cublas", "cudnn", "driver"}) QVERIFY2(!detail(info, key).empty(), key);
  QCOMPARE(detail(info, "gpu").empty(), !info.available);
  if (info.available) QVERIFY(!detail(info, "compute capability").empty());
}

// Without a usable device: the reason is CUDA's own, and nothing crashes: creating ops, a
// session, a runner point and a verification all fail with it.
void TestCudaSession::unavailableFailsWithTheDriversReason() {
  QFETCH(QString, lib);
  const auto backend = make_backend(lib);
  const BackendInfo info = backend->info();
  if (info.available) QSKIP("a CUDA device is usable here");
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  cudaGetLastError();
  QVERIFY(!info.why_not.empty());
  if (status != cudaSuccess)
    QVERIFY2(info.why_not.find(cudaGetErrorString(status)) != std::string::npos, info.why_not.c_str());
  QVERIFY(!backend->device_bytes_in_use());
  QVERIFY(!backend->stream_timer());

  const ModelCatalog models = catalog();
  const ModelInfo& lenet = *models.find("lenet");
  const Graph graph(models.parse(lenet), 1);
  const ModelWeights weights = generate_weights(graph, 1);
  QVERIFY(backend->supports(graph.nodes()[0].desc, Precision::FP16));  // a question about the layer only
  try {
    Session session(graph, weights, *backend, RunConfig{});
    QFAIL("a session was created without a device");
  } catch (const std::runtime_error& e) {
    QVERIFY2(std::string(e.what()).find(info.why_not) != std::string::npos, e.what());
  }

  BackendRegistry registry;
  registry.add(make_backend(lib));
  Runner runner(models, registry);
  const Point point = runner.measure({"lenet", lib.toStdString(), Precision::FP32, 1}, RunConfig{}, 2);
  QVERIFY(!point.success);
  QVERIFY2(point.error.find(info.why_not) != std::string::npos, point.error.c_str());

  ReferenceBackend reference;
  const VerifyResult v =
      verify_model("lenet", models.parse(lenet), *backend, reference, Precision::FP16, 1, RunConfig{});
  QVERIFY(!v.ran);
  QVERIFY2(v.error.find(info.why_not) != std::string::npos, v.error.c_str());
}

void TestCudaSession::modelsMatchReference_data() {
  QTest::addColumn<QString>("lib");
  QTest::addColumn<int>("precision");
  QTest::addColumn<QString>("model");
  const ModelCatalog models = catalog();
  for (const ModelInfo& m : models.all())
    for (const char* lib : {"cublas", "cudnn"})
      for (Precision p : {Precision::FP32, Precision::FP16}) {
        const std::string tag = m.id + " " + lib + " " + std::string(to_string(p));
        QTest::newRow(tag.c_str()) << QString(lib) << int(p) << QString::fromStdString(m.id);
      }
}

// Every value of every built-in model at batch 2, through the session's device path (uploads,
// fp16 activations, downloads for comparison).
void TestCudaSession::modelsMatchReference() {
  QFETCH(QString, lib);
  QFETCH(int, precision);
  QFETCH(QString, model);
  const auto backend = make_backend(lib);
  const BackendInfo info = backend->info();
  if (!info.available) QSKIP((info.id + " is not available: " + info.why_not).c_str());
  const ModelCatalog models = catalog();
  ReferenceBackend reference;
  const VerifyResult r = verify_model(model.toStdString(), models.parse(*models.find(model.toStdString())), *backend,
                                      reference, Precision(precision), 2, RunConfig{});
  QVERIFY2(r.ran, r.error.c_str());
  const std::string why =
      "output " + std::to_string(r.output_error) + ", worst " + std::to_string(r.worst_error) + " at " + r.worst_layer;
  QVERIFY2(r.passed(), why.c_str());
}

// A runner point on a device: forward and per-layer times from events, the copies on their own,
// the device memory the session took.
void TestCudaSession::runnerRecordsDevicePoint() {
  QFETCH(QString, lib);
  BackendRegistry registry;
  registry.add(make_backend(lib));
  Backend& backend = *registry.find(lib.toStdString());
  const BackendInfo info = backend.info();
  if (!info.available) QSKIP((info.id + " is not available: " + info.why_not).c_str());
  const ModelCatalog models = catalog();
  Runner runner(models, registry);
  RunConfig config;
  config.warmup = 1;
  for (Precision p : {Precision::FP32, Precision::FP16}) {
    const Point point = runner.measure({"alexnet", info.id, p, 2}, config, 3);
    QVERIFY2(point.success, point.error.c_str());
    QCOMPARE(point.time_fw_ms.size(), std::size_t(3));
    QCOMPARE(point.transfer_in_ms.size(), std::size_t(3));
    QCOMPARE(point.transfer_out_ms.size(), std::size_t(3));
    for (const LayerRecord& l : point.layers) QCOMPARE(l.time_ms.size(), std::size_t(3));
    QVERIFY(point.memory.weights_bytes > 0 && point.memory.activations_bytes > 0);
    // weights_bytes is the host fp32 model plus the device copy (as large in fp32, half in fp16).
    QVERIFY2(point.memory.measured_bytes >= point.memory.weights_bytes / 3, "the weights alone are on the device");
  }
}

// A device point's copy times survive a results document and the results store; a host point
// writes none.
void TestCudaSession::transferTimesRoundTrip() {
  Point device;
  device.model = "alexnet";
  device.lib = "cudnn";
  device.precision = Precision::FP16;
  device.batch = 4;
  device.success = true;
  device.time_fw_ms = {1.5, 1.25};
  device.transfer_in_ms = {0.5, 0.375};
  device.transfer_out_ms = {0.0625, 0.125};
  Point host = device;
  host.lib = "openblas";
  host.transfer_in_ms.clear();
  host.transfer_out_ms.clear();
  Platform platform;
  platform.started_at = "2026-01-01T00:00:00Z";

  const std::string json = results_to_json(platform, {device, host});
  QVERIFY(json.find("transfer_in_ms") != std::string::npos);
  const ResultsDocument doc = results_from_json(json);
  QCOMPARE(doc.points.at(0).transfer_in_ms, device.transfer_in_ms);
  QCOMPARE(doc.points.at(0).transfer_out_ms, device.transfer_out_ms);
  QVERIFY(doc.points.at(1).transfer_in_ms.empty() && doc.points.at(1).transfer_out_ms.empty());

  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ResultsStore store(std::filesystem::path(dir.filePath("results.sqlite").toStdString()));
  Selection selection;
  selection.models = {"alexnet"};
  selection.libs = {{"cudnn", {Precision::FP16}}, {"openblas", {Precision::FP32}}};
  const std::int64_t run = store.begin_run(platform, selection, "transfers");
  store.add_point(run, device);
  store.add_point(run, host);
  const StoredRun stored = store.load_run(run);
  QCOMPARE(stored.points.at(0).transfer_in_ms, device.transfer_in_ms);
  QCOMPARE(stored.points.at(0).transfer_out_ms, device.transfer_out_ms);
  QCOMPARE(stored.points.at(0).time_fw_ms, device.time_fw_ms);
  QVERIFY(stored.points.at(1).transfer_in_ms.empty() && stored.points.at(1).transfer_out_ms.empty());
}

QTEST_GUILESS_MAIN(TestCudaSession)
#include "test_cuda_session.moc"
