// Classifying a test set (core/bench/accuracy.h): the trained lenet-fashion on Fashion-MNIST's first
// images, the same classes whatever the batch (the last pass padded) and on each CPU library, the
// agreement arithmetic, and the mismatches that are one sentence.
#include <QtTest>

#include "backends/backend_registration.h"
#include "core/backend_registry.h"
#include "core/bench/accuracy.h"
#include "models/builtin_models.h"

using namespace cnn;

class TestAccuracy : public QObject {
  Q_OBJECT
  BackendRegistry backends_;
  ModelCatalog catalog_;
  LabelledImages data_;

  Classified run(const std::string& lib, int batch, const std::string& model = "lenet-fashion") {
    return classify(catalog_, PointSpec{model, lib, Precision::FP32, batch, GraphMode::Caffe, nullptr},
                    *backends_.find(lib), RunConfig{}, data_);
  }

 private slots:
  void initTestCase() {
    register_backends(backends_);
    add_builtin_models(catalog_);
    if (!std::filesystem::exists(kFashionMnistDir)) QSKIP("dataset-fashion-mnist is not installed");
    data_ = load_fashion_mnist_test();
    data_.pixels.resize(std::size_t(300) * 28 * 28);  // the first 300 images
    data_.labels.resize(300);
  }

  void classifiesTheTestImages() {
    const Classified by_7 = run("reference", 7);  // 42 full passes and one of 6 images
    QCOMPARE(by_7.reading.dataset, std::string("fashion-mnist-test"));
    QCOMPARE(by_7.reading.images, 300);
    QCOMPARE(int(by_7.predicted.size()), 300);
    QVERIFY2(by_7.reading.top1() > 0.85, qPrintable(QString::number(by_7.reading.top1())));
    int correct = 0;
    for (int i = 0; i < 300; ++i) correct += by_7.predicted[std::size_t(i)] == data_.labels[std::size_t(i)];
    QCOMPARE(by_7.reading.correct, correct);
    QCOMPARE(run("reference", 300).predicted, by_7.predicted);  // padding changes nothing
    for (const char* lib : {"openblas", "onednn"})
      if (backends_.find(lib)) QCOMPARE(agreement(run(lib, 64).predicted, by_7.predicted), 1.0);
  }

  void agreementCountsSameClasses() {
    QCOMPARE(agreement({1, 2, 3, 4}, {1, 2, 0, 4}), 0.75);
    QCOMPARE(agreement({}, {}), 1.0);
  }

  void mismatchesAreOneSentence() {
    try {
      run("reference", 4, "alexnet");
      QFAIL("no ModelError");
    } catch (const ModelError& e) {
      QVERIFY2(QString(e.what()).contains("takes 3x227x227 images; the images of fashion-mnist-test are 1x28x28"), e.what());
    }
    data_.labels[0] = 12;  // a class the model does not score
    try {
      run("reference", 4);
      QFAIL("no ModelError");
    } catch (const ModelError& e) {
      QVERIFY2(QString(e.what()).contains("scores 10 classes; the labels of fashion-mnist-test go up to 12"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestAccuracy)
#include "test_accuracy.moc"
