// Classifying a test set (core/bench/accuracy.h): the trained lenet-fashion on Fashion-MNIST's first
// images, the same classes whatever the batch (the last pass padded) and on each CPU library, the
// agreement arithmetic, and the mismatches that are one sentence.
#include <doctest/doctest.h>

#include <filesystem>

#include "backends/backend_registration.h"
#include "core/backend_registry.h"
#include "core/bench/accuracy.h"
#include "core/model/onnx/onnx_model.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

using namespace cnn;

// The registered libraries, the built-in models and the first 300 test images (none without the
// dataset, or in a build that reads no ONNX file: lenet-fashion is one).
struct TestAccuracy {
  BackendRegistry backends_;
  ModelCatalog catalog_;
  LabelledImages data_;
  const std::string missing_ = !std::filesystem::exists(kFashionMnistDir) ? "dataset-fashion-mnist is not installed"
                               : !onnx_available() ? "this build reads no ONNX files (lenet-fashion is one)"
                                                   : "";
  const bool have_data_ = missing_.empty();

  TestAccuracy() {
    register_backends(backends_);
    add_builtin_models(catalog_);
    if (!have_data_) return;
    data_ = load_fashion_mnist_test();
    data_.pixels.resize(std::size_t(300) * 28 * 28);  // the first 300 images
    data_.labels.resize(300);
  }
  // False, with a message, when the dataset is not installed.
  bool have_data() const {
    if (!have_data_) MESSAGE("skipped: " << missing_);
    return have_data_;
  }
  Classified run(const std::string& lib, int batch, const std::string& model = "lenet-fashion") {
    return classify(catalog_, PointSpec{model, lib, Precision::FP32, batch, GraphMode::Caffe, nullptr},
                    *backends_.find(lib), RunConfig{}, data_);
  }
};

TEST_CASE_FIXTURE(TestAccuracy, "classifiesTheTestImages") {
  if (!have_data()) return;
  const Classified by_7 = run("reference", 7);  // 42 full passes and one of 6 images
  CHECK(by_7.reading.dataset == std::string("fashion-mnist-test"));
  CHECK(by_7.reading.images == 300);
  CHECK(int(by_7.predicted.size()) == 300);
  CHECK(by_7.reading.top1() > 0.85);
  int correct = 0;
  for (int i = 0; i < 300; ++i) correct += by_7.predicted[std::size_t(i)] == data_.labels[std::size_t(i)];
  CHECK(by_7.reading.correct == correct);
  CHECK(run("reference", 300).predicted == by_7.predicted);  // padding changes nothing
  for (const char* lib : {"openblas", "onednn"})
    if (backends_.find(lib)) CHECK(agreement(run(lib, 64).predicted, by_7.predicted) == test::fuzzy(1.0));
}

TEST_CASE_FIXTURE(TestAccuracy, "agreementCountsSameClasses") {
  CHECK(agreement({1, 2, 3, 4}, {1, 2, 0, 4}) == test::fuzzy(0.75));
  CHECK(agreement({}, {}) == test::fuzzy(1.0));
}

TEST_CASE_FIXTURE(TestAccuracy, "mismatchesAreOneSentence") {
  if (!have_data()) return;
  try {
    run("reference", 4, "alexnet");
    FAIL("no ModelError");
  } catch (const ModelError& e) {
    CHECK_MESSAGE(test::contains(e.what(), "takes 3x227x227 images; the images of fashion-mnist-test are 1x28x28"),
                  e.what());
  }
  data_.labels[0] = 12;  // a class the model does not score
  try {
    run("reference", 4);
    FAIL("no ModelError");
  } catch (const ModelError& e) {
    CHECK_MESSAGE(test::contains(e.what(), "scores 10 classes; the labels of fashion-mnist-test go up to 12"),
                  e.what());
  }
}
