// BackendRegistry: lookup, order, and the default selection (the oracle only when nothing else runs).
#include <QtTest>

#include "core/backend_registry.h"

using namespace cnn;

namespace {

class FakeLibrary : public Backend {
 public:
  FakeLibrary(std::string id, bool available, bool oracle) : id_(std::move(id)), available_(available), oracle_(oracle) {}
  BackendInfo info() const override {
    BackendInfo i;
    i.id = id_;
    i.available = available_;
    i.oracle = oracle_;
    i.precisions = {Precision::FP32};
    return i;
  }
  bool supports(const LayerDesc&, Precision) const override { return false; }
  std::unique_ptr<Op> create(const LayerDesc&, const Weights&, const RunConfig&) override { return nullptr; }

 private:
  std::string id_;
  bool available_, oracle_;
};

std::vector<std::string> ids(const std::vector<Backend*>& list) {
  std::vector<std::string> out;
  for (Backend* b : list) out.push_back(b->info().id);
  return out;
}

}  // namespace

class TestBackendRegistry : public QObject {
  Q_OBJECT
 private slots:
  void defaultSelection_data() {
    QTest::addColumn<bool>("fastAvailable");
    QTest::addColumn<bool>("gpuAvailable");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("cpu and gpu") << true << true << QStringList{"fast", "gpu"};
    QTest::newRow("no gpu: still listed, so callers can say why") << true << false << QStringList{"fast", "gpu"};
    QTest::newRow("only the oracle runs") << false << false << QStringList{"oracle"};
  }
  void defaultSelection() {
    QFETCH(bool, fastAvailable);
    QFETCH(bool, gpuAvailable);
    QFETCH(QStringList, expected);
    BackendRegistry r;
    r.add(std::make_unique<FakeLibrary>("oracle", true, true));
    r.add(std::make_unique<FakeLibrary>("fast", fastAvailable, false));
    r.add(std::make_unique<FakeLibrary>("gpu", gpuAvailable, false));
    QStringList got;
    for (const auto& id : ids(r.default_selection())) got << QString::fromStdString(id);
    QCOMPARE(got, expected);
  }
  void findAndOrder() {
    BackendRegistry r;
    r.add(std::make_unique<FakeLibrary>("a", true, false));
    r.add(std::make_unique<FakeLibrary>("b", true, false));
    QCOMPARE(r.ids(), (std::vector<std::string>{"a", "b"}));
    QVERIFY(r.find("b") != nullptr);
    QVERIFY(r.find("c") == nullptr);
  }
};

QTEST_APPLESS_MAIN(TestBackendRegistry)
#include "test_backend_registry.moc"
