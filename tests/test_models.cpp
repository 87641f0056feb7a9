// The seven built-in models: each parses, its Graph has the published cost and output shape,
// its metadata agrees with its prototxt; the catalog resolves ids and files and rejects the rest.
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/model/catalog.h"
#include "core/model/graph.h"
#include "core/model/onnx/onnx_model.h"
#include "models/builtin_models.h"

using namespace cnn;

namespace cnn {
char* toString(const Shape& s) { return qstrdup(s.str().c_str()); }  // for QCOMPARE messages
}  // namespace cnn

namespace {

ModelCatalog builtin_catalog() {
  ModelCatalog catalog;
  add_builtin_models(catalog);
  return catalog;
}

// |actual - expected| <= 1% of expected.
bool within_one_percent(double actual, double expected) {
  return actual >= expected * 0.99 && actual <= expected * 1.01;
}

// The message of the ModelError `f` throws; empty when it throws nothing.
template <typename F>
QString model_error(F&& f) {
  try {
    f();
  } catch (const ModelError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

const char* kTinyNet = R"(name: "tiny"
input: "data"
input_shape { dim: 4 dim: 2 dim: 8 dim: 6 }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
        convolution_param { num_output: 3 kernel_size: 3 } }
layer { name: "prob" type: "Softmax" bottom: "conv" top: "prob" }
)";

}  // namespace

class TestModels : public QObject {
  Q_OBJECT

 private slots:
  void catalogListsTheBuiltInModels();
  void costsAndShapes_data();
  void costsAndShapes();
  void metadata_data();
  void metadata();
  void resolveUnknownIdNamesIt();
  void resolveMissingFileNamesThePath();
  void resolveUserFile();
  void resolveBadFileNamesThePath();
  void resolveOnnxFileRunsWithItsOwnWeights();
  void resolveBadOnnxFileNamesThePath();
};

void TestModels::catalogListsTheBuiltInModels() {
  const ModelCatalog catalog = builtin_catalog();
  QStringList ids;
  for (const ModelInfo& m : catalog.all()) ids << QString::fromStdString(m.id);
  QCOMPARE(ids, (QStringList{"lenet", "alexnet", "googlenet", "squeezenet-1.0", "squeezenet-1.1",
                             "resnet-50", "mobilenet-v1", "lenet-fashion"}));
  QVERIFY(catalog.find("alexnet") != nullptr);
  QVERIFY(catalog.find("vgg-16") == nullptr);
}

void TestModels::costsAndShapes_data() {
  QTest::addColumn<QString>("id");
  QTest::addColumn<double>("macs_millions");    // per image, convolution + inner product
  QTest::addColumn<double>("params_millions");  // learned parameters
  QTest::addColumn<int>("classes");

  QTest::newRow("lenet") << "lenet" << 2.29 << 0.431 << 10;
  QTest::newRow("alexnet") << "alexnet" << 724.0 << 60.97 << 1000;
  QTest::newRow("googlenet") << "googlenet" << 1583.0 << 7.00 << 1000;
  QTest::newRow("squeezenet-1.0") << "squeezenet-1.0" << 861.0 << 1.248 << 1000;
  QTest::newRow("squeezenet-1.1") << "squeezenet-1.1" << 388.0 << 1.235 << 1000;
  QTest::newRow("resnet-50") << "resnet-50" << 3858.0 << 25.6 << 1000;
  QTest::newRow("mobilenet-v1") << "mobilenet-v1" << 569.0 << 4.25 << 1000;
}

void TestModels::costsAndShapes() {
  QFETCH(QString, id);
  QFETCH(double, macs_millions);
  QFETCH(double, params_millions);
  QFETCH(int, classes);

  const ModelCatalog catalog = builtin_catalog();
  const ModelInfo* model = catalog.find(id.toStdString());
  QVERIFY(model != nullptr);
  const NetDesc net = catalog.parse(*model);

  const Graph one(net, 1);
  const Graph three(net, 3);
  QVERIFY2(within_one_percent(one.total_macs() / 1e6, macs_millions),
           qPrintable(QString("MACs per image %1 M, expected %2 M").arg(one.total_macs() / 1e6).arg(macs_millions)));
  QVERIFY2(within_one_percent(one.total_params() / 1e6, params_millions),
           qPrintable(QString("params %1 M, expected %2 M").arg(one.total_params() / 1e6).arg(params_millions)));
  QCOMPARE(three.total_macs(), 3 * one.total_macs());
  QCOMPARE(three.total_params(), one.total_params());

  for (const Graph* g : {&one, &three}) {
    QCOMPARE(g->outputs().size(), std::size_t(1));
    const Graph::Value& out = g->values()[g->outputs().front()];
    QCOMPARE(QString::fromStdString(out.blob), QString("prob"));
    QCOMPARE(out.shape, (Shape{g->batch(), classes, 1, 1}));
    QCOMPARE(QString::fromStdString(g->nodes().back().desc.name), QString("prob"));
    QCOMPARE(g->nodes().back().desc.type, LayerType::Softmax);
  }
}

void TestModels::metadata_data() {
  QTest::addColumn<QString>("id");
  const ModelCatalog catalog = builtin_catalog();
  for (const ModelInfo& m : catalog.all())
    QTest::newRow(m.id.c_str()) << QString::fromStdString(m.id);
}

void TestModels::metadata() {
  QFETCH(QString, id);
  const ModelCatalog catalog = builtin_catalog();
  const ModelInfo* model = catalog.find(id.toStdString());
  QVERIFY(model != nullptr);
  QVERIFY(!model->name.empty());
  QVERIFY(!model->source.empty());
  QVERIFY(!model->accuracy_source.empty());
  // A prototxt compiled in, or a file with its own weights (lenet-fashion.onnx) that exists.
  QVERIFY(model->prototxt.empty() != model->file.empty());
  if (!model->file.empty()) QVERIFY(std::filesystem::is_regular_file(model->file));
  QVERIFY(model->top1 >= 0 && model->top1 <= 1);
  QVERIFY(model->top5 >= model->top1 && model->top5 <= 1);
  if (!id.startsWith("lenet")) QVERIFY(model->top1 > 0.5);  // ImageNet classifiers with published figures

  // The declared input is the prototxt's input, for one image.
  const NetDesc net = catalog.parse(*model);
  QCOMPARE(net.inputs.size(), std::size_t(1));
  Shape declared = net.inputs.front().shape;
  declared.n = 1;
  QCOMPARE(model->input, declared);

  // A catalog id resolves to the same entry.
  const ModelInfo resolved = catalog.resolve(model->id);
  QCOMPARE(resolved.name, model->name);
  QCOMPARE(resolved.prototxt, model->prototxt);
}

void TestModels::resolveUnknownIdNamesIt() {
  const ModelCatalog catalog = builtin_catalog();
  const QString message = model_error([&] { catalog.resolve("vgg-16"); });
  QVERIFY2(message.contains("unknown model 'vgg-16'"), qPrintable(message));
  QVERIFY2(message.contains("alexnet") && message.contains("mobilenet-v1"), qPrintable(message));
  QVERIFY2(message.contains(".prototxt"), qPrintable(message));
}

void TestModels::resolveMissingFileNamesThePath() {
  const ModelCatalog catalog = builtin_catalog();
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("absent.prototxt").toStdString();
  const QString message = model_error([&] { catalog.resolve(path); });
  QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
  QVERIFY2(message.contains("does not exist"), qPrintable(message));
}

void TestModels::resolveUserFile() {
  const ModelCatalog catalog = builtin_catalog();
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("tiny.prototxt").toStdString();
  std::ofstream(path) << kTinyNet;

  const ModelInfo model = catalog.resolve(path);
  QCOMPARE(model.id, path);
  QCOMPARE(model.name, std::string("tiny"));
  QCOMPARE(model.input, (Shape{1, 2, 8, 6}));
  QCOMPARE(model.prototxt, std::string(kTinyNet));
  const Graph graph(catalog.parse(model), 2);
  QCOMPARE(graph.values()[graph.outputs().front()].shape, (Shape{2, 3, 6, 4}));
}

void TestModels::resolveBadFileNamesThePath() {
  const ModelCatalog catalog = builtin_catalog();
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("broken.prototxt").toStdString();
  std::ofstream(path) << "name: \"broken\"\nlayer { name: \"x\" \n";
  const QString message = model_error([&] { catalog.resolve(path); });
  QVERIFY2(!message.isEmpty(), "a truncated prototxt is a ModelError");
  QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
}

// lenet-fashion's file through a path: read once, its own weights (not seeded ones) for every graph.
void TestModels::resolveOnnxFileRunsWithItsOwnWeights() {
  const ModelCatalog catalog = builtin_catalog();
  const std::string path = catalog.find("lenet-fashion")->file;
  const ModelInfo model = catalog.resolve(path);
  QCOMPARE(model.id, path);
  QCOMPARE(model.name, std::string("lenet-fashion"));
  QCOMPARE(model.input, (Shape{1, 1, 28, 28}));
  QVERIFY(model.imported != nullptr);
  QCOMPARE(catalog.resolve(path).imported.get(), model.imported.get());       // read once
  QCOMPARE(catalog.resolve("lenet-fashion").imported.get(), model.imported.get());  // by id too
  const Graph graph(catalog.parse(model), 3);
  const ModelWeights own = ModelCatalog::weights(model, graph, 1), again = ModelCatalog::weights(model, graph, 2);
  const ModelWeights seeded = generate_weights(graph, 1);
  QCOMPARE(graph.nodes().front().desc.type, LayerType::Convolution);
  const Tensor& w = own.front().blobs.at(0);
  QCOMPARE(w.shape(), (Shape{20, 1, 5, 5}));
  QCOMPARE(std::memcmp(w.data(), again.front().blobs.at(0).data(), w.bytes()), 0);  // the seed plays no part
  // A copy made for the session (its memory is tracked as a framework reading the file), not the cache's.
  const Tensor& cached = model.imported->weights.at(graph.nodes().front().desc.name).blobs.at(0);
  QVERIFY(w.data() != cached.data() && w.data() != again.front().blobs.at(0).data());
  QCOMPARE(std::memcmp(w.data(), cached.data(), w.bytes()), 0);
  QVERIFY(std::memcmp(w.data(), seeded.front().blobs.at(0).data(), w.bytes()) != 0);
}

void TestModels::resolveBadOnnxFileNamesThePath() {
  const ModelCatalog catalog = builtin_catalog();
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("cut.onnx").toStdString();
  std::ifstream whole(catalog.find("lenet-fashion")->file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(whole)), std::istreambuf_iterator<char>());
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  for (int attempt = 0; attempt < 2; ++attempt) {  // a failed read is not remembered as a model
    const QString message = model_error([&] { catalog.resolve(path); });
    QVERIFY2(message.contains(QString::fromStdString(path)) && message.contains("not an ONNX model"), qPrintable(message));
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;  // written again, whole: read again
  QCOMPARE(catalog.resolve(path).input, (Shape{1, 1, 28, 28}));
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, 100);  // and cut again: not the
  QVERIFY(!model_error([&] { catalog.resolve(path); }).isEmpty());               // model read before
}

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
